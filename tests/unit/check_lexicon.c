/*
 * check_lexicon.c - the name finder: folded matching at source word
 * boundaries, leftmost-longest choice, capitals, several payloads, and a
 * gazetteer-sized lexicon.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../../core/fold.h"
#include "../../core/lexicon.h"
#include "testutil.h"

static rg_lexicon *lex_of(const char *const *forms, const unsigned *flags, size_t n)
{
    rg_lexicon *lex = NULL;
    rg_error err = {0};

    ck_assert_int_eq(lexicon_new(&lex, &err), RG_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(lexicon_add(lex, forms[i], (uint32_t)i, flags ? flags[i] : 0, &err) == RG_OK,
                      "%s", err.msg);
    ck_assert_int_eq(lexicon_compile(lex, &err), RG_OK);
    return lex;
}

/* Matches as "start-end:payload,payload;" for compact assertions. */
static void find_str(const rg_lexicon *lex, const char *text, char *buf, size_t cap)
{
    rg_lex_match *m = NULL;
    size_t n = 0, used = 0;
    rg_error err = {0};

    ck_assert_int_eq(lexicon_find(lex, text, strlen(text), &m, &n, &err), RG_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        used += (size_t)snprintf(buf + used, cap - used, "%zu-%zu:", m[i].start, m[i].end);
        for (size_t k = 0; k < m[i].n_payloads; k++)
            used += (size_t)snprintf(buf + used, cap - used, "%s%u", k ? "," : "", m[i].payloads[k]);
        used += (size_t)snprintf(buf + used, cap - used, ";");
    }
    free(m);
}

static void assert_finds(const rg_lexicon *lex, const char *text, const char *want)
{
    char buf[1024];
    find_str(lex, text, buf, sizeof buf);
    ck_assert_msg(strcmp(buf, want) == 0, "in \"%s\": got \"%s\", want \"%s\"", text, buf, want);
}

START_TEST(matches_respect_source_word_boundaries)
{
    const char *forms[] = {"Nam", "Việt Nam"};
    rg_lexicon *lex = lex_of(forms, NULL, 2);
    assert_finds(lex, "Vietnamese food", "");
    assert_finds(lex, "Namibia", "");
    assert_finds(lex, "miền Nam.", "7-10:0;");
    assert_finds(lex, "ở Việt Nam", "4-14:1;");
    lexicon_free(lex);
}
END_TEST

START_TEST(punctuation_inside_a_name_folds_away)
{
    const char *forms[] = {"TPHCM", "TP. Hồ Chí Minh"};
    rg_lexicon *lex = lex_of(forms, NULL, 2);
    assert_finds(lex, "tại TP.HCM hôm nay", "6-12:0;");
    assert_finds(lex, "tại TP HCM", "6-12:0;");
    assert_finds(lex, "TP. Hồ Chí Minh", "0-18:1;");
    assert_finds(lex, "thanh pho tphcm", "10-15:0;");
    lexicon_free(lex);
}
END_TEST

START_TEST(break_characters_stop_a_name)
{
    const char *forms[] = {"Hà Nội", "Bộ Văn hóa, Thể thao và Du lịch", "Hồng Kông (Trung Quốc)"};
    rg_lexicon *lex = lex_of(forms, NULL, 3);
    assert_finds(lex, "Hà, Nội", "");
    assert_finds(lex, "Hà (Nội)", "");
    assert_finds(lex, "Hà\nNội", "");
    assert_finds(lex, "Hà “Nội”", "");
    assert_finds(lex, "(Hà Nội)", "1-10:0;");
    /* a form written with a comma or brackets may span them */
    assert_finds(lex, "Bộ Văn hóa, Thể thao và Du lịch", "0-40:1;");
    assert_finds(lex, "Hồng Kông (Trung Quốc)", "0-26:2;");
    lexicon_free(lex);
}
END_TEST

