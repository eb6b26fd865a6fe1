#define _GNU_SOURCE
#include "hindsight_start.h"

#include <stdlib.h>
#include <string.h>

#if defined(__linux__) && defined(__GLIBC__)
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

/* The files named on the command line make a long draft from this many bytes on. */
#define HINDSIGHT_HUGE_PAGE_INPUT (8L << 20)

#if defined(__linux__) && defined(__GLIBC__)
static const char hindsight_tunable[] = "glibc.malloc.hugetlb";
static const char hindsight_setting[] = "glibc.malloc.hugetlb=1";

/* A long draft touches hundreds of megabytes of fresh memory; in 2 MiB pages it takes
   far fewer page faults and less time. glibc takes the setting only from the
   environment, read as the process starts, hence the second start: done here, before
   the Swift runtime and the argument parser start, it costs a fraction of a
   millisecond. Nothing happens when GLIBC_TUNABLES names the setting already (the
   second start, or a user's `glibc.malloc.hugetlb=0`), when the loader was run as the
   program (so /proc/self/exe would be the loader), for small inputs, or when
   /proc/self/exe cannot be started (the command then goes on as it is). */
__attribute__((constructor)) static void hindsight_start(int argc, char **argv) {
    const char *current = getenv("GLIBC_TUNABLES");
    if (current != NULL && strstr(current, hindsight_tunable) != NULL) return;
    if (getauxval(AT_BASE) == 0) return;
    long total = 0;
    for (int index = 1; index < argc; index++) {
        struct stat info;
        if (argv[index] == NULL || argv[index][0] == '-') continue;
        if (stat(argv[index], &info) == 0 && S_ISREG(info.st_mode)) total += (long)info.st_size;
    }
    if (total < HINDSIGHT_HUGE_PAGE_INPUT) return;
    char *saved = current != NULL ? strdup(current) : NULL;
    if (current != NULL && saved == NULL) return;
    if (current != NULL && current[0] != '\0') {
        size_t length = strlen(current) + 1 + sizeof hindsight_setting;
        char *joined = malloc(length);
        if (joined == NULL) {
            free(saved);
            return;
        }
        strcpy(joined, current);
        strcat(joined, ":");
        strcat(joined, hindsight_setting);
        setenv("GLIBC_TUNABLES", joined, 1);
        free(joined);
    } else {
        setenv("GLIBC_TUNABLES", hindsight_setting, 1);
    }
    execv("/proc/self/exe", argv);
    /* Still here: go on without the setting. */
    if (saved != NULL) {
        setenv("GLIBC_TUNABLES", saved, 1);
        free(saved);
    } else {
        unsetenv("GLIBC_TUNABLES");
    }
}
#endif
