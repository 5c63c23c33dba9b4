// Date arithmetic: day numbers, strict parsing, leap years and month ends.
#include <catch2/catch.hpp>

#include "common/date.h"

using namespace oversight;

TEST_CASE("day numbers round-trip through the calendar") {
  CHECK(DayFromCivil(1970, 1, 1) == 0);
  CHECK(*ParseDate("2024-03-01") - *ParseDate("2024-02-28") == 2);  // 2024 is a leap year
  CHECK(*ParseDate("2023-03-01") - *ParseDate("2023-02-28") == 1);
  CHECK(*ParseDate("2000-03-01") - *ParseDate("2000-02-28") == 2);  // divisible by 400
  CHECK(*ParseDate("1900-03-01") - *ParseDate("1900-02-28") == 1);  // by 100, not 400
  for (Day d = DayFromCivil(1999, 12, 1); d < DayFromCivil(2032, 1, 1); ++d) {
    REQUIRE(ParseDate(FormatDate(d)) == d);
  }
  CHECK(FormatDate(*ParseDate("2024-01-31") + 29) == "2024-02-29");
  CHECK(FormatDate(*ParseDate("2023-12-31") + 1) == "2024-01-01");
}

TEST_CASE("only real dates written YYYY-MM-DD parse") {
  CHECK(ParseDate("2024-02-29"));
  CHECK_FALSE(ParseDate("2023-02-29"));
  CHECK_FALSE(ParseDate("2023-02-30"));
  CHECK_FALSE(ParseDate("2023-04-31"));
  CHECK(ParseDate("2023-12-31"));
  CHECK_FALSE(ParseDate("2023-13-01"));
  CHECK_FALSE(ParseDate("2023-00-10"));
  CHECK_FALSE(ParseDate("2023-01-00"));
  CHECK_FALSE(ParseDate("2023-1-05"));
  CHECK_FALSE(ParseDate("2023/01/05"));
  CHECK_FALSE(ParseDate(" 2023-01-05"));
  CHECK_FALSE(ParseDate("2023-01-05 "));
  CHECK_FALSE(ParseDate(""));
}

TEST_CASE("ISO weeks start on Monday") {
  CHECK(IsoWeekday(*ParseDate("2024-02-26")) == 1);
  CHECK(IsoWeekday(*ParseDate("2024-03-03")) == 7);
  CHECK(FormatDate(WeekStart(*ParseDate("2024-03-01"))) == "2024-02-26");
  CHECK(FormatDate(WeekStart(*ParseDate("2024-02-26"))) == "2024-02-26");
}

TEST_CASE("dates print with four-digit years, zero-padded, from year 1 to 9999") {
  CHECK(FormatDate(DayFromCivil(1, 1, 1)) == "0001-01-01");
  CHECK(FormatDate(DayFromCivil(999, 9, 9)) == "0999-09-09");
  CHECK(FormatDate(DayFromCivil(9999, 12, 31)) == "9999-12-31");
  CHECK(FormatDate(0) == "1970-01-01");
  CHECK(FormatDate(-1) == "1969-12-31");
  char buf[16];
  REQUIRE(FormatDateTo(DayFromCivil(2024, 3, 1), buf) == 10);
  CHECK(std::string(buf, 10) == "2024-03-01");
}
