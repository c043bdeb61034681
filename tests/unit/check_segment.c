/*
 * check_segment.c - sentence splitting: ordinary ends, Vietnamese and
 * English abbreviations, initials, decimals, quotes, paragraphs, headings.
 */
#include <stdlib.h>
#include <string.h>

#include "../../core/segment.h"
#include "testutil.h"

/* The sentences of text joined with " | ". */
static void segments(const char *text, char *buf, size_t cap)
{
    rg_span *sp = NULL;
    size_t n = 0, used = 0;
    rg_error err = {0};

    ck_assert_int_eq(text_segment(text, strlen(text), &sp, &n, &err), RG_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t len = sp[i].end - sp[i].start;
        ck_assert(sp[i].start < sp[i].end);
        ck_assert(i == 0 || sp[i].start >= sp[i - 1].end);
        ck_assert_uint_lt(used + len + 4, cap);
        if (i) {
            memcpy(buf + used, " | ", 3);
            used += 3;
        }
        memcpy(buf + used, text + sp[i].start, len);
        used += len;
        buf[used] = '\0';
    }
    free(sp);
}

static void assert_segments(const char *text, const char *want)
{
    char buf[4096];
    segments(text, buf, sizeof buf);
    ck_assert_msg(strcmp(buf, want) == 0, "\n got: %s\nwant: %s", buf, want);
}

START_TEST(ordinary_sentence_ends)
{
    assert_segments("Mưa to. Đường ngập! Ai sửa? Không ai.",
                    "Mưa to. | Đường ngập! | Ai sửa? | Không ai.");
    assert_segments("  Một câu   ", "Một câu");
    assert_segments("Chờ đã… Rồi đi.", "Chờ đã… | Rồi đi.");
    assert_segments("Wait... Then go.", "Wait... | Then go.");
}
END_TEST

START_TEST(vietnamese_abbreviations_do_not_end_sentences)
{
    assert_segments("Đoàn đến TP. Cần Thơ hôm qua. Sau đó về.",
                    "Đoàn đến TP. Cần Thơ hôm qua. | Sau đó về.");
    assert_segments("PGS. TS. Lê Văn Ba phát biểu. Hội thảo kết thúc.",
                    "PGS. TS. Lê Văn Ba phát biểu. | Hội thảo kết thúc.");
    assert_segments("Ông là ThS. Trần An và GS. Vũ Bình.",
                    "Ông là ThS. Trần An và GS. Vũ Bình.");
    assert_segments("Trụ sở ở Q. Ba Đình, Tp. Hà Nội.", "Trụ sở ở Q. Ba Đình, Tp. Hà Nội.");
    assert_segments("Nhà ở P. Tân Định. Khá xa.", "Nhà ở P. Tân Định. | Khá xa.");
}
END_TEST

START_TEST(english_abbreviations_and_initials)
{
    assert_segments("Mr. Brown met Dr. Green. They talked.",
                    "Mr. Brown met Dr. Green. | They talked.");
    assert_segments("The U.S. State Department agreed. Then it rained.",
                    "The U.S. State Department agreed. | Then it rained.");
    assert_segments("J. F. Kennedy spoke in St. Louis. Crowds came.",
                    "J. F. Kennedy spoke in St. Louis. | Crowds came.");
    assert_segments("Mrs. Ng and Ms. Ho left. Bye.", "Mrs. Ng and Ms. Ho left. | Bye.");
}
END_TEST

START_TEST(numbered_headings_keep_their_number)
{
    assert_segments("1. Mở đầu\n\nII. Bối cảnh chung\nNăm 2025. Hết.",
                    "1. Mở đầu | II. Bối cảnh chung | Năm 2025. | Hết.");
    assert_segments("Có 3 điểm. 2. Thứ hai.", "Có 3 điểm. | 2. | Thứ hai.");
}
END_TEST

