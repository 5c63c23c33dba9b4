// IdIndex: a set of ids (opaque byte strings) built while an extract streams past, for
// the duplicate and reference checks: ids packed into one arena, looked up by
// string_view in an open-addressing table. Millions of ids in a few bytes each over
// their length, with no allocation per id (unlike std::unordered_set<std::string>).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace oversight {

class IdIndex {
 public:
  static constexpr int64_t kMissing = -1;

  explicit IdIndex(size_t expected = 1024);
  // Adds `id` with `value` (0 to 2^32-1) unless present. Returns the value it already
  // had, or kMissing. Ids must be shorter than 16 MiB (the CSV reader keeps values of up
  // to 64 KiB): a longer one is stored cut short and never found again.
  int64_t Insert(std::string_view id, int64_t value);
  int64_t Find(std::string_view id) const;
  size_t size() const { return count_; }

 private:
  // 16 bytes: where the id is in the arena (offset << 24 | length: ids of up to 16 MiB,
  // more than a record the CSV reader keeps, in an arena of up to 1 TiB), part of its
  // hash to skip most comparisons, and its value.
  struct Slot {
    uint64_t where;  // kEmpty when unused
    uint32_t hash;
    uint32_t value;
    uint64_t offset() const { return where >> kLengthBits; }
    uint32_t length() const { return static_cast<uint32_t>(where & kMaxLength); }
  };
  static constexpr int kLengthBits = 24;
  static constexpr uint64_t kMaxLength = (1ull << kLengthBits) - 1;
  static constexpr uint64_t kEmpty = ~0ull;
  void Grow();
  size_t Probe(std::string_view id, uint64_t hash) const;

  std::string arena_;
  std::vector<Slot> slots_;
  size_t count_ = 0;
};

}  // namespace oversight
