// Linear probing over a power-of-two table, kept at most three quarters full.
#include "extract/id_index.h"

#include <algorithm>
#include <functional>

namespace oversight {

IdIndex::IdIndex(size_t expected) {
  size_t capacity = 16;
  while (capacity * 3 < expected * 4) capacity *= 2;
  slots_.assign(capacity, Slot{kEmpty, 0, 0});
}

size_t IdIndex::Probe(std::string_view id, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  for (;;) {
    const Slot& s = slots_[i];
    if (s.where == kEmpty) return i;
    if (s.hash == static_cast<uint32_t>(hash) && s.length() == id.size() &&
        std::string_view(arena_.data() + s.offset(), s.length()) == id) {
      return i;
    }
    i = (i + 1) & mask;
  }
}

int64_t IdIndex::Find(std::string_view id) const {
  const Slot& s = slots_[Probe(id, std::hash<std::string_view>()(id))];
  return s.where == kEmpty ? kMissing : s.value;
}

int64_t IdIndex::Insert(std::string_view id, int64_t value) {
  const uint64_t hash = std::hash<std::string_view>()(id);
  Slot& s = slots_[Probe(id, hash)];
  if (s.where != kEmpty) return s.value;
  const size_t length = std::min<size_t>(id.size(), kMaxLength);
  s = Slot{(static_cast<uint64_t>(arena_.size()) << kLengthBits) | length, static_cast<uint32_t>(hash),
           static_cast<uint32_t>(value)};
  arena_.append(id.substr(0, length));
  if (++count_ * 4 > slots_.size() * 3) Grow();
  return kMissing;
}

void IdIndex::Grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.size() * 2, Slot{kEmpty, 0, 0});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.where == kEmpty) continue;
    std::string_view id(arena_.data() + s.offset(), s.length());
    size_t i = std::hash<std::string_view>()(id) & mask;
    while (slots_[i].where != kEmpty) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace oversight
