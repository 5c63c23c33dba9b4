// The dashboard's tables, built from the day's data for the teams a user may see. Each is
// shown on its page and served as CSV and JSON from the same DataTable (data_table.h).
// Who may see which teams is decided before these are called (access.h).
#pragma once

#include <vector>

#include "checks/planner.h"
#include "state/state_store.h"
#include "web/data_table.h"
#include "web/team_view.h"
#include "web/users.h"

namespace oversight {

// Caseload balance per team: weighted caseload against the capacity of those at work.
DataTable TeamsTable(const DashboardData& d, const std::vector<const Team*>& teams);
// The same summed by service.
DataTable ServicesTable(const DashboardData& d, const std::vector<const Team*>& teams);
// Each IRO in those teams: the children they review against the guidance range.
DataTable IroTable(const DashboardData& d, const std::vector<const Team*>& teams);
// Compliance by week and team, from the weekly runs' recorded figures (oldest first).
DataTable TrendsTable(const std::vector<RecordedTeamMeasures>& rows);
// Past runs and the policy version each used.
DataTable RunsTable(const std::vector<RunRecord>& runs);
// Who can sign in (never a password hash).
DataTable UsersTable(const std::vector<User>& users);
// The planner's proposed moves within a team.
DataTable MovesTable(const Organisation& org, const RebalancePlan& plan);

}  // namespace oversight
