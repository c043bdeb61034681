/*
 * check_normalize.c - stage 1 of the builder: UTF-8 checks, NFC, line
 * endings, invisible characters, PDF repairs, and an exact offset map.
 *
 * The golden files in tests/golden/normalize/ (NAME.txt, our own text
 * imitating PDF extraction damage, beside NAME.expected) are compared
 * exactly.  To regenerate the expected files after a deliberate change:
 *     RELGRAPH_REGEN=1 make unit
 * then review the diff with git.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../../core/fold.h"
#include "../../core/normalize.h"
#include "testutil.h"

static void norm(const char *src, size_t len, rg_text *t)
{
    rg_error err = {0};
    rg_status rc = text_normalize(src, len, t, &err);
    ck_assert_msg(rc == RG_OK, "normalize: %s", err.msg);
    ck_assert_uint_eq(t->text[t->len], '\0');
    ck_assert_uint_eq(t->orig[t->len], len);
}

static void assert_norm(const char *src, const char *want)
{
    rg_text t;
    norm(src, strlen(src), &t);
    ck_assert_msg(strcmp(t.text, want) == 0, "\n got: [%s]\nwant: [%s]", t.text, want);
    rg_text_free(&t);
}

/* The offset map is monotonic, and each output byte that was copied (not a
 * joining space, not an NFC rewrite) is the byte it points at. */
static void assert_map_consistent(const char *src, size_t len, const rg_text *t)
{
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->text[i];
        ck_assert_uint_le(t->orig[i], t->orig[i + 1]);
        ck_assert_uint_lt(t->orig[i], len);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            ck_assert_msg(src[t->orig[i]] == t->text[i], "byte %zu maps to %zu", i, t->orig[i]);
    }
}

START_TEST(invalid_utf8_reports_the_byte)
{
    rg_text t;
    rg_error err = {0};
    ck_assert_int_eq(text_normalize("ok\xc3(", 4, &t, &err), RG_ERR_INVALID);
    ck_assert_str_eq(err.msg, "not valid UTF-8 at byte 2");
    ck_assert_ptr_null(t.text);
    ck_assert_int_eq(text_normalize("\xed\xa0\x80", 3, &t, &err), RG_ERR_INVALID);  /* surrogate */
    ck_assert_str_eq(err.msg, "not valid UTF-8 at byte 0");
}
END_TEST

START_TEST(nfc_and_its_offsets)
{
    const char src[] = "Ha\xcc\x80 No\xcc\xa3\xcc\x82i";       /* "Hà Nội" decomposed */
    rg_text t;
    norm(src, strlen(src), &t);
    ck_assert_str_eq(t.text, "Hà Nội");
    /* "à" (2 bytes) comes from the "a" at 1; " " from 4; "N" from 5 */
    ck_assert_uint_eq(t.orig[1], 1);
    ck_assert_uint_eq(t.orig[2], 1);
    ck_assert_uint_eq(t.orig[3], 4);
    ck_assert_uint_eq(t.orig[4], 5);
    ck_assert_uint_eq(text_orig_offset(&t, 999), strlen(src));
    rg_text_free(&t);
    assert_norm("\xe2\x84\xab", "\xc3\x85");          /* ANGSTROM SIGN -> A with ring */
}
END_TEST

START_TEST(line_endings_and_invisible_characters)
{
    assert_norm("Một.\r\n\r\nHai.\rBa.", "Một.\n\nHai.\nBa.");
    assert_norm("Hà\xe2\x80\x8bNội", "HàNội");                       /* zero-width space */
    assert_norm("\xef\xbb\xbf" "BOM", "BOM");
    assert_norm("a\xe2\x80\x8f" "b\xe2\x80\xaa" "c\xe2\x81\xa6" "d", "abcd");  /* bidi */
    assert_norm("x\x01y\x7fz\xc2\x85w", "xyz w");
    assert_norm("a\t\tb\xc2\xa0\xc2\xa0" "c   d", "a b c d");
    assert_norm("soft\xc2\xadhyphen", "softhyphen");
    assert_norm("", "");
    assert_norm("   \n\n  ", "");
    assert_norm("\n\n\nMột.\n\n\n\n\nHai.\n\n\n", "Một.\n\nHai.");
}
END_TEST

