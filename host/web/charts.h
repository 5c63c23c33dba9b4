// Charts drawn on the server as inline SVG (no JavaScript), each titled for screen readers
// and always shown beside a table of the same figures. Only drawing: which figures to
// chart is the page's business.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace oversight {

// One horizontal bar: a value, an optional mark across it (a cap, a limit), and whether
// the value is past the mark (drawn in red, and said in words in the table).
struct Bar {
  std::string label;
  double value = 0;
  std::optional<double> mark;
  bool over = false;
};

// `id` must be unique on the page; `title` says what bar and mark are.
std::string BarChart(const std::string& id, const std::string& title, const std::vector<Bar>& bars);

// One line of a line chart: a value per x label, or none where there is no figure.
struct Series {
  std::string name;
  std::vector<std::optional<double>> values;
};

// Lines over `x_labels` on a 0..y_max scale, with a legend; `y_suffix` follows the axis
// figures ("%").
std::string LineChart(const std::string& id, const std::string& title, const std::vector<std::string>& x_labels,
                      const std::vector<Series>& series, double y_max, const std::string& y_suffix);

}  // namespace oversight
