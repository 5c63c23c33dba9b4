// DataTable: one table the dashboard shows, as columns and rows of cells. The same value
// is rendered as a GOV.UK table on its page, as CSV for download and as JSON for the API,
// so the three never disagree. What goes into a table, and who may see it, is not here.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace oversight {

struct Cell {
  std::string text;               // what people read on the page
  std::optional<double> number;   // the value in CSV and JSON, when the cell is a number
  std::string href;               // a link on the page, when set
  bool missing = false;           // no value: "-" on the page, empty in CSV, null in JSON
  std::string raw;                // the value in CSV and JSON when people read another form
  std::string tag;                // a GOV.UK tag colour ("red", "green") to show the text in, when set

  static Cell Text(const std::string& s) { return {s, std::nullopt, "", false, "", ""}; }
  static Cell Link(const std::string& s, const std::string& href) { return {s, std::nullopt, href, false, "", ""}; }
  static Cell None() { return {"-", std::nullopt, "", true, "", ""}; }
  static Cell Tag(const std::string& s, const std::string& colour) { return {s, std::nullopt, "", false, "", colour}; }
  static Cell Date(const std::string& iso);  // "5 Feb 2024" on the page, 2024-02-05 in CSV and JSON
  static Cell Number(double v);   // shown to 2 decimal places at most
  static Cell Count(long long v);
  static Cell Percent(long long part, long long whole);  // None() when whole is 0
  static Cell Share(double percent);  // "83.3%": one decimal place, on the page and in CSV and JSON
};

struct DataTable {
  std::string id;                    // the page element's id and the download's name: id.csv
  std::string caption;
  std::vector<std::string> headers;  // for people
  std::vector<std::string> keys;     // CSV header and JSON field names, one per column
  std::vector<std::vector<Cell>> rows;

  void AddColumn(const std::string& header, const std::string& key) {
    headers.push_back(header);
    keys.push_back(key);
  }
};

// A percentage to one decimal place, as every page shows one: 83.3%.
double Round1(double v);
std::string FormatPercent(double percent);

// A govuk-table in a box that scrolls sideways when the table is wider than the screen
// (the page never does); when `csv_href` is set the caption links to the download.
std::string TableHtml(const DataTable& t, const std::string& csv_href);
// RFC 4180, CRLF lines, a header of the keys. Text that a spreadsheet would run as a
// formula (=, +, -, @, TAB, CR, LF or a full-width =, +, -, @ first) is prefixed with an
// apostrophe.
std::string TableCsv(const DataTable& t);
// {"table": id, "as_of": ..., "rows": [{key: value, ...}, ...]}
std::string TableJson(const DataTable& t, const std::string& as_of);

// One CSV field, quoted when needed and defused against formula injection.
std::string CsvField(const std::string& s);

}  // namespace oversight
