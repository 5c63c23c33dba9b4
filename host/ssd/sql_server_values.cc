// Parsing the SQL Server date forms of the SSD tables.
#include "ssd/sql_server_values.h"

namespace oversight {

namespace {

bool Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number(std::string_view s, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// HH:MM:SS at `at`, then optionally (when `fraction` is allowed) .f with 1 to 7 digits,
// to the end of the text. The time must be a real time of day, though it is ignored.
bool TimeOfDay(std::string_view s, size_t at, bool fraction) {
  if (!Digits(s, at, 2) || s.size() < at + 8 || s[at + 2] != ':' || !Digits(s, at + 3, 2) ||
      s[at + 5] != ':' || !Digits(s, at + 6, 2)) {
    return false;
  }
  if (Number(s, at, 2) > 23 || Number(s, at + 3, 2) > 59 || Number(s, at + 6, 2) > 59) return false;
  size_t end = at + 8;
  if (end == s.size()) return true;
  if (!fraction || s[end] != '.') return false;
  size_t digits = s.size() - end - 1;
  return digits >= 1 && digits <= 7 && Digits(s, end + 1, digits);
}

}  // namespace

std::optional<Day> ParseSqlServerDate(std::string_view s) {
  if (s.size() == 10 && s[2] == '/' && s[5] == '/') {  // DD/MM/YYYY
    if (!Digits(s, 0, 2) || !Digits(s, 3, 2) || !Digits(s, 6, 4)) return std::nullopt;
    std::string iso = std::string(s.substr(6, 4)) + "-" + std::string(s.substr(3, 2)) + "-" +
                      std::string(s.substr(0, 2));
    return ParseDate(iso);
  }
  if (s.size() < 10) return std::nullopt;
  std::optional<Day> day = ParseDate(s.substr(0, 10));
  if (!day || s.size() == 10) return day;
  if (s[10] == ' ' && TimeOfDay(s, 11, true)) return day;
  if (s[10] == 'T' && TimeOfDay(s, 11, false)) return day;
  return std::nullopt;
}

bool IsOpenEnd(Day d) { return d == DayFromCivil(1900, 1, 1); }

std::optional<Day> SqlServerEndDate(std::string_view text) {
  std::optional<Day> d = ParseSqlServerDate(text);
  if (d && IsOpenEnd(*d)) return std::nullopt;
  return d;
}

}  // namespace oversight
