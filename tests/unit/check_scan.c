/*
 * check_scan.c - the scanner's per-token forms (extract.h) are what the slow
 * ways give: each word's lower-cased form is text_lower of its text, a
 * span's folded form is text_fold of its text, and a diacritic-exact phrase
 * matches exactly where text_lower of the span equals it - for tricky
 * Unicode (Đ/đ, combining marks, Turkish İ, ligatures, no-break spaces) and
 * for every pair of precomposed Latin letters, whose lower-cased forms the
 * scanner puts together code point by code point.  And the phrase lists'
 * table of prefixes, with its filters, matches as a plain binary search
 * does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../../core/extract.h"
#include "../../core/fold.h"
#include "testutil.h"

static const char *const tricky =
    "Đà Nẵng đang ĐẢNG İstanbul DİYARBAKIR ﬁnance Straße STRASSE ŉ ǅemal "
    "Cafe\xcc\x81 Tie\xcc\x82\xcc\x81ng \xcc\x81solo Ωmega ΣΊΣΥΦΟΣ Ⅻ Ǆ ǈ "
    "Hồ\xc2\xa0" "Chí Minh Hà-Nội TP.HCM O’Neill AT&T 東京 Москва ŸŒ ﬀ ﬆ";

static rg_scan scan_of(const char *text)
{
    rg_scan s;
    rg_error err = {0};
    ck_assert_int_eq(scan_text(text, strlen(text), &s, &err), RG_OK);
    return s;
}

/* Every word token's lower-cased form is text_lower of its surface. */
static void assert_lows(const rg_scan *s)
{
    for (size_t i = 0; i < s->ntok; i++) {
        const rg_tok *t = &s->tok[i];
        char *want;
        if (!(t->flags & TK_WORD))
            continue;
        want = text_lower(s->text + t->start, t->end - t->start);
        ck_assert_ptr_nonnull(want);
        if (strlen(want) != t->low_len || memcmp(want, s->lows + t->low, t->low_len) != 0)
            ck_abort_msg("token \"%.*s\": lower \"%.*s\", text_lower \"%s\"",
                         (int)(t->end - t->start), s->text + t->start, (int)t->low_len,
                         s->lows + t->low, want);
        free(want);
    }
}

START_TEST(word_lower_forms_agree_with_text_lower)
{
    rg_scan s = scan_of(tricky);
    ck_assert_uint_gt(s.ntok, 30);
    assert_lows(&s);
    scan_free(&s);
}
END_TEST

static size_t put_cp(char *buf, int32_t cp)
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf);
}

static bool is_word_cp(int32_t cp)
{
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

/* The scanner lower-cases precomposed Latin letters one by one; every pair
 * of them (and each beside an ASCII letter and a combining mark) gives what
 * text_lower of the pair gives. */
START_TEST(latin_letter_pairs_lower_alone)
{
    static const int32_t ranges[][2] = { {0x41, 0x5a}, {0xc0, 0x24f}, {0x1e00, 0x1eff} };
    int32_t cps[1024];
    size_t n = 0;
    char *text;

    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        for (int32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++)
            if (is_word_cp(cp))
                cps[n++] = cp;
    cps[n++] = 0x301;   /* a combining acute: composes with the letter before */
    text = malloc(n * 10 + 1);
    ck_assert_ptr_nonnull(text);
    for (size_t a = 0; a < n; a++) {
        size_t len = 0;
        rg_scan s;
        for (size_t b = 0; b < n; b++) {
            len += put_cp(text + len, cps[a]);
            len += put_cp(text + len, cps[b]);
            text[len++] = ' ';
        }
        text[len] = '\0';
        s = scan_of(text);
        ck_assert_uint_eq(s.ntok, n);
        assert_lows(&s);
        scan_free(&s);
    }
    free(text);
}
END_TEST

/* tokens_fold of every span is text_fold of tokens_text of it, also past
 * the scanner's memo of code points (hundreds of distinct ones). */
START_TEST(span_folds_agree_with_text_fold)
{
    size_t cap = strlen(tricky) + 600 * 8 + 64, len = strlen(tricky);
    char *text = malloc(cap);
    rg_scan s;

    ck_assert_ptr_nonnull(text);
    memcpy(text, tricky, len);
    for (int32_t cp = 0x4e00; cp < 0x4e00 + 600; cp++) {
        text[len++] = ' ';
        len += put_cp(text + len, cp);
    }
    memcpy(text + len, " Đồng Nai ½ ⅓", strlen(" Đồng Nai ½ ⅓") + 1);
    s = scan_of(text);
    assert_lows(&s);
    for (size_t t0 = 0; t0 < s.ntok; t0 += 7)
        for (size_t t1 = t0; t1 <= s.ntok && t1 < t0 + 40; t1++) {
            char *surface = tokens_text(&s, t0, t1), *want = NULL, *got = tokens_fold(&s, t0, t1);
            char *again;
            rg_error err = {0};
            ck_assert_ptr_nonnull(surface);
            ck_assert_ptr_nonnull(got);
            ck_assert_int_eq(text_fold(surface, strlen(surface), &want, &err), RG_OK);
            ck_assert_str_eq(got, want);
            again = scan_fold(&s, surface, strlen(surface));
            ck_assert_ptr_nonnull(again);
            ck_assert_str_eq(again, want);
            free(surface);
            free(want);
            free(got);
            free(again);
        }
    scan_free(&s);
    free(text);
}
END_TEST

/* scan_fold is text_fold also for code points the text does not hold, and
 * refuses what is not UTF-8. */
START_TEST(scan_fold_is_text_fold)
{
    static const char *const names[] = {
        "Thành phố Hồ Chí Minh", "Привет, Ωmega!", "ǅemal İstanbul ﬁn", "Đồng Nai ½", "", "..."
    };
    rg_scan s = scan_of("Thành phố Hồ Chí Minh và Đà Nẵng");
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char *want = NULL, *got = scan_fold(&s, names[k], strlen(names[k]));
        rg_error err = {0};
        ck_assert_int_eq(text_fold(names[k], strlen(names[k]), &want, &err), RG_OK);
        ck_assert_ptr_nonnull(got);
        ck_assert_str_eq(got, want);
        free(want);
        free(got);
    }
    ck_assert_ptr_null(scan_fold(&s, "a\xc3", 2));
    ck_assert_ptr_null(scan_fold(&s, "a\0b", 3));
    scan_free(&s);
}
END_TEST

