/*
 * scan.c - the builder's tokens, sentences and phrase lists (extract.h).
 *
 * A token is a run of letters, digits and combining marks, or one
 * punctuation code point; white space only separates (a line break is kept
 * as a flag on the next token, since a line break ends a sentence in the
 * plain-text documents we read).  A word is scanned in one pass
 * (scan_word: its end, forms, hash and class), its ASCII letters a run at
 * a time (ascii_run).  Each word token keeps its folded form
 * (fold.h) and its lower-cased form (text_lower, for diacritic-exact
 * phrases) in two shared buffers, worked out once here rather than at every
 * comparison.  A non-ASCII code point's folded and lower-cased forms and
 * category come from utf8proc once per document (a memo, cpmemo); a word
 * of precomposed Latin letters is lower-cased letter by letter, any other
 * non-ASCII word as a whole.
 *
 * Sentences end after ".", "!", "?" or "…" (or a closing quote or bracket
 * right after one: 'làm.” Mọi') followed by space and a capital, digit or
 * quote, unless the word before the stop is an abbreviation ("TP.",
 * "Mr.") or an initial; and at every line break.
 *
 * Phrase lists are sorted folded keys with a hash table of every prefix of
 * every key (where the keys that start with it begin, how many equal it);
 * phrases_match extends a run of tokens one word at a time, one look-up
 * per word, and stops as soon as no key starts with the folded run, so
 * matching costs O(words of the run) whatever the size of the list (the
 * lexicon with the gazetteer has tens of thousands of forms).  That is why
 * the builder needs no Aho-Corasick automaton over the whole text: a name
 * may only start at a word start and a run is made of whole tokens, so
 * looking up the run of words from each word start in the prefix table
 * (the longest key wins), word starts taken left to right with a match
 * stepped over, finds the same leftmost-longest, word-bounded matches; and
 * the first-bytes filter (phrases_may_start, below) turns most word starts
 * away at once.
 * A word's folds are contiguous in rg_scan.folds, so a run's folded bytes
 * are too; its hash is put together from the words' hashes (rg_tok.hash,
 * .hpow), a polynomial hash worked out once per token by the scanner.
 * Each prefix has a hash of its own (phrases_sort checks, and leaves the
 * table out when two share one); a run that is no prefix but shares a
 * prefix's hash is told apart by comparing bytes where keys end.  A
 * diacritic-exact phrase is compared with the run's lower-cased form put
 * together from its tokens' (span_lower).
 * Before any of that, phrases_may_start (inline) turns away a token whose
 * first two (or three) folded bytes begin no key, from bitmaps of the pairs
 * (and hashed triples) that start keys; for a token that is not
 * capitalised, only the keys without PH_CAP count (a second bitmap), so
 * lower-case words skip the lists of names.  Where a token falls in those
 * bitmaps (rg_tok.pair, .triple) is worked out here, once per token, since
 * the stages ask a dozen lists at every token.
 */
#include "extract.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fold.h"

static rg_status grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 64;
    void *q;

    if (need <= *cap)
        return RG_OK;
    while (c < need)
        c *= 2;
    q = realloc(*p, c * size);
    if (!q)
        return RG_ERR_NOMEM;
    *p = q;
    *cap = c;
    return RG_OK;
}

/* The ASCII cases first: most code points of English text and many of
 * Vietnamese are ASCII, and utf8proc_category is a table walk. */
static bool is_wordish(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    /* Latin letters with diacritics (Latin-1 but for its signs, Extended-A
     * and -B, Extended Additional), and the combining marks: all of
     * Vietnamese, without the table walk */
    if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x300 && cp <= 0x36F) ||
        (cp >= 0x1E00 && cp <= 0x1EFF))
        return true;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

static bool is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool is_space(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
    return cp == 0xa0 || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* What the scanner needs of one non-ASCII code point, worked out once per
 * document: utf8proc's decomposition, case folding and category lookups cost
 * hundreds of instructions per code point, and a text uses a few dozen
 * distinct ones over and over (Vietnamese: its vowels with tone marks). */
enum { CP_LETTER, CP_UPPER, CP_DIGIT, CP_MARK };

#define CP_FORM_MAX 15          /* longer forms are not memoised */
#define CP_MEMO_SLOTS 512       /* a power of two */
#define CP_MEMO_MAX 384         /* then new code points are worked out each time */

typedef struct cpinfo {
    int32_t cp;                 /* 0: empty slot */
    uint8_t kind;               /* CP_* */
    uint8_t fold_len;           /* FORM_LONG: fold it each time (append_fold_slow) */
    uint8_t low_len;            /* FORM_LONG: lower-case the whole word instead */
    char fold[CP_FORM_MAX], low[CP_FORM_MAX];
} cpinfo;

#define FORM_LONG 0xff

typedef struct rg_cpmemo {
    cpinfo *slot;               /* CP_MEMO_SLOTS entries */
    size_t n;
} cpmemo;

/* Whether the lower-cased form (text_lower) of a word is the concatenation
 * of the lower-cased forms of its code points.  True for the precomposed
 * Latin letters: each decomposes to a base letter and marks that compose
 * back with it and with nothing before it (check_scan tries every pair).
 * Not for a combining mark, which composes with the letter before it. */
static bool lowers_alone(int32_t cp)
{
    return (cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff);
}

static rg_status cp_work_out(int32_t cp, cpinfo *ci)
{
    int32_t buf[8];
    uint8_t enc[4];
    size_t k, n = 0;
    utf8proc_category_t cat = utf8proc_category(cp);

    memset(ci, 0, sizeof *ci);
    ci->cp = cp;
    ci->kind = cat == UTF8PROC_CATEGORY_ND ? CP_DIGIT : cat == UTF8PROC_CATEGORY_MN ? CP_MARK :
               is_upper(cp) ? CP_UPPER : CP_LETTER;
    k = text_fold_codepoint(cp, buf, 8);
    for (size_t j = 0; j < k && n != FORM_LONG; j++) {
        utf8proc_ssize_t m = utf8proc_encode_char(buf[j], enc);
        if (n + (size_t)m > CP_FORM_MAX) {
            n = FORM_LONG;
        } else {
            memcpy(ci->fold + n, enc, (size_t)m);
            n += (size_t)m;
        }
    }
    ci->fold_len = (uint8_t)n;
    ci->low_len = FORM_LONG;
    if (lowers_alone(cp) && utf8proc_get_property(cp)->casefold_seqindex == UINT16_MAX) {
        /* case folding leaves it alone, and so does NFC (a precomposed
         * letter): text_lower of it is itself, without utf8proc_map */
        ci->low_len = (uint8_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)ci->low);
    } else if (lowers_alone(cp)) {
        utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
        char *low = text_lower((const char *)enc, (size_t)m);
        if (!low)
            return RG_ERR_NOMEM;
        n = strlen(low);
        if (n <= CP_FORM_MAX) {
            memcpy(ci->low, low, n);
            ci->low_len = (uint8_t)n;
        }
        free(low);
    }
    return RG_OK;
}

