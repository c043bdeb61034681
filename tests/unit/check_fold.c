/*
 * check_fold.c - folded forms match the corpus guide's rule, and UTF-8
 * validation finds the first bad byte.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../../core/fold.h"
#include "testutil.h"

static void assert_fold(const char *in, const char *want)
{
    char *out = NULL;
    rg_error err = {0};
    ck_assert_int_eq(text_fold(in, strlen(in), &out, &err), RG_OK);
    ck_assert_str_eq(out, want);
    free(out);
}

START_TEST(vietnamese_names_fold_without_marks)
{
    assert_fold("Thành phố Hồ Chí Minh", "thanhphohochiminh");
    assert_fold("thanh pho ho chi minh", "thanhphohochiminh");
    assert_fold("TP.HCM", "tphcm");
    assert_fold("TP. Hồ Chí Minh", "tphochiminh");
    assert_fold("Đà Nẵng", "danang");
    assert_fold("đường", "duong");
    assert_fold("Bình Dương", "binhduong");
}
END_TEST

START_TEST(punctuation_and_space_fold_away)
{
    assert_fold("C40", "c40");
    assert_fold("  ... ", "");
    assert_fold("Cam-pu-chia", "campuchia");
    assert_fold("São Paulo", "saopaulo");
    assert_fold("Zürich", "zurich");
}
END_TEST

START_TEST(invalid_utf8_is_rejected_with_offset)
{
    char *out = NULL;
    rg_error err = {0};
    size_t bad = 0;
    const char s[] = "abc\xff" "def";
    ck_assert_int_eq(text_fold(s, 7, &out, &err), RG_ERR_INVALID);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(err.msg, "byte 3"));
    ck_assert(!text_utf8_valid(s, 7, &bad));
    ck_assert_uint_eq(bad, 3);
    ck_assert(!text_utf8_valid("a\0b", 3, &bad));
    ck_assert_uint_eq(bad, 1);
    ck_assert(text_utf8_valid("Hà Nội", strlen("Hà Nội"), NULL));
    ck_assert_uint_eq(text_utf8_count("Hà Nội", strlen("Hà Nội")), 6);
}
END_TEST

/* Validity by utf8proc alone, with the first bad offset. */
static bool valid_by_utf8proc(const unsigned char *b, size_t n, size_t *bad)
{
    size_t pos = 0;
    while (pos < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(b + pos, (utf8proc_ssize_t)(n - pos), &cp);
        if (step <= 0 || cp == 0) {
            *bad = pos;
            return false;
        }
        pos += (size_t)step;
    }
    return true;
}

/* text_utf8_valid checks two- and three-byte sequences itself: it must
 * agree with utf8proc_iterate on every lead byte and continuation pair,
 * whole and cut short, with the same bad offset. */
START_TEST(short_sequences_agree_with_utf8proc)
{
    unsigned char b[5] = {'x', 0, 0, 0, 'y'};
    size_t checked = 0;
    for (unsigned c0 = 0x80; c0 <= 0xFF; c0++)
        for (unsigned c1 = 0; c1 <= 0xFF; c1++)
            for (unsigned c2 = 0; c2 <= 0xFF; c2 += (c0 >= 0xE0 && c0 <= 0xEF) ? 1 : 0x3F) {
                b[1] = (unsigned char)c0;
                b[2] = (unsigned char)c1;
                b[3] = (unsigned char)c2;
                for (size_t n = 2; n <= 5; n++) {
                    size_t want_bad = 99, bad = 99;
                    bool want = valid_by_utf8proc(b, n, &want_bad);
                    bool got = text_utf8_valid((const char *)b, n, &bad);
                    /* a plain test: Check's asserts are too slow for millions */
                    if (got != want || bad != want_bad)
                        ck_abort_msg("%02x %02x %02x (%zu bytes): %d at %zu, utf8proc %d at %zu",
                                     c0, c1, c2, n, got, bad, want, want_bad);
                    checked++;
                }
            }
    ck_assert_uint_gt(checked, 1000000);
}
END_TEST

/* text_utf8_next decodes short sequences itself: the same length (or
 * error) and code point as utf8proc_iterate for every lead byte and
 * continuation pair, whole or cut short. */
START_TEST(next_agrees_with_utf8proc)
{
    unsigned char b[4] = {0, 0, 0, 'z'};
    size_t checked = 0;
    for (unsigned c0 = 0; c0 <= 0xFF; c0++)
        for (unsigned c1 = 0; c1 <= 0xFF; c1++)
            for (unsigned c2 = 0; c2 <= 0xFF; c2 += (c0 >= 0xE0 && c0 <= 0xEF) ? 1 : 0x3F) {
                b[0] = (unsigned char)c0;
                b[1] = (unsigned char)c1;
                b[2] = (unsigned char)c2;
                for (size_t n = 1; n <= 4; n++) {
                    utf8proc_int32_t want_cp = -1;
                    int32_t cp = -1;
                    utf8proc_ssize_t want = utf8proc_iterate(b, (utf8proc_ssize_t)n, &want_cp);
                    long got = text_utf8_next(b, n, &cp);
                    /* plain tests: Check's asserts are too slow for millions */
                    if (got != (long)want || (want > 0 && cp != want_cp))
                        ck_abort_msg("%02x %02x %02x (%zu bytes): %ld U+%04X, utf8proc %ld U+%04X",
                                     c0, c1, c2, n, got, (unsigned)cp, (long)want, (unsigned)want_cp);
                    checked++;
                }
            }
    ck_assert_uint_gt(checked, 1000000);
}
END_TEST

/* text_utf8_count counts eight bytes at a time: every length and start
 * around that stride, with multi-byte letters straddling it. */
START_TEST(count_agrees_with_decoding)
{
    const char *s = "Thành phố Hồ Chí Minh và Đà Nẵng ký kết 🤝 hợp tác — 2024";
    size_t len = strlen(s);
    for (size_t a = 0; a < len; a++) {
        for (size_t b = a; b <= len; b++) {
            size_t want = 0;
            for (size_t i = a; i < b; i++)
                want += ((unsigned char)s[i] & 0xC0) != 0x80;
            ck_assert_uint_eq(text_utf8_count(s + a, b - a), want);
        }
    }
    ck_assert_uint_eq(text_utf8_count(s, len), 56);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("fold");
    tcase_add_test(tc, vietnamese_names_fold_without_marks);
    tcase_add_test(tc, punctuation_and_space_fold_away);
    tcase_add_test(tc, invalid_utf8_is_rejected_with_offset);
    tcase_add_test(tc, short_sequences_agree_with_utf8proc);
    tcase_add_test(tc, count_agrees_with_decoding);
    tcase_add_test(tc, next_agrees_with_utf8proc);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
