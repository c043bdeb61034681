/*
 * check_gazetteer_table.c - the gazetteer without JSON (gazetteer.h
 * rg_gaz_table), which the builder compiles its lexicon from: every table
 * entry is the JSON entry gazetteer_load gives, merging the table into a
 * pack lexicon is gazetteer_merge, the table's forms added with their
 * folded forms make the phrases phrases_add makes, and the attrs a builder
 * makes only when a place reaches a graph (its coordinates, country code)
 * are the gazetteer's, in the extracted graph and in the store alike.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/builder.h"
#include "../../core/docread.h"
#include "../../core/extract.h"
#include "../../core/fold.h"
#include "../../core/gazetteer.h"
#include "../../core/store.h"
#include "testutil.h"

static rg_gaz_table *load_table(void)
{
    rg_error err = {0};
    rg_gaz_table *t = NULL;
    ck_assert_msg(gazetteer_table_load(&t, NULL, NULL, NULL, &err) == RG_OK, "%s", err.msg);
    return t;
}

static json_t *load_json(void)
{
    rg_error err = {0};
    json_t *all = NULL;
    ck_assert_msg(gazetteer_load(&all, NULL, NULL, NULL, &err) == RG_OK, "%s", err.msg);
    return all;
}

static bool json_has_string(const json_t *arr, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (strcmp(json_string_value(v), s) == 0)
            return true;
    return false;
}

START_TEST(table_entries_are_the_json_entries)
{
    rg_error err = {0};
    rg_gaz_table *t = load_table();
    json_t *all = load_json();
    size_t n = gazetteer_table_size(t), ambiguous = 0;

    ck_assert_uint_gt(n, 20000);
    ck_assert_uint_eq(n, json_array_size(all));
    for (size_t i = 0; i < n; i++) {
        json_t *want = json_array_get(all, i), *got = NULL;
        json_t *aliases = json_object_get(want, "aliases");
        json_t *amb = json_object_get(want, "ambiguous_forms");
        ck_assert_msg(gazetteer_table_entry(t, i, &got, &err) == RG_OK, "%s", err.msg);
        ck_assert_msg(json_equal(got, want), "entry %zu differs", i);
        json_decref(got);
        /* the accessors the builder compiles from say the same */
        ck_assert_str_eq(gazetteer_table_type(t, i), json_string_value(json_object_get(want, "type")));
        ck_assert_uint_eq(gazetteer_table_population(t, i),
                          (unsigned long)json_integer_value(
                              json_object_get(json_object_get(want, "attrs"), "population")));
        ck_assert_uint_eq(gazetteer_table_n_forms(t, i), 1 + json_array_size(aliases));
        for (size_t k = 0; k < gazetteer_table_n_forms(t, i); k++) {
            bool is_amb;
            const char *folded;
            const char *form = gazetteer_table_form(t, i, k, &folded, &is_amb);
            ck_assert_str_eq(form, k == 0 ? json_string_value(json_object_get(want, "name"))
                                          : json_string_value(json_array_get(aliases, k - 1)));
            ck_assert_ptr_nonnull(folded);
            ck_assert_int_eq(is_amb, amb != NULL && json_has_string(amb, form));
            ambiguous += is_amb;
        }
    }
    ck_assert_uint_gt(ambiguous, 100);
    json_decref(all);
    gazetteer_table_free(t);
}
END_TEST

/* Without homonyms (what the builder asks for) the entries are the same
 * but for that one flag. */
START_TEST(skipping_homonyms_changes_only_that_flag)
{
    rg_error err = {0};
    rg_gaz_options opt = {.skip_homonyms = true};
    rg_gaz_stats cst, kst;
    rg_gaz_table *t = NULL;
    json_t *all = load_json();
    size_t homonyms = 0;

    ck_assert_msg(gazetteer_table_load(&t, &opt, &cst, &kst, &err) == RG_OK, "%s", err.msg);
    ck_assert_uint_eq(cst.homonyms + kst.homonyms, 0);
    ck_assert_uint_eq(gazetteer_table_size(t), json_array_size(all));
    for (size_t i = 0; i < gazetteer_table_size(t); i++) {
        json_t *want = json_array_get(all, i), *flags = json_object_get(want, "flags"), *got;
        for (size_t k = json_array_size(flags); k-- > 0;)
            if (strcmp(json_string_value(json_array_get(flags, k)), RG_GAZ_FLAG_HOMONYM) == 0) {
                json_array_remove(flags, k);
                homonyms++;
            }
        ck_assert_int_eq(gazetteer_table_entry(t, i, &got, &err), RG_OK);
        ck_assert_msg(json_equal(got, want), "entry %zu differs", i);
        json_decref(got);
    }
    ck_assert_uint_gt(homonyms, 1000);
    json_decref(all);
    gazetteer_table_free(t);
}
END_TEST

/* The pack lexicon merged with the table equals it merged with the JSON
 * entries in the same order, here the reverse of the table's (the order
 * decides which of equally populous namesakes completes a pack entry),
 * and leaves the entries it shares with the pack alone. */
