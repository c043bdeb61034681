/*
 * check_docread.c - reading inputs into documents: text with a date line,
 * Markdown blanked in place, HTML without boilerplate, JSON object / array /
 * JSON Lines, content hashes, and every kind of bad input.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/docread.h"
#include "testutil.h"

#define MAX (1u << 20)

static rg_input_docs read_ok(const char *name, rg_doc_format fmt, const char *data)
{
    rg_input_docs l = {0};
    rg_error err = {0};
    rg_status rc = docread_memory(name, fmt, data, strlen(data), MAX, &l, &err);
    ck_assert_msg(rc == RG_OK, "%s: %s", name, err.msg);
    return l;
}

static void read_fails(const char *name, rg_doc_format fmt, const char *data, size_t len,
                       size_t max, rg_status want, const char *want_msg)
{
    rg_input_docs l = {0};
    rg_error err = {0};
    rg_status rc;

    if (len == SIZE_MAX)
        len = strlen(data);
    rc = docread_memory(name, fmt, data, len, max, &l, &err);
    ck_assert_msg(rc == want, "%s: got %d (%s), want %d", name, rc, err.msg, want);
    ck_assert_msg(strstr(err.msg, want_msg) != NULL, "message \"%s\" lacks \"%s\"", err.msg, want_msg);
    ck_assert_uint_eq(l.n, 0);
    ck_assert_ptr_null(l.docs);
}

START_TEST(text_with_a_date_line)
{
    const char *src = "  date 2024-03-09 Hải Phòng ký thỏa thuận với Busan.\n\nĐoạn hai.\n";
    rg_input_docs l = read_ok("a.txt", RG_DOC_TEXT, src);
    rg_input_doc *d = &l.docs[0];

    ck_assert_uint_eq(l.n, 1);
    ck_assert_str_eq(d->name, "a.txt");
    ck_assert_str_eq(d->date, "2024-03-09");
    ck_assert(d->text_aligned);
    ck_assert_uint_eq(d->text_offset, strlen("  date 2024-03-09 "));
    ck_assert_uint_eq(d->text_len + d->text_offset, strlen(src));
    ck_assert(memcmp(d->text, src + d->text_offset, d->text_len) == 0);
    ck_assert_uint_eq(d->raw_len, strlen(src));
    ck_assert_int_eq(d->format, RG_DOC_TEXT);
    ck_assert_ptr_null(d->title);       /* the first line is a sentence */
    ck_assert_uint_eq(strlen(d->hash), 7 + 64);
    ck_assert(strncmp(d->hash, "sha256:", 7) == 0);
    rg_input_docs_free(&l);
}
END_TEST

START_TEST(text_title_and_no_date)
{
    rg_input_docs l = read_ok("b.txt", RG_DOC_TEXT, "Quan hệ kết nghĩa\n\nHai thành phố ký.\n");
    ck_assert_str_eq(l.docs[0].title, "Quan hệ kết nghĩa");
    ck_assert_ptr_null(l.docs[0].date);
    ck_assert_uint_eq(l.docs[0].text_offset, 0);
    rg_input_docs_free(&l);
    /* "date" followed by something that is not a date is text */
    l = read_ok("c.txt", RG_DOC_TEXT, "date night in Huế.\n");
    ck_assert_ptr_null(l.docs[0].date);
    ck_assert_str_eq(l.docs[0].text, "date night in Huế.\n");
    rg_input_docs_free(&l);
}
END_TEST

START_TEST(sha256_of_the_file_bytes)
{
    /* sha256("abc\n"), as printed by sha256sum */
    rg_input_docs l = read_ok("h.txt", RG_DOC_TEXT, "abc\n");
    ck_assert_str_eq(l.docs[0].hash,
                     "sha256:edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb");
    rg_input_docs_free(&l);
}
END_TEST

