/*
 * check_jsonio.c - JSON interchange: export is deterministic and round-trips
 * byte for byte through an empty database; import into a non-empty one
 * merges; every bad input is refused with a message that says where, and the
 * database's export is unchanged after the caller rolls back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/jsonio.h"
#include "../../core/store.h"
#include "testutil.h"

typedef struct fixture {
    char dir[256];
    rg_pack pack;
    rg_error err;
} fixture;

static rg_store *open_db(fixture *fx, const char *name)
{
    char path[512];
    rg_store *st = NULL;
    snprintf(path, sizeof path, "%s/%s", fx->dir, name);
    ck_assert_msg(store_open(path, RG_OPEN_CREATE, &fx->pack, &st, &fx->err) == RG_OK, "%s",
                  fx->err.msg);
    return st;
}

static void fx_init(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    tu_tmpdir(fx->dir, sizeof fx->dir);
    tu_load_pack(&fx->pack);
}

static char *export_text(rg_store *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rg_error err = {0};
    ck_assert_ptr_nonnull(f);
    ck_assert_msg(jsonio_export(st, f, &err) == RG_OK, "export: %s", err.msg);
    fclose(f);
    return buf;
}

/* Imports text (as file NAME) inside a transaction: committed when it
 * succeeds, rolled back when not.  Returns the status; the message is in fx->err. */