static inline size_t cp_slot(const cpmemo *memo, int32_t cp)
{
    size_t mask = CP_MEMO_SLOTS - 1, j = ((uint32_t)cp * 2654435761u) & mask;
    while (memo->slot[j].cp && memo->slot[j].cp != cp)
        j = (j + 1) & mask;
    return j;
}

/* The facts of cp: from the memo, or worked out into the memo (or into
 * *tmp once the memo is full).  NULL when out of memory. */
static inline const cpinfo *cp_info(cpmemo *memo, int32_t cp, cpinfo *tmp)
{
    size_t j = cp_slot(memo, cp);
    if (memo->slot[j].cp)
        return &memo->slot[j];
    if (cp_work_out(cp, tmp) != RG_OK)
        return NULL;
    if (memo->n >= CP_MEMO_MAX)
        return tmp;
    memo->slot[j] = *tmp;
    memo->n++;
    return &memo->slot[j];
}

/* Inline, with the capacity test first and a loop for the copy: it runs
 * for each non-ASCII code point of a text, with forms of one to three
 * bytes, where a call to grow and to memcpy cost more than the copy. */
static inline rg_status append(char **buf, size_t *len, size_t *cap, const void *p, size_t n)
{
    const char *src = p;
    char *dst;
    if (*len + n + 1 > *cap && grow((void **)buf, cap, *len + n + 1, 1) != RG_OK)
        return RG_ERR_NOMEM;
    dst = *buf + *len;
    for (size_t k = 0; k < n; k++)
        dst[k] = src[k];
    *len += n;
    return RG_OK;
}

/* Appends the folded form of code point cp the slow way (a form too long
 * for the memo). */
static rg_status append_fold_slow(rg_scan *s, int32_t cp)
{
    int32_t buf[8];
    size_t k = text_fold_codepoint(cp, buf, 8);
    for (size_t j = 0; j < k; j++) {
        uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(buf[j], enc);
        if (append(&s->folds, &s->folds_len, &s->folds_cap, enc, (size_t)m) != RG_OK)
            return RG_ERR_NOMEM;
    }
    return RG_OK;
}

/* The word t's bits in the phrase lists' filters (rg_tok.pair, .triple). */
static void tok_filter_bits(const rg_scan *s, rg_tok *t)
{
    const unsigned char *f = (const unsigned char *)s->folds + t->fold;
    t->pair = t->fold_len == 0 ? 0 : (uint16_t)(f[0] << 8 | (t->fold_len >= 2 ? f[1] : 0));
    t->triple = t->fold_len >= 3 ? (uint16_t)(phrases_triple(f) - 65536) : 0;
}

/* Room for n more bytes (and a NUL) in both the folded and the lower-cased
 * forms. */
static inline rg_status reserve_forms(rg_scan *s, size_t n)
{
    if ((s->folds_len + n + 1 > s->folds_cap &&
         grow((void **)&s->folds, &s->folds_cap, s->folds_len + n + 1, 1) != RG_OK) ||
        (s->lows_len + n + 1 > s->lows_cap &&
         grow((void **)&s->lows, &s->lows_cap, s->lows_len + n + 1, 1) != RG_OK))
        return RG_ERR_NOMEM;
    return RG_OK;
}

static bool ascii_wordish(uint8_t c)
{
    uint8_t l = (uint8_t)(c | 0x20);
    return (l >= 'a' && l <= 'z') || (c >= '0' && c <= '9');
}

/* What scan_word counts of a word's code points to classify it. */
typedef struct wordcount {
    size_t letters, uppers, digits, inner_upper;
} wordcount;

static void count_code_point(wordcount *w, int kind, bool first, uint8_t *flags)
{
    if (kind == CP_DIGIT) {
        w->digits++;
    } else if (kind != CP_MARK) {
        w->letters++;
        if (kind == CP_UPPER) {
            w->uppers++;
            if (first)
                *flags |= TK_CAP;
            else
                w->inner_upper++;
        }
    }
}

/* Appends the forms of the non-ASCII word code point cp (the first of its
 * word: first); *whole when its lower-cased form must come from the whole
 * word.  Room for CP_FORM_MAX bytes of each form is there (scan_word). */
static rg_status add_code_point(rg_scan *s, cpmemo *memo, int32_t cp, wordcount *w, bool first,
                                uint8_t *flags, bool *whole)
{
    cpinfo tmp;
    const cpinfo *ci = cp_info(memo, cp, &tmp);
    if (!ci)
        return RG_ERR_NOMEM;
    count_code_point(w, ci->kind, first, flags);
    if (ci->fold_len == FORM_LONG) {
        if (append_fold_slow(s, cp) != RG_OK)
            return RG_ERR_NOMEM;
    } else {
        memcpy(s->folds + s->folds_len, ci->fold, CP_FORM_MAX);
        s->folds_len += ci->fold_len;
    }
    if (ci->low_len == FORM_LONG) {
        *whole = true;
    } else if (!*whole) {
        memcpy(s->lows + s->lows_len, ci->low, CP_FORM_MAX);
        s->lows_len += ci->low_len;
    }
    return RG_OK;
}

/* Stores the forms of the ASCII letters and digits from byte i on (of a
 * word that starts at a), counts them and hashes them; returns where they
 * end.  Locals rather than the scan's fields: a store through a char
 * pointer could change any of them. */
