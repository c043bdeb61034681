/*
 * check_select.c - the shared SELECTION options: parsing (good and bad
 * values), type checks against the default pack, and the sub-graph each
 * filter cuts from a small graph built in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "../../graphs/select.h"
#include "testutil.h"

/* 1 Hanoi -sister(2013,ev2)- 2 Paris -sister(2016-05,ev1)- 3 Lyon
 * 2 Paris -located_in(undated,ev1)-> 4 France <-located_in(undated,ev0)- 3 Lyon
 * 1 Hanoi -member_of(2010-01-02,ev3)-> 5 UCLG;  6 Tokyo alone. */
static void build(rg_graph *g)
{
    static const struct { rg_id id; const char *type, *name; } ents[] = {
        {1, "city", "Hanoi"}, {2, "city", "Paris"}, {3, "city", "Lyon"},
        {4, "country", "France"}, {5, "forum", "UCLG"}, {6, "city", "Tokyo"}};
    static const struct { rg_id id; const char *type; rg_id s, t; const char *date; size_t ev; } lks[] = {
        {10, "sister_city", 1, 2, "2013", 2}, {11, "sister_city", 2, 3, "2016-05", 1},
        {12, "located_in", 2, 4, "", 1}, {13, "member_of", 1, 5, "2010-01-02", 3},
        {14, "located_in", 3, 4, "", 0}};

    memset(g, 0, sizeof *g);
    for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++) {
        rg_entity e = {0};
        e.id = ents[i].id;
        rg_copy_fixed(e.type, sizeof e.type, ents[i].type);
        e.name = (char *)ents[i].name;
        ck_assert_int_eq(rg_graph_add_entity(g, &e), RG_OK);
    }
    for (size_t i = 0; i < sizeof lks / sizeof lks[0]; i++) {
        rg_link l = {0};
        l.id = lks[i].id;
        rg_copy_fixed(l.type, sizeof l.type, lks[i].type);
        l.source = lks[i].s;
        l.target = lks[i].t;
        rg_copy_fixed(l.date, sizeof l.date, lks[i].date);
        l.n_evidence = lks[i].ev;
        ck_assert_int_eq(rg_graph_add_link(g, &l), RG_OK);
    }
}

/* Applies sel and returns the kept ids as "e1 e2 | l10 l11". */
static void cut(const rg_selection *sel, char *buf, size_t n)
{
    rg_graph g, sub = {0};
    rg_error err = {0};
    size_t used = 0;

    build(&g);
    ck_assert_msg(select_apply(sel, &g, &sub, &err) == RG_OK, "%s", err.msg);
    buf[0] = '\0';
    for (size_t i = 0; i < sub.n_entities; i++)
        used += (size_t)snprintf(buf + used, n - used, "e%lld ", (long long)sub.entities[i].id);
    used += (size_t)snprintf(buf + used, n - used, "|");
    for (size_t i = 0; i < sub.n_links; i++)
        used += (size_t)snprintf(buf + used, n - used, " l%lld", (long long)sub.links[i].id);
    /* the in-place filter must agree with the copy */
    {
        char other[256];
        size_t u = 0;
        ck_assert_int_eq(select_filter(sel, &g, &err), RG_OK);
        other[0] = '\0';
        for (size_t i = 0; i < g.n_entities; i++)
            u += (size_t)snprintf(other + u, sizeof other - u, "e%lld ", (long long)g.entities[i].id);
        u += (size_t)snprintf(other + u, sizeof other - u, "|");
        for (size_t i = 0; i < g.n_links; i++)
            u += (size_t)snprintf(other + u, sizeof other - u, " l%lld", (long long)g.links[i].id);
        ck_assert_str_eq(other, buf);
    }
    rg_graph_free(&g);
    rg_graph_free(&sub);
}

static void opt(rg_selection *sel, int code, const char *arg)
{
    rg_error err = {0};
    ck_assert(select_is_option(code));
    ck_assert_msg(select_parse_option(sel, code, arg, &err) == RG_OK, "%s", err.msg);
}

START_TEST(empty_selection_keeps_everything)
{
    rg_selection sel = {0};
    char buf[256];
    ck_assert(!select_is_active(&sel));
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e1 e2 e3 e4 e5 e6 | l10 l11 l12 l13 l14");
}
END_TEST

START_TEST(link_types_drop_bare_entities)
{
    rg_selection sel = {0};
    char buf[256];
    opt(&sel, RG_SELOPT_TYPES, "sister_city");
    ck_assert(select_is_active(&sel));
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e1 e2 e3 | l10 l11");
    select_free(&sel);
}
END_TEST

START_TEST(entity_types_drop_their_links)
{
    rg_selection sel = {0};
    char buf[256];
    opt(&sel, RG_SELOPT_ENTITY_TYPES, "city,forum");
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e1 e2 e3 e5 e6 | l10 l11 l13");
    select_free(&sel);
}
END_TEST

START_TEST(as_of_compares_partial_dates_on_common_prefix)
{
    rg_selection sel = {0};
    char buf[256];
    ck_assert(select_date_on_or_before("2015", "2015-03-01"));
    ck_assert(select_date_on_or_before("2015-06-03", "2015"));
    ck_assert(!select_date_on_or_before("2015-06-03", "2015-05"));
    ck_assert(select_date_on_or_before("2014-12-31", "2015-01-01"));
    ck_assert(!select_date_on_or_before("", "2015"));
    opt(&sel, RG_SELOPT_AS_OF, "2013-06");
    cut(&sel, buf, sizeof buf);
    /* undated located_in links stay; 2016-05 goes */
    ck_assert_str_eq(buf, "e1 e2 e3 e4 e5 | l10 l12 l13 l14");
    opt(&sel, RG_SELOPT_DATED_ONLY, NULL);
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e1 e2 e5 | l10 l13");
    select_free(&sel);
}
END_TEST

