// Progress lines on stderr, rewritten in place with a carriage return.
#include "store/import_progress.h"

#include <cstdio>

namespace oversight {

void ImportProgress::Update(const std::string& file, int64_t done, int64_t total) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  shown_ = true;
  int pct = total > 0 ? static_cast<int>(100 * done / total) : 100;
  std::fprintf(stderr, "\rimporting %-22s %3d%%  (%lld MB)   ", file.c_str(), pct,
               static_cast<long long>(done >> 20));
  std::fflush(stderr);
}

void ImportProgress::Done() {
  if (enabled_ && shown_) std::fprintf(stderr, "\r%60s\r", "");
}

}  // namespace oversight
