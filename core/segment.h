/*
 * segment.h - builder stage 2: split normalised text into sentences.
 *
 * A sentence ends at ". ", "! ", "? ", ";\n"-style paragraph breaks (a blank
 * line or a line that is a heading) but not after abbreviations (Vietnamese
 * "TP.", "Tp.", "TS.", "PGS.", "ThS.", "GS.", "St.", English "Mr.", "Dr.",
 * "U.S." ...), initials ("J. F. Kennedy"), decimal numbers ("1.5"),
 * numbering at the start of a line ("1. Mở đầu", "IV. Kết luận"), or when
 * the next word starts in lower case.
 */
#ifndef RG_SEGMENT_H
#define RG_SEGMENT_H

#include <stddef.h>

#include "error.h"

typedef struct rg_span {
    size_t start, end;      /* byte offsets, end exclusive, trimmed of space */
} rg_span;

/* Splits text into sentences: *out (caller frees) gets *n spans in order.
 * Empty or blank text gives n = 0.  O(len). */
rg_status text_segment(const char *text, size_t len, rg_span **out, size_t *n,
                       rg_error *err);

#endif
