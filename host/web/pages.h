// The dashboard's HTML pages, rendered on the server, in the GOV.UK Design System's
// classes and without JavaScript. Children appear only as case ids.
#pragma once

#include <string>
#include <vector>

#include "web/team_view.h"
#include "web/users.h"

namespace oversight {

std::string SignInPage(const std::string& csrf, const std::string& error);
std::string HomePage(const User& user, const std::string& csrf, const DashboardData& d,
                     const std::vector<const Team*>& teams);
std::string TeamPage(const User& user, const std::string& csrf, const DashboardData& d, const Team& t,
                     const std::string& policy_filter);
// The planner for one team: who is best placed for a new case of a type, and the moves
// that would bring the team within cap.
std::string PlanPage(const User& user, const std::string& csrf, const DashboardData& d, const Team& t,
                     const std::string& case_type);
std::string ErrorPage(int status, const std::string& message);

}  // namespace oversight
