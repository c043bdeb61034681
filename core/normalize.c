/*
 * normalize.c - builder stage 1: clean, NFC UTF-8 with an exact offset map
 * (see normalize.h for the contract).
 *
 * Two passes, both linear:
 *
 *  1. Characters.  UTF-8 is validated while decoding; line endings become
 *     "\n" (also form feeds, which pdftotext puts at page breaks); tabs and
 *     exotic spaces become " "; zero-width characters, bidi controls, soft
 *     hyphens and other control characters are dropped; NFC is applied.
 *     Text that is already NFC (nearly all of it) is copied, a run of such
 *     code points at a time (simple_run: typically a whole line): only a
 *     starter followed by combining marks, or a code point whose canonical
 *     decomposition does not recompose to itself, goes through utf8proc.
 *
 *  2. Lines.  The text is cut into lines and each line is classified:
 *     blank, footnote separator (a line of many spaces, as PDF extraction
 *     leaves above footnotes), running URL, page number, repeated page
 *     header, footnote body (the lines after a separator that start with a
 *     note number and run until a line ending in "."), or content.  Content
 *     lines are then either joined to the previous one (a space, or nothing
 *     after a mended "word-" hyphenation) or kept apart by "\n" ("\n\n" when
 *     the source had a blank line there).  Lines are joined when the next
 *     one continues the sentence: it starts in lower case, or it starts with
 *     a capital but the previous line is a full-width wrapped line without
 *     final punctuation ("... Thành phố Hồ Chí" / "Minh ...") that does not
 *     close a heading (a block without punctuation that follows a
 *     paragraph's short last line).  Whether a document is wrapped at all
 *     is decided from its line lengths, so news text with one paragraph per
 *     line never has a heading glued to the paragraph that follows, and
 *     footnotes are looked for only in wrapped text.  Inside kept lines
 *     runs of spaces collapse to one and footnote numbers glued to words
 *     ("giới9", "phóng.1", "”5") are removed; the rest of a line is copied
 *     in stretches whose ends are found eight bytes at a time (plain8).
 *
 * Every output byte carries the original offset of the byte it came from
 * (a space that replaces a line break maps to the line break), so evidence
 * found in the normalised text maps back to the user's file.  Pass 1 keeps
 * its map as segments of constant shift, pass 2 expands it per byte.
 */
#include "normalize.h"
#include "fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Below this many code points the NFC stability of a code point is cached
 * per call (covers Latin, Vietnamese, Greek, Cyrillic, general punctuation). */
#define NFC_CACHE_CPS 0x3000
#define NFC_CHUNK_MAX 32
/* A line of at least this many spaces and nothing else separates the page
 * body from its footnotes in PDF extraction. */
#define FOOTNOTE_SEP_MIN 10
#define FOOTNOTE_MAX_LINES 15
/* Lines longer than this (in code points) are never wrapped PDF lines. */
#define WRAPPED_LINE_MAX 150
#define HEADER_REPEAT_MIN 3
#define HEADER_LEN_MAX 80

typedef struct outbuf {
    char *s;
    size_t *orig;
    size_t len, cap;
} outbuf;

static bool outbuf_reserve(outbuf *b, size_t extra)
{
    size_t cap;
    char *s;
    size_t *orig;

    if (b->len + extra <= b->cap)
        return true;
    cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra)
        cap *= 2;
    s = realloc(b->s, cap + 1);
    if (!s)
        return false;
    b->s = s;
    orig = realloc(b->orig, (cap + 1) * sizeof *orig);
    if (!orig)
        return false;
    b->orig = orig;
    b->cap = cap;
    return true;
}

static inline void outbuf_put(outbuf *b, char c, size_t from)
{
    b->s[b->len] = c;
    b->orig[b->len++] = from;
}

static void outbuf_free(outbuf *b)
{
    free(b->s);
    free(b->orig);
    memset(b, 0, sizeof *b);
}

/* Pass 1's output keeps its offset map as segments rather than one offset
 * per byte: within a segment, byte a comes from src + (a - seg.a), or, for
 * a rewritten NFC run ("flat"), every byte comes from src.  Text that
 * needs no change is one segment, so the map costs almost nothing. */
typedef struct seg {
    size_t a, src;
    bool flat;
} seg;

typedef struct cleaned {
    char *s;
    size_t len, cap;
    seg *segs;
    size_t nseg, capseg;
} cleaned;

static bool cleaned_reserve(cleaned *c, size_t extra)
{
    size_t cap;
    char *s;

    if (c->len + extra <= c->cap)
        return true;
    cap = c->cap ? c->cap : 64;
    while (cap < c->len + extra)
        cap *= 2;
    s = realloc(c->s, cap + 1);
    if (!s)
        return false;
    c->s = s;
    c->cap = cap;
    return true;
}

