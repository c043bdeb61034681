/*
 * normalize.h - builder stage 1: turn a document's raw text into clean,
 * NFC-normalised UTF-8 ready for scan_text (extract.h: tokens and
 * sentences), and remember where every byte came from.
 *
 * Besides NFC (utf8proc) it repairs what PDF extraction leaves behind: lines
 * broken mid-sentence are joined, hyphenated line breaks are mended,
 * footnote numbers glued to words or punctuation ("giải phóng.1") are removed,
 * footnote bodies and running URLs/page furniture are dropped.  Paragraph
 * breaks (blank lines) and headings are kept as sentence boundaries.
 *
 * The offset map lets evidence point into the document as the user has it:
 * orig[i] is the byte offset in the original text of normalised byte i, and
 * orig[len] is the original length.
 *
 * Output shape: runs of spaces are one space, lines carry no leading or
 * trailing space, "\n\n" separates blocks where the source had a blank
 * line and "\n" where it did not; a kept line break always ends a heading,
 * a paragraph or a sentence (lines that continue a sentence are joined).
 * A joining space maps to the line break it replaces; a character rewritten
 * by NFC maps to the start of what it was made from.
 */
#ifndef RG_NORMALIZE_H
#define RG_NORMALIZE_H

#include <stddef.h>

#include "error.h"

typedef struct rg_text {
    char *text;             /* normalised UTF-8, NUL-terminated, owned */
    size_t len;
    size_t *orig;           /* len + 1 entries, owned */
} rg_text;

/* Normalises the len bytes at src into *out (caller frees with
 * rg_text_free).  RG_ERR_INVALID "not valid UTF-8 at byte N" for bad input;
 * RG_ERR_LIMIT beyond about 1.4 GB.  On error *out is empty.  O(len) time,
 * about 10 bytes of memory per input byte. */
rg_status text_normalize(const char *src, size_t len, rg_text *out, rg_error *err);

/* What text_normalize works out about each code point it meets (how NFC
 * and the clean-up treat it), worked out once ahead for the Latin letters
 * and the combining marks, all of Vietnamese: a call otherwise works them
 * out again for each document (utf8proc look-ups, hundreds of
 * instructions each).  Read-only once made: any number of calls, in any
 * threads, may share it.  NULL when out of memory; about 0.3 ms. */
typedef struct rg_norm_facts rg_norm_facts;
rg_norm_facts *norm_facts_new(void);
void norm_facts_free(rg_norm_facts *f);

/* text_normalize, starting from facts (NULL: none).  The same result. */
rg_status text_normalize_with(const char *src, size_t len, const rg_norm_facts *facts,
                              rg_text *out, rg_error *err);

/* Original byte offset of normalised byte offset i (clamped to len). */
size_t text_orig_offset(const rg_text *t, size_t i);

void rg_text_free(rg_text *t);

#endif