static rg_status import_text(fixture *fx, rg_store *st, const char *name, const char *text,
                             rg_import_counts *counts)
{
    char path[512];
    FILE *f;
    rg_status rc;

    snprintf(path, sizeof path, "%s/%s", fx->dir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(store_begin(st, &fx->err), RG_OK);
    rc = jsonio_import(st, f, name, counts, &fx->err);
    if (rc == RG_OK)
        ck_assert_int_eq(store_commit(st, &fx->err), RG_OK);
    else
        store_rollback(st);
    fclose(f);
    return rc;
}

/* A small graph with everything the format carries. */
static void build_sample(fixture *fx, rg_store *st)
{
    rg_strlist aliases = {0}, topics = {0};
    rg_document d = {0};
    rg_id hcm, osaka, forum, person, doc, l;
    rg_error *err = &fx->err;

    ck_assert_int_eq(store_begin(st, err), RG_OK);
    d.name = "news/2019-osaka.txt";
    d.title = "Osaka và TP.HCM";
    rg_copy_fixed(d.hash, sizeof d.hash, "sha256:0123abcd");
    rg_copy_fixed(d.date, sizeof d.date, "2019-05-02");
    ck_assert_int_eq(store_add_document(st, &d, &doc, err), RG_OK);
    d.name = "notes.txt";
    d.title = NULL;
    d.date[0] = '\0';
    rg_copy_fixed(d.hash, sizeof d.hash, "sha256:ffff");
    ck_assert_int_eq(store_add_document(st, &d, NULL, err), RG_OK);
    rg_strlist_push(&aliases, "TP.HCM");
    rg_strlist_push(&aliases, "Saigon");
    ck_assert_int_eq(store_add_entity(st, "city", "Thành phố Hồ Chí Minh", &aliases,
                                      "{\"z\": [1, {\"b\": 2, \"a\": \"\\\"q\\\"\"}], \"a\": true}",
                                      doc, &hcm, err), RG_OK);
    ck_assert_int_eq(store_add_entity(st, "city", "Osaka", NULL, NULL, doc, &osaka, err), RG_OK);
    ck_assert_int_eq(store_add_entity(st, "forum", "CityNet", NULL, "{\"founded\": 1987}", 0,
                                      &forum, err), RG_OK);
    ck_assert_int_eq(store_add_entity(st, "person", "Phan Văn Mãi", NULL, NULL, 0, &person, err),
                     RG_OK);
    rg_strlist_push(&topics, "văn hóa");
    rg_strlist_push(&topics, "economy");
    ck_assert_int_eq(store_add_link(st, "sister_city", osaka, hcm, "1995-04", &topics,
                                    "{\"note\": \"line1\\nline2\"}", doc, &l, NULL, err), RG_OK);
    ck_assert_int_eq(store_add_evidence(st, l, doc, 120, 190,
                                        "Osaka và TP.HCM kết nghĩa năm 1995 \"chính thức\".", err),
                     RG_OK);
    ck_assert_int_eq(store_add_evidence(st, l, 0, 0, 4, "typed by hand", err), RG_OK);
    ck_assert_int_eq(store_add_link(st, "member_of", hcm, forum, NULL, NULL, NULL, 0, &l, NULL, err),
                     RG_OK);
    ck_assert_int_eq(store_add_link(st, "leads", person, hcm, "2022", NULL, NULL, 0, &l, NULL, err),
                     RG_OK);
    ck_assert_int_eq(store_commit(st, err), RG_OK);
    rg_strlist_free(&aliases);
    rg_strlist_free(&topics);
}

START_TEST(export_is_deterministic_and_readable)
{
    fixture fx;
    rg_store *st;
    char *a, *b;
    json_t *root;
    json_error_t jerr;
    fx_init(&fx);
    st = open_db(&fx, "a.db");
    build_sample(&fx, st);
    a = export_text(st);
    b = export_text(st);
    ck_assert_str_eq(a, b);
    root = json_loads(a, 0, &jerr);
    ck_assert_msg(root != NULL, "%s", jerr.text);
    ck_assert_str_eq(json_string_value(json_object_get(root, "format")), "relgraph");
    ck_assert_uint_eq(json_array_size(json_object_get(root, "entities")), 4);
    ck_assert_uint_eq(json_array_size(json_object_get(root, "links")), 3);
    ck_assert_uint_eq(json_array_size(json_object_get(root, "documents")), 2);
    json_decref(root);
    /* UTF-8 unescaped, keys in the documented order, sorted attrs, null date */
    ck_assert_ptr_nonnull(strstr(a, "\"name\": \"Thành phố Hồ Chí Minh\""));
    ck_assert_ptr_nonnull(strstr(a, "{\n      \"id\": \"e1\",\n      \"type\": \"city\",\n"
                                    "      \"name\": "));
    ck_assert_ptr_nonnull(strstr(a, "\"aliases\": [\n        \"Saigon\",\n        \"TP.HCM\"\n      ]"));
    ck_assert_ptr_nonnull(strstr(a, "\"a\": true,\n        \"z\": [\n          1,\n          {\n"
                                    "            \"a\": \"\\\"q\\\"\",\n            \"b\": 2"));
    ck_assert_ptr_nonnull(strstr(a, "\"date\": null"));
    ck_assert_ptr_nonnull(strstr(a, "\"doc\": null"));
    ck_assert_ptr_nonnull(strstr(a, "\"topics\": [\n        \"economy\",\n        \"văn hóa\"\n      ]"));
    ck_assert_ptr_nonnull(strstr(a, "  \"documents\": [\n    {\n      \"id\": \"d1\""));
    ck_assert_ptr_nonnull(strstr(a, "\"title\": null"));
    ck_assert(strncmp(a, "{\n  \"format\": \"relgraph\",\n  \"version\": 1,\n  \"entities\": [", 56) == 0);
    ck_assert_str_eq(a + strlen(a) - 6, "  ]\n}\n");
    free(a);
    free(b);
    store_close(st);
    pack_free(&fx.pack);
}
END_TEST

START_TEST(empty_database_exports_empty_arrays)
{
    fixture fx;
    rg_store *st;
    char *a;
    fx_init(&fx);
    st = open_db(&fx, "a.db");
    a = export_text(st);
    ck_assert_str_eq(a, "{\n  \"format\": \"relgraph\",\n  \"version\": 1,\n  \"entities\": [],\n"
                        "  \"links\": [],\n  \"documents\": []\n}\n");
    free(a);
    store_close(st);
    pack_free(&fx.pack);
}
END_TEST

START_TEST(export_reports_write_errors)
{
    fixture fx;
    rg_store *st;
    FILE *f = fopen("/dev/full", "w");
    fx_init(&fx);
    if (!f) {
        fprintf(stderr, "SKIP: export_reports_write_errors: no /dev/full\n");
        pack_free(&fx.pack);
        return;
    }
    st = open_db(&fx, "a.db");
    build_sample(&fx, st);
    ck_assert_int_eq(jsonio_export(st, f, &fx.err), RG_ERR_IO);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "write error"));
    fclose(f);
    store_close(st);
    pack_free(&fx.pack);
}
END_TEST

START_TEST(round_trip_is_byte_identical)
{
    fixture fx;
    rg_store *a, *b;
    rg_import_counts c;
    char *first, *second;
    fx_init(&fx);
    a = open_db(&fx, "a.db");
    build_sample(&fx, a);
    /* a gap in the ids must survive too */
    ck_assert_int_eq(store_remove_entity(a, 2, &fx.err), RG_OK);
    first = export_text(a);
    b = open_db(&fx, "b.db");
    ck_assert_msg(import_text(&fx, b, "in.json", first, &c) == RG_OK, "%s", fx.err.msg);
    ck_assert_uint_eq(c.entities_added, 3);
    ck_assert_uint_eq(c.links_added, 2);
    ck_assert_uint_eq(c.documents_added, 2);
    second = export_text(b);
    ck_assert_str_eq(first, second);
    free(second);
    /* into the non-empty database everything merges: nothing changes */
    ck_assert_msg(import_text(&fx, b, "in.json", first, &c) == RG_OK, "%s", fx.err.msg);
    ck_assert_uint_eq(c.entities_added, 0);
    ck_assert_uint_eq(c.entities_merged, 3);
    ck_assert_uint_eq(c.links_merged, 2);
    ck_assert_uint_eq(c.evidence_added, 0);
    second = export_text(b);
    ck_assert_str_eq(first, second);
    free(first);
    free(second);
    store_close(a);
    store_close(b);
    pack_free(&fx.pack);
}
END_TEST