static inline size_t ascii_run(rg_scan *s, size_t i, size_t a, wordcount *w, uint8_t *flags,
                               uint64_t *hash, uint64_t *pow)
{
    const uint8_t *p = (const uint8_t *)s->text;
    char *fold = s->folds + s->folds_len, *low = s->lows + s->lows_len;
    size_t k = 0, len = s->len, uppers = 0, digits = 0;
    uint64_t h = *hash, pw = *pow;
    bool first_cap = i == a && p[i] >= 'A' && p[i] <= 'Z';
    if (first_cap)
        *flags |= TK_CAP;
    for (; i < len && p[i] < 0x80 && ascii_wordish(p[i]); i++, k++) {
        uint8_t c = p[i];
        if (c >= 'A' && c <= 'Z') {
            uppers++;
            c = (uint8_t)(c + 32);
        } else if (c <= '9') {
            digits++;
        }
        fold[k] = low[k] = (char)c;
        h = h * PH_HASH_P + c;
        pw *= PH_HASH_P;
    }
    w->letters += k - digits;
    w->uppers += uppers;
    w->digits += digits;
    w->inner_upper += uppers - first_cap;     /* all but the word's first letter */
    s->folds_len += k;
    s->lows_len += k;
    *hash = h;
    *pow = pw;
    return i;
}

/* Scans the word that starts at byte a (a word code point) in one pass:
 * finds where it ends, appends its folded and lower-cased forms, works
 * out its hash (rg_tok.hash, .hpow) and classifies it; *end gets where it
 * ends.  Room for one byte of each form per byte of the rest of the text,
 * and CP_FORM_MAX more, is kept, so an ASCII letter or digit (one byte of
 * each form, most of a text) and a memoised code point's forms are
 * stored without a test; a non-ASCII code point's forms may be longer
 * than it, so the room is made again after one. */
static rg_status scan_word(rg_scan *s, cpmemo *memo, size_t a, uint8_t flags, size_t *end)
{
    const uint8_t *p = (const uint8_t *)s->text;
    size_t i = a, len = s->len;
    wordcount w = {0, 0, 0, 0};
    bool whole = false;         /* lower-case the word as a whole */
    bool marked = false;        /* a letter of Vietnamese's own (rg_scan) */
    uint64_t h = 0, pw = 1;
    rg_tok *t;

    if (grow((void **)&s->tok, &s->cap_tok, s->ntok + 1, sizeof *s->tok) != RG_OK ||
        reserve_forms(s, len - a + CP_FORM_MAX) != RG_OK)
        return RG_ERR_NOMEM;
    t = &s->tok[s->ntok];
    memset(t, 0, sizeof *t);
    t->start = (uint32_t)a;
    t->fold = (uint32_t)s->folds_len;
    t->low = (uint32_t)s->lows_len;
    while (i < len) {
        int32_t cp;
        long n;
        size_t f0;
        if (p[i] < 0x80) {
            if (!ascii_wordish(p[i]))
                break;
            i = ascii_run(s, i, a, &w, &flags, &h, &pw);
            continue;
        }
        n = text_utf8_next(p + i, len - i, &cp);
        if (n <= 0 || !is_wordish(cp))
            break;
        marked = marked || (cp >= 0x102 && cp <= 0x111) || (cp >= 0x1a0 && cp <= 0x1b0) ||
                 (cp >= 0x1e80 && cp <= 0x1eff);
        f0 = s->folds_len;
        if (add_code_point(s, memo, cp, &w, i == a, &flags, &whole) != RG_OK)
            return RG_ERR_NOMEM;
        for (; f0 < s->folds_len; f0++) {
            h = h * PH_HASH_P + (uint8_t)s->folds[f0];
            pw *= PH_HASH_P;
        }
        i += (size_t)n;
        if (reserve_forms(s, len - i + CP_FORM_MAX) != RG_OK)
            return RG_ERR_NOMEM;
    }
    t->end = (uint32_t)i;
    t->fold_len = (uint32_t)(s->folds_len - t->fold);
    if (whole) {
        char *low = text_lower(s->text + a, i - a);
        s->lows_len = t->low;
        if (!low || append(&s->lows, &s->lows_len, &s->lows_cap, low, strlen(low)) != RG_OK ||
            reserve_forms(s, len - i + CP_FORM_MAX) != RG_OK) {
            free(low);
            return RG_ERR_NOMEM;
        }
        free(low);
    }
    t->low_len = (uint32_t)(s->lows_len - t->low);
    t->hash = h;
    t->hpow = pw;
    tok_filter_bits(s, t);
    flags |= TK_WORD;
    if (w.letters == 0 && w.digits > 0)
        flags |= TK_NUM;
    if ((w.letters >= 2 && w.uppers == w.letters) || (w.inner_upper > 0 && (flags & TK_CAP)) ||
        (w.uppers > 0 && w.digits > 0 && w.letters > 0))
        flags |= TK_ACRO;
    t->flags = flags;
    s->ntok++;
    s->words++;
    s->words_marked += marked;
    *end = i;
    return RG_OK;
}

static rg_status add_punct(rg_scan *s, size_t a, size_t b, int32_t cp, uint8_t flags)
{
    rg_tok *t;
    if (grow((void **)&s->tok, &s->cap_tok, s->ntok + 1, sizeof *s->tok) != RG_OK)
        return RG_ERR_NOMEM;
    t = &s->tok[s->ntok++];
    memset(t, 0, sizeof *t);
    t->start = (uint32_t)a;
    t->end = (uint32_t)b;
    t->fold = (uint32_t)s->folds_len;
    t->cp = (uint32_t)cp;
    t->flags = flags | TK_PUNCT;
    return RG_OK;
}

static const char *const abbreviations[] = {
    "tp", "ts", "pgs", "ths", "gs", "st", "mr", "mrs", "ms", "dr", "prof", "jr", "sr",
    "vs", "no", "ts", "bs", "ks", "q", "p", "co", "inc", "ltd", "dc"
};

static bool is_abbreviation(const rg_scan *s, size_t i)
{
    const rg_tok *t = &s->tok[i];
    if (!(t->flags & TK_WORD))
        return false;
    if ((t->flags & TK_CAP) && t->fold_len == 1)
        return true;            /* an initial: "J. F. Kennedy" */
    return tok_word_in(s, i, abbreviations, sizeof abbreviations / sizeof *abbreviations);
}

