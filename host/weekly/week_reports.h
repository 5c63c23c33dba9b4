// WeekContext and what the weekly job builds from it: the record of the week (with
// when each item was first seen), and each recipient's report and each digest, ready for
// the composers. No SMTP, no outbox: weekly_job.cc does those.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "checks/caseload.h"
#include "checks/check_run.h"
#include "checks/measures.h"
#include "state/state_store.h"
#include "weekly/service_emails.h"
#include "weekly/weekly_job.h"
#include "weekly/weekly_report.h"

namespace oversight {

// Where each item of the week is, by whom it goes to, whom it is about and which team, so
// that each report reads only its own items (a national run has ~3,000 recipients).
struct RecordIndex {
  std::map<std::string, std::vector<size_t>> current_for, previous_for;  // by recipient id ("": fallback)
  std::map<std::string, std::vector<size_t>> current_of;                 // by subject worker id
  std::map<WorkerKey, std::vector<size_t>> checked_for;                  // run.exceptions by recipient
  std::set<std::string> current_keys;                                    // ItemKey of every current item
  std::map<int64_t, int> breaches, warnings, breaches_last_week;         // checked items, by team key
};

// Everything one week's run knows while it builds its emails.
struct WeekContext {
  const WeeklyOptions& options;
  const CheckRun& run;
  std::string week, week_label, as_of, imported_at, policy_version, from;
  std::vector<RecordedException> current;      // this week's record
  std::vector<RecordedException> previous;     // last week's
  std::set<std::string> failed;                // policies that could not run
  std::map<std::string, const PluginOutcome*> plugins;
  bool has_previous = false;                   // a run of an earlier week exists
  DashboardLinks links;                        // dashboard.url
  size_t rows_before_summary = 25;             // mail.rows_before_summary
  PolicyInForce policy;                        // for the footers
  RecordIndex index;                           // of current and previous: BuildRecord makes it
};

// This week's exceptions as recorded, with when each was first seen; last week's
// items of a policy that could not run are carried over, marked unchecked, routed anew.
// Then the index of the record (c->previous must be set first).
void BuildRecord(WeekContext* c);
// The week-to-week identity of an exception (see RecordedException::Key).
std::string ItemKey(const WeekContext& c, const RecordedException& e);
// The report for one recipient (a worker id; empty: the fallback address).
ManagerReport BuildManagerReport(const WeekContext& c, const std::string& recipient_id);
// The digest for a head of service or service manager: their part of the tree.
DigestReport BuildDigest(const WeekContext& c, const Worker& head, const Measures& measures,
                         const CaseloadSettings& settings, const IroCaseloads& iro_cases);

}  // namespace oversight
