/*
 * check_ingest_session.c - ingest sessions (builder.h) commit documents in
 * groups and keep every document atomic:
 * - a document refused by the store in the middle of a group (here: a
 *   replacement whose title is not UTF-8, refused after the old version
 *   was removed) leaves nothing of itself, the old version intact, and the
 *   rest of the group stored;
 * - a database failure in the middle of a group (a trigger refusing one
 *   document's evidence) commits what the group stored before it, and a
 *   later session with the same cache must not hand out the ids of
 *   entities the rolled-back document created;
 * - a process killed with a group open keeps the groups committed before
 *   and nothing of the open one;
 * - replacing a changed document inside a group, with the reference checks
 *   off, leaves no row pointing nowhere.
 * Each compares exports (less ingestion times) with a database built
 * document by document with builder_ingest.
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
    "Năm 2015, Hà Nội thiết lập quan hệ kết nghĩa với Paris (Pháp).\n",
    "Năm 2017, TP. Đà Nẵng ký kết thỏa thuận hợp tác với TP. Yokohama (Nhật Bản).\n",
    "Tháng 3/2019, Hà Nội ký kết bản ghi nhớ hợp tác với Paris về quy hoạch đô thị.\n",
    "Năm 2021, Yokohama và Hà Nội ký kết thỏa thuận hợp tác về du lịch.\n",
};

static void read_doc(const char *name, const char *text, rg_input_docs *docs)
{
    rg_error err = {0};
    ck_assert_msg(docread_memory(name, RG_DOC_TEXT, text, strlen(text), RG_BUILDER_MAX_DOC, docs,
                                 &err) == RG_OK, "%s", err.msg);
    ck_assert_int_eq(docs->n, 1);
}

static rg_store *open_db(const char *file, char *path, size_t n)
{
    rg_store *st = NULL;
    rg_error err = {0};
    snprintf(path, n, "%s/%s", dir, file);
    ck_assert_msg(store_open(path, RG_OPEN_CREATE, &pack, &st, &err) == RG_OK, "%s", err.msg);
    return st;
}

/* One document, its own transaction (the reference). */
static void ingest_plain(rg_store *st, const char *name, const char *text)
{
    rg_input_docs docs = {0};
    rg_ingest_result res;
    rg_error err = {0};
    read_doc(name, text, &docs);
    ck_assert_msg(builder_ingest(b, st, &docs.docs[0], &res, &err) == RG_OK, "%s", err.msg);
    rg_input_docs_free(&docs);
}

static rg_status ingest_in(rg_ingest_session *s, const char *name, const char *text,
                           rg_error *err)
{
    rg_input_docs docs = {0};
    rg_ingest_result res;
    rg_status rc;
    read_doc(name, text, &docs);
    rc = builder_session_ingest(s, &docs.docs[0], &res, err);
    rg_input_docs_free(&docs);
    return rc;
}

static char *export_path(const char *path)
{
    rg_store *st = NULL;
    rg_error err = {0};
    char *out;
    ck_assert_msg(store_open(path, RG_OPEN_READONLY, &pack, &st, &err) == RG_OK, "%s", err.msg);
    out = tu_export_without_clock(st);
    store_close(st);
    return out;
}

static void exec_on(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s", msg ? msg : "?");
    sqlite3_close(db);
}

