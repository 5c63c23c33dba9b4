// Measures: the figures heads of service review (policies.md, "Measures") for one day,
// computed from the same run's exceptions and the same policy settings as the plugins.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "checks/caseload.h"
#include "checks/check_run.h"

namespace oversight {

struct TeamMeasures {
  std::string team_id;
  int64_t open_cases = 0, cases_in_time = 0;
  int64_t wellbeing_workers = 0, wellbeing_in_time = 0;
  double weighted_caseload = 0, capacity = 0;
  int64_t over_cap_workers = 0;
  std::optional<double> case_supervision_pct() const;
  std::optional<double> wellbeing_pct() const;
};

struct IroMeasures {
  int64_t iros = 0;
  double fte = 0;
  int64_t cases = 0;
  double fte_needed_at_max = 0, fte_needed_at_min = 0;
  std::optional<double> average_per_fte;
  int64_t highest = 0;
};

struct Measures {
  Day as_of = 0;
  std::vector<TeamMeasures> teams;  // every team, in byte order of team_id
  std::vector<TeamMeasures> services;  // the same figures summed by service (team_id: the service)
  IroMeasures iro;
};

// From the run's exceptions and its snapshot (the extract the checks read).
Result<Measures> ComputeMeasures(const CheckRun& run, const CaseloadSettings& s, Day d);

void WriteMeasuresJson(std::ostream& out, const Measures& m);
void WriteMeasuresTable(std::ostream& out, const Measures& m);

}  // namespace oversight