START_TEST(glued_footnote_numbers_are_removed)
{
    const char *src = "sau chiến tranh.1 Về chính trị";
    rg_text t;
    norm(src, strlen(src), &t);
    ck_assert_str_eq(t.text, "sau chiến tranh. Về chính trị");
    /* the "V" after the removed note still maps to the source "V" */
    {
        const char *v = strstr(t.text, "Về");
        ck_assert_uint_eq(t.orig[v - t.text], (size_t)(strstr(src, "Về") - src));
    }
    assert_map_consistent(src, strlen(src), &t);
    rg_text_free(&t);
    assert_norm("nhân dân3 - trở thành", "nhân dân - trở thành");
    assert_norm("miền Nam,4 thực hiện", "miền Nam, thực hiện");
    assert_norm("Ông Minh2, bà Lan", "Ông Minh, bà Lan");
    assert_norm("đi bình thường.”5 Sau", "đi bình thường.” Sau");
    assert_norm("Đông Nam Á.14 Tiếp", "Đông Nam Á. Tiếp");
    assert_norm("doanh nghiệp (FDI)11 được", "doanh nghiệp (FDI) được");
}
END_TEST

START_TEST(real_numbers_stay)
{
    assert_norm("Mạng lưới C40 và đoàn A50, G20.", "Mạng lưới C40 và đoàn A50, G20.");
    assert_norm("tại Q.1 và P.3 có 1.000 người, tăng 2,5%.",
                "tại Q.1 và P.3 có 1.000 người, tăng 2,5%.");
    assert_norm("ngày 2/7/1976 và năm 2025.", "ngày 2/7/1976 và năm 2025.");
    assert_norm("COVID-19 và H5N1", "COVID-19 và H5N1");
    /* a number opening a quoted title is no footnote; one after a closing
     * straight quote is */
    assert_norm("triển lãm \"30 năm hợp tác\" mở cửa", "triển lãm \"30 năm hợp tác\" mở cửa");
    assert_norm("gọi là \"đổi mới\"7 và", "gọi là \"đổi mới\" và");
}
END_TEST

START_TEST(broken_lines_are_joined)
{
    assert_norm("Thành phố đã ký\nthỏa thuận mới.", "Thành phố đã ký thỏa thuận mới.");
    assert_norm("Thành phố đã ký\n\nthỏa thuận mới.", "Thành phố đã ký thỏa thuận mới.");
    assert_norm("the inter-\nnational port", "the international port");
    assert_norm("nước Cam-pu-\nchia", "nước Cam-pu-chia");
    assert_norm("giá tăng 5 -\nrồi giảm", "giá tăng 5 - rồi giảm");
    /* a heading stays its own line; so does a finished sentence */
    assert_norm("Hợp tác quốc tế\n\nThành phố ký.\n\nHai bên gặp.",
                "Hợp tác quốc tế\n\nThành phố ký.\n\nHai bên gặp.");
    assert_norm("Mục lục\nPhần một", "Mục lục\nPhần một");
    assert_norm("- một\n- hai", "- một\n- hai");
}
END_TEST

START_TEST(page_furniture_is_dropped)
{
    assert_norm("Câu thứ nhất.\n\n12\n\nCâu thứ hai.", "Câu thứ nhất.\n\nCâu thứ hai.");
    assert_norm("Một.\nhttps://example.org/a-b\nHai.", "Một.\nHai.");
    assert_norm("Một.\n- 7 -\nHai.\nPage 8\nBa.", "Một.\nHai.\nBa.");
}
END_TEST

