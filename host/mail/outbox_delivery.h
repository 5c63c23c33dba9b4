// DeliverOutbox: sends what the outbox holds and records each outcome: delivered,
// rejected for good (kept, reported), or left pending with a backoff for a later try.
// Or, with a folder, writes each message there as an .eml file of its own instead of
// sending (named by week, kind, outbox id and address, at most ~100 bytes; never over
// another file). A message whose address is not valid is refused for good, either way.
#pragma once

#include <string>
#include <vector>

#include "mail/smtp.h"
#include "state/state_store.h"

namespace oversight {

struct DeliveryReport {
  int delivered = 0, retry_later = 0, rejected = 0;
  std::vector<std::string> problems;  // one line each, naming the address
};

// `respect_backoff`: the scheduler waits out each message's backoff; a run by hand
// tries everything pending at once.
DeliveryReport DeliverBySmtp(StateStore* state, const SmtpSettings& smtp, const std::string& from,
                             int64_t now, bool respect_backoff);
DeliveryReport WriteToFolder(StateStore* state, const std::string& dir);

// What the operator is told when the `kind` email to `recipient` (a worker id, or
// "fallback") is not sent because its address is not sendable (IsSendableAddress).
std::string UnsendableAddressProblem(const std::string& kind, const std::string& recipient);

// The wait before the next try after `attempts` failures: 1, 2, 4 ... minutes, at most 6 hours.
int64_t BackoffSeconds(int attempts);

}  // namespace oversight
