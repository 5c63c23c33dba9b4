// PolicyException: one exception a plugin reported, after the host has routed it
// (the record of policies.md, "Exception record").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "store/organisation.h"

namespace oversight {

struct PolicyException {
  std::string policy, code, severity;  // severity: "breach" or "warning"
  WorkerKey worker = 0;                // the subject
  std::optional<std::string> case_id;
  std::optional<Day> due_date;
  std::optional<int64_t> days_overdue;
  std::optional<double> value, limit;
  std::string message;
  std::optional<WorkerKey> recipient;  // nothing: unrouted, for the fallback address
};

// Sorts as cli.md orders jsonl output: recipient_id, policy, worker_id, case_id, code,
// byte order, a null before any value.
void SortForOutput(const Organisation& org, std::vector<PolicyException>* exceptions);

}  // namespace oversight