START_TEST(needs_capital_checks_the_source_letter)
{
    const char *forms[] = {"Hòa Bình"};
    unsigned flags[] = {RG_LEX_NEEDS_CAPITAL};
    rg_lexicon *lex = lex_of(forms, flags, 1);
    rg_lex_match *m = NULL;
    size_t n = 0;
    rg_error err = {0};

    assert_finds(lex, "vì hòa bình", "");
    assert_finds(lex, "tỉnh Hòa Bình", "7-17:0;");
    ck_assert_int_eq(lexicon_find(lex, "Hòa Bình", strlen("Hòa Bình"), &m, &n, &err), RG_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(m[0].flags, RG_LEX_NEEDS_CAPITAL);
    free(m);
    lexicon_free(lex);
}
END_TEST

START_TEST(leftmost_longest_wins)
{
    const char *forms[] = {"Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Minh", "New York",
                           "York City", "York"};
    rg_lexicon *lex = lex_of(forms, NULL, 6);
    assert_finds(lex, "Thành phố Hồ Chí Minh", "0-27:1;");
    assert_finds(lex, "ông Minh", "5-9:2;");
    /* overlapping candidates: the leftmost one is kept */
    assert_finds(lex, "New York City", "0-8:3;");
    assert_finds(lex, "York City và York", "0-9:4;14-18:5;");
    lexicon_free(lex);
}
END_TEST

START_TEST(a_form_reports_all_its_payloads)
{
    rg_lexicon *lex = NULL;
    rg_error err = {0};
    ck_assert_int_eq(lexicon_new(&lex, &err), RG_OK);
    ck_assert_int_eq(lexicon_add(lex, "Georgia", 7, 0, &err), RG_OK);
    ck_assert_int_eq(lexicon_add(lex, "georgia", 3, 0, &err), RG_OK);
    ck_assert_int_eq(lexicon_add(lex, "GEORGIA", 7, 0, &err), RG_OK);   /* a duplicate */
    ck_assert_int_eq(lexicon_add(lex, "Nice", 1, RG_LEX_NEEDS_CAPITAL, &err), RG_OK);
    ck_assert_int_eq(lexicon_add(lex, "nice", 2, 0, &err), RG_OK);
    ck_assert_int_eq(lexicon_add(lex, "...", 9, 0, &err), RG_OK);       /* folds to "" */
    ck_assert_int_eq(lexicon_compile(lex, &err), RG_OK);
    ck_assert_uint_eq(lexicon_size(lex), 2);
    assert_finds(lex, "Georgia and Nice", "0-7:3,7;12-16:2,1;");
    /* in lower case only the payload that needs no capital */
    assert_finds(lex, "a nice day", "2-6:2;");
    lexicon_free(lex);
}
END_TEST

START_TEST(misuse_and_bad_forms_are_errors)
{
    rg_lexicon *lex = NULL;
    rg_lex_match *m = NULL;
    size_t n = 5;
    rg_error err = {0};

    ck_assert_int_eq(lexicon_new(&lex, &err), RG_OK);
    ck_assert_int_eq(lexicon_add(lex, "bad\xff", 1, 0, &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "not valid UTF-8"));
    ck_assert_int_eq(lexicon_find(lex, "x", 1, &m, &n, &err), RG_ERR_USAGE);
    ck_assert_int_eq(lexicon_compile(lex, &err), RG_OK);
    ck_assert_int_eq(lexicon_add(lex, "late", 1, 0, &err), RG_ERR_USAGE);
    /* an empty lexicon finds nothing, also in invalid UTF-8 */
    ck_assert_int_eq(lexicon_find(lex, "abc\xff", 4, &m, &n, &err), RG_OK);
    ck_assert_uint_eq(n, 0);
    lexicon_free(lex);
    lexicon_free(NULL);
}
END_TEST

START_TEST(invalid_utf8_in_text_is_skipped)
{
    const char *forms[] = {"Huế"};
    rg_lexicon *lex = lex_of(forms, NULL, 1);
    assert_finds(lex, "\xff Huế \xfe", "2-7:0;");
    lexicon_free(lex);
}
END_TEST

/* A gazetteer-sized lexicon: 30,000 distinct generated names, every one of
 * them found where it was written, none found inside a longer word. */
START_TEST(thirty_thousand_forms)
{
    enum { N = 30000 };
    static const char *syll[] = {"ba", "ca", "da", "đô", "hà", "lê", "mi", "nô", "phú", "qua",
                                 "sơn", "tây", "uy", "vi", "xu", "yên"};
    rg_lexicon *lex = NULL;
    rg_error err = {0};
    char name[64], *text = malloc(N * 40);
    size_t used = 0, n = 0;
    rg_lex_match *m = NULL;

    ck_assert_int_eq(lexicon_new(&lex, &err), RG_OK);
    for (unsigned i = 0; i < N; i++) {
        snprintf(name, sizeof name, "%s%s %s %s", i % 2 ? "T" : "K", syll[i % 16],
                 syll[(i / 16) % 16], syll[(i / 256) % 16]);
        snprintf(name + strlen(name), sizeof name - strlen(name), "%u", i / 4096);
        ck_assert_int_eq(lexicon_add(lex, name, i, 0, &err), RG_OK);
        if (i % 3 == 0)
            used += (size_t)sprintf(text + used, "%s, ", name);
    }
    ck_assert_int_eq(lexicon_compile(lex, &err), RG_OK);
    ck_assert_uint_eq(lexicon_size(lex), N);
    ck_assert_int_eq(lexicon_find(lex, text, used, &m, &n, &err), RG_OK);
    ck_assert_uint_eq(n, (N + 2) / 3);
    for (size_t k = 0; k < n; k++) {
        ck_assert_uint_eq(m[k].n_payloads, 1);
        ck_assert_uint_eq(m[k].payloads[0], k * 3);
    }
    free(m);
    free(text);
    lexicon_free(lex);
}
END_TEST

/* ---- a brute-force reference for randomised comparison ------------------ */

static const char *const PIECES[] = {"ha", "Ha", "noi", "Nội", "hà", "nam", "Nam", "an",
                                     "A", "b", "đà", "Đà", "nẵng", "1", "2"};
static const char *const GLUE[] = {" ", " ", " ", "", ".", ". ", ", ", "\n", "(", ")", "-", "!"};

static bool ref_hard(int32_t cp)
{
    return cp == '\n' || cp == '!' || cp == '?' || cp == '[' || cp == ']' || cp == '{' ||
           cp == '}' || cp == '"' || cp == '|' || cp == 0x201C || cp == 0x201D ||
           cp == 0xAB || cp == 0xBB || cp == 0x2026;
}

static bool ref_soft(int32_t cp)
{
    return cp == ',' || cp == ';' || cp == ':' || cp == '(' || cp == ')';
}

typedef struct ref_cp {
    size_t start, end;      /* source bytes */
    char fold[16];
    size_t fold_len;
    bool word, upper;
} ref_cp;

/* Decodes text into code points with their folded bytes. */
static size_t ref_decode(const char *text, ref_cp *cps)
{
    size_t n = 0, pos = 0, len = strlen(text);
    while (pos < len) {
        int32_t cp, parts[8];
        utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)text + pos,
                                                 (utf8proc_ssize_t)(len - pos), &cp);
        size_t k = text_fold_codepoint(cp, parts, 8);
        ref_cp *c = &cps[n++];
        c->start = pos;
        c->end = pos + (size_t)step;
        c->fold_len = 0;
        for (size_t i = 0; i < k; i++)
            c->fold_len += (size_t)utf8proc_encode_char(parts[i], (utf8proc_uint8_t *)c->fold + c->fold_len);
        c->word = k > 0;
        c->upper = utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
        c->fold[c->fold_len] = '\0';
        c->start = pos;
        pos = c->end;
        c->end = pos;
        /* remember the code point for the break tests */
        c->fold[15] = (char)(ref_hard(cp) ? 'H' : ref_soft(cp) ? 'S' : 0);
    }
    return n;
}

