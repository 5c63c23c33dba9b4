// The dashboard's HTML pages, rendered on the server, in the GOV.UK Design System's
// classes and without JavaScript. Children appear only as case ids.
#pragma once

#include <string>
#include <vector>

#include "state/state_store.h"
#include "web/exception_list.h"
#include "web/team_view.h"
#include "web/users.h"

namespace oversight {

// The password form (when `passwords`), and a button to sign in with the council's
// account (single sign-on) when `sso_button` is set.
std::string SignInPage(const std::string& csrf, const std::string& error, const std::string& sso_button = "",
                       bool passwords = true);
// After single sign-on: on to the dashboard.
std::string SignedInPage();
// Caseload balance by team and service, and each team's change since last week (`trend`:
// the recorded weeks of the teams shown).
std::string HomePage(const User& user, const std::string& csrf, const DashboardData& d,
                     const std::vector<const Team*>& teams, const std::vector<RecordedTeamMeasures>& trend,
                     const ComplianceTargets& targets);
// The exceptions in the teams the user may see, filtered, the most days late first.
std::string ExceptionsPage(const User& user, const std::string& csrf, const DashboardData& d,
                           const std::vector<const Team*>& teams, const ExceptionFilter& filter);
// One worker: their cases, supervision dates by kind, open exceptions, and (`absences`
// set: only for those in their management line) their absences.
struct WorkerView {
  const Worker* worker = nullptr;
  std::vector<std::pair<std::string, std::string>> supervisions;  // (ISO date, kind), newest first
  bool show_absences = false;
};
std::string WorkerPage(const User& user, const std::string& csrf, const DashboardData& d, const WorkerView& view);
std::string TeamPage(const User& user, const std::string& csrf, const DashboardData& d, const Team& t,
                     const ExceptionFilter& filter);
// The planner for one team: who is best placed for a new case of a type, and the moves
// that would bring the team within cap.
std::string PlanPage(const User& user, const std::string& csrf, const DashboardData& d, const Team& t,
                     const std::string& case_type);
// Compliance week by week for the teams the user may see, from the weekly runs' figures.
std::string TrendsPage(const User& user, const std::string& csrf, const std::vector<RecordedTeamMeasures>& rows,
                       const std::vector<const Team*>& teams, const ComplianceTargets& targets);
// IRO caseloads against the range, for the IROs in the teams the user may see.
std::string IroPage(const User& user, const std::string& csrf, const DashboardData& d,
                    const std::vector<const Team*>& teams);
// What HR is trying on the what-if page: draft settings and, optionally, a draft of one plugin.
struct WhatIfForm {
  std::string settings;               // the draft settings (at first: the settings in force)
  std::vector<std::string> plugins;   // the plugins there are, by name
  std::string plugin, plugin_source;  // the plugin being drafted, if any, and its draft
  std::string result;                 // what the draft changes, once run
  std::vector<std::string> problems;  // what `policy check` finds in the draft (then nothing runs)
  bool ran = false;                   // the draft ran: it may be proposed (policy_pages.h)
};
// For HR and admins: a draft of the policy settings or a plugin to try, and what it would change.
std::string WhatIfPage(const User& user, const std::string& csrf, const WhatIfForm& form);
// For admins: the users, and a form to add one.
std::string UsersPage(const User& user, const std::string& csrf, const std::vector<User>& users,
                      const std::string& message);
std::string ErrorPage(int status, const std::string& message);

}  // namespace oversight
