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
 *     Text that is already NFC (nearly all of it) is copied: only a starter
 *     followed by combining marks, or a code point whose canonical
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
 *     final punctuation ("... Thành phố Hồ Chí" / "Minh ...").  Whether a
 *     document is wrapped at all is decided from its line lengths, so news
 *     text with one paragraph per line never has a heading glued to the
 *     paragraph that follows.  Inside kept lines runs of spaces collapse to
 *     one and footnote numbers glued to words ("giới9", "phóng.1", "”5")
 *     are removed.
 *
 * Every output byte carries the original offset of the byte it came from
 * (a space that replaces a line break maps to the line break), so evidence
 * found in the normalised text maps back to the user's file.
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

/* True when cp is unchanged by NFC on its own. */
static bool nfc_stable(int32_t cp, const char *s, size_t len, uint8_t *cache)
{
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    int32_t buf[8];
    utf8proc_ssize_t n;
    bool stable;

    if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
        return true;            /* no canonical decomposition */
    if (cp < NFC_CACHE_CPS && cache[cp])
        return cache[cp] == 1;
    n = nfc_run(s, len, buf, 8);
    stable = n == 1 && buf[0] == cp;
    if (cp < NFC_CACHE_CPS)
        cache[cp] = stable ? 1 : 2;
    return stable;
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

static rg_status validate_utf8(const char *src, size_t len, rg_error *err)
{
    size_t pos = 0;

    while (pos < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step;
        if ((unsigned char)src[pos] < 0x80) {
            pos++;
            continue;
        }
        step = utf8proc_iterate((const utf8proc_uint8_t *)src + pos,
                                (utf8proc_ssize_t)(len - pos), &cp);
        if (step <= 0)
            return rg_fail(err, RG_ERR_INVALID, "not valid UTF-8 at byte %zu", pos);
        pos += (size_t)step;
    }
    return RG_OK;
}

/* Emits the NFC form of src[start, end) (a starter and its marks). */
static bool emit_nfc_run(outbuf *b, const char *src, size_t start, size_t end)
{
    int32_t cps[NFC_CHUNK_MAX * 4];
    utf8proc_ssize_t n = nfc_run(src + start, end - start, cps, NFC_CHUNK_MAX * 4);

    if (n < 0) {                /* cannot happen on valid input: copy as is */
        if (!outbuf_reserve(b, end - start))
            return false;
        for (size_t i = start; i < end; i++)
            outbuf_put(b, src[i], i);
        return true;
    }
    if (!outbuf_reserve(b, (size_t)n * 4))
        return false;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char(cps[i], enc);
        for (utf8proc_ssize_t j = 0; j < k; j++)
            outbuf_put(b, (char)enc[j], start);
    }
    return true;
}

static rg_status clean_characters(const char *src, size_t len, outbuf *a, rg_error *err)
{
    const unsigned char *u = (const unsigned char *)src;
    uint8_t *nfc_cache = calloc(NFC_CACHE_CPS, 1);
    size_t pos = 0;

    if (!nfc_cache || !outbuf_reserve(a, len + 16))
        goto nomem;
    while (pos < len) {
        size_t step, run_end, ncp;
        int32_t cp;
        cp_action act;

        if (u[pos] >= 0x20 && u[pos] < 0x7F && (pos + 1 >= len || u[pos + 1] < 0x80)) {
            outbuf_put(a, src[pos], pos);          /* plain ASCII, the common case */
            pos++;
            continue;
        }
        cp = decode_valid(u + pos, &step);
        if (cp == '\r') {
            if (pos + 1 < len && src[pos + 1] == '\n') {
                pos++;
                continue;
            }
            cp = '\n';
        }
        act = classify_codepoint(cp);
        if (act != CP_KEEP) {
            if (act == CP_SPACE || act == CP_NEWLINE)
                outbuf_put(a, act == CP_SPACE ? ' ' : '\n', pos);
            pos += step;
            continue;
        }
        /* Gather the marks that follow this starter. */
        run_end = pos + step;
        ncp = 1;
        while (run_end < len && ncp < NFC_CHUNK_MAX) {
            size_t s2;
            int32_t next = decode_valid(u + run_end, &s2);
            if (next < 0x300 || !composes_with_previous(next, utf8proc_get_property(next)))
                break;
            run_end += s2;
            ncp++;
        }
        if (ncp == 1 && (cp < 0xC0 || nfc_stable(cp, src + pos, step, nfc_cache))) {
            if (!outbuf_reserve(a, step))
                goto nomem;
            for (size_t i = 0; i < step; i++)
                outbuf_put(a, src[pos + i], pos + i);
        } else if (!emit_nfc_run(a, src, pos, run_end)) {
            goto nomem;
        }
        pos = run_end;
        if (!outbuf_reserve(a, 16))
            goto nomem;
    }
    free(nfc_cache);
    return RG_OK;
nomem:
    free(nfc_cache);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory normalising text");
}

/* ---- pass 2: lines -------------------------------------------------------- */

enum line_kind {
    LINE_CONTENT, LINE_BLANK, LINE_DROPPED
};

typedef struct line {
    size_t start, end;          /* trimmed content in pass-1 text */
    size_t nl;                  /* offset of the "\n" ending it (or text end) */
    size_t raw_len;             /* untrimmed length */
    size_t ncp;                 /* code points of the trimmed content */
    int kind;
} line;

static bool is_space(char c) { return c == ' '; }

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
    size_t i = l->end, k;
    int32_t cp;

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
    return width > 0 && m->ncp * 20 > width * 21 && m->ncp * 10 >= block_max * 9;
}

/* Drops footnote bodies: the lines after a separator (a line of many
 * spaces) that start with a note number (or carry on a note's URL), up to
 * the first line that does not continue the note. */
