#ifndef HINDSIGHT_BYTE_SCAN_H
#define HINDSIGHT_BYTE_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Skipping the ordinary bytes of Markdown text, sixteen at a time.

   Each function returns the offset of the first byte at or after `from` (and before
   `count`) that the byte loop it serves has to look at, or `count` when there is none.
   The bytes found are a superset of the ones that loop acts on (every control byte, for
   instance): the loop still decides on each byte found, and asks again after it. */

/* For Markdown escaping: control bytes and \ ` * _ [ ] < > # | ! & ~ */
size_t hindsight_scan_escape(const uint8_t *bytes, size_t from, size_t count);

/* For inline Markdown written into a table cell: control bytes and ` | < \ */
size_t hindsight_scan_inline(const uint8_t *bytes, size_t from, size_t count);

/* For a pipe table's row: control bytes and * _ [ ] < & ! | ` \ " > */
size_t hindsight_scan_table_row(const uint8_t *bytes, size_t from, size_t count);

#endif