START_TEST(import_into_non_empty_maps_ids_and_merges)
{
    fixture fx;
    rg_store *st;
    rg_import_counts c;
    rg_id id = 0;
    rg_link l = {0};
    fx_init(&fx);
    st = open_db(&fx, "a.db");
    ck_assert_int_eq(store_add_entity(st, "city", "Hà Nội", NULL, NULL, 0, &id, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_entity(st, "city", "Huế", NULL, NULL, 0, &id, &fx.err), RG_OK);
    ck_assert_msg(import_text(&fx, st, "x.json",
        "{\"format\": \"relgraph\", \"version\": 1,"
        " \"entities\": [{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Paris\"},"
        "                {\"id\": \"e2\", \"type\": \"city\", \"name\": \"Hanoi\", \"aliases\": [\"Ha Noi\"]}],"
        " \"links\": [{\"id\": \"l1\", \"type\": \"sister_city\", \"source\": \"e2\", \"target\": \"e1\","
        "             \"date\": \"2013\", \"topics\": [\"culture\"], \"evidence\": []}],"
        " \"documents\": []}", &c) == RG_OK, "%s", fx.err.msg);
    ck_assert_uint_eq(c.entities_added, 1);
    ck_assert_uint_eq(c.entities_merged, 1);
    ck_assert_uint_eq(c.links_added, 1);
    /* Paris got a fresh id after the existing ones; the link joins Hà Nội */
    ck_assert_int_eq(store_get_link(st, 1, &l, &fx.err), RG_OK);
    ck_assert_int_eq(l.source, 1);
    ck_assert_int_eq(l.target, 3);
    rg_link_clear(&l);
    store_close(st);
    pack_free(&fx.pack);
}
END_TEST

/* Each bad input: refused, message as expected, export unchanged. */
static void expect_refused(const char *text, rg_status code, const char *message)
{
    fixture fx;
    rg_store *st;
    char *before, *after;
    fx_init(&fx);
    st = open_db(&fx, "a.db");
    build_sample(&fx, st);
    before = export_text(st);
    ck_assert_int_eq(import_text(&fx, st, "bad.json", text, NULL), code);
    ck_assert_msg(strstr(fx.err.msg, message) != NULL, "got '%s', want '%s'", fx.err.msg, message);
    after = export_text(st);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    store_close(st);
    pack_free(&fx.pack);
}

#define ENVELOPE(entities, links) \
    "{\"format\": \"relgraph\", \"version\": 1, \"entities\": [" entities "], \"links\": [" links "]}"

START_TEST(malformed_json_reports_line_and_column)
{
    expect_refused("{\"format\": \"relgraph\",\n  \"version\": 1,\n  \"entities\": [,]\n}",
                   RG_ERR_INVALID, "bad.json:3:16: ");
}
END_TEST

START_TEST(malformed_envelopes_say_where)
{
    expect_refused("", RG_ERR_INVALID, "bad.json:1:1: ");
    expect_refused("{\"format\": \"relgraph\", \"version\": 1, \"entities\": [", RG_ERR_INVALID,
                   "bad.json:1:");
    expect_refused("{\"format\": \"relgraph\", \"version\": 1}\nx", RG_ERR_INVALID,
                   "bad.json:2:1: end of file expected");
    expect_refused("{\"format\": \"relgraph\",\n \"version\" 1}", RG_ERR_INVALID,
                   "bad.json:2:12: ':' expected");
    expect_refused("{\"format\": \"relgraph\", \"format\": \"relgraph\"}", RG_ERR_INVALID,
                   "bad.json:1:24: duplicate object key");
    expect_refused("{\"format\": \"relgraph\", \"version\": 1, \"entities\": 5}", RG_ERR_INVALID,
                   "bad.json: entities: expected an array");
    /* a missing comma between elements, on the third line */
    expect_refused("{\"format\": \"relgraph\", \"version\": 1, \"entities\": [\n"
                   "{\"id\": \"e1\", \"type\": \"city\", \"name\": \"A\"}\n"
                   "{\"id\": \"e2\", \"type\": \"city\", \"name\": \"B\"}]}",
                   RG_ERR_INVALID, "bad.json:3:1: ',' or ']' expected");
    /* a bad element after good ones: nothing of the file stays */
    expect_refused("{\"format\": \"relgraph\", \"version\": 1, \"entities\": [\n"
                   "{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Aachen\"},\n"
                   "{\"id\": \"e2\", \"type\": \"city\", \"name\": tru}]}",
                   RG_ERR_INVALID, "bad.json:3:");
}
END_TEST

START_TEST(not_our_format_is_refused)
{
    expect_refused("{\"nodes\": []}", RG_ERR_INVALID, "bad.json: format: expected \"relgraph\"");
    expect_refused("[1, 2]", RG_ERR_INVALID, "bad.json: expected a JSON object");
    expect_refused("{\"format\": \"relgraph\", \"version\": 2}", RG_ERR_UNSUPPORTED,
                   "bad.json: version: 2");
}
END_TEST

START_TEST(unknown_entity_id_is_named)
{
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Lyon\"}",
                            "{\"id\": \"l1\", \"type\": \"sister_city\", \"source\": \"e1\","
                            " \"target\": \"e99\"}"),
                   RG_ERR_NOT_FOUND, "bad.json: links[0].target: unknown entity id 'e99'");
}
END_TEST

