/*
 * segment.c - builder stage 2: sentence spans (see segment.h).
 *
 * One left-to-right scan.  A sentence ends:
 *  - at a blank line (paragraph break);
 *  - at a single line break after a heading or a paragraph without final
 *    punctuation: a line that does not end in punctuation, followed by a
 *    line that does not start in lower case (normalize.c has already
 *    joined the lines that continue a sentence);
 *  - after ".", "!", "?", "…" (and closing quotes or brackets) followed by
 *    white space, unless the next word starts in lower case, or the period
 *    closes an abbreviation ("TP.", "PGS.", "Mr."), an initial ("J."), or a
 *    dotted acronym ("U.S.").  Decimals ("1.5") and "TP.HCM" never have
 *    white space after the period, so they never end a sentence.
 */
#include "segment.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define ABBREVIATION_MAX 6     /* the longest entry below */

/* Tokens that, followed by ".", do not end a sentence.  Case matters:
 * "TP." is an abbreviation, "tp." would be odd anyway. */
static const char *const ABBREVIATIONS[] = {
    /* Vietnamese */
    "TP", "Tp", "TS", "PGS", "ThS", "GS", "TSKH", "PTS", "BS", "KS", "CN", "NXB", "Nxb",
    "Q", "P", "TT", "tr", "Tr", "St", "ThS",
    /* English */
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "Mt", "Ft", "Gen", "Col", "Capt", "Lt",
    "Sgt", "Rev", "Hon", "Gov", "Sen", "Rep", "Pres", "Inc", "Ltd", "Co", "Corp", "No",
    "Nos", "Vol", "vol", "pp", "p", "vs", "cf", "Fig", "fig", "al", "approx", "Dept",
    "Univ", "Assn", "Ave", "Blvd", "Rd", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec",
};

static int32_t decode_at(const char *s, size_t len, size_t i, size_t *step)
{
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    *step = n > 0 ? (size_t)n : 1;
    return n > 0 ? cp : -1;
}