/* A diacritic-exact phrase matches a run of tokens exactly when text_lower
 * of the run's text is the phrase's lower-cased form: across runs of
 * spaces and connectors, not across a no-break space (text_lower keeps it). */
static void assert_exact_match(const char *phrase, const char *text, size_t at, size_t want_len)
{
    rg_phrases p = {0};
    rg_error err = {0};
    rg_scan s = scan_of(text);
    size_t hits[PH_MAX_HITS], nhits = 0, got;

    p.exact = true;
    ck_assert_int_eq(phrases_add(&p, phrase, 7, &err), RG_OK);
    phrases_sort(&p);
    got = phrases_match(&p, &s, at, s.ntok, hits, &nhits);
    ck_assert_msg(got == want_len, "\"%s\" in \"%s\" at %zu: %zu tokens, want %zu", phrase, text,
                  at, got, want_len);
    if (got) {
        char *low = text_lower(text + s.tok[at].start, s.tok[at + got - 1].end - s.tok[at].start),
             *plow = text_lower(phrase, strlen(phrase));
        ck_assert_str_eq(low, plow);
        ck_assert_uint_eq(p.v[hits[0]].payload, 7);
        free(low);
        free(plow);
    }
    scan_free(&s);
    phrases_free(&p);
}

START_TEST(exact_phrases_match_the_lower_cased_span)
{
    assert_exact_match("Hồ Chí Minh", "ở Hồ Chí Minh", 1, 3);
    assert_exact_match("Hồ Chí Minh", "ở HỒ  CHÍ\tMINH nay", 1, 3);
    assert_exact_match("Hồ Chí Minh", "ở Ho Chi Minh", 1, 0);
    assert_exact_match("Hồ Chí Minh", "ở Hồ\xc2\xa0" "Chí Minh", 1, 0);
    assert_exact_match("Hà-Nội", "ở HÀ-NỘI", 1, 3);
    assert_exact_match("Đà Nẵng", "ĐÀ NẴNG", 0, 2);
    assert_exact_match("Đà Nẵng", "đà nẵng", 0, 0);     /* a capital is needed */
    assert_exact_match("Đà Nẵng", "da nang", 0, 0);
    assert_exact_match("İstanbul", "İSTANBUL", 0, 1);
    assert_exact_match("İstanbul", "Istanbul", 0, 0);
    assert_exact_match("Straße", "STRAẞE", 0, 1);
    assert_exact_match("Café", "Cafe\xcc\x81 noir", 0, 1);
    assert_exact_match("O’Neill", "Mr O’NEILL", 1, 3);
}
END_TEST

/* A pseudo-random word of 1 to 4 letters from a small alphabet, so that
 * the tree has wide nodes (a table of children) and narrow ones. */
static size_t random_word(uint32_t *seed, char *out, bool cap)
{
    static const char *const letters[] = { "a", "b", "c", "d", "e", "f", "g", "h", "ô", "đ" };
    size_t len = 0, n;
    *seed = *seed * 1103515245u + 12345u;
    n = 1 + (*seed >> 16) % 4;
    for (size_t k = 0; k < n; k++) {
        const char *l;
        *seed = *seed * 1103515245u + 12345u;
        l = letters[(*seed >> 16) % 10];
        if (k == 0 && cap && l[0] >= 'a' && l[0] <= 'z') {
            out[len++] = (char)(l[0] - 32);
        } else {
            memcpy(out + len, l, strlen(l));
            len += strlen(l);
        }
    }
    return len;
}

/* The table of prefixes, looked up by hash a token at a time, with its
 * filters (phrases_may_start), finds what a binary search over the sorted
 * keys finds (the plain path), for keys that share prefixes, keys equal
 * to each other, diacritic-exact keys and runs across hyphens. */