START_TEST(min_evidence_counts_sentences)
{
    rg_selection sel = {0};
    char buf[256];
    opt(&sel, RG_SELOPT_MIN_EVIDENCE, "2");
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e1 e2 e5 | l10 l13");
    select_free(&sel);
}
END_TEST

START_TEST(ego_ball_follows_links_both_ways)
{
    rg_selection sel = {0};
    char buf[256];
    sel.ego_id = 3;             /* Lyon */
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e2 e3 e4 | l11 l12 l14");
    opt(&sel, RG_SELOPT_DEPTH, "2");
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e1 e2 e3 e4 | l10 l11 l12 l14");
    opt(&sel, RG_SELOPT_DEPTH, "0");
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e3 |");
    /* with a type filter the ball grows along sister links only */
    opt(&sel, RG_SELOPT_DEPTH, "5");
    opt(&sel, RG_SELOPT_TYPES, "sister_city");
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e1 e2 e3 | l10 l11");
    select_free(&sel);
}
END_TEST

START_TEST(isolated_ego_stays_under_link_filter)
{
    rg_selection sel = {0};
    char buf[256];
    sel.ego_id = 6;
    opt(&sel, RG_SELOPT_TYPES, "sister_city");
    cut(&sel, buf, sizeof buf);
    ck_assert_str_eq(buf, "e6 |");
    select_free(&sel);
}
END_TEST

START_TEST(ego_outside_the_selection_is_an_error)
{
    rg_selection sel = {0};
    rg_graph g, sub = {0};
    rg_error err = {0};
    build(&g);
    sel.ego_id = 4;             /* France, a country */
    opt(&sel, RG_SELOPT_ENTITY_TYPES, "city");
    ck_assert_int_eq(select_apply(&sel, &g, &sub, &err), RG_ERR_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(err.msg, "France"));
    ck_assert_uint_eq(sub.n_entities, 0);
    sel.ego_id = 99;
    ck_assert_int_eq(select_filter(&sel, &g, &err), RG_ERR_NOT_FOUND);
    ck_assert_uint_eq(g.n_entities, 6);  /* unchanged */
    rg_graph_free(&g);
    select_free(&sel);
}
END_TEST

START_TEST(bad_values_are_usage_errors)
{
    rg_selection sel = {0};
    rg_error err = {0};
    ck_assert_int_eq(select_parse_option(&sel, RG_SELOPT_AS_OF, "2015-13", &err), RG_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "--as-of: '2015-13'"));
    ck_assert_int_eq(select_parse_option(&sel, RG_SELOPT_MIN_EVIDENCE, "-1", &err), RG_ERR_USAGE);
    ck_assert_int_eq(select_parse_option(&sel, RG_SELOPT_DEPTH, "x", &err), RG_ERR_USAGE);
    ck_assert_int_eq(select_parse_option(&sel, RG_SELOPT_TYPES, "a,,b", &err), RG_ERR_USAGE);
    ck_assert_int_eq(select_parse_option(&sel, RG_SELOPT_EGO, "", &err), RG_ERR_USAGE);
    ck_assert(!select_is_option('j'));
    select_free(&sel);
}
END_TEST

START_TEST(types_are_checked_against_the_pack)
{
    rg_pack pack = {0};
    rg_selection sel = {0};
    rg_error err = {0};
    tu_load_pack(&pack);
    opt(&sel, RG_SELOPT_TYPES, "sister_city,member_of");
    opt(&sel, RG_SELOPT_ENTITY_TYPES, "city");
    ck_assert_int_eq(select_check(&sel, &pack, &err), RG_OK);
    opt(&sel, RG_SELOPT_TYPES, "twinned");
    ck_assert_int_eq(select_check(&sel, &pack, &err), RG_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown link type 'twinned' (valid: sister_city"));
    select_free(&sel);
    opt(&sel, RG_SELOPT_DEPTH, "2");
    ck_assert_int_eq(select_check(&sel, NULL, &err), RG_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "--depth: needs --ego"));
    sel.ego_id = 3;
    ck_assert_int_eq(select_check(&sel, NULL, &err), RG_OK);
    select_free(&sel);
    opt(&sel, RG_SELOPT_ENTITY_TYPES, "town");
    ck_assert_int_eq(select_check(&sel, &pack, &err), RG_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown entity type 'town'"));
    select_free(&sel);
    pack_free(&pack);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("select");
    TCase *tc = tcase_create("select");
    tcase_add_test(tc, empty_selection_keeps_everything);
    tcase_add_test(tc, link_types_drop_bare_entities);
    tcase_add_test(tc, entity_types_drop_their_links);
    tcase_add_test(tc, as_of_compares_partial_dates_on_common_prefix);
    tcase_add_test(tc, min_evidence_counts_sentences);
    tcase_add_test(tc, ego_ball_follows_links_both_ways);
    tcase_add_test(tc, isolated_ego_stays_under_link_filter);
    tcase_add_test(tc, ego_outside_the_selection_is_an_error);
    tcase_add_test(tc, bad_values_are_usage_errors);
    tcase_add_test(tc, types_are_checked_against_the_pack);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