static bool cleaned_push_seg(cleaned *c, size_t src, bool flat)
{
    if (c->nseg > 0 && c->segs[c->nseg - 1].a == c->len) {
        c->nseg--;                  /* an empty segment: replace it */
    } else if (c->nseg == c->capseg) {
        size_t cap = c->capseg ? c->capseg * 2 : 64;
        seg *v = realloc(c->segs, cap * sizeof *v);
        if (!v)
            return false;
        c->segs = v;
        c->capseg = cap;
    }
    c->segs[c->nseg].a = c->len;
    c->segs[c->nseg].src = src;
    c->segs[c->nseg].flat = flat;
    c->nseg++;
    return true;
}

/* Makes the next byte written map to src. */
static inline bool cleaned_at(cleaned *c, size_t src)
{
    const seg *t = c->nseg ? &c->segs[c->nseg - 1] : NULL;
    if (t && !t->flat && t->src + (c->len - t->a) == src)
        return true;
    return cleaned_push_seg(c, src, false);
}

static void cleaned_free(cleaned *c)
{
    free(c->s);
    free(c->segs);
    memset(c, 0, sizeof *c);
}

/* Reads the map at non-decreasing positions. */
typedef struct seg_cursor {
    const cleaned *c;
    size_t k;
} seg_cursor;

static inline size_t seg_orig(seg_cursor *cur, size_t a)
{
    const cleaned *c = cur->c;
    const seg *t;
    if (c->nseg == 0)
        return 0;
    while (cur->k + 1 < c->nseg && c->segs[cur->k + 1].a <= a)
        cur->k++;
    t = &c->segs[cur->k];
    return t->flat ? t->src : t->src + (a - t->a);
}

/* Writes the original offsets of pass-1 bytes [i, j) to out. */
static void seg_fill(seg_cursor *cur, size_t i, size_t j, size_t *out)
{
    const cleaned *c = cur->c;
    while (i < j) {
        size_t stop, base;
        const seg *t;
        seg_orig(cur, i);
        t = &c->segs[cur->k];
        stop = cur->k + 1 < c->nseg && c->segs[cur->k + 1].a < j ? c->segs[cur->k + 1].a : j;
        if (t->flat) {
            for (size_t k = i; k < stop; k++)
                *out++ = t->src;
        } else {
            base = t->src - t->a;
            for (size_t k = i; k < stop; k++)
                *out++ = base + k;
        }
        i = stop;
    }
}

/* ---- pass 1: characters ------------------------------------------------ */

typedef enum cp_action { CP_KEEP, CP_DROP, CP_SPACE, CP_NEWLINE } cp_action;

static cp_action classify_codepoint(int32_t cp)
{
    if (cp < 0x80) {
        if (cp == '\n' || cp == '\f' || cp == '\v')
            return CP_NEWLINE;
        if (cp == '\t')
            return CP_SPACE;
        if (cp < 0x20 || cp == 0x7F)
            return CP_DROP;
        return CP_KEEP;
    }
    if (cp < 0xA0)
        return cp == 0x85 ? CP_NEWLINE : CP_DROP;          /* C1 controls, NEL */
    switch (cp) {
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        return CP_SPACE;
    case 0x00AD: case 0x061C: case 0x180E: case 0xFEFF:
        return CP_DROP;
    case 0x2028: case 0x2029:
        return CP_NEWLINE;
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return CP_SPACE;
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069))
        return CP_DROP;
    return CP_KEEP;
}

/* Code points with combining class 0 that still compose with what precedes
 * them (Hangul vowel/final jamo, a few Indic vowel signs). */
static bool composes_with_previous(int32_t cp, const utf8proc_property_t *p)
{
    if (p->combining_class != 0)
        return true;
    if ((cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2))
        return true;
    switch (cp) {
    case 0x09BE: case 0x09D7: case 0x0B3E: case 0x0B56: case 0x0B57: case 0x0BBE:
    case 0x0BD7: case 0x0C56: case 0x0CC2: case 0x0CD5: case 0x0CD6: case 0x0D3E:
    case 0x0D57: case 0x0DCF: case 0x0DDF: case 0x102E: case 0x1B35:
        return true;
    default:
        return false;
    }
}

/* NFC of a short run of code points given as UTF-8; returns the number of
 * code points written to out or -1. */
