/*
 * check_gazetteer.c - the gazetteers (libgeonames cities, iso-codes
 * countries) and the default pack's lexicon.json: counts, Vietnamese
 * names, ambiguity and homonym flags, merging pack entries with gazetteer
 * entries, and the pack lexicon's well-formedness.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/fold.h"
#include "../../core/gazetteer.h"
#include "../../core/pack.h"
#include "testutil.h"

static json_t *load_cities(const rg_gaz_options *opt, rg_gaz_stats *st)
{
    rg_error err = {0};
    json_t *arr = json_array();
    rg_status rc = gazetteer_add_cities(arr, opt, st, &err);
    ck_assert_msg(rc == RG_OK, "cities: %s", err.msg);
    return arr;
}

static bool has_alias(const json_t *e, const char *alias)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(e, "aliases"), i, v)
        if (strcmp(json_string_value(v), alias) == 0)
            return true;
    return false;
}

static const char *attr_str(const json_t *e, const char *key)
{
    return json_string_value(json_object_get(json_object_get(e, "attrs"), key));
}

/* The most populous entry named `name` (in country cc when not NULL). */
static const json_t *find_named(const json_t *arr, const char *name, const char *cc)
{
    const json_t *best = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        if (strcmp(json_string_value(json_object_get(e, "name")), name) != 0)
            continue;
        if (cc && (!attr_str(e, "country") || strcmp(attr_str(e, "country"), cc) != 0))
            continue;
        if (!best || json_integer_value(json_object_get(json_object_get(e, "attrs"), "population")) >
                         json_integer_value(json_object_get(json_object_get(best, "attrs"), "population")))
            best = e;
    }
    return best;
}

START_TEST(geonames_cities_load_with_vietnamese_names)
{
    rg_gaz_stats st;
    json_t *arr = load_cities(NULL, &st);
    const json_t *wuhan, *shenzhen;
    size_t i;
    json_t *e;

    ck_assert_uint_gt(json_array_size(arr), 20000);
    ck_assert_uint_eq(st.entries, json_array_size(arr));
    ck_assert_uint_gt(st.translated, 300);
    wuhan = find_named(arr, "Wuhan", "CN");
    ck_assert_ptr_nonnull(wuhan);
    ck_assert(has_alias(wuhan, "Vũ Hán"));
    ck_assert_str_eq(json_string_value(json_object_get(wuhan, "type")), "city");
    ck_assert_str_eq(gazetteer_entry_source(wuhan), RG_GAZ_SOURCE_GEONAMES);
    ck_assert_int_gt(json_integer_value(json_object_get(json_object_get(wuhan, "attrs"),
                                                        "population")), 1000000);
    ck_assert(json_real_value(json_object_get(json_object_get(wuhan, "attrs"), "lat")) > 30.0);
    ck_assert_ptr_nonnull(attr_str(wuhan, "geonames_id"));
    shenzhen = find_named(arr, "Shenzhen", "CN");
    ck_assert_ptr_nonnull(shenzhen);
    ck_assert(has_alias(shenzhen, "Thâm Quyến"));
    json_array_foreach(arr, i, e)
        ck_assert(gazetteer_entry_has_flag(e, RG_GAZ_FLAG_NEEDS_CAPITAL));
    json_decref(arr);
}
END_TEST

START_TEST(translated_prefixes_are_stripped)
{
    json_t *arr = load_cities(NULL, NULL);
    const json_t *hcmc = find_named(arr, "Ho Chi Minh City", "VN");
    ck_assert_ptr_nonnull(hcmc);
    ck_assert(has_alias(hcmc, "Thành phố Hồ Chí Minh"));
    ck_assert(has_alias(hcmc, "Hồ Chí Minh"));
    json_decref(arr);
}
END_TEST

