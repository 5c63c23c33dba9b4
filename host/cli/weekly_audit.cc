// What the audit trail says of a weekly run.
#include "cli/weekly_audit.h"

#include <iostream>

#include "state/audit_trail.h"
#include "state/state_store.h"

namespace oversight {

namespace {

std::string Detail(const Result<WeeklyResult>& result) {
  if (!result.ok()) return "could not run";  // the reason may quote data: it is on stderr, not here
  const WeeklyResult& r = *result;
  std::string d = "week of " + r.week + (r.stale ? " (stale data: warnings only)" : "") + ": " +
                  std::to_string(r.queued) + " queued, " + std::to_string(r.delivery.delivered) + " delivered, " +
                  std::to_string(r.delivery.retry_later) + " waiting to retry, " +
                  std::to_string(r.delivery.rejected) + " refused";
  if (!r.failed_plugins.empty()) d += "; " + std::to_string(r.failed_plugins.size()) + " plugins failed";
  return d;
}

}  // namespace

void AuditWeeklyRun(const std::string& snapshot_path, const std::string& who, const Result<WeeklyResult>& result) {
  auto state = StateStore::Open(snapshot_path);
  Status s = state.ok() ? RecordAudit(state->db(), {who, audit::kWeeklyRun, Detail(result)}) : state.status();
  if (!s.ok()) std::cerr << "oversight: the weekly run is not in the audit trail: " << s.message() << "\n";
}

}  // namespace oversight
