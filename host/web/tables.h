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

namespace oversight {

// Each team's share of cases and of workers supervised in time in the latest week of
// `rows`, its change since the week before, and where it stands against the targets; the
// team that got most worse first.
DataTable ChangesTable(const std::vector<RecordedTeamMeasures>& rows, const std::vector<const Team*>& teams,
                       const ComplianceTargets& targets);
// The IROs of those teams: FTE in post beside the FTE needed at each end of the range the
// plugins state (CheckRun::figures), for the children those IROs review.
DataTable IroNeedTable(const DashboardData& d, const std::vector<const Team*>& teams);
// The children in care with no IRO in those teams, by case id only: the exceptions whose
// code counts "child without IRO" (declarations.h).
DataTable NoIroTable(const DashboardData& d, const std::vector<const Team*>& teams);

}  // namespace oversight