START_TEST(ordinary_words_are_flagged_ambiguous)
{
    json_t *arr = load_cities(NULL, NULL);
    const struct { const char *name, *cc; bool ambiguous; } cases[] = {
        {"Nice", "FR", true}, {"Reading", "GB", true}, {"Mobile", "US", true},
        {"Bath", "GB", true}, {"Split", "HR", true}, {"Wuhan", "CN", false},
        {"Paris", "FR", false}, {"Osaka", "JP", false},
    };
    bool ord;
    rg_error err = {0};

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const json_t *e = find_named(arr, cases[i].name, cases[i].cc);
        ck_assert_msg(e != NULL, "%s missing", cases[i].name);
        ck_assert_msg(gazetteer_entry_has_flag(e, RG_GAZ_FLAG_AMBIGUOUS) == cases[i].ambiguous,
                      "%s: ambiguous should be %d", cases[i].name, cases[i].ambiguous);
        if (cases[i].ambiguous)
            ck_assert(json_array_size(json_object_get(e, "ambiguous_forms")) > 0);
    }
    ck_assert_int_eq(gazetteer_is_ordinary_word("Hòa Bình", &ord, &err), RG_OK);
    ck_assert(ord);
    ck_assert_int_eq(gazetteer_is_ordinary_word("hoa binh", &ord, &err), RG_OK);
    ck_assert(ord);
    ck_assert_int_eq(gazetteer_is_ordinary_word("Ba", &ord, &err), RG_OK);
    ck_assert(ord);
    ck_assert_int_eq(gazetteer_is_ordinary_word("Hanoi", &ord, &err), RG_OK);
    ck_assert(!ord);
    ck_assert_int_eq(gazetteer_is_ordinary_word("Rotterdam", &ord, &err), RG_OK);
    ck_assert(!ord);
    json_decref(arr);
}
END_TEST

START_TEST(shared_names_are_homonyms)
{
    rg_gaz_stats st;
    json_t *arr = load_cities(NULL, &st);
    const json_t *springfield = find_named(arr, "Springfield", "US");
    const json_t *wuhan = find_named(arr, "Wuhan", "CN");

    ck_assert_ptr_nonnull(springfield);
    ck_assert(gazetteer_entry_has_flag(springfield, RG_GAZ_FLAG_HOMONYM));
    ck_assert(!gazetteer_entry_has_flag(wuhan, RG_GAZ_FLAG_HOMONYM));
    ck_assert_uint_gt(st.homonyms, 100);
    json_decref(arr);
}
END_TEST

START_TEST(min_population_filters)
{
    rg_gaz_options opt = {.min_population = 1000000};
    rg_gaz_stats st;
    json_t *arr = load_cities(&opt, &st);
    size_t i;
    json_t *e;

    ck_assert_uint_gt(json_array_size(arr), 200);
    ck_assert_uint_lt(json_array_size(arr), 2000);
    json_array_foreach(arr, i, e)
        ck_assert_int_ge(json_integer_value(json_object_get(json_object_get(e, "attrs"),
                                                            "population")), 1000000);
    json_decref(arr);
}
END_TEST

