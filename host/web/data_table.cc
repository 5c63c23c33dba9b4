// Rendering a DataTable as HTML, CSV and JSON.
#include "web/data_table.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "checks/exception_format.h"
#include "weekly/email_parts.h"

namespace oversight {

Cell Cell::Number(double v) { return {FormatNumber2(v), v, "", false, "", ""}; }
Cell Cell::Count(long long v) { return {std::to_string(v), static_cast<double>(v), "", false, "", ""}; }
Cell Cell::Percent(long long part, long long whole) {
  if (whole == 0) return None();
  return Share(100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

Cell Cell::Share(double percent) {
  const double p = Round1(percent);
  return {FormatPercent(p), p, "", false, "", ""};
}

double Round1(double v) { return std::round(v * 10) / 10; }

std::string FormatPercent(double percent) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%%", Round1(percent));
  return std::string(buf) == "-0.0%" ? "0.0%" : buf;
}

Cell Cell::Date(const std::string& iso) { return {LongDate(iso), std::nullopt, "", false, iso, ""}; }

namespace {

// Whether a spreadsheet could read the text as a formula: it begins with = + - @, a TAB,
// CR or LF (OWASP's list), or a full-width = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20),
// which some spreadsheets fold to the ASCII sign.
bool ReadsAsFormula(const std::string& v) {
  if (v.empty()) return false;
  if (std::string("=+-@\t\r\n").find(v[0]) != std::string::npos) return true;
  if (v.size() < 3 || v.compare(0, 2, "\xEF\xBC") != 0) return false;
  const unsigned char third = static_cast<unsigned char>(v[2]);
  return third == 0x9D || third == 0x8B || third == 0x8D || third == 0xA0;
}

}  // namespace

std::string CsvField(const std::string& s) {
  std::string v = s;
  if (ReadsAsFormula(v)) v = "'" + v;
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string TableHtml(const DataTable& t, const std::string& csv_href) {
  std::ostringstream b;
  b << "<div class=\"app-table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"" << HtmlEscape(t.caption)
    << " (scrolls sideways)\"><table class=\"govuk-table\" id=\"" << HtmlEscape(t.id) << "\"><caption class=\"govuk-table__caption "
    << "govuk-table__caption--s\">" << HtmlEscape(t.caption);
  if (!csv_href.empty()) {
    b << " (<a class=\"govuk-link\" href=\"" << HtmlEscape(csv_href) << "\">download as CSV</a>)";
  }
  b << "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">";
  for (const auto& h : t.headers) b << "<th scope=\"col\" class=\"govuk-table__header\">" << HtmlEscape(h) << "</th>";
  b << "</tr></thead><tbody class=\"govuk-table__body\">";
  for (const auto& row : t.rows) {
    b << "<tr class=\"govuk-table__row\">";
    for (const Cell& c : row) {
      b << "<td class=\"govuk-table__cell" << (c.number ? " govuk-table__cell--numeric" : "") << "\">";
      if (!c.tag.empty()) {
        b << "<strong class=\"govuk-tag govuk-tag--" << HtmlEscape(c.tag) << "\">" << HtmlEscape(c.text) << "</strong>";
      } else if (c.href.empty()) {
        b << HtmlEscape(c.text);
      } else {
        b << "<a class=\"govuk-link\" href=\"" << HtmlEscape(c.href) << "\">" << HtmlEscape(c.text) << "</a>";
      }
      b << "</td>";
    }
    b << "</tr>";
  }
  b << "</tbody></table></div>";
  return b.str();
}

std::string TableCsv(const DataTable& t) {
  std::string out;
  for (size_t i = 0; i < t.keys.size(); ++i) out += (i ? "," : "") + CsvField(t.keys[i]);
  out += "\r\n";
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      const Cell& c = row[i];
      out += (i ? "," : "") + (c.number ? FormatNumber2(*c.number) : c.missing ? std::string() : CsvField(c.raw.empty() ? c.text : c.raw));
    }
    out += "\r\n";
  }
  return out;
}

std::string TableJson(const DataTable& t, const std::string& as_of) {
  std::string out = "{\"table\":" + JsonString(t.id) + ",\"as_of\":" + JsonString(as_of) + ",\"rows\":[";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    out += r ? ",{" : "{";
    const auto& row = t.rows[r];
    for (size_t i = 0; i < row.size() && i < t.keys.size(); ++i) {
      const Cell& c = row[i];
      out += (i ? "," : "") + JsonString(t.keys[i]) + ":" +
             (c.number ? FormatNumber2(*c.number) : c.missing ? std::string("null") : JsonString(c.raw.empty() ? c.text : c.raw));
    }
    out += "}";
  }
  return out + "]}\n";
}

}  // namespace oversight
