/*
 * fuzz_lexicon.c - libFuzzer target for the builder's name matcher: phrase
 * lists (phrases_add/sort/match in core/extract.h) matched over scanned
 * tokens, which is how ingest finds known names, heads and trigger words.
 * (The name is older than the phrase lists: the seeds in tests/fuzz/lexicon
 * and the regressions keep it.)
 *
 * Input: "FORMS\n===\nTEXT", one surface form per line (a leading '^' is
 * dropped: the seeds once marked forms that need a capital with it; a
 * phrase list gives PH_CAP to every form written with a capital); without
 * the separator a fixed set of forms is matched against the whole input.
 * The text goes through text_normalize and scan_text, as in the builder,
 * and every token of every sentence is tried.
 * Checked: no match longer than the sentence's rest, a match has hits, hits
 * within the list.
 */
#include "../../core/extract.h"
#include "../../core/normalize.h"
#include "fuzzutil.h"

static const char *const DEFAULT_FORMS =
    "Hà Nội\nTP.HCM\nThành phố Hồ Chí Minh\n^Đà Nẵng\nBộ Văn hóa, Thể thao và Du lịch\n"
    "Yokohama\n^Nice\nU.S.\nC40\nMạng lưới Đô thị thông minh ASEAN\n(Nhật Bản)\nSở\n"
    "kết nghĩa\nsister city\nGeorgia\nGeorgia\nhòa bình\n";

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
            FUZZ_CHECK(got == 0 || nhits >= 1);
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
    phrases_check(forms, text, rest_len);
    free(forms);
    free(text);
    return 0;
}