START_TEST(prefix_table_matches_as_binary_search)
{
    rg_phrases p = {0};
    rg_error err = {0};
    uint32_t seed = 7;
    char buf[64], *text = malloc(3000 * 12);
    size_t len = 0, checked = 0;
    rg_scan s;

    ck_assert_ptr_nonnull(text);
    for (uint32_t k = 0; k < 2000; k++) {
        size_t n = 0, words = 1 + k % 3;
        for (size_t w = 0; w < words; w++) {
            if (w)
                buf[n++] = ' ';
            n += random_word(&seed, buf + n, k % 5 == 0 && w == 0);
        }
        buf[n] = '\0';
        ck_assert_int_eq(phrases_add(&p, buf, k, &err), RG_OK);
        if (k % 7 == 0)
            ck_assert_int_eq(phrases_last_exact(&p, buf, &err), RG_OK);
    }
    phrases_sort(&p);
    ck_assert_ptr_nonnull(p.prefix);
    for (size_t w = 0; w < 3000; w++) {
        len += random_word(&seed, text + len, w % 3 == 0);
        text[len++] = w % 11 == 0 ? '-' : ' ';
    }
    text[len] = '\0';
    s = scan_of(text);
    for (size_t i = 0; i < s.ntok; i++) {
        size_t h1[PH_MAX_HITS], h2[PH_MAX_HITS], c1 = 0, c2 = 0, n1, n2;
        rg_phprefix *table = p.prefix;
        n1 = phrases_match(&p, &s, i, s.ntok, h1, &c1);
        p.prefix = NULL;    /* the binary search */
        n2 = phrases_match(&p, &s, i, s.ntok, h2, &c2);
        p.prefix = table;
        ck_assert_uint_eq(n1, n2);
        if (n1) {
            ck_assert_uint_eq(c1, c2);
            ck_assert(memcmp(h1, h2, c1 * sizeof *h1) == 0);
            checked++;
        }
    }
    ck_assert_uint_gt(checked, 100);    /* the test saw matches, not only misses */
    scan_free(&s);
    phrases_free(&p);
    free(text);
}
END_TEST

/* phrases_may_start tests the bits the scanner found for each token: it
 * must never turn away a token where phrases_match_run (the plain path,
 * no filter) finds a phrase, for lists of short keys (one byte, two,
 * three, capitalised or not, with connectors) and words of every length,
 * including words that fold away (a lone combining mark) and one-byte
 * words; and it must turn some away, or it filters nothing. */
START_TEST(filter_never_turns_a_match_away)
{
    static const char *const extra[] = {"\xcc\x81", "a", "B", "đ", "Đ", "ab", "A-b", "x.y", "ô"};
    uint32_t seed = 3;
    size_t matched = 0, turned = 0;
    for (int round = 0; round < 40; round++) {
        rg_phrases p = {0};
        rg_error err = {0};
        char buf[64], text[4000];
        size_t len = 0;
        rg_scan s;
        for (uint32_t k = 0; k < (uint32_t)(1 + round * 3); k++) {
            size_t n = 0, words = 1 + k % 2;
            for (size_t w = 0; w < words; w++) {
                if (w)
                    buf[n++] = ' ';
                n += random_word(&seed, buf + n, (k + round) % 3 == 0 && w == 0);
            }
            buf[n] = '\0';
            ck_assert_int_eq(phrases_add(&p, k % 9 == 4 ? extra[k % 7] : buf, k, &err), RG_OK);
        }
        phrases_sort(&p);
        for (size_t w = 0; w < 300; w++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 6 == 0) {
                const char *e = extra[(seed >> 20) % (sizeof extra / sizeof *extra)];
                memcpy(text + len, e, strlen(e));
                len += strlen(e);
            } else {
                len += random_word(&seed, text + len, w % 3 == 0);
            }
            text[len++] = w % 13 == 0 ? '.' : ' ';
        }
        text[len] = '\0';
        s = scan_of(text);
        for (size_t i = 0; i < s.ntok; i++) {
            size_t hits[PH_MAX_HITS], c = 0;
            bool may = phrases_may_start(&p, &s, i, s.ntok);
            size_t n = phrases_match_run(&p, &s, i, s.ntok, hits, &c);
            ck_assert_msg(may || n == 0, "round %d token %zu \"%.*s\": turned away a match",
                          round, i, (int)(s.tok[i].end - s.tok[i].start), s.text + s.tok[i].start);
            matched += n > 0;
            turned += (s.tok[i].flags & TK_WORD) && !may;
        }
        scan_free(&s);
        phrases_free(&p);
    }
    ck_assert_uint_gt(matched, 500);
    ck_assert_uint_gt(turned, 500);
}
END_TEST

/* A word that is not capitalised may start only the keys without PH_CAP:
 * phrases_may_start turns it away from a list of capitalised names, and
 * still lets it through where a lower-case key starts the same way. */
START_TEST(lower_case_words_skip_capitalised_keys)
{
    rg_phrases names = {0}, mixed = {0};
    rg_error err = {0};
    size_t hits[PH_MAX_HITS], nhits = 0;
    /* tokens: 0 Hà 1 Nội 2 hà 3 nội 4 Thành 5 phố 6 thành 7 phố */
    rg_scan s = scan_of("Hà Nội hà nội Thành phố thành phố");

    ck_assert_int_eq(phrases_add(&names, "Hà Nội", 1, &err), RG_OK);
    ck_assert_int_eq(phrases_add(&names, "Thành phố Huế", 2, &err), RG_OK);
    phrases_sort(&names);
    ck_assert_int_eq(phrases_add(&mixed, "Hà Nội", 1, &err), RG_OK);
    ck_assert_int_eq(phrases_add(&mixed, "thành phố", 2, &err), RG_OK);
    phrases_sort(&mixed);
    ck_assert_ptr_nonnull(names.pairs);

    ck_assert(phrases_may_start(&names, &s, 0, s.ntok));
    ck_assert(!phrases_may_start(&names, &s, 2, s.ntok));
    ck_assert(phrases_may_start(&names, &s, 4, s.ntok));
    ck_assert(!phrases_may_start(&names, &s, 6, s.ntok));
    ck_assert_uint_eq(phrases_match(&names, &s, 0, s.ntok, hits, &nhits), 2);
    ck_assert_uint_eq(phrases_match(&names, &s, 2, s.ntok, hits, &nhits), 0);

    ck_assert(!phrases_may_start(&mixed, &s, 2, s.ntok));
    ck_assert(phrases_may_start(&mixed, &s, 6, s.ntok));
    ck_assert_uint_eq(phrases_match(&mixed, &s, 4, s.ntok, hits, &nhits), 2);
    ck_assert_uint_eq(phrases_match(&mixed, &s, 6, s.ntok, hits, &nhits), 2);
    ck_assert_uint_eq(nhits, 1);
    ck_assert_uint_eq(mixed.v[hits[0]].payload, 2);

    phrases_free(&names);
    phrases_free(&mixed);
    scan_free(&s);
}
END_TEST

