/*
 * store_bench.c - the store's bulk paths against bare SQLite doing the same
 * rows (bench/bench_store.sh runs both and prints the ratios).
 *
 *   store_bench relgraph N M DIR   through core/store.c and core/jsonio.c
 *   store_bench bare N M DIR       the same rows with raw prepared statements
 *                                  into tables with the same keys (the floor)
 *
 * Prints "task wall_seconds cpu_seconds" lines.  The graph is seeded random:
 * N city entities and M distinct cooperates_with links, half of them with
 * one evidence sentence, all inserted in one transaction.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/jsonio.h"
#include "../core/store.h"

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double w0, c0;
static void start(void) { w0 = wall(); c0 = cpu(); }
static void report(const char *task) { printf("%s %.3f %.3f\n", task, wall() - w0, cpu() - c0); fflush(stdout); }

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "store_bench: %s: %s\n", what, msg);
    exit(1);
}

/* The i-th link's endpoints (1-based entity ids), the same in both modes;
 * duplicates are possible and both modes skip them the same way. */
static void endpoints(unsigned *seed, long n, long *a, long *b)
{
    do {
        *a = 1 + rand_r(seed) % n;
        *b = 1 + rand_r(seed) % n;
    } while (*a == *b);
    if (*a > *b) {
        long t = *a;
        *a = *b;
        *b = t;
    }
}

static int run_relgraph(long n, long m, const char *dir)
{
    rg_pack pack = {0};
    rg_error err = {0};
    rg_store *st = NULL;
    rg_graph g = {0};
    rg_document doc = {0};
    char path[4096], name[64];
    unsigned seed = 20261124;
    long made = 0;
    rg_id d;
    FILE *f;

    if (pack_load_default(&pack, &err) != RG_OK)
        die("pack", err.msg);
    snprintf(path, sizeof path, "%s/relgraph.db", dir);
    if (store_open(path, RG_OPEN_CREATE, &pack, &st, &err) != RG_OK)
        die("open", err.msg);
    start();
    if (store_begin(st, &err) != RG_OK)
        die("begin", err.msg);
    doc.name = "bench.txt";
    rg_copy_fixed(doc.hash, sizeof doc.hash, "sha256:bench");
    if (store_add_document(st, &doc, &d, &err) != RG_OK)
        die("document", err.msg);
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "City %ld", i);
        if (store_add_entity(st, "city", name, NULL, NULL, d, NULL, &err) != RG_OK)
            die("entity", err.msg);
    }
    while (made < m) {
        long a, b;
        rg_id l;
        bool created;
        endpoints(&seed, n, &a, &b);
        if (store_add_link(st, "cooperates_with", a, b, made % 3 ? "2001" : NULL, NULL, NULL, d,
                           &l, &created, &err) != RG_OK)
            die("link", err.msg);
        if (!created)
            continue;
        if (made % 2 == 0 &&
            store_add_evidence(st, l, d, made, made + 40, "Both cities agreed to cooperate.",
                               &err) != RG_OK)
            die("evidence", err.msg);
        made++;
    }
    if (store_commit(st, &err) != RG_OK)
        die("commit", err.msg);
    report("insert");
    start();
    if (store_load_graph(st, 0, &g, &err) != RG_OK)
        die("load", err.msg);
    report("load_graph");
    rg_graph_free(&g);
    snprintf(path, sizeof path, "%s/g.json", dir);
    start();
    if (!(f = fopen(path, "w")) || jsonio_export(st, f, &err) != RG_OK || fclose(f) != 0)
        die("export", err.msg);
    report("export");
    store_close(st);
    snprintf(path, sizeof path, "%s/imported.db", dir);
    if (store_open(path, RG_OPEN_CREATE, &pack, &st, &err) != RG_OK)
        die("open", err.msg);
    snprintf(path, sizeof path, "%s/g.json", dir);
    start();
    if (!(f = fopen(path, "r")) || store_begin(st, &err) != RG_OK ||
        jsonio_import(st, f, path, NULL, &err) != RG_OK || store_commit(st, &err) != RG_OK)
        die("import", err.msg);
    fclose(f);
    report("import");
    store_close(st);
    pack_free(&pack);
    return 0;
}

static void exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        die(sql, sqlite3_errmsg(db));
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        die(sql, sqlite3_errmsg(db));
    return s;
}

