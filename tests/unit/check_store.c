/*
 * check_store.c - the SQLite store: opening (new, existing, foreign, newer,
 * read-only), names through the fold, links and their merging, schema
 * checks, merge/remove semantics, document provenance, rollback, the
 * "did you mean" text, and whole-graph loading in id order.
 *
 * Each test works on a fresh database in its own temporary folder.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../core/jsonio.h"
#include "../../core/store.h"
#include "testutil.h"

typedef struct fixture {
    char dir[256], path[512];
    rg_pack pack;
    rg_store *st;
    rg_error err;
} fixture;

static void fx_open(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    tu_tmpdir(fx->dir, sizeof fx->dir);
    snprintf(fx->path, sizeof fx->path, "%s/g.db", fx->dir);
    tu_load_pack(&fx->pack);
    ck_assert_msg(store_open(fx->path, RG_OPEN_CREATE, &fx->pack, &fx->st, &fx->err) == RG_OK,
                  "open: %s", fx->err.msg);
}

static void fx_close(fixture *fx)
{
    store_close(fx->st);
    pack_free(&fx->pack);
}

static rg_id add_entity(fixture *fx, const char *type, const char *name)
{
    rg_id id = 0;
    rg_status rc = store_add_entity(fx->st, type, name, NULL, NULL, 0, &id, &fx->err);
    ck_assert_msg(rc == RG_OK, "add %s: %s", name, fx->err.msg);
    return id;
}

static rg_id add_link(fixture *fx, const char *type, rg_id a, rg_id b, const char *date)
{
    rg_id id = 0;
    rg_status rc = store_add_link(fx->st, type, a, b, date, NULL, NULL, 0, &id, NULL, &fx->err);
    ck_assert_msg(rc == RG_OK, "link: %s", fx->err.msg);
    return id;
}

static rg_id add_doc(fixture *fx, const char *name, const char *hash)
{
    rg_document d = {0};
    rg_id id = 0;
    d.name = (char *)name;
    rg_copy_fixed(d.hash, sizeof d.hash, hash);
    ck_assert_msg(store_add_document(fx->st, &d, &id, &fx->err) == RG_OK, "doc: %s", fx->err.msg);
    return id;
}

static rg_id resolve(fixture *fx, const char *text)
{
    rg_id id = 0;
    rg_status rc = store_resolve_entity(fx->st, text, &id, &fx->err);
    return rc == RG_OK ? id : -(rg_id)rc;
}

/* The JSON export as a string (the "unchanged" witness). */
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

/* Checks that st exports what before says (the "unchanged" witness), and
 * frees before. */
static void expect_export(rg_store *st, char *before)
{
    char *after = export_text(st);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* ---- opening ------------------------------------------------------------- */

/* The first column of sql's first row on the file at path is want. */
static void assert_text_on(const char *path, const char *sql, const char *want)
{
    char *got = tu_text_on(path, sql);
    ck_assert_msg(got && strcmp(got, want) == 0, "%s: \"%s\", want \"%s\"", sql,
                  got ? got : "(no row)", want);
    free(got);
}

START_TEST(create_then_reopen_keeps_data)
{
    fixture fx;
    rg_id id;
    fx_open(&fx);
    id = add_entity(&fx, "city", "Hà Nội");
    store_close(fx.st);
    ck_assert_int_eq(store_open(fx.path, 0, &fx.pack, &fx.st, &fx.err), RG_OK);
    ck_assert_int_eq(resolve(&fx, "ha noi"), id);
    fx_close(&fx);
}
END_TEST

START_TEST(missing_database_says_run_init)
{
    fixture fx;
    char path[600];
    rg_store *st = NULL;
    fx_open(&fx);
    snprintf(path, sizeof path, "%s/none.db", fx.dir);
    ck_assert_int_eq(store_open(path, 0, &fx.pack, &st, &fx.err), RG_ERR_IO);
    ck_assert_ptr_null(st);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "none.db: no such database (run 'relgraph init' first)"));
    ck_assert_int_ne(access(path, F_OK), 0);
    fx_close(&fx);
}
END_TEST

START_TEST(text_file_is_not_a_relgraph_database)
{
    fixture fx;
    char path[600];
    rg_store *st = NULL;
    fx_open(&fx);
    snprintf(path, sizeof path, "%s/notes.db", fx.dir);
    write_file(path, "these are my notes, not a database\n");
    ck_assert_int_eq(store_open(path, 0, &fx.pack, &st, &fx.err), RG_ERR_DB);
    ck_assert_str_eq(strstr(fx.err.msg, "notes.db"), "notes.db: not a relgraph database");
    ck_assert_int_eq(store_open(path, RG_OPEN_CREATE, &fx.pack, &st, &fx.err), RG_ERR_DB);
    fx_close(&fx);
}
END_TEST

START_TEST(empty_file_is_initialised_only_by_create)
{
    fixture fx;
    char path[600];
    rg_store *st = NULL;
    fx_open(&fx);
    snprintf(path, sizeof path, "%s/empty.db", fx.dir);
    write_file(path, "");
    ck_assert_int_eq(store_open(path, 0, &fx.pack, &st, &fx.err), RG_ERR_DB);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "empty.db: not a relgraph database"));
    ck_assert_int_eq(store_open(path, RG_OPEN_READONLY, &fx.pack, &st, &fx.err), RG_ERR_DB);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "empty.db: not a relgraph database"));
    ck_assert_int_eq(store_open(path, RG_OPEN_CREATE, &fx.pack, &st, &fx.err), RG_OK);
    store_close(st);
    ck_assert_int_eq(store_open(path, 0, &fx.pack, &st, &fx.err), RG_OK);
    store_close(st);
    fx_close(&fx);
}
END_TEST

START_TEST(foreign_sqlite_file_is_refused_untouched)
{
    fixture fx;
    char path[600];
    sqlite3 *db;
    rg_store *st = NULL;
    fx_open(&fx);
    snprintf(path, sizeof path, "%s/other.db", fx.dir);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", 0, 0, 0), SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(store_open(path, RG_OPEN_CREATE, &fx.pack, &st, &fx.err), RG_ERR_DB);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "other.db: not a relgraph database"));
    /* still one table and not switched to WAL */
    assert_text_on(path, "SELECT count(*) FROM sqlite_master", "1");
    assert_text_on(path, "PRAGMA journal_mode", "delete");
    fx_close(&fx);
}
END_TEST

START_TEST(corrupt_file_is_refused)
{
    fixture fx;
    rg_store *st = NULL;
    FILE *f;
    char buf[4096];
    fx_open(&fx);
    for (int i = 0; i < 50; i++)
        add_entity(&fx, "city", (snprintf(buf, sizeof buf, "City %d", i), buf));
    store_close(fx.st);
    fx.st = NULL;
    /* keep the header, garble the pages after it */
    f = fopen(fx.path, "r+b");
    ck_assert_ptr_nonnull(f);
    memset(buf, 0x5a, sizeof buf);
    fseek(f, 100, SEEK_SET);
    fwrite(buf, 1, sizeof buf, f);
    fclose(f);
    ck_assert_int_eq(store_open(fx.path, 0, &fx.pack, &st, &fx.err), RG_ERR_DB);
    ck_assert_ptr_null(st);
    ck_assert_msg(strstr(fx.err.msg, "corrupt") || strstr(fx.err.msg, "not a relgraph"), "%s",
                  fx.err.msg);
    fx_close(&fx);
}
END_TEST

