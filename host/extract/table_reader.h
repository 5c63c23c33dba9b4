// TableReader: one file of the extract read against its FileSpec. It maps the header
// (case-insensitive, any order), then yields each record's values in the contract's
// column order, having checked encoding, syntax, required values and value types.
// Checks across records (keys, references, order, shape) belong to the importer.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/contract.h"
#include "extract/csv_reader.h"
#include "extract/import_errors.h"

namespace oversight {

class TableReader {
 public:
  // Opens DIR/spec.file. A missing required file is an error; a missing optional one
  // reads as empty; anything but a regular file (after following symlinks: a FIFO, a
  // device, a folder) is refused unread. Header problems are recorded in `errors`.
  TableReader(const std::string& dir, int file_index, ImportErrors* errors);
  // A file of another layout (e.g. an SSD table); its errors are listed by `order`.
  TableReader(const std::string& dir, const FileSpec& spec, int order, ImportErrors* errors);
  ~TableReader();

  // The next record whose syntax is sound; false at the end. Values that failed a
  // check are reported and the record is still returned with `row_ok() == false`.
  bool Next();
  bool row_ok() const { return row_ok_; }
  int64_t line() const { return record_.line; }
  // The value of contract column `c` (empty when the column is not in the header).
  std::string_view value(int c) const;
  bool has_column(int c) const { return map_[c] >= 0; }
  // The file exists and its header has every required column once: its keys can be trusted.
  bool usable() const { return usable_; }
  // Records skipped for their syntax (unterminated quote, wrong field count): their ids
  // are unknown, so references into this file cannot be judged fairly.
  int64_t malformed_records() const { return malformed_; }
  int64_t bytes_read() const { return csv_ ? csv_->bytes_read() : 0; }
  int64_t file_size() const { return file_size_; }
  const std::vector<std::string>& notices() const { return notices_; }

 private:
  std::FILE* Open(const std::string& path);
  void ReadHeader();
  bool ReportOverlong();
  void Error(int64_t line, const std::string& column, const std::string& reason);

  const FileSpec& spec_;
  int file_index_;
  ImportErrors* errors_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<CsvReader> csv_;
  CsvRecord record_;
  std::vector<int> map_;   // contract column -> position in the record, or -1
  std::vector<std::string> header_names_;  // lower case, by position
  size_t header_width_ = 0;
  bool header_parsed_ = false;
  bool usable_ = false;
  bool row_ok_ = false;
  int64_t file_size_ = 0;
  int64_t malformed_ = 0;
  std::vector<std::string> notices_;
};

}  // namespace oversight
