// The once-a-week rule.
#include "weekly/schedule.h"

namespace oversight {

Result<WeeklySchedule> WeeklySchedule::Parse(const std::string& weekday, const std::string& hh_mm) {
  WeeklySchedule s;
  if (weekday.size() != 1 || weekday[0] < '1' || weekday[0] > '7') {
    return Status::Error("weekly.weekday must be 1 (Monday) to 7 (Sunday), not '" + weekday + "'");
  }
  s.weekday = weekday[0] - '0';
  if (hh_mm.size() != 5 || hh_mm[2] != ':' || !isdigit(hh_mm[0]) || !isdigit(hh_mm[1]) ||
      !isdigit(hh_mm[3]) || !isdigit(hh_mm[4])) {
    return Status::Error("weekly.time must be HH:MM, not '" + hh_mm + "'");
  }
  int h = std::stoi(hh_mm.substr(0, 2)), m = std::stoi(hh_mm.substr(3, 2));
  if (h > 23 || m > 59) return Status::Error("weekly.time must be a time of day, not '" + hh_mm + "'");
  s.minute_of_day = h * 60 + m;
  return s;
}

bool WeeklySchedule::Due(Day today, int minute_now, std::optional<Day> last_run_week) const {
  const Day this_week = WeekStart(today);
  if (last_run_week && *last_run_week >= this_week) return false;
  const Day moment_day = this_week + (weekday - 1);
  return today > moment_day || (today == moment_day && minute_now >= minute_of_day);
}

}  // namespace oversight
