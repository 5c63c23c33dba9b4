// RowWriter: feeds rows to one prepared INSERT on a second thread, so that reading and
// checking a large CSV file (the caller's thread) and SQLite's work (the writer's)
// overlap on two cores. Rows are copied into batches; the caller must not use the
// database until Finish() has returned.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/status.h"
#include "store/sqlite.h"

namespace oversight {

class RowWriter {
 public:
  explicit RowWriter(Statement* insert);
  ~RowWriter();
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;

  // One row: a value for each parameter in order, then EndRow().
  void Int(int64_t v);
  void Real(double v);
  void Text(std::string_view v);
  void Null();
  void EndRow();
  // Writes what is left, stops the thread and returns the first error, if any.
  Status Finish();

 private:
  struct Cell {
    enum class Type : uint8_t { kInt, kReal, kText, kNull } type;
    int64_t i;
    double d;
    uint32_t offset, length;
  };
  struct Batch {
    std::vector<Cell> cells;
    std::vector<size_t> row_ends;  // cell index after each row
    std::string arena;
  };
  void Submit();
  void Run();

  Statement* insert_;
  std::unique_ptr<Batch> filling_;
  std::deque<std::unique_ptr<Batch>> queue_, spare_;
  std::mutex mu_;
  std::condition_variable changed_;
  bool done_ = false;
  Status status_;
  std::thread thread_;
};

}  // namespace oversight