START_TEST(markdown_is_blanked_in_place)
{
    const char *src =
        "# Hợp tác *đô thị*\n"
        "\n"
        "Đà Nẵng và **Yokohama** ký [bản ghi nhớ](https://example.org/mou) về `nước`.\n"
        "\n"
        "* mục một\n"
        "> trích dẫn\n"
        "---\n"
        "```\n"
        "code here\n"
        "```\n"
        "[ref]: https://example.org\n"
        "snake_case stays\n";
    rg_input_docs l = read_ok("m.md", RG_DOC_MARKDOWN, src);
    rg_input_doc *d = &l.docs[0];
    const char *want =
        "  Hợp tác  đô thị \n"
        "\n"
        "Đà Nẵng và   Yokohama   ký  bản ghi nhớ                           về  nước .\n"
        "\n"
        "- mục một\n"
        "  trích dẫn\n"
        "   \n"
        "   \n"
        "         \n"
        "   \n"
        "                          \n"
        "snake_case stays\n";

    ck_assert_int_eq(d->format, RG_DOC_MARKDOWN);
    ck_assert_str_eq(d->title, "Hợp tác *đô thị*");
    ck_assert_uint_eq(d->text_len, strlen(src));
    ck_assert_msg(strcmp(d->text, want) == 0, "got:\n%s", d->text);
    rg_input_docs_free(&l);
}
END_TEST

START_TEST(markdown_front_matter)
{
    const char *src = "---\ntitle: \"Thư viện\"\ndate: 2023-11\n---\nNội dung chính.\n";
    rg_input_docs l = read_ok("f.md", RG_DOC_MARKDOWN, src);
    ck_assert_str_eq(l.docs[0].title, "Thư viện");
    ck_assert_str_eq(l.docs[0].date, "2023-11");
    ck_assert_str_eq(l.docs[0].text, "Nội dung chính.\n");
    ck_assert_uint_eq(l.docs[0].text_offset, strlen(src) - strlen("Nội dung chính.\n"));
    rg_input_docs_free(&l);
    /* an unterminated block is text */
    l = read_ok("g.md", RG_DOC_MARKDOWN, "---\ntitle: x\nNội dung.\n");
    ck_assert_uint_eq(l.docs[0].text_offset, 0);
    ck_assert_ptr_null(l.docs[0].date);
    rg_input_docs_free(&l);
}
END_TEST

START_TEST(html_main_text_without_boilerplate)
{
    const char *src =
        "<!DOCTYPE html><html><head><title>Cần Thơ &amp; Busan</title>"
        "<meta property=\"article:published_time\" content=\"2022-08-15T09:00:00+07:00\">"
        "<style>p { color: red }</style><script>var x = 'Tokyo';</script></head>"
        "<body><header><a href=\"/\">Trang chủ</a></header>"
        "<nav><ul><li>Thời sự</li><li>Thế giới</li></ul></nav>"
        "<div role=\"navigation\">Menu phụ</div>"
        "<article><h1>Hai thành phố kết nghĩa</h1>"
        "<p>Cần Thơ   và\nBusan ký <b>thỏa thuận</b> hợp tác.</p>"
        "<p>Đoàn sẽ thăm<br>Seoul.</p>"
        "<ul><li>Giáo dục</li><li>Y tế</li></ul></article>"
        "<aside>Tin liên quan: Hà Nội</aside>"
        "<footer>Bản quyền 2022</footer></body></html>";
    rg_input_docs l = read_ok("p.html", RG_DOC_HTML, src);
    rg_input_doc *d = &l.docs[0];

    ck_assert_str_eq(d->title, "Cần Thơ & Busan");
    ck_assert_str_eq(d->date, "2022-08-15");
    ck_assert(!d->text_aligned);
    ck_assert_msg(strcmp(d->text, "Hai thành phố kết nghĩa\n\n"
                                  "Cần Thơ và Busan ký thỏa thuận hợp tác.\n\n"
                                  "Đoàn sẽ thăm\nSeoul.\n\n"
                                  "Giáo dục\nY tế") == 0, "got:\n%s", d->text);
    ck_assert_ptr_null(strstr(d->text, "Tokyo"));
    ck_assert_ptr_null(strstr(d->text, "Menu"));
    ck_assert_uint_eq(d->raw_len, strlen(src));
    rg_input_docs_free(&l);
}
END_TEST

