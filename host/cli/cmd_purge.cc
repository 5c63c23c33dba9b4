// `oversight purge --db FILE [--dry-run] [--config FILE] [-D retention.months=N]`:
// deletes now what is past the retention period (state/retention.h), as the weekly job
// does each week; with --dry-run only says what would go. A purge goes in the audit trail.
#include <iostream>

#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/locations.h"
#include "state/audit_trail.h"
#include "state/retention.h"
#include "state/state_store.h"

namespace oversight {

namespace {

void Print(const RetentionReport& r, bool dry_run) {
  auto oldest = [](const std::string& day) { return day.empty() ? std::string("-") : day; };
  std::cout << (dry_run ? "would delete" : "deleted") << ", from before " << r.cutoff << ":\n"
            << "kind\tcount\toldest\n"
            << "sent messages\t" << r.messages << "\t" << oldest(r.oldest_message) << "\n"
            << "run exception records\t" << r.exceptions << "\t" << oldest(r.oldest_exception) << "\n";
}

}  // namespace

int CmdPurge(int argc, char** argv) {
  const CommandLine line = ReadCommandLine(Command("purge"), argc, argv);
  if (!line.args) return line.exit_status;
  const Args& args = *line.args;
  auto config = Config::Load(args.GetOr("config", ShippedConfigFile()), args.overrides(), !args.Has("config"));
  auto months = config.ok() ? RetentionMonths(*config) : Result<int>(config.status());
  if (!months.ok()) {
    std::cerr << "oversight purge: " << months.status().message() << "\n";
    return 2;
  }
  auto state = StateStore::Open(*args.Get("db"));
  if (!state.ok()) {
    std::cerr << "oversight purge: " << state.status().message() << "\n";
    return 2;
  }
  const Day cutoff = RetentionCutoff(Today(), *months);
  const bool dry_run = args.Has("dry-run");
  auto report = dry_run ? ExpiredRecords(state->db(), cutoff) : PurgeExpired(state->db(), cutoff);
  if (!report.ok()) {
    std::cerr << "oversight purge: " << report.status().message() << "\n";
    return 1;
  }
  Print(*report, dry_run);
  if (dry_run) return 0;
  if (Status s = RecordAudit(state->db(), {CliActor(), audit::kPurge, DescribeRetention(*report)}); !s.ok()) {
    std::cerr << "oversight purge: deleted, but not recorded: " << s.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace oversight
