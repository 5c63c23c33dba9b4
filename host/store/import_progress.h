// ImportProgress: a one-line progress report on a terminal while a long import runs.
// Silent when stderr is not a terminal, so logs and tests see only results.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace oversight {

class ImportProgress {
 public:
  explicit ImportProgress(bool enabled) : enabled_(enabled) {}
  // Reports at most a few times a second.
  void Update(const std::string& file, int64_t done_bytes, int64_t total_bytes);
  void Done();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace oversight