static utf8proc_ssize_t nfc_run(const char *s, size_t len, int32_t *out, size_t cap)
{
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                            out, (utf8proc_ssize_t)cap,
                                            UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0 || (size_t)n > cap)
        return -1;
    return utf8proc_normalize_utf32(out, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

static inline int32_t decode_valid(const unsigned char *s, size_t *step)
{
    if (s[0] < 0x80) {
        *step = 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *step = 2;
        return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *step = 3;
        return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *step = 4;
    return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Decodes one RFC 3629 code point (no overlong forms, no surrogates,
 * nothing above U+10FFFF) of the n >= 1 bytes at s; -1 when invalid. */
static inline int32_t decode_checked(const unsigned char *s, size_t n, size_t *step)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;

    if (c < 0x80) {
        *step = 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return -1;
    }
    if (need >= n || s[1] < lo || s[1] > hi)
        return -1;
    for (size_t k = 2; k <= need; k++)
        if ((s[k] & 0xC0) != 0x80)
            return -1;
    return decode_valid(s, step);
}

/* Per-call facts about code points below NFC_CACHE_CPS, computed on first
 * use: what pass 1 does with them and how they behave under NFC. */
enum cp_info {
    INFO_KNOWN = 1 << 0,
    INFO_SIMPLE = 1 << 1,       /* kept, and NFC leaves it alone on its own */
    INFO_COMBINES = 1 << 2      /* may compose with the code point before it */
};

static unsigned cp_info_compute(int32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    unsigned info = INFO_KNOWN;
    char enc[4];
    int32_t buf[8];
    utf8proc_ssize_t n, k;

    if (composes_with_previous(cp, p))
        info |= INFO_COMBINES;
    if (classify_codepoint(cp) != CP_KEEP)
        return info;
    if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
        return info | INFO_SIMPLE;      /* no canonical decomposition */
    k = utf8proc_encode_char(cp, (utf8proc_uint8_t *)enc);
    n = nfc_run(enc, (size_t)k, buf, 8);
    if (n == 1 && buf[0] == cp)
        info |= INFO_SIMPLE;
    return info;
}

static inline unsigned cp_info(int32_t cp, uint8_t *cache)
{
    if (cp >= NFC_CACHE_CPS)
        return cp_info_compute(cp);
    if (!cache[cp])
        cache[cp] = (uint8_t)cp_info_compute(cp);
    return cache[cp];
}

/* Emits the NFC form of src[start, end) (a starter and its marks). */
static bool emit_nfc_run(cleaned *c, const char *src, size_t start, size_t end)
{
    int32_t cps[NFC_CHUNK_MAX * 4];
    utf8proc_ssize_t n = nfc_run(src + start, end - start, cps, NFC_CHUNK_MAX * 4);

    if (n < 0) {                /* cannot happen on valid input: copy as is */
        if (!cleaned_reserve(c, end - start) || !cleaned_at(c, start))
            return false;
        memcpy(c->s + c->len, src + start, end - start);
        c->len += end - start;
        return true;
    }
    if (!cleaned_reserve(c, (size_t)n * 4) || !cleaned_push_seg(c, start, true))
        return false;
    for (utf8proc_ssize_t i = 0; i < n; i++)
        c->len += (size_t)utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)c->s + c->len);
    return true;
}

/* The end of the run of code points from pos on that pass 1 copies as
 * they are: printable ASCII and the code points NFC leaves alone that
 * compose with nothing before them (nearly all of a text, the letters of
 * Vietnamese too), so that a whole line is copied at once.  The run stops
 * before anything else (a line break, a code point to drop or rewrite,
 * bad UTF-8), and before the last code point it holds when what follows
 * may compose with that one (a starter and its marks go through
 * utf8proc).  The code point-by-code point loop of clean_characters does
 * the rest, with the same result for each code point. */
static size_t simple_run(const unsigned char *u, size_t pos, size_t len, uint8_t *cache)
{
    size_t end = pos, last = pos;     /* last: where the run's last code point starts */
    while (end < len) {
        size_t step;
        int32_t cp;
        unsigned info;
        if (u[end] >= 0x20 && u[end] < 0x7F) {
            last = end++;
            continue;
        }
        if (u[end] < 0x80 || (cp = decode_checked(u + end, len - end, &step)) < 0)
            return end;
        info = cp_info(cp, cache);
        if (info & INFO_COMBINES)
            return end > pos ? last : pos;
        if (!(info & INFO_SIMPLE))
            return end;
        last = end;
        end += step;
    }
    return end;
}

/* The code points rg_norm_facts knows ahead: Latin-1's letters, Latin
 * Extended-A and -B, the combining diacritics, Latin Extended Additional. */
static bool fact_known_ahead(int32_t cp)
{
    return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x300 && cp <= 0x36F) ||
           (cp >= 0x1E00 && cp <= 0x1EFF);
}

struct rg_norm_facts {
    uint8_t info[NFC_CACHE_CPS];    /* cp_info's cache, filled ahead */
};

rg_norm_facts *norm_facts_new(void)
{
    rg_norm_facts *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    for (int32_t cp = 0; cp < NFC_CACHE_CPS; cp++)
        if (fact_known_ahead(cp))
            f->info[cp] = (uint8_t)cp_info_compute(cp);
    return f;
}

void norm_facts_free(rg_norm_facts *f)
{
    free(f);
}

