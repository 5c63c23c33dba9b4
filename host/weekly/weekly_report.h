// What one weekly email says, before it is words: the recipient's exceptions grouped
// by worker, what changed since last week, the rules they break, the policy in force and
// why it reached them. Built by the weekly job (week_reports.h), turned into one
// EmailDoc and so into text and HTML by the composers (manager_email.h, service_emails.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "state/state_store.h"
#include "weekly/dashboard_links.h"

namespace oversight {

struct ExceptionLine {
  RecordedException e;
  int weeks_open = 1;  // 1: first reported this week
};

// The policy the week was checked against, for the footer: "Policy in force since 3 Mar
// 2024, approved by Ann Example". Filled by PolicyInForceFor (weekly_job.cc).
struct PolicyInForce {
  std::string since;        // YYYY-MM-DD; empty: not known
  std::string approved_by;  // empty: not known, and the footer says nothing about it
};

// Staff names by worker id, so that emails name people: "Sam Patel (W0012)".
struct StaffNames {
  std::map<std::string, std::string> names;
  std::string Of(const std::string& worker_id) const {
    auto n = names.find(worker_id);
    return n == names.end() || n->second.empty() ? worker_id : n->second + " (" + worker_id + ")";
  }
};

// One worker's items in a manager's email.
struct WorkerItems {
  std::string worker_id;
  std::vector<ExceptionLine> lines;  // breaches first; this week's new first; most overdue first
  int breaches = 0, warnings = 0;
  int64_t most_days_overdue = -1;
};

// A rule in plain words, as its plugin declares it.
struct RuleText {
  std::string title, text;
};

struct ManagerReport {
  std::string address, name;        // where it goes
  std::string recipient_id;         // empty: the fallback address (unrouted exceptions)
  std::string team_id;              // the team the items are about, when there is one
  std::string team_label;           // "Family Safeguarding 1 (T01)"
  std::string week_label;           // "26 Feb 2024"
  std::string as_of, imported_at, policy_version;
  PolicyInForce policy;
  DashboardLinks links;
  size_t rows_before_summary = 25;  // mail.rows_before_summary: later items are summarised
  StaffNames staff;
  std::vector<WorkerItems> workers;  // most breaches first, then the most overdue
  std::vector<RuleText> rules;       // of the items here: each policy's breaches' rules first
  std::vector<RecordedException> resolved;  // last week's, gone this week
  // What an email calls each item: "policy\x1fcode" -> "Title: label", from what the
  // plugins declare (their codes); a code no plugin declares is shown as it is.
  std::map<std::string, std::string> labels;
  std::string Label(const RecordedException& e) const {
    auto l = labels.find(e.policy + "\x1f" + e.code);
    return l == labels.end() ? e.policy + ": " + e.code : l->second;
  }
  std::vector<std::string> notes;           // e.g. "You are covering for ..."
  std::vector<std::string> failed_policies;  // could not run: their items are unchecked
  int breaches = 0, warnings = 0, new_items = 0, still_open = 0;
};

}  // namespace oversight
