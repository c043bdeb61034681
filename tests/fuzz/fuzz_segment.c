/*
 * fuzz_segment.c - libFuzzer target for the builder's token scanner and
 * sentence splitter, scan_text (core/extract.h), which is what ingest runs
 * to cut a document into tokens and sentences.  (The name is older than
 * the scanner: the seeds in tests/fuzz/segment and the regressions keep it.)
 *
 * scan_text gets the input after text_normalize, as in the builder, and
 * as given too (any bytes: it must turn invalid UTF-8 away with a message).
 * Checked: tokens in bounds and in order, their folded forms inside the
 * scan's buffer; sentences cover token ranges in order and every token's
 * sentence end is its sentence's end; and scanning from the facts worked
 * out ahead (scan_text_with, what the builder does) gives the same tokens,
 * forms and sentences.
 */
#include <string.h>

#include "../../core/extract.h"
#include "../../core/normalize.h"
#include "fuzzutil.h"

/* made once: the fuzzer calls the target millions of times */
static rg_scan_facts *facts;

/* memcmp, which must not be given NULL even for no bytes */
static int same_bytes(const void *a, const void *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

static void same_scan(const rg_scan *a, const char *text, size_t len)
{
    rg_scan b = {0};
    rg_error err = {0};
    FUZZ_CHECK(scan_text_with(text, len, facts, &b, &err) == RG_OK);
    FUZZ_CHECK(a->ntok == b.ntok && same_bytes(a->tok, b.tok, a->ntok * sizeof *a->tok));
    FUZZ_CHECK(a->folds_len == b.folds_len && same_bytes(a->folds, b.folds, a->folds_len));
    FUZZ_CHECK(a->lows_len == b.lows_len && same_bytes(a->lows, b.lows, a->lows_len));
    FUZZ_CHECK(a->nsent == b.nsent && same_bytes(a->sent, b.sent, a->nsent * sizeof *a->sent));
    scan_free(&b);
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
    if (facts || (facts = scan_facts_new()) != NULL)
        same_scan(&s, text, len);
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

    scan_and_check(raw, size);
    if (text_normalize(raw, size, &t, &err) == RG_OK) {
        scan_and_check(t.text, t.len);
        rg_text_free(&t);
    }
    free(raw);
    return 0;
}