/* Leftmost-longest matches by trying every form at every word start. */
static void ref_find(const char *text, const char *const *forms, const bool *soft,
                     const unsigned *flags, size_t n_forms, char *buf, size_t cap)
{
    static ref_cp cps[2048];
    char *folded_forms[64];
    size_t n = ref_decode(text, cps), used = 0, i = 0;

    buf[0] = '\0';
    for (size_t f = 0; f < n_forms; f++)
        ck_assert_int_eq(text_fold(forms[f], strlen(forms[f]), &folded_forms[f], NULL), RG_OK);
    while (i < n) {
        size_t best_end_cp = 0, best_bytes = 0;
        int best = -1;
        if (cps[i].word && (i == 0 || !cps[i - 1].word)) {
            for (size_t f = 0; f < n_forms; f++) {
                const char *ff = folded_forms[f];
                size_t fl = strlen(ff), got = 0, j = i;
                bool hard = false, softb = false;
                while (j < n && got < fl) {
                    if (cps[j].fold[15] == 'H')
                        hard = true;
                    if (cps[j].fold[15] == 'S')
                        softb = true;
                    if (cps[j].fold_len) {
                        if (got + cps[j].fold_len > fl || memcmp(ff + got, cps[j].fold, cps[j].fold_len))
                            break;
                        got += cps[j].fold_len;
                    }
                    j++;
                }
                if (got != fl || hard || (softb && !soft[f]) || (j < n && cps[j].word))
                    continue;
                if ((flags[f] & RG_LEX_NEEDS_CAPITAL) && !cps[i].upper)
                    continue;
                if (cps[j - 1].end - cps[i].start > best_bytes) {
                    best_bytes = cps[j - 1].end - cps[i].start;
                    best_end_cp = j;
                    best = (int)f;
                }
            }
        }
        if (best >= 0) {
            used += (size_t)snprintf(buf + used, cap - used, "%zu-%zu;", cps[i].start,
                                     cps[best_end_cp - 1].end);
            i = best_end_cp;
        } else {
            i++;
        }
    }
    for (size_t f = 0; f < n_forms; f++)
        free(folded_forms[f]);
}

