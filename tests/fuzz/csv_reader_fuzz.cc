// libFuzzer target for the CSV reader: any bytes must read without crashing, hanging or
// leaking, and what it reports must be consistent (lines only move forward). Built and
// run by scripts/fuzz-csv; not part of the test suite.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "extract/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::FILE* in = fmemopen(const_cast<uint8_t*>(data), size, "rb");
  if (!in) return 0;
  oversight::CsvReader reader(in);
  oversight::CsvRecord record;
  int64_t last_line = 0;
  while (reader.Next(&record)) {
    if (record.line <= last_line || record.fields.empty()) std::abort();
    for (int64_t bad : record.invalid_utf8_lines) {
      if (bad < record.line) std::abort();
    }
    last_line = record.line;
  }
  if (reader.bytes_read() > static_cast<int64_t>(size)) std::abort();
  std::fclose(in);
  return 0;
}