static rg_status clean_characters(const char *src, size_t len, const rg_norm_facts *facts,
                                  cleaned *a, rg_error *err)
{
    const unsigned char *u = (const unsigned char *)src;
    uint8_t *cache = facts ? malloc(NFC_CACHE_CPS) : calloc(NFC_CACHE_CPS, 1);
    size_t pos = 0;

    if (cache && facts)
        memcpy(cache, facts->info, NFC_CACHE_CPS);

    if (!cache || !cleaned_reserve(a, len + 16))
        goto nomem;
    while (pos < len) {
        size_t step, run_end, ncp;
        int32_t cp;
        unsigned info;

        if (a->cap - a->len < 64 && !cleaned_reserve(a, 64))
            goto nomem;     /* room for one code point's worth, whatever it is */
        run_end = simple_run(u, pos, len, cache);
        if (run_end > pos) {
            if (!cleaned_reserve(a, run_end - pos + 64) || !cleaned_at(a, pos))
                goto nomem;
            memcpy(a->s + a->len, src + pos, run_end - pos);
            a->len += run_end - pos;
            pos = run_end;
            continue;
        }
        cp = decode_checked(u + pos, len - pos, &step);
        if (cp < 0) {
            free(cache);
            return rg_fail(err, RG_ERR_INVALID, "not valid UTF-8 at byte %zu", pos);
        }
        if (cp == '\r') {
            if (pos + 1 < len && src[pos + 1] == '\n') {
                pos++;
                continue;
            }
            cp = '\n';
        }
        info = cp < 0x80 ? (cp >= 0x20 && cp < 0x7F ? INFO_SIMPLE : 0) : cp_info(cp, cache);
        if (!(info & INFO_SIMPLE)) {
            cp_action act = classify_codepoint(cp);
            if (act == CP_SPACE || act == CP_NEWLINE) {
                if (!cleaned_at(a, pos))
                    goto nomem;
                a->s[a->len++] = act == CP_SPACE ? ' ' : '\n';
                pos += step;
                continue;
            }
            if (act == CP_DROP) {
                pos += step;
                continue;
            }
        }
        /* Gather the marks that follow this starter. */
        run_end = pos + step;
        ncp = 1;
        while (run_end < len && u[run_end] >= 0xCC && ncp < NFC_CHUNK_MAX) {
            size_t s2;
            int32_t next = decode_checked(u + run_end, len - run_end, &s2);
            if (next < 0 || !(cp_info(next, cache) & INFO_COMBINES))
                break;
            run_end += s2;
            ncp++;
        }
        if (ncp == 1 && (info & INFO_SIMPLE)) {
            if (!cleaned_at(a, pos))
                goto nomem;
            for (size_t i = 0; i < step; i++)
                a->s[a->len++] = src[pos + i];
        } else if (!emit_nfc_run(a, src, pos, run_end)) {
            goto nomem;
        }
        pos = run_end;
    }
    free(cache);
    return RG_OK;
nomem:
    free(cache);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory normalising text");
}

/* ---- pass 2: lines -------------------------------------------------------- */

enum line_kind {
    LINE_CONTENT, LINE_BLANK, LINE_DROPPED
};

/* 32-bit offsets keep the per-line record small (texts are limited to
 * LINE_TEXT_MAX bytes); a run of empty lines is one record. */
typedef struct line {
    uint32_t start, end;        /* trimmed content in pass-1 text */
    uint32_t nl;                /* offset of the "\n" ending it (or text end) */
    uint32_t raw_len;           /* untrimmed length */
    uint32_t ncp;               /* code points of the trimmed content */
    uint8_t kind;
} line;

#define LINE_TEXT_MAX ((size_t)UINT32_MAX - 1)