static int32_t decode_before(const char *s, size_t lo, size_t i, size_t *start)
{
    size_t k, step;
    if (i <= lo)
        return -1;
    k = i - 1;
    while (k > lo && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    if (start)
        *start = k;
    return decode_at(s, i, k, &step);
}

static bool is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static bool is_upper(int32_t cp)
{
    utf8proc_category_t c;
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool is_letter(int32_t cp)
{
    if (cp < 0)
        return false;
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return true;
    default:
        return false;
    }
}

static bool is_closer(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D ||
           cp == 0x2019 || cp == 0x00BB;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static bool is_roman(const char *t, size_t n)
{
    if (n < 2 || n > 5)
        return false;       /* "I." is an initial already */
    for (size_t k = 0; k < n; k++)
        if (!strchr("IVXLC", t[k]))
            return false;
    return true;
}

/* "1." or "IV." opening a line numbers a heading or a list item. */
static bool numbering_at_line_start(const char *s, size_t tok, size_t dot)
{
    size_t k = tok;
    if (dot == tok)
        return false;
    for (size_t j = tok; j < dot; j++)
        if (!((s[j] >= '0' && s[j] <= '9') || strchr("IVXLC", s[j])))
            return false;
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
        k--;
    return k == 0 || s[k - 1] == '\n';
}

/* The token that a "." at offset dot closes: letters and inner periods
 * back to white space or an opening bracket/quote. */
static bool period_closes_abbreviation(const char *s, size_t dot)
{
    size_t i = dot, start, letters = 0, segments = 1, seg_letters = 0, max_seg = 0;
    bool upper_initial;
    int32_t cp;

    while ((cp = decode_before(s, 0, i, &start)) >= 0 && (is_letter(cp) || cp == '.')) {
        if (cp == '.') {
            segments++;
            if (seg_letters > max_seg)
                max_seg = seg_letters;
            seg_letters = 0;
        } else {
            letters++;
            seg_letters++;
        }
        i = start;
    }
    if (seg_letters > max_seg)
        max_seg = seg_letters;
    if (letters == 0) {
        size_t d = dot;
        while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
            d--;
        return numbering_at_line_start(s, d, dot);
    }
    if (is_roman(s + i, dot - i))
        return numbering_at_line_start(s, i, dot);
    if (segments > 1) {
        /* "U.S.", "Th.S.", "e.g." yes; "v.v." (etc.) ends sentences */
        if (dot - i == 3 && memcmp(s + i, "v.v", 3) == 0)
            return false;
        return max_seg <= 2;
    }
    cp = decode_at(s, dot, i, &start);
    upper_initial = is_upper(cp);
    if (letters == 1 && upper_initial)
        return true;                    /* an initial: "J. F. Kennedy" */
    if (dot - i > ABBREVIATION_MAX)
        return false;
    for (size_t k = 0; k < sizeof ABBREVIATIONS / sizeof *ABBREVIATIONS; k++)
        if (ABBREVIATIONS[k][0] == s[i] && strncmp(ABBREVIATIONS[k], s + i, dot - i) == 0 &&
            ABBREVIATIONS[k][dot - i] == '\0')
            return true;
    return false;
}

typedef struct spans {
    rg_span *v;
    size_t n, cap;
} spans;

static bool spans_push(spans *sp, const char *text, size_t start, size_t end)
{
    while (start < end && is_ws(text[start]))
        start++;
    while (end > start && is_ws(text[end - 1]))
        end--;
    if (start == end)
        return true;
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 64;
        rg_span *v = realloc(sp->v, cap * sizeof *v);
        if (!v)
            return false;
        sp->v = v;
        sp->cap = cap;
    }
    sp->v[sp->n].start = start;
    sp->v[sp->n].end = end;
    sp->n++;
    return true;
}

/* A line [ls, le) that ends a heading or a paragraph: no final or
 * continuing punctuation, and the next line starts like a new sentence.
 * (normalize.c has joined the lines that continue a sentence.) */
static bool line_is_heading(const char *text, size_t len, size_t ls, size_t le)
{
    size_t next = le + 1, step;
    int32_t last, first;

    while (ls < le && is_ws(text[ls]))
        ls++;
    while (le > ls && is_ws(text[le - 1]))
        le--;
    if (ls == le)
        return false;
    last = decode_before(text, ls, le, NULL);
    if (last == ',' || last == ';' || last == ':' || last == '-' || last == '.' ||
        last == '!' || last == '?' || last == 0x2026)
        return false;
    while (next < len && (text[next] == ' ' || text[next] == '\t'))
        next++;
    if (next >= len)
        return true;
    first = decode_at(text, len, next, &step);
    return !is_lower(first);
}

/* If a sentence ends with the terminal punctuation at i, returns the end
 * offset (after closers); otherwise 0. */
static size_t sentence_end_at(const char *text, size_t len, size_t i)
{
    size_t j = i, step, k;
    bool single_period = text[i] == '.';
    int32_t cp;

    while (j < len) {
        cp = decode_at(text, len, j, &step);
        if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
            if (j > i)
                single_period = false;
            j += step;
        } else {
            break;
        }
    }
    while (j < len && is_closer(cp = decode_at(text, len, j, &step)))
        j += step;
    if (j < len && !is_ws(text[j]))
        return 0;
    k = j;
    while (k < len && is_ws(text[k]))
        k++;
    if (k < len && is_lower(decode_at(text, len, k, &step)))
        return 0;
    if (single_period && period_closes_abbreviation(text, i))
        return 0;
    return j;
}

rg_status text_segment(const char *text, size_t len, rg_span **out, size_t *n,
                       rg_error *err)
{
    spans sp = {0};
    size_t start = 0, line_start = 0, i = 0;

    *out = NULL;
    *n = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            size_t k = i + 1;
            while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
                k++;
            if (k >= len || text[k] == '\n' || line_is_heading(text, len, line_start, i)) {
                if (!spans_push(&sp, text, start, i))
                    goto nomem;
                start = i + 1;
            }
            line_start = ++i;
            continue;
        }
        if (c == '.' || c == '!' || c == '?' ||
            (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
             (unsigned char)text[i + 2] == 0xA6)) {
            size_t end = sentence_end_at(text, len, i);
            if (end) {
                if (!spans_push(&sp, text, start, end))
                    goto nomem;
                start = i = end;
                continue;
            }
            /* skip the rest of a punctuation run */
            i++;
            while (i < len && (text[i] == '.' || text[i] == '!' || text[i] == '?'))
                i++;
            continue;
        }
        i++;
    }
    if (!spans_push(&sp, text, start, len))
        goto nomem;
    *out = sp.v;
    *n = sp.n;
    return RG_OK;
nomem:
    free(sp.v);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory splitting sentences");
}