static void drop_footnote_blocks(const char *s, line *lines, size_t n, size_t width)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = i + 1, k, last, count = 1, block_max;

        if (lines[i].kind != LINE_BLANK || lines[i].raw_len < FOOTNOTE_SEP_MIN)
            continue;
        while (j < n && lines[j].kind == LINE_BLANK)
            j++;
        if (j >= n || lines[j].kind != LINE_CONTENT ||
            !(starts_with_note_number(s, &lines[j]) || has_url(s, &lines[j], false)))
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

static uint64_t hash_bytes(const char *t, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)t[i]) * 1099511628211ULL;
    return h;
}

/* Drops short lines that recur on many pages (running headers/footers). */
static bool drop_repeated_headers(const char *s, line *lines, size_t n)
{
    size_t cap = 16, candidates = 0;
    size_t *slot, *count;

    for (size_t i = 0; i < n; i++)
        if (lines[i].kind == LINE_CONTENT && lines[i].end - lines[i].start <= HEADER_LEN_MAX)
            candidates++;
    if (candidates < HEADER_REPEAT_MIN)
        return true;
    while (cap < candidates * 2)
        cap *= 2;
    slot = malloc(cap * sizeof *slot);
    count = calloc(n, sizeof *count);
    if (!slot || !count) {
        free(slot);
        free(count);
        return false;
    }
    for (size_t i = 0; i < cap; i++)
        slot[i] = SIZE_MAX;
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const line *l = &lines[i];
            size_t len = l->end - l->start, h;
            if (l->kind != LINE_CONTENT || len > HEADER_LEN_MAX || ends_sentence(s, l))
                continue;
            h = (size_t)hash_bytes(s + l->start, len) & (cap - 1);
            while (slot[h] != SIZE_MAX) {
                const line *o = &lines[slot[h]];
                if (o->end - o->start == len && memcmp(s + o->start, s + l->start, len) == 0)
                    break;
                h = (h + 1) & (cap - 1);
            }
            if (pass == 0) {
                if (slot[h] == SIZE_MAX)
                    slot[h] = i;
                count[slot[h]]++;
            } else if (count[slot[h]] >= HEADER_REPEAT_MIN) {
                lines[i].kind = LINE_DROPPED;
            }
        }
    }
    free(slot);
    free(count);
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

static enum joint decide_joint(const char *s, const line *p, const line *q,
                               bool blank_between, size_t width)
{
    int32_t last = cp_before(s, p->start, p->end, NULL);
    int32_t first = cp_at(s, q->start, q->end);
    enum joint brk = blank_between ? JOINT_PARAGRAPH : JOINT_LINE;
    bool final = ends_sentence(s, p);

    if (first == '-' || first == 0x2022 || first == 0x2013 || first == '*' || first == '+')
        return brk;                           /* a list item */
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
    return p->ncp * 4 >= width * 3 ? JOINT_SPACE : brk;
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

static void emit_line(outbuf *b, const outbuf *a, const line *l)
{
    const char *s = a->s;
    size_t i = l->start;

    while (i < l->end) {
        char c = s[i];
        if (c == ' ') {
            if (!is_space(s[i - 1]))
                outbuf_put(b, ' ', a->orig[i]);
            i++;
            continue;
        }
        if (c >= '1' && c <= '9' && i > l->start) {
            size_t e = i;
            while (e < l->end && s[e] >= '0' && s[e] <= '9')
                e++;
            if (!(s[i - 1] >= '0' && s[i - 1] <= '9') && is_glued_note(s, l->start, i, e, l->end)) {
                i = e;
                continue;
            }
            while (i < e) {
                outbuf_put(b, s[i], a->orig[i]);
                i++;
            }
            continue;
        }
        outbuf_put(b, c, a->orig[i]);
        i++;
    }
}

static rg_status split_lines(const outbuf *a, line **out, size_t *n_out)
{
    size_t n = 1, k = 0, start = 0;
    line *lines;

    for (size_t i = 0; i < a->len; i++)
        n += a->s[i] == '\n';
    lines = malloc(n * sizeof *lines);
    if (!lines)
        return RG_ERR_NOMEM;
    for (size_t i = 0; i <= a->len; i++) {
        line *l;
        size_t s0, e0;
        if (i < a->len && a->s[i] != '\n')
            continue;
        l = &lines[k++];
        s0 = start;
        e0 = i;
        while (s0 < e0 && a->s[s0] == ' ')
            s0++;
        while (e0 > s0 && a->s[e0 - 1] == ' ')
            e0--;
        l->start = s0;
        l->end = e0;
        l->nl = i;
        l->raw_len = i - start;
        l->ncp = text_utf8_count(a->s + s0, e0 - s0);
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

static rg_status assemble(const outbuf *a, line *lines, size_t n, outbuf *b)
{
    const char *s = a->s;
    size_t width = wrapped_width(s, lines, n);
    const line *prev = NULL;
    bool blank_between = false;

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
            size_t at = a->orig[prev->nl];
            switch (decide_joint(s, prev, l, blank_between, width)) {
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
        emit_line(b, a, l);
        prev = l;
        blank_between = false;
    }
    return RG_OK;
}

rg_status text_normalize(const char *src, size_t len, rg_text *out, rg_error *err)
{
    outbuf a = {0}, b = {0};
    line *lines = NULL;
    size_t n = 0;
    rg_status rc;

    memset(out, 0, sizeof *out);
    rc = validate_utf8(src, len, err);
    if (rc != RG_OK)
        return rc;
    rc = clean_characters(src, len, &a, err);
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
    outbuf_free(&a);
    return RG_OK;
nomem:
    rc = rg_fail(err, RG_ERR_NOMEM, "out of memory normalising text");
fail:
    free(lines);
    outbuf_free(&a);
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