static int32_t cp_before(const char *s, size_t lo, size_t i, size_t *cp_start)
{
    size_t k = i, step;
    if (i <= lo)
        return -1;
    k--;
    while (k > lo && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    if (cp_start)
        *cp_start = k;
    return decode_valid((const unsigned char *)s + k, &step);
}

static int32_t cp_at(const char *s, size_t i, size_t end)
{
    size_t step;
    return i < end ? decode_valid((const unsigned char *)s + i, &step) : -1;
}

static bool cp_is_lower(int32_t cp)
{
    if (cp < 0)
        return false;
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static bool cp_is_letter(int32_t cp)
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

static bool is_closing_quote(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == 0x00BB;
}

/* Final punctuation of a line: ". ! ? … :" possibly followed by closing
 * quotes or brackets. */
static bool ends_sentence(const char *s, const line *l)
{
    size_t i = l->end, k, d = l->end;
    int32_t cp;

    /* a note number glued after the punctuation: "Long.13", "nay.”5" */
    while (d > l->start && l->end - d < 3 && s[d - 1] >= '0' && s[d - 1] <= '9')
        d--;
    if (d < l->end && d > l->start && strchr(".!?\")", s[d - 1]) && s[d - 1])
        i = d;
    else if (d < l->end && d >= l->start + 3 && memcmp(s + d - 3, "\xe2\x80\x9d", 3) == 0)
        i = d;
    while ((cp = cp_before(s, l->start, i, &k)) >= 0 &&
           (is_closing_quote(cp) || cp == ')' || cp == ']'))
        i = k;
    cp = cp_before(s, l->start, i, NULL);
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == ':';
}

static bool starts_with_note_number(const char *s, const line *l)
{
    size_t i = l->start;
    while (i < l->end && i - l->start < 3 && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > l->start && i < l->end && s[i] == ' ' && s[l->start] != '0';
}

static bool is_url_line(const char *s, const line *l)
{
    size_t n = l->end - l->start;
    const char *t = s + l->start;

    if (memchr(t, ' ', n))
        return false;
    return (n > 7 && memcmp(t, "http://", 7) == 0) || (n > 8 && memcmp(t, "https://", 8) == 0) ||
           (n > 4 && memcmp(t, "www.", 4) == 0);
}

static bool all_digits(const char *t, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (t[i] < '0' || t[i] > '9')
            return false;
    return true;
}

/* "12", "- 12 -", "12/40", "Page 12", "Trang 12". */
static bool is_page_number_line(const char *s, const line *l)
{
    const char *t = s + l->start;
    size_t n = l->end - l->start;
    const char *slash;

    if (n > 16)
        return false;
    if (all_digits(t, n))
        return n <= 4;
    if (n >= 3 && (t[0] == '-') && t[n - 1] == '-') {
        size_t a = 1, b = n - 1;
        while (a < b && t[a] == ' ')
            a++;
        while (b > a && t[b - 1] == ' ')
            b--;
        return all_digits(t + a, b - a);
    }
    slash = memchr(t, '/', n);
    if (slash && all_digits(t, (size_t)(slash - t)) &&
        all_digits(slash + 1, n - (size_t)(slash - t) - 1))
        return true;
    if (n > 5 && (strncmp(t, "Page ", 5) == 0))
        return all_digits(t + 5, n - 5);
    if (n > 6 && (strncmp(t, "Trang ", 6) == 0))
        return all_digits(t + 6, n - 6);
    return false;
}

/* A URL, or (loosely) a piece of one wrapped onto its own line. */
static bool has_url(const char *s, const line *l, bool loose)
{
    size_t n = l->end - l->start;
    if (memmem(s + l->start, n, "://", 3) || memmem(s + l->start, n, "www.", 4))
        return true;
    return loose && !memchr(s + l->start, ' ', n) && memchr(s + l->start, '/', n);
}

/* Whether the content line m continues the footnote whose last line is k:
 * another note starts, or k is unfinished and m looks like note text (a
 * URL, the closing line ending in ".", or a line wider than the body
 * text, as notes are set in a smaller font).  A body line of ordinary
 * width ends the block: the note goes on at the foot of the next page. */
static bool footnote_continues(const char *s, const line *k, const line *m, size_t width,
                               size_t block_max)
{
    if (starts_with_note_number(s, m))
        return true;
    if (ends_sentence(s, k))
        return false;
    if (has_url(s, m, true))
        return true;
    if (ends_sentence(s, m))
        return true;
    return width > 0 && (size_t)m->ncp * 20 > width * 21 && (size_t)m->ncp * 10 >= block_max * 9;
}

/* Drops footnote bodies: the lines after a separator (a line of many
 * spaces) that start with a note number (or carry on a note's URL), up to
 * the first line that does not continue the note. */
static void drop_footnote_blocks(const char *s, line *lines, size_t n, size_t width)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = i + 1, k, last, count = 1, block_max;

        if (width == 0 || lines[i].kind != LINE_BLANK || lines[i].raw_len < FOOTNOTE_SEP_MIN)
            continue;           /* footnotes only in wrapped (PDF) text */
        while (j < n && lines[j].kind == LINE_BLANK)
            j++;
        if (j >= n || lines[j].kind != LINE_CONTENT ||
            !(starts_with_note_number(s, &lines[j]) || has_url(s, &lines[j], true)))
            continue;
        last = j;
        block_max = lines[j].ncp;
        for (k = j + 1; k < n && count <= FOOTNOTE_MAX_LINES; k++) {
            if (lines[k].kind == LINE_BLANK)
                continue;
            if (lines[k].kind == LINE_DROPPED)      /* running URLs inside the notes */
                continue;
            if (!footnote_continues(s, &lines[last], &lines[k], width, block_max))
                break;
            last = k;
            if (lines[k].ncp > block_max)
                block_max = lines[k].ncp;
            count++;
        }
        if (count > FOOTNOTE_MAX_LINES)
            continue;
        for (k = j; k <= last; k++)
            if (lines[k].kind == LINE_CONTENT)
                lines[k].kind = LINE_DROPPED;
        i = last;
    }
}

/* FNV-style mixing, eight bytes at a time. */
static uint64_t hash_bytes(const char *t, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        h = (h ^ w) * 1099511628211ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ (unsigned char)t[i]) * 1099511628211ULL;
    return h;
}

