// UniqueIds: the duplicate check of a column that must be unique, for files of millions
// of rows. While the ids arrive in increasing byte order (as exported tables usually
// are) each is only compared with the one before it, and none can repeat; at the first
// that does not follow, the ids so far go into an IdIndex, which checks every later one.
// Only answers "seen before?"; for lookups by id, IdIndex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/id_index.h"

namespace oversight {

class UniqueIds {
 public:
  explicit UniqueIds(size_t expected) : expected_(expected) {}
  // As IdIndex::Insert: adds `id` with `value` (0 to 2^32-1) unless present; returns the
  // value it already had, or IdIndex::kMissing.
  int64_t Insert(std::string_view id, int64_t value);

 private:
  void MoveToIndex();

  size_t expected_;
  bool in_order_ = true;
  // While in order: the ids so far, end to end, where each ends, and their values.
  std::string arena_;
  std::vector<uint64_t> ends_;
  std::vector<uint32_t> values_;
  IdIndex index_{16};  // once out of order
};

}  // namespace oversight
