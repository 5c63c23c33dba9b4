// Day-number arithmetic after Howard Hinnant's civil calendar algorithms.
#include "common/date.h"

#include <cstdio>
#include <ctime>

namespace oversight {

Day DayFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDay(Day z, int* year, int* month, int* day) {
  int zz = z + 719468;
  const int era = (zz >= 0 ? zz : zz - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(zz - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = y + (*month <= 2);
}

static bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::optional<Day> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int part = 0; part < 3; ++part) {
    for (int i = 0; i < lengths[part]; ++i) {
      char c = s[starts[part] + i];
      if (c < '0' || c > '9') return std::nullopt;
      v[part] = v[part] * 10 + (c - '0');
    }
  }
  if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > DaysInMonth(v[0], v[1])) {
    return std::nullopt;
  }
  return DayFromCivil(v[0], v[1], v[2]);
}

size_t FormatDateTo(Day d, char out[16]) {
  int y, m, dd;
  CivilFromDay(d, &y, &m, &dd);
  if (y < 0 || y > 9999) return static_cast<size_t>(std::snprintf(out, 16, "%04d-%02d-%02d", y, m, dd));
  // By hand: snprintf was a tenth of a check's time at national scale (two dates a report).
  const int digits[8] = {y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, dd / 10, dd % 10};
  const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; ++i) out[at[i]] = static_cast<char>('0' + digits[i]);
  out[4] = out[7] = '-';
  return 10;
}

std::string FormatDate(Day d) {
  char buf[16];
  return std::string(buf, FormatDateTo(d, buf));
}

int IsoWeekday(Day d) {
  // 1970-01-01 was a Thursday (ISO 4).
  int w = (d % 7 + 7 + 3) % 7;  // 0 = Monday
  return w + 1;
}

Day Today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return DayFromCivil(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

std::string UtcTimestampNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace oversight