START_TEST(merging_the_table_is_merging_its_json)
{
    rg_error err = {0};
    rg_pack pack;
    rg_gaz_table *t = load_table();
    json_t *all = load_json(), *reversed = json_array();
    json_t *by_json, *by_table, *before;
    size_t n = gazetteer_table_size(t), n_rest = 0, merged_json = 0, merged_table = 0;
    size_t *order = malloc(n * sizeof *order), *rest = malloc(n * sizeof *rest);

    memset(&pack, 0, sizeof pack);
    tu_load_pack(&pack);
    ck_assert_ptr_nonnull(order);
    ck_assert_ptr_nonnull(rest);
    for (size_t i = 0; i < n; i++) {
        order[i] = n - 1 - i;
        json_array_append(reversed, json_array_get(all, n - 1 - i));
    }
    by_json = json_deep_copy(pack.lexicon);
    before = json_deep_copy(pack.lexicon);
    /* sharing the pack's entries, which the merge must not modify */
    by_table = json_copy(pack.lexicon);
    ck_assert_int_eq(gazetteer_merge(by_json, reversed, &merged_json, &err), RG_OK);
    ck_assert_msg(gazetteer_merge_table(by_table, t, order, n, rest, &n_rest, &merged_table,
                                        &err) == RG_OK, "%s", err.msg);
    ck_assert_uint_gt(merged_table, 100);
    ck_assert_uint_eq(merged_table, merged_json);
    ck_assert_uint_eq(n_rest, n - merged_table);
    for (size_t k = 0; k < n_rest; k++) {
        json_t *e = NULL;
        ck_assert_int_eq(gazetteer_table_entry(t, rest[k], &e, &err), RG_OK);
        json_array_append_new(by_table, e);
    }
    ck_assert(json_equal(by_json, by_table));
    ck_assert(json_equal(pack.lexicon, before));
    json_decref(before);
    json_decref(by_json);
    json_decref(by_table);
    json_decref(reversed);
    json_decref(all);
    free(order);
    free(rest);
    gazetteer_table_free(t);
    pack_free(&pack);
}
END_TEST

/* ---- the builder's gazetteer entities ----------------------------------- */

/* The builder adds the table's forms with their folded forms at hand
 * (phrases_add_folded): the phrases are those phrases_add makes. */
START_TEST(phrases_added_folded_are_phrases_added)
{
    static const char *const forms[] = {"Hà Nội", "hà nội", "Springfield", "Ho", "Hồ",
                                        "Bộ Văn hóa, Thể thao và Du lịch", "Đà Nẵng", "TP.HCM"};
    rg_error err = {0};

    for (int exact = 0; exact < 2; exact++) {
        rg_phrases a = {.exact = exact}, b = {.exact = exact};
        for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
            char *folded = NULL;
            ck_assert_int_eq(text_fold(forms[i], strlen(forms[i]), &folded, &err), RG_OK);
            ck_assert_int_eq(phrases_add(&a, forms[i], (uint32_t)i, &err), RG_OK);
            ck_assert_int_eq(phrases_add_folded(&b, forms[i], folded, (uint32_t)i, &err), RG_OK);
            free(folded);
        }
        ck_assert_uint_eq(a.n, b.n);
        for (size_t i = 0; i < a.n; i++) {
            ck_assert_str_eq(a.v[i].key, b.v[i].key);
            ck_assert_uint_eq(a.v[i].keylen, b.v[i].keylen);
            ck_assert_uint_eq(a.v[i].payload, b.v[i].payload);
            ck_assert_uint_eq(a.v[i].flags, b.v[i].flags);
            ck_assert_int_eq(a.v[i].exact != NULL, b.v[i].exact != NULL);
            if (a.v[i].exact)
                ck_assert_str_eq(a.v[i].exact, b.v[i].exact);
        }
        phrases_free(&a);
        phrases_free(&b);
    }
}
END_TEST

/* Two cities the default pack does not list, so only the gazetteer knows
 * them and their attrs are made on first use. */
static const char TEXT[] =
    "Hà Nội ký kết thỏa thuận hợp tác với thành phố Casablanca và thành phố Durban năm 2019.\n"
    "Năm 2020, Thành phố Hồ Chí Minh ký kết thỏa thuận hợp tác với thành phố Casablanca.\n";

/* The attrs of the most populous gazetteer city named name in country cc. */
static json_t *gazetteer_attrs(const char *name, const char *cc)
{
    json_t *all = load_json(), *best = NULL, *e;
    size_t i;
    json_array_foreach(all, i, e) {
        json_t *attrs = json_object_get(e, "attrs");
        if (strcmp(json_string_value(json_object_get(e, "name")), name) != 0 ||
            !json_object_get(attrs, "country") ||
            strcmp(json_string_value(json_object_get(attrs, "country")), cc) != 0)
            continue;
        if (!best || json_integer_value(json_object_get(attrs, "population")) >
                         json_integer_value(json_object_get(best, "population")))
            best = attrs;
    }
    ck_assert_msg(best != NULL, "no gazetteer city %s in %s", name, cc);
    json_incref(best);
    json_decref(all);
    return best;
}

