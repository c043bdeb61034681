/*
 * fuzz_segment.c - libFuzzer target for sentence segmentation: text_segment
 * (core/segment.h) and the builder's own token scanner and sentence
 * splitter, scan_text (core/extract.h), which is what ingest really runs.
 *
 * text_segment gets the input as given (it must survive any bytes, though
 * the builder only hands it normalised text) and, like scan_text, the
 * input after text_normalize.  Checked: spans in bounds, non-empty, in
 * order, trimmed; tokens in bounds and in order; sentences cover token
 * ranges in order and every token's sentence end is its sentence's end.
 */
#include "../../core/extract.h"
#include "../../core/normalize.h"
#include "../../core/segment.h"
#include "fuzzutil.h"

static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static void segment_and_check(const char *text, size_t len)
{
    rg_span *spans = NULL;
    size_t n = 0, prev_end = 0;
    rg_error err = {0};

    if (text_segment(text, len, &spans, &n, &err) != RG_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        return;
    }
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(spans[i].start < spans[i].end);
        FUZZ_CHECK(spans[i].end <= len);
        FUZZ_CHECK(spans[i].start >= prev_end);
        FUZZ_CHECK(!is_space(text[spans[i].start]));
        FUZZ_CHECK(!is_space(text[spans[i].end - 1]));
        prev_end = spans[i].end;
    }
    free(spans);
}

static void scan_and_check(const char *text, size_t len)
{
    rg_scan s = {0};
    rg_error err = {0};
    size_t next_tok = 0;

    if (scan_text(text, len, &s, &err) != RG_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        scan_free(&s);
        return;
    }
    for (size_t i = 0; i < s.ntok; i++) {
        const rg_tok *t = &s.tok[i];
        FUZZ_CHECK(t->start <= t->end && t->end <= len);
        FUZZ_CHECK(i == 0 || t->start >= s.tok[i - 1].end);
        FUZZ_CHECK((size_t)t->fold + t->fold_len <= s.folds_len);
    }
    for (size_t k = 0; k < s.nsent; k++) {
        FUZZ_CHECK(s.sent[k].t0 < s.sent[k].t1 && s.sent[k].t1 <= s.ntok);
        FUZZ_CHECK(s.sent[k].t0 >= next_tok);
        for (size_t i = s.sent[k].t0; i < s.sent[k].t1; i++)
            FUZZ_CHECK(s.sent_end[i] == s.sent[k].t1);
        next_tok = s.sent[k].t1;
    }
    scan_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = fuzz_strndup(data, size);
    rg_text t = {0};
    rg_error err = {0};

    segment_and_check(raw, size);
    if (text_normalize(raw, size, &t, &err) == RG_OK) {
        segment_and_check(t.text, t.len);
        scan_and_check(t.text, t.len);
        rg_text_free(&t);
    }
    free(raw);
    return 0;
}
