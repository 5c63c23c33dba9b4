// Text for an 80-column terminal: widths counted in code points (not bytes), shortening
// with a visible ellipsis "…" on a UTF-8 boundary, padding into columns and wrapping prose.
// Control characters (a line break in a name) become spaces so a row stays one line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace oversight {

inline constexpr size_t kTerminalColumns = 80;

// Code points in `s` (its width on a terminal for the scripts a council's names use).
size_t DisplayWidth(std::string_view s);
// `s` on one line, at most `width` code points: cut short with "…" when longer.
std::string Shorten(std::string_view s, size_t width);
// Shortened to `width`, then padded with spaces to exactly `width` (left-aligned).
std::string PadRight(std::string_view s, size_t width);
// Shortened to `width`, then right-aligned in exactly `width`.
std::string PadLeft(std::string_view s, size_t width);
// Words wrapped into lines of at most `width` code points; lines after the first start
// with `indent`. A word longer than a line is shortened.
std::vector<std::string> Wrap(std::string_view text, size_t width, const std::string& indent = "");

}  // namespace oversight
