// The program's heap on huge pages. Every step of Oversight walks large tables in no
// particular order (an extract's ids, a plugin's rows, the week's exceptions); on 4 KB
// pages, and on a virtual machine above all, a third of that time went on TLB misses.
#pragma once

namespace oversight {

// Re-executes the program once with glibc's malloc set to ask for transparent huge
// pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1): glibc reads its tunables only when a
// process starts. Does nothing when GLIBC_TUNABLES is set already (whoever set it
// chose), under a sanitizer (which has its own allocator), or when the exec fails.
// Call first thing in main, before any thread or open file that matters.
void UseHugePageHeap(char** argv);

}  // namespace oversight
