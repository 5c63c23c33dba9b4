// Retention (UK GDPR storage limitation): the state store's records that hold case ids
// are deleted once they are older than retention.months (24 by default): messages in the
// outbox that are finished (sent, written to a folder or refused; never one still
// pending), and the exception records of past runs. The runs themselves, with their
// counts and policy versions, and the teams' recorded measures stay: they hold no case
// ids, and the 12-week trend reads them. The audit trail is not touched.
#pragma once

#include <cstdint>
#include <string>

#include "common/config.h"
#include "common/date.h"
#include "common/status.h"
#include "store/sqlite.h"

namespace oversight {

// What is (or was) past the period.
struct RetentionReport {
  std::string cutoff;                 // records from before this day (YYYY-MM-DD) go
  int64_t messages = 0;               // finished outbox messages
  int64_t exceptions = 0, runs = 0;   // exception records, and the runs they belong to
  std::string oldest_message, oldest_exception;  // the day of the oldest of each; "" for none
};

// retention.months from the settings: 24 when not set; a whole number of at least 1.
Result<int> RetentionMonths(const Config& config);
// The day `months` months before `today` (the same day of the month, or its last day).
Day RetentionCutoff(Day today, int months);

// What is older than `cutoff` in the state store (StateStore::db()), deleting nothing.
Result<RetentionReport> ExpiredRecords(Database& state, Day cutoff);
// Deletes it, in one transaction, overwriting the deleted content (secure_delete).
Result<RetentionReport> PurgeExpired(Database& state, Day cutoff);

// The weekly job's call: purges what is past retention.months today, and when anything
// went, records it in the audit trail as done by the system.
Status ApplyRetention(Database& state, const Config& config);

// "3 sent messages (oldest 2024-01-08) and 40 exception records of 2 runs (oldest
// 2024-01-01)": for the audit trail and `oversight purge`.
std::string DescribeRetention(const RetentionReport& r);

}  // namespace oversight
