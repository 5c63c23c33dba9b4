// ImportErrors: every problem found in an extract, kept until the end so that they can
// be listed file by file in the contract's order and line by line, as
// `file:line: column: reason`.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
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
  // Errors kept for listing: the first this many in listing order. Every error is
  // counted, but a hostile extract with millions of them cannot exhaust memory.
  static constexpr size_t kKept = 10000;

  // An error in file ExtractFiles()[file_index].
  void Add(int file_index, int64_t line, std::string column, std::string reason);
  // An error in a file of another layout (e.g. an SSD table), listed by `order`.
  void Add(int order, std::string file, int64_t line, std::string column, std::string reason);
  bool empty() const { return found_ == 0; }
  size_t size() const { return found_; }  // every error found, kept or not
  // Sorted by file, line, then discovery order; at most `cap` lines and a count of the rest.
  void Print(std::ostream& out, size_t cap = 1000) const;
  // The kept errors, in listing order.
  std::vector<ImportError> Sorted() const;

 private:
  std::vector<ImportError> errors_;  // a heap, the last in listing order on top
  size_t found_ = 0;
};

// One line, safe for a terminal (see PrintableText).
std::string FormatImportError(const ImportError& e);

// `s` safe to show on a terminal or in a log: control characters (C0, DEL, C1) and bytes
// that are not UTF-8 are written as \xNN, so that a value from the extract can neither
// steer the terminal nor split an error over lines.
std::string PrintableText(std::string_view s);

// A value from the extract as a reason quotes it: in single quotes, cut after 100 bytes
// (at a character boundary, with its full length said).
std::string QuotedValue(std::string_view v);

}  // namespace oversight
