// The Lua heap (host/policy/lua_heap.h): a plugin's tables and strings keep their bytes
// however their blocks grow, shrink or move between the small-block lists and malloc.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "policy/lua_heap.h"

using namespace oversight;

namespace {

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

}  // namespace

TEST_CASE("a block keeps its bytes as it grows and shrinks across every size", "[sandbox]") {
  LuaHeap heap;
  const std::vector<size_t> sizes = {1, 15, 16, 17, 100, 256, 511, 512, 513, 4000, 70000, 33, 1};
  void* p = heap.Resize(nullptr, 0, sizes[0]);
  REQUIRE(p);
  Fill(p, sizes[0], 7);
  for (size_t k = 1; k < sizes.size(); ++k) {
    const size_t kept = std::min(sizes[k - 1], sizes[k]);
    p = heap.Resize(p, sizes[k - 1], sizes[k]);
    REQUIRE(p);
    CHECK(Holds(p, kept, 7));
    Fill(p, sizes[k], 7);
  }
  CHECK(heap.Resize(p, sizes.back(), 0) == nullptr);
}

TEST_CASE("blocks live at once never overlap, round after round of freeing", "[sandbox]") {
  LuaHeap heap;
  std::vector<std::pair<void*, size_t>> live;
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < 5000; ++i) {
      const size_t n = 1 + (i * 37) % 600;
      void* p = heap.Resize(nullptr, 0, n);
      REQUIRE(p);
      Fill(p, n, static_cast<unsigned char>(i));
      live.emplace_back(p, n);
    }
    for (size_t i = 0; i < live.size(); ++i) {
      REQUIRE(Holds(live[i].first, live[i].second, static_cast<unsigned char>(i % 5000)));
    }
    for (auto& [p, n] : live) heap.Resize(p, n, 0);
    live.clear();
  }
}
