/*
 * fold.h - the folded form of a name, used for every lookup by name.
 *
 * Folding is: Unicode NFD, lower case, combining marks dropped, "đ" to "d",
 * and every code point that is not a letter or a digit dropped.  So
 * "Thành phố Hồ Chí Minh" and "thanh pho ho chi minh" both fold to
 * "thanhphohochiminh", and "TP.HCM" to "tphcm".  This is the same rule as
 * the corpus guide's scorer, so a name that scores as equal also looks up
 * as equal.
 */
#ifndef RG_FOLD_H
#define RG_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Folds the len bytes at s into a new NUL-terminated string in *out (the
 * caller frees it).  RG_ERR_INVALID when s is not valid UTF-8, RG_ERR_NOMEM.
 * The result may be empty (for "..." or "  ").  O(len). */
rg_status text_fold(const char *s, size_t len, char **out, rg_error *err);

/* A source of already folded code points: writes cp's folded bytes to out
 * (room for 16) and returns how many, or -1 when it does not know cp. */
typedef int (*rg_fold_memo)(const void *ctx, int32_t cp, char *out);

/* The loop under text_fold: folds the len bytes at s into buf, which has
 * room for len * 4 + 1 bytes, NUL-terminates it and returns its length;
 * memo (may be NULL) is asked first for each non-ASCII code point.  At
 * invalid UTF-8 or a NUL code point returns -1 with *bad its offset. */
long text_fold_into(const char *s, size_t len, char *buf, rg_fold_memo memo, const void *ctx,
                    size_t *bad);

/* Folds one code point: appends its folded form (0 to 4 code points for a
 * decomposed letter, usually 1) to buf (capacity cap) and returns how many
 * code points it wrote, or 0 when the code point folds away. */
size_t text_fold_codepoint(int32_t cp, int32_t *buf, size_t cap);

/* True when the len bytes at s are valid UTF-8 without NUL bytes; otherwise
 * false with *bad_offset (when not NULL) set to the first bad byte. */
bool text_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* utf8proc_iterate, exactly (the same length, or the same error, and code
 * point), for len >= 1 bytes at s: two- and three-byte sequences, which
 * hold the letters of Vietnamese, are decoded inline and the rest is left
 * to utf8proc.  The scanner decodes every code point of a text. */
long text_utf8_next_slow(const unsigned char *s, size_t len, int32_t *cp);
static inline long text_utf8_next(const unsigned char *s, size_t len, int32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (int32_t)((c & 0x1F) << 6 | (s[1] & 0x3F));
        return 2;
    }
    /* no overlong form (E0 below A0) and no surrogate (ED from A0) */
    if (c >= 0xE0 && c <= 0xEF && len >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80 && !(c == 0xE0 && s[1] < 0xA0) && !(c == 0xED && s[1] >= 0xA0)) {
        *cp = (int32_t)((c & 0x0F) << 12 | (s[1] & 0x3F) << 6 | (s[2] & 0x3F));
        return 3;
    }
    return text_utf8_next_slow(s, len, cp);
}

/* Number of code points in the len bytes at s (valid UTF-8 assumed). */
size_t text_utf8_count(const char *s, size_t len);

#endif