/* Random texts over a small alphabet, compared with the reference (spans
 * only; payload grouping is tested above). */
START_TEST(agrees_with_brute_force)
{
    unsigned seed = 12345;
    size_t total = 0;
    for (int round = 0; round < 300; round++) {
        const char *forms[12];
        char formbuf[12][64], text[1024], got[4096], want[4096];
        bool soft[12];
        unsigned flags[12];
        size_t n_forms = 1 + (seed >> 4) % 10, used = 0;
        rg_lexicon *lex = NULL;
        rg_error err = {0};
        rg_lex_match *m = NULL;
        size_t nm = 0, gu = 0;

        ck_assert_int_eq(lexicon_new(&lex, &err), RG_OK);
        for (size_t f = 0; f < n_forms; f++) {
            size_t parts = 1 + (seed = seed * 1103515245u + 12345u) % 3, fu = 0;
            for (size_t k = 0; k < parts; k++) {
                seed = seed * 1103515245u + 12345u;
                fu += (size_t)snprintf(formbuf[f] + fu, sizeof formbuf[f] - fu, "%s%s",
                                       k ? ((seed >> 9) % 5 == 0 ? ", " : " ") : "",
                                       PIECES[(seed >> 16) % (sizeof PIECES / sizeof *PIECES)]);
            }
            forms[f] = formbuf[f];
            soft[f] = strchr(formbuf[f], ',') != NULL;
            flags[f] = (seed >> 20) % 4 == 0 ? RG_LEX_NEEDS_CAPITAL : 0;
            ck_assert_int_eq(lexicon_add(lex, forms[f], (uint32_t)f, flags[f], &err), RG_OK);
        }
        /* the same folded form must agree on softness for the reference */
        for (size_t f = 0; f < n_forms; f++)
            for (size_t g = 0; g < n_forms; g++) {
                char *a, *b;
                text_fold(forms[f], strlen(forms[f]), &a, NULL);
                text_fold(forms[g], strlen(forms[g]), &b, NULL);
                if (strcmp(a, b) == 0) {
                    soft[f] = soft[f] || soft[g];
                    if ((flags[g] & RG_LEX_NEEDS_CAPITAL) == 0)
                        flags[f] = 0;   /* some payload needs no capital */
                }
                free(a);
                free(b);
            }
        ck_assert_int_eq(lexicon_compile(lex, &err), RG_OK);
        for (int w = 0; w < 40; w++) {
            seed = seed * 1103515245u + 12345u;
            used += (size_t)snprintf(text + used, sizeof text - used, "%s%s",
                                     PIECES[(seed >> 16) % (sizeof PIECES / sizeof *PIECES)],
                                     GLUE[(seed >> 8) % (sizeof GLUE / sizeof *GLUE)]);
        }
        ck_assert_int_eq(lexicon_find(lex, text, used, &m, &nm, &err), RG_OK);
        got[0] = '\0';
        for (size_t k = 0; k < nm; k++)
            gu += (size_t)snprintf(got + gu, sizeof got - gu, "%zu-%zu;", m[k].start, m[k].end);
        ref_find(text, forms, soft, flags, n_forms, want, sizeof want);
        ck_assert_msg(strcmp(got, want) == 0, "round %d text \"%s\"\n got %s\nwant %s", round,
                      text, got, want);
        total += nm;
        free(m);
        lexicon_free(lex);
    }
    ck_assert_uint_gt(total, 300);      /* the comparison is not trivially empty */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("lexicon");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, matches_respect_source_word_boundaries);
    tcase_add_test(tc, punctuation_inside_a_name_folds_away);
    tcase_add_test(tc, break_characters_stop_a_name);
    tcase_add_test(tc, needs_capital_checks_the_source_letter);
    tcase_add_test(tc, leftmost_longest_wins);
    tcase_add_test(tc, a_form_reports_all_its_payloads);
    tcase_add_test(tc, misuse_and_bad_forms_are_errors);
    tcase_add_test(tc, invalid_utf8_in_text_is_skipped);
    tcase_add_test(tc, thirty_thousand_forms);
    tcase_add_test(tc, agrees_with_brute_force);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
