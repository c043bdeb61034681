/*
 * check_safety.c - the library's defences against hostile input: the
 * builder's limits (document size, sentence length, name length, links per
 * sentence) refuse with RG_ERR_LIMIT and a message naming the option that
 * raises them, and raising them admits the text; xmltext.h makes any text
 * safe to put in XML; a read-only store reads one snapshot while a writer
 * commits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/builder.h"
#include "../../core/store.h"
#include "../../core/xmltext.h"
#include "testutil.h"

static rg_pack pack;
static rg_builder *b;

static void setup(void)
{
    tu_load_builder(&pack, &b);
}

static void teardown(void)
{
    tu_free_builder(&pack, b);
}

/* The builder is compiled once for the suite (slow under sanitizers);
 * each test starts from the default limits. */
static void reset_limits(void)
{
    builder_set_limits(b, NULL);
}

static rg_status extract(const char *text, rg_graph *g, rg_error *err)
{
    memset(g, 0, sizeof *g);
    return builder_extract(b, text, strlen(text), g, err);
}

static const char sentence[] =
    "Năm 2015, TP. Đà Nẵng ký kết thỏa thuận hợp tác với TP. Yokohama (Nhật Bản).";

START_TEST(defaults_are_in_force_and_zero_means_default)
{
    rg_builder_limits l, set = {0};
    builder_limits(b, &l);
    ck_assert_uint_eq(l.max_doc, RG_BUILDER_MAX_DOC);
    ck_assert_uint_eq(l.max_sentence, RG_BUILDER_MAX_SENTENCE);
    ck_assert_uint_eq(l.max_name, RG_BUILDER_MAX_NAME);
    ck_assert_uint_eq(l.max_links, RG_BUILDER_MAX_LINKS);
    set.max_name = 7;
    builder_set_limits(b, &set);
    builder_limits(b, &l);
    ck_assert_uint_eq(l.max_name, 7);
    ck_assert_uint_eq(l.max_sentence, RG_BUILDER_MAX_SENTENCE);
}
END_TEST

START_TEST(a_long_sentence_is_refused_then_admitted)
{
    rg_builder_limits l = {0};
    rg_graph g;
    rg_error err = {0};
    l.max_sentence = 40;
    builder_set_limits(b, &l);
    ck_assert_int_eq(extract(sentence, &g, &err), RG_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "sentence too long"));
    ck_assert_ptr_nonnull(strstr(err.msg, "--max-sentence"));
    l.max_sentence = 4096;
    builder_set_limits(b, &l);
    ck_assert_msg(extract(sentence, &g, &err) == RG_OK, "%s", err.msg);
    ck_assert_uint_gt(g.n_links, 0);
    rg_graph_free(&g);
}
END_TEST

START_TEST(a_long_name_is_refused)
{
    rg_builder_limits l = {0};
    rg_graph g;
    rg_error err = {0};
    l.max_name = 5;   /* "Yokohama" is longer */
    builder_set_limits(b, &l);
    ck_assert_int_eq(extract(sentence, &g, &err), RG_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "--max-name"));
}
END_TEST

START_TEST(too_many_links_in_a_sentence_are_refused)
{
    rg_builder_limits l = {0};
    rg_graph g;
    rg_error err = {0};
    /* an enumeration: one member_of link per network */
    const char *list = "Đà Nẵng là thành viên của Mạng lưới Đô thị thông minh ASEAN, UCLG, "
                       "CityNet và ICLEI.";
    ck_assert_msg(extract(list, &g, &err) == RG_OK, "%s", err.msg);
    ck_assert_uint_ge(g.n_links, 3);
    rg_graph_free(&g);
    l.max_links = 2;
    builder_set_limits(b, &l);
    ck_assert_int_eq(extract(list, &g, &err), RG_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "--max-links-per-sentence"));
}
END_TEST

START_TEST(a_large_document_is_refused_by_the_builders_limit)
{
    rg_builder_limits l = {0};
    rg_input_doc doc = {0};
    rg_graph g = {0};
    rg_error err = {0};
    char text[sizeof sentence];
    l.max_doc = 20;
    builder_set_limits(b, &l);
    memcpy(text, sentence, sizeof sentence);
    doc.name = "big.txt";
    doc.text = text;
    doc.text_len = strlen(sentence);
    ck_assert_int_eq(builder_extract_doc(b, &doc, &g, &err), RG_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "big.txt: document too large"));
    ck_assert_ptr_nonnull(strstr(err.msg, "--max-doc-size"));
}
END_TEST