/* The scanner takes Latin letters with diacritics and combining marks as
 * word code points without asking utf8proc: every code point of those
 * blocks must be a letter or mark by utf8proc's table too, and each makes
 * one word token; the two signs of Latin-1 stay punctuation. */
START_TEST(latin_blocks_are_word_code_points)
{
    static const int32_t blocks[][2] = {{0xC0, 0x24F}, {0x300, 0x36F}, {0x1E00, 0x1EFF}};
    char *text = malloc(4 * 1200 + 1);
    size_t len = 0, words = 0;
    rg_scan s;

    ck_assert_ptr_nonnull(text);
    for (size_t b = 0; b < 3; b++)
        for (int32_t cp = blocks[b][0]; cp <= blocks[b][1]; cp++) {
            utf8proc_category_t c = utf8proc_category(cp);
            bool sign = cp == 0xD7 || cp == 0xF7;
            bool wordish = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
                           c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
                           c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN ||
                           c == UTF8PROC_CATEGORY_MC;
            ck_assert_msg(wordish != sign, "U+%04X: category %d", (unsigned)cp, (int)c);
            len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)text + len);
            text[len++] = ' ';
            words += !sign;
        }
    text[len] = '\0';
    s = scan_of(text);
    ck_assert_uint_eq(s.ntok, words + 2);
    for (size_t i = 0; i < s.ntok; i++) {
        int32_t cp;
        utf8proc_iterate((const utf8proc_uint8_t *)text + s.tok[i].start, 4, &cp);
        ck_assert_msg(((s.tok[i].flags & TK_WORD) != 0) == (cp != 0xD7 && cp != 0xF7),
                      "U+%04X", (unsigned)cp);
    }
    scan_free(&s);
    free(text);
}
END_TEST

/* The word tokens of a text, the plain way: maximal runs of word code
 * points (by utf8proc's categories), each with its class worked out from
 * its code points and its hash from its folded form.  The scanner does it
 * in one pass, ASCII runs apart; it must agree for ASCII, Vietnamese,
 * marks, digits, capitals inside words and words at the text's ends. */
/* Scanning from the facts worked out ahead (scan_text_with) gives what
 * scanning from nothing gives: the same tokens, forms, sentences and
 * counts, and scan_fold of any span the same, on texts of every
 * Vietnamese letter, decomposed ones and neighbours from other scripts.
 * Long texts too, where the memo fills up. */
START_TEST(facts_ahead_change_nothing)
{
    unsigned seed = 11;
    rg_scan_facts *facts = scan_facts_new();
    ck_assert_ptr_nonnull(facts);
    for (int round = 0; round < 200; round++) {
        static char text[1 << 17];      /* pieces are at most 24 bytes */
        size_t len = 0;
        rg_scan a, b;
        rg_error err = {0};
        int pieces = 1 + (round * 37) % (round < 190 ? 300 : 4000);
        tu_glue_pieces(&seed, tu_vietnamese_pieces, tu_vietnamese_npieces, pieces, text, &len);
        ck_assert_int_eq(scan_text(text, len, &a, &err), RG_OK);
        ck_assert_int_eq(scan_text_with(text, len, facts, &b, &err), RG_OK);
        ck_assert_uint_eq(a.ntok, b.ntok);
        ck_assert_int_eq(memcmp(a.tok, b.tok, a.ntok * sizeof *a.tok), 0);
        ck_assert_uint_eq(a.folds_len, b.folds_len);
        ck_assert_int_eq(memcmp(a.folds, b.folds, a.folds_len), 0);
        ck_assert_uint_eq(a.lows_len, b.lows_len);
        ck_assert_int_eq(memcmp(a.lows, b.lows, a.lows_len), 0);
        ck_assert_uint_eq(a.nsent, b.nsent);
        ck_assert_int_eq(memcmp(a.sent, b.sent, a.nsent * sizeof *a.sent), 0);
        ck_assert_uint_eq(a.words_marked, b.words_marked);
        for (size_t k = 0; k + 1 < a.ntok; k += 3) {
            size_t from = a.tok[k].start, to = a.tok[k + 1].end;
            char *fa = scan_fold(&a, text + from, to - from), *fb = scan_fold(&b, text + from, to - from);
            ck_assert_ptr_nonnull(fa);
            ck_assert_ptr_nonnull(fb);
            ck_assert_str_eq(fa, fb);
            free(fa);
            free(fb);
        }
        scan_free(&a);
        scan_free(&b);
    }
    scan_facts_free(facts);
}
END_TEST