START_TEST(refused_document_mid_group_leaves_nothing_and_the_rest_stays)
{
    char ref_path[4200], path[4200];
    rg_store *ref = open_db("ref.db", ref_path, sizeof ref_path);
    rg_store *st = open_db("grp.db", path, sizeof path);
    rg_builder_cache *c = NULL;
    rg_ingest_session *s = NULL;
    rg_ingest_totals done, open;
    rg_input_docs bad = {0};
    rg_ingest_result res;
    rg_error err = {0};
    size_t lost = 9;
    char *want, *got;

    /* the reference: x.txt, then a.txt and c.txt; the bad replacement of
     * x.txt is refused whole, so x.txt's first version stays */
    ingest_plain(ref, "x.txt", texts[1]);
    ingest_plain(ref, "a.txt", texts[0]);
    ingest_plain(ref, "c.txt", texts[3]);
    want = tu_export_without_clock(ref);
    store_close(ref);

    ingest_plain(st, "x.txt", texts[1]);
    ck_assert_int_eq(builder_cache_new(&c, &err), RG_OK);
    ck_assert_int_eq(builder_session_begin(b, st, c, NULL, &s, &err), RG_OK);
    ck_assert_msg(ingest_in(s, "a.txt", texts[0], &err) == RG_OK, "%s", err.msg);
    /* a new version of x.txt: its old version is removed inside the group,
     * then the document record is refused (title not UTF-8) */
    read_doc("x.txt", texts[2], &bad);
    free(bad.docs[0].title);
    bad.docs[0].title = strdup("bad \xff title");
    ck_assert_int_eq(builder_session_ingest(s, &bad.docs[0], &res, &err), RG_ERR_INVALID);
    ck_assert_msg(strncmp(err.msg, "x.txt", 5) == 0, "the message names the document: %s", err.msg);
    rg_input_docs_free(&bad);
    ck_assert_msg(store_in_transaction(st), "the group goes on after a refused document");
    ck_assert_msg(ingest_in(s, "c.txt", texts[3], &err) == RG_OK, "%s", err.msg);
    builder_session_totals(s, &done, &open, &lost);
    ck_assert_uint_eq(done.stored, 0);
    ck_assert_uint_eq(open.stored, 2);
    ck_assert_int_eq(builder_session_flush(s, &err), RG_OK);
    ck_assert_msg(!store_in_transaction(st), "flush commits the group");
    builder_session_totals(s, &done, &open, &lost);
    ck_assert_uint_eq(done.stored, 2);
    ck_assert_uint_eq(open.stored, 0);
    ck_assert_uint_eq(lost, 0);
    got = tu_export_without_clock(st);
    ck_assert_str_eq(want, got);
    builder_session_free(s);
    builder_cache_free(c);
    store_close(st);
    free(want);
    free(got);
}
END_TEST

START_TEST(database_failure_mid_group_keeps_the_group_before_it_and_clears_the_cache)
{
    char ref_path[4200], path[4200];
    rg_store *ref = open_db("ref.db", ref_path, sizeof ref_path);
    rg_store *st;
    rg_builder_cache *c = NULL;
    rg_ingest_session *s = NULL;
    rg_ingest_totals done;
    rg_error err = {0};
    size_t lost = 9;
    char *want, *got;

    ingest_plain(ref, "a.txt", texts[0]);
    ingest_plain(ref, "c.txt", texts[3]);
    want = tu_export_without_clock(ref);
    store_close(ref);

    /* the database refuses b.txt's evidence only */
    st = open_db("grp.db", path, sizeof path);
    store_close(st);
    exec_on(path, "CREATE TRIGGER refuse BEFORE INSERT ON evidence"
                  " WHEN (SELECT name FROM documents WHERE id = NEW.doc_id) = 'b.txt'"
                  " BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END;");
    st = open_db("grp.db", path, sizeof path);
    ck_assert_int_eq(builder_cache_new(&c, &err), RG_OK);
    ck_assert_int_eq(builder_session_begin(b, st, c, NULL, &s, &err), RG_OK);
    ck_assert_msg(ingest_in(s, "a.txt", texts[0], &err) == RG_OK, "%s", err.msg);
    /* Đà Nẵng and Yokohama are created, then the evidence is refused */
    ck_assert_int_eq(ingest_in(s, "b.txt", texts[1], &err), RG_ERR_DB);
    ck_assert_msg(strstr(err.msg, "refused by a test trigger"), "%s", err.msg);
    ck_assert_msg(!store_in_transaction(st), "after a database failure the group is committed");
    builder_session_totals(s, &done, NULL, &lost);
    ck_assert_uint_eq(done.stored, 1);
    ck_assert_uint_eq(lost, 0);
    builder_session_free(s);

    /* a new session on the same connection and cache (no other writer, so
     * nothing but the rollback can have dropped the cache): Yokohama must
     * be created anew, not taken from the cache with the rolled-back id */
    ck_assert_int_eq(builder_session_begin(b, st, c, NULL, &s, &err), RG_OK);
    ck_assert_msg(ingest_in(s, "c.txt", texts[3], &err) == RG_OK, "%s", err.msg);
    ck_assert_int_eq(builder_session_flush(s, &err), RG_OK);
    got = tu_export_without_clock(st);
    ck_assert_str_eq(want, got);
    builder_session_free(s);
    builder_cache_free(c);
    store_close(st);
    free(want);
    free(got);
}
END_TEST