START_TEST(xml_text_replaces_what_xml_cannot_hold)
{
    char *s;
    ck_assert(!xml_text_needs_cleaning("<script>&\"'\t\n\r Hà Nội \xe2\x80\xae"));
    ck_assert(xml_text_needs_cleaning("a\x1b[31m"));
    ck_assert(xml_text_needs_cleaning("a\xef\xbf\xbe"));
    s = xml_text_clean("a\x1b" "b\x07\xef\xbf\xbf" "c\td");
    ck_assert_str_eq(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\td");
    free(s);
}
END_TEST

START_TEST(a_reader_sees_one_snapshot)
{
    char dir[4096], path[4200];
    rg_store *w = NULL, *r = NULL;
    rg_error err = {0};
    rg_graph before = {0}, after = {0};
    rg_id id;
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/g.db", dir);
    ck_assert_int_eq(store_open(path, RG_OPEN_CREATE, &pack, &w, &err), RG_OK);
    ck_assert_int_eq(store_begin(w, &err), RG_OK);
    ck_assert_int_eq(store_add_entity(w, "city", "Huế", NULL, NULL, 0, &id, &err), RG_OK);
    ck_assert_int_eq(store_commit(w, &err), RG_OK);
    ck_assert_int_eq(store_open(path, RG_OPEN_READONLY, &pack, &r, &err), RG_OK);
    ck_assert_int_eq(store_load_graph(r, 0, &before, &err), RG_OK);
    /* a writer commits while the reader is open: WAL lets it, and the
     * reader goes on seeing what it saw */
    ck_assert_int_eq(store_begin(w, &err), RG_OK);
    ck_assert_int_eq(store_add_entity(w, "city", "Kyoto", NULL, NULL, 0, &id, &err), RG_OK);
    ck_assert_msg(store_commit(w, &err) == RG_OK, "%s", err.msg);
    ck_assert_int_eq(store_load_graph(r, 0, &after, &err), RG_OK);
    ck_assert_uint_eq(before.n_entities, 1);
    ck_assert_uint_eq(after.n_entities, 1);
    rg_graph_free(&before);
    rg_graph_free(&after);
    store_close(r);
    /* a new reader sees the commit */
    ck_assert_int_eq(store_open(path, RG_OPEN_READONLY, &pack, &r, &err), RG_OK);
    ck_assert_int_eq(store_load_graph(r, 0, &after, &err), RG_OK);
    ck_assert_uint_eq(after.n_entities, 2);
    rg_graph_free(&after);
    store_close(r);
    store_close(w);
}
END_TEST

START_TEST(a_page_cap_fails_like_a_full_disk)
{
    char dir[4096], path[4200];
    rg_store *st = NULL;
    rg_error err = {0};
    rg_id id;
    char name[64];
    rg_status rc = RG_OK;
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/g.db", dir);
    ck_assert_int_eq(store_open(path, RG_OPEN_CREATE, &pack, &st, &err), RG_OK);
    ck_assert_int_eq(store_set_max_pages(st, 20, &err), RG_OK);
    ck_assert_int_eq(store_begin(st, &err), RG_OK);
    for (int i = 0; i < 5000 && rc == RG_OK; i++) {
        snprintf(name, sizeof name, "Thành phố số %d", i);
        rc = store_add_entity(st, "city", name, NULL, NULL, 0, &id, &err);
    }
    ck_assert_int_eq(rc, RG_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "disk full"));
    store_rollback(st);
    store_close(st);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("safety");
    TCase *tc = tcase_create("safety");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_checked_fixture(tc, reset_limits, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, defaults_are_in_force_and_zero_means_default);
    tcase_add_test(tc, a_long_sentence_is_refused_then_admitted);
    tcase_add_test(tc, a_long_name_is_refused);
    tcase_add_test(tc, too_many_links_in_a_sentence_are_refused);
    tcase_add_test(tc, a_large_document_is_refused_by_the_builders_limit);
    tcase_add_test(tc, xml_text_replaces_what_xml_cannot_hold);
    tcase_add_test(tc, a_reader_sees_one_snapshot);
    tcase_add_test(tc, a_page_cap_fails_like_a_full_disk);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