START_TEST(one_pass_words_agree_with_the_plain_way)
{
    static const char *const pieces[] = {
        "Hà", "NỘI", "tp", "TP", "C40", "AmCham", "a\xcc\x81", "\xcc\x81", "2025", "x2",
        "ĐBSCL", "Ω", "東京", "ﬁ", "ǅ", " ", " ", "\n", ".", "-", "\xc2\xa0", "Straße", "İ", "q"};
    unsigned seed = 5;
    for (int round = 0; round < 300; round++) {
        char text[2048];
        size_t len = 0, words = 0;
        rg_scan s;
        tu_glue_pieces(&seed, pieces, sizeof pieces / sizeof *pieces, 1 + round % 40, text, &len);
        s = scan_of(text);
        for (size_t pos = 0; pos < len;) {
            int32_t cp;
            size_t a = pos, letters = 0, uppers = 0, digits = 0, inner = 0;
            bool cap = false;
            const rg_tok *t;
            uint64_t pw = 1;
            pos += (size_t)utf8proc_iterate((const utf8proc_uint8_t *)text + pos, 4, &cp);
            if (!is_word_cp(cp))
                continue;
            for (size_t q = a; q < len;) {
                int32_t c;
                size_t m = (size_t)utf8proc_iterate((const utf8proc_uint8_t *)text + q, 4, &c);
                utf8proc_category_t cat = utf8proc_category(c);
                if (!is_word_cp(c))
                    break;
                if (cat == UTF8PROC_CATEGORY_ND) {
                    digits++;
                } else if (cat != UTF8PROC_CATEGORY_MN) {
                    letters++;
                    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
                        uppers++;
                        cap = cap || q == a;
                        inner += q != a;
                    }
                }
                q += m;
                pos = q;
            }
            while (words < s.ntok && !(s.tok[words].flags & TK_WORD))
                words++;
            ck_assert_uint_lt(words, s.ntok);
            t = &s.tok[words++];
            ck_assert_msg(t->start == a && t->end == pos, "[%s]: word %zu-%zu, scanned %u-%u", text,
                          a, pos, t->start, t->end);
            ck_assert_msg(((t->flags & TK_CAP) != 0) == cap, "[%s] at %zu: capital", text, a);
            ck_assert_msg(((t->flags & TK_NUM) != 0) == (letters == 0 && digits > 0), "[%s] at %zu: number", text, a);
            ck_assert_msg(((t->flags & TK_ACRO) != 0) == ((letters >= 2 && uppers == letters) ||
                                                          (inner > 0 && cap) ||
                                                          (uppers > 0 && digits > 0 && letters > 0)),
                          "[%s] at %zu: acronym", text, a);
            for (size_t k = 0; k < t->fold_len; k++)
                pw *= PH_HASH_P;
            ck_assert(t->hash == phrases_hash(0, s.folds + t->fold, t->fold_len));
            ck_assert(t->hpow == pw);
        }
        while (words < s.ntok && !(s.tok[words].flags & TK_WORD))
            words++;
        ck_assert_uint_eq(words, s.ntok);
        assert_lows(&s);
        scan_free(&s);
    }
}
END_TEST

/* Whether token i's folded form is w, the plain way: text_fold of its
 * surface, compared as strings. */
static bool plain_tok_word(const rg_scan *s, size_t i, const char *w)
{
    char *f = NULL;
    rg_error err = {0};
    bool eq;
    if (i >= s->ntok || !(s->tok[i].flags & TK_WORD))
        return false;
    ck_assert_int_eq(text_fold(s->text + s->tok[i].start, s->tok[i].end - s->tok[i].start, &f,
                               &err), RG_OK);
    eq = strcmp(f, w) == 0;
    free(f);
    return eq;
}

/* tok_word compares lengths first and tok_word_in goes through a list:
 * both must say what comparing the folded strings says, for every token
 * of a text (words that are prefixes of others, longer, non-ASCII, empty,
 * punctuation) and one past the end. */
/* The scanner counts words and those with a letter of Vietnamese's own
 * (what tells the text's language): ă đ ơ ư and the tone-marked
 * vowels count, accents that French or Spanish share do not.  Numbers and
 * a mark cut off from its letter are words too; punctuation is not. */
