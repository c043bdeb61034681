/*
 * check_model.c - the in-memory graph: deep copies on add, sorting and
 * binary search by id, release, date validation and fixed-size copies.
 */
#include <stdlib.h>
#include <string.h>

#include "../../core/model.h"
#include "testutil.h"

START_TEST(add_entity_copies_deeply)
{
    rg_graph g = {0};
    rg_entity e = {0};
    char name[] = "Hà Nội";
    e.id = 7;
    rg_copy_fixed(e.type, sizeof e.type, "city");
    e.name = name;
    e.attrs = "{\"a\":1}";
    rg_strlist_push(&e.aliases, "Hanoi");
    ck_assert_int_eq(rg_graph_add_entity(&g, &e), RG_OK);
    name[0] = 'X';
    rg_strlist_free(&e.aliases);
    ck_assert_uint_eq(g.n_entities, 1);
    ck_assert_str_eq(g.entities[0].name, "Hà Nội");
    ck_assert_str_eq(g.entities[0].type, "city");
    ck_assert_str_eq(g.entities[0].attrs, "{\"a\":1}");
    ck_assert_uint_eq(g.entities[0].aliases.len, 1);
    ck_assert_str_eq(g.entities[0].aliases.items[0], "Hanoi");
    rg_graph_free(&g);
    ck_assert_uint_eq(g.n_entities, 0);
    ck_assert_ptr_null(g.entities);
}
END_TEST

START_TEST(add_link_copies_evidence_and_topics)
{
    rg_graph g = {0};
    rg_link l = {0};
    rg_evidence ev[2] = {{.doc = 3, .start = 1, .end = 9, .text = "first"},
                         {.doc = 0, .start = 0, .end = 2, .text = "second"}};
    l.id = 5;
    rg_copy_fixed(l.type, sizeof l.type, "sister_city");
    l.source = 1;
    l.target = 2;
    rg_copy_fixed(l.date, sizeof l.date, "1995-04");
    rg_strlist_push(&l.topics, "culture");
    l.evidence = ev;
    l.n_evidence = 2;
    ck_assert_int_eq(rg_graph_add_link(&g, &l), RG_OK);
    rg_strlist_free(&l.topics);
    ck_assert_ptr_ne(g.links[0].evidence, ev);
    ck_assert_ptr_ne(g.links[0].evidence[0].text, ev[0].text);
    ck_assert_str_eq(g.links[0].evidence[1].text, "second");
    ck_assert_uint_eq(g.links[0].n_evidence, 2);
    ck_assert_str_eq(g.links[0].date, "1995-04");
    ck_assert_str_eq(g.links[0].topics.items[0], "culture");
    /* a count without loaded evidence is kept as a count */
    l.evidence = NULL;
    l.n_evidence = 4;
    l.id = 6;
    ck_assert_int_eq(rg_graph_add_link(&g, &l), RG_OK);
    ck_assert_uint_eq(g.links[1].n_evidence, 4);
    ck_assert_ptr_null(g.links[1].evidence);
    rg_graph_free(&g);
}
END_TEST

START_TEST(sort_and_bsearch_by_id)
{
    rg_graph g = {0};
    rg_id ids[] = {42, 3, 17, 8, 99, 1, 64};
    size_t n = sizeof ids / sizeof ids[0];
    for (size_t i = 0; i < n; i++) {
        rg_entity e = {.id = ids[i], .name = "x"};
        rg_link l = {.id = ids[i] * 10};
        rg_document d = {.id = ids[i] + 1000, .name = "d"};
        ck_assert_int_eq(rg_graph_add_entity(&g, &e), RG_OK);
        ck_assert_int_eq(rg_graph_add_link(&g, &l), RG_OK);
        ck_assert_int_eq(rg_graph_add_document(&g, &d), RG_OK);
    }
    rg_graph_sort(&g);
    for (size_t i = 1; i < n; i++) {
        ck_assert_int_lt(g.entities[i - 1].id, g.entities[i].id);
        ck_assert_int_lt(g.links[i - 1].id, g.links[i].id);
        ck_assert_int_lt(g.documents[i - 1].id, g.documents[i].id);
    }
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(rg_graph_entity(&g, ids[i])->id, ids[i]);
        ck_assert_int_eq(rg_graph_link(&g, ids[i] * 10)->id, ids[i] * 10);
        ck_assert_int_eq(rg_graph_document(&g, ids[i] + 1000)->id, ids[i] + 1000);
    }
    ck_assert_ptr_null(rg_graph_entity(&g, 2));
    ck_assert_ptr_null(rg_graph_entity(&g, 100));
    ck_assert_ptr_null(rg_graph_entity(&g, 0));
    ck_assert_int_eq(rg_graph_entity_index(&g, 1), 0);
    ck_assert_int_eq(rg_graph_entity_index(&g, 99), (long)n - 1);
    ck_assert_int_eq(rg_graph_entity_index(&g, 50), -1);
    rg_graph_free(&g);
}
END_TEST

