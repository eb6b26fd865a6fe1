#ifndef HINDSIGHT_START_H
#define HINDSIGHT_START_H

/* Before the program's main runs, the `hindsight` command starts itself again with
   glibc's allocator backing its memory with transparent huge pages
   (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`) when the regular files named on its command
   line come to 8 MiB or more (see start.c). */

/* Whether this process runs with that setting (set by the start-up check or by the
   user); calling it also keeps the check linked into the program. */
int hindsight_start_uses_huge_pages(void);

#endif
