// Bar and line charts as SVG, in GOV.UK colours, with their legends.
#include "web/charts.h"

#include <algorithm>
#include <sstream>

#include "checks/exception_format.h"
#include "weekly/email_parts.h"

namespace oversight {

namespace {
// Told apart from the targets (green and red, dotted): blue, then purple dashed.
const char* kLineColours[] = {kChartBlue, "#4c2c92", "#505a5f", "#912b88"};
const char* kGrid = "#b1b4b6";
const int kFont = 14;        // in the chart's own units: about as wide as the phone's pixels
const size_t kLineChars = 40;  // a label line at kFont across the chart's width

std::string Open(const std::string& id, const std::string& title, int width, int height) {
  std::ostringstream svg;
  svg << "<svg role=\"img\" aria-labelledby=\"" << HtmlEscape(id) << "-title\" id=\"" << HtmlEscape(id)
      << "\" viewBox=\"0 0 " << width << " " << height
      << "\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Arial, Helvetica, sans-serif\"><title id=\""
      << HtmlEscape(id) << "-title\">" << HtmlEscape(title) << "</title>";
  return svg.str();
}

// Counts characters, not the bytes of UTF-8 sequences.
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The label in lines of at most kLineChars characters, broken between words (a word
// longer than a line is broken on a character boundary): never cut short.
std::vector<std::string> LabelLines(const std::string& label) {
  std::vector<std::string> lines;
  std::string line, word;
  auto flush_word = [&]() {
    while (Chars(word) > kLineChars) {
      size_t at = 0, n = 0;
      while (at < word.size() && n < kLineChars) {
        ++at;
        while (at < word.size() && (static_cast<unsigned char>(word[at]) & 0xC0) == 0x80) ++at;
        ++n;
      }
      if (!line.empty()) lines.push_back(line), line.clear();
      lines.push_back(word.substr(0, at));
      word = word.substr(at);
    }
    if (word.empty()) return;
    if (!line.empty() && Chars(line) + 1 + Chars(word) > kLineChars) lines.push_back(line), line.clear();
    line += (line.empty() ? "" : " ") + word;
    word.clear();
  };
  for (char c : label) {
    if (c == ' ') flush_word();
    else word += c;
  }
  flush_word();
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::string Swatch(const LegendEntry& e) {
  std::ostringstream s;
  s << "<svg width=\"28\" height=\"16\" viewBox=\"0 0 28 16\" aria-hidden=\"true\" focusable=\"false\">";
  if (e.swatch == "bar") {
    s << "<rect x=\"0\" y=\"2\" width=\"28\" height=\"12\" fill=\"" << e.colour << "\"/>";
  } else if (e.swatch == "mark") {
    s << "<line x1=\"14\" x2=\"14\" y1=\"0\" y2=\"16\" stroke=\"" << e.colour << "\" stroke-width=\"3\"/>";
  } else {
    s << "<line x1=\"0\" x2=\"28\" y1=\"8\" y2=\"8\" stroke=\"" << e.colour << "\" stroke-width=\"3\""
      << (e.swatch == "dashed" ? " stroke-dasharray=\"6 3\"" : e.swatch == "dotted" ? " stroke-dasharray=\"2 3\"" : "")
      << "/>";
  }
  return s.str() + "</svg>";
}
}  // namespace

std::string Legend(const std::vector<LegendEntry>& entries) {
  std::string out = "<ul class=\"app-legend\" aria-label=\"Legend\">";
  for (const auto& e : entries) out += "<li>" + Swatch(e) + HtmlEscape(e.label) + "</li>";
  return out + "</ul>";
}

std::string BarLegend(const std::string& value, const std::string& over, const std::string& mark) {
  return Legend({{value, "bar", kChartBlue}, {over, "bar", kChartRed}, {mark, "mark", kChartText}});
}

std::string BarChart(const std::string& id, const std::string& title, const std::vector<Bar>& bars) {
  double top = 1;
  for (const Bar& b : bars) top = std::max({top, b.value, b.mark.value_or(0)});
  const int width = 360, bar_width = 160, line = 18, bar_height = 18;
  int height = 6;
  std::vector<std::vector<std::string>> labels;
  for (const Bar& b : bars) {
    labels.push_back(LabelLines(b.label));
    height += line * static_cast<int>(labels.back().size()) + bar_height + 14;
  }
  std::ostringstream svg;
  svg << Open(id, title, width, height);
  int y = 6;
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    svg << "<g class=\"app-bar\"><text class=\"app-bar-label\" x=\"0\" y=\"" << (y + 14) << "\" font-size=\"" << kFont
        << "\" fill=\"" << kChartText << "\">";
    for (size_t l = 0; l < labels[i].size(); ++l) {
      svg << "<tspan x=\"0\"" << (l ? " dy=\"" + std::to_string(line) + "\"" : "") << ">" << HtmlEscape(labels[i][l])
          << "</tspan>";
    }
    y += line * static_cast<int>(labels[i].size()) + 2;
    const int bar = static_cast<int>(bar_width * std::max(0.0, b.value) / top);
    svg << "</text><rect x=\"0\" y=\"" << y << "\" width=\"" << bar << "\" height=\"" << bar_height << "\" fill=\""
        << (b.over ? kChartRed : kChartBlue) << "\"/>";
    int end = bar;
    if (b.mark) {
      const int mark = static_cast<int>(bar_width * *b.mark / top);
      end = std::max(end, mark);
      svg << "<line x1=\"" << mark << "\" x2=\"" << mark << "\" y1=\"" << (y - 3) << "\" y2=\"" << (y + bar_height + 3)
          << "\" stroke=\"" << kChartText << "\" stroke-width=\"3\"/>";
    }
    svg << "<text x=\"" << (end + 6) << "\" y=\"" << (y + 14) << "\" font-size=\"" << kFont << "\" fill=\"" << kChartText
        << "\"><tspan class=\"app-bar-value\">" << FormatNumber2(b.value) << "</tspan>";
    if (!b.note.empty()) svg << "<tspan class=\"app-bar-note\"> · " << HtmlEscape(b.note) << "</tspan>";
    svg << "</text></g>";
    y += bar_height + 12;
  }
  svg << "</svg>";
  return svg.str();
}

std::string LineLegend(const std::vector<std::string>& series_names, const std::vector<TargetLine>& targets) {
  std::vector<LegendEntry> entries;
  for (size_t s = 0; s < series_names.size(); ++s) {
    entries.push_back({series_names[s], s % 2 ? "dashed" : "line", kLineColours[s % (sizeof kLineColours / sizeof *kLineColours)]});
  }
  for (const auto& t : targets) entries.push_back({t.label, "dotted", t.colour});
  return Legend(entries);
}

std::string LineChart(const std::string& id, const std::string& title, const std::vector<std::string>& x_labels,
                      const std::vector<Series>& series, double y_max, const std::string& y_suffix,
                      const std::vector<TargetLine>& targets) {
  const int left = 48, top = 10, plot_w = 230, plot_h = 150, width = left + plot_w + 24;
  if (y_max <= 0) y_max = 1;
  std::ostringstream svg;
  svg << Open(id, title, width, top + plot_h + 28);
  auto x_at = [&](size_t i) {
    return left + (x_labels.size() > 1 ? static_cast<int>(plot_w * i / (x_labels.size() - 1)) : plot_w / 2);
  };
  auto y_at = [&](double v) { return top + plot_h - static_cast<int>(plot_h * std::clamp(v, 0.0, y_max) / y_max); };
  for (int g = 0; g <= 4; ++g) {  // gridlines at quarters of the scale
    const double v = y_max * g / 4;
    svg << "<line x1=\"" << left << "\" x2=\"" << (left + plot_w) << "\" y1=\"" << y_at(v) << "\" y2=\"" << y_at(v)
        << "\" stroke=\"" << kGrid << "\" stroke-width=\"1\"/><text x=\"" << (left - 6) << "\" y=\"" << (y_at(v) + 5)
        << "\" font-size=\"" << kFont << "\" text-anchor=\"end\" fill=\"" << kChartText << "\">" << FormatNumber2(v)
        << HtmlEscape(y_suffix) << "</text>";
  }
  for (const auto& t : targets) {
    svg << "<line class=\"app-target\" x1=\"" << left << "\" x2=\"" << (left + plot_w) << "\" y1=\"" << y_at(t.value)
        << "\" y2=\"" << y_at(t.value) << "\" stroke=\"" << t.colour << "\" stroke-width=\"2\" stroke-dasharray=\"2 3\" "
        << "data-value=\"" << FormatNumber2(t.value) << "\"/>";
  }
  // At most four dates along the axis, the first and the last among them: room for each.
  const size_t n = x_labels.size();
  std::vector<size_t> shown;
  for (size_t k = 0; k < std::min<size_t>(n, 4); ++k) shown.push_back(n <= 4 ? k : (k * (n - 1) + 1) / 3);
  for (size_t i : shown) {
    const char* anchor = n > 1 && i == 0 ? "start" : n > 1 && i + 1 == n ? "end" : "middle";
    svg << "<text x=\"" << x_at(i) << "\" y=\"" << (top + plot_h + 20) << "\" font-size=\"" << kFont
        << "\" text-anchor=\"" << anchor << "\" fill=\"" << kChartText << "\">" << HtmlEscape(x_labels[i]) << "</text>";
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const char* colour = kLineColours[s % (sizeof kLineColours / sizeof *kLineColours)];
    std::string points;
    for (size_t i = 0; i < series[s].values.size() && i < n; ++i) {
      if (!series[s].values[i]) continue;
      points += std::to_string(x_at(i)) + "," + std::to_string(y_at(*series[s].values[i])) + " ";
      svg << "<circle cx=\"" << x_at(i) << "\" cy=\"" << y_at(*series[s].values[i]) << "\" r=\"4\" fill=\"" << colour
          << "\" data-series=\"" << s << "\" data-value=\"" << FormatNumber2(*series[s].values[i]) << "\"/>";
    }
    svg << "<polyline points=\"" << points << "\" fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"3\""
        << (s % 2 ? " stroke-dasharray=\"8 4\"" : "") << "/>";
  }
  svg << "</svg>";
  return svg.str();
}

}  // namespace oversight
