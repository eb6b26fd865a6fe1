#include "byte_scan.h"

#include <string.h>

typedef uint8_t byte_vector __attribute__((vector_size(16)));

/* The first byte at or after `from` that is below 0x20 or one of `set`; the set is a
   constant at each call, so the comparisons unroll and the splats stay in registers. */
__attribute__((always_inline)) static inline size_t scan(
    const uint8_t *bytes, size_t from, size_t count, const uint8_t *set, size_t set_count) {
    size_t index = from;
    const byte_vector controls = (byte_vector){0} + 0x20;
    while (index + 16 <= count) {
        byte_vector chunk;
        memcpy(&chunk, bytes + index, sizeof chunk);
        byte_vector found = (byte_vector)(chunk < controls);
        for (size_t k = 0; k < set_count; k++) found |= (byte_vector)(chunk == ((byte_vector){0} + set[k]));
        uint64_t low, high;
        memcpy(&low, &found, sizeof low);
        memcpy(&high, (const uint8_t *)&found + sizeof low, sizeof high);
        if (low != 0) return index + (size_t)__builtin_ctzll(low) / 8;
        if (high != 0) return index + 8 + (size_t)__builtin_ctzll(high) / 8;
        index += 16;
    }
    for (; index < count; index++) {
        uint8_t byte = bytes[index];
        if (byte < 0x20) return index;
        for (size_t k = 0; k < set_count; k++) {
            if (byte == set[k]) return index;
        }
    }
    return count;
}

size_t hindsight_scan_escape(const uint8_t *bytes, size_t from, size_t count) {
    static const uint8_t set[] = {'\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '!', '&', '~'};
    return scan(bytes, from, count, set, sizeof set);
}

size_t hindsight_scan_inline(const uint8_t *bytes, size_t from, size_t count) {
    static const uint8_t set[] = {'`', '|', '<', '\\'};
    return scan(bytes, from, count, set, sizeof set);
}

size_t hindsight_scan_table_row(const uint8_t *bytes, size_t from, size_t count) {
    static const uint8_t set[] = {'*', '_', '[', ']', '<', '&', '!', '|', '`', '\\', '"', '>'};
    return scan(bytes, from, count, set, sizeof set);
}