START_TEST(newer_schema_is_refused)
{
    fixture fx;
    sqlite3 *db;
    rg_store *st = NULL;
    char want[700];
    fx_open(&fx);
    store_close(fx.st);
    fx.st = NULL;
    ck_assert_int_eq(sqlite3_open(fx.path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 7", 0, 0, 0), SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(store_open(fx.path, 0, &fx.pack, &st, &fx.err), RG_ERR_DB);
    snprintf(want, sizeof want, "%s: made by a newer relgraph (schema 7; this one knows %d)", fx.path,
             RG_SCHEMA_VERSION);
    ck_assert_str_eq(fx.err.msg, want);
    ck_assert_int_eq(store_open(fx.path, RG_OPEN_READONLY, &fx.pack, &st, &fx.err), RG_ERR_DB);
    fx_close(&fx);
}
END_TEST

/* Schema 1 as released (frozen here: migrations never change), with a
 * document's evidence and an analyst's (document 0) on one link. */
static const char schema_1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "INSERT INTO meta(key, value) VALUES ('app', 'relgraph'), ('created_schema', '1');"
    "CREATE TABLE documents(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
    "  hash TEXT NOT NULL UNIQUE, title TEXT, date TEXT, ingested_at TEXT NOT NULL);"
    "CREATE INDEX documents_name ON documents(name);"
    "CREATE TABLE entities(id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL,"
    "  folded TEXT NOT NULL, attrs TEXT, origin_doc INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX entities_folded ON entities(folded);"
    "CREATE INDEX entities_origin ON entities(origin_doc);"
    "CREATE TABLE aliases(entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
    "  alias TEXT NOT NULL, folded TEXT NOT NULL, origin_doc INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(entity_id, alias)) WITHOUT ROWID;"
    "CREATE INDEX aliases_folded ON aliases(folded);"
    "CREATE TABLE links(id INTEGER PRIMARY KEY, type TEXT NOT NULL,"
    "  source INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
    "  target INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
    "  date TEXT, attrs TEXT, origin_doc INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE(source, target, type));"
    "CREATE INDEX links_target ON links(target);"
    "CREATE INDEX links_origin ON links(origin_doc);"
    "CREATE TABLE link_topics(link_id INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,"
    "  topic TEXT NOT NULL, PRIMARY KEY(link_id, topic)) WITHOUT ROWID;"
    "CREATE TABLE evidence(id INTEGER PRIMARY KEY,"
    "  link_id INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,"
    "  doc_id INTEGER NOT NULL DEFAULT 0, \"start\" INTEGER NOT NULL, \"end\" INTEGER NOT NULL,"
    "  text TEXT NOT NULL, UNIQUE(link_id, doc_id, \"start\", \"end\"));"
    "CREATE INDEX evidence_doc ON evidence(doc_id);"
    "CREATE TABLE mentions(entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  PRIMARY KEY(entity_id, doc_id)) WITHOUT ROWID;"
    "CREATE INDEX mentions_doc ON mentions(doc_id);"
    "INSERT INTO documents VALUES (1, 'a.txt', 'sha256:aa', NULL, NULL, '2026-01-01T00:00:00Z');"
    "INSERT INTO entities VALUES (1, 'city', 'Huế', 'hue', NULL, 1),"
    "  (2, 'city', 'Kyoto', 'kyoto', NULL, 1);"
    "INSERT INTO mentions VALUES (1, 1), (2, 1);"
    "INSERT INTO links VALUES (1, 'sister_city', 1, 2, '1996', NULL, 0);"
    "INSERT INTO evidence(id, link_id, doc_id, \"start\", \"end\", text) VALUES"
    "  (7, 1, 1, 10, 20, 'from the document'), (3, 1, 0, 0, 0, 'typed by an analyst');"
    "PRAGMA user_version = 1;";

/* Replaces the fixture's database by one made with the released schema 1. */
static void write_schema_1(fixture *fx)
{
    sqlite3 *db;

    store_close(fx->st);
    fx->st = NULL;
    unlink(fx->path);
    ck_assert_int_eq(sqlite3_open(fx->path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, schema_1, 0, 0, 0), SQLITE_OK);
    sqlite3_close(db);
}

/* The file's PRAGMA user_version, read with SQLite alone. */
static int schema_version_of(const char *path)
{
    char *text = tu_text_on(path, "PRAGMA user_version");
    int v;
    ck_assert_ptr_nonnull(text);
    v = atoi(text);
    free(text);
    return v;
}

START_TEST(schema_1_migrates_with_its_evidence)
{
    fixture fx;
    sqlite3 *db;
    sqlite3_stmt *s = NULL;
    rg_link l = {0};
    char *before;

    fx_open(&fx);
    write_schema_1(&fx);
    ck_assert_msg(store_open(fx.path, 0, &fx.pack, &fx.st, &fx.err) == RG_OK, "%s", fx.err.msg);
    ck_assert_int_eq(store_get_link(fx.st, 1, &l, &fx.err), RG_OK);
    ck_assert_uint_eq(l.n_evidence, 2);
    ck_assert_int_eq(l.evidence[0].doc, 0);
    ck_assert_str_eq(l.evidence[0].text, "typed by an analyst");
    ck_assert_int_eq(l.evidence[1].doc, 1);
    ck_assert_int_eq(l.evidence[1].start, 10);
    ck_assert_int_eq(l.evidence[1].end, 20);
    ck_assert_str_eq(l.evidence[1].text, "from the document");
    rg_link_clear(&l);
    /* an existing piece is still refused as a duplicate, a new one taken */
    ck_assert_int_eq(store_add_evidence(fx.st, 1, 1, 10, 20, "again", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, 1, 1, 30, 40, "another", &fx.err), RG_OK);
    ck_assert_int_eq(store_get_link(fx.st, 1, &l, &fx.err), RG_OK);
    ck_assert_uint_eq(l.n_evidence, 3);
    ck_assert_str_eq(l.evidence[1].text, "from the document");
    rg_link_clear(&l);
    /* removing the document takes its evidence; the analyst's keeps the link */
    ck_assert_int_eq(store_remove_document(fx.st, 1, &fx.err), RG_OK);
    ck_assert_int_eq(store_get_link(fx.st, 1, &l, &fx.err), RG_OK);
    ck_assert_uint_eq(l.n_evidence, 1);
    ck_assert_str_eq(l.evidence[0].text, "typed by an analyst");
    rg_link_clear(&l);
    before = export_text(fx.st);
    store_close(fx.st);
    fx.st = NULL;

    /* version 2, and evidence has no rowid any more */
    ck_assert_int_eq(schema_version_of(fx.path), RG_SCHEMA_VERSION);
    ck_assert_int_eq(sqlite3_open(fx.path, &db), SQLITE_OK);
    ck_assert_int_ne(sqlite3_prepare_v2(db, "SELECT rowid FROM evidence", -1, &s, NULL), SQLITE_OK);
    sqlite3_finalize(s);
    sqlite3_close(db);
    assert_text_on(fx.path, "PRAGMA integrity_check", "ok");

    /* opening again migrates nothing and reads the same */
    ck_assert_msg(store_open(fx.path, RG_OPEN_READONLY, &fx.pack, &fx.st, &fx.err) == RG_OK, "%s",
                  fx.err.msg);
    expect_export(fx.st, before);
    fx_close(&fx);
}
END_TEST

START_TEST(readonly_open_reads_and_refuses_writes)
{
    fixture fx;
    rg_store *ro = NULL;
    rg_id id, got = 0;
    fx_open(&fx);
    id = add_entity(&fx, "city", "Đà Nẵng");
    store_close(fx.st);
    fx.st = NULL;
    ck_assert_int_eq(chmod(fx.path, 0444), 0);
    ck_assert_int_eq(chmod(fx.dir, 0555), 0);
    ck_assert_msg(store_open(fx.path, RG_OPEN_READONLY, &fx.pack, &ro, &fx.err) == RG_OK, "%s",
                  fx.err.msg);
    ck_assert_int_eq(store_resolve_entity(ro, "da nang", &got, &fx.err), RG_OK);
    ck_assert_int_eq(got, id);
    ck_assert_int_eq(store_begin(ro, &fx.err), RG_ERR_DB);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "read-only"));
    ck_assert_int_ne(store_add_entity(ro, "city", "Huế", NULL, NULL, 0, NULL, &fx.err), RG_OK);
    store_close(ro);
    chmod(fx.dir, 0755);
    fx_close(&fx);
}
END_TEST

/* Opens path read-only as a user without write permission (nobody, when
 * the tests run as root, since root ignores file modes) and resolves a name;
 * returns 0 when both work. */
