// Calendar dates as whole day numbers (days since 1970-01-01), the unit every policy
// counts in. Parses and prints strict ISO `YYYY-MM-DD`; knows nothing of time zones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oversight {

using Day = int32_t;

// Days since 1970-01-01 of a proleptic Gregorian date; month 1-12, day 1-31.
Day DayFromCivil(int year, int month, int day);
// The calendar date of a day number.
void CivilFromDay(Day d, int* year, int* month, int* day);

// A real date written exactly as `YYYY-MM-DD`, or nothing (2023-02-30 is nothing).
std::optional<Day> ParseDate(std::string_view text);
std::string FormatDate(Day d);
// The same text into `out` (no terminator); returns its length, 10 for years 0 to 9999.
size_t FormatDateTo(Day d, char out[16]);

// ISO weekday: Monday 1 ... Sunday 7.
int IsoWeekday(Day d);
// The Monday of the ISO week holding d.
inline Day WeekStart(Day d) { return d - (IsoWeekday(d) - 1); }

// Today in the machine's local calendar.
Day Today();
// Now as a UTC timestamp, "2024-03-05T10:00:00Z".
std::string UtcTimestampNow();

}  // namespace oversight