/* A session trusts its references (the foreign keys are off while it
 * lives): replacing a changed document in the middle of a group must still
 * leave what one transaction per document leaves, with no row pointing
 * nowhere, and the checks must be back once the session is freed. */
START_TEST(replacing_a_document_in_a_session_leaves_no_dangling_rows)
{
    /* an acronym (an alias), topics and entities only it knows */
    static const char first[] = "Năm 2016, Hội đồng Thương mại Quảng Ninh (HĐTMQN) hợp tác với "
                                "TP. Kawasaki (Nhật Bản) trong lĩnh vực giáo dục và du lịch.\n";
    char ref_path[4200], path[4200];
    rg_store *ref = open_db("ref.db", ref_path, sizeof ref_path);
    rg_store *st = open_db("grp.db", path, sizeof path);
    rg_ingest_session *s = NULL;
    rg_error err = {0};
    char *want, *got;

    ingest_plain(ref, "a.txt", first);
    ingest_plain(ref, "b.txt", texts[1]);
    ingest_plain(ref, "a.txt", texts[0]);
    want = tu_export_without_clock(ref);
    store_close(ref);

    ck_assert_int_eq(builder_session_begin(b, st, NULL, NULL, &s, &err), RG_OK);
    ck_assert_int_eq(ingest_in(s, "a.txt", first, &err), RG_OK);
    ck_assert_int_eq(ingest_in(s, "b.txt", texts[1], &err), RG_OK);
    ck_assert_int_eq(ingest_in(s, "a.txt", texts[0], &err), RG_OK);
    ck_assert_msg(builder_session_flush(s, &err) == RG_OK, "%s", err.msg);
    builder_session_free(s);
    ck_assert_int_eq(tu_rows_on(path, "PRAGMA foreign_key_check"), 0);
    ck_assert_int_eq(tu_rows_on(path, "SELECT * FROM aliases WHERE folded = 'hdtmqn'"), 0);
    ck_assert_int_eq(store_add_mention(st, 99999, 1, &err), RG_ERR_NOT_FOUND);
    store_close(st);
    got = export_path(path);
    ck_assert_str_eq(want, got);
    free(want);
    free(got);
}
END_TEST

START_TEST(kill_with_a_group_open_keeps_the_committed_groups_only)
{
    char ref_path[4200], path[4200];
    rg_store *ref = open_db("ref.db", ref_path, sizeof ref_path);
    rg_store *st;
    char *want, *got;
    int status = 0;
    pid_t pid;

    ingest_plain(ref, "a.txt", texts[0]);
    ingest_plain(ref, "b.txt", texts[1]);
    want = tu_export_without_clock(ref);
    store_close(ref);

    st = open_db("grp.db", path, sizeof path);
    store_close(st);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* a group of the first two documents (bounds: their text), then a
         * third in an open group, then the kill */
        rg_ingest_bounds bounds = {strlen(texts[0]) + strlen(texts[1]), 60000};
        rg_ingest_session *s = NULL;
        rg_ingest_totals done;
        rg_error err = {0};
        if (store_open(path, 0, &pack, &st, &err) != RG_OK ||
            builder_session_begin(b, st, NULL, &bounds, &s, &err) != RG_OK ||
            ingest_in(s, "a.txt", texts[0], &err) != RG_OK ||
            !store_in_transaction(st) ||
            ingest_in(s, "b.txt", texts[1], &err) != RG_OK ||
            store_in_transaction(st) ||
            ingest_in(s, "c.txt", texts[3], &err) != RG_OK ||
            !store_in_transaction(st))
            _exit(3);
        builder_session_totals(s, &done, NULL, NULL);
        if (done.stored != 2)
            _exit(4);
        raise(SIGKILL);
        _exit(5);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                  "the child should die by SIGKILL with a group open (exit %d)",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    exec_on(path, "PRAGMA integrity_check");
    got = export_path(path);
    ck_assert_str_eq(want, got);
    free(want);
    free(got);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest_session");
    TCase *tc = tcase_create("session");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, refused_document_mid_group_leaves_nothing_and_the_rest_stays);
    tcase_add_test(tc, database_failure_mid_group_keeps_the_group_before_it_and_clears_the_cache);
    tcase_add_test(tc, kill_with_a_group_open_keeps_the_committed_groups_only);
    tcase_add_test(tc, replacing_a_document_in_a_session_leaves_no_dangling_rows);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