START_TEST(words_with_vietnamese_letters_are_counted)
{
    static const struct {
        const char *text;
        size_t words, marked;
    } cases[] = {
        {"Hà Nội và Paris", 4, 1},                  /* à is French too; ộ is not */
        {"Đà Nẵng, Huế; Cần Thơ.", 5, 5},
        {"Café à la crème, São Paulo 2024", 7, 0},
        {"ăn ở ưu tiên ÂM Ơ", 6, 4},         /* ê and Â are French too */
        {"x \xcc\x81 ... 12 !", 3, 0},
        {"", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rg_scan s = scan_of(cases[i].text);
        size_t words = 0;
        for (size_t k = 0; k < s.ntok; k++)
            words += (s.tok[k].flags & TK_WORD) != 0;
        ck_assert_msg(s.words == cases[i].words && words == s.words,
                      "\"%s\": %zu words counted, %zu word tokens, want %zu", cases[i].text,
                      s.words, words, cases[i].words);
        ck_assert_msg(s.words_marked == cases[i].marked, "\"%s\": %zu marked, want %zu",
                      cases[i].text, s.words_marked, cases[i].marked);
        scan_free(&s);
    }
}
END_TEST

START_TEST(tok_word_is_a_folded_comparison)
{
    static const char *const words[] = {"", "t", "tp", "tphcm", "hcm", "da", "dang", "nang",
                                        "ho", "hochiminh", "the", "them", "finance", "strasse",
                                        "ss", "a", "at", "att", "t&t", "d"};
    const size_t nw = sizeof words / sizeof *words;
    char text[512];
    rg_scan s;
    snprintf(text, sizeof text, "%s the them THE Them tp TP. t Da đang Đang ĐẢNG ss a A at & "
             "thé a\xcc\x81 \xcc\x81 x", tricky);
    s = scan_of(text);
    for (size_t i = 0; i <= s.ntok; i++) {
        for (size_t k = 0; k < nw; k++) {
            bool want = plain_tok_word(&s, i, words[k]);
            ck_assert_msg(tok_word(&s, i, words[k]) == want, "token %zu, \"%s\"", i, words[k]);
            ck_assert_msg(tok_word_in(&s, i, words + k, 1) == want, "token %zu, \"%s\"", i,
                          words[k]);
        }
        {
            bool any = false;
            for (size_t k = 1; k < nw; k++)
                any = any || plain_tok_word(&s, i, words[k]);
            ck_assert_msg(tok_word_in(&s, i, words + 1, nw - 1) == any, "token %zu", i);
        }
    }
    scan_free(&s);
}
END_TEST

/* ---- sentences and names, as the builder cuts and finds them ------------ */

/* The sentences scan_text finds in text, joined with " | ": each from its
 * first token's start to its last token's end. */
static void assert_sentences(const char *text, const char *want)
{
    char buf[4096];
    size_t used = 0;
    rg_scan s = scan_of(text);

    buf[0] = '\0';
    for (size_t k = 0; k < s.nsent; k++) {
        size_t a = s.tok[s.sent[k].t0].start, b = s.tok[s.sent[k].t1 - 1].end;
        ck_assert(k == 0 || s.sent[k].t0 == s.sent[k - 1].t1);
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%.*s", k ? " | " : "",
                                 (int)(b - a), text + a);
        ck_assert_uint_lt(used, sizeof buf);
    }
    ck_assert_msg(strcmp(buf, want) == 0, "\n got: %s\nwant: %s", buf, want);
    scan_free(&s);
}

START_TEST(sentences_end_at_stops_before_a_capital)
{
    assert_sentences("Mưa to. Đường ngập! Ai sửa? Không ai.",
                     "Mưa to. | Đường ngập! | Ai sửa? | Không ai.");
    assert_sentences("  Một câu   ", "Một câu");
    assert_sentences("Chờ đã… Rồi đi.", "Chờ đã… | Rồi đi.");
    assert_sentences("Wait... Then go.", "Wait... | Then go.");
    assert_sentences("Có 3 điểm. 2. Thứ hai.", "Có 3 điểm. | 2. | Thứ hai.");
    /* a lower-case word after a period continues the sentence */
    assert_sentences("Các ngành v.v. đều tăng. Xong.", "Các ngành v.v. đều tăng. | Xong.");
    assert_sentences("", "");
    assert_sentences(" \n\n \n", "");
}
END_TEST

START_TEST(abbreviations_and_initials_do_not_end_sentences)
{
    assert_sentences("Đoàn đến TP. Cần Thơ hôm qua. Sau đó về.",
                     "Đoàn đến TP. Cần Thơ hôm qua. | Sau đó về.");
    assert_sentences("PGS. TS. Lê Văn Ba phát biểu. Hội thảo kết thúc.",
                     "PGS. TS. Lê Văn Ba phát biểu. | Hội thảo kết thúc.");
    assert_sentences("Ông là ThS. Trần An và GS. Vũ Bình.", "Ông là ThS. Trần An và GS. Vũ Bình.");
    assert_sentences("Trụ sở ở Q. Ba Đình, Tp. Hà Nội.", "Trụ sở ở Q. Ba Đình, Tp. Hà Nội.");
    assert_sentences("Nhà ở P. Tân Định. Khá xa.", "Nhà ở P. Tân Định. | Khá xa.");
    assert_sentences("Mr. Brown met Dr. Green. They talked.",
                     "Mr. Brown met Dr. Green. | They talked.");
    assert_sentences("The U.S. State Department agreed. Then it rained.",
                     "The U.S. State Department agreed. | Then it rained.");
    assert_sentences("J. F. Kennedy spoke in St. Louis. Crowds came.",
                     "J. F. Kennedy spoke in St. Louis. | Crowds came.");
    assert_sentences("Mrs. Ng and Ms. Ho left. Bye.", "Mrs. Ng and Ms. Ho left. | Bye.");
}
END_TEST

START_TEST(decimals_and_dotted_names_stay_inside_a_sentence)
{
    assert_sentences("Tăng 1.5 lần tại TP.HCM năm nay. Giảm 2,3%.",
                     "Tăng 1.5 lần tại TP.HCM năm nay. | Giảm 2,3%.");
    assert_sentences("Khoảng 13.000 dự án. Hết.", "Khoảng 13.000 dự án. | Hết.");
}
END_TEST

/* A stop inside closing quotes or brackets ends the sentence after the
 * closing mark, when the next word opens a sentence; news quotes speakers
 * this way, and joining two sentences would let a trigger in one take its
 * arguments from the other. */
