// oversight: the command-line entry point. Dispatches to a subcommand.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/huge_page_heap.h"
#include "policy/plugin_process.h"

int main(int argc, char** argv) {
  oversight::UseHugePageHeap(argv);
  if (argc < 2) {
    std::cerr << oversight::ProgramUsage();
    return 2;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << oversight::ProgramUsage();
    return 0;
  }
  if (command == "--version") {
    std::cout << "oversight " << oversight::Version() << "\n";
    return 0;
  }
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
  if (command == "backup") return oversight::CmdBackup(argc - 2, argv + 2);
  if (command == "restore") return oversight::CmdRestore(argc - 2, argv + 2);
  if (command == "purge") return oversight::CmdPurge(argc - 2, argv + 2);
  std::cerr << "oversight: unknown command '" << command << "'\n\n" << oversight::ProgramUsage();
  return 2;
}