START_TEST(footnote_block_after_separator_is_dropped)
{
    /* wrapped text (footnotes are looked for only there) */
    const char *src =
        "Các thành phố ven biển đã ký nhiều văn bản hợp tác với\n"
        "đối tác nước ngoài trong những năm gần đây, nhất là về\n"
        "quản lý nước, giao thông công cộng và năng lượng sạch\n"
        "cho các khu đô thị mới ở phía đông và phía nam thành\n"
        "phố, nơi dân số tăng nhanh hơn dự báo của các chuyên\n"
        "gia quy hoạch từ đầu thập niên trước, khiến chính quyền\n"
        "phải tìm thêm nguồn vốn và kinh nghiệm quốc tế cho thân\n"
        "bài chưa xong câu\n"
        "                              \n"
        "4 Tác giả, “Tên bài,” Tạp chí, 2020.\n"
        "5 Tác giả khác, Sách, 2019.\n"
        "tiếp tục câu ở trang sau.";
    rg_text t;
    norm(src, strlen(src), &t);
    ck_assert_ptr_nonnull(strstr(t.text, "cho thân bài chưa xong câu tiếp tục câu ở trang sau."));
    ck_assert_ptr_null(strstr(t.text, "Tác giả"));
    assert_map_consistent(src, strlen(src), &t);
    /* "tiếp" maps to its source offset */
    ck_assert_uint_eq(t.orig[strstr(t.text, "tiếp") - t.text], (size_t)(strstr(src, "tiếp") - src));
    rg_text_free(&t);
    /* a spaces-only line not followed by a note is just blank, and
     * unwrapped text (news, one paragraph per line) has no footnotes */
    assert_norm("Một.\n                    \nHai.", "Một.\n\nHai.");
    assert_norm("Câu một.\n                    \n10 năm sau, họ trở lại.",
                "Câu một.\n\n10 năm sau, họ trở lại.");
}
END_TEST

/* Random mixes of the troublesome pieces: the map stays consistent and
 * every output byte is valid UTF-8 from the input or a joint. */
START_TEST(random_text_keeps_the_map_consistent)
{
    static const char *const pieces[] = {
        "Hà", "Nội", "a\xcc\x80", "o\xcc\xa3\xcc\x82", " ", "  ", "\n", "\n\n", "\r\n",
        "\xe2\x80\x8b", "\t", ".", ".1", "2", "giới9", "-", "inter-\n", "TP.", "Q.1",
        "                    \n", "3 Ghi chú.\n", "https://x.org/a\n", "\xef\xbb\xbf", "“", "”",
        "C40", "\xc2\xa0", "\x01", "Ω", "\xe2\x84\xab",
    };
    unsigned seed = 7;
    for (int round = 0; round < 500; round++) {
        char src[2048];
        size_t used = 0;
        rg_text t;
        int n = 1 + (int)((seed >> 8) % 120);
        for (int k = 0; k < n; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
            memcpy(src + used, p, strlen(p));
            used += strlen(p);
        }
        norm(src, used, &t);
        assert_map_consistent(src, used, &t);
        ck_assert(text_utf8_valid(t.text, t.len, NULL));
        ck_assert_ptr_null(strstr(t.text, "  "));
        ck_assert_ptr_null(strstr(t.text, "\n\n\n"));
        rg_text_free(&t);
    }
}
END_TEST

/* Normalising from the facts worked out ahead (text_normalize_with)
 * gives what normalising from nothing gives, byte for byte and offset for
 * offset, on texts of every Vietnamese letter, decomposed ones, marks on
 * their own and neighbours from other scripts. */
START_TEST(facts_ahead_change_nothing)
{
    unsigned seed = 13;
    rg_norm_facts *facts = norm_facts_new();
    ck_assert_ptr_nonnull(facts);
    for (int round = 0; round < 300; round++) {
        char src[8192];
        size_t len = 0;
        rg_text a, b;
        rg_error err = {0};
        tu_glue_pieces(&seed, tu_vietnamese_pieces, tu_vietnamese_npieces, 1 + round % 150, src, &len);
        ck_assert_int_eq(text_normalize(src, len, &a, &err), RG_OK);
        ck_assert_int_eq(text_normalize_with(src, len, facts, &b, &err), RG_OK);
        ck_assert_uint_eq(a.len, b.len);
        ck_assert_int_eq(memcmp(a.text, b.text, a.len), 0);
        ck_assert_int_eq(memcmp(a.orig, b.orig, (a.len + 1) * sizeof *a.orig), 0);
        rg_text_free(&a);
        rg_text_free(&b);
    }
    norm_facts_free(facts);
}
END_TEST

