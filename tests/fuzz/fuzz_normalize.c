/*
 * fuzz_normalize.c - libFuzzer target for builder stage 1, text_normalize
 * (core/normalize.h): any bytes in, either a clean error or normalised text
 * whose promises hold.
 *
 * Checked beyond "no crash, no leak, no UB": the output is NUL-terminated
 * valid UTF-8 with no NUL byte, and the offset map has len + 1 entries that
 * never decrease and never point past the input; and normalising from the
 * facts worked out ahead (text_normalize_with, what the builder does) gives
 * the same text and map, or the same error.
 */
#include <string.h>
#include <utf8proc.h>

#include "../../core/normalize.h"
#include "fuzzutil.h"

static int valid_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp == 0)
            return 0;
        i += (size_t)n;
    }
    return 1;
}

/* made once: the fuzzer calls the target millions of times */
static rg_norm_facts *facts;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rg_text t = {0}, u = {0};
    rg_error err = {0}, err2 = {0};
    rg_status rc = text_normalize((const char *)data, size, &t, &err);

    if (facts || (facts = norm_facts_new()) != NULL) {
        FUZZ_CHECK(text_normalize_with((const char *)data, size, facts, &u, &err2) == rc);
        FUZZ_CHECK(strcmp(err.msg, err2.msg) == 0 && t.len == u.len);
        FUZZ_CHECK(t.len == 0 || (memcmp(t.text, u.text, t.len) == 0 &&
                                  memcmp(t.orig, u.orig, (t.len + 1) * sizeof *t.orig) == 0));
        rg_text_free(&u);
    }
    if (rc != RG_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        FUZZ_CHECK(t.text == NULL && t.len == 0);
        return 0;
    }
    FUZZ_CHECK(t.text && t.orig);
    FUZZ_CHECK(t.text[t.len] == '\0');
    FUZZ_CHECK(valid_utf8(t.text, t.len));
    FUZZ_CHECK(t.orig[t.len] == size);
    for (size_t i = 0; i < t.len; i++) {
        FUZZ_CHECK(t.orig[i] <= size);
        FUZZ_CHECK(t.orig[i] <= t.orig[i + 1]);
    }
    FUZZ_CHECK(text_orig_offset(&t, t.len + 10) == size);
    rg_text_free(&t);
    return 0;
}
