// CsvReader: a streaming RFC 4180 reader for the extract's files (quoted commas,
// doubled quotes, line breaks inside quotes, a leading BOM, CRLF or LF).
// It reports syntax and encoding facts per record; judging them is the validator's job.
// Memory is bounded whatever the input: a field or a record over its limit is read to
// its end but not kept, and reported as overlong.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace oversight {

// How much of one record the reader keeps. The import uses the defaults: 64 KiB for a
// value (a thousand times the longest id) and 1 MiB for a record as written
// (separators and quotes included).
struct CsvLimits {
  size_t field_bytes = 64 * 1024;
  size_t record_bytes = 1024 * 1024;
};

struct CsvRecord {
  static constexpr size_t kNoField = static_cast<size_t>(-1);

  std::vector<std::string> fields;
  int64_t line = 0;                       // physical line the record starts on (1-based)
  std::vector<int64_t> invalid_utf8_lines;  // physical lines holding bytes that are not UTF-8
  bool unterminated_quote = false;        // input ended inside a quoted field
  // The first field over CsvLimits::field_bytes, or over which the record passed
  // record_bytes: its values from that field on are not kept. kNoField when whole.
  size_t overlong_field = kNoField;
  bool overlong_record = false;           // the record (not one field) passed its limit
  bool overlong() const { return overlong_field != kNoField; }
};

class CsvReader {
 public:
  // Reads `in` from its current position; does not own or close it.
  explicit CsvReader(std::FILE* in, CsvLimits limits = CsvLimits());
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record, skipping completely empty lines. False at end of input.
  bool Next(CsvRecord* record);
  // Bytes consumed so far (for progress reports).
  int64_t bytes_read() const { return consumed_; }
  // True once a read from the file failed (as opposed to reaching its end).
  bool read_error() const { return read_error_; }

 private:
  int Get();
  int Peek();
  bool Fill();
  void CheckUtf8(unsigned char c);
  void Keep(std::string& field, int c);
  void EndField(std::string& field, int terminator);

  std::FILE* in_;
  CsvLimits limits_;
  int64_t record_start_ = 0;  // consumed_ when the current record began
  std::vector<char> buffer_;
  size_t pos_ = 0, end_ = 0;
  int64_t consumed_ = 0;
  int64_t line_ = 1;          // physical line of the next byte
  bool read_error_ = false;
  bool at_start_ = true;      // a BOM is skipped only at the very start
  // UTF-8 decoder state: continuation bytes still expected and the range of the next.
  int utf8_pending_ = 0;
  unsigned char utf8_lo_ = 0x80, utf8_hi_ = 0xBF;
  CsvRecord* current_ = nullptr;
};

}  // namespace oversight
