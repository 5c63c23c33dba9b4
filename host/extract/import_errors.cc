// Collecting, ordering and printing import errors.
#include "extract/import_errors.h"

#include <algorithm>

#include "extract/contract.h"

namespace oversight {

void ImportErrors::Add(int file_index, int64_t line, std::string column, std::string reason) {
  Add(file_index, ExtractFiles()[file_index].file, line, std::move(column), std::move(reason));
}

void ImportErrors::Add(int order, std::string file, int64_t line, std::string column,
                       std::string reason) {
  errors_.push_back({order, std::move(file), line, std::move(column), std::move(reason),
                     static_cast<int64_t>(errors_.size())});
}

std::vector<ImportError> ImportErrors::Sorted() const {
  std::vector<ImportError> sorted = errors_;
  std::sort(sorted.begin(), sorted.end(), [](const ImportError& a, const ImportError& b) {
    if (a.file_index != b.file_index) return a.file_index < b.file_index;
    if (a.line != b.line) return a.line < b.line;
    return a.sequence < b.sequence;
  });
  return sorted;
}

std::string FormatImportError(const ImportError& e) {
  std::string out = e.file;
  if (e.line > 0) out += ":" + std::to_string(e.line);
  out += ": ";
  if (!e.column.empty()) out += e.column + ": ";
  return out + e.reason;
}

void ImportErrors::Print(std::ostream& out, size_t cap) const {
  std::vector<ImportError> sorted = Sorted();
  size_t shown = std::min(cap, sorted.size());
  for (size_t i = 0; i < shown; ++i) out << FormatImportError(sorted[i]) << "\n";
  if (sorted.size() > shown) {
    out << "... and " << (sorted.size() - shown) << " more errors\n";
  }
}

}  // namespace oversight
