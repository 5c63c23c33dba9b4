// The weekly schedule of `oversight serve`: once per ISO week, at its weekday and time,
// caught up once after downtime.
#include <catch2/catch.hpp>

#include "weekly/schedule.h"

using namespace oversight;

TEST_CASE("the weekly job is due once a week, from its moment on", "[schedule]") {
  auto s = WeeklySchedule::Parse("1", "07:00");  // Mondays at 07:00
  REQUIRE(s.ok());
  const Day monday = *ParseDate("2024-02-26"), sunday_before = monday - 1;
  const Day last_week = monday - 7;
  CHECK_FALSE(s->Due(monday, 6 * 60 + 59, last_week));  // not yet
  CHECK(s->Due(monday, 7 * 60, last_week));             // at the moment
  CHECK_FALSE(s->Due(monday, 7 * 60, monday));          // already ran this week
  CHECK_FALSE(s->Due(sunday_before, 23 * 60, last_week - 7 + 7));  // Sunday: last week's already ran
  // Down on Monday, up on Wednesday: catch up once.
  CHECK(s->Due(monday + 2, 9 * 60, last_week));
  CHECK_FALSE(s->Due(monday + 2, 9 * 60, monday));
  // Down for three weeks: one run, for the current week only.
  CHECK(s->Due(monday, 8 * 60, last_week - 14));
  CHECK(s->Due(monday, 8 * 60, std::nullopt));  // never ran
}

TEST_CASE("a Friday schedule waits for Friday", "[schedule]") {
  auto s = WeeklySchedule::Parse("5", "16:30");
  REQUIRE(s.ok());
  const Day monday = *ParseDate("2024-02-26");
  CHECK_FALSE(s->Due(monday + 3, 23 * 60, monday - 7));   // Thursday
  CHECK_FALSE(s->Due(monday + 4, 16 * 60, monday - 7));   // Friday 16:00
  CHECK(s->Due(monday + 4, 16 * 60 + 30, monday - 7));    // Friday 16:30
  CHECK(s->Due(monday + 6, 0, monday - 7));               // Sunday, caught up
}

TEST_CASE("bad schedule settings are refused in words", "[schedule]") {
  CHECK_FALSE(WeeklySchedule::Parse("0", "07:00").ok());
  CHECK_FALSE(WeeklySchedule::Parse("8", "07:00").ok());
  CHECK_FALSE(WeeklySchedule::Parse("monday", "07:00").ok());
  CHECK_FALSE(WeeklySchedule::Parse("1", "7:00").ok());
  CHECK_FALSE(WeeklySchedule::Parse("1", "24:00").ok());
  CHECK_FALSE(WeeklySchedule::Parse("1", "07:60").ok());
  CHECK_THAT(WeeklySchedule::Parse("9", "07:00").status().message(), Catch::Contains("weekly.weekday"));
}
