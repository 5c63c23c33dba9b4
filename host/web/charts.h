// Charts drawn on the server as inline SVG (no JavaScript), each titled for screen readers,
// with a visible legend, and always shown beside a table of the same figures. Sized to be
// read on a phone (labels above the bars, never cut) and printed. Only drawing: which
// figures to chart is the page's business.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace oversight {

// One horizontal bar: a value, an optional mark across it (a cap, a limit), and whether
// the value is past the mark (drawn in red, and said in words in the table). `note` is
// written after the value ("30 children").
struct Bar {
  std::string label;
  double value = 0;
  std::optional<double> mark;
  bool over = false;
  std::string note;
};

// One entry of a chart's legend: a swatch ("bar", "line", "dashed", "dotted", "mark") in a colour.
struct LegendEntry {
  std::string label, swatch, colour;
};

// The colours the charts draw in (GOV.UK's palette).
inline constexpr const char* kChartBlue = "#1d70b8";
inline constexpr const char* kChartRed = "#d4351c";
inline constexpr const char* kChartGreen = "#00703c";
inline constexpr const char* kChartOrange = "#f47738";
inline constexpr const char* kChartText = "#0b0c0c";

// `id` must be unique on the page; `title` says what bar and mark are.
std::string BarChart(const std::string& id, const std::string& title, const std::vector<Bar>& bars);
// The legend every bar chart of value against a mark has: the words for value, over, mark.
std::string BarLegend(const std::string& value, const std::string& over, const std::string& mark);

// One line of a line chart: a value per x label, or none where there is no figure.
struct Series {
  std::string name;
  std::vector<std::optional<double>> values;
};

// A horizontal line across a chart at a target value, in a colour, dotted.
struct TargetLine {
  std::string label;
  double value;
  std::string colour;
};

// Lines over `x_labels` on a 0..y_max scale; `y_suffix` follows the axis figures ("%").
// Series are drawn blue, then purple dashed, ...; targets dotted across.
std::string LineChart(const std::string& id, const std::string& title, const std::vector<std::string>& x_labels,
                      const std::vector<Series>& series, double y_max, const std::string& y_suffix,
                      const std::vector<TargetLine>& targets = {});
// The legend for LineChart's series (by name, in order) and targets.
std::string LineLegend(const std::vector<std::string>& series_names, const std::vector<TargetLine>& targets);

// A legend: swatches and their words, as an HTML list under the chart.
std::string Legend(const std::vector<LegendEntry>& entries);

}  // namespace oversight
