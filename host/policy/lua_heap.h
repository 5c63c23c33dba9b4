// LuaHeap: where a plugin's Lua state gets its memory. Small blocks (tables, strings,
// closures: most of what a plugin allocates, row by row) come from free lists by size
// class, carved from 256 KB chunks; larger blocks from malloc. It holds its footprint
// (whole chunks, free blocks included, and large blocks) under a limit the caller gives.
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
  // nsize 0 frees ptr. osize is 0 when ptr is null. Null also when serving it would take
  // footprint() past `limit`; *over_limit says so.
  void* Resize(void* ptr, size_t osize, size_t nsize, size_t limit, bool* over_limit);

  // What the heap holds from the system: its chunks, whole, and its large blocks. A
  // block freed stays in its chunk for blocks of its size, so this never shrinks until
  // the heap goes; the budget is on this, not on the live blocks.
  size_t footprint() const { return chunks_.size() * kChunkBytes + large_bytes_; }

 private:
  static constexpr size_t kGrain = 16;
  static constexpr size_t kLargestSmall = 512;  // a row's table and its hash part
  static constexpr size_t kClasses = kLargestSmall / kGrain;
  static constexpr size_t kChunkBytes = 256 * 1024;

  static size_t ClassOf(size_t size) { return (size - 1) / kGrain; }
  void* TakeSmall(size_t cls, size_t limit, bool* over_limit);
  void GiveBackSmall(void* block, size_t cls);
  void* ResizeLarge(void* ptr, size_t osize, size_t nsize, bool was_small, size_t limit, bool* over_limit);

  struct FreeBlock {
    FreeBlock* next;
  };
  FreeBlock* free_[kClasses] = {};
  std::vector<char*> chunks_;
  char* carve_ = nullptr;  // the unused rest of the newest chunk
  size_t carve_left_ = 0;
  size_t large_bytes_ = 0;
};

}  // namespace oversight
