// RunWeekly: the weekly job. Runs the checks for the ISO week holding the as-of day,
// builds one email per recipient (and the digests), stores them in the outbox before
// anything is sent, records the run, then delivers the outbox. A run that stops before
// it is recorded is not done: running it again for the same week queues what is
// missing and nothing twice (each address gets one message of each kind a week).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "mail/outbox_delivery.h"
#include "policy/plugin_run.h"

namespace oversight {

struct WeeklyOptions {
  PolicyRunOptions run;
  Config config;
  std::optional<std::string> outbox_dir;  // write .eml files instead of sending
  bool respect_backoff = false;           // the scheduler's way; a run by hand tries all
};

struct WeeklyResult {
  std::string week;                       // its Monday
  bool stale = false;
  std::string stale_message;
  int queued = 0, already_queued = 0;
  std::vector<std::string> failed_plugins;  // "name: reason"
  DeliveryReport delivery;
};

Result<WeeklyResult> RunWeekly(const WeeklyOptions& options);

// Delivers what is pending without running the checks (the scheduler between runs).
Result<DeliveryReport> DeliverPending(const WeeklyOptions& options);

}  // namespace oversight
