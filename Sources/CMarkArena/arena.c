#include "cmark_arena.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* One mapping; blocks follow the header. */
typedef struct hindsight_arena_chunk {
    struct hindsight_arena_chunk *previous;
    size_t size; /* bytes mapped, header included */
    size_t used; /* bytes handed out, header included */
    size_t last; /* offset of the last block handed out (its header), 0 when none */
    int from_malloc; /* taken from malloc (a short document's first chunk), not mapped */
} hindsight_arena_chunk;

static __thread hindsight_arena_chunk *hindsight_arena_current;

/* The size of the next first chunk on this thread (0: the standard size), set by
   hindsight_arena_mem_for. */
static __thread size_t hindsight_arena_first_bytes;

/* Mappings of the standard size given back by hindsight_arena_release, for the next
   part parsed on any thread: a part's tree is written on memory already faulted in,
   not on fresh pages (several megabytes a part). Unmapped by hindsight_arena_drain. */
static hindsight_arena_chunk *hindsight_arena_pool;
static pthread_mutex_t hindsight_arena_pool_lock = PTHREAD_MUTEX_INITIALIZER;

enum {
    /* Every block starts on this boundary and is preceded by a header this long
       holding its size, so realloc knows how much to copy. */
    hindsight_arena_alignment = 16,
    hindsight_arena_chunk_bytes = 4 << 20,
    /* A short document's tree takes about this many bytes per byte of text (nodes, the
       literals' copies and the parser's buffers, none freed); its first chunk is sized
       to match, from malloc, so a heading or a list of a few lines is not written on a
       fresh mapping of its own. */
    hindsight_arena_bytes_per_input_byte = 8,
    hindsight_arena_smallest_chunk = 64 << 10,
};

static inline size_t hindsight_arena_round(size_t size) {
    return (size + hindsight_arena_alignment - 1) & ~(size_t)(hindsight_arena_alignment - 1);
}

/* Never returns NULL: like cmark's own allocator, it aborts when memory runs out. */
static inline void *hindsight_arena_allocate(size_t size) {
    if (size > SIZE_MAX / 2) abort();
    size_t needed = hindsight_arena_alignment + hindsight_arena_round(size);
    hindsight_arena_chunk *chunk = hindsight_arena_current;
    if (chunk == NULL || chunk->size - chunk->used < needed) {
        size_t header = hindsight_arena_round(sizeof(hindsight_arena_chunk));
        size_t standard = hindsight_arena_chunk_bytes;
        int from_malloc = 0;
        if (chunk == NULL && hindsight_arena_first_bytes != 0) {
            standard = hindsight_arena_first_bytes;
            from_malloc = 1;
        }
        hindsight_arena_first_bytes = 0;
        size_t bytes = header + needed > standard ? header + needed : standard;
        chunk = NULL;
        if (from_malloc) {
            chunk = (hindsight_arena_chunk *)malloc(bytes);
            if (chunk == NULL) abort();
        } else if (bytes == hindsight_arena_chunk_bytes) {
            pthread_mutex_lock(&hindsight_arena_pool_lock);
            chunk = hindsight_arena_pool;
            if (chunk != NULL) hindsight_arena_pool = chunk->previous;
            pthread_mutex_unlock(&hindsight_arena_pool_lock);
        }
        if (chunk == NULL) {
            void *mapped = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (mapped == MAP_FAILED) abort();
            /* In 2 MiB pages where the system allows it: a few faults a mapping, not a thousand. */
            madvise(mapped, bytes, MADV_HUGEPAGE);
            chunk = (hindsight_arena_chunk *)mapped;
        }
        chunk->previous = hindsight_arena_current;
        chunk->from_malloc = from_malloc;
        chunk->size = bytes;
        chunk->used = header;
        chunk->last = 0;
        hindsight_arena_current = chunk;
    }
    char *block = (char *)chunk + chunk->used;
    *(size_t *)block = size;
    chunk->last = chunk->used;
    chunk->used += needed;
    return block + hindsight_arena_alignment;
}

static void *hindsight_arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) abort();
    /* A mapping from the pool holds an earlier part's blocks. */
    return memset(hindsight_arena_allocate(count * size), 0, count * size);
}

static void *hindsight_arena_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return hindsight_arena_allocate(size);
    char *block = (char *)pointer - hindsight_arena_alignment;
    size_t old = *(size_t *)block;
    hindsight_arena_chunk *chunk = hindsight_arena_current;
    /* The last block of the current mapping grows where it is when there is room. */
    if (chunk != NULL && block == (char *)chunk + chunk->last && size <= SIZE_MAX / 2) {
        size_t end = chunk->last + hindsight_arena_alignment + hindsight_arena_round(size);
        if (end <= chunk->size) {
            *(size_t *)block = size;
            if (end > chunk->used) chunk->used = end;
            return pointer;
        }
    }
    void *moved = hindsight_arena_allocate(size);
    memcpy(moved, pointer, old < size ? old : size);
    return moved;
}

static void hindsight_arena_free(void *pointer) {
    (void)pointer;
}

static __thread cmark_mem hindsight_arena_allocator = {hindsight_arena_calloc, hindsight_arena_realloc, hindsight_arena_free};

cmark_mem *hindsight_arena_mem_for(size_t text_bytes) {
    hindsight_arena_first_bytes = 0;
    if (hindsight_arena_current == NULL && text_bytes < hindsight_arena_chunk_bytes / hindsight_arena_bytes_per_input_byte) {
        size_t bytes = text_bytes * hindsight_arena_bytes_per_input_byte;
        if (bytes < hindsight_arena_smallest_chunk) bytes = hindsight_arena_smallest_chunk;
        hindsight_arena_first_bytes = bytes;
    }
    return &hindsight_arena_allocator;
}

void hindsight_arena_release(void) {
    hindsight_arena_chunk *chunk = hindsight_arena_current;
    while (chunk != NULL) {
        hindsight_arena_chunk *previous = chunk->previous;
        if (chunk->from_malloc) {
            free(chunk);
        } else if (chunk->size == hindsight_arena_chunk_bytes) {
            pthread_mutex_lock(&hindsight_arena_pool_lock);
            chunk->previous = hindsight_arena_pool;
            hindsight_arena_pool = chunk;
            pthread_mutex_unlock(&hindsight_arena_pool_lock);
        } else {
            munmap(chunk, chunk->size);
        }
        chunk = previous;
    }
    hindsight_arena_current = NULL;
    hindsight_arena_first_bytes = 0;
}

void hindsight_arena_drain(void) {
    pthread_mutex_lock(&hindsight_arena_pool_lock);
    hindsight_arena_chunk *chunk = hindsight_arena_pool;
    hindsight_arena_pool = NULL;
    pthread_mutex_unlock(&hindsight_arena_pool_lock);
    while (chunk != NULL) {
        hindsight_arena_chunk *previous = chunk->previous;
        munmap(chunk, chunk->size);
        chunk = previous;
    }
}