START_TEST(iso_countries_with_vietnamese_names)
{
    rg_gaz_stats cst, kst;
    rg_error err = {0};
    json_t *all = NULL;
    const json_t *vn = NULL, *de = NULL, *jp = NULL, *us = NULL;
    size_t i, n_countries = 0;
    json_t *e;

    ck_assert_msg(gazetteer_load(&all, NULL, &cst, &kst, &err) == RG_OK, "%s", err.msg);
    json_array_foreach(all, i, e) {
        const char *iso2 = attr_str(e, "iso2");
        if (strcmp(json_string_value(json_object_get(e, "type")), "country") != 0)
            continue;
        n_countries++;
        ck_assert_str_eq(gazetteer_entry_source(e), RG_GAZ_SOURCE_ISO);
        if (iso2 && strcmp(iso2, "VN") == 0) vn = e;
        if (iso2 && strcmp(iso2, "DE") == 0) de = e;
        if (iso2 && strcmp(iso2, "JP") == 0) jp = e;
        if (iso2 && strcmp(iso2, "US") == 0) us = e;
    }
    ck_assert_uint_ge(n_countries, 240);
    ck_assert_uint_eq(kst.entries, n_countries);
    ck_assert_uint_gt(kst.translated, 200);
    ck_assert_ptr_nonnull(vn);
    ck_assert_str_eq(json_string_value(json_object_get(vn, "name")), "Vietnam");
    ck_assert_str_eq(attr_str(vn, "iso3"), "VNM");
    ck_assert(has_alias(vn, "Viet Nam") || has_alias(vn, "Socialist Republic of Viet Nam"));
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(vn, "exact_forms"), 0)),
                     "VNM");
    ck_assert_ptr_nonnull(attr_str(vn, "coords_of"));
    ck_assert(has_alias(de, "Đức"));
    ck_assert(has_alias(jp, "Nhật"));
    ck_assert_ptr_nonnull(us);
    /* "Korea, Republic of" reads as a name the other way round */
    json_array_foreach(all, i, e)
        if (attr_str(e, "iso2") && strcmp(attr_str(e, "iso2"), "KR") == 0)
            ck_assert(has_alias(e, "Republic of Korea"));
    json_decref(all);
}
END_TEST

