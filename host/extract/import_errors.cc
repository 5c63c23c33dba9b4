// Collecting (the first kKept in listing order), ordering and printing import errors.
#include "extract/import_errors.h"

#include <algorithm>

#include "common/utf8.h"
#include "extract/contract.h"

namespace oversight {

namespace {
bool ListedBefore(const ImportError& a, const ImportError& b) {
  if (a.file_index != b.file_index) return a.file_index < b.file_index;
  if (a.line != b.line) return a.line < b.line;
  return a.sequence < b.sequence;
}
}  // namespace

void ImportErrors::Add(int file_index, int64_t line, std::string column, std::string reason) {
  Add(file_index, ExtractFiles()[file_index].file, line, std::move(column), std::move(reason));
}

void ImportErrors::Add(int order, std::string file, int64_t line, std::string column,
                       std::string reason) {
  ImportError e{order, std::move(file), line, std::move(column), std::move(reason),
                static_cast<int64_t>(found_++)};
  if (errors_.size() == kKept) {
    if (!ListedBefore(e, errors_.front())) return;
    std::pop_heap(errors_.begin(), errors_.end(), ListedBefore);
    errors_.pop_back();
  }
  errors_.push_back(std::move(e));
  std::push_heap(errors_.begin(), errors_.end(), ListedBefore);
}

std::vector<ImportError> ImportErrors::Sorted() const {
  std::vector<ImportError> sorted = errors_;
  std::sort(sorted.begin(), sorted.end(), ListedBefore);
  return sorted;
}

std::string FormatImportError(const ImportError& e) {
  std::string out = e.file;
  if (e.line > 0) out += ":" + std::to_string(e.line);
  out += ": ";
  if (!e.column.empty()) out += e.column + ": ";
  return PrintableText(out + e.reason);
}

namespace {
void Escape(std::string* out, unsigned char c) {
  static const char kHex[] = "0123456789ABCDEF";
  *out += "\\x";
  *out += kHex[c >> 4];
  *out += kHex[c & 15];
}
}  // namespace

std::string PrintableText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                                  : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F &&
        static_cast<unsigned char>(s[i + 1]) >= 0x80) {  // a C1 control character
      Escape(&out, c);
      Escape(&out, static_cast<unsigned char>(s[i + 1]));
      i += 2;
    } else if (n == 0 || c < 0x20 || c == 0x7F || !ValidUtf8(s.substr(i, n))) {
      Escape(&out, c);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string QuotedValue(std::string_view v) {
  constexpr size_t kShown = 100;
  if (v.size() <= kShown) return "'" + std::string(v) + "'";
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(v.substr(0, cut)) + "...' (" + std::to_string(v.size()) + " bytes)";
}

void ImportErrors::Print(std::ostream& out, size_t cap) const {
  std::vector<ImportError> sorted = Sorted();
  size_t shown = std::min(cap, sorted.size());
  for (size_t i = 0; i < shown; ++i) out << FormatImportError(sorted[i]) << "\n";
  if (found_ > shown) {
    out << "... and " << (found_ - shown) << " more errors\n";
  }
}

}  // namespace oversight
