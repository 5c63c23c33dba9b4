// What one weekly email says, before it is words: the recipient's exceptions grouped
// by policy, what changed since last week, and why it reached them. Built by the
// weekly job, turned into text and HTML by the composers (manager_email.h, service_emails.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "state/state_store.h"

namespace oversight {

struct ExceptionLine {
  RecordedException e;
  int weeks_open = 1;  // 1: first reported this week
};

struct PolicySection {
  std::string policy, title;
  std::map<std::string, std::string> rules;  // code -> the rule in plain words
  std::vector<ExceptionLine> lines;          // most overdue first
};

struct ManagerReport {
  std::string address, name;        // where it goes
  std::string recipient_id;         // empty: the fallback address (unrouted exceptions)
  std::string team_label;           // "Family Safeguarding 1 (T01)"
  std::string week_label;           // "26 Feb 2024"
  std::string as_of, imported_at, policy_version;
  std::vector<PolicySection> sections;
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