/* Drops short lines that recur on many pages (running headers/footers). */
static bool drop_repeated_headers(const char *s, line *lines, size_t n)
{
    size_t cap = 16, candidates = 0;
    size_t *slot, *count, *line_slot;

    for (size_t i = 0; i < n; i++)
        if (lines[i].kind == LINE_CONTENT && lines[i].end - lines[i].start <= HEADER_LEN_MAX)
            candidates++;
    if (candidates < HEADER_REPEAT_MIN)
        return true;
    while (cap < candidates * 2)
        cap *= 2;
    slot = malloc(cap * sizeof *slot);
    count = calloc(n, sizeof *count);
    line_slot = malloc(n * sizeof *line_slot);
    if (!slot || !count || !line_slot) {
        free(slot);
        free(count);
        free(line_slot);
        return false;
    }
    for (size_t i = 0; i < cap; i++)
        slot[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const line *l = &lines[i];
        size_t len = l->end - l->start, h;
        line_slot[i] = SIZE_MAX;
        if (l->kind != LINE_CONTENT || len > HEADER_LEN_MAX || ends_sentence(s, l))
            continue;
        h = (size_t)hash_bytes(s + l->start, len) & (cap - 1);
        while (slot[h] != SIZE_MAX) {
            const line *o = &lines[slot[h]];
            if (o->end - o->start == len && memcmp(s + o->start, s + l->start, len) == 0)
                break;
            h = (h + 1) & (cap - 1);
        }
        if (slot[h] == SIZE_MAX)
            slot[h] = i;
        count[slot[h]]++;
        line_slot[i] = slot[h];
    }
    for (size_t i = 0; i < n; i++)
        if (line_slot[i] != SIZE_MAX && count[line_slot[i]] >= HEADER_REPEAT_MIN)
            lines[i].kind = LINE_DROPPED;
    free(slot);
    free(count);
    free(line_slot);
    return true;
}

/* The width of a wrapped line, or 0 when the text is not wrapped (most
 * content lines are long or end a sentence, as in one-paragraph-per-line
 * news text). */
static size_t wrapped_width(const char *s, const line *lines, size_t n)
{
    size_t hist[WRAPPED_LINE_MAX + 1] = {0};
    size_t content = 0, wrapped = 0, seen = 0;

    for (size_t i = 0; i < n; i++) {
        if (lines[i].kind != LINE_CONTENT)
            continue;
        content++;
        if (lines[i].ncp <= WRAPPED_LINE_MAX && !ends_sentence(s, &lines[i])) {
            wrapped++;
            hist[lines[i].ncp]++;
        }
    }
    if (content < 8 || wrapped * 2 < content)
        return 0;
    /* 80th percentile of the wrapped lines' widths */
    for (size_t w = 0; w <= WRAPPED_LINE_MAX; w++) {
        seen += hist[w];
        if (seen * 5 >= wrapped * 4)
            return w;
    }
    return WRAPPED_LINE_MAX;
}

enum joint { JOINT_SPACE, JOINT_NONE, JOINT_HYPHEN, JOINT_LINE, JOINT_PARAGRAPH };

/* The word before a line-final hyphen is mended ("inter-" + "national")
 * only when it is plain ASCII without another hyphen; Vietnamese syllables
 * are never split, so "Cam-pu-" + "chia" keeps its hyphen. */
static bool hyphen_is_soft(const char *s, const line *l)
{
    size_t i = l->end - 1, letters = 0;
    while (i > l->start && s[i - 1] != ' ') {
        unsigned char c = (unsigned char)s[i - 1];
        if (c >= 0x80 || c == '-')
            return false;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            letters++;
        i--;
    }
    return letters >= 2;
}

/* No sentence or clause punctuation, no parenthesis in the line: headings
 * have none. */
static bool line_is_bare(const char *s, const line *l)
{
    for (size_t i = l->start; i < l->end; i++)
        if (strchr(".,;:!?()", s[i]) && s[i])
            return false;
    return true;
}

/* How the line p and the next content line q meet.  block_bare: every line
 * since the last break, p included, is bare (see line_is_bare), and that
 * break followed a line that was not full width, so p may end a heading
 * that is wrapped or nearly full width. */
static enum joint decide_joint(const char *s, const line *p, const line *q,
                               bool blank_between, size_t width, bool block_bare)
{
    int32_t last = cp_before(s, p->start, p->end, NULL);
    int32_t first = cp_at(s, q->start, q->end);
    enum joint brk = blank_between ? JOINT_PARAGRAPH : JOINT_LINE;
    bool final = ends_sentence(s, p);

    if (first == '-' || first == 0x2022 || first == 0x2013 || first == '*' || first == '+') {
        /* a list item, unless a dash wraps onto the line in mid-sentence */
        if (first == '-' && width > 0 && !final && last != ';' && last != ',' &&
            (size_t)p->ncp * 4 >= width * 3 && p->ncp <= WRAPPED_LINE_MAX)
            return JOINT_SPACE;
        return brk;
    }
    if (cp_is_lower(first)) {
        if (last == '-' && p->end - p->start >= 2 && s[p->end - 2] != ' ' &&
            cp_is_letter(cp_before(s, p->start, p->end - 1, NULL)))
            return hyphen_is_soft(s, p) ? JOINT_HYPHEN : JOINT_NONE;
        return JOINT_SPACE;
    }
    if (final)
        return brk;
    if (first >= '0' && first <= '9')
        return JOINT_SPACE;
    if (p->ncp > WRAPPED_LINE_MAX || width == 0)
        return brk;
    if (block_bare && (size_t)p->ncp * 100 < width * 92)
        return brk;                           /* the end of a heading */
    return (size_t)p->ncp * 4 >= width * 3 ? JOINT_SPACE : brk;
}

