// Size-class free lists for the Lua heap. Under AddressSanitizer a free block is
// poisoned, so that a use after free inside the pool is still caught.
#include "policy/lua_heap.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define OVERSIGHT_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define OVERSIGHT_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define OVERSIGHT_POISON(p, n) ((void)(p), (void)(n))
#define OVERSIGHT_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace oversight {

LuaHeap::~LuaHeap() {
  for (char* chunk : chunks_) {
    OVERSIGHT_UNPOISON(chunk, kChunkBytes);
    std::free(chunk);
  }
}

void* LuaHeap::TakeSmall(size_t cls, size_t limit, bool* over_limit) {
  const size_t bytes = (cls + 1) * kGrain;
  if (FreeBlock* b = free_[cls]) {
    OVERSIGHT_UNPOISON(b, bytes);
    free_[cls] = b->next;
    return b;
  }
  if (carve_left_ < bytes) {
    if (footprint() + kChunkBytes > limit) {
      *over_limit = true;
      return nullptr;
    }
    // What is left of the old chunk (less than one block of this class) goes to the
    // free list of the class it fits, so no memory is stranded; it is never carved again.
    if (carve_left_ >= kGrain) GiveBackSmall(carve_, carve_left_ / kGrain - 1);
    carve_ = nullptr;
    carve_left_ = 0;
    auto* chunk = static_cast<char*>(std::malloc(kChunkBytes));
    if (!chunk) return nullptr;
    try {  // Lua is C: nothing may be thrown through it
      chunks_.push_back(chunk);
    } catch (const std::bad_alloc&) {
      std::free(chunk);
      return nullptr;
    }
    OVERSIGHT_POISON(chunk, kChunkBytes);
    carve_ = chunk;
    carve_left_ = kChunkBytes;
  }
  void* block = carve_;
  carve_ += bytes;
  carve_left_ -= bytes;
  OVERSIGHT_UNPOISON(block, bytes);
  return block;
}

void LuaHeap::GiveBackSmall(void* block, size_t cls) {
  auto* b = static_cast<FreeBlock*>(block);
  OVERSIGHT_UNPOISON(b, sizeof(FreeBlock));
  b->next = free_[cls];
  free_[cls] = b;
  OVERSIGHT_POISON(b, (cls + 1) * kGrain);
}

void* LuaHeap::ResizeLarge(void* ptr, size_t osize, size_t nsize, bool was_small, size_t limit,
                           bool* over_limit) {
  const size_t had = ptr && !was_small ? osize : 0;
  if (footprint() - had + nsize > limit) {
    *over_limit = true;
    return nullptr;
  }
  void* p = had ? std::realloc(ptr, nsize) : std::malloc(nsize);
  if (!p) return nullptr;
  large_bytes_ = large_bytes_ - had + nsize;
  if (ptr && was_small) {
    std::memcpy(p, ptr, osize);
    GiveBackSmall(ptr, ClassOf(osize));
  }
  return p;
}

void* LuaHeap::Resize(void* ptr, size_t osize, size_t nsize, size_t limit, bool* over_limit) {
  *over_limit = false;
  const bool was_small = ptr && osize <= kLargestSmall;
  if (nsize == 0) {
    if (was_small) {
      GiveBackSmall(ptr, ClassOf(osize));
    } else if (ptr) {
      std::free(ptr);
      large_bytes_ -= osize;
    }
    return nullptr;
  }
  if (nsize > kLargestSmall) return ResizeLarge(ptr, osize, nsize, was_small, limit, over_limit);
  if (was_small && ClassOf(osize) == ClassOf(nsize)) return ptr;
  void* p = TakeSmall(ClassOf(nsize), limit, over_limit);
  if (p && ptr) {
    std::memcpy(p, ptr, std::min(osize, nsize));
    if (was_small) {
      GiveBackSmall(ptr, ClassOf(osize));
    } else {
      std::free(ptr);
      large_bytes_ -= osize;
    }
  }
  return p;
}

}  // namespace oversight
