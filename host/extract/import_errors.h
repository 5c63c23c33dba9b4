// ImportErrors: every problem found in an extract, kept until the end so that they can
// be listed file by file in the contract's order and line by line, as
// `file:line: column: reason`.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace oversight {

struct ImportError {
  int file_index;    // where the file's errors are listed: ExtractFiles() position, or another layout's order
  std::string file;  // the file's name, as the council wrote it
  int64_t line;      // 0: the file as a whole
  std::string column;  // empty: no single column
  std::string reason;
  int64_t sequence;  // keeps the order errors were found in, within a line
};

class ImportErrors {
 public:
  // An error in file ExtractFiles()[file_index].
  void Add(int file_index, int64_t line, std::string column, std::string reason);
  // An error in a file of another layout (e.g. an SSD table), listed by `order`.
  void Add(int order, std::string file, int64_t line, std::string column, std::string reason);
  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  // Sorted by file, line, then discovery order; at most `cap` lines and a count of the rest.
  void Print(std::ostream& out, size_t cap = 1000) const;
  std::vector<ImportError> Sorted() const;

 private:
  std::vector<ImportError> errors_;
};

std::string FormatImportError(const ImportError& e);

}  // namespace oversight
