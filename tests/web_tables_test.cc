// The dashboard's tables and charts without HTTP: a DataTable says the same in HTML, CSV
// and JSON (what a spreadsheet user downloads is what the page shows), CSV fields are
// quoted and defused against formulas, and the SVG charts draw one mark per figure.
#include <catch2/catch.hpp>

#include <regex>

#include "web/charts.h"
#include "web/data_table.h"

using namespace oversight;

namespace {
DataTable Sample() {
  DataTable t;
  t.id = "teams";
  t.caption = "Teams & services";
  t.AddColumn("Team", "team_name");
  t.AddColumn("Weighted", "weighted");
  t.AddColumn("In time", "in_time_percent");
  t.rows.push_back({Cell::Link("North <A>", "/teams/T01"), Cell::Number(12.345), Cell::Percent(2, 3)});
  t.rows.push_back({Cell::Text("=HYPERLINK(\"x\")"), Cell::Count(7), Cell::Percent(1, 0)});
  return t;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("a table's CSV has the keys as header and the values, quoted and defused", "[web]") {
  const std::string csv = TableCsv(Sample());
  CHECK(csv ==
        "team_name,weighted,in_time_percent\r\n"
        "North <A>,12.35,66.7\r\n"
        "\"'=HYPERLINK(\"\"x\"\")\",7,\r\n");  // a formula is text; no figure is an empty field
  CHECK(CsvField("-2+3") == "'-2+3");
  CHECK(CsvField("@SUM(A1)") == "'@SUM(A1)");
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("plain") == "plain");
}

TEST_CASE("a CSV cell that begins with a tab, CR, LF or a full-width sign is defused too", "[web]") {
  CHECK(CsvField("\t=1+2") == "'\t=1+2");
  CHECK(CsvField("\r=1+2") == "\"'\r=1+2\"");
  CHECK(CsvField("\n=1+2") == "\"'\n=1+2\"");
  CHECK(CsvField("\xEF\xBC\x9D" "1+2") == "'\xEF\xBC\x9D" "1+2");  // U+FF1D
  CHECK(CsvField("\xEF\xBC\x8B" "1") == "'\xEF\xBC\x8B" "1");      // U+FF0B
  CHECK(CsvField("\xEF\xBC\x8D" "1") == "'\xEF\xBC\x8D" "1");      // U+FF0D
  CHECK(CsvField("\xEF\xBC\xA0" "x") == "'\xEF\xBC\xA0" "x");      // U+FF20
  CHECK(CsvField("\xEF\xBC\xA1" "x") == "\xEF\xBC\xA1" "x");        // a full-width A is text
  CHECK(CsvField("a\tb") == "a\tb");  // only the first character matters
}

TEST_CASE("a table's JSON has one object per row, figures as numbers, no figure as null", "[web]") {
  CHECK(TableJson(Sample(), "2024-03-01") ==
        "{\"table\":\"teams\",\"as_of\":\"2024-03-01\",\"rows\":["
        "{\"team_name\":\"North <A>\",\"weighted\":12.35,\"in_time_percent\":66.7},"
        "{\"team_name\":\"=HYPERLINK(\\\"x\\\")\",\"weighted\":7,\"in_time_percent\":null}]}\n");
}

TEST_CASE("a date reads as people write it on the page and as ISO in CSV and JSON", "[web]") {
  DataTable t;
  t.id = "weeks";
  t.AddColumn("Week of", "week");
  t.rows.push_back({Cell::Date("2024-02-05")});
  CHECK(TableHtml(t, "").find(">5 Feb 2024<") != std::string::npos);
  CHECK(TableCsv(t) == "week\r\n2024-02-05\r\n");
  CHECK(TableJson(t, "2024-03-01").find("{\"week\":\"2024-02-05\"}") != std::string::npos);
}

TEST_CASE("a table's HTML escapes text, links where asked and offers the download", "[web]") {
  const std::string html = TableHtml(Sample(), "/teams.csv");
  CHECK(html.find("id=\"teams\"") != std::string::npos);
  CHECK(html.find("Teams &amp; services (<a class=\"govuk-link\" href=\"/teams.csv\">download as CSV</a>)") !=
        std::string::npos);
  CHECK(html.find("<a class=\"govuk-link\" href=\"/teams/T01\">North &lt;A&gt;</a>") != std::string::npos);
  CHECK(html.find("<A>") == std::string::npos);
  CHECK(html.find(">66.7%<") != std::string::npos);  // one decimal place
  CHECK(html.find(">-<") != std::string::npos);  // no figure: a dash for people
  CHECK(Count(html, "<tr class=\"govuk-table__row\">") == 3);  // the header and two rows
  CHECK(Count(html, "govuk-table__cell--numeric") == 3);  // figures, not the dash
  CHECK(TableHtml(Sample(), "").find("download") == std::string::npos);
}

TEST_CASE("a bar chart draws a bar per figure, a mark for each cap and red only past it", "[web]") {
  const std::string svg = BarChart("c1", "Caseload <against> cap",
                                   {{"W0001", 10, 12, false, ""}, {"W0002", 15, 12, true, ""}, {"W0003", 3, std::nullopt, false, ""}});
  CHECK(svg.rfind("<svg role=\"img\" aria-labelledby=\"c1-title\" id=\"c1\"", 0) == 0);
  CHECK(svg.find("<title id=\"c1-title\">Caseload &lt;against&gt; cap</title>") != std::string::npos);
  CHECK(Count(svg, "<rect") == 3);
  CHECK(Count(svg, "<line") == 2);  // no cap, no mark
  CHECK(Count(svg, "fill=\"#d4351c\"") == 1);
  // Bars scale to the largest figure: 15 fills the 160 units, 10 is two thirds of it.
  CHECK(svg.find("width=\"160\"") != std::string::npos);
  CHECK(svg.find("width=\"106\"") != std::string::npos);
}

TEST_CASE("a long bar label is never cut: it wraps between words, a long word on a character boundary", "[web]") {
  const std::string svg = BarChart("c2", "t", {{"Children with Disabilities and Short Breaks Team East", 1, std::nullopt, false, ""}});
  CHECK(svg.find("…") == std::string::npos);
  CHECK(svg.find("<tspan x=\"0\">Children with Disabilities and Short</tspan>") != std::string::npos);
  CHECK(svg.find(">Breaks Team East</tspan>") != std::string::npos);
  // 45 characters with no space, "ë" (2 bytes) at the 40th: 40 characters on the first line.
  const std::string word = std::string(39, 'x') + "\xc3\xab" + "yyyyy";
  const std::string svg2 = BarChart("c3", "t", {{word, 1, std::nullopt, false, ""}});
  CHECK(svg2.find(">" + std::string(39, 'x') + "\xc3\xab</tspan>") != std::string::npos);
  CHECK(svg2.find(">yyyyy</tspan>") != std::string::npos);
}

TEST_CASE("a bar carries its note beside the value, and the legend says what each mark is", "[web]") {
  const std::string svg = BarChart("c4", "t", {{"T01", 12.5, 20.0, false, "30 children"}});
  CHECK(svg.find("<tspan class=\"app-bar-value\">12.5</tspan><tspan class=\"app-bar-note\"> · 30 children</tspan>") !=
        std::string::npos);
  const std::string legend = BarLegend("Weighted caseload", "Over capacity", "Capacity");
  CHECK(legend.find("<ul class=\"app-legend\"") == 0);
  CHECK(Count(legend, "<li>") == 3);
  CHECK(legend.find("Over capacity</li>") != std::string::npos);
  CHECK(legend.find("aria-hidden=\"true\"") != std::string::npos);  // the swatches are decoration
}

TEST_CASE("percentages show one decimal place, on the page and in downloads", "[web]") {
  CHECK(FormatPercent(83.333) == "83.3%");
  CHECK(FormatPercent(90) == "90.0%");
  CHECK(FormatPercent(99.96) == "100.0%");
  CHECK(FormatPercent(-0.01) == "0.0%");
  const Cell c = Cell::Percent(5, 6);
  CHECK(c.text == "83.3%");
  CHECK(*c.number == Approx(83.3));
}

TEST_CASE("a line chart draws a point per figure, skips weeks without one, and marks the targets", "[web]") {
  const std::string svg = LineChart("t1", "Trend", {"5 Feb", "12 Feb", "19 Feb"},
                                    {{"Cases in time", {50.0, std::nullopt, 100.0}}, {"Well-being", {0.0, 25.0, 75.0}}},
                                    100, "%", {{"Target", 90, kChartGreen}, {"Poor", 75, kChartRed}});
  CHECK(Count(svg, "<circle") == 5);
  CHECK(Count(svg, "<polyline") == 2);
  CHECK(Count(svg, "class=\"app-target\"") == 2);
  CHECK(svg.find("data-value=\"90\"") != std::string::npos);
  CHECK(svg.find(">100%</text>") != std::string::npos);
  // 100% is the top of the plot, 0% its bottom.
  std::smatch m;
  const std::string first = svg.substr(svg.find("<polyline points=\""));
  REQUIRE(std::regex_search(first, m, std::regex("points=\"(\\d+),(\\d+) (\\d+),(\\d+) \"")));
  CHECK(m[2] == "85");  // 50%: half way down a 150-unit plot that starts at 10
  CHECK(m[4] == "10");
  const std::string legend = LineLegend({"Cases in time", "Well-being"}, {{"Target", 90, kChartGreen}});
  CHECK(Count(legend, "<li>") == 3);
  CHECK(legend.find("Well-being</li>") != std::string::npos);
}

TEST_CASE("a line chart names at most four weeks along its axis, the first and the last among them", "[web]") {
  std::vector<std::string> weeks;
  for (int i = 1; i <= 12; ++i) weeks.push_back("W" + std::to_string(i));
  const std::string svg = LineChart("t2", "Trend", weeks, {{"Cases", std::vector<std::optional<double>>(12, 50.0)}}, 100, "%");
  size_t named = 0;
  for (const auto& w : weeks) named += svg.find(">" + w + "</text>") != std::string::npos;
  CHECK(named == 4);
  CHECK(svg.find(">W1</text>") != std::string::npos);
  CHECK(svg.find(">W12</text>") != std::string::npos);
}