START_TEST(stops_inside_quotes_and_brackets_end_sentences_after_the_mark)
{
    assert_sentences("Ông nói: “Chúng ta sẽ làm.” Mọi người vỗ tay.",
                     "Ông nói: “Chúng ta sẽ làm.” | Mọi người vỗ tay.");
    assert_sentences("(Xem phụ lục.) Tiếp theo là bảng.", "(Xem phụ lục.) | Tiếp theo là bảng.");
    assert_sentences("He said \"go.\" She went.", "He said \"go.\" | She went.");
    assert_sentences("Họ hỏi: “Bao giờ?” Không ai trả lời.",
                     "Họ hỏi: “Bao giờ?” | Không ai trả lời.");
    /* not before a lower-case word, nor after an abbreviation */
    assert_sentences("Anh ấy nói “xong.” rồi đi.", "Anh ấy nói “xong.” rồi đi.");
    assert_sentences("Đoàn thăm (TP.) Huế.", "Đoàn thăm (TP.) Huế.");
    /* a quote after the stop and a space opens the next sentence */
    assert_sentences("Xong. “Mới” bắt đầu.", "Xong. | “Mới” bắt đầu.");
}
END_TEST

/* A line break ends a sentence (plain-text documents put headings and
 * list items on lines of their own), whatever ends the line, even an
 * abbreviation; only in hard-wrapped text does a line break go on. */
START_TEST(line_breaks_end_sentences)
{
    assert_sentences("Dòng một không dấu chấm\n\ntiếp tục ở đoạn mới",
                     "Dòng một không dấu chấm | tiếp tục ở đoạn mới");
    assert_sentences("Ông gặp TP.\n\nSau đó", "Ông gặp TP. | Sau đó");
    assert_sentences("A b c\n  \n\nD e f.", "A b c | D e f.");
    assert_sentences("Hợp tác quốc tế\nThành phố đã ký nhiều thỏa thuận.",
                     "Hợp tác quốc tế | Thành phố đã ký nhiều thỏa thuận.");
    assert_sentences("Thành phố đã ký,\nThỏa thuận mới.", "Thành phố đã ký, | Thỏa thuận mới.");
    assert_sentences("Thành phố đã ký\nthỏa thuận mới.", "Thành phố đã ký | thỏa thuận mới.");
    assert_sentences("1. Mở đầu\n\nII. Bối cảnh chung\nNăm 2025. Hết.",
                     "1. | Mở đầu | II. | Bối cảnh chung | Năm 2025. | Hết.");
    assert_sentences("một hai ba bốn\nnăm sáu bảy\ntám chín mười\nmột hai ba\nbốn năm sáu\n"
                     "bảy tám. Chín mười.",
                     "một hai ba bốn\nnăm sáu bảy\ntám chín mười\nmột hai ba\nbốn năm sáu\n"
                     "bảy tám. | Chín mười.");
}
END_TEST

/* The list of forms as phrases; forms[i] gets payload i. */
static rg_phrases phrases_of(const char *const *forms, size_t n)
{
    rg_phrases p = {0};
    rg_error err = {0};
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(phrases_add(&p, forms[i], (uint32_t)i, &err) == RG_OK, "%s", err.msg);
    phrases_sort(&p);
    return p;
}

/* Walks every token as discover.c does (a match skips the tokens it
 * covers) and writes the matches as "start-end:payload,payload;". */
static void assert_finds(const rg_phrases *p, const char *text, const char *want)
{
    char buf[1024];
    size_t used = 0;
    rg_scan s = scan_of(text);

    buf[0] = '\0';
    for (size_t i = 0; i < s.ntok;) {
        size_t hits[PH_MAX_HITS], nhits = 0, n = phrases_match(p, &s, i, s.ntok, hits, &nhits);
        if (!n) {
            i++;
            continue;
        }
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%u-%u:", s.tok[i].start,
                                 s.tok[i + n - 1].end);
        for (size_t k = 0; k < nhits; k++)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%u", k ? "," : "",
                                     p->v[hits[k]].payload);
        used += (size_t)snprintf(buf + used, sizeof buf - used, ";");
        ck_assert_uint_lt(used, sizeof buf);
        i += n;
    }
    ck_assert_msg(strcmp(buf, want) == 0, "in \"%s\": got \"%s\", want \"%s\"", text, buf, want);
    scan_free(&s);
}

START_TEST(names_match_at_word_boundaries_only)
{
    static const char *const forms[] = {"Nam", "Việt Nam"};
    rg_phrases p = phrases_of(forms, 2);
    assert_finds(&p, "Vietnamese food", "");
    assert_finds(&p, "Namibia", "");
    assert_finds(&p, "miền Nam.", "7-10:0;");
    assert_finds(&p, "ở Việt Nam", "4-14:1;");
    phrases_free(&p);
}
END_TEST

START_TEST(punctuation_inside_a_name_folds_away)
{
    static const char *const forms[] = {"TPHCM", "TP. Hồ Chí Minh"};
    rg_phrases p = phrases_of(forms, 2);
    assert_finds(&p, "tại TP.HCM hôm nay", "6-12:0;");
    assert_finds(&p, "tại TP HCM", "6-12:0;");
    assert_finds(&p, "TP. Hồ Chí Minh", "0-18:1;");
    assert_finds(&p, "thanh pho TPHCM", "10-15:0;");
    /* a form written with a capital needs one in the text (PH_CAP) */
    assert_finds(&p, "thanh pho tphcm", "");
    phrases_free(&p);
}
END_TEST

/* A name spans no line break, quote or bracket; a comma only where its
 * form has one. */
