/*
 * fuzz_lexicon.c - libFuzzer target for the name matchers: the
 * Aho-Corasick lexicon (core/lexicon.h) and the builder's phrase lists
 * matched over scanned tokens (phrases_match in core/extract.h), which is
 * how ingest finds known names, heads and trigger words.
 *
 * Input: "FORMS\n===\nTEXT", one surface form per line (a leading '^'
 * adds RG_LEX_NEEDS_CAPITAL); without the separator a fixed set of forms
 * is matched against the whole input.  Both matchers get the same forms.
 * The lexicon searches the raw text (any bytes); the phrase lists search
 * it after text_normalize and scan_text, as the builder does.
 * Checked: matches in bounds, in order, not overlapping, at least one
 * payload each, payloads among those added; phrase matches no longer than
 * the range allowed and hits within the list.
 */
#include "../../core/extract.h"
#include "../../core/lexicon.h"
#include "../../core/normalize.h"
#include "fuzzutil.h"

static const char *const DEFAULT_FORMS =
    "Hà Nội\nTP.HCM\nThành phố Hồ Chí Minh\n^Đà Nẵng\nBộ Văn hóa, Thể thao và Du lịch\n"
    "Yokohama\n^Nice\nU.S.\nC40\nMạng lưới Đô thị thông minh ASEAN\n(Nhật Bản)\nSở\n"
    "kết nghĩa\nsister city\nGeorgia\nGeorgia\nhòa bình\n";

static void lexicon_check(const char *forms, const char *text, size_t len)
{
    rg_lexicon *lex = NULL;
    rg_lex_match *m = NULL;
    size_t n = 0, prev_end = 0, nforms = 0;
    rg_error err = {0};
    char *copy = strdup(forms), *line, *save = NULL;

    FUZZ_CHECK(copy);
    if (lexicon_new(&lex, &err) != RG_OK)
        goto done;
    for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        unsigned flags = 0;
        if (line[0] == '^') {
            flags = RG_LEX_NEEDS_CAPITAL;
            line++;
        }
        if (lexicon_add(lex, line, (uint32_t)nforms++, flags, &err) != RG_OK)
            goto done;
    }
    if (lexicon_compile(lex, &err) != RG_OK)
        goto done;
    FUZZ_CHECK(lexicon_size(lex) <= nforms);
    if (lexicon_find(lex, text, len, &m, &n, &err) != RG_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(m[i].start < m[i].end && m[i].end <= len);
        FUZZ_CHECK(m[i].start >= prev_end);
        FUZZ_CHECK(m[i].n_payloads >= 1);
        for (size_t k = 0; k < m[i].n_payloads; k++)
            FUZZ_CHECK(m[i].payloads[k] < nforms);
        prev_end = m[i].end;
    }
done:
    free(m);
    lexicon_free(lex);
    free(copy);
}

static void phrases_check(const char *forms, const char *raw, size_t len)
{
    rg_phrases p = {0};
    rg_scan s = {0};
    rg_text t = {0};
    rg_error err = {0};
    char *copy = strdup(forms), *line, *save = NULL;
    uint32_t payload = 0;

    FUZZ_CHECK(copy);
    for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (phrases_add(&p, line[0] == '^' ? line + 1 : line, payload++, &err) != RG_OK)
            goto done;
    phrases_sort(&p);
    if (text_normalize(raw, len, &t, &err) != RG_OK || scan_text(t.text, t.len, &s, &err) != RG_OK)
        goto done;
    for (size_t k = 0; k < s.nsent; k++) {
        for (size_t i = s.sent[k].t0; i < s.sent[k].t1; i++) {
            size_t hits[PH_MAX_HITS], nhits = 0, lim = s.sent[k].t1;
            size_t got = phrases_match(&p, &s, i, lim, hits, &nhits);
            FUZZ_CHECK(got <= lim - i);
            FUZZ_CHECK(nhits <= PH_MAX_HITS);
            for (size_t h = 0; h < nhits; h++)
                FUZZ_CHECK(hits[h] < p.n);
        }
    }
done:
    scan_free(&s);
    rg_text_free(&t);
    phrases_free(&p);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *rest;
    size_t first_len, rest_len;
    char *forms, *text;

    fuzz_split(data, size, "\n===\n", &first_len, &rest, &rest_len);
    if (rest) {
        forms = fuzz_strndup(data, first_len);
        text = fuzz_strndup(rest, rest_len);
    } else {
        forms = fuzz_strndup((const uint8_t *)DEFAULT_FORMS, strlen(DEFAULT_FORMS));
        text = fuzz_strndup(data, size);
        rest_len = size;
    }
    lexicon_check(forms, text, rest_len);
    phrases_check(forms, text, rest_len);
    free(forms);
    free(text);
    return 0;
}