/* A glued footnote number: 1-3 digits at [i, e) followed by a non-word
 * character, right after a lower-case word ("giới9"), after punctuation
 * that follows a lower-case letter or a closing quote ("phóng.1",
 * "Nam,4"), or after a closing quote ("”5").  Decimals, "Q.1", "C40" and
 * "A50" are left alone. */
static bool is_glued_note(const char *s, size_t lo, size_t i, size_t e, size_t hi)
{
    size_t k;
    int32_t prev, prev2;

    if (e - i > 3 || s[i] == '0')
        return false;
    if (e < hi && (cp_is_letter(cp_at(s, e, hi)) || (s[e] >= '0' && s[e] <= '9')))
        return false;
    prev = cp_before(s, lo, i, &k);
    /* a straight quote after a space opens a title ('ảnh "80 năm ...'):
     * the number begins the quoted text, it marks no footnote */
    if (prev == '"' && (k <= lo || cp_before(s, lo, k, NULL) == ' '))
        return false;
    if ((is_closing_quote(prev) && prev != '\'') || prev == ')')
        return true;
    if (prev == '.' || prev == ',' || prev == ';' || prev == ':' || prev == '!' || prev == '?') {
        size_t k2;
        prev2 = cp_before(s, lo, k, &k2);
        if (prev2 >= 'A' && prev2 <= 'Z' && !cp_is_letter(cp_before(s, lo, k2, NULL)))
            return false;               /* "Q.1", "P.3": a ward or district */
        return cp_is_letter(prev2) || (is_closing_quote(prev2) && prev2 != '\'') || prev2 == ')';
    }
    if (cp_is_lower(prev)) {
        prev2 = cp_before(s, lo, k, NULL);
        return cp_is_lower(prev2);
    }
    return false;
}

/* True when none of the eight bytes at s (the byte before them is s[-1])
 * is a digit 1-9 or a space after a space: what emit_line stops at.  Bit
 * tricks on the eight bytes as one word; bytes of 0x80 and up are neither. */
static inline bool plain8(const char *s)
{
    const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7F7F7F7F7F7F7F7FULL,
                   tops = 0x8080808080808080ULL;
    uint64_t w, t, digit, space;
    memcpy(&w, s, 8);
    /* top bit of each byte b < 0x80 with '0' < b < ':' (so 1-9) */
    t = w & low7;
    digit = (t + (127 - '0') * ones) & ~(t + (127 - ':' + 1) * ones) & ~w & tops;
    /* top bit of each byte that is a space, exactly */
    t = w ^ (0x20 * ones);
    space = ~(((t & low7) + low7) | t) & tops;
    /* a space whose byte before (s[-1] for the first) is a space too */
    return !digit && !(space & ((space << 8) | (s[-1] == ' ' ? 0x80 : 0)));
}

static void emit_line(outbuf *b, const cleaned *a, seg_cursor *cur, const line *l)
{
    const char *s = a->s;
    size_t i = l->start;

    while (i < l->end) {
        size_t j = i, e;
        /* copy up to a second space or a digit in one go, eight bytes at
         * a time where none of them stops it */
        for (;;) {
            if (j > l->start && j + 8 <= l->end && plain8(s + j))
                j += 8;
            else if (j < l->end && !(s[j] >= '1' && s[j] <= '9') && !(s[j] == ' ' && s[j - 1] == ' '))
                j++;
            else
                break;
        }
        memcpy(b->s + b->len, s + i, j - i);
        seg_fill(cur, i, j, b->orig + b->len);
        b->len += j - i;
        i = j;
        if (i >= l->end)
            break;
        if (s[i] == ' ') {
            i++;                /* a space after a space */
            continue;
        }
        e = i;
        while (e < l->end && s[e] >= '0' && s[e] <= '9')
            e++;
        if (i > l->start && !(s[i - 1] >= '0' && s[i - 1] <= '9') &&
            is_glued_note(s, l->start, i, e, l->end)) {
            i = e;
            continue;
        }
        memcpy(b->s + b->len, s + i, e - i);
        seg_fill(cur, i, e, b->orig + b->len);
        b->len += e - i;
        i = e;
    }
}

