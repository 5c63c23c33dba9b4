// The emails for heads of service and service managers: the weekly digest of their
// part of the tree (each team's counts and change since last week, worst first;
// compliance, IRO caseloads, ASYE workers with open items, the longest-standing
// exceptions), one EmailDoc rendered to text and HTML; and the stale-data warning sent
// instead of exceptions when the extract is too old to trust.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mail/message.h"
#include "weekly/weekly_report.h"

namespace oversight {

struct DigestTeamRow {
  std::string team_id, name;
  int breaches = 0, warnings = 0;
  std::optional<int> breaches_last_week;  // none: no run last week to compare with
  std::optional<double> case_supervision_pct, wellbeing_pct;
  // Nothing to say: no items this week or last, no figures.
  bool empty() const {
    return !breaches && !warnings && !breaches_last_week.value_or(0) && !case_supervision_pct && !wellbeing_pct;
  }
};

struct DigestReport {
  std::string address, name, week_label, as_of, imported_at, policy_version;
  PolicyInForce policy;
  DashboardLinks links;
  StaffNames staff;
  int team_count = 0;                     // teams in their part of the tree
  std::vector<DigestTeamRow> teams;       // worst first, none empty
  int iros = 0, iro_highest = 0;
  std::optional<double> iro_average_per_fte;
  double iro_min = 0, iro_max = 0;
  std::vector<std::pair<std::string, int>> asye_workers;  // worker id, open ASYE exceptions (never 0)
  std::vector<ExceptionLine> longest;                     // longest-standing first
  std::vector<std::string> failed_policies;               // could not run this week
};

MailContent ComposeDigest(const DigestReport& r, const std::string& from);

struct StaleWarning {
  std::string address, name, week_label, as_of, imported_at;
  int days_old = 0, stale_after_days = 0;
};

MailContent ComposeStaleWarning(const StaleWarning& w, const std::string& from);

}  // namespace oversight