static int read_as_unprivileged(const char *path, rg_pack *pack, const char *name)
{
    pid_t pid = fork();
    int status = 0;

    if (pid == 0) {
        rg_store *st = NULL;
        rg_error err = {0};
        rg_id id = 0;
        if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        if (store_open(path, RG_OPEN_READONLY, pack, &st, &err) != RG_OK) {
            fprintf(stderr, "open: %s\n", err.msg);
            _exit(1);
        }
        if (store_resolve_entity(st, name, &id, &err) != RG_OK) {
            fprintf(stderr, "resolve: %s\n", err.msg);
            _exit(2);
        }
        store_close(st);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

/* A read command must not need a write command first: opening an older
 * database for reading upgrades it when the file may be written. */
START_TEST(read_only_open_upgrades_an_old_schema)
{
    fixture fx;
    rg_link l = {0};

    fx_open(&fx);
    write_schema_1(&fx);
    ck_assert_msg(store_open(fx.path, RG_OPEN_READONLY, &fx.pack, &fx.st, &fx.err) == RG_OK, "%s",
                  fx.err.msg);
    ck_assert_int_eq(store_get_link(fx.st, 1, &l, &fx.err), RG_OK);
    ck_assert_uint_eq(l.n_evidence, 2);
    ck_assert_str_eq(l.evidence[1].text, "from the document");
    rg_link_clear(&l);
    /* still read-only after the upgrade */
    ck_assert_int_ne(store_add_evidence(fx.st, 1, 1, 30, 40, "another", &fx.err), RG_OK);
    store_close(fx.st);
    fx.st = NULL;
    ck_assert_int_eq(schema_version_of(fx.path), RG_SCHEMA_VERSION);
    fx_close(&fx);
}
END_TEST

START_TEST(readonly_file_in_readonly_folder)
{
    fixture fx;
    fx_open(&fx);
    add_entity(&fx, "city", "Cần Thơ");
    store_close(fx.st);
    fx.st = NULL;
    ck_assert_int_eq(chmod(fx.path, 0444), 0);
    ck_assert_int_eq(chmod(fx.dir, 0555), 0);
    /* no -shm can be created here: the store falls back to immutable reading */
    ck_assert_int_eq(read_as_unprivileged(fx.path, &fx.pack, "can tho"), 0);
    chmod(fx.dir, 0777);
    /* a writable folder: the read-only file is still readable */
    ck_assert_int_eq(read_as_unprivileged(fx.path, &fx.pack, "can tho"), 0);
    chmod(fx.dir, 0755);
    fx_close(&fx);
}
END_TEST

START_TEST(wal_and_foreign_keys_are_on)
{
    fixture fx;
    fx_open(&fx);
    add_entity(&fx, "city", "Huế");
    assert_text_on(fx.path, "PRAGMA journal_mode", "wal");
    assert_text_on(fx.path, "SELECT value FROM meta WHERE key = 'app'", "relgraph");
    ck_assert_int_eq(schema_version_of(fx.path), RG_SCHEMA_VERSION);
    fx_close(&fx);
}
END_TEST

/* ---- entities and names ------------------------------------------------------ */

START_TEST(lookup_through_fold_and_alias)
{
    fixture fx;
    rg_id city;
    fx_open(&fx);
    city = add_entity(&fx, "city", "Thành phố Hồ Chí Minh");
    ck_assert_int_eq(resolve(&fx, "Thành phố Hồ Chí Minh"), city);
    ck_assert_int_eq(resolve(&fx, "thanh pho ho chi minh"), city);
    ck_assert_int_eq(resolve(&fx, "tp.hcm"), -(rg_id)RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_add_alias(fx.st, city, "TP.HCM", &fx.err), RG_OK);
    ck_assert_int_eq(resolve(&fx, "tp.hcm"), city);
    ck_assert_int_eq(resolve(&fx, "TP HCM"), city);
    /* ids resolve as ids */
    {
        char buf[32];
        snprintf(buf, sizeof buf, "e%lld", (long long)city);
        ck_assert_int_eq(resolve(&fx, buf), city);
        snprintf(buf, sizeof buf, "%lld", (long long)city);
        ck_assert_int_eq(resolve(&fx, buf), city);
    }
    fx_close(&fx);
}
END_TEST

START_TEST(entity_with_aliases_and_attrs_round_trips)
{
    fixture fx;
    rg_strlist aliases = {0};
    rg_entity e = {0};
    rg_id id = 0, ids_n;
    rg_id *ids = NULL;
    size_t n = 0;
    fx_open(&fx);
    rg_strlist_push(&aliases, "Saigon");
    rg_strlist_push(&aliases, "HCMC");
    rg_strlist_push(&aliases, "thành phố hồ chí minh"); /* folds like the name: skipped */
    ck_assert_int_eq(store_add_entity(fx.st, "city", "Thành phố Hồ Chí Minh", &aliases,
                                      "{\"pop\": 9, \"country\": \"VN\"}", 0, &id, &fx.err), RG_OK);
    ck_assert_int_eq(store_get_entity(fx.st, id, &e, &fx.err), RG_OK);
    ck_assert_str_eq(e.type, "city");
    ck_assert_str_eq(e.name, "Thành phố Hồ Chí Minh");
    ck_assert_uint_eq(e.aliases.len, 2);
    ck_assert_str_eq(e.aliases.items[0], "HCMC");
    ck_assert_str_eq(e.aliases.items[1], "Saigon");
    ck_assert_str_eq(e.attrs, "{\"country\":\"VN\",\"pop\":9}");
    rg_entity_clear(&e);
    ck_assert_int_eq(store_lookup_entities(fx.st, "SAIGON", "city", &ids, &n, &fx.err), RG_OK);
    ck_assert_uint_eq(n, 1);
    ids_n = ids[0];
    ck_assert_int_eq(ids_n, id);
    free(ids);
    ck_assert_int_eq(store_lookup_entities(fx.st, "saigon", "person", &ids, &n, &fx.err), RG_OK);
    ck_assert_uint_eq(n, 0);
    free(ids);
    rg_strlist_free(&aliases);
    fx_close(&fx);
}
END_TEST

START_TEST(entity_attrs_are_set_and_merged)
{
    fixture fx;
    rg_id a, b;
    rg_entity e = {0};
    json_t *v = json_integer(1987);
    fx_open(&fx);
    a = add_entity(&fx, "city", "Đà Nẵng");
    ck_assert_int_eq(store_add_entity(fx.st, "city", "Tourane", NULL, "{\"population\": 1.2, "
                                      "\"region\": \"south\"}", 0, &b, &fx.err), RG_OK);
    ck_assert_int_eq(store_set_entity_attr(fx.st, a, "twinned_since", v, &fx.err), RG_OK);
    {
        json_t *region = json_string("central");
        ck_assert_int_eq(store_set_entity_attr(fx.st, a, "region", region, &fx.err), RG_OK);
        json_decref(region);
    }
    ck_assert_int_eq(store_set_entity_attr(fx.st, 999, "x", v, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_set_entity_attr(fx.st, a, "", v, &fx.err), RG_ERR_INVALID);
    json_decref(v);
    /* merging fills the keys keep lacks, never overwrites */
    ck_assert_int_eq(store_merge_entities(fx.st, a, b, &fx.err), RG_OK);
    ck_assert_int_eq(store_get_entity(fx.st, a, &e, &fx.err), RG_OK);
    ck_assert_str_eq(e.attrs, "{\"population\":1.2,\"region\":\"central\",\"twinned_since\":1987}");
    ck_assert_uint_eq(e.aliases.len, 1);
    ck_assert_str_eq(e.aliases.items[0], "Tourane");
    rg_entity_clear(&e);
    fx_close(&fx);
}
END_TEST

START_TEST(duplicate_name_of_same_type_exists)
{
    fixture fx;
    rg_id a, b = 0, p;
    fx_open(&fx);
    a = add_entity(&fx, "city", "Hà Nội");
    ck_assert_int_eq(store_add_entity(fx.st, "city", "HA NOI", NULL, NULL, 0, &b, &fx.err),
                     RG_ERR_EXISTS);
    ck_assert_int_eq(b, a);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "exists already"));
    /* another type may share the name; the bare name is then ambiguous */
    p = add_entity(&fx, "agency", "Hà Nội");
    ck_assert_int_ne(p, a);
    ck_assert_int_eq(resolve(&fx, "ha noi"), -(rg_id)RG_ERR_AMBIGUOUS);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "did you mean: Hà Nội (city"));
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "Hà Nội (agency"));
    fx_close(&fx);
}
END_TEST

START_TEST(bad_names_and_types_are_rejected)
{
    fixture fx;
    rg_id id = 0;
    fx_open(&fx);
    ck_assert_int_eq(store_add_entity(fx.st, "town", "Huế", NULL, NULL, 0, &id, &fx.err),
                     RG_ERR_SCHEMA);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "unknown entity type 'town' (valid: city, country"));
    ck_assert_int_eq(store_add_entity(fx.st, "city", "", NULL, NULL, 0, &id, &fx.err), RG_ERR_INVALID);
    ck_assert_int_eq(store_add_entity(fx.st, "city", "...", NULL, NULL, 0, &id, &fx.err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "no letter or digit"));
    ck_assert_int_eq(store_add_entity(fx.st, "city", "Hu\xff", NULL, NULL, 0, &id, &fx.err),
                     RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "UTF-8"));
    ck_assert_int_eq(store_add_entity(fx.st, "city", "Huế", NULL, "[1]", 0, &id, &fx.err),
                     RG_ERR_INVALID);
    ck_assert_int_eq(store_add_alias(fx.st, 999, "x", &fx.err), RG_ERR_NOT_FOUND);
    fx_close(&fx);
}
END_TEST

START_TEST(alias_owned_by_another_entity_is_refused)
{
    fixture fx;
    rg_id a, b;
    fx_open(&fx);
    a = add_entity(&fx, "city", "Hà Nội");
    b = add_entity(&fx, "city", "Hải Phòng");
    ck_assert_int_eq(store_add_alias(fx.st, a, "HN", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_alias(fx.st, a, "hn", &fx.err), RG_OK); /* its own: no-op */
    {
        rg_entity e = {0};
        ck_assert_int_eq(store_get_entity(fx.st, a, &e, &fx.err), RG_OK);
        ck_assert_uint_eq(e.aliases.len, 1);
        ck_assert_str_eq(e.aliases.items[0], "HN");
        rg_entity_clear(&e);
    }
    ck_assert_int_eq(store_add_alias(fx.st, b, "H.N.", &fx.err), RG_ERR_EXISTS);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "H.N."));
    ck_assert_int_eq(resolve(&fx, "hn"), a);
    fx_close(&fx);
}
END_TEST

START_TEST(did_you_mean_lists_close_names)
{
    fixture fx;
    fx_open(&fx);
    add_entity(&fx, "city", "Hà Nội");
    add_entity(&fx, "city", "Hà Giang");
    add_entity(&fx, "agency", "Hanoi People's Committee");
    add_entity(&fx, "city", "Yokohama");
    ck_assert_int_eq(resolve(&fx, "Hanio"), -(rg_id)RG_ERR_NOT_FOUND);
    ck_assert_str_eq(fx.err.msg, "no entity 'Hanio'; did you mean: Hà Nội (city)");
    ck_assert_int_eq(resolve(&fx, "Ha"), -(rg_id)RG_ERR_NOT_FOUND);
    /* prefixes first (byte order of names), then names containing it */
    ck_assert_str_eq(fx.err.msg, "no entity 'Ha'; did you mean: Hanoi People's Committee (agency), "
                                 "Hà Giang (city), Hà Nội (city), Yokohama (city)");
    ck_assert_int_eq(resolve(&fx, "zzzz"), -(rg_id)RG_ERR_NOT_FOUND);
    ck_assert_str_eq(fx.err.msg, "no entity 'zzzz'");
    fx_close(&fx);
}
END_TEST

START_TEST(did_you_mean_stops_at_five)
{
    fixture fx;
    char name[64];
    fx_open(&fx);
    for (int i = 0; i < 9; i++) {
        snprintf(name, sizeof name, "Port %c", 'A' + i);
        add_entity(&fx, "city", name);
    }
    ck_assert_int_eq(resolve(&fx, "port"), -(rg_id)RG_ERR_NOT_FOUND);
    ck_assert_str_eq(fx.err.msg, "no entity 'port'; did you mean: Port A (city), Port B (city), "
                                 "Port C (city), Port D (city), Port E (city)");
    fx_close(&fx);
}
END_TEST

/* ---- links -------------------------------------------------------------------- */

/* store_add_link_typed stores what store_add_link stores, checks the pack
 * against the types it is given, and still refuses a missing entity. */
