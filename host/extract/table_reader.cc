// Header mapping and per-record checks for one extract file.
#include "extract/table_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>

#include "extract/values.h"

namespace oversight {

static std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

TableReader::TableReader(const std::string& dir, int file_index, ImportErrors* errors)
    : TableReader(dir, ExtractFiles()[file_index], file_index, errors) {}

TableReader::TableReader(const std::string& dir, const FileSpec& spec, int order,
                         ImportErrors* errors)
    : spec_(spec), file_index_(order), errors_(errors), map_(spec_.columns.size(), -1) {
  std::string path = dir + "/" + spec_.file;
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) {
    struct stat st;
    if (stat(path.c_str(), &st) == 0) {
      Error(0, "", "cannot be read");
    } else if (!spec_.optional_file) {
      Error(0, "", "required file is missing");
    }
    return;
  }
  struct stat st;
  if (fstat(fileno(file_), &st) == 0) file_size_ = st.st_size;
  csv_ = std::make_unique<CsvReader>(file_);
  ReadHeader();
}

TableReader::~TableReader() {
  if (file_) std::fclose(file_);
}

void TableReader::Error(int64_t line, const std::string& column, const std::string& reason) {
  errors_->Add(file_index_, spec_.file, line, column, reason);
}

void TableReader::ReadHeader() {
  if (!csv_->Next(&record_)) {
    Error(1, "", "the file is empty: the first line must be the header");
    return;
  }
  for (int64_t bad : record_.invalid_utf8_lines) Error(bad, "", "bytes that are not valid UTF-8");
  if (record_.unterminated_quote) {
    Error(record_.line, "", "unterminated quoted field");
    return;
  }
  header_width_ = record_.fields.size();
  header_parsed_ = true;
  bool sound = record_.invalid_utf8_lines.empty();
  std::vector<std::string> seen;
  for (size_t i = 0; i < record_.fields.size(); ++i) {
    std::string name = Lower(record_.fields[i]);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      Error(1, name, "the column name appears twice in the header");
      sound = false;
      continue;
    }
    seen.push_back(name);
    int c = spec_.Column(name);
    if (c >= 0) {
      map_[c] = static_cast<int>(i);
    } else {
      notices_.push_back(spec_.file + ": column '" + record_.fields[i] + "' is not in the contract; ignored");
    }
  }
  for (size_t c = 0; c < spec_.columns.size(); ++c) {
    if (map_[c] < 0 && spec_.columns[c].required_column) {
      Error(1, spec_.columns[c].name, "required column is missing from the header");
      sound = false;
    }
  }
  usable_ = sound;
}

std::string_view TableReader::value(int c) const {
  int pos = map_[c];
  return pos < 0 ? std::string_view() : std::string_view(record_.fields[pos]);
}

bool TableReader::Next() {
  if (!csv_) return false;
  for (;;) {
    if (!csv_->Next(&record_)) {
      if (csv_->read_error()) Error(0, "", "read error");
      return false;
    }
    const int64_t line = record_.line;
    for (int64_t bad : record_.invalid_utf8_lines) Error(bad, "", "bytes that are not valid UTF-8");
    if (record_.unterminated_quote) {
      Error(line, "", "unterminated quoted field (the file ends inside quotes)");
      ++malformed_;
      continue;
    }
    if (record_.fields.size() != header_width_) {
      Error(line, "", "the record has " + std::to_string(record_.fields.size()) +
                          " fields; the header has " + std::to_string(header_width_));
      ++malformed_;
      continue;
    }
    if (!header_parsed_) continue;  // without a header the values cannot be placed
    row_ok_ = usable_ && record_.invalid_utf8_lines.empty();
    if (spec_.null_is_empty) {
      for (auto& f : record_.fields) {
        if (f == "NULL") f.clear();
      }
    }
    for (size_t c = 0; c < spec_.columns.size(); ++c) {
      if (map_[c] < 0) continue;
      const ColumnSpec& col = spec_.columns[c];
      std::string_view v = record_.fields[map_[c]];
      if (v.empty()) {
        if (col.required_value) {
          Error(line, col.name, "required value is empty");
          row_ok_ = false;
        }
        continue;
      }
      if (auto reason = CheckValue(col, v)) {
        Error(line, col.name, *reason);
        row_ok_ = false;
      }
    }
    return true;
  }
}

}  // namespace oversight
