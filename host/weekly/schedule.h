// WeeklySchedule: when `oversight serve` runs the weekly job: once a week at a set
// weekday and local time, and once on start-up if that moment passed while it was down.
// Pure arithmetic on the clock and the run history; running the job is the caller's.
#pragma once

#include <optional>
#include <string>

#include "common/date.h"
#include "common/status.h"

namespace oversight {

struct WeeklySchedule {
  int weekday = 1;   // ISO: 1 Monday .. 7 Sunday
  int minute_of_day = 7 * 60;

  static Result<WeeklySchedule> Parse(const std::string& weekday, const std::string& hh_mm);

  // True when the job is due at local day `today`, minute `minute_now`, given the Monday
  // of the last week it ran for (nothing: never). Due at most once per ISO week: when
  // this week's moment has passed and this week has no run yet.
  bool Due(Day today, int minute_now, std::optional<Day> last_run_week) const;
};

}  // namespace oversight