/* Pass 1 copies runs of code points that NFC leaves alone in one go and
 * sends the rest (a starter with its marks, a singleton like the Ohm sign,
 * Hangul jamo) through utf8proc one cluster at a time.  On one line with
 * single spaces and no digits (where pass 2 changes nothing) the result
 * must be utf8proc's NFC of the whole text, wherever the clusters fall;
 * and a text NFC leaves alone must come out the same, byte for byte, with
 * each byte mapped to itself. */
START_TEST(copied_runs_agree_with_utf8proc_nfc)
{
    static const char *const stable[] = {
        "Hà", "Nội", "thành", "phố", "x", "AT&T", "Москва", "東京", "\xf0\x9f\x98\x80", "ŉ",
        "Ω", "ǅ", "\xe1\xbb\x87", "ﬁ", "“q”", "ä", "é", "-", ".", "\xce\x90"};
    static const char *const changing[] = {
        "a\xcc\x80", "o\xcc\xa3\xcc\x82", "o\xcc\x82\xcc\xa3", "e\xcc\x81\xcc\x81",
        "\xcc\x81", "\xe2\x84\xa6", "\xe2\x84\xab", "\xe1\x84\x80\xe1\x85\xa1",
        "\xe1\xbb\x87\xcc\x80", "\xc3\xa0\xcc\xa3", "A\xcc\x8a", "\xe0\xa6\x95\xe0\xa7\x87\xe0\xa6\xbe"};
    unsigned seed = 11;
    for (int round = 0; round < 2000; round++) {
        bool mixed = round % 2 == 1;
        char src[4096];
        size_t used = 0;
        int n = 1 + (int)((seed >> 8) % 60);
        rg_text t;
        utf8proc_uint8_t *want;
        for (int k = 0; k < n; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = mixed && (seed >> 20) % 3 == 0 ? changing[(seed >> 16) % (sizeof changing / sizeof *changing)]
                                              : stable[(seed >> 16) % (sizeof stable / sizeof *stable)];
            if (k > 0 && (seed >> 24) % 4 == 0)
                src[used++] = ' ';
            memcpy(src + used, p, strlen(p));
            used += strlen(p);
        }
        src[used] = '\0';
        norm(src, used, &t);
        want = utf8proc_NFC((const utf8proc_uint8_t *)src);
        ck_assert_ptr_nonnull(want);
        ck_assert_msg(strcmp(t.text, (const char *)want) == 0, "\n  in: [%s]\n got: [%s]\nwant: [%s]",
                      src, t.text, (const char *)want);
        if (!mixed)
            for (size_t i = 0; i <= t.len; i++)
                ck_assert_msg(t.orig[i] == i, "[%s]: byte %zu maps to %zu", src, i, t.orig[i]);
        assert_map_consistent(src, used, &t);
        free(want);
        rg_text_free(&t);
    }
}
END_TEST

/* Pass 2 copies a line eight bytes at a time up to a digit or a second
 * space.  On one line of words, runs of spaces and numbers, the plain
 * way: runs of spaces become one, and a run of one to three digits (not
 * starting with 0) glued to two lower-case letters and followed by no
 * letter or digit is a footnote number and goes; every other byte is
 * copied and maps to itself. */
static size_t plain_line(const char *src, size_t len, char *out, size_t *map)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (src[i] >= '1' && src[i] <= '9' && i >= 2 && src[i - 1] >= 'a' && src[i - 1] <= 'z' &&
            src[i - 2] >= 'a' && src[i - 2] <= 'z') {
            size_t e = i;
            while (e < len && src[e] >= '0' && src[e] <= '9')
                e++;
            if (e - i <= 3 && (e == len || src[e] == ' ')) {
                i = e;
                continue;
            }
        }
        if (src[i] == ' ' && (n == 0 || out[n - 1] == ' ')) {
            i++;
            continue;
        }
        map[n] = i;
        out[n++] = src[i++];
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return n;
}

