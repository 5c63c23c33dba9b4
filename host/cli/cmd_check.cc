// `oversight check`: every exception on a day, as JSON lines or a table. Exit 0; 3 when
// a plugin failed (the others' exceptions are still printed); 2 when it cannot run.
#include <iostream>

#include "checks/check_run.h"
#include "checks/exception_format.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/run_options.h"

namespace oversight {

int CmdCheck(int argc, char** argv) {
  auto args = Args::Parse(argc, argv);
  if (!args.ok()) {
    std::cerr << "oversight check: " << args.status().message() << "\n";
    return 2;
  }
  auto setup = SetupFrom(*args);
  if (!setup.ok()) {
    std::cerr << "oversight check: " << setup.status().message() << "\n";
    return 2;
  }
  const std::string format = args->GetOr("format", "table");
  if (format != "table" && format != "jsonl") {
    std::cerr << "oversight check: --format is table or jsonl, not '" << format << "'\n";
    return 2;
  }
  auto run = RunChecks(setup->run);
  if (!run.ok()) {
    std::cerr << "oversight check: " << run.status().message() << "\n";
    return 2;
  }
  for (const auto& p : run->plugins) {
    if (p.state == PluginOutcome::State::kFailed) {
      std::cerr << "plugin " << p.name << " failed: " << p.reason << "\n";
    }
  }
  if (format == "jsonl") {
    WriteJsonl(std::cout, run->org, run->exceptions);
  } else {
    std::cout << "Exceptions as of " << FormatDate(setup->run.as_of) << "\n\n";
    WriteTable(std::cout, run->org, run->exceptions);
  }
  std::cout.flush();
  return run->any_failed() ? 3 : 0;
}

}  // namespace oversight