static const rg_entity *named(const rg_graph *g, const char *name)
{
    for (size_t i = 0; i < g->n_entities; i++)
        if (strcmp(g->entities[i].name, name) == 0)
            return &g->entities[i];
    return NULL;
}

/* attrs text of a graph entity equals the gazetteer's attrs */
static void check_attrs(const char *text, const json_t *want, const char *cc)
{
    json_t *got;
    ck_assert_ptr_nonnull(text);
    got = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(json_equal(got, want), "attrs %s are not the gazetteer's", text);
    ck_assert_str_eq(json_string_value(json_object_get(got, "country")), cc);
    ck_assert(json_is_real(json_object_get(got, "lat")) && json_is_real(json_object_get(got, "lon")));
    json_decref(got);
}

START_TEST(lazily_made_attrs_are_the_gazetteers)
{
    rg_error err = {0};
    rg_pack pack;
    rg_builder *b = NULL;
    rg_graph g1 = {0}, g2 = {0}, stored = {0};
    rg_store *st = NULL;
    rg_input_docs docs = {0};
    rg_ingest_result res;
    json_t *casablanca = gazetteer_attrs("Casablanca", "MA");
    json_t *durban = gazetteer_attrs("Durban", "ZA");
    const rg_entity *e;
    char dir[4096], path[4200];

    tu_load_builder(&pack, &b);
    ck_assert_msg(builder_extract(b, TEXT, strlen(TEXT), &g1, &err) == RG_OK, "%s", err.msg);
    ck_assert_ptr_nonnull(e = named(&g1, "Casablanca"));
    check_attrs(e->attrs, casablanca, "MA");
    ck_assert_ptr_nonnull(e = named(&g1, "Durban"));
    check_attrs(e->attrs, durban, "ZA");
    /* a pack entry's attrs, completed by the gazetteer: the pack's scalar
     * attrs (not its "kind") and the gazetteer's */
    ck_assert_ptr_nonnull(e = named(&g1, "Hà Nội"));
    {
        json_t *hn = json_loads(e->attrs, 0, NULL);
        ck_assert_ptr_nonnull(hn);
        ck_assert_str_eq(json_string_value(json_object_get(hn, "country")), "VN");
        ck_assert_ptr_nonnull(json_object_get(hn, "geonames_id"));
        ck_assert(json_is_real(json_object_get(hn, "lat")));
        ck_assert_ptr_null(json_object_get(hn, "kind"));
        json_decref(hn);
    }
    /* lists are the pack's notes to the builder, not attrs */
    ck_assert_ptr_nonnull(e = named(&g1, "Thành phố Hồ Chí Minh"));
    ck_assert_ptr_null(strstr(e->attrs, "merged_from_2025"));
    ck_assert_ptr_nonnull(strstr(e->attrs, "\"province\":\"municipality\""));
    /* the second time from the kept text: the same */
    ck_assert_msg(builder_extract(b, TEXT, strlen(TEXT), &g2, &err) == RG_OK, "%s", err.msg);
    ck_assert_ptr_nonnull(e = named(&g2, "Casablanca"));
    check_attrs(e->attrs, casablanca, "MA");

    /* and what the store keeps */
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/t.db", dir);
    ck_assert_msg(store_open(path, RG_OPEN_CREATE, &pack, &st, &err) == RG_OK, "%s", err.msg);
    ck_assert_int_eq(docread_memory("t.txt", RG_DOC_TEXT, TEXT, strlen(TEXT), RG_BUILDER_MAX_DOC,
                                    &docs, &err), RG_OK);
    ck_assert_msg(builder_ingest(b, st, &docs.docs[0], &res, &err) == RG_OK, "%s", err.msg);
    ck_assert_msg(store_list_entities(st, "city", NULL, &stored, &err) == RG_OK, "%s", err.msg);
    ck_assert_ptr_nonnull(e = named(&stored, "Durban"));
    check_attrs(e->attrs, durban, "ZA");
    ck_assert(fabs(json_real_value(json_object_get(durban, "lat")) + 29.86) < 0.1);

    rg_graph_free(&stored);
    rg_input_docs_free(&docs);
    store_close(st);
    rg_graph_free(&g1);
    rg_graph_free(&g2);
    tu_free_builder(&pack, b);
    json_decref(casablanca);
    json_decref(durban);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gazetteer_table");
    TCase *tc = tcase_create("table");
    /* each test loads the gazetteer (and the JSON one) more than once */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, table_entries_are_the_json_entries);
    tcase_add_test(tc, skipping_homonyms_changes_only_that_flag);
    tcase_add_test(tc, merging_the_table_is_merging_its_json);
    tcase_add_test(tc, phrases_added_folded_are_phrases_added);
    tcase_add_test(tc, lazily_made_attrs_are_the_gazetteers);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
