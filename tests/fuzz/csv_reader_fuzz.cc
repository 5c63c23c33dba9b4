// libFuzzer target for the CSV reader: any bytes must read without crashing, hanging or
// leaking, and what it reports must be consistent (lines only move forward, nothing kept
// beyond the limits). Small limits, so that inputs of a few KiB reach them. Built and
// run by scripts/fuzz-csv; not part of the test suite.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "extract/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::FILE* in = fmemopen(const_cast<uint8_t*>(data), size, "rb");
  if (!in) return 0;
  const oversight::CsvLimits limits{64, 512};
  oversight::CsvReader reader(in, limits);
  oversight::CsvRecord record;
  int64_t last_line = 0;
  while (reader.Next(&record)) {
    if (record.line <= last_line) std::abort();
    if (record.fields.empty() && !record.overlong()) std::abort();
    if (record.overlong_record && !record.overlong()) std::abort();
    size_t kept = 0;
    for (const auto& f : record.fields) {
      if (f.size() > limits.field_bytes) std::abort();
      kept += f.size() + 1;
    }
    if (kept > limits.record_bytes + 1) std::abort();
    if (record.overlong() && record.overlong_field != record.fields.size()) std::abort();
    for (int64_t bad : record.invalid_utf8_lines) {
      if (bad < record.line) std::abort();
    }
    last_line = record.line;
  }
  if (reader.bytes_read() > static_cast<int64_t>(size)) std::abort();
  std::fclose(in);
  return 0;
}