START_TEST(take_moves_ownership_and_zeroes_the_source)
{
    rg_graph g = {0};
    rg_entity e = {0};
    rg_link l = {0};
    rg_document d = {0};
    char *name = strdup("Huế");

    e.id = 7;
    e.name = name;
    ck_assert_int_eq(rg_strlist_push(&e.aliases, "Hue"), RG_OK);
    ck_assert_int_eq(rg_graph_take_entity(&g, &e), RG_OK);
    /* the very same string, not a copy; the source no longer owns it */
    ck_assert_ptr_eq(g.entities[0].name, name);
    ck_assert_ptr_null(e.name);
    ck_assert_uint_eq(e.aliases.len, 0);
    ck_assert_uint_eq(g.entities[0].aliases.len, 1);
    l.id = 3;
    l.attrs = strdup("{}");
    ck_assert_int_eq(rg_graph_take_link(&g, &l), RG_OK);
    ck_assert_ptr_null(l.attrs);
    d.id = 1;
    d.name = strdup("a.txt");
    ck_assert_int_eq(rg_graph_take_document(&g, &d), RG_OK);
    ck_assert_ptr_null(d.name);
    for (int i = 0; i < 100; i++) {
        rg_link more = {0};
        more.id = 100 + i;
        ck_assert_int_eq(rg_graph_take_link(&g, &more), RG_OK);
    }
    ck_assert_uint_eq(g.n_links, 101);
    ck_assert_int_eq(g.links[100].id, 199);
    rg_graph_free(&g);      /* ASan would report a double free or a leak */
}
END_TEST

START_TEST(empty_graph_is_valid)
{
    rg_graph g = {0};
    rg_graph_sort(&g);
    ck_assert_ptr_null(rg_graph_entity(&g, 1));
    ck_assert_ptr_null(rg_graph_link(&g, 1));
    ck_assert_int_eq(rg_graph_entity_index(&g, 1), -1);
    rg_graph_free(&g);
}
END_TEST

START_TEST(many_adds_grow)
{
    rg_graph g = {0};
    for (int i = 5000; i > 0; i--) {
        rg_entity e = {.id = i, .name = "n"};
        ck_assert_int_eq(rg_graph_add_entity(&g, &e), RG_OK);
    }
    rg_graph_sort(&g);
    ck_assert_uint_eq(g.n_entities, 5000);
    ck_assert_int_eq(g.entities[0].id, 1);
    ck_assert_int_eq(rg_graph_entity(&g, 2500)->id, 2500);
    rg_graph_free(&g);
}
END_TEST

START_TEST(dates_are_validated)
{
    const char *good[] = {"1995", "1995-04", "1995-04-30", "2000-02-29", "2024-02-29", "0001-01-01",
                          "1999-12-31"};
    const char *bad[] = {"", "95", "1995-4", "1995-13", "1995-00", "1995-04-31", "1900-02-29",
                         "2023-02-29", "1995/04/01", "1995-04-01T00", "abcd", "1995-04-00",
                         "199a", "1995-0a"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(rg_date_valid(good[i]), "%s should be valid", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!rg_date_valid(bad[i]), "%s should be invalid", bad[i]);
    ck_assert(!rg_date_valid(NULL));
}
END_TEST

START_TEST(copy_fixed_truncates_and_terminates)
{
    char buf[5];
    rg_copy_fixed(buf, sizeof buf, "abcdefgh");
    ck_assert_str_eq(buf, "abcd");
    rg_copy_fixed(buf, sizeof buf, NULL);
    ck_assert_str_eq(buf, "");
    rg_copy_fixed(buf, sizeof buf, "ab");
    ck_assert_str_eq(buf, "ab");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("model");
    tcase_add_test(tc, add_entity_copies_deeply);
    tcase_add_test(tc, add_link_copies_evidence_and_topics);
    tcase_add_test(tc, sort_and_bsearch_by_id);
    tcase_add_test(tc, empty_graph_is_valid);
    tcase_add_test(tc, take_moves_ownership_and_zeroes_the_source);
    tcase_add_test(tc, many_adds_grow);
    tcase_add_test(tc, dates_are_validated);
    tcase_add_test(tc, copy_fixed_truncates_and_terminates);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