START_TEST(unknown_types_are_named)
{
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Lyon\"},"
                            "{\"id\": \"e2\", \"type\": \"town\", \"name\": \"Vienne\"}", ""),
                   RG_ERR_SCHEMA,
                   "bad.json: entities[1].type: unknown entity type 'town' (valid: city, country");
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Lyon\"},"
                            "{\"id\": \"e2\", \"type\": \"city\", \"name\": \"Vienne\"}",
                            "{\"id\": \"l1\", \"type\": \"twinned\", \"source\": \"e1\", \"target\": \"e2\"}"),
                   RG_ERR_SCHEMA, "bad.json: links[0].type: unknown link type 'twinned' (valid: ");
}
END_TEST

START_TEST(disallowed_link_is_named)
{
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Lyon\"},"
                            "{\"id\": \"e2\", \"type\": \"person\", \"name\": \"Anne\"}",
                            "{\"id\": \"l1\", \"type\": \"sister_city\", \"source\": \"e1\", \"target\": \"e2\"}"),
                   RG_ERR_SCHEMA,
                   "bad.json: links[0]: a sister_city link cannot join a city to a person");
}
END_TEST

START_TEST(bad_names_are_named)
{
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Ly\xff" "on\"}", ""),
                   RG_ERR_INVALID, "bad.json:1:");
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"...\"}", ""),
                   RG_ERR_INVALID, "bad.json: entities[0].name: '...' has no letter or digit");
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": 7}", ""),
                   RG_ERR_INVALID, "bad.json: entities[0].name: expected a string");
    expect_refused(ENVELOPE("{\"id\": \"x1\", \"type\": \"city\", \"name\": \"A\"}", ""),
                   RG_ERR_INVALID, "bad.json: entities[0].id: expected an id like 'e12', got 'x1'");
}
END_TEST

START_TEST(bad_links_are_named)
{
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Lyon\"},"
                            "{\"id\": \"e2\", \"type\": \"city\", \"name\": \"Vienne\"}",
                            "{\"id\": \"l1\", \"type\": \"sister_city\", \"source\": \"e1\","
                            " \"target\": \"e2\", \"date\": \"1999-02-30\"}"),
                   RG_ERR_INVALID, "bad.json: links[0].date: '1999-02-30'");
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Lyon\"},"
                            "{\"id\": \"e2\", \"type\": \"city\", \"name\": \"Vienne\"}",
                            "{\"id\": \"l1\", \"type\": \"sister_city\", \"source\": \"e1\","
                            " \"target\": \"e2\", \"evidence\": [{\"doc\": \"d5\", \"start\": 0,"
                            " \"end\": 3, \"text\": \"abc\"}]}"),
                   RG_ERR_NOT_FOUND, "bad.json: links[0].evidence[0].doc: unknown document id 'd5'");
    expect_refused(ENVELOPE("{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Lyon\"},"
                            "{\"id\": \"e1\", \"type\": \"city\", \"name\": \"Vienne\"}", ""),
                   RG_ERR_INVALID, "bad.json: entities[1].id: duplicate id 'e1'");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("jsonio");
    TCase *tc = tcase_create("jsonio");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, export_is_deterministic_and_readable);
    tcase_add_test(tc, empty_database_exports_empty_arrays);
    tcase_add_test(tc, export_reports_write_errors);
    tcase_add_test(tc, round_trip_is_byte_identical);
    tcase_add_test(tc, import_into_non_empty_maps_ids_and_merges);
    tcase_add_test(tc, malformed_json_reports_line_and_column);
    tcase_add_test(tc, malformed_envelopes_say_where);
    tcase_add_test(tc, not_our_format_is_refused);
    tcase_add_test(tc, unknown_entity_id_is_named);
    tcase_add_test(tc, unknown_types_are_named);
    tcase_add_test(tc, disallowed_link_is_named);
    tcase_add_test(tc, bad_names_are_named);
    tcase_add_test(tc, bad_links_are_named);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
