#ifndef HINDSIGHT_CMARK_ARENA_H
#define HINDSIGHT_CMARK_ARENA_H
#include <cmark.h>

/*
 * An arena for cmark's allocations while one document is parsed and read on the
 * current thread: memory is taken from large mappings in order, never handed back one
 * block at a time, and the mappings are given back together once the tree has been
 * read (hindsight_arena_release), for the next parse to write on pages already in
 * memory. A parse makes hundreds of thousands of small allocations; here each is a
 * few additions, a freed block costs nothing, and the tree needs no walk to be freed.
 * Parses on different threads each have their own arena; the mappings given back are
 * shared.
 *
 * Only for trees whose memory never leaves the parse: cmark's renderers return text
 * allocated through the tree's allocator, which the caller would free() itself.
 */

/* The allocator to pass to cmark_parser_new_with_mem on this thread for a parse of
   `text_bytes` bytes; the parser and every node keep the pointer, which stays valid as
   long as the thread. When the arena holds nothing yet and the text is short, its
   first chunk is sized to the text and taken from malloc (memory the process has
   likely used before) rather than a fresh mapping of the standard size; later chunks,
   if the tree outgrows it, are of the standard size. */
cmark_mem *hindsight_arena_mem_for(size_t text_bytes);

/* Gives back everything this thread's arena handed out: mappings of the standard size
   are kept for the next parse on any thread, larger ones unmapped. */
void hindsight_arena_release(void);

/* Unmaps the mappings kept for later parses (call once no parse is running). */
void hindsight_arena_drain(void);

#endif
