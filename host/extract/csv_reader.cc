// The CSV state machine. One byte at a time from a large buffer; UTF-8 is checked
// as the bytes pass so that an invalid byte is pinned to its physical line. A field or
// record over its limit is read to its end (so lines stay counted) without being kept.
#include "extract/csv_reader.h"

namespace oversight {

namespace {
constexpr size_t kBufferSize = 1 << 20;
}

CsvReader::CsvReader(std::FILE* in, CsvLimits limits)
    : in_(in), limits_(limits), buffer_(kBufferSize) {}

bool CsvReader::Fill() {
  if (pos_ < end_) return true;
  pos_ = 0;
  end_ = std::fread(buffer_.data(), 1, buffer_.size(), in_);
  if (end_ == 0 && std::ferror(in_)) read_error_ = true;
  if (at_start_) {
    at_start_ = false;
    if (end_ >= 3 && static_cast<unsigned char>(buffer_[0]) == 0xEF &&
        static_cast<unsigned char>(buffer_[1]) == 0xBB &&
        static_cast<unsigned char>(buffer_[2]) == 0xBF) {
      pos_ = 3;
      consumed_ += 3;
    }
  }
  return pos_ < end_;
}

void CsvReader::CheckUtf8(unsigned char c) {
  bool bad = false;
  if (utf8_pending_ > 0) {
    if (c >= utf8_lo_ && c <= utf8_hi_) {
      --utf8_pending_;
      utf8_lo_ = 0x80;
      utf8_hi_ = 0xBF;
      return;
    }
    bad = true;  // a truncated sequence; c itself is judged afresh below
    utf8_pending_ = 0;
    utf8_lo_ = 0x80;
    utf8_hi_ = 0xBF;
  }
  if (c < 0x80) {
  } else if (c >= 0xC2 && c <= 0xDF) {
    utf8_pending_ = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    utf8_pending_ = 2;
    if (c == 0xE0) utf8_lo_ = 0xA0;  // no overlong forms
    if (c == 0xED) utf8_hi_ = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    utf8_pending_ = 3;
    if (c == 0xF0) utf8_lo_ = 0x90;
    if (c == 0xF4) utf8_hi_ = 0x8F;  // nothing above U+10FFFF
  } else {
    bad = true;
  }
  if (bad && current_ && !current_->overlong()) {
    // A sequence cut by a line break belongs to the line that held its lead byte;
    // the break itself is on the earlier line, so line_ is right for c.
    auto& lines = current_->invalid_utf8_lines;
    if (lines.empty() || lines.back() != line_) lines.push_back(line_);
  }
}

int CsvReader::Get() {
  if (pos_ >= end_ && !Fill()) {
    if (utf8_pending_ > 0) {
      utf8_pending_ = 0;
      if (current_ && !current_->overlong()) current_->invalid_utf8_lines.push_back(line_);
    }
    return EOF;
  }
  unsigned char c = static_cast<unsigned char>(buffer_[pos_++]);
  ++consumed_;
  if (c >= 0x80 || utf8_pending_ > 0) CheckUtf8(c);
  if (c == '\n') ++line_;
  return c;
}

int CsvReader::Peek() {
  if (pos_ >= end_ && !Fill()) return EOF;
  return static_cast<unsigned char>(buffer_[pos_]);
}

// Appends a byte of the field being read, unless that would pass the field's limit.
inline void CsvReader::Keep(std::string& field, int c) {
  if (field.size() < limits_.field_bytes) {
    field.push_back(static_cast<char>(c));
  } else if (!current_->overlong()) {
    current_->overlong_field = current_->fields.size();
  }
}

// Ends a field on `terminator` (',', the CR or LF of a line end, or EOF): adds it to the
// record while the record, as written up to here without its line end, is in its limit.
void CsvReader::EndField(std::string& field, int terminator) {
  CsvRecord& r = *current_;
  if (!r.overlong()) {
    const int64_t bytes = consumed_ - record_start_ - (terminator == '\n' || terminator == '\r');
    if (bytes > static_cast<int64_t>(limits_.record_bytes)) {
      r.overlong_field = r.fields.size();
      r.overlong_record = true;
    }
  }
  if (!r.overlong()) r.fields.push_back(std::move(field));
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->invalid_utf8_lines.clear();
  record->unterminated_quote = false;
  record->overlong_field = CsvRecord::kNoField;
  record->overlong_record = false;
  current_ = record;

  // Skip completely empty lines (LF or CRLF alone).
  int c;
  for (;;) {
    record->line = line_;
    c = Get();
    if (c == EOF) return false;
    if (c == '\n') continue;
    if (c == '\r' && Peek() == '\n') {
      Get();
      continue;
    }
    break;
  }
  record_start_ = consumed_ - 1;

  std::string field;
  for (;;) {
    // c is the first byte of a field (or the byte that ends an empty one).
    field.clear();
    if (c == '"') {
      for (;;) {
        c = Get();
        if (c == EOF) {
          record->unterminated_quote = true;
          EndField(field, c);
          return true;
        }
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            Keep(field, '"');
            continue;
          }
          break;  // closing quote
        }
        Keep(field, c);
      }
      c = Get();
      // Bytes between a closing quote and the next separator are kept as written.
      while (c != ',' && c != '\n' && c != EOF && !(c == '\r' && Peek() == '\n')) {
        Keep(field, c);
        c = Get();
      }
    } else {
      while (c != ',' && c != '\n' && c != EOF && !(c == '\r' && Peek() == '\n')) {
        Keep(field, c);
        c = Get();
      }
    }
    EndField(field, c);
    if (c == ',') {
      c = Get();
      continue;
    }
    if (c == '\r') Get();  // the LF of a CRLF
    return true;
  }
}

}  // namespace oversight
