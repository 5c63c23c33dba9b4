// `oversight check`: every exception on a day, as JSON lines or a table. Exit 0; 3 when
// a plugin failed (the others' exceptions are still printed); 2 when it cannot run.
#include <iostream>

#include "checks/check_run.h"
#include "checks/exception_format.h"
#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/extract_age.h"
#include "cli/run_options.h"
#include "policy/policy_version.h"
#include "state/state_store.h"

namespace oversight {

namespace {

// Every run leaves a line in the history: when, on which day, with which policy version.
void RecordCheck(const PolicyRunOptions& options, const CheckRun& run) {
  auto version = PolicyVersion(options);
  auto state = StateStore::Open(options.snapshot_path);
  if (!version.ok() || !state.ok()) {
    std::cerr << "oversight check: the run was not recorded in the history: "
              << (version.ok() ? state.status() : version.status()).message() << "\n";
    return;
  }
  RunRecord r;
  r.kind = "check";
  r.as_of = FormatDate(options.as_of);
  r.week = FormatDate(WeekStart(options.as_of));
  r.policy_version = *version;
  r.exceptions = static_cast<int64_t>(run.exceptions.size());
  for (const auto& p : run.plugins) {
    if (p.state == PluginOutcome::State::kFailed) r.failed_plugins += (r.failed_plugins.empty() ? "" : ",") + p.name;
  }
  if (auto id = state->RecordRun(r, nullptr); !id.ok()) {
    std::cerr << "oversight check: the run was not recorded in the history: " << id.status().message() << "\n";
  }
}

}  // namespace

int CmdCheck(int argc, char** argv) {
  const CommandLine line = ReadCommandLine(Command("check"), argc, argv);
  if (!line.args) return line.exit_status;
  const Args* args = &*line.args;
  auto setup = SetupFrom(*args);
  if (!setup.ok()) {
    std::cerr << "oversight check: " << setup.status().message() << "\n";
    return 2;
  }
  const std::string format = args->GetOr("format", "table");
  NoteStaleExtract(*setup, *args, "check");
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
  RecordCheck(setup->run, *run);
  return run->any_failed() ? 3 : 0;
}

}  // namespace oversight
