/*
 * check_pack.c - domain pack loading: the default pack's types, schema
 * checks, and bad packs rejected with a message that says where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/pack.h"
#include "testutil.h"

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(default_pack_has_guide_types)
{
    rg_pack pack = {0};
    const char *etypes[] = {"city", "country", "agency", "forum", "event", "person"};
    const char *ltypes[] = {"sister_city", "cooperates_with", "signed_with", "member_of",
                            "located_in", "part_of", "organizes", "participates_in",
                            "visited", "leads", "supports"};
    tu_load_pack(&pack);
    ck_assert_uint_eq(pack.n_entity_types, 6);
    ck_assert_uint_eq(pack.n_link_types, 11);
    for (size_t i = 0; i < 6; i++)
        ck_assert_ptr_nonnull(pack_entity_type(&pack, etypes[i]));
    for (size_t i = 0; i < 11; i++)
        ck_assert_ptr_nonnull(pack_link_type(&pack, ltypes[i]));
    ck_assert(pack_link_type(&pack, "sister_city")->symmetric);
    ck_assert(!pack_link_type(&pack, "member_of")->symmetric);
    pack_free(&pack);
}
END_TEST

START_TEST(unknown_types_name_the_valid_ones)
{
    rg_pack pack = {0};
    rg_error err = {0};
    tu_load_pack(&pack);
    ck_assert_int_eq(pack_check_entity_type(&pack, "town", &err), RG_ERR_SCHEMA);
    ck_assert_ptr_nonnull(strstr(err.msg, "'town'"));
    ck_assert_ptr_nonnull(strstr(err.msg, "city, country"));
    ck_assert_int_eq(pack_check_link(&pack, "twinned", "city", "city", &err), RG_ERR_SCHEMA);
    ck_assert_ptr_nonnull(strstr(err.msg, "sister_city"));
    pack_free(&pack);
}
END_TEST

START_TEST(link_endpoint_types_are_checked)
{
    rg_pack pack = {0};
    rg_error err = {0};
    tu_load_pack(&pack);
    ck_assert_int_eq(pack_check_link(&pack, "sister_city", "city", "city", &err), RG_OK);
    ck_assert_int_eq(pack_check_link(&pack, "sister_city", "city", "person", &err), RG_ERR_SCHEMA);
    ck_assert_int_eq(pack_check_link(&pack, "member_of", "city", "forum", &err), RG_OK);
    ck_assert_int_eq(pack_check_link(&pack, "member_of", "forum", "city", &err), RG_ERR_SCHEMA);
    ck_assert_int_eq(pack_check_link(&pack, "leads", "person", "agency", &err), RG_OK);
    ck_assert_int_eq(pack_check_link(&pack, "supports", "event", "person", &err), RG_OK);
    pack_free(&pack);
}
END_TEST

START_TEST(extension_pack_adds_and_overrides)
{
    rg_pack pack = {0};
    rg_error err = {0};
    char dir[256];
    tu_load_pack(&pack);
    tu_tmpdir(dir, sizeof dir);
    write_file(dir, "schema.json",
               "{\"entity_types\": [{\"name\": \"river\"}],"
               " \"link_types\": [{\"name\": \"flows_through\", \"source\": [\"river\"],"
               "  \"target\": [\"city\"]}, {\"name\": \"supports\", \"symmetric\": true}]}");
    write_file(dir, "lexicon.json", "[{\"type\": \"river\", \"name\": \"Mekong\"}]");
    ck_assert_msg(pack_load_dir(&pack, dir, &err) == RG_OK, "%s", err.msg);
    ck_assert_uint_eq(pack.n_entity_types, 7);
    ck_assert_uint_eq(pack.n_link_types, 12);
    ck_assert(pack_link_type(&pack, "supports")->symmetric);
    ck_assert_int_eq(pack_check_link(&pack, "flows_through", "river", "city", &err), RG_OK);
    ck_assert_uint_ge(json_array_size(pack.lexicon), 1);
    pack_free(&pack);
}
END_TEST

START_TEST(bad_pack_reports_line_and_leaves_pack_unchanged)
{
    rg_pack pack = {0};
    rg_error err = {0};
    char dir[256];
    tu_load_pack(&pack);
    tu_tmpdir(dir, sizeof dir);
    write_file(dir, "schema.json", "{\"entity_types\": [\n  {\"name\": \"river\",}\n]}");
    ck_assert_int_eq(pack_load_dir(&pack, dir, &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "schema.json:2:"));
    ck_assert_uint_eq(pack.n_entity_types, 6);

    write_file(dir, "schema.json", "{\"link_types\": [{\"name\": \"x\", \"target\": [\"planet\"]}]}");
    ck_assert_int_eq(pack_load_dir(&pack, dir, &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "planet"));
    ck_assert_uint_eq(pack.n_link_types, 11);

    write_file(dir, "schema.json", "{\"entity_types\": [{\"name\": \"Bad Name\"}]}");
    ck_assert_int_eq(pack_load_dir(&pack, dir, &err), RG_ERR_INVALID);

    write_file(dir, "schema.json", "{\"entity_typos\": []}");
    ck_assert_int_eq(pack_load_dir(&pack, dir, &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "entity_typos"));
    ck_assert_int_eq(pack_load_dir(&pack, "/nonexistent/pack", &err), RG_ERR_IO);
    ck_assert_uint_eq(pack.n_entity_types, 6);
    pack_free(&pack);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pack");
    TCase *tc = tcase_create("load");
    tcase_add_test(tc, default_pack_has_guide_types);
    tcase_add_test(tc, unknown_types_name_the_valid_ones);
    tcase_add_test(tc, link_endpoint_types_are_checked);
    tcase_add_test(tc, extension_pack_adds_and_overrides);
    tcase_add_test(tc, bad_pack_reports_line_and_leaves_pack_unchanged);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
