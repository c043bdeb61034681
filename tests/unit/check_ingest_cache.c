/*
 * check_ingest_cache.c - builder_ingest_cached stores exactly what
 * builder_ingest stores: the same documents go into two fresh databases,
 * one without the cache and one with it, with another connection removing
 * an entity in between and a document replaced under its name, and the two
 * exports (less their ingestion times) must be the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/builder.h"
#include "../../core/docread.h"
#include "../../core/jsonio.h"
#include "../../core/store.h"
#include "testutil.h"

static rg_pack pack;
static rg_builder *b;
static char dir[4096];

static void setup(void)
{
    tu_load_builder(&pack, &b);
    tu_tmpdir(dir, sizeof dir);
}

static void teardown(void)
{
    tu_free_builder(&pack, b);
}

static const char *const texts[] = {
    "Năm 2015, Hà Nội thiết lập quan hệ kết nghĩa với Paris (Pháp).\n"
    "Hà Nội là thành viên của Mạng lưới các thành phố C40 từ năm 2018.\n",
    "Tháng 3/2019, Hà Nội ký kết bản ghi nhớ hợp tác với Paris về quy hoạch đô thị.\n"
    "In 2020, Hanoi signed a memorandum of understanding with Paris on education.\n",
    "Năm 2021, Paris và Hà Nội ký kết thỏa thuận hợp tác về du lịch.\n",
};

/* Ingests text under name; returns the entities it added. */
static size_t ingest(rg_store *st, rg_builder_cache *c, const char *name, const char *text)
{
    rg_input_docs docs = {0};
    rg_ingest_result res;
    rg_error err = {0};
    ck_assert_msg(docread_memory(name, RG_DOC_TEXT, text, strlen(text), RG_BUILDER_MAX_DOC, &docs,
                                 &err) == RG_OK, "%s", err.msg);
    ck_assert_int_eq(docs.n, 1);
    ck_assert_msg(builder_ingest_cached(b, st, c, &docs.docs[0], &res, &err) == RG_OK, "%s",
                  err.msg);
    rg_input_docs_free(&docs);
    return res.entities_added;
}

/* Another connection removes the entity named name (as another process
 * curating the database while an ingest runs would). */
static void remove_elsewhere(const char *path, const char *name)
{
    rg_store *other = NULL;
    rg_error err = {0};
    rg_id *ids = NULL;
    size_t n = 0;
    ck_assert_msg(store_open(path, 0, &pack, &other, &err) == RG_OK, "%s", err.msg);
    ck_assert_int_eq(store_lookup_entities(other, name, NULL, &ids, &n, &err), RG_OK);
    ck_assert_msg(n == 1, "expected one entity '%s', found %zu", name, n);
    ck_assert_int_eq(store_begin(other, &err), RG_OK);
    ck_assert_msg(store_remove_entity(other, ids[0], &err) == RG_OK, "%s", err.msg);
    ck_assert_int_eq(store_commit(other, &err), RG_OK);
    free(ids);
    store_close(other);
}

/* A fresh database file in dir (its path in path), and a cache when asked. */
static rg_store *open_fresh(const char *file, bool cached, char *path, size_t n,
                            rg_builder_cache **c)
{
    rg_store *st = NULL;
    rg_error err = {0};
    snprintf(path, n, "%s/%s", dir, file);
    ck_assert_msg(store_open(path, RG_OPEN_CREATE, &pack, &st, &err) == RG_OK, "%s", err.msg);
    *c = NULL;
    if (cached)
        ck_assert_int_eq(builder_cache_new(c, &err), RG_OK);
    return st;
}

/* The export of st, which is closed with the cache. */
static char *export_and_close(rg_store *st, rg_builder_cache *c)
{
    char *out = tu_export_without_clock(st);
    builder_cache_free(c);
    store_close(st);
    return out;
}

/* The whole sequence into a fresh database; returns its export. */
static char *run(const char *file, bool cached, size_t *added_first)
{
    char path[4200];
    rg_builder_cache *c;
    rg_store *st = open_fresh(file, cached, path, sizeof path, &c);
    *added_first = ingest(st, c, "a.txt", texts[0]);
    ingest(st, c, "b.txt", texts[1]);
    /* a stale cache would now hand out the removed entity's id */
    remove_elsewhere(path, "Paris");
    ingest(st, c, "c.txt", texts[2]);
    /* a changed a.txt replaces the old one's contribution */
    ingest(st, c, "a.txt", texts[2]);
    ingest(st, c, "d.txt", texts[0]);
    return export_and_close(st, c);
}

START_TEST(cached_ingest_stores_what_uncached_ingest_stores)
{
    size_t added_plain, added_cached;
    char *plain = run("plain.db", false, &added_plain);
    char *cached = run("cached.db", true, &added_cached);
    ck_assert_msg(added_plain >= 2, "the first text should add Hà Nội and Paris (added %zu)",
                  added_plain);
    ck_assert_uint_eq(added_plain, added_cached);
    ck_assert_msg(strstr(plain, "\"Paris\""), "Paris should be back after its removal");
    ck_assert_str_eq(plain, cached);
    free(plain);
    free(cached);
}
END_TEST

/* Two links, undated in the first document and dated in the second: the
 * cached run finds them in its cache of links and must fill the dates as
 * the plain run does through the store. */
static const char *const undated_then_dated[] = {
    "Hà Nội và Paris ký kết thỏa thuận hợp tác về du lịch.\n"
    "Hà Nội là thành viên của Mạng lưới các thành phố C40.\n",
    "Năm 2019, Hà Nội và Paris ký kết thỏa thuận hợp tác về giáo dục.\n"
    "Năm 2018, Hà Nội gia nhập Mạng lưới các thành phố C40.\n",
};

static char *run_dates(const char *file, bool cached)
{
    char path[4200];
    rg_builder_cache *c;
    rg_store *st = open_fresh(file, cached, path, sizeof path, &c);
    ingest(st, c, "u1.txt", undated_then_dated[0]);
    ingest(st, c, "u2.txt", undated_then_dated[1]);
    return export_and_close(st, c);
}

START_TEST(a_link_met_again_gets_the_date_it_lacked)
{
    char *plain = run_dates("plain.db", false);
    char *cached = run_dates("cached.db", true);
    ck_assert_msg(strstr(plain, "\"2019\"") && strstr(plain, "\"2018\""),
                  "the second document should date both links:\n%s", plain);
    ck_assert_str_eq(plain, cached);
    free(plain);
    free(cached);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest_cache");
    TCase *tc = tcase_create("cache");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cached_ingest_stores_what_uncached_ingest_stores);
    tcase_add_test(tc, a_link_met_again_gets_the_date_it_lacked);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
