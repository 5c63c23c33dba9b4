// Type checks for ids, dates, numbers, enums and email addresses.
#include "extract/values.h"

#include <cstdlib>

#include "common/date.h"
#include "extract/import_errors.h"
#include "ssd/sql_server_values.h"

namespace oversight {

std::optional<double> ParseNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  size_t int_digits = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  if (int_digits == 0) return std::nullopt;
  if (i < n && s[i] == '.') {
    ++i;
    size_t frac = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++frac;
    if (frac == 0) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  return std::strtod(std::string(s).c_str(), nullptr);
}

// 0 < fte <= 1 judged on the digits as written, so that "1.00000000000000000001"
// (which a double rounds to 1) is still over 1. `s` is a valid number.
static bool FteInRange(std::string_view s) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  bool frac_zero = frac.find_first_not_of('0') == std::string_view::npos;
  if (whole == "0") return !frac_zero;
  if (whole == "1") return frac_zero;
  return false;
}

bool IsEmailAddress(std::string_view s) {
  size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  // No white space, and nothing that would end or split an address in a header or in an
  // SMTP command.
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7F || std::string_view("<>()[],;:\\\"").find(static_cast<char>(c)) != std::string_view::npos) {
      return false;
    }
  }
  std::string_view domain = s.substr(at + 1);
  int parts = 0;
  size_t start = 0;
  for (;;) {
    size_t dot = domain.find('.', start);
    std::string_view part = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty()) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts >= 2;
}

static bool HasControlCharacter(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    // C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8.
    if (c == 0xC2 && i + 1 < s.size()) {
      unsigned char next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

std::optional<std::string> CheckValue(const ColumnSpec& column, std::string_view v) {
  switch (column.type) {
    case ValueType::kId:
      if (v.size() > 64) return "id is longer than 64 bytes";
      if (HasControlCharacter(v)) return "id holds a control character";
      return std::nullopt;
    case ValueType::kText:
      return std::nullopt;
    case ValueType::kDate:
      if (!ParseDate(v)) return QuotedValue(v) + " is not a real date written YYYY-MM-DD";
      return std::nullopt;
    case ValueType::kSqlServerDate:
      if (!ParseSqlServerDate(v)) {
        return "'" + std::string(v) + "' is not a real date (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.fff], "
               "YYYY-MM-DDTHH:MM:SS or DD/MM/YYYY)";
      }
      return std::nullopt;
    case ValueType::kFte: {
      auto n = ParseNumber(v);
      if (!n || !FteInRange(v)) {
        return QuotedValue(v) + " is not a number with 0 < fte <= 1";
      }
      return std::nullopt;
    }
    case ValueType::kHours: {
      auto n = ParseNumber(v);
      if (!n || !(*n > 0.0)) return QuotedValue(v) + " is not a number of hours > 0";
      return std::nullopt;
    }
    case ValueType::kEnum:
      for (const auto& a : column.allowed) {
        if (v == a) return std::nullopt;
      }
      {
        std::string list;
        for (const auto& a : column.allowed) list += (list.empty() ? "" : ", ") + a;
        return QuotedValue(v) + " is not one of " + list;
      }
    case ValueType::kEmail:
      if (HasControlCharacter(v)) return "holds a control character (a line break?): not an email address local@domain";
      if (!IsEmailAddress(v)) {
        return QuotedValue(v) + " is not an email address local@domain (one @, no spaces or any of <>()[],;:\\\")";
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace oversight