START_TEST(typed_links_store_what_plain_links_store)
{
    fixture fx;
    rg_id a, b, c, l1 = 0, l2 = 0, l3 = 0;
    bool created = false;
    char *before, *after;
    fx_open(&fx);
    ck_assert_int_eq(store_begin(fx.st, &fx.err), RG_OK);
    a = add_entity(&fx, "city", "Hà Nội");
    b = add_entity(&fx, "city", "Bắc Kinh");
    c = add_entity(&fx, "country", "Pháp");
    ck_assert_int_eq(store_add_link_typed(fx.st, "sister_city", b, "city", a, "city", "1994", NULL,
                                          0, &l1, &created, &fx.err), RG_OK);
    ck_assert(created);
    /* the same link, plain and reversed (symmetric): merged into it */
    ck_assert_int_eq(store_add_link(fx.st, "sister_city", a, b, NULL, NULL, NULL, 0, &l2, &created,
                                    &fx.err), RG_OK);
    ck_assert_int_eq(l1, l2);
    ck_assert(!created);
    /* the pack is checked against the types given */
    ck_assert_int_eq(store_add_link_typed(fx.st, "sister_city", a, "city", c, "country", NULL,
                                          NULL, 0, &l3, &created, &fx.err), RG_ERR_SCHEMA);
    before = export_text(fx.st);
    /* a missing entity: the foreign key refuses it, nothing is stored */
    ck_assert_int_eq(store_add_link_typed(fx.st, "sister_city", a, "city", c + 100, "city", NULL,
                                          NULL, 0, &l3, &created, &fx.err), RG_ERR_NOT_FOUND);
    after = export_text(fx.st);
    ck_assert_str_eq(before, after);
    ck_assert_int_eq(store_commit(fx.st, &fx.err), RG_OK);
    free(before);
    free(after);
    fx_close(&fx);
}
END_TEST

START_TEST(symmetric_links_dedupe_both_directions)
{
    fixture fx;
    rg_id a, b, l1, l2 = 0;
    rg_link l = {0};
    bool created = true;
    rg_strlist topics = {0};
    fx_open(&fx);
    a = add_entity(&fx, "city", "Hà Nội");
    b = add_entity(&fx, "city", "Bắc Kinh");
    l1 = add_link(&fx, "sister_city", b, a, NULL);
    rg_strlist_push(&topics, "culture");
    ck_assert_int_eq(store_add_link(fx.st, "sister_city", a, b, "1994-10", &topics, NULL, 0, &l2,
                                    &created, &fx.err), RG_OK);
    ck_assert_int_eq(l1, l2);
    ck_assert(!created);
    ck_assert_int_eq(store_get_link(fx.st, l1, &l, &fx.err), RG_OK);
    ck_assert_int_eq(l.source, a < b ? a : b);
    ck_assert_int_eq(l.target, a < b ? b : a);
    ck_assert_str_eq(l.date, "1994-10");
    ck_assert_uint_eq(l.topics.len, 1);
    rg_link_clear(&l);
    /* an existing date is kept */
    ck_assert_int_eq(store_add_link(fx.st, "sister_city", a, b, "2001", NULL, NULL, 0, &l2,
                                    &created, &fx.err), RG_OK);
    ck_assert_int_eq(store_get_link(fx.st, l1, &l, &fx.err), RG_OK);
    ck_assert_str_eq(l.date, "1994-10");
    rg_link_clear(&l);
    rg_strlist_free(&topics);
    fx_close(&fx);
}
END_TEST

START_TEST(directed_links_keep_direction)
{
    fixture fx;
    rg_id c, f, l1, l2;
    fx_open(&fx);
    c = add_entity(&fx, "city", "Đà Nẵng");
    f = add_entity(&fx, "agency", "Sở Ngoại vụ");
    l1 = add_link(&fx, "part_of", f, c, NULL);
    l2 = add_link(&fx, "located_in", f, c, NULL);
    ck_assert_int_ne(l1, l2);
    ck_assert_int_eq(store_add_link(fx.st, "part_of", c, f, NULL, NULL, NULL, 0, NULL, NULL, &fx.err),
                     RG_ERR_SCHEMA);
    fx_close(&fx);
}
END_TEST

START_TEST(link_merge_adds_evidence_once)
{
    fixture fx;
    rg_id a, b, d, l;
    rg_link got = {0};
    fx_open(&fx);
    a = add_entity(&fx, "city", "Hà Nội");
    b = add_entity(&fx, "city", "Seoul");
    d = add_doc(&fx, "a.txt", "sha256:aa");
    l = add_link(&fx, "sister_city", a, b, NULL);
    ck_assert_int_eq(store_add_evidence(fx.st, l, d, 10, 40, "Hà Nội and Seoul ...", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, l, d, 10, 40, "Hà Nội and Seoul ...", &fx.err), RG_OK);
    ck_assert_int_eq(add_link(&fx, "sister_city", b, a, NULL), l);
    ck_assert_int_eq(store_add_evidence(fx.st, l, d, 50, 90, "again", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, l, 0, 0, 5, "typed", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, l, 77, 0, 5, "x", &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_add_evidence(fx.st, 999, d, 0, 5, "x", &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_add_evidence(fx.st, l, d, 9, 5, "x", &fx.err), RG_ERR_INVALID);
    ck_assert_int_eq(store_get_link(fx.st, l, &got, &fx.err), RG_OK);
    ck_assert_uint_eq(got.n_evidence, 3);
    ck_assert_int_eq(got.evidence[0].doc, 0);
    ck_assert_int_eq(got.evidence[1].start, 10);
    ck_assert_int_eq(got.evidence[2].start, 50);
    rg_link_clear(&got);
    fx_close(&fx);
}
END_TEST

START_TEST(evidence_rows_are_added_all_or_nothing)
{
    fixture fx;
    rg_id a, b, c, d, l1, l2;
    rg_link got = {0};
    char *before;
    fx_open(&fx);
    a = add_entity(&fx, "city", "Hà Nội");
    b = add_entity(&fx, "city", "Seoul");
    c = add_entity(&fx, "city", "Huế");
    d = add_doc(&fx, "a.txt", "sha256:aa");
    l1 = add_link(&fx, "sister_city", a, b, NULL);
    l2 = add_link(&fx, "sister_city", a, c, NULL);
    ck_assert_int_eq(store_add_evidence(fx.st, l1, d, 10, 40, "first", &fx.err), RG_OK);
    {
        /* out of order, one repeated, one already stored */
        rg_evidence_row rows[] = {
            {l2, 50, 60, "two"}, {l1, 10, 40, "first again"}, {l1, 0, 9, "zero"},
            {l2, 50, 60, "two"},
        };
        ck_assert_msg(store_add_evidence_rows(fx.st, d, rows, 4, &fx.err) == RG_OK, "%s",
                      fx.err.msg);
    }
    ck_assert_int_eq(store_get_link(fx.st, l1, &got, &fx.err), RG_OK);
    ck_assert_uint_eq(got.n_evidence, 2);
    ck_assert_int_eq(got.evidence[0].start, 0);
    ck_assert_str_eq(got.evidence[1].text, "first");
    rg_link_clear(&got);
    ck_assert_int_eq(store_get_link(fx.st, l2, &got, &fx.err), RG_OK);
    ck_assert_uint_eq(got.n_evidence, 1);
    rg_link_clear(&got);

    /* a refused row adds none of the others */
    before = export_text(fx.st);
    {
        rg_evidence_row rows[] = {{l1, 70, 80, "new"}, {999, 0, 5, "no such link"}};
        ck_assert_int_eq(store_add_evidence_rows(fx.st, d, rows, 2, &fx.err), RG_ERR_NOT_FOUND);
        ck_assert_str_eq(fx.err.msg, "no link l999");
    }
    {
        rg_evidence_row rows[] = {{l1, 70, 80, "new"}, {l2, 9, 5, "backwards"}};
        ck_assert_int_eq(store_add_evidence_rows(fx.st, d, rows, 2, &fx.err), RG_ERR_INVALID);
    }
    {
        rg_evidence_row rows[] = {{l1, 70, 80, "new"}};
        ck_assert_int_eq(store_add_evidence_rows(fx.st, 77, rows, 1, &fx.err), RG_ERR_NOT_FOUND);
    }
    expect_export(fx.st, before);
    fx_close(&fx);
}
END_TEST

START_TEST(link_schema_violations_name_valid_types)
{
    fixture fx;
    rg_id c, p;
    fx_open(&fx);
    c = add_entity(&fx, "city", "Huế");
    p = add_entity(&fx, "person", "Nguyễn Văn A");
    ck_assert_int_eq(store_add_link(fx.st, "twinned", c, p, NULL, NULL, NULL, 0, NULL, NULL, &fx.err),
                     RG_ERR_SCHEMA);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "unknown link type 'twinned' (valid: sister_city"));
    ck_assert_int_eq(store_add_link(fx.st, "sister_city", c, p, NULL, NULL, NULL, 0, NULL, NULL,
                                    &fx.err), RG_ERR_SCHEMA);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "city <-> city"));
    ck_assert_int_eq(store_add_link(fx.st, "visited", p, c, "2019-02-30", NULL, NULL, 0, NULL, NULL,
                                    &fx.err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "2019-02-30"));
    ck_assert_int_eq(store_add_link(fx.st, "visited", p, 999, NULL, NULL, NULL, 0, NULL, NULL, &fx.err),
                     RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_add_link(fx.st, "cooperates_with", c, c, NULL, NULL, NULL, 0, NULL, NULL,
                                    &fx.err), RG_ERR_INVALID);
    ck_assert_int_eq(store_add_link(fx.st, "visited", p, c, "2019-02-28", NULL, NULL, 0, NULL, NULL,
                                    &fx.err), RG_OK);
    fx_close(&fx);
}
END_TEST

/* ---- merge, remove ----------------------------------------------------------- */