START_TEST(decimals_and_dotted_names_stay_inside)
{
    assert_segments("Tăng 1.5 lần tại TP.HCM năm nay. Giảm 2,3%.",
                    "Tăng 1.5 lần tại TP.HCM năm nay. | Giảm 2,3%.");
    assert_segments("Khoảng 13.000 dự án. Hết.", "Khoảng 13.000 dự án. | Hết.");
    /* a lower-case word after a period continues the sentence */
    assert_segments("Các ngành v.v. đều tăng. Xong.", "Các ngành v.v. đều tăng. | Xong.");
}
END_TEST

START_TEST(quotes_and_brackets_after_the_period)
{
    assert_segments("Ông nói: “Chúng ta sẽ làm.” Mọi người vỗ tay.",
                    "Ông nói: “Chúng ta sẽ làm.” | Mọi người vỗ tay.");
    assert_segments("(Xem phụ lục.) Tiếp theo là bảng.",
                    "(Xem phụ lục.) | Tiếp theo là bảng.");
    assert_segments("He said \"go.\" She went.", "He said \"go.\" | She went.");
}
END_TEST

START_TEST(paragraph_breaks_always_end)
{
    assert_segments("Dòng một không dấu chấm\n\ntiếp tục ở đoạn mới",
                    "Dòng một không dấu chấm | tiếp tục ở đoạn mới");
    assert_segments("Ông gặp TP.\n\nSau đó", "Ông gặp TP. | Sau đó");
    assert_segments("A b c\n  \n\nD e f.", "A b c | D e f.");
}
END_TEST

START_TEST(headings_are_their_own_sentence)
{
    assert_segments("Hợp tác quốc tế\nThành phố đã ký nhiều thỏa thuận.",
                    "Hợp tác quốc tế | Thành phố đã ký nhiều thỏa thuận.");
    /* a paragraph without a final period ends at its line break too */
    assert_segments("Những thành tựu của thành phố là kết quả của nhiều thế hệ cán bộ đối ngoại "
                    "đã làm việc bền bỉ trong suốt năm mươi năm qua ở trong nước và ở nước ngoài, "
                    "với sự hỗ trợ của bạn bè quốc tế\nThông báo",
                    "Những thành tựu của thành phố là kết quả của nhiều thế hệ cán bộ đối ngoại "
                    "đã làm việc bền bỉ trong suốt năm mươi năm qua ở trong nước và ở nước ngoài, "
                    "với sự hỗ trợ của bạn bè quốc tế | Thông báo");
    /* a line that ends with a comma, or one followed by lower case, goes on */
    assert_segments("Thành phố đã ký,\nThỏa thuận mới.", "Thành phố đã ký,\nThỏa thuận mới.");
    assert_segments("Thành phố đã ký\nthỏa thuận mới.", "Thành phố đã ký\nthỏa thuận mới.");
}
END_TEST

START_TEST(empty_and_blank_text)
{
    rg_span *sp = (rg_span *)1;
    size_t n = 7;
    rg_error err = {0};
    ck_assert_int_eq(text_segment("", 0, &sp, &n, &err), RG_OK);
    ck_assert_uint_eq(n, 0);
    free(sp);
    ck_assert_int_eq(text_segment(" \n\n \n", 5, &sp, &n, &err), RG_OK);
    ck_assert_uint_eq(n, 0);
    free(sp);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("segment");
    TCase *tc = tcase_create("segment");
    tcase_add_test(tc, ordinary_sentence_ends);
    tcase_add_test(tc, vietnamese_abbreviations_do_not_end_sentences);
    tcase_add_test(tc, english_abbreviations_and_initials);
    tcase_add_test(tc, numbered_headings_keep_their_number);
    tcase_add_test(tc, decimals_and_dotted_names_stay_inside);
    tcase_add_test(tc, quotes_and_brackets_after_the_period);
    tcase_add_test(tc, paragraph_breaks_always_end);
    tcase_add_test(tc, headings_are_their_own_sentence);
    tcase_add_test(tc, empty_and_blank_text);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
