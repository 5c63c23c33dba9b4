// What the dashboard shows of one worker (the drill-down below a team): their cases with
// types and weights, the dates of their supervision by kind (nothing of what was said),
// their open exceptions and, only for managers in their line, their absences (dates only,
// never the reason). The page is pages.h's; who may see it is access.h's.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "web/data_table.h"
#include "web/pages.h"

namespace oversight {

// The worker's supervision sessions up to the day shown: (ISO date, kind), newest first.
Result<std::vector<std::pair<std::string, std::string>>> SupervisionDates(const DashboardData& d, WorkerKey worker);

// Their cases: key-worker cases with type and weight, and for an IRO the children reviewed.
DataTable WorkerCasesTable(const DashboardData& d, const Worker& w);
// Kind, the latest date and every date in the year to the day shown.
DataTable SupervisionTable(const DashboardData& d, const WorkerView& view);
// Spells of absence that end within the year before the day shown, or later.
DataTable AbsencesTable(const DashboardData& d, const Worker& w);
// The worker's open exceptions, the most days late first.
std::vector<PolicyException> WorkerExceptions(const DashboardData& d, const Worker& w);

// {"worker_id", "name", "team_id", "as_of", "cases", "supervisions", "exceptions"[, "absences"]}
std::string WorkerJson(const DashboardData& d, const WorkerView& view);

}  // namespace oversight