START_TEST(html_title_falls_back_to_h1_and_time)
{
    rg_input_docs l = read_ok("q.htm", RG_DOC_HTML,
                            "<p>x</p><h1>Tiêu đề</h1><time datetime=\"2021-01-02\">2/1</time>");
    ck_assert_str_eq(l.docs[0].title, "Tiêu đề");
    ck_assert_str_eq(l.docs[0].date, "2021-01-02");
    rg_input_docs_free(&l);
}
END_TEST

START_TEST(json_object_array_and_lines)
{
    rg_input_docs l = read_ok("one.json", RG_DOC_JSON,
                            "{\"title\":\"T\",\"date\":\"2020-05-06\",\"url\":\"https://x.org/a\","
                            "\"text\":\"Huế và Kyoto.\"}");
    ck_assert_uint_eq(l.n, 1);
    ck_assert_str_eq(l.docs[0].name, "one.json#1");
    ck_assert_str_eq(l.docs[0].title, "T");
    ck_assert_str_eq(l.docs[0].date, "2020-05-06");
    ck_assert_str_eq(l.docs[0].url, "https://x.org/a");
    ck_assert_str_eq(l.docs[0].text, "Huế và Kyoto.");
    ck_assert(!l.docs[0].text_aligned);
    rg_input_docs_free(&l);

    l = read_ok("many.json", RG_DOC_JSON, "[{\"text\":\"một\"},\n {\"text\":\"hai\", \"date\":\"2019\"}]");
    ck_assert_uint_eq(l.n, 2);
    ck_assert_str_eq(l.docs[1].name, "many.json#2");
    ck_assert_str_eq(l.docs[1].text, "hai");
    ck_assert_str_eq(l.docs[1].date, "2019");
    ck_assert_str_ne(l.docs[0].hash, l.docs[1].hash);
    rg_input_docs_free(&l);

    l = read_ok("lines.jsonl", RG_DOC_JSON, "{\"text\":\"a\"}\n\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n");
    ck_assert_uint_eq(l.n, 3);
    ck_assert_str_eq(l.docs[2].text, "c");
    ck_assert_str_eq(l.docs[2].name, "lines.jsonl#3");
    rg_input_docs_free(&l);
}
END_TEST

START_TEST(json_hash_ignores_formatting)
{
    rg_input_docs a = read_ok("a.json", RG_DOC_JSON, "{\"text\": \"x\", \"title\": \"y\"}");
    rg_input_docs b = read_ok("b.json", RG_DOC_JSON, "{\n  \"title\":\"y\",\n  \"text\":\"x\"\n}");
    ck_assert_str_eq(a.docs[0].hash, b.docs[0].hash);
    rg_input_docs_free(&a);
    rg_input_docs_free(&b);
}
END_TEST

START_TEST(bad_inputs_say_what_is_wrong)
{
    read_fails("e.txt", RG_DOC_TEXT, "", 0, MAX, RG_ERR_INVALID, "e.txt: empty file");
    read_fails("w.txt", RG_DOC_TEXT, " \n\t\n", 4, MAX, RG_ERR_INVALID, "w.txt: empty file");
    read_fails("bin.txt", RG_DOC_TEXT, "ab\0cd", 5, MAX, RG_ERR_INVALID,
               "bin.txt: binary file (NUL byte at byte 2)");
    read_fails("bad.txt", RG_DOC_TEXT, "Hà N\xe1\xbb", 7, MAX, RG_ERR_INVALID,
               "bad.txt: not valid UTF-8 at byte 5");
    read_fails("big.txt", RG_DOC_TEXT, "0123456789", 10, 5, RG_ERR_LIMIT,
               "big.txt: 10 bytes is over the limit of 5 bytes");
    read_fails("d.txt", RG_DOC_TEXT, "date 2024-01-01\n  \n", 19, MAX, RG_ERR_INVALID,
               "d.txt: no text after the metadata");
    read_fails("x.json", RG_DOC_JSON, "{\"text\": \"a\",\n \"title\": }", SIZE_MAX, MAX, RG_ERR_INVALID,
               "x.json:2:");
    read_fails("y.jsonl", RG_DOC_JSON, "{\"text\":\"a\"}\n{\"text\":\"b\"\n", SIZE_MAX, MAX, RG_ERR_INVALID,
               "y.jsonl:2:");
    read_fails("z.json", RG_DOC_JSON, "{\"title\":\"no text\"}", SIZE_MAX, MAX, RG_ERR_INVALID,
               "z.json: no \"text\" string");
    read_fails("arr.json", RG_DOC_JSON, "[{\"text\":\"a\"}, 5]", SIZE_MAX, MAX, RG_ERR_INVALID,
               "arr.json: document 2: a document must be a JSON object");
    read_fails("dt.json", RG_DOC_JSON, "{\"text\":\"a\",\"date\":\"May 2020\"}", SIZE_MAX, MAX,
               RG_ERR_INVALID, "date \"May 2020\" is not YYYY");
    read_fails("n.json", RG_DOC_JSON, "42", 2, MAX, RG_ERR_INVALID, "n.json:1:");
    read_fails("lim.json", RG_DOC_JSON, "{\"text\":\"0123456789\"}", SIZE_MAX, 5, RG_ERR_LIMIT,
               "10 bytes is over the limit of 5 bytes");
    read_fails("e.html", RG_DOC_HTML, "<html><script>x()</script></html>", SIZE_MAX, MAX,
               RG_ERR_INVALID, "e.html: the HTML page has no text");
    read_fails("u.pdf", RG_DOC_UNKNOWN, "x", 1, MAX, RG_ERR_UNSUPPORTED, "unknown document format");
}
END_TEST

