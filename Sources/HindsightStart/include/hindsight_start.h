#ifndef HINDSIGHT_START_H
#define HINDSIGHT_START_H

/* Nothing to call: before the program's main runs, a constructor in start.c starts the
   `hindsight` command again with glibc's allocator backing its memory with transparent
   huge pages (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`) when the regular files named on
   its command line come to 8 MiB or more. */

#endif
