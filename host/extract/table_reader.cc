// Header mapping and per-record checks for one extract file.
#include "extract/table_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "extract/values.h"

namespace oversight {

static std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// What a file that is not a regular one is, for the error that refuses it.
static std::string KindOfFile(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

TableReader::TableReader(const std::string& dir, int file_index, ImportErrors* errors)
    : TableReader(dir, ExtractFiles()[file_index], file_index, errors) {}

TableReader::TableReader(const std::string& dir, const FileSpec& spec, int order,
                         ImportErrors* errors)
    : spec_(spec), file_index_(order), errors_(errors), map_(spec_.columns.size(), -1) {
  file_ = Open(dir + "/" + spec_.file);
  if (!file_) return;
  csv_ = std::make_unique<CsvReader>(file_);
  ReadHeader();
}

// Only a regular file is read: a FIFO would block the import and a device (/dev/zero)
// never ends. Symlinks are followed, and the file actually opened is checked again.
// O_NONBLOCK keeps the open itself from waiting for a FIFO's writer.
std::FILE* TableReader::Open(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      if (!spec_.optional_file) Error(0, "", "required file is missing");
    } else {
      Error(0, "", std::string("cannot be read: ") + std::strerror(errno));
    }
    return nullptr;
  }
  auto refuse = [&](mode_t mode) {
    Error(0, "", "is " + KindOfFile(mode) + ", not a regular file: refused");
  };
  if (!S_ISREG(st.st_mode)) {
    refuse(st.st_mode);
    return nullptr;
  }
  int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    Error(0, "", std::string("cannot be read: ") + std::strerror(errno));
    return nullptr;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    refuse(st.st_mode);
    close(fd);
    return nullptr;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::FILE* file = fdopen(fd, "rb");
  if (!file) {
    Error(0, "", std::string("cannot be read: ") + std::strerror(errno));
    close(fd);
    return nullptr;
  }
  file_size_ = st.st_size;
  return file;
}

TableReader::~TableReader() {
  if (file_) std::fclose(file_);
}

void TableReader::Error(int64_t line, const std::string& column, const std::string& reason) {
  errors_->Add(file_index_, spec_.file, line, column, reason);
}

// A record over the reader's limits, reported on the column where it passed them.
bool TableReader::ReportOverlong() {
  if (!record_.overlong()) return false;
  const size_t f = record_.overlong_field;
  const std::string column =
      f < header_names_.size() ? header_names_[f] : "field " + std::to_string(f + 1);
  const CsvLimits limits;
  if (record_.overlong_record) {
    Error(record_.line, column, "the record is longer than " + std::to_string(limits.record_bytes) +
                                    " bytes, the most one record may hold");
  } else {
    Error(record_.line, column, "the value is longer than " + std::to_string(limits.field_bytes) +
                                    " bytes, the most one value may hold");
  }
  return true;
}

void TableReader::ReadHeader() {
  if (!csv_->Next(&record_)) {
    Error(1, "", "the file is empty: the first line must be the header");
    return;
  }
  for (int64_t bad : record_.invalid_utf8_lines) Error(bad, "", "bytes that are not valid UTF-8");
  const bool overlong = ReportOverlong();
  if (record_.unterminated_quote) Error(record_.line, "", "unterminated quoted field");
  if (overlong || record_.unterminated_quote) return;
  header_width_ = record_.fields.size();
  header_parsed_ = true;
  bool sound = record_.invalid_utf8_lines.empty();
  std::vector<std::string> seen;
  for (size_t i = 0; i < record_.fields.size(); ++i) {
    std::string name = Lower(record_.fields[i]);
    header_names_.push_back(name);
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
      notices_.push_back(PrintableText(spec_.file + ": column " + QuotedValue(record_.fields[i]) +
                                       " is not in the contract; ignored"));
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
    const bool overlong = ReportOverlong();
    if (record_.unterminated_quote) {
      Error(line, "", "unterminated quoted field (the file ends inside quotes)");
    }
    if (overlong || record_.unterminated_quote) {
      ++malformed_;
      continue;
    }
    if (!header_parsed_) continue;  // without a header the records cannot be judged
    if (record_.fields.size() != header_width_) {
      Error(line, "", "the record has " + std::to_string(record_.fields.size()) +
                          " fields; the header has " + std::to_string(header_width_));
      ++malformed_;
      continue;
    }
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
