/*
 * check_fold.c - folded forms match the corpus guide's rule, and UTF-8
 * validation finds the first bad byte.
 */
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("fold");
    tcase_add_test(tc, vietnamese_names_fold_without_marks);
    tcase_add_test(tc, punctuation_and_space_fold_away);
    tcase_add_test(tc, invalid_utf8_is_rejected_with_offset);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
