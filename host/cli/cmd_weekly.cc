// `oversight weekly --db FILE [--as-of D] [--outbox DIR] [--config FILE] [-D k=v]`:
// the weekly job. Exit 0 when every message was delivered (or was already); 1 when some
// must wait for a retry or were refused (each named on stderr); 2 when it cannot run;
// 3 when a plugin failed (the emails say so).
#include <iostream>

#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/extract_age.h"
#include "cli/run_options.h"
#include "cli/weekly_audit.h"
#include "state/audit_trail.h"
#include "weekly/weekly_job.h"

namespace oversight {

int CmdWeekly(int argc, char** argv) {
  const CommandLine line = ReadCommandLine(Command("weekly"), argc, argv);
  if (!line.args) return line.exit_status;
  const Args* args = &*line.args;
  auto setup = SetupFrom(*args);
  if (!setup.ok()) {
    std::cerr << "oversight weekly: " << setup.status().message() << "\n";
    return 2;
  }
  NoteStaleExtract(*setup, *args, "weekly");
  WeeklyOptions options{setup->run, setup->config, args->Get("outbox"), false};
  auto result = RunWeekly(options);
  AuditWeeklyRun(setup->run.snapshot_path, CliActor(), result);
  if (!result.ok()) {
    std::cerr << "oversight weekly: " << result.status().message() << "\n";
    return 2;
  }
  for (const auto& f : result->failed_plugins) std::cerr << "plugin " << f << "\n";
  if (result->stale) std::cerr << "oversight weekly: stale data: " << result->stale_message << "\n";
  for (const auto& p : result->delivery.problems) std::cerr << "oversight weekly: " << p << "\n";
  std::cerr << "week of " << result->week << ": " << result->queued << " new messages queued, "
            << result->already_queued << " already queued earlier; " << result->delivery.delivered
            << (options.outbox_dir ? " written to " + *options.outbox_dir : std::string(" delivered")) << ", "
            << result->delivery.retry_later << " waiting to retry, " << result->delivery.rejected << " refused\n";
  if (!result->failed_plugins.empty()) return 3;
  return result->delivery.retry_later + result->delivery.rejected > 0 ? 1 : 0;
}

}  // namespace oversight
