// Bar and line charts as SVG, in GOV.UK colours.
#include "web/charts.h"

#include <algorithm>
#include <sstream>

#include "checks/exception_format.h"
#include "weekly/email_parts.h"

namespace oversight {

namespace {
const char* kText = "#0b0c0c";
const char* kBlue = "#1d70b8";
const char* kRed = "#d4351c";
const char* kLineColours[] = {"#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f"};

std::string Open(const std::string& id, const std::string& title, int width, int height) {
  std::ostringstream svg;
  svg << "<svg role=\"img\" aria-labelledby=\"" << HtmlEscape(id) << "-title\" id=\"" << HtmlEscape(id)
      << "\" width=\"100%\" viewBox=\"0 0 " << width << " " << height
      << "\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Arial, Helvetica, sans-serif\"><title id=\""
      << HtmlEscape(id) << "-title\">" << HtmlEscape(title) << "</title>";
  return svg.str();
}
}  // namespace

std::string BarChart(const std::string& id, const std::string& title, const std::vector<Bar>& bars) {
  double top = 1;
  for (const Bar& b : bars) top = std::max({top, b.value, b.mark.value_or(0)});
  const int row = 28, width = 360, label = 190;
  std::ostringstream svg;
  svg << Open(id, title, label + width + 60, row * static_cast<int>(bars.size()) + 10);
  int y = 5;
  for (const Bar& b : bars) {
    const int bar = static_cast<int>(width * std::max(0.0, b.value) / top);
    std::string shown = b.label;
    if (shown.size() > 24) {  // cut on a character boundary, not inside a UTF-8 sequence
      size_t cut = 23;
      while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
      shown = shown.substr(0, cut) + "…";
    }
    svg << "<text x=\"0\" y=\"" << (y + 17) << "\" font-size=\"14\" fill=\"" << kText << "\">" << HtmlEscape(shown)
        << "</text><rect x=\"" << label << "\" y=\"" << y << "\" width=\"" << bar << "\" height=\"20\" fill=\""
        << (b.over ? kRed : kBlue) << "\"/>";
    int end = bar;
    if (b.mark) {
      const int mark = static_cast<int>(width * *b.mark / top);
      end = std::max(end, mark);
      svg << "<line x1=\"" << (label + mark) << "\" x2=\"" << (label + mark) << "\" y1=\"" << (y - 2) << "\" y2=\""
          << (y + 22) << "\" stroke=\"" << kText << "\" stroke-width=\"3\"/>";
    }
    svg << "<text x=\"" << (label + end + 6) << "\" y=\"" << (y + 17) << "\" font-size=\"14\" fill=\"" << kText
        << "\">" << FormatNumber2(b.value) << "</text>";
    y += row;
  }
  svg << "</svg>";
  return svg.str();
}

std::string LineChart(const std::string& id, const std::string& title, const std::vector<std::string>& x_labels,
                      const std::vector<Series>& series, double y_max, const std::string& y_suffix) {
  const int left = 50, top = 10, plot_w = 460, plot_h = 200, legend_row = 22;
  const int height = top + plot_h + 40 + legend_row * static_cast<int>(series.size());
  if (y_max <= 0) y_max = 1;
  std::ostringstream svg;
  svg << Open(id, title, left + plot_w + 20, height);
  auto x_at = [&](size_t i) {
    return left + (x_labels.size() > 1 ? static_cast<int>(plot_w * i / (x_labels.size() - 1)) : plot_w / 2);
  };
  auto y_at = [&](double v) { return top + plot_h - static_cast<int>(plot_h * std::clamp(v, 0.0, y_max) / y_max); };
  for (int g = 0; g <= 4; ++g) {  // gridlines at quarters of the scale
    const double v = y_max * g / 4;
    svg << "<line x1=\"" << left << "\" x2=\"" << (left + plot_w) << "\" y1=\"" << y_at(v) << "\" y2=\"" << y_at(v)
        << "\" stroke=\"#b1b4b6\" stroke-width=\"1\"/><text x=\"" << (left - 6) << "\" y=\"" << (y_at(v) + 5)
        << "\" font-size=\"12\" text-anchor=\"end\" fill=\"" << kText << "\">" << FormatNumber2(v) << HtmlEscape(y_suffix)
        << "</text>";
  }
  for (size_t i = 0; i < x_labels.size(); ++i) {
    if (x_labels.size() > 6 && i % 2 == 1 && i + 1 != x_labels.size()) continue;  // room for the labels
    svg << "<text x=\"" << x_at(i) << "\" y=\"" << (top + plot_h + 18) << "\" font-size=\"12\" text-anchor=\"middle\" "
        << "fill=\"" << kText << "\">" << HtmlEscape(x_labels[i]) << "</text>";
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const char* colour = kLineColours[s % (sizeof kLineColours / sizeof *kLineColours)];
    std::string points;
    for (size_t i = 0; i < series[s].values.size() && i < x_labels.size(); ++i) {
      if (!series[s].values[i]) continue;
      points += std::to_string(x_at(i)) + "," + std::to_string(y_at(*series[s].values[i])) + " ";
      svg << "<circle cx=\"" << x_at(i) << "\" cy=\"" << y_at(*series[s].values[i]) << "\" r=\"4\" fill=\"" << colour
          << "\"/>";
    }
    svg << "<polyline points=\"" << points << "\" fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"3\""
        << (s % 2 ? " stroke-dasharray=\"8 4\"" : "") << "/>";
    const int ly = top + plot_h + 40 + legend_row * static_cast<int>(s);
    svg << "<line x1=\"" << left << "\" x2=\"" << (left + 30) << "\" y1=\"" << (ly - 5) << "\" y2=\"" << (ly - 5)
        << "\" stroke=\"" << colour << "\" stroke-width=\"3\"" << (s % 2 ? " stroke-dasharray=\"8 4\"" : "")
        << "/><text x=\"" << (left + 38) << "\" y=\"" << ly << "\" font-size=\"14\" fill=\"" << kText << "\">"
        << HtmlEscape(series[s].name) << "</text>";
  }
  svg << "</svg>";
  return svg.str();
}

}  // namespace oversight