START_TEST(breaks_stop_a_name)
{
    static const char *const forms[] = {"Hà Nội", "Bộ Văn hóa, Thể thao và Du lịch",
                                        "Hồng Kông (Trung Quốc)"};
    rg_phrases p = phrases_of(forms, 3);
    assert_finds(&p, "Hà, Nội", "");
    assert_finds(&p, "Hà (Nội)", "");
    assert_finds(&p, "Hà\nNội", "");
    assert_finds(&p, "Hà “Nội”", "");
    assert_finds(&p, "(Hà Nội)", "1-10:0;");
    assert_finds(&p, "Bộ Văn hóa, Thể thao và Du lịch", "0-40:1;");
    assert_finds(&p, "Hồng Kông (Trung Quốc)", "");
    phrases_free(&p);
}
END_TEST

START_TEST(capitalised_forms_need_a_capital)
{
    static const char *const forms[] = {"Hòa Bình", "Georgia", "georgia", "GEORGIA", "Nice",
                                        "nice", "..."};
    rg_phrases p = phrases_of(forms, 7);
    assert_finds(&p, "vì hòa bình", "");
    assert_finds(&p, "tỉnh Hòa Bình", "7-17:0;");
    /* a form shared by several phrases reports each ("..." folds away) */
    assert_finds(&p, "Georgia and Nice", "0-7:2,1,3;12-16:5,4;");
    /* in lower case, only the phrases written in lower case */
    assert_finds(&p, "a nice day in georgia", "2-6:5;14-21:2;");
    phrases_free(&p);
}
END_TEST

START_TEST(the_longest_name_at_a_word_wins)
{
    static const char *const forms[] = {"Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Minh",
                                        "New York", "York City", "York"};
    rg_phrases p = phrases_of(forms, 6);
    assert_finds(&p, "Thành phố Hồ Chí Minh", "0-27:1;");
    assert_finds(&p, "ông Minh", "5-9:2;");
    /* overlapping candidates: the leftmost one is kept */
    assert_finds(&p, "New York City", "0-8:3;");
    assert_finds(&p, "York City và York", "0-9:4;14-18:5;");
    phrases_free(&p);
}
END_TEST

/* A gazetteer-sized list: 30,000 distinct generated names, every one of
 * them found where it was written, none inside a longer word. */
START_TEST(thirty_thousand_forms)
{
    enum { N = 30000 };
    static const char *const syll[] = {"ba", "ca", "da", "đô", "hà", "lê", "mi", "nô", "phú",
                                       "qua", "sơn", "tây", "uy", "vi", "xu", "yên"};
    rg_phrases p = {0};
    rg_error err = {0};
    char name[64], *text = malloc(N * 40);
    size_t used = 0, found = 0;
    rg_scan s;

    ck_assert_ptr_nonnull(text);
    for (unsigned i = 0; i < N; i++) {
        snprintf(name, sizeof name, "%s%s %s %s%u", i % 2 ? "T" : "K", syll[i % 16],
                 syll[(i / 16) % 16], syll[(i / 256) % 16], i / 4096);
        ck_assert_int_eq(phrases_add(&p, name, i, &err), RG_OK);
        if (i % 3 == 0)
            used += (size_t)sprintf(text + used, "%s, x%s ", name, name);
    }
    phrases_sort(&p);
    ck_assert_ptr_nonnull(p.prefix);
    s = scan_of(text);
    for (size_t i = 0; i < s.ntok;) {
        size_t hits[PH_MAX_HITS], nhits = 0, n = phrases_match(&p, &s, i, s.ntok, hits, &nhits);
        if (!n) {
            i++;
            continue;
        }
        ck_assert_uint_eq(nhits, 1);
        ck_assert_uint_eq(p.v[hits[0]].payload, found * 3);
        found++;
        i += n;
    }
    ck_assert_uint_eq(found, (N + 2) / 3);
    scan_free(&s);
    phrases_free(&p);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("scan");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, word_lower_forms_agree_with_text_lower);
    tcase_add_test(tc, latin_letter_pairs_lower_alone);
    tcase_add_test(tc, span_folds_agree_with_text_fold);
    tcase_add_test(tc, scan_fold_is_text_fold);
    tcase_add_test(tc, exact_phrases_match_the_lower_cased_span);
    tcase_add_test(tc, lower_case_words_skip_capitalised_keys);
    tcase_add_test(tc, latin_blocks_are_word_code_points);
    tcase_add_test(tc, prefix_table_matches_as_binary_search);
    tcase_add_test(tc, tok_word_is_a_folded_comparison);
    tcase_add_test(tc, words_with_vietnamese_letters_are_counted);
    tcase_add_test(tc, filter_never_turns_a_match_away);
    tcase_add_test(tc, one_pass_words_agree_with_the_plain_way);
    tcase_add_test(tc, facts_ahead_change_nothing);
    tcase_add_test(tc, sentences_end_at_stops_before_a_capital);
    tcase_add_test(tc, abbreviations_and_initials_do_not_end_sentences);
    tcase_add_test(tc, decimals_and_dotted_names_stay_inside_a_sentence);
    tcase_add_test(tc, stops_inside_quotes_and_brackets_end_sentences_after_the_mark);
    tcase_add_test(tc, line_breaks_end_sentences);
    tcase_add_test(tc, names_match_at_word_boundaries_only);
    tcase_add_test(tc, punctuation_inside_a_name_folds_away);
    tcase_add_test(tc, breaks_stop_a_name);
    tcase_add_test(tc, capitalised_forms_need_a_capital);
    tcase_add_test(tc, the_longest_name_at_a_word_wins);
    tcase_add_test(tc, thirty_thousand_forms);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