START_TEST(word_copies_agree_with_the_plain_way)
{
    static const char *const pieces[] = {"abc", "xyz", "Hà", "nội", "q", " ", "  ", "   ",
                                         " 2025", " 12", "ab7", "cd42", "ef305", "gh1234", "ee0",
                                         "thành phố", "x9y"};
    unsigned seed = 13;
    for (int round = 0; round < 3000; round++) {
        char src[1024], want[1024];
        size_t map[1024], used = 0, n;
        int count = 1 + (int)((seed >> 8) % 50);
        rg_text t;
        for (int k = 0; k < count; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
            if (k == 0 && p[0] == ' ')
                p = "w";
            memcpy(src + used, p, strlen(p));
            used += strlen(p);
        }
        src[used] = '\0';
        n = plain_line(src, used, want, map);
        norm(src, used, &t);
        ck_assert_msg(strcmp(t.text, want) == 0, "\n  in: [%s]\n got: [%s]\nwant: [%s]", src, t.text,
                      want);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(t.orig[i] == map[i], "[%s]: byte %zu maps to %zu, not %zu", src, i,
                          t.orig[i], map[i]);
        rg_text_free(&t);
    }
}
END_TEST

static char *path_join(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, "%s/%s%s", dir, name, ext);
    return p;
}

START_TEST(golden_files)
{
    const char *src_root = getenv("RELGRAPH_SRC");
    const char *regen = getenv("RELGRAPH_REGEN");
    char dir[4096];
    DIR *d;
    struct dirent *e;
    int checked = 0;

    snprintf(dir, sizeof dir, "%s/tests/golden/normalize", src_root ? src_root : ".");
    d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    while ((e = readdir(d))) {
        size_t nl = strlen(e->d_name), in_len, want_len;
        char *base, *in_path, *want_path, *in, *want;
        rg_text t;

        if (nl < 5 || strcmp(e->d_name + nl - 4, ".txt") != 0)
            continue;
        base = strndup(e->d_name, nl - 4);
        in_path = path_join(dir, base, ".txt");
        want_path = path_join(dir, base, ".expected");
        in = tu_read_file(in_path, &in_len);
        ck_assert_ptr_nonnull(in);
        norm(in, in_len, &t);
        assert_map_consistent(in, in_len, &t);
        if (regen && *regen == '1') {
            FILE *f = fopen(want_path, "wb");
            ck_assert_ptr_nonnull(f);
            fwrite(t.text, 1, t.len, f);
            fputc('\n', f);
            fclose(f);
        }
        want = tu_read_file(want_path, &want_len);
        ck_assert_msg(want != NULL, "missing %s (RELGRAPH_REGEN=1 make unit writes it)", want_path);
        ck_assert_msg(want_len == t.len + 1 && memcmp(want, t.text, t.len) == 0,
                      "%s differs from the normalised %s:\n%s", want_path, in_path, t.text);
        rg_text_free(&t);
        free(in);
        free(want);
        free(in_path);
        free(want_path);
        free(base);
        checked++;
    }
    closedir(d);
    ck_assert_int_ge(checked, 2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("normalize");
    TCase *tc = tcase_create("normalize");
    tcase_add_test(tc, invalid_utf8_reports_the_byte);
    tcase_add_test(tc, nfc_and_its_offsets);
    tcase_add_test(tc, line_endings_and_invisible_characters);
    tcase_add_test(tc, glued_footnote_numbers_are_removed);
    tcase_add_test(tc, real_numbers_stay);
    tcase_add_test(tc, broken_lines_are_joined);
    tcase_add_test(tc, page_furniture_is_dropped);
    tcase_add_test(tc, footnote_block_after_separator_is_dropped);
    tcase_add_test(tc, golden_files);
    tcase_add_test(tc, random_text_keeps_the_map_consistent);
    tcase_add_test(tc, copied_runs_agree_with_utf8proc_nfc);
    tcase_add_test(tc, facts_ahead_change_nothing);
    tcase_add_test(tc, word_copies_agree_with_the_plain_way);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