/* Raw SQLite: the same keys and indexes, no checks, no folding. */
static int run_bare(long n, long m, const char *dir)
{
    sqlite3 *db;
    sqlite3_stmt *ent, *link, *ev, *q;
    char path[4096], name[64];
    unsigned seed = 20261124;
    long made = 0;

    snprintf(path, sizeof path, "%s/bare.db", dir);
    unlink(path);
    if (sqlite3_open(path, &db) != SQLITE_OK)
        die("open", sqlite3_errmsg(db));
    exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;"
             "CREATE TABLE entities(id INTEGER PRIMARY KEY, type TEXT, name TEXT, folded TEXT);"
             "CREATE INDEX entities_folded ON entities(folded);"
             "CREATE TABLE links(id INTEGER PRIMARY KEY, type TEXT, source INTEGER, target INTEGER,"
             " date TEXT, UNIQUE(source, target, type));"
             "CREATE INDEX links_target ON links(target);"
             "CREATE TABLE evidence(id INTEGER PRIMARY KEY, link_id INTEGER, doc_id INTEGER,"
             " start INTEGER, end_ INTEGER, text TEXT, UNIQUE(link_id, doc_id, start, end_));");
    start();
    exec(db, "BEGIN");
    ent = prep(db, "INSERT INTO entities(type, name, folded) VALUES ('city', ?1, ?1)");
    link = prep(db, "INSERT OR IGNORE INTO links(type, source, target, date)"
                    " VALUES ('cooperates_with', ?1, ?2, ?3)");
    ev = prep(db, "INSERT INTO evidence(link_id, doc_id, start, end_, text) VALUES (?1, 1, ?2, ?3, ?4)");
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "City %ld", i);
        sqlite3_bind_text(ent, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(ent) != SQLITE_DONE)
            die("entity", sqlite3_errmsg(db));
        sqlite3_reset(ent);
    }
    while (made < m) {
        long a, b;
        endpoints(&seed, n, &a, &b);
        sqlite3_bind_int64(link, 1, a);
        sqlite3_bind_int64(link, 2, b);
        if (made % 3)
            sqlite3_bind_text(link, 3, "2001", -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(link, 3);
        if (sqlite3_step(link) != SQLITE_DONE)
            die("link", sqlite3_errmsg(db));
        sqlite3_reset(link);
        if (sqlite3_changes(db) == 0)
            continue;
        if (made % 2 == 0) {
            sqlite3_bind_int64(ev, 1, sqlite3_last_insert_rowid(db));
            sqlite3_bind_int64(ev, 2, made);
            sqlite3_bind_int64(ev, 3, made + 40);
            sqlite3_bind_text(ev, 4, "Both cities agreed to cooperate.", -1, SQLITE_STATIC);
            if (sqlite3_step(ev) != SQLITE_DONE)
                die("evidence", sqlite3_errmsg(db));
            sqlite3_reset(ev);
        }
        made++;
    }
    exec(db, "COMMIT");
    report("insert");
    /* the floor for load_graph: read the same columns, copy names */
    start();
    q = prep(db, "SELECT id, type, name FROM entities ORDER BY id");
    while (sqlite3_step(q) == SQLITE_ROW)
        free(strdup((const char *)sqlite3_column_text(q, 2)));
    sqlite3_finalize(q);
    q = prep(db, "SELECT id, type, source, target, date FROM links ORDER BY id");
    while (sqlite3_step(q) == SQLITE_ROW)
        (void)sqlite3_column_int64(q, 2);
    sqlite3_finalize(q);
    q = prep(db, "SELECT link_id, count(*) FROM evidence GROUP BY link_id ORDER BY link_id");
    while (sqlite3_step(q) == SQLITE_ROW)
        (void)sqlite3_column_int64(q, 1);
    sqlite3_finalize(q);
    report("load_graph");
    sqlite3_finalize(ent);
    sqlite3_finalize(link);
    sqlite3_finalize(ev);
    sqlite3_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: store_bench relgraph|bare N M DIR\n");
        return 2;
    }
    if (strcmp(argv[1], "relgraph") == 0)
        return run_relgraph(atol(argv[2]), atol(argv[3]), argv[4]);
    return run_bare(atol(argv[2]), atol(argv[3]), argv[4]);
}
