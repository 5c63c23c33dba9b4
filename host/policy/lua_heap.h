// LuaHeap: where a plugin's Lua state gets its memory. Small blocks (tables, strings,
// closures: most of what a plugin allocates, row by row) come from free lists by size
// class, carved from large chunks; larger blocks from malloc. It only serves memory;
// the budget on it is LuaSandbox's.
#pragma once

#include <cstddef>
#include <vector>

namespace oversight {

class LuaHeap {
 public:
  LuaHeap() = default;
  ~LuaHeap();
  LuaHeap(const LuaHeap&) = delete;
  LuaHeap& operator=(const LuaHeap&) = delete;

  // As lua_Alloc with a known old size (Lua always passes a block's size): a block of
  // `nsize` bytes holding the first bytes of `ptr`, or null (ptr is then untouched);
  // nsize 0 frees ptr. osize is 0 when ptr is null.
  void* Resize(void* ptr, size_t osize, size_t nsize);

  // What a block of `size` bytes really occupies.
  static size_t Footprint(size_t size);

 private:
  static constexpr size_t kGrain = 16;
  static constexpr size_t kLargestSmall = 512;
  static constexpr size_t kClasses = kLargestSmall / kGrain;
  static constexpr size_t kChunkBytes = 256 * 1024;

  static size_t ClassOf(size_t size) { return (size - 1) / kGrain; }
  void* TakeSmall(size_t cls);
  void GiveBackSmall(void* block, size_t cls);

  struct FreeBlock {
    FreeBlock* next;
  };
  FreeBlock* free_[kClasses] = {};
  std::vector<char*> chunks_;
  char* carve_ = nullptr;  // the unused rest of the newest chunk
  size_t carve_left_ = 0;
};

}  // namespace oversight
