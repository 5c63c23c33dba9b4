// oversight: the command-line entry point. Dispatches to a subcommand.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.h"
#include "policy/plugin_process.h"

namespace {
const char* kUsage =
    "usage: oversight COMMAND [options]\n"
    "\n"
    "  import   --db FILE [--from native|ssd] DIR     load a council's CSV extract (or SSD export)\n"
    "  check    --db FILE [--as-of DATE] [--format table|jsonl] [--plugins DIR] [--config FILE]\n"
    "                                                 list every exception on a day\n"
    "  measures --db FILE [--as-of DATE] [--format json|table]\n"
    "                                                 compliance and caseload figures\n"
    "  weekly   --db FILE [--as-of DATE] [--outbox DIR] [--config FILE] [-D key=value]\n"
    "                                                 queue and send the week's emails\n"
    "  serve    --db FILE [--listen HOST:PORT]        the dashboard; the weekly job on schedule\n"
    "  policy check [--plugins DIR] [--policy-settings FILE]\n"
    "                                                 validate plugins and settings\n"
    "  policy test  [--plugins DIR] [--policy-settings FILE] [--filter TEXT]\n"
    "                                                 run the plugins' own test cases\n"
    "  whatif   --db FILE --plugins DRAFT_DIR [--policy-settings DRAFT] [--as-of DATE]\n"
    "                                                 what a draft policy set would change\n"
    "  history  --db FILE                             past runs and their policy versions\n"
    "  plan new-case --db FILE (--team T | --service S) --case-type CP\n"
    "  plan rebalance --db FILE --team T              moves that bring a team within cap\n"
    "  plan iro --db FILE                             IRO FTE needed against the FTE there is\n"
    "  user add --db FILE --username U --role admin|hr|manager [--worker-id W]   (password on stdin)\n"
    "  user remove --db FILE --username U             user list --db FILE\n"
    "\n"
    "Dates are YYYY-MM-DD; without --as-of the day is today.\n";
}

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  // Not for people: a plugin's own process, started by a threaded host (serve).
  if (command == oversight::kPluginProcessCommand) return oversight::RunPluginProcess(argc - 2, argv + 2);
  if (command == "import") return oversight::CmdImport(argc - 2, argv + 2);
  if (command == "check") return oversight::CmdCheck(argc - 2, argv + 2);
  if (command == "measures") return oversight::CmdMeasures(argc - 2, argv + 2);
  if (command == "weekly") return oversight::CmdWeekly(argc - 2, argv + 2);
  if (command == "serve") return oversight::CmdServe(argc - 2, argv + 2);
  if (command == "policy") return oversight::CmdPolicy(argc - 2, argv + 2);
  if (command == "whatif") return oversight::CmdWhatIf(argc - 2, argv + 2);
  if (command == "history") return oversight::CmdHistory(argc - 2, argv + 2);
  if (command == "plan") return oversight::CmdPlan(argc - 2, argv + 2);
  if (command == "user") return oversight::CmdUser(argc - 2, argv + 2);
  std::fprintf(stderr, "oversight: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