static rg_status split_lines(const cleaned *a, line **out, size_t *n_out)
{
    size_t n = 1, k = 0, start = 0;
    const char *p = a->s, *end = a->s + a->len;
    line *lines;

    while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
        n++;
        p++;
    }
    lines = calloc(n, sizeof *lines);
    if (!lines)
        return RG_ERR_NOMEM;
    for (size_t seen = 0; seen < n; seen++) {
        const char *nl = start < a->len ? memchr(a->s + start, '\n', a->len - start) : NULL;
        size_t i = nl ? (size_t)(nl - a->s) : a->len, s0 = start, e0 = i;
        line *l;

        if (i == start && k > 0 && lines[k - 1].kind == LINE_BLANK && lines[k - 1].raw_len == 0) {
            start = i + 1;      /* another empty line */
            continue;
        }
        l = &lines[k++];
        while (s0 < e0 && a->s[s0] == ' ')
            s0++;
        while (e0 > s0 && a->s[e0 - 1] == ' ')
            e0--;
        l->start = (uint32_t)s0;
        l->end = (uint32_t)e0;
        l->nl = (uint32_t)i;
        l->raw_len = (uint32_t)(i - start);
        l->ncp = (uint32_t)text_utf8_count(a->s + s0, e0 - s0);
        l->kind = s0 == e0 ? LINE_BLANK : LINE_CONTENT;
        start = i + 1;
    }
    *out = lines;
    *n_out = k;
    return RG_OK;
}

static void classify_lines(const char *s, line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        line *l = &lines[i];
        if (l->kind == LINE_CONTENT && (is_url_line(s, l) || is_page_number_line(s, l)))
            l->kind = LINE_DROPPED;
    }
    drop_footnote_blocks(s, lines, n, wrapped_width(s, lines, n));
}

static rg_status assemble(const cleaned *a, line *lines, size_t n, outbuf *b)
{
    const char *s = a->s;
    size_t width = wrapped_width(s, lines, n);
    const line *prev = NULL;
    bool blank_between = false, block_bare = true;
    seg_cursor cur = {a, 0};

    if (!outbuf_reserve(b, a->len + 16))
        return RG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const line *l = &lines[i];
        if (l->kind == LINE_BLANK) {
            blank_between = true;
            continue;
        }
        if (l->kind != LINE_CONTENT)
            continue;
        if (prev) {
            size_t at = seg_orig(&cur, prev->nl);
            enum joint j = decide_joint(s, prev, l, blank_between, width, block_bare);
            /* a heading follows a paragraph's short last line (or a
             * heading), not a sentence that ends a full-width line */
            if (j == JOINT_LINE || j == JOINT_PARAGRAPH)
                block_bare = (size_t)prev->ncp * 100 < width * 92;
            switch (j) {
            case JOINT_SPACE:
                outbuf_put(b, ' ', at);
                break;
            case JOINT_NONE:
                break;
            case JOINT_HYPHEN:
                b->len--;                 /* the '-' just emitted */
                break;
            case JOINT_PARAGRAPH:
                outbuf_put(b, '\n', at);
                /* fall through */
            case JOINT_LINE:
                outbuf_put(b, '\n', at);
                break;
            }
        }
        emit_line(b, a, &cur, l);
        block_bare = block_bare && line_is_bare(s, l);
        prev = l;
        blank_between = false;
    }
    return RG_OK;
}

rg_status text_normalize(const char *src, size_t len, rg_text *out, rg_error *err)
{
    return text_normalize_with(src, len, NULL, out, err);
}

rg_status text_normalize_with(const char *src, size_t len, const rg_norm_facts *facts,
                              rg_text *out, rg_error *err)
{
    cleaned a = {0};
    outbuf b = {0};
    line *lines = NULL;
    size_t n = 0;
    rg_status rc;

    memset(out, 0, sizeof *out);
    if (len > LINE_TEXT_MAX / 3)
        return rg_fail(err, RG_ERR_LIMIT, "text of %zu bytes is too large to normalise", len);
    rc = clean_characters(src, len, facts, &a, err);
    if (rc != RG_OK)
        goto fail;
    rc = split_lines(&a, &lines, &n);
    if (rc != RG_OK)
        goto nomem;
    classify_lines(a.s, lines, n);
    if (!drop_repeated_headers(a.s, lines, n))
        goto nomem;
    rc = assemble(&a, lines, n, &b);
    if (rc != RG_OK)
        goto nomem;
    b.s[b.len] = '\0';
    b.orig[b.len] = len;
    out->text = b.s;
    out->orig = b.orig;
    out->len = b.len;
    free(lines);
    cleaned_free(&a);
    return RG_OK;
nomem:
    rc = rg_fail(err, RG_ERR_NOMEM, "out of memory normalising text");
fail:
    free(lines);
    cleaned_free(&a);
    outbuf_free(&b);
    return rc;
}

size_t text_orig_offset(const rg_text *t, size_t i)
{
    if (!t->orig)
        return 0;
    return t->orig[i > t->len ? t->len : i];
}

void rg_text_free(rg_text *t)
{
    if (!t)
        return;
    free(t->text);
    free(t->orig);
    memset(t, 0, sizeof *t);
}
