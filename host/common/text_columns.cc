// Widths in code points; cutting only between UTF-8 sequences.
#include "common/text_columns.h"

namespace oversight {

namespace {

bool Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

}  // namespace

size_t DisplayWidth(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += Continuation(c) ? 0 : 1;
  return n;
}

std::string Shorten(std::string_view s, size_t width) {
  std::string line = OneLine(s);
  if (DisplayWidth(line) <= width) return line;
  if (width == 0) return "";
  size_t kept = 0, i = 0;
  for (; i < line.size(); ++i) {
    if (!Continuation(line[i]) && kept++ == width - 1) break;
  }
  return line.substr(0, i) + "\u2026";
}

std::string PadRight(std::string_view s, size_t width) {
  std::string out = Shorten(s, width);
  return out + std::string(width - DisplayWidth(out), ' ');
}

std::string PadLeft(std::string_view s, size_t width) {
  std::string out = Shorten(s, width);
  return std::string(width - DisplayWidth(out), ' ') + out;
}

std::vector<std::string> Wrap(std::string_view text, size_t width, const std::string& indent) {
  const std::string flat = OneLine(text);
  size_t i = flat.find_first_not_of(' ');
  if (i == std::string::npos) return {};
  std::vector<std::string> lines;
  std::string line = flat.substr(0, i);  // the first line keeps its own indent
  bool line_has_word = false;
  while (i < flat.size()) {
    size_t end = flat.find(' ', i);
    if (end == std::string::npos) end = flat.size();
    const std::string word = flat.substr(i, end - i);
    i = flat.find_first_not_of(' ', end);
    if (i == std::string::npos) i = flat.size();
    if (line_has_word && DisplayWidth(line) + 1 + DisplayWidth(word) > width) {
      lines.push_back(line);
      line = indent;
      line_has_word = false;
    }
    if (line_has_word) line += " ";
    const size_t used = DisplayWidth(line);
    line += Shorten(word, width > used ? width - used : 1);
    line_has_word = true;
  }
  lines.push_back(line);
  return lines;
}

}  // namespace oversight
