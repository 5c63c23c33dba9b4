// One exec at start-up; see huge_page_heap.h.
#include "cli/huge_page_heap.h"

#include <unistd.h>

#include <cstdlib>

namespace oversight {

void UseHugePageHeap(char** argv) {
#if defined(__SANITIZE_ADDRESS__)
  (void)argv;
#else
  if (std::getenv("GLIBC_TUNABLES")) return;
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv("GLIBC_TUNABLES");  // the exec failed: carry on as started
#endif
}

}  // namespace oversight