START_TEST(files_by_extension)
{
    char dir[512], path[600];
    rg_input_docs l = {0};
    rg_error err = {0};
    FILE *f;

    ck_assert_int_eq(docread_format_for("a/b.TXT"), RG_DOC_TEXT);
    ck_assert_int_eq(docread_format_for("notes"), RG_DOC_TEXT);
    ck_assert_int_eq(docread_format_for("x.Md"), RG_DOC_MARKDOWN);
    ck_assert_int_eq(docread_format_for("x.htm"), RG_DOC_HTML);
    ck_assert_int_eq(docread_format_for("x.ndjson"), RG_DOC_JSON);
    ck_assert_int_eq(docread_format_for("x.pdf"), RG_DOC_UNKNOWN);

    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/doc.md", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("## Tiêu đề\nNội dung.\n", f);
    fclose(f);
    ck_assert_int_eq(docread_file(path, MAX, &l, &err), RG_OK);
    ck_assert_str_eq(l.docs[0].name, "doc.md");
    ck_assert_str_eq(l.docs[0].title, "Tiêu đề");
    rg_input_docs_free(&l);
    ck_assert_int_eq(docread_file(path, 4, &l, &err), RG_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "doc.md: "));
    remove(path);
    ck_assert_int_eq(docread_file(path, MAX, &l, &err), RG_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot read: No such file"));
    snprintf(path, sizeof path, "%s/folder.txt", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    ck_assert_int_eq(docread_file(path, MAX, &l, &err), RG_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
    rmdir(path);
    ck_assert_int_eq(docread_file("x.pdf", MAX, &l, &err), RG_ERR_UNSUPPORTED);
    rmdir(dir);
}
END_TEST

START_TEST(html_in_a_declared_legacy_charset)
{
    /* Latin-1 bytes: not UTF-8, so the page's declaration decides */
    const char src[] = "<html><head><meta charset=\"iso-8859-1\"></head>"
                       "<body><p>Z\xfcrich v\xe0 Gen\xe8ve.</p></body></html>";
    rg_input_docs l = read_ok("l.html", RG_DOC_HTML, src);
    ck_assert_str_eq(l.docs[0].text, "Zürich và Genève.");
    rg_input_docs_free(&l);
}
END_TEST

/* The reference corpus reads as one aligned document per file, with the
 * date line of the one that has it taken as metadata. */
START_TEST(reference_corpus_reads)
{
    const char *corpus = tu_corpus_dir();
    char dir[4096];
    DIR *d;
    struct dirent *e;
    int seen = 0, dated = 0;

    if (!corpus) {
        fprintf(stderr, "check_docread: SKIP reference_corpus_reads (no ../shared/corpus)\n");
        return;
    }
    snprintf(dir, sizeof dir, "%s/docs", corpus);
    d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d))) {
        char path[4600];
        rg_input_docs l = {0};
        rg_error err = {0};
        if (!strstr(e->d_name, ".txt"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        ck_assert_msg(docread_file(path, MAX, &l, &err) == RG_OK, "%s", err.msg);
        ck_assert_uint_eq(l.n, 1);
        ck_assert_str_eq(l.docs[0].name, e->d_name);
        ck_assert(l.docs[0].text_aligned);
        ck_assert(memcmp(l.docs[0].text, l.docs[0].raw + l.docs[0].text_offset, l.docs[0].text_len) == 0);
        if (l.docs[0].date) {
            ck_assert_uint_eq(strlen(l.docs[0].date), 10);
            ck_assert_uint_gt(l.docs[0].text_offset, 0);
            dated++;
        }
        rg_input_docs_free(&l);
        seen++;
    }
    closedir(d);
    ck_assert_int_ge(seen, 5);
    ck_assert_int_ge(dated, 1);
}
END_TEST

/* Random fragments in every format: no crash, either documents or a
 * clear error, and text/Markdown stay aligned with the input. */
START_TEST(random_inputs_never_crash)
{
    static const char *const frags[] = {
        "# ", "## Tiêu đề\n", "*", "**", "_", "`", "```\n", "[a](b)", "[x]: y\n", "> ",
        "<p>", "</p>", "<div>", "<script>", "</script>", "<br>", "<title>T</title>", "&amp;",
        "{", "}", "[", "]", "\"text\"", ":", ",", "\"a\"", "\n", " ", "Hà Nội", "date ",
        "2024-01-02", "---\n", "|", "\\", "<", ">", "\xc3", "\xa9", "é", "null", "12",
    };
    static const rg_doc_format fmts[] = {RG_DOC_TEXT, RG_DOC_MARKDOWN, RG_DOC_HTML, RG_DOC_JSON};
    unsigned seed = 99;
    for (int round = 0; round < 400; round++) {
        char buf[2048];
        size_t used = 0;
        int n = 1 + (int)((seed >> 8) % 60);
        rg_input_docs l = {0};
        rg_error err = {0};
        rg_doc_format fmt;
        rg_status rc;
        for (int k = 0; k < n; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = frags[(seed >> 16) % (sizeof frags / sizeof *frags)];
            memcpy(buf + used, p, strlen(p));
            used += strlen(p);
        }
        fmt = fmts[round % 4];
        rc = docread_memory("r", fmt, buf, used, MAX, &l, &err);
        ck_assert_msg(rc == RG_OK || rc == RG_ERR_INVALID, "rc %d: %s", rc, err.msg);
        if (rc != RG_OK) {
            ck_assert_uint_eq(l.n, 0);
            ck_assert(err.msg[0] == 'r');
            continue;
        }
        for (size_t d = 0; d < l.n; d++) {
            ck_assert_uint_eq(strlen(l.docs[d].text), l.docs[d].text_len);
            if (l.docs[d].text_aligned)
                ck_assert_uint_eq(l.docs[d].text_offset + l.docs[d].text_len, used);
        }
        rg_input_docs_free(&l);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("docread");
    TCase *tc = tcase_create("docread");
    tcase_add_test(tc, text_with_a_date_line);
    tcase_add_test(tc, text_title_and_no_date);
    tcase_add_test(tc, sha256_of_the_file_bytes);
    tcase_add_test(tc, markdown_is_blanked_in_place);
    tcase_add_test(tc, markdown_front_matter);
    tcase_add_test(tc, html_main_text_without_boilerplate);
    tcase_add_test(tc, html_title_falls_back_to_h1_and_time);
    tcase_add_test(tc, json_object_array_and_lines);
    tcase_add_test(tc, json_hash_ignores_formatting);
    tcase_add_test(tc, bad_inputs_say_what_is_wrong);
    tcase_add_test(tc, files_by_extension);
    tcase_add_test(tc, html_in_a_declared_legacy_charset);
    tcase_add_test(tc, reference_corpus_reads);
    tcase_add_test(tc, random_inputs_never_crash);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