START_TEST(missing_iso_file_is_an_io_error)
{
    rg_gaz_options opt = {.iso3166_path = "/nonexistent/iso_3166-1.json"};
    rg_error err = {0};
    json_t *arr = json_array();
    ck_assert_int_eq(gazetteer_add_countries(arr, NULL, &opt, NULL, &err), RG_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/iso_3166-1.json"));
    ck_assert_uint_eq(json_array_size(arr), 0);
    json_decref(arr);
}
END_TEST

START_TEST(merge_completes_pack_entries)
{
    rg_error err = {0};
    json_error_t jerr;
    json_t *lex = json_loads(
        "[{\"type\":\"city\",\"name\":\"Vũ Hán\",\"aliases\":[],\"attrs\":{\"country\":\"CN\"}},"
        " {\"type\":\"city\",\"name\":\"Paris\",\"attrs\":{\"country\":\"FR\"}},"
        " {\"type\":\"country\",\"name\":\"CHLB Đức\",\"attrs\":{\"iso2\":\"DE\"}}]", 0, &jerr);
    json_t *gaz = NULL, *e;
    size_t merged = 0, n_gaz, i, paris = 0;

    ck_assert_ptr_nonnull(lex);
    ck_assert_int_eq(gazetteer_load(&gaz, NULL, NULL, NULL, &err), RG_OK);
    n_gaz = json_array_size(gaz);
    ck_assert_int_eq(gazetteer_merge(lex, gaz, &merged, &err), RG_OK);
    ck_assert_uint_eq(merged, 3);
    ck_assert_uint_eq(json_array_size(lex), 3 + n_gaz - 3);
    e = json_array_get(lex, 0);
    ck_assert(has_alias(e, "Wuhan"));
    ck_assert_str_eq(attr_str(e, "geonames_id"), "1791247");
    ck_assert(!gazetteer_entry_has_flag(e, RG_GAZ_FLAG_NEEDS_CAPITAL));
    ck_assert_int_gt(json_integer_value(json_object_get(json_object_get(json_array_get(lex, 1),
                                                                        "attrs"), "population")),
                     1000000);
    e = json_array_get(lex, 2);
    ck_assert_str_eq(attr_str(e, "iso3"), "DEU");
    ck_assert(has_alias(e, "Germany"));
    /* the smaller Parises stay as entries of their own */
    json_array_foreach(lex, i, e)
        if (strcmp(json_string_value(json_object_get(e, "name")), "Paris") == 0)
            paris++;
    ck_assert_uint_ge(paris, 2);
    json_decref(gaz);
    json_decref(lex);
}
END_TEST

/* The default pack merged with the gazetteers: press spellings gain
 * geonames data, refused forms stay out, provinces keep apart from their
 * namesake capital cities. */
START_TEST(pack_merges_with_gazetteer)
{
    rg_pack pack = {0};
    rg_error err = {0};
    json_t *gaz = NULL, *e;
    const json_t *beijing = NULL, *hcmc = NULL, *haiduong = NULL, *vn = NULL;
    size_t i, n_pack, haiduong_cities = 0;

    tu_load_pack(&pack);
    n_pack = json_array_size(pack.lexicon);
    ck_assert_int_eq(gazetteer_load(&gaz, NULL, NULL, NULL, &err), RG_OK);
    ck_assert_msg(gazetteer_merge(pack.lexicon, gaz, NULL, &err) == RG_OK, "%s", err.msg);
    for (i = 0; i < n_pack; i++) {
        const char *name;
        e = json_array_get(pack.lexicon, i);
        name = json_string_value(json_object_get(e, "name"));
        if (strcmp(name, "Bắc Kinh") == 0) beijing = e;
        if (strcmp(name, "Thành phố Hồ Chí Minh") == 0) hcmc = e;
        if (strcmp(name, "Hải Dương") == 0) haiduong = e;
        if (strcmp(name, "Việt Nam") == 0) vn = e;
        ck_assert_str_eq(gazetteer_entry_source(e), RG_GAZ_SOURCE_PACK);
    }
    ck_assert_ptr_nonnull(beijing);
    ck_assert_ptr_nonnull(attr_str(beijing, "geonames_id"));
    ck_assert_ptr_nonnull(hcmc);
    ck_assert(!has_alias(hcmc, "Hồ Chí Minh"));
    ck_assert_ptr_nonnull(attr_str(hcmc, "geonames_id"));
    ck_assert_ptr_nonnull(haiduong);
    ck_assert_ptr_null(attr_str(haiduong, "geonames_id"));
    ck_assert_ptr_nonnull(vn);
    ck_assert_str_eq(attr_str(vn, "iso3"), "VNM");
    ck_assert_str_eq(attr_str(vn, "capital"), "Hanoi");   /* the pack's, not the largest city */
    json_array_foreach(pack.lexicon, i, e)
        if (i >= n_pack && strcmp(json_string_value(json_object_get(e, "name")), "Hải Dương") == 0)
            haiduong_cities++;
    ck_assert_uint_eq(haiduong_cities, 1);
    json_decref(gaz);
    pack_free(&pack);
}
END_TEST

START_TEST(extend_pack_is_all_or_nothing)
{
    rg_pack pack = {0};
    rg_error err = {0};
    rg_gaz_options bad = {.iso3166_path = "/nonexistent/iso.json"};
    rg_gaz_stats cst, kst;
    size_t n_pack, merged = 0;

    tu_load_pack(&pack);
    n_pack = json_array_size(pack.lexicon);
    ck_assert_int_eq(gazetteer_extend_pack(&pack, &bad, NULL, NULL, NULL, &err), RG_ERR_IO);
    ck_assert_uint_eq(json_array_size(pack.lexicon), n_pack);
    ck_assert_int_eq(gazetteer_extend_pack(&pack, NULL, &cst, &kst, &merged, &err), RG_OK);
    ck_assert_uint_gt(merged, 100);
    ck_assert_uint_eq(json_array_size(pack.lexicon), n_pack + cst.entries + kst.entries - merged);
    pack_free(&pack);
}
END_TEST

START_TEST(drop_ambiguous_leaves_out_ordinary_words)
{
    rg_gaz_options opt = {.drop_ambiguous = true};
    rg_gaz_stats cst, kst;
    rg_error err = {0};
    json_t *all = NULL, *e;
    size_t i;
    bool germany = false;

    ck_assert_int_eq(gazetteer_load(&all, &opt, &cst, &kst, &err), RG_OK);
    ck_assert_uint_gt(cst.entries, 20000);
    ck_assert_uint_eq(cst.ambiguous + kst.ambiguous, 0);
    ck_assert_ptr_null(find_named(all, "Nice", "FR"));
    ck_assert_ptr_null(find_named(all, "Reading", "GB"));
    ck_assert_ptr_nonnull(find_named(all, "Wuhan", "CN"));
    json_array_foreach(all, i, e) {
        ck_assert(!gazetteer_entry_has_flag(e, RG_GAZ_FLAG_AMBIGUOUS));
        ck_assert_ptr_null(json_object_get(e, "ambiguous_forms"));
        if (attr_str(e, "iso2") && strcmp(attr_str(e, "iso2"), "DE") == 0) {
            germany = true;
            ck_assert(!has_alias(e, "Đức"));
            ck_assert(has_alias(e, "Federal Republic of Germany"));
        }
    }
    ck_assert(germany);
    json_decref(all);
}
END_TEST

START_TEST(merge_rejects_malformed_entries)
{
    rg_error err = {0};
    json_t *lex = json_loads("[{\"name\":\"x\"}]", 0, NULL);
    json_t *gaz = json_array();
    ck_assert_int_eq(gazetteer_merge(lex, gaz, NULL, &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "lexicon entry 0"));
    json_decref(lex);
    json_decref(gaz);
}
END_TEST

/* Every pack entry: a known type, a non-empty name, string aliases and
 * flags; no folded form shared by two entries of one type unless both are
 * flagged homonym. */
START_TEST(pack_lexicon_is_valid)
{
    rg_pack pack = {0};
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    size_t i, j;
    json_t *e, *v;

    tu_load_pack(&pack);
    ck_assert_uint_gt(json_array_size(pack.lexicon), 300);
    json_array_foreach(pack.lexicon, i, e) {
        const char *type = json_string_value(json_object_get(e, "type"));
        const char *name = json_string_value(json_object_get(e, "name"));
        json_t *aliases = json_object_get(e, "aliases");
        size_t n_forms = 1 + json_array_size(aliases);
        ck_assert_msg(json_is_object(e), "entry %zu is not an object", i);
        ck_assert_msg(type && pack_entity_type(&pack, type), "entry %zu: bad type", i);
        ck_assert_msg(name && *name, "entry %zu: empty name", i);
        ck_assert_msg(!aliases || json_is_array(aliases), "%s: aliases not an array", name);
        json_array_foreach(json_object_get(e, "flags"), j, v)
            ck_assert_msg(json_is_string(v), "%s: a flag is not a string", name);
        for (j = 0; j < n_forms; j++) {
            const char *form = j == 0 ? name : json_string_value(json_array_get(aliases, j - 1));
            char *f = NULL, *key;
            const char *prev;
            ck_assert_msg(form != NULL, "%s: alias %zu is not a string", name, j - 1);
            ck_assert_int_eq(text_fold(form, strlen(form), &f, NULL), RG_OK);
            ck_assert_msg(*f, "%s: form '%s' folds to nothing", name, form);
            key = g_strconcat(type, ":", f, NULL);
            free(f);
            prev = g_hash_table_lookup(seen, key);
            if (prev && strcmp(prev, name) != 0)
                ck_assert_msg(gazetteer_entry_has_flag(e, RG_GAZ_FLAG_HOMONYM),
                              "%s '%s': form '%s' also belongs to '%s'", type, name, form, prev);
            if (!prev)
                g_hash_table_insert(seen, key, g_strdup(name));
            else
                g_free(key);
        }
    }
    g_hash_table_destroy(seen);
    pack_free(&pack);
}
END_TEST

/* The pack covers what the guide needs: every type present, the 63
 * Vietnamese provinces, the main press spellings. */
START_TEST(pack_lexicon_covers_the_basics)
{
    rg_pack pack = {0};
    const char *types[] = {"city", "country", "agency", "forum"};
    const char *forms[][2] = {
        {"country", "Hoa Kỳ"}, {"country", "Mỹ"}, {"country", "Cam-pu-chia"},
        {"country", "Hàn Quốc"}, {"city", "TP.HCM"}, {"city", "Sài Gòn"},
        {"city", "Bắc Kinh"}, {"city", "Luân Đôn"}, {"agency", "UNESCO"},
        {"agency", "Ngân hàng Thế giới"}, {"forum", "C40"}, {"forum", "WUF"},
    };
    size_t counts[4] = {0}, vn_cities = 0, i;
    json_t *e;

    tu_load_pack(&pack);
    json_array_foreach(pack.lexicon, i, e) {
        const char *type = json_string_value(json_object_get(e, "type"));
        const char *cc = attr_str(e, "country");
        for (size_t k = 0; k < 4; k++)
            if (strcmp(type, types[k]) == 0)
                counts[k]++;
        if (strcmp(type, "city") == 0 && cc && strcmp(cc, "VN") == 0 && attr_str(e, "province"))
            vn_cities++;
    }
    ck_assert_uint_ge(counts[0], 100);
    ck_assert_uint_ge(counts[1], 150);
    ck_assert_uint_ge(counts[2], 40);
    ck_assert_uint_ge(counts[3], 15);
    ck_assert_uint_eq(vn_cities, 63);
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char *want = NULL;
        bool found = false;
        size_t j, k;
        ck_assert_int_eq(text_fold(forms[i][1], strlen(forms[i][1]), &want, NULL), RG_OK);
        json_array_foreach(pack.lexicon, j, e) {
            json_t *v;
            if (strcmp(json_string_value(json_object_get(e, "type")), forms[i][0]) != 0)
                continue;
            for (k = 0; k <= json_array_size(json_object_get(e, "aliases")) && !found; k++) {
                const char *s = k == 0 ? json_string_value(json_object_get(e, "name"))
                                       : json_string_value(json_array_get(
                                             json_object_get(e, "aliases"), k - 1));
                char *f = NULL;
                (void)v;
                ck_assert_int_eq(text_fold(s, strlen(s), &f, NULL), RG_OK);
                found = strcmp(f, want) == 0;
                free(f);
            }
        }
        ck_assert_msg(found, "no %s '%s' in the pack lexicon", forms[i][0], forms[i][1]);
        free(want);
    }
    pack_free(&pack);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gazetteer");
    TCase *tc = tcase_create("gazetteer");
    TCase *pk = tcase_create("pack-lexicon");

    /* each test loads 24,361 cities: slow under sanitizers and valgrind */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, geonames_cities_load_with_vietnamese_names);
    tcase_add_test(tc, translated_prefixes_are_stripped);
    tcase_add_test(tc, ordinary_words_are_flagged_ambiguous);
    tcase_add_test(tc, shared_names_are_homonyms);
    tcase_add_test(tc, min_population_filters);
    tcase_add_test(tc, iso_countries_with_vietnamese_names);
    tcase_add_test(tc, missing_iso_file_is_an_io_error);
    tcase_add_test(tc, merge_completes_pack_entries);
    tcase_add_test(tc, merge_rejects_malformed_entries);
    tcase_add_test(tc, pack_merges_with_gazetteer);
    tcase_add_test(tc, extend_pack_is_all_or_nothing);
    tcase_add_test(tc, drop_ambiguous_leaves_out_ordinary_words);
    suite_add_tcase(s, tc);
    tcase_set_timeout(pk, 60);
    tcase_add_test(pk, pack_lexicon_is_valid);
    tcase_add_test(pk, pack_lexicon_covers_the_basics);
    suite_add_tcase(s, pk);
    return tu_run_suite(s);
}