START_TEST(merge_moves_everything_and_dedupes)
{
    fixture fx;
    rg_id keep, other, x, y, d1, d2, lk, lo, lself, ly;
    rg_entity e = {0};
    rg_link l = {0};
    rg_graph g = {0};
    fx_open(&fx);
    keep = add_entity(&fx, "city", "Thành phố Hồ Chí Minh");
    other = add_entity(&fx, "city", "Saigon");
    x = add_entity(&fx, "city", "Osaka");
    y = add_entity(&fx, "forum", "CityNet");
    ck_assert_int_eq(store_add_alias(fx.st, other, "Sài Gòn Cũ", &fx.err), RG_OK);
    d1 = add_doc(&fx, "a.txt", "sha256:a1");
    d2 = add_doc(&fx, "b.txt", "sha256:b2");
    lk = add_link(&fx, "sister_city", keep, x, "2000");
    lo = add_link(&fx, "sister_city", x, other, "1995-04");
    lself = add_link(&fx, "cooperates_with", keep, other, NULL);
    ly = add_link(&fx, "member_of", other, y, NULL);
    ck_assert_int_eq(store_add_evidence(fx.st, lk, d1, 0, 10, "k", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, lo, d2, 0, 10, "o", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, other, d2, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, other, d2, &fx.err), RG_OK); /* idempotent */
    ck_assert_int_eq(store_add_mention(fx.st, 999, d2, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_str_eq(fx.err.msg, "no entity e999");
    ck_assert_int_eq(store_add_mention(fx.st, other, 999, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_str_eq(fx.err.msg, "no document d999");

    ck_assert_int_eq(store_merge_entities(fx.st, keep, keep, &fx.err), RG_ERR_INVALID);
    ck_assert_int_eq(store_merge_entities(fx.st, keep, other, &fx.err), RG_OK);
    ck_assert_int_eq(store_get_entity(fx.st, other, &e, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(resolve(&fx, "saigon"), keep);
    ck_assert_int_eq(resolve(&fx, "sai gon cu"), keep);
    /* the duplicate sister_city link merged into lk: both evidence, earliest date */
    ck_assert_int_eq(store_get_link(fx.st, lk, &l, &fx.err), RG_OK);
    ck_assert_uint_eq(l.n_evidence, 2);
    ck_assert_str_eq(l.date, "1995-04");
    rg_link_clear(&l);
    ck_assert_int_eq(store_get_link(fx.st, lo, &l, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_link(fx.st, lself, &l, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_link(fx.st, ly, &l, &fx.err), RG_OK);
    ck_assert_int_eq(l.source, keep);
    rg_link_clear(&l);
    ck_assert_int_eq(store_load_graph(fx.st, 0, &g, &fx.err), RG_OK);
    ck_assert_uint_eq(g.n_entities, 3);
    ck_assert_uint_eq(g.n_links, 2);
    rg_graph_free(&g);
    fx_close(&fx);
}
END_TEST

START_TEST(remove_entity_takes_its_links)
{
    fixture fx;
    rg_id a, b, c, l1, l2;
    rg_link l = {0};
    rg_stats stats;
    fx_open(&fx);
    a = add_entity(&fx, "city", "A city");
    b = add_entity(&fx, "city", "B city");
    c = add_entity(&fx, "city", "C city");
    l1 = add_link(&fx, "sister_city", a, b, NULL);
    l2 = add_link(&fx, "sister_city", b, c, NULL);
    ck_assert_int_eq(store_add_evidence(fx.st, l1, 0, 0, 1, "x", &fx.err), RG_OK);
    ck_assert_int_eq(store_remove_entity(fx.st, a, &fx.err), RG_OK);
    ck_assert_int_eq(store_remove_entity(fx.st, a, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_link(fx.st, l1, &l, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_link(fx.st, l2, &l, &fx.err), RG_OK);
    rg_link_clear(&l);
    ck_assert_int_eq(store_stats(fx.st, &stats, &fx.err), RG_OK);
    ck_assert_uint_eq(stats.entities, 2);
    ck_assert_uint_eq(stats.links, 1);
    ck_assert_uint_eq(stats.evidence, 0);
    ck_assert_int_eq(store_remove_link(fx.st, l2, &fx.err), RG_OK);
    ck_assert_int_eq(store_remove_link(fx.st, l2, &fx.err), RG_ERR_NOT_FOUND);
    fx_close(&fx);
}
END_TEST

START_TEST(document_removal_keeps_what_others_support)
{
    fixture fx;
    rg_id d1, d2, only1, both, manual, l_only1, l_both, l_manual;
    rg_entity e = {0};
    rg_link l = {0};
    rg_id found = 0;
    fx_open(&fx);
    d1 = add_doc(&fx, "one.txt", "sha256:01");
    d2 = add_doc(&fx, "two.txt", "sha256:02");
    ck_assert_int_eq(store_add_entity(fx.st, "city", "Only One", NULL, NULL, d1, &only1, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_entity(fx.st, "city", "Both", NULL, NULL, d1, &both, &fx.err), RG_OK);
    manual = add_entity(&fx, "city", "Manual");
    ck_assert_int_eq(store_add_mention(fx.st, only1, d1, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, both, d1, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, both, d2, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_link(fx.st, "sister_city", only1, both, NULL, NULL, NULL, d1, &l_only1,
                                    NULL, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, l_only1, d1, 0, 5, "one", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_link(fx.st, "cooperates_with", both, manual, NULL, NULL, NULL, d1,
                                    &l_both, NULL, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, l_both, d1, 0, 5, "one", &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, l_both, d2, 0, 5, "two", &fx.err), RG_OK);
    l_manual = add_link(&fx, "signed_with", only1, manual, NULL);

    ck_assert_int_eq(store_remove_document(fx.st, d1, &fx.err), RG_OK);
    ck_assert_int_eq(store_find_document_by_hash(fx.st, "sha256:01", &found, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_link(fx.st, l_only1, &l, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_link(fx.st, l_both, &l, &fx.err), RG_OK);
    ck_assert_uint_eq(l.n_evidence, 1);
    rg_link_clear(&l);
    ck_assert_int_eq(store_get_link(fx.st, l_manual, &l, &fx.err), RG_OK);
    rg_link_clear(&l);
    /* only1 survives: the manual link still touches it */
    ck_assert_int_eq(store_get_entity(fx.st, only1, &e, &fx.err), RG_OK);
    rg_entity_clear(&e);
    ck_assert_int_eq(store_get_entity(fx.st, both, &e, &fx.err), RG_OK);
    rg_entity_clear(&e);
    /* with the manual link gone, removing d2 (now the support of what d1
     * introduced) takes the rest; the manual entity stays */
    ck_assert_int_eq(store_remove_link(fx.st, l_manual, &fx.err), RG_OK);
    ck_assert_int_eq(store_remove_document(fx.st, d2, &fx.err), RG_OK);
    ck_assert_int_eq(store_remove_document(fx.st, d2, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_entity(fx.st, manual, &e, &fx.err), RG_OK);
    rg_entity_clear(&e);
    ck_assert_int_eq(store_get_link(fx.st, l_both, &l, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_entity(fx.st, both, &e, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_entity(fx.st, only1, &e, &fx.err), RG_OK);
    rg_entity_clear(&e);
    fx_close(&fx);
}
END_TEST

START_TEST(document_removal_deletes_orphans)
{
    fixture fx;
    rg_id d1, a, b, l;
    rg_entity e = {0};
    bool empty = false;
    fx_open(&fx);
    d1 = add_doc(&fx, "one.txt", "sha256:01");
    ck_assert_int_eq(store_add_entity(fx.st, "city", "A", NULL, NULL, d1, &a, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_entity(fx.st, "city", "B", NULL, NULL, d1, &b, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, a, d1, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_link(fx.st, "sister_city", a, b, NULL, NULL, NULL, d1, &l, NULL,
                                    &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, l, d1, 0, 5, "one", &fx.err), RG_OK);
    ck_assert_int_eq(store_remove_document(fx.st, d1, &fx.err), RG_OK);
    ck_assert_int_eq(store_get_entity(fx.st, a, &e, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_get_entity(fx.st, b, &e, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_is_empty(fx.st, &empty, &fx.err), RG_OK);
    ck_assert(empty);
    fx_close(&fx);
}
END_TEST

/* With the reference checks off the cascades are off too: removing a
 * document must delete the topics, aliases and mentions of what it
 * removes by itself. */
START_TEST(document_removal_leaves_no_orphans_with_references_trusted)
{
    fixture fx;
    rg_id d1, a, b, l;
    rg_strlist aliases = {0}, topics = {0};
    bool empty = false;
    fx_open(&fx);
    ck_assert_int_eq(store_trust_references(fx.st, true, &fx.err), RG_OK);
    d1 = add_doc(&fx, "one.txt", "sha256:01");
    rg_strlist_push(&aliases, "Old A");
    rg_strlist_push(&topics, "culture");
    ck_assert_int_eq(store_add_entity(fx.st, "city", "A", &aliases, NULL, d1, &a, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_entity(fx.st, "city", "B", NULL, NULL, d1, &b, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, a, d1, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, b, d1, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_link(fx.st, "sister_city", a, b, "2001", &topics, NULL, d1, &l, NULL,
                                    &fx.err), RG_OK);
    ck_assert_int_eq(store_add_evidence(fx.st, l, d1, 0, 5, "one", &fx.err), RG_OK);
    ck_assert_int_eq(tu_rows_on(fx.path, "SELECT * FROM aliases"), 1);
    ck_assert_int_eq(tu_rows_on(fx.path, "SELECT * FROM link_topics"), 1);

    ck_assert_int_eq(store_remove_document(fx.st, d1, &fx.err), RG_OK);
    ck_assert_int_eq(store_is_empty(fx.st, &empty, &fx.err), RG_OK);
    ck_assert(empty);
    ck_assert_int_eq(tu_rows_on(fx.path, "SELECT * FROM aliases"), 0);
    ck_assert_int_eq(tu_rows_on(fx.path, "SELECT * FROM link_topics"), 0);
    ck_assert_int_eq(tu_rows_on(fx.path, "SELECT * FROM mentions"), 0);
    ck_assert_int_eq(tu_rows_on(fx.path, "PRAGMA foreign_key_check"), 0);
    rg_strlist_free(&aliases);
    rg_strlist_free(&topics);
    fx_close(&fx);
}
END_TEST

/* Trusting stores a missing id as given; the checks come back when asked,
 * and cannot change inside a transaction (SQLite would ignore it). */
START_TEST(reference_checks_go_off_and_on_outside_transactions)
{
    fixture fx;
    rg_id d;
    fx_open(&fx);
    d = add_doc(&fx, "one.txt", "sha256:01");
    ck_assert_int_eq(store_add_mention(fx.st, 999, d, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_trust_references(fx.st, true, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, 999, d, &fx.err), RG_OK);
    ck_assert_int_eq(tu_rows_on(fx.path, "PRAGMA foreign_key_check"), 1);
    ck_assert_int_eq(store_begin(fx.st, &fx.err), RG_OK);
    ck_assert_int_eq(store_trust_references(fx.st, false, &fx.err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(fx.err.msg, "inside a transaction"));
    store_rollback(fx.st);
    ck_assert_int_eq(store_trust_references(fx.st, false, &fx.err), RG_OK);
    ck_assert_int_eq(store_add_mention(fx.st, 998, d, &fx.err), RG_ERR_NOT_FOUND);
    fx_close(&fx);
}
END_TEST

/* After store_setup_process SQLite keeps no statistics of its memory
 * (which makes each of its allocations cheaper); once SQLite is in use
 * the setting cannot change, and the call says so. */
START_TEST(process_setup_turns_sqlite_memory_statistics_off)
{
    fixture fx;
    rg_error err = {0};
    /* Check forks a fresh process per test, but under CK_FORK=no (the
     * valgrind run) earlier tests have used SQLite */
    ck_assert_int_eq(sqlite3_shutdown(), SQLITE_OK);
    ck_assert_int_eq(store_setup_process(&err), RG_OK);
    fx_open(&fx);
    add_entity(&fx, "city", "Huế");
    ck_assert_int_eq(sqlite3_memory_used(), 0);
    ck_assert_int_eq(store_setup_process(&err), RG_ERR_INTERNAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "already in use"));
    fx_close(&fx);
}
END_TEST

START_TEST(documents_are_found_by_hash_and_name)
{
    fixture fx;
    rg_document d = {0};
    rg_id id, again = 0, found = 0;
    fx_open(&fx);
    id = add_doc(&fx, "news/a.txt", "sha256:abc");
    d.name = "copy.txt";
    rg_copy_fixed(d.hash, sizeof d.hash, "sha256:abc");
    ck_assert_int_eq(store_add_document(fx.st, &d, &again, &fx.err), RG_ERR_EXISTS);
    ck_assert_int_eq(again, id);
    ck_assert_int_eq(store_find_document_by_name(fx.st, "news/a.txt", &found, &fx.err), RG_OK);
    ck_assert_int_eq(found, id);
    ck_assert_int_eq(store_find_document_by_name(fx.st, "b.txt", &found, &fx.err), RG_ERR_NOT_FOUND);
    rg_copy_fixed(d.hash, sizeof d.hash, "sha256:def");
    rg_copy_fixed(d.date, sizeof d.date, "2020-13");
    ck_assert_int_eq(store_add_document(fx.st, &d, &again, &fx.err), RG_ERR_INVALID);
    fx_close(&fx);
}
END_TEST

START_TEST(rollback_leaves_database_unchanged)
{
    fixture fx;
    rg_id a, b, d;
    char *before, *after;
    fx_open(&fx);
    a = add_entity(&fx, "city", "Hà Nội");
    b = add_entity(&fx, "city", "Paris");
    add_link(&fx, "sister_city", a, b, "2013");
    before = export_text(fx.st);
    ck_assert_int_eq(store_begin(fx.st, &fx.err), RG_OK);
    d = add_doc(&fx, "x.txt", "sha256:x");
    add_entity(&fx, "city", "Lyon");
    ck_assert_int_eq(store_add_alias(fx.st, a, "HN", &fx.err), RG_OK);
    ck_assert_int_eq(store_merge_entities(fx.st, a, b, &fx.err), RG_OK);
    ck_assert_int_eq(store_remove_document(fx.st, d, &fx.err), RG_OK);
    store_rollback(fx.st);
    store_rollback(fx.st); /* safe twice */
    after = export_text(fx.st);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    fx_close(&fx);
}
END_TEST

START_TEST(failed_merge_inside_transaction_changes_nothing)
{
    fixture fx;
    rg_id a;
    char *before, *after;
    fx_open(&fx);
    a = add_entity(&fx, "city", "Hà Nội");
    before = export_text(fx.st);
    ck_assert_int_eq(store_begin(fx.st, &fx.err), RG_OK);
    ck_assert_int_eq(store_merge_entities(fx.st, a, 12345, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_commit(fx.st, &fx.err), RG_OK);
    after = export_text(fx.st);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    fx_close(&fx);
}
END_TEST

/* ---- whole graph --------------------------------------------------------------- */

typedef struct seen {
    rg_id last;
    size_t n, with_evidence;
    bool ordered;
} seen;

static rg_status see_entity(void *ctx, const rg_entity *e, rg_error *err)
{
    seen *s = ctx;
    (void)err;
    s->ordered = s->ordered && e->id > s->last;
    s->last = e->id;
    s->n++;
    return RG_OK;
}

static rg_status see_link(void *ctx, const rg_link *l, rg_error *err)
{
    seen *s = ctx;
    (void)err;
    s->ordered = s->ordered && l->id > s->last;
    s->last = l->id;
    s->n++;
    if (l->evidence && l->n_evidence > 0)
        s->with_evidence++;
    return s->n == 1000 ? rg_fail(err, RG_ERR_LIMIT, "stop") : RG_OK;
}

START_TEST(load_graph_and_each_in_id_order)
{
    fixture fx;
    rg_id ids[20], d;
    rg_graph g = {0};
    seen s = {.ordered = true};
    char name[32];
    rg_strlist topics = {0};
    fx_open(&fx);
    ck_assert_int_eq(store_begin(fx.st, &fx.err), RG_OK);
    d = add_doc(&fx, "d.txt", "sha256:d");
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "City %02d", i);
        ids[i] = add_entity(&fx, "city", name);
    }
    rg_strlist_push(&topics, "trade");
    rg_strlist_push(&topics, "culture");
    for (int i = 0; i < 19; i++) {
        rg_id l;
        ck_assert_int_eq(store_add_link(fx.st, "sister_city", ids[i + 1], ids[i], i % 2 ? "2001" : NULL,
                                        i % 3 ? NULL : &topics, NULL, 0, &l, NULL, &fx.err), RG_OK);
        for (int k = 0; k < i % 4; k++)
            ck_assert_int_eq(store_add_evidence(fx.st, l, d, k * 10, k * 10 + 5, "s", &fx.err), RG_OK);
    }
    ck_assert_int_eq(store_commit(fx.st, &fx.err), RG_OK);
    ck_assert_int_eq(store_load_graph(fx.st, 0, &g, &fx.err), RG_OK);
    ck_assert_uint_eq(g.n_entities, 20);
    ck_assert_uint_eq(g.n_links, 19);
    ck_assert_uint_eq(g.n_documents, 0);
    for (size_t i = 0; i < g.n_links; i++) {
        ck_assert_uint_eq(g.links[i].n_evidence, i % 4);
        ck_assert_ptr_null(g.links[i].evidence);
        ck_assert_uint_eq(g.links[i].topics.len, 0);
        ck_assert_int_lt(g.links[i].source, g.links[i].target);
        ck_assert_str_eq(g.links[i].date, i % 2 ? "2001" : "");
        if (i)
            ck_assert_int_gt(g.links[i].id, g.links[i - 1].id);
    }
    ck_assert_str_eq(rg_graph_entity(&g, ids[3])->name, "City 03");
    rg_graph_free(&g);
    ck_assert_int_eq(store_load_graph(fx.st, RG_LOAD_ALL, &g, &fx.err), RG_OK);
    ck_assert_uint_eq(g.n_documents, 1);
    for (size_t i = 0; i < g.n_links; i++) {
        ck_assert_uint_eq(g.links[i].n_evidence, i % 4);
        ck_assert_uint_eq(g.links[i].topics.len, i % 3 ? 0 : 2);
        if (i % 3 == 0)
            ck_assert_str_eq(g.links[i].topics.items[0], "culture");
        for (size_t k = 0; k < g.links[i].n_evidence; k++)
            ck_assert_int_eq(g.links[i].evidence[k].start, (int64_t)k * 10);
    }
    rg_graph_free(&g);
    ck_assert_int_eq(store_each_entity(fx.st, RG_LOAD_ALL, see_entity, &s, &fx.err), RG_OK);
    ck_assert(s.ordered);
    ck_assert_uint_eq(s.n, 20);
    s = (seen){.ordered = true};
    ck_assert_int_eq(store_each_link(fx.st, RG_LOAD_EVIDENCE, see_link, &s, &fx.err), RG_OK);
    ck_assert(s.ordered);
    ck_assert_uint_eq(s.n, 19);
    ck_assert_uint_eq(s.with_evidence, 14);
    rg_strlist_free(&topics);
    fx_close(&fx);
}
END_TEST

typedef struct nested {
    rg_store *st;
    size_t outer, inner_total;
} nested;

static rg_status count_inner(void *ctx, const rg_entity *e, rg_error *err)
{
    (void)e;
    (void)err;
    ((nested *)ctx)->inner_total++;
    return RG_OK;
}

static rg_status walk_again(void *ctx, const rg_entity *e, rg_error *err)
{
    nested *n = ctx;
    rg_graph g = {0};
    rg_status rc;
    (void)e;
    n->outer++;
    if ((rc = store_each_entity(n->st, RG_LOAD_ALIASES, count_inner, n, err)) != RG_OK)
        return rc;
    rc = store_list_entities(n->st, NULL, NULL, &g, err);
    rg_graph_free(&g);
    return rc;
}

START_TEST(callbacks_may_walk_again)
{
    fixture fx;
    nested n = {0};
    fx_open(&fx);
    for (int i = 0; i < 4; i++) {
        char name[16];
        snprintf(name, sizeof name, "Town %d", i);
        rg_id id = add_entity(&fx, "city", name);
        ck_assert_int_eq(store_add_alias(fx.st, id, i % 2 ? "Alias odd" : "Alias even", &fx.err),
                         i < 2 ? RG_OK : RG_ERR_EXISTS);
    }
    n.st = fx.st;
    ck_assert_int_eq(store_each_entity(fx.st, RG_LOAD_ALIASES, walk_again, &n, &fx.err), RG_OK);
    ck_assert_uint_eq(n.outer, 4);
    ck_assert_uint_eq(n.inner_total, 16);
    fx_close(&fx);
}
END_TEST

START_TEST(list_filters_by_type_match_and_entity)
{
    fixture fx;
    rg_id a, b, c, p;
    rg_graph g = {0};
    fx_open(&fx);
    a = add_entity(&fx, "city", "Hà Nội");
    b = add_entity(&fx, "city", "Hải Phòng");
    c = add_entity(&fx, "city", "Huế");
    p = add_entity(&fx, "agency", "Hanoi Department of Foreign Affairs");
    ck_assert_int_eq(store_add_alias(fx.st, c, "Cố đô", &fx.err), RG_OK);
    add_link(&fx, "sister_city", a, b, NULL);
    add_link(&fx, "sister_city", b, c, NULL);
    add_link(&fx, "part_of", p, a, NULL);
    ck_assert_int_eq(store_list_entities(fx.st, "city", NULL, &g, &fx.err), RG_OK);
    ck_assert_uint_eq(g.n_entities, 3);
    rg_graph_free(&g);
    ck_assert_int_eq(store_list_entities(fx.st, NULL, "HANOI", &g, &fx.err), RG_OK);
    ck_assert_uint_eq(g.n_entities, 2);
    ck_assert_int_eq(g.entities[0].id, a);
    ck_assert_int_eq(g.entities[1].id, p);
    rg_graph_free(&g);
    ck_assert_int_eq(store_list_entities(fx.st, NULL, "co do", &g, &fx.err), RG_OK);
    ck_assert_uint_eq(g.n_entities, 1);
    ck_assert_uint_eq(g.entities[0].aliases.len, 1);
    rg_graph_free(&g);
    ck_assert_int_eq(store_list_links(fx.st, NULL, b, &g, &fx.err), RG_OK);
    ck_assert_uint_eq(g.n_links, 2);
    rg_graph_free(&g);
    ck_assert_int_eq(store_list_links(fx.st, "part_of", 0, &g, &fx.err), RG_OK);
    ck_assert_uint_eq(g.n_links, 1);
    rg_graph_free(&g);
    fx_close(&fx);
}
END_TEST

START_TEST(stats_count_types_and_dates)
{
    fixture fx;
    rg_id a, b, c;
    rg_stats s;
    fx_open(&fx);
    a = add_entity(&fx, "city", "A");
    b = add_entity(&fx, "city", "B");
    c = add_entity(&fx, "forum", "C");
    add_link(&fx, "sister_city", a, b, "1999-05");
    add_link(&fx, "member_of", a, c, "2010");
    add_link(&fx, "member_of", b, c, NULL);
    ck_assert_int_eq(store_stats(fx.st, &s, &fx.err), RG_OK);
    ck_assert_uint_eq(s.entities, 3);
    ck_assert_uint_eq(s.links, 3);
    ck_assert_uint_eq(s.n_entity_types, 2);
    ck_assert_str_eq(s.entity_types[0].type, "city");
    ck_assert_uint_eq(s.entity_types[0].count, 2);
    ck_assert_str_eq(s.entity_types[1].type, "forum");
    ck_assert_uint_eq(s.n_link_types, 2);
    ck_assert_str_eq(s.link_types[0].type, "member_of");
    ck_assert_uint_eq(s.link_types[0].count, 2);
    ck_assert_str_eq(s.first_date, "1999-05");
    ck_assert_str_eq(s.last_date, "2010");
    fx_close(&fx);
}
END_TEST

/* ---- neighbourhoods: store_load_ball and store_load_between ------------- */

/* Distances from entity index src in g (links both ways), -1 unreachable;
 * plain Bellman-style relaxation: the reference the loaders must match. */
static void reference_distances(const rg_graph *g, rg_id src, long *dist)
{
    bool changed = true;

    for (size_t v = 0; v < g->n_entities; v++)
        dist[v] = g->entities[v].id == src ? 0 : -1;
    while (changed) {
        changed = false;
        for (size_t i = 0; i < g->n_links; i++) {
            long a = rg_graph_entity_index(g, g->links[i].source);
            long b = rg_graph_entity_index(g, g->links[i].target);
            for (int k = 0; k < 2; k++, a ^= b, b ^= a, a ^= b)
                if (dist[a] >= 0 && (dist[b] < 0 || dist[b] > dist[a] + 1)) {
                    dist[b] = dist[a] + 1;
                    changed = true;
                }
        }
    }
}

/* 120 cities, 150 random links (seeded): sparse enough for several
 * components, so far pairs and unreachable pairs both occur. */
static void add_random_graph(fixture *fx)
{
    unsigned seed = 12345;
    char name[32];

    for (int i = 1; i <= 120; i++) {
        snprintf(name, sizeof name, "City %d", i);
        add_entity(fx, "city", name);
    }
    for (int k = 0; k < 150; k++) {
        rg_id a = (rg_id)(rand_r(&seed) % 120) + 1, b = (rg_id)(rand_r(&seed) % 120) + 1;
        if (a != b)
            add_link(fx, k % 2 ? "sister_city" : "cooperates_with", a, b, NULL);
    }
}

START_TEST(ball_holds_exactly_what_lies_within_depth)
{
    fixture fx;
    rg_graph whole = {0};
    long dist[121];

    fx_open(&fx);
    add_random_graph(&fx);
    ck_assert_int_eq(store_load_graph(fx.st, 0, &whole, &fx.err), RG_OK);
    for (rg_id c = 1; c <= 120; c += 7) {
        reference_distances(&whole, c, dist);
        for (int depth = 0; depth <= 3; depth++) {
            rg_graph ball = {0};
            size_t want_entities = 0, want_links = 0;
            ck_assert_msg(store_load_ball(fx.st, c, depth, 0, 0, &ball, &fx.err) == RG_OK,
                          "%s", fx.err.msg);
            for (size_t v = 0; v < whole.n_entities; v++)
                want_entities += dist[v] >= 0 && dist[v] <= depth;
            for (size_t i = 0; i < whole.n_links; i++) {
                long a = dist[rg_graph_entity_index(&whole, whole.links[i].source)];
                long b = dist[rg_graph_entity_index(&whole, whole.links[i].target)];
                want_links += a >= 0 && a <= depth && b >= 0 && b <= depth;
            }
            ck_assert_uint_eq(ball.n_entities, want_entities);
            ck_assert_uint_eq(ball.n_links, want_links);
            for (size_t v = 0; v < ball.n_entities; v++) {
                long d = dist[rg_graph_entity_index(&whole, ball.entities[v].id)];
                ck_assert(d >= 0 && d <= depth);
                ck_assert(v == 0 || ball.entities[v - 1].id < ball.entities[v].id);
            }
            for (size_t i = 1; i < ball.n_links; i++)
                ck_assert(ball.links[i - 1].id < ball.links[i].id);
            rg_graph_free(&ball);
        }
    }
    rg_graph_free(&whole);
    fx_close(&fx);
}
END_TEST

START_TEST(between_keeps_every_shortest_path)
{
    fixture fx;
    rg_graph whole = {0};
    long dist[121], sub_dist[121];
    int reachable = 0, unreachable = 0;

    fx_open(&fx);
    add_random_graph(&fx);
    ck_assert_int_eq(store_load_graph(fx.st, 0, &whole, &fx.err), RG_OK);
    for (rg_id a = 1; a <= 120; a += 11) {
        reference_distances(&whole, a, dist);
        for (rg_id b = 2; b <= 120; b += 13) {
            rg_graph part = {0};
            long want = dist[rg_graph_entity_index(&whole, b)];
            long bi, ai;
            ck_assert_msg(store_load_between(fx.st, a, b, 0, 0, &part, &fx.err) == RG_OK,
                          "%s", fx.err.msg);
            reference_distances(&part, a, sub_dist);
            ai = rg_graph_entity_index(&part, a);
            bi = rg_graph_entity_index(&part, b);
            ck_assert(ai >= 0 && bi >= 0);
            ck_assert_int_eq(sub_dist[bi], want);
            /* every vertex of every shortest path is there: each entity of
             * the whole graph on such a path (d(a,v) + d(v,b) = d) */
            if (want > 0) {
                long from_b[121];
                reference_distances(&whole, b, from_b);
                for (size_t v = 0; v < whole.n_entities; v++)
                    if (dist[v] >= 0 && from_b[v] >= 0 && dist[v] + from_b[v] == want)
                        ck_assert(rg_graph_entity_index(&part, whole.entities[v].id) >= 0);
            }
            want >= 0 ? reachable++ : unreachable++;
            rg_graph_free(&part);
        }
    }
    /* the random graph must exercise both outcomes */
    ck_assert_int_gt(reachable, 5);
    ck_assert_int_gt(unreachable, 5);
    rg_graph_free(&whole);
    fx_close(&fx);
}
END_TEST

/* The links of a ball are the whole graph's, field for field (dates,
 * attrs, topics, evidence counts), however the loader reads them; with
 * RG_LOAD_SHAPE the same links come with their ids, types and ends alone. */
START_TEST(ball_links_carry_their_fields_or_only_their_shape)
{
    fixture fx;
    rg_graph whole = {0};
    rg_strlist topics = {0};
    rg_id doc;
    unsigned full = RG_LOAD_ATTRS | RG_LOAD_TOPICS;

    fx_open(&fx);
    add_random_graph(&fx);
    doc = add_doc(&fx, "d.txt", "feedface");
    ck_assert_int_eq(rg_strlist_push(&topics, "trade"), RG_OK);
    for (rg_id a = 1; a <= 120; a += 3)
        for (rg_id b = a + 1; b <= a + 2; b++) {
            rg_id id = 0;
            ck_assert_msg(store_add_link(fx.st, "cooperates_with", a, b, a % 2 ? "2001-04" : NULL,
                                         a % 5 ? NULL : &topics, "{\"k\": 1}", 0, &id, NULL,
                                         &fx.err) == RG_OK, "%s", fx.err.msg);
            for (int64_t k = 0; k < a % 4; k++)
                ck_assert_int_eq(store_add_evidence(fx.st, id, doc, k * 10, k * 10 + 5, "said",
                                                    &fx.err), RG_OK);
        }
    rg_strlist_free(&topics);
    ck_assert_int_eq(store_load_graph(fx.st, full, &whole, &fx.err), RG_OK);
    for (rg_id a = 1; a <= 120; a += 17) {
        rg_graph got = {0}, shape = {0};
        size_t dated = 0;
        ck_assert_int_eq(store_load_between(fx.st, a, 121 - a, 0, full, &got, &fx.err), RG_OK);
        ck_assert_int_eq(store_load_between(fx.st, a, 121 - a, 0, RG_LOAD_SHAPE, &shape, &fx.err),
                         RG_OK);
        ck_assert_uint_eq(shape.n_links, got.n_links);
        for (size_t i = 0; i < got.n_links; i++) {
            const rg_link *l = &got.links[i], *w = NULL, *sh = &shape.links[i];
            for (size_t j = 0; j < whole.n_links && !w; j++)
                if (whole.links[j].id == l->id)
                    w = &whole.links[j];
            ck_assert_ptr_nonnull(w);
            ck_assert_str_eq(l->type, w->type);
            ck_assert_int_eq(l->source, w->source);
            ck_assert_int_eq(l->target, w->target);
            ck_assert_str_eq(l->date, w->date);
            ck_assert_str_eq(l->attrs ? l->attrs : "-", w->attrs ? w->attrs : "-");
            ck_assert_uint_eq(l->topics.len, w->topics.len);
            ck_assert_uint_eq(l->n_evidence, w->n_evidence);
            dated += l->date[0] != '\0';
            ck_assert_int_eq(sh->id, l->id);
            ck_assert_str_eq(sh->type, l->type);
            ck_assert_int_eq(sh->source, l->source);
            ck_assert_int_eq(sh->target, l->target);
            ck_assert_str_eq(sh->date, "");
            ck_assert_ptr_null(sh->attrs);
            ck_assert_uint_eq(sh->n_evidence, 0);
        }
        /* the pairs picked reach links with dates */
        if (got.n_links > 10)
            ck_assert_uint_gt(dated, 0);
        rg_graph_free(&got);
        rg_graph_free(&shape);
    }
    rg_graph_free(&whole);
    fx_close(&fx);
}
END_TEST

START_TEST(neighbourhood_limits_and_unknown_centres)
{
    fixture fx;
    rg_graph g = {0};

    fx_open(&fx);
    add_random_graph(&fx);
    ck_assert_int_eq(store_load_graph(fx.st, 0, &g, &fx.err), RG_OK);
    rg_id linked = g.links[0].source, other = g.links[0].target;
    rg_graph_free(&g);
    /* a ball of 2 or more entities passes a limit of 1, whatever the seed */
    ck_assert_int_eq(store_load_ball(fx.st, linked, 1, 1, 0, &g, &fx.err), RG_ERR_LIMIT);
    ck_assert_uint_eq(g.n_entities, 0);
    ck_assert_int_eq(store_load_between(fx.st, linked, other, 1, 0, &g, &fx.err), RG_ERR_LIMIT);
    ck_assert_int_eq(store_load_ball(fx.st, 999, 1, 0, 0, &g, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_int_eq(store_load_between(fx.st, 1, 999, 0, 0, &g, &fx.err), RG_ERR_NOT_FOUND);
    ck_assert_uint_eq(g.n_entities, 0);
    fx_close(&fx);
}
END_TEST

START_TEST(insert_with_id_keeps_ids_and_refuses_taken)
{
    fixture fx;
    rg_entity e = {0};
    rg_link l = {0};
    rg_document d = {0};
    rg_evidence ev = {.doc = 9, .start = 1, .end = 4, .text = "abc"};
    rg_id id = 0;
    fx_open(&fx);
    d.id = 9;
    d.name = "d9.txt";
    rg_copy_fixed(d.hash, sizeof d.hash, "sha256:9");
    ck_assert_int_eq(store_insert_document_with_id(fx.st, &d, &fx.err), RG_OK);
    e.id = 40;
    rg_copy_fixed(e.type, sizeof e.type, "city");
    e.name = "Forty";
    ck_assert_int_eq(store_insert_entity_with_id(fx.st, &e, &fx.err), RG_OK);
    e.name = "Other";
    ck_assert_int_eq(store_insert_entity_with_id(fx.st, &e, &fx.err), RG_ERR_EXISTS);
    e.id = 12;
    ck_assert_int_eq(store_insert_entity_with_id(fx.st, &e, &fx.err), RG_OK);
    l.id = 7;
    rg_copy_fixed(l.type, sizeof l.type, "sister_city");
    l.source = 12;
    l.target = 40;
    l.evidence = &ev;
    l.n_evidence = 1;
    ck_assert_int_eq(store_insert_link_with_id(fx.st, &l, &fx.err), RG_OK);
    l.id = 8;
    ck_assert_int_eq(store_insert_link_with_id(fx.st, &l, &fx.err), RG_ERR_EXISTS);
    ck_assert_int_eq(resolve(&fx, "forty"), 40);
    /* a fresh entity continues after the highest id */
    id = add_entity(&fx, "city", "Next");
    ck_assert_int_eq(id, 41);
    ck_assert_int_eq(store_get_link(fx.st, 7, &l, &fx.err), RG_OK);
    ck_assert_uint_eq(l.n_evidence, 1);
    ck_assert_int_eq(l.evidence[0].doc, 9);
    rg_link_clear(&l);
    fx_close(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("store");
    TCase *open = tcase_create("open");
    TCase *names = tcase_create("names");
    TCase *links = tcase_create("links");
    TCase *curate = tcase_create("curate");
    TCase *graph = tcase_create("graph");

    tcase_add_test(open, create_then_reopen_keeps_data);
    tcase_add_test(open, missing_database_says_run_init);
    tcase_add_test(open, text_file_is_not_a_relgraph_database);
    tcase_add_test(open, empty_file_is_initialised_only_by_create);
    tcase_add_test(open, foreign_sqlite_file_is_refused_untouched);
    tcase_add_test(open, corrupt_file_is_refused);
    tcase_add_test(open, newer_schema_is_refused);
    tcase_add_test(open, schema_1_migrates_with_its_evidence);
    tcase_add_test(open, readonly_open_reads_and_refuses_writes);
    tcase_add_test(open, readonly_file_in_readonly_folder);
    tcase_add_test(open, read_only_open_upgrades_an_old_schema);
    tcase_add_test(open, wal_and_foreign_keys_are_on);
    tcase_add_test(names, lookup_through_fold_and_alias);
    tcase_add_test(names, entity_with_aliases_and_attrs_round_trips);
    tcase_add_test(names, entity_attrs_are_set_and_merged);
    tcase_add_test(names, duplicate_name_of_same_type_exists);
    tcase_add_test(names, bad_names_and_types_are_rejected);
    tcase_add_test(names, alias_owned_by_another_entity_is_refused);
    tcase_add_test(names, did_you_mean_lists_close_names);
    tcase_add_test(names, did_you_mean_stops_at_five);
    tcase_add_test(links, symmetric_links_dedupe_both_directions);
    tcase_add_test(links, typed_links_store_what_plain_links_store);
    tcase_add_test(links, directed_links_keep_direction);
    tcase_add_test(links, link_merge_adds_evidence_once);
    tcase_add_test(links, evidence_rows_are_added_all_or_nothing);
    tcase_add_test(links, link_schema_violations_name_valid_types);
    tcase_add_test(curate, merge_moves_everything_and_dedupes);
    tcase_add_test(curate, remove_entity_takes_its_links);
    tcase_add_test(curate, document_removal_keeps_what_others_support);
    tcase_add_test(curate, document_removal_deletes_orphans);
    tcase_add_test(curate, document_removal_leaves_no_orphans_with_references_trusted);
    tcase_add_test(curate, reference_checks_go_off_and_on_outside_transactions);
    tcase_add_test(curate, process_setup_turns_sqlite_memory_statistics_off);
    tcase_add_test(curate, documents_are_found_by_hash_and_name);
    tcase_add_test(curate, rollback_leaves_database_unchanged);
    tcase_add_test(curate, failed_merge_inside_transaction_changes_nothing);
    tcase_add_test(graph, load_graph_and_each_in_id_order);
    tcase_add_test(graph, ball_holds_exactly_what_lies_within_depth);
    tcase_add_test(graph, between_keeps_every_shortest_path);
    tcase_add_test(graph, ball_links_carry_their_fields_or_only_their_shape);
    tcase_add_test(graph, neighbourhood_limits_and_unknown_centres);
    tcase_add_test(graph, callbacks_may_walk_again);
    tcase_add_test(graph, list_filters_by_type_match_and_entity);
    tcase_add_test(graph, stats_count_types_and_dates);
    tcase_add_test(graph, insert_with_id_keeps_ids_and_refuses_taken);
    suite_add_tcase(s, open);
    suite_add_tcase(s, names);
    suite_add_tcase(s, links);
    suite_add_tcase(s, curate);
    suite_add_tcase(s, graph);
    return tu_run_suite(s);
}
