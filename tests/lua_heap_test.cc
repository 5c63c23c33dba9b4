// The Lua heap (host/policy/lua_heap.h): a plugin's tables and strings keep their bytes
// however their blocks grow, shrink or move between the small-block lists and malloc,
// and the heap's footprint stays under its limit whatever sizes a plugin frees and asks for.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "policy/lua_heap.h"

using namespace oversight;

namespace {

constexpr size_t kNoLimit = ~size_t{0};

void Fill(void* p, size_t n, unsigned char seed) {
  auto* b = static_cast<unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<unsigned char>(seed + i);
}

bool Holds(const void* p, size_t n, unsigned char seed) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) {
    if (b[i] != static_cast<unsigned char>(seed + i)) return false;
  }
  return true;
}

void* Take(LuaHeap* heap, void* p, size_t osize, size_t nsize, size_t limit = kNoLimit) {
  bool over = false;
  return heap->Resize(p, osize, nsize, limit, &over);
}

}  // namespace

TEST_CASE("a block keeps its bytes as it grows and shrinks across every size", "[sandbox]") {
  LuaHeap heap;
  const std::vector<size_t> sizes = {1, 15, 16, 17, 100, 256, 511, 512, 513, 4000, 70000, 33, 1};
  void* p = Take(&heap, nullptr, 0, sizes[0]);
  REQUIRE(p);
  Fill(p, sizes[0], 7);
  for (size_t k = 1; k < sizes.size(); ++k) {
    const size_t kept = std::min(sizes[k - 1], sizes[k]);
    p = Take(&heap, p, sizes[k - 1], sizes[k]);
    REQUIRE(p);
    CHECK(Holds(p, kept, 7));
    Fill(p, sizes[k], 7);
  }
  CHECK(Take(&heap, p, sizes.back(), 0) == nullptr);
}

TEST_CASE("blocks live at once never overlap, round after round of freeing", "[sandbox]") {
  LuaHeap heap;
  std::vector<std::pair<void*, size_t>> live;
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < 5000; ++i) {
      const size_t n = 1 + (i * 37) % 600;
      void* p = Take(&heap, nullptr, 0, n);
      REQUIRE(p);
      Fill(p, n, static_cast<unsigned char>(i));
      live.emplace_back(p, n);
    }
    for (size_t i = 0; i < live.size(); ++i) {
      REQUIRE(Holds(live[i].first, live[i].second, static_cast<unsigned char>(i % 5000)));
    }
    for (auto& [p, n] : live) Take(&heap, p, n, 0);
    live.clear();
  }
}

TEST_CASE("freed blocks of one size do not let blocks of another size past the limit", "[sandbox]") {
  // A plugin that fills its budget with 60-byte strings, drops them, then does the same
  // with 80-byte ones: the first lot's chunks still count, so the second is refused.
  LuaHeap heap;
  const size_t limit = 4u << 20;
  for (size_t size : {60, 80, 100}) {
    std::vector<void*> blocks;
    bool over = false;
    for (;;) {
      void* p = heap.Resize(nullptr, 0, size, limit, &over);
      if (!p) break;
      blocks.push_back(p);
    }
    CHECK(over);
    CHECK(heap.footprint() <= limit);
    for (void* p : blocks) heap.Resize(p, size, 0, limit, &over);
  }
  bool over = false;
  CHECK(heap.Resize(nullptr, 0, 3u << 20, limit, &over) == nullptr);  // large blocks count too
  CHECK(over);
}