static bool is_stop_cp(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static bool opens_sentence(const rg_tok *t)
{
    if (t->flags & (TK_CAP | TK_NUM))
        return true;
    return (t->flags & TK_PUNCT) && (t->cp == '"' || t->cp == 0x201c || t->cp == '(' ||
                                     t->cp == '\'' || t->cp == 0x2018 || t->cp == '-');
}

static rg_status add_sentence(rg_scan *s, size_t t0, size_t t1)
{
    if (t1 <= t0)
        return RG_OK;
    if (grow((void **)&s->sent, &s->cap_sent, s->nsent + 1, sizeof *s->sent) != RG_OK)
        return RG_ERR_NOMEM;
    s->sent[s->nsent].t0 = (uint32_t)t0;
    s->sent[s->nsent].t1 = (uint32_t)t1;
    s->nsent++;
    return RG_OK;
}

/* Hard-wrapped text (PDF extraction: a line break every 60 characters,
 * often in the middle of a name) is recognised by its many line breaks that
 * neither follow a sentence end nor precede a capital; there, only a line
 * break after a sentence end still ends a sentence. */
static void join_wrapped_lines(rg_scan *s)
{
    size_t breaks = 0, mid = 0;
    for (size_t i = 1; i < s->ntok; i++) {
        const rg_tok *t = &s->tok[i], *prev = &s->tok[i - 1];
        if (!(t->flags & TK_NL))
            continue;
        breaks++;
        if (!((prev->flags & TK_PUNCT) && (is_stop_cp(prev->cp) || prev->cp == ':')) &&
            (t->flags & TK_WORD) && !(t->flags & TK_CAP))
            mid++;
    }
    if (breaks < 5 || mid * 4 < breaks)
        return;
    for (size_t i = 1; i < s->ntok; i++) {
        const rg_tok *prev = &s->tok[i - 1];
        if ((s->tok[i].flags & TK_NL) &&
            !((prev->flags & TK_PUNCT) && (is_stop_cp(prev->cp) || prev->cp == ':')))
            s->tok[i].flags &= (uint8_t)~TK_NL;
    }
}

/* A quote or bracket that closes what a stop ended: 'làm.” Mọi'. */
static bool closes_after_stop(const rg_scan *s, size_t i)
{
    const rg_tok *t = &s->tok[i];
    return i >= 1 && (t->flags & TK_PUNCT) && !(t->flags & TK_SPACE) &&
           (t->cp == '"' || t->cp == 0x201d || t->cp == '\'' || t->cp == 0x2019 ||
            t->cp == ')' || t->cp == 0xbb) &&
           (s->tok[i - 1].flags & TK_PUNCT) && is_stop_cp(s->tok[i - 1].cp);
}

/* Whether a sentence ends after token i (stop or closer) and before i + 1:
 * the next token is spaced off and opens a sentence, and the stop does not
 * end an abbreviation or initial. */
static bool ends_sentence_at(const rg_scan *s, size_t i)
{
    size_t stop = closes_after_stop(s, i) ? i - 1 : i;
    const rg_tok *t = &s->tok[i + 1], *p = &s->tok[stop];

    if (!(p->flags & TK_PUNCT) || !is_stop_cp(p->cp) || !(t->flags & TK_SPACE) ||
        !opens_sentence(t))
        return false;
    return !(p->cp == '.' && stop >= 1 && is_abbreviation(s, stop - 1));
}

static rg_status split_sentences(rg_scan *s)
{
    size_t start = 0;
    for (size_t i = 1; i < s->ntok; i++) {
        const rg_tok *t = &s->tok[i];
        bool cut = false;
        if (t->flags & TK_NL)
            cut = true;
        else if (ends_sentence_at(s, i - 1))
            cut = true;
        if (cut) {
            if (add_sentence(s, start, i) != RG_OK)
                return RG_ERR_NOMEM;
            start = i;
        }
    }
    return add_sentence(s, start, s->ntok);
}

/* Cuts the text into tokens, ASCII white space and punctuation without
 * decoding. */
static rg_status tokenize(rg_scan *out, cpmemo *memo, rg_error *err)
{
    const uint8_t *p = (const uint8_t *)out->text;
    size_t i = 0, len = out->len;
    uint8_t pending = 0;

    while (i < len) {
        int32_t cp = p[i];
        long n = 1;
        if (cp >= 0x80 && (n = text_utf8_next(p + i, len - i, &cp)) <= 0)
            return rg_fail(err, RG_ERR_INVALID, "not valid UTF-8 at byte %zu", i);
        if (is_space(cp)) {
            pending |= TK_SPACE;
            if (cp == '\n')
                pending |= TK_NL;
            else if (cp >= 0x80)
                pending |= TK_WIDE_SPACE;
            i += (size_t)n;
        } else if (cp < 0x80 ? ascii_wordish((uint8_t)cp) : is_wordish(cp)) {
            if (scan_word(out, memo, i, pending, &i) != RG_OK)
                return rg_fail(err, RG_ERR_NOMEM, "scanning text: out of memory");
            pending = 0;
        } else {
            if (add_punct(out, i, i + (size_t)n, cp, pending) != RG_OK)
                return rg_fail(err, RG_ERR_NOMEM, "scanning text: out of memory");
            pending = 0;
            i += (size_t)n;
        }
    }
    if (grow((void **)&out->folds, &out->folds_cap, out->folds_len + 1, 1) != RG_OK ||
        grow((void **)&out->lows, &out->lows_cap, out->lows_len + 1, 1) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "scanning text: out of memory");
    out->folds[out->folds_len] = '\0';
    out->lows[out->lows_len] = '\0';
    return RG_OK;
}

/* The code points rg_scan_facts knows ahead: Vietnamese's letters beyond
 * ASCII, both cases (Latin-1's letters, ă đ ĩ ũ ơ ư, and the tone-marked
 * vowels of Latin Extended Additional), and the combining tone marks.
 * Fewer than normalize's facts (all of Latin): these fill the memo, which
 * holds CP_MEMO_MAX code points, and a document needs room for its own. */
static bool fact_known_ahead(int32_t cp)
{
    static const int32_t extended[] = {0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168,
                                       0x169, 0x1a0, 0x1a1, 0x1af, 0x1b0, 0x300, 0x301,
                                       0x303, 0x309, 0x323};
    if ((cp >= 0xc0 && cp <= 0xff && cp != 0xd7 && cp != 0xf7) || (cp >= 0x1ea0 && cp <= 0x1ef9))
        return true;
    for (size_t i = 0; i < sizeof extended / sizeof *extended; i++)
        if (cp == extended[i])
            return true;
    return false;
}

/* A memo filled ahead, which each scan starts from (a copy). */
struct rg_scan_facts {
    cpmemo memo;
};

void scan_facts_free(rg_scan_facts *f)
{
    if (f)
        free(f->memo.slot);
    free(f);
}

rg_scan_facts *scan_facts_new(void)
{
    rg_scan_facts *f = calloc(1, sizeof *f);
    if (!f || !(f->memo.slot = calloc(CP_MEMO_SLOTS, sizeof *f->memo.slot)))
        goto fail;
    for (int32_t cp = 0xc0; cp <= 0x1ef9; cp++) {
        cpinfo tmp;
        if (fact_known_ahead(cp) && !cp_info(&f->memo, cp, &tmp))
            goto fail;
    }
    return f;
fail:
    scan_facts_free(f);
    return NULL;
}

rg_status scan_text(const char *text, size_t len, rg_scan *out, rg_error *err)
{
    return scan_text_with(text, len, NULL, out, err);
}

rg_status scan_text_with(const char *text, size_t len, const rg_scan_facts *facts, rg_scan *out,
                         rg_error *err)
{
    rg_status rc;

    memset(out, 0, sizeof *out);
    out->text = text;
    out->len = len;
    /* kept for scan_fold */
    if (!(out->cpmemo = calloc(1, sizeof *out->cpmemo)) ||
        !(out->cpmemo->slot = facts ? malloc(CP_MEMO_SLOTS * sizeof *out->cpmemo->slot)
                                    : calloc(CP_MEMO_SLOTS, sizeof *out->cpmemo->slot))) {
        rc = rg_fail(err, RG_ERR_NOMEM, "scanning text: out of memory");
        goto fail;
    }
    if (facts) {
        memcpy(out->cpmemo->slot, facts->memo.slot, CP_MEMO_SLOTS * sizeof *out->cpmemo->slot);
        out->cpmemo->n = facts->memo.n;
    }
    /* room for a usual text's tokens and forms from the start: growing
     * them by doubling copied each array about twice over */
    if (grow((void **)&out->tok, &out->cap_tok, len / 5 + 64, sizeof *out->tok) != RG_OK ||
        grow((void **)&out->folds, &out->folds_cap, len + 64, 1) != RG_OK ||
        grow((void **)&out->lows, &out->lows_cap, len + 64, 1) != RG_OK)
        goto nomem;
    if ((rc = tokenize(out, out->cpmemo, err)) != RG_OK)
        goto fail;
    join_wrapped_lines(out);
    if (split_sentences(out) != RG_OK)
        goto nomem;
    out->sent_end = malloc((out->ntok + 1) * sizeof *out->sent_end);
    if (!out->sent_end)
        goto nomem;
    for (size_t k = 0; k < out->nsent; k++)
        for (size_t t = out->sent[k].t0; t < out->sent[k].t1; t++)
            out->sent_end[t] = out->sent[k].t1;
    return RG_OK;
nomem:
    rc = rg_fail(err, RG_ERR_NOMEM, "scanning text: out of memory");
fail:
    scan_free(out);
    return rc;
}

void scan_free(rg_scan *s)
{
    free(s->tok);
    free(s->folds);
    free(s->lows);
    free(s->sent);
    free(s->sent_end);
    if (s->cpmemo)
        free(s->cpmemo->slot);
    free(s->cpmemo);
    memset(s, 0, sizeof *s);
}

/* rg_fold_memo over the document's code-point memo */
static int memo_fold(const void *ctx, int32_t cp, char *out)
{
    const cpmemo *memo = ctx;
    const cpinfo *ci = &memo->slot[cp_slot(memo, cp)];
    if (ci->cp != cp || ci->fold_len == FORM_LONG)
        return -1;
    memcpy(out, ci->fold, ci->fold_len);
    return ci->fold_len;
}

char *scan_fold(const rg_scan *s, const char *str, size_t n)
{
    char *buf = malloc(n * 4 + 1);
    bool memo = s->cpmemo && s->cpmemo->slot;
    size_t bad;

    if (buf && text_fold_into(str, n, buf, memo ? memo_fold : NULL, s->cpmemo, &bad) < 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

char *tokens_fold(const rg_scan *s, size_t t0, size_t t1)
{
    size_t n = 0, k = 0;
    char *r;
    if (t1 <= t0 || t1 > s->ntok)
        return strdup("");      /* as tokens_text */
    for (size_t i = t0; i < t1; i++)
        n += (s->tok[i].flags & TK_WORD) ? s->tok[i].fold_len : 32;
    if (!(r = malloc(n + 1)))
        return NULL;
    for (size_t i = t0; i < t1; i++) {
        const rg_tok *t = &s->tok[i];
        if (t->flags & TK_WORD) {
            memcpy(r + k, s->folds + t->fold, t->fold_len);
            k += t->fold_len;
        } else if (t->cp >= 0x80) {
            /* punctuation folds away, but text_fold keeps any letter a
             * symbol decomposes to: do as it does */
            int32_t buf[8];
            size_t m = text_fold_codepoint((int32_t)t->cp, buf, 8);
            for (size_t q = 0; q < m; q++)
                k += (size_t)utf8proc_encode_char(buf[q], (utf8proc_uint8_t *)r + k);
        }
    }
    r[k] = '\0';
    return r;
}

/* Appends c to r[0..k) with runs of white space squeezed to one space and
 * none at the start (*sp: white space is pending); returns the new length.
 * Writing never overtakes reading, so r may be the text being squeezed. */
static size_t put_squeezed(char *r, size_t k, char c, bool *sp)
{
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        *sp = true;
        return k;
    }
    if (*sp && k > 0)
        r[k++] = ' ';
    *sp = false;
    r[k++] = c;
    return k;
}

char *tokens_text(const rg_scan *s, size_t t0, size_t t1)
{
    size_t a, b;
    char *r;
    if (t1 <= t0 || t1 > s->ntok)
        return strdup("");
    a = s->tok[t0].start;
    b = s->tok[t1 - 1].end;
    r = malloc(b - a + 1);
    if (!r)
        return NULL;
    /* collapse runs of white space (line breaks inside a name) to one
     * space; a token holds none, so each token's bytes are copied whole
     * and only the gaps between tokens are looked at byte by byte */
    size_t k = 0, at = a;
    bool sp = false;
    for (size_t j = t0; j < t1; j++) {
        const rg_tok *t = &s->tok[j];
        for (; at < t->start; at++)
            k = put_squeezed(r, k, s->text[at], &sp);
        if (sp && k > 0)
            r[k++] = ' ';
        sp = false;
        memcpy(r + k, s->text + t->start, t->end - t->start);
        k += t->end - t->start;
        at = t->end;
    }
    r[k] = '\0';
    return r;
}

/* ---- phrases ------------------------------------------------------------ */

char *text_lower(const char *s, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    char *r;
    size_t k = 0, ascii = 0;
    bool sp = false;
    while (ascii < n && (unsigned char)s[ascii] < 0x80 && s[ascii])
        ascii++;
    if (ascii == n) {
        /* ASCII: NFC changes nothing and case folding is tolower */
        if (!(r = malloc(n + 1)))
            return NULL;
        for (size_t i = 0; i < n; i++)
            r[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
        r[n] = '\0';
    } else {
        if (utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                         UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
            return NULL;
        r = (char *)out;
    }
    for (size_t i = 0; r[i]; i++)
        k = put_squeezed(r, k, r[i], &sp);
    r[k] = '\0';
    return r;
}

/* Adds surface with its folded form key (taken: freed on failure). */
static rg_status add_phrase(rg_phrases *p, const char *surface, char *key, uint32_t payload,
                            rg_error *err)
{
    int32_t cp;
    uint8_t flags = 0;

    if (!*key) {
        free(key);
        return RG_OK;
    }
    if (utf8proc_iterate((const uint8_t *)surface, -1, &cp) > 0 && is_upper(cp))
        flags |= PH_CAP;
    if (strchr(surface, ','))
        flags |= PH_COMMA;
    if (grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v) != RG_OK) {
        free(key);
        return rg_fail(err, RG_ERR_NOMEM, "phrase list: out of memory");
    }
    p->v[p->n].key = key;
    p->v[p->n].keylen = (uint32_t)strlen(key);
    p->v[p->n].exact = NULL;
    if (p->exact && !(p->v[p->n].exact = text_lower(surface, strlen(surface)))) {
        free(key);
        return rg_fail(err, RG_ERR_NOMEM, "phrase list: out of memory");
    }
    p->v[p->n].payload = payload;
    p->v[p->n].flags = flags;
    p->n++;
    return RG_OK;
}

rg_status phrases_add(rg_phrases *p, const char *surface, uint32_t payload, rg_error *err)
{
    char *key = NULL;
    rg_status rc = text_fold(surface, strlen(surface), &key, err);

    if (rc != RG_OK)
        return rc;
    return add_phrase(p, surface, key, payload, err);
}

rg_status phrases_add_folded(rg_phrases *p, const char *surface, const char *folded,
                             uint32_t payload, rg_error *err)
{
    char *key = strdup(folded);

    if (!key)
        return rg_fail(err, RG_ERR_NOMEM, "phrase list: out of memory");
    return add_phrase(p, surface, key, payload, err);
}

rg_status phrases_last_exact(rg_phrases *p, const char *surface, rg_error *err)
{
    if (!p->n || p->v[p->n - 1].exact)
        return RG_OK;
    if (!(p->v[p->n - 1].exact = text_lower(surface, strlen(surface))))
        return rg_fail(err, RG_ERR_NOMEM, "phrase list: out of memory");
    return RG_OK;
}

rg_status phrases_add_json(rg_phrases *p, const json_t *arr, uint32_t payload, rg_error *err)
{
    size_t i;
    json_t *v;
    if (!json_is_array(arr))
        return RG_OK;
    json_array_foreach(arr, i, v) {
        if (json_is_string(v)) {
            rg_status rc = phrases_add(p, json_string_value(v), payload, err);
            if (rc != RG_OK)
                return rc;
        }
    }
    return RG_OK;
}

static int by_key(const void *a, const void *b)
{
    const rg_phrase *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    /* case-insensitive phrases first, so those a lower-case token may use
     * form a prefix of the run of equal keys */
    if ((x->flags & PH_CAP) != (y->flags & PH_CAP))
        return (x->flags & PH_CAP) ? 1 : -1;
    return x->payload < y->payload ? -1 : x->payload > y->payload;
}

/* Runs of folded bytes longer than this match nothing. */
#define PH_RUN_MAX 256
static inline size_t phrases_slot(const rg_phrases *p, uint64_t h)
{
    return (size_t)((h * 0xff51afd7ed558ccdull) >> 32) & p->prefix_mask;
}

static inline void bit_set(uint64_t *bits, uint32_t bit)
{
    bits[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

static inline bool bit_is_set(const uint64_t *bits, uint64_t bit)
{
    return (bits[bit >> 6] >> (bit & 63)) & 1;
}

/* Where a prefix's hash h lands in rg_phrases.present. */
#define PH_PRESENT_MIX 0x9e3779b97f4a7c15ull

static inline uint64_t present_bit(const rg_phrases *p, uint64_t h)
{
    return (h * PH_PRESENT_MIX) >> p->present_shift;
}

/* The table's entry for the prefix with hash h, or NULL when no key starts
 * with the bytes that hash so.  Distinct prefixes have distinct hashes
 * (prefix_build makes sure), but other bytes may share a prefix's hash:
 * what a found entry says is checked against the bytes where it matters
 * (run_equals). */
static inline const rg_phprefix *prefix_find(const rg_phrases *p, uint64_t h)
{
    if (!bit_is_set(p->present, present_bit(p, h)))
        return NULL;
    for (size_t j = phrases_slot(p, h);; j = (j + 1) & p->prefix_mask) {
        const rg_phprefix *e = &p->prefix[j];
        if (!e->lo1 || e->hash == h)
            return e->lo1 ? e : NULL;
    }
}

/* How many leading bytes keys a and b share. */
static size_t common_prefix(const rg_phrase *a, const rg_phrase *b)
{
    size_t l = 0;
    while (l < a->keylen && l < b->keylen && a->key[l] == b->key[l])
        l++;
    return l;
}

/* Puts a new prefix with hash h in the table: the keys from v[lo] on
 * start with it (eq: v[lo] is equal to it).  False when another prefix
 * has that hash. */
static bool prefix_insert(rg_phrases *p, uint64_t h, uint32_t lo, bool eq)
{
    size_t j = phrases_slot(p, h);
    for (; p->prefix[j].lo1; j = (j + 1) & p->prefix_mask)
        if (p->prefix[j].hash == h)
            return false;
    p->prefix[j].hash = h;
    p->prefix[j].lo1 = lo + 1;
    p->prefix[j].neq = eq;
    bit_set(p->present, (uint32_t)present_bit(p, h));
    return true;
}

/* Sets the bits of key f's first two and three bytes in the bitmap at
 * pairs (PH_PAIR_BITS bits). */
static void pairs_mark(uint64_t *pairs, const unsigned char *f, size_t keylen)
{
    if (keylen < 2)
        return;
    bit_set(pairs, (uint32_t)f[0] << 8 | f[1]);
    if (keylen >= 3)
        bit_set(pairs, phrases_triple(f));
}

/* The first two and three bytes of every key, then of the keys a token
 * that is not capitalised may start (no PH_CAP): most names in the lists
 * are capitalised and most words of a text are not (phrases_may_start).
 * A one-byte word may start any key that starts with its byte, whatever
 * its case; a shorter word, anything.  Without memory there is no filter,
 * only slower matching. */
static void pairs_build(rg_phrases *p)
{
    uint64_t *low;
    free(p->pairs);
    p->pairs = calloc(2 * PH_PAIR_BITS / 64, sizeof *p->pairs);
    if (!p->pairs)
        return;
    low = p->pairs + PH_PAIR_BITS / 64;
    bit_set(p->pairs, 0);
    bit_set(p->pairs, 65536);
    bit_set(low, 0);
    bit_set(low, 65536);
    for (size_t k = 0; k < p->n; k++) {
        const unsigned char *f = (const unsigned char *)p->v[k].key;
        if (p->v[k].keylen >= 1) {
            bit_set(p->pairs, (uint32_t)f[0] << 8);
            bit_set(low, (uint32_t)f[0] << 8);
        }
        pairs_mark(p->pairs, f, p->v[k].keylen);
        if (!(p->v[k].flags & PH_CAP))
            pairs_mark(low, f, p->v[k].keylen);
    }
}

/* The number of distinct prefixes of the sorted keys, the empty one
 * included: a key adds those longer than what it shares with the key
 * before it. */
static size_t count_prefixes(const rg_phrases *p)
{
    size_t total = 1;
    for (size_t k = 0; k < p->n; k++)
        total += p->v[k].keylen - (k ? common_prefix(&p->v[k - 1], &p->v[k]) : 0);
    return total;
}

/* No table of prefixes: look-ups go by binary search. */
static void prefix_drop(rg_phrases *p)
{
    free(p->prefix);
    free(p->present);
    p->prefix = NULL;
    p->present = NULL;
    p->prefix_mask = 0;
}

/* Builds the table of every prefix of the sorted keys (rg_phrases.prefix).
 * A key's prefixes up to what it shares with the key before it are in the
 * table already (the first key that has a prefix is where that prefix's
 * keys start); the longer ones are new.  On failure the table is left out
 * and matching binary-searches. */
static void prefix_build(rg_phrases *p)
{
    /* a look-up that finds nothing (most do) probes about 1 / (1 - load)^2
     * slots: small tables are kept a quarter full, the lexicon's (130,000
     * prefixes) two thirds, for its memory */
    size_t count = count_prefixes(p), need = count < 65536 ? 4 * count : count + count / 2,
           cap = 64;

    prefix_drop(p);
    free(p->pairs);
    p->pairs = NULL;
    if (p->n >= UINT32_MAX / 2)
        return;
    while (cap < need)
        cap *= 2;
    /* eight bits per slot: 2^(log2(cap) + 3) bits, indexed by a hash's top bits */
    p->present_shift = 64 - 3 - (unsigned)__builtin_ctzll(cap);
    if (!(p->prefix = calloc(cap, sizeof *p->prefix)) ||
        !(p->present = calloc(cap * 8 / 64, sizeof *p->present))) {
        prefix_drop(p);
        return;
    }
    p->prefix_mask = cap - 1;
    for (size_t k = 0; k < p->n; k++) {
        const rg_phrase *ph = &p->v[k];
        size_t shared = k ? common_prefix(&p->v[k - 1], ph) : 0;
        uint64_t h = 0;
        for (size_t d = 0; d <= ph->keylen; d++) {
            if (d > 0)
                h = phrases_hash(h, ph->key + d - 1, 1);
            if (d <= shared && !(k == 0 && d == 0)) {
                /* an old prefix: only a key equal to it adds to it */
                if (d == ph->keylen)
                    ((rg_phprefix *)prefix_find(p, h))->neq++;
                continue;
            }
            if (!prefix_insert(p, h, (uint32_t)k, d == ph->keylen)) {
                prefix_drop(p);     /* two prefixes share a hash */
                break;
            }
        }
        if (!p->prefix)
            break;
    }
    pairs_build(p);
}

void phrases_sort(rg_phrases *p)
{
    if (!p->n)
        return;
    qsort(p->v, p->n, sizeof *p->v, by_key);
    prefix_build(p);
}

void phrases_free(rg_phrases *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].key);
        free(p->v[i].exact);
    }
    free(p->v);
    prefix_drop(p);
    free(p->pairs);
    memset(p, 0, sizeof *p);
}

/* First phrase whose key is >= buf[0..n) (as a prefix comparison). */
static size_t lower_bound(const rg_phrases *p, const char *buf, size_t n)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *k = p->v[mid].key;
        size_t kl = p->v[mid].keylen;
        int c = memcmp(k, buf, kl < n ? kl : n);
        if (c < 0 || (c == 0 && kl < n))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Punctuation a phrase may span.  A comma too: a few names hold one ("Tổ
 * chức Giáo dục, Khoa học và Văn hóa Liên Hợp Quốc"), and a comma between
 * two names joins them only where a key spells both. */
static bool is_connector(const rg_tok *t)
{
    return (t->flags & TK_PUNCT) &&
           (t->cp == '.' || t->cp == '-' || t->cp == 0x2013 || t->cp == '\'' ||
            t->cp == 0x2019 || t->cp == '&' || t->cp == '/' || t->cp == ',');
}

/* The phrases whose key is exactly the n folded bytes in buf, as the range
 * [*lb, *e); false when there are none or no key starts with them. */
static bool keys_equal_to(const rg_phrases *p, const char *buf, size_t n, size_t *lb, size_t *e)
{
    *lb = lower_bound(p, buf, n);
    if (*lb >= p->n || strncmp(p->v[*lb].key, buf, n) != 0)
        return false;
    *e = *lb;
    while (*e < p->n && p->v[*e].keylen == n && memcmp(p->v[*e].key, buf, n) == 0)
        (*e)++;
    return true;
}

#define SPAN_LOWER_MAX 1024

/* The lower-cased text (text_lower) of tokens [i, j], put together from the
 * tokens' lower-cased forms, the connectors between them and one space for
 * each gap of white space (how text_lower collapses it) into
 * buf[SPAN_LOWER_MAX]; false when it must be worked out from the text
 * instead (white space that is not ASCII, an unusual connector, a long
 * span).  No connector composes with a mark, so the pieces lower-case
 * alone. */
static bool span_lower(const rg_scan *s, size_t i, size_t j, char *buf)
{
    size_t n = 0;
    for (size_t k = i; k <= j; k++) {
        const rg_tok *t = &s->tok[k];
        const char *src = s->text + t->start;
        size_t m = t->end - t->start;
        if (k > i && (t->flags & TK_SPACE)) {
            if ((t->flags & TK_WIDE_SPACE) || n + 1 >= SPAN_LOWER_MAX)
                return false;
            buf[n++] = ' ';
        }
        if (t->flags & TK_WORD) {
            src = s->lows + t->low;
            m = t->low_len;
        } else if (!is_connector(t)) {
            return false;       /* connectors have no case and are NFC */
        }
        if (n + m >= SPAN_LOWER_MAX)
            return false;
        memcpy(buf + n, src, m);
        n += m;
    }
    buf[n] = '\0';
    return true;
}

/* Of the phrases v[lb, e), whose keys equal the folded run of tokens
 * [i, j], puts those whose case (and, when exact, diacritics) rule the
 * run satisfies in hits; returns how many.  Apart from the matching loop:
 * its buffers would weigh on every call. */
static size_t keep_hits(const rg_phrases *p, const rg_scan *s, size_t i, size_t j, size_t lb,
                        size_t e, bool comma, size_t *hits)
{
    size_t c = 0;
    bool cap = (s->tok[i].flags & TK_CAP) != 0, lowered = false;
    char lowbuf[SPAN_LOWER_MAX], *low = NULL, *made = NULL;
    /* the lower-cased surface only when a diacritic-exact phrase gets
     * that far */
    for (size_t k = lb; k < e && c < PH_MAX_HITS; k++) {
        if (!cap && (p->v[k].flags & PH_CAP))
            continue;
        if (comma && !(p->v[k].flags & PH_COMMA))
            continue;
        if (p->exact || p->v[k].exact) {
            if (!lowered) {
                lowered = true;
                low = span_lower(s, i, j, lowbuf) ? lowbuf :
                      (made = text_lower(s->text + s->tok[i].start,
                                         s->tok[j].end - s->tok[i].start));
            }
            if (!low || !p->v[k].exact || strcmp(low, p->v[k].exact) != 0)
                continue;
        }
        hits[c++] = k;
    }
    free(made);
    return c;
}

size_t phrases_match_run(const rg_phrases *p, const rg_scan *s, size_t i, size_t lim,
                         size_t *hits, size_t *nhits)
{
    size_t n = 0, best = 0;
    uint64_t h = 0;
    bool comma = false;         /* the run spans a comma: only PH_COMMA phrases */
    const char *run;            /* the run's folded bytes: its words' folds are
                                   contiguous in s->folds (punctuation adds none) */

    if (!p->n || i >= lim || !(s->tok[i].flags & TK_WORD))
        return 0;
    run = s->folds + s->tok[i].fold;
    for (size_t j = i; j < lim && j < i + 24; j++) {
        const rg_tok *t = &s->tok[j];
        size_t lb, e, c;
        if (!(t->flags & TK_WORD)) {
            if (is_connector(t) && j + 1 < lim && (s->tok[j + 1].flags & TK_WORD) &&
                !(s->tok[j + 1].flags & TK_NL)) {
                comma = comma || t->cp == ',';
                continue;
            }
            break;
        }
        if (j > i && (t->flags & TK_NL))
            break;
        if (n + t->fold_len >= PH_RUN_MAX)
            break;
        n += t->fold_len;
        if (p->prefix) {
            /* one look-up per token in the table of prefixes, by hash; the
             * bytes are compared only where keys end (bytes that share a
             * prefix's hash but are no prefix end no key either) */
            const rg_phprefix *pre;
            h = h * t->hpow + t->hash;
            if (!(pre = prefix_find(p, h)))
                break;
            lb = pre->lo1 - 1;
            e = lb + pre->neq;
            if (e > lb && (p->v[lb].keylen != n || memcmp(p->v[lb].key, run, n) != 0))
                break;
        } else if (!keys_equal_to(p, run, n, &lb, &e)) {
            break;
        }
        if (e > lb && (c = keep_hits(p, s, i, j, lb, e, comma, hits)) != 0) {
            best = j + 1 - i;
            *nhits = c;
        }
    }
    return best;
}
