// The in-order fast path, and the move to a hash index when the order breaks.
#include "extract/unique_ids.h"

#include <algorithm>

namespace oversight {

int64_t UniqueIds::Insert(std::string_view id, int64_t value) {
  if (in_order_) {
    const size_t last = ends_.size() < 2 ? 0 : ends_[ends_.size() - 2];  // where the latest id starts
    if (ends_.empty() || std::string_view(arena_).substr(last) < id) {
      arena_.append(id);
      ends_.push_back(arena_.size());
      values_.push_back(static_cast<uint32_t>(value));
      return IdIndex::kMissing;
    }
    MoveToIndex();
  }
  return index_.Insert(id, value);
}

void UniqueIds::MoveToIndex() {
  index_ = IdIndex(std::max(expected_, ends_.size() * 2));
  size_t start = 0;
  for (size_t i = 0; i < ends_.size(); ++i) {
    index_.Insert(std::string_view(arena_).substr(start, ends_[i] - start), values_[i]);
    start = ends_[i];
  }
  in_order_ = false;
  std::string().swap(arena_);
  std::vector<uint64_t>().swap(ends_);
  std::vector<uint32_t>().swap(values_);
}

}  // namespace oversight
