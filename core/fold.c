/*
 * fold.c - folded forms of names (see fold.h), built on utf8proc.
 *
 * Each code point is decomposed on its own (NFD of a string is the
 * concatenation of the NFD of its code points, up to mark reordering, which
 * does not matter once marks are dropped), lower-cased, and kept only when
 * it is a letter or a digit.  text_fold validates while it folds, and folds
 * ASCII itself.
 */
#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define LATIN_SMALL_D_WITH_STROKE 0x0111
#define LATIN_CAPITAL_D_WITH_STROKE 0x0110

static bool is_letter_or_digit(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

size_t text_fold_codepoint(int32_t cp, int32_t *buf, size_t cap)
{
    utf8proc_int32_t parts[8];
    utf8proc_ssize_t n;
    size_t out = 0;
    int last_boundclass = 0;

    if (cp == LATIN_SMALL_D_WITH_STROKE || cp == LATIN_CAPITAL_D_WITH_STROKE) {
        if (cap > 0)
            buf[0] = 'd';
        return cap > 0;
    }
    if (cp < 0x80) {
        if (!((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')))
            return 0;
        if (cap > 0)
            buf[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
        return cap > 0;
    }
    n = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE, &last_boundclass);
    if (n < 0 || n > 8) {
        parts[0] = cp;
        n = 1;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int32_t c = utf8proc_tolower(parts[i]);
        if (c == LATIN_SMALL_D_WITH_STROKE)
            c = 'd';
        if (!is_letter_or_digit(c))
            continue;
        if (out < cap)
            buf[out++] = c;
    }
    return out;
}

/* The folded form of an ASCII byte other than NUL: letters lower-cased,
 * digits kept, and 0 for the rest, which folds away.  The ASCII fast path
 * of text_fold_into. */
static inline char text_fold_ascii(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return c;
    return 0;
}

/* One pass that validates as it folds; ASCII (most of most names) is
 * folded without utf8proc. */
long text_fold_into(const char *s, size_t len, char *buf, rg_fold_memo memo, const void *ctx,
                    size_t *bad)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t pos = 0, used = 0;

    while (pos < len) {
        utf8proc_int32_t cp, parts[8];
        utf8proc_ssize_t step;
        int known;
        if (p[pos] < 0x80 && p[pos]) {
            char f = text_fold_ascii((char)p[pos++]);
            if (f)
                buf[used++] = f;
            continue;
        }
        step = text_utf8_next(p + pos, len - pos, &cp);
        if (step <= 0 || cp == 0) {
            *bad = pos;
            return -1;
        }
        pos += (size_t)step;
        if (memo && (known = memo(ctx, cp, buf + used)) >= 0) {
            used += (size_t)known;
            continue;
        }
        /* A folded code point is at most 4 bytes per part; decomposition of
         * one input code point yields few parts, each no longer than it. */
        for (size_t i = 0, n = text_fold_codepoint(cp, parts, 8); i < n; i++)
            used += (size_t)utf8proc_encode_char(parts[i], (utf8proc_uint8_t *)buf + used);
    }
    buf[used] = '\0';
    return (long)used;
}

rg_status text_fold(const char *s, size_t len, char **out, rg_error *err)
{
    char *buf = malloc(len * 4 + 1);
    size_t bad = 0;

    *out = NULL;
    if (!buf)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory folding a name");
    if (text_fold_into(s, len, buf, NULL, NULL, &bad) < 0) {
        free(buf);
        return rg_fail(err, RG_ERR_INVALID, "not valid UTF-8 at byte %zu", bad);
    }
    *out = buf;
    return RG_OK;
}

long text_utf8_next_slow(const unsigned char *s, size_t len, int32_t *cp)
{
    utf8proc_int32_t c = -1;
    utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)len, &c);
    *cp = c;
    return (long)n;
}

bool text_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    size_t pos = 0;

    while (pos < len) {
        int32_t cp;
        long step;
        if ((unsigned char)s[pos] < 0x80 && s[pos]) {
            pos++;      /* ASCII, most of most texts */
            continue;
        }
        step = text_utf8_next((const unsigned char *)s + pos, len - pos, &cp);
        if (step <= 0 || cp == 0) {
            if (bad_offset)
                *bad_offset = pos;
            return false;
        }
        pos += (size_t)step;
    }
    return true;
}

/* Eight bytes at a time: a byte is a continuation (10xxxxxx) when its top
 * bit is set and the next bit is not; the flags are summed by one
 * multiplication (no popcount instruction is assumed). */
size_t text_utf8_count(const char *s, size_t len)
{
    size_t cont = 0, i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w, m;
        memcpy(&w, s + i, 8);
        m = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;
        cont += (size_t)((m * 0x0101010101010101ULL) >> 56);
    }
    for (; i < len; i++)
        cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return len - cont;
}
