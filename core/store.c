/*
 * store.c - the graph store on SQLite (see store.h for the contract).
 *
 * How it works:
 * - Schema.  Migrations are numbered SQL scripts; the file's PRAGMA
 *   user_version says how many have run, and a meta table holds
 *   app='relgraph' so a foreign SQLite file is refused before anything is
 *   written to it.  Opening validates first, then switches to WAL and runs the
 *   pending migrations in one transaction.
 * - Names.  entities.folded holds the folded name and aliases.folded each
 *   alias's folded form (both indexed), so "which entity answers to this
 *   name" is one indexed query over both.
 * - Provenance.  entities, aliases and links carry origin_doc (0 = typed by
 *   an analyst), evidence and mentions carry their document: removing a
 *   document deletes what only it contributed.
 * - Statements.  Every SQL statement is a constant in stmt_sql[], prepared
 *   once on first use and cached in the rg_store; user text only ever goes
 *   through bindings.
 * - Reading the whole graph.  store_load_graph and store_each_* walk each
 *   table once in id order and join the child tables (aliases, topics,
 *   evidence) by stepping a second cursor in the same order (a merge join),
 *   so there is no query per row and memory stays flat while streaming.
 * - Atomicity.  Functions that write several rows wrap them in a SAVEPOINT,
 *   or write them with one statement (a document's evidence and mentions,
 *   through the C-array tables rg_evidence_rows and rg_ids), so a failing
 *   call leaves the database as it was even inside the caller's
 *   transaction.
 */
#include "store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fold.h"

/* ---- schema ------------------------------------------------------------ */

/* migrations[i] takes a database from user_version i to i + 1.  Never edit
 * a released one: add the next.  The origin_doc indexes make removing a
 * document proportional to what it introduced.  links' unique key is (source, target, type)
 * rather than (type, source, target): the same constraint, but its index
 * also serves "links from this source", which saves one index. */
static const char *const migrations[] = {
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
    "CREATE INDEX mentions_doc ON mentions(doc_id);",
    /* 2: evidence keyed by its unique key, without a rowid: nothing reads
     * evidence by id, and the rowid table beside the unique index was a
     * third B-tree written per row (the rows are copied, so a database
     * made by schema 1 keeps its evidence) */
    "CREATE TABLE evidence_v2(link_id INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,"
    "  doc_id INTEGER NOT NULL DEFAULT 0, \"start\" INTEGER NOT NULL, \"end\" INTEGER NOT NULL,"
    "  text TEXT NOT NULL, PRIMARY KEY(link_id, doc_id, \"start\", \"end\")) WITHOUT ROWID;"
    "INSERT INTO evidence_v2(link_id, doc_id, \"start\", \"end\", text)"
    "  SELECT link_id, doc_id, \"start\", \"end\", text FROM evidence;"
    "DROP TABLE evidence;"
    "ALTER TABLE evidence_v2 RENAME TO evidence;"
    "CREATE INDEX evidence_doc ON evidence(doc_id);",
};

#define N_MIGRATIONS (sizeof migrations / sizeof migrations[0])

_Static_assert(N_MIGRATIONS == RG_SCHEMA_VERSION, "one migration per schema version");

/* ---- statements ---------------------------------------------------------- */

enum stmt_id {
    S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
    S_ENTITY_TYPES2, S_ENTITY_GET, S_ENTITY_INSERT, S_ENTITY_EXISTS, S_ENTITY_SET_ATTRS,
    S_ENTITY_SET_ORIGIN, S_ENTITY_DELETE,
    S_ALIAS_INSERT, S_ALIASES_OF, S_LOOKUP, S_ALL_NAMES,
    S_LINK_FIND, S_LINK_INSERT, S_LINK_INSERT_NEW, S_LINK_GET, S_LINK_MERGE_FIELDS,
    S_LINK_FILL, S_LINK_SET_ATTRS, S_LINK_SET_ENDS, S_LINK_DELETE, S_LINKS_OF_ENTITY,
    S_TOPIC_INSERT, S_TOPICS_OF, S_TOPICS_COPY,
    S_EVIDENCE_INSERT, S_EVIDENCE_INSERT_ROWS, S_LINK_EXISTS, S_EVIDENCE_OF, S_EVIDENCE_COUNT_OF, S_EVIDENCE_COPY,
    S_DOC_EXISTS, S_DOC_BY_HASH, S_DOC_BY_NAME, S_DOC_INSERT, S_DOC_DELETE,
    S_MENTION_INSERT, S_MENTIONS_INSERT,
    S_MERGE_ALIASES, S_MERGE_MENTIONS,
    S_REMOVE_DOC_EVIDENCE, S_REMOVE_DOC_LINK_TOPICS, S_REMOVE_DOC_LINKS,
    S_REMOVE_DOC_LINKS_REORIGIN, S_REMOVE_DOC_ENTITY_ALIASES, S_REMOVE_DOC_ENTITIES,
    S_REMOVE_DOC_ALIASES_REORIGIN, S_REMOVE_DOC_ENTITIES_REORIGIN, S_REMOVE_DOC_MENTIONS,
    S_WALK_ENTITIES, S_WALK_ENTITIES_FILTERED, S_WALK_ALIASES,
    S_WALK_LINKS, S_WALK_LINKS_FILTERED, S_WALK_LINKS_OF_ENTITY, S_WALK_TOPICS, S_WALK_EVIDENCE,
    S_WALK_EVIDENCE_COUNTS, S_WALK_DOCUMENTS, S_BALL_NEIGHBOURS, S_BALL_LINKS_FROM,
    S_LINK_DATE_ATTRS, S_STATS_COUNTS, S_STATS_ENTITY_TYPES, S_STATS_LINK_TYPES, S_STATS_DATES, S_IS_EMPTY,
    S_COUNT
};

/* What store_remove_document(?1) deletes: the links the document
 * introduced that no evidence supports any more, and the entities it
 * introduced that nothing else mentions, links or names. */
#define DOC_LINKS_GONE \
    "origin_doc = ?1 AND NOT EXISTS (SELECT 1 FROM evidence WHERE link_id = links.id)"
#define DOC_ENTITIES_GONE \
    "origin_doc = ?1" \
    " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id AND m.doc_id <> ?1)" \
    " AND NOT EXISTS (SELECT 1 FROM links WHERE source = entities.id)" \
    " AND NOT EXISTS (SELECT 1 FROM links WHERE target = entities.id)" \
    " AND NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = entities.id" \
    "                 AND a.origin_doc <> ?1)"

static const char *const stmt_sql[S_COUNT] = {
    [S_SAVEPOINT] = "SAVEPOINT rg_call",
    [S_RELEASE] = "RELEASE rg_call",
    [S_ROLLBACK_TO] = "ROLLBACK TO rg_call",
    /* two rowid seeks; "id IN (?1, ?2)" built an ephemeral table on every
     * run, which cost the builder a tenth of its store time */
    [S_ENTITY_TYPES2] = "SELECT id, type FROM entities WHERE id = ?1"
                        " UNION ALL SELECT id, type FROM entities WHERE id = ?2",
    [S_ENTITY_GET] = "SELECT type, name, attrs, folded, origin_doc FROM entities WHERE id = ?1",
    [S_ENTITY_INSERT] = "INSERT INTO entities(id, type, name, folded, attrs, origin_doc)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_ENTITY_EXISTS] = "SELECT 1 FROM entities WHERE id = ?1",
    [S_ENTITY_SET_ATTRS] = "UPDATE entities SET attrs = ?2 WHERE id = ?1",
    [S_ENTITY_SET_ORIGIN] = "UPDATE entities SET origin_doc = 0 WHERE id = ?1",
    [S_ENTITY_DELETE] = "DELETE FROM entities WHERE id = ?1",
    [S_ALIAS_INSERT] = "INSERT OR IGNORE INTO aliases(entity_id, alias, folded, origin_doc)"
                       " VALUES (?1, ?2, ?3, ?4)",
    [S_ALIASES_OF] = "SELECT alias FROM aliases WHERE entity_id = ?1 ORDER BY alias",
    [S_LOOKUP] = "SELECT id FROM entities WHERE folded = ?1 AND (?2 IS NULL OR type = ?2)"
                 " UNION SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
                 " WHERE a.folded = ?1 AND (?2 IS NULL OR e.type = ?2) ORDER BY 1",
    [S_ALL_NAMES] = "SELECT id, name, type, folded FROM entities"
                    " UNION ALL SELECT e.id, e.name, e.type, a.folded"
                    " FROM aliases a JOIN entities e ON e.id = a.entity_id",
    [S_LINK_FIND] = "SELECT id, date, origin_doc FROM links"
                    " WHERE source = ?2 AND target = ?3 AND type = ?1",
    [S_LINK_INSERT] = "INSERT INTO links(id, type, source, target, date, attrs, origin_doc)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_LINK_INSERT_NEW] = "INSERT INTO links(id, type, source, target, date, attrs, origin_doc)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                          " ON CONFLICT (source, target, type) DO NOTHING",
    [S_LINK_GET] = "SELECT id, type, source, target, date, attrs FROM links WHERE id = ?1",
    /* a merge keeps the earliest date and stays manual when either was */
    [S_LINK_MERGE_FIELDS] = "UPDATE links SET"
                            " date = CASE WHEN date IS NULL THEN ?2 WHEN ?2 IS NULL THEN date"
                            "   WHEN ?2 < date THEN ?2 ELSE date END,"
                            " origin_doc = CASE WHEN ?3 = 0 THEN 0 ELSE origin_doc END"
                            " WHERE id = ?1",
    /* adding a link that exists: a date only fills a missing one, and an
     * analyst's (origin 0) makes it manual */
    [S_LINK_FILL] = "UPDATE links SET date = coalesce(date, ?2),"
                    " origin_doc = CASE WHEN ?3 = 0 THEN 0 ELSE origin_doc END WHERE id = ?1",
    [S_LINK_SET_ATTRS] = "UPDATE links SET attrs = ?2 WHERE id = ?1",
    [S_LINK_SET_ENDS] = "UPDATE links SET source = ?2, target = ?3 WHERE id = ?1",
    [S_LINK_DELETE] = "DELETE FROM links WHERE id = ?1",
    [S_LINKS_OF_ENTITY] = "SELECT id, type, source, target, date, origin_doc FROM links"
                          " WHERE source = ?1 UNION SELECT id, type, source, target, date,"
                          " origin_doc FROM links WHERE target = ?1 ORDER BY 1",
    [S_TOPIC_INSERT] = "INSERT OR IGNORE INTO link_topics(link_id, topic) VALUES (?1, ?2)",
    [S_TOPICS_OF] = "SELECT topic FROM link_topics WHERE link_id = ?1 ORDER BY topic",
    [S_TOPICS_COPY] = "INSERT OR IGNORE INTO link_topics(link_id, topic)"
                      " SELECT ?1, topic FROM link_topics WHERE link_id = ?2",
    [S_EVIDENCE_INSERT] = "INSERT OR IGNORE INTO evidence(link_id, doc_id, \"start\", \"end\", text)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)",
    /* ?1 the rows (rg_evidence_rows, below), all of document ?2 */
    [S_EVIDENCE_INSERT_ROWS] = "INSERT OR IGNORE INTO evidence(link_id, doc_id, \"start\", \"end\", text)"
                               " SELECT link, ?2, \"start\", \"end\", text FROM rg_evidence_rows(?1)",
    [S_LINK_EXISTS] = "SELECT 1 FROM links WHERE id = ?1",
    [S_EVIDENCE_OF] = "SELECT doc_id, \"start\", \"end\", text FROM evidence WHERE link_id = ?1"
                      " ORDER BY doc_id, \"start\", \"end\"",
    [S_EVIDENCE_COUNT_OF] = "SELECT count(*) FROM evidence WHERE link_id = ?1",
    [S_EVIDENCE_COPY] = "INSERT OR IGNORE INTO evidence(link_id, doc_id, \"start\", \"end\", text)"
                        " SELECT ?1, doc_id, \"start\", \"end\", text FROM evidence WHERE link_id = ?2",
    [S_DOC_EXISTS] = "SELECT 1 FROM documents WHERE id = ?1",
    [S_DOC_BY_HASH] = "SELECT id FROM documents WHERE hash = ?1",
    [S_DOC_BY_NAME] = "SELECT id FROM documents WHERE name = ?1 ORDER BY id LIMIT 1",
    [S_DOC_INSERT] = "INSERT INTO documents(id, name, hash, title, date, ingested_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_DOC_DELETE] = "DELETE FROM documents WHERE id = ?1",
    [S_MENTION_INSERT] = "INSERT OR IGNORE INTO mentions(entity_id, doc_id) VALUES (?1, ?2)",
    /* ?1 the entity ids (rg_ids), sorted: one statement per document, and
     * its rows go into the key in order */
    [S_MENTIONS_INSERT] = "INSERT OR IGNORE INTO mentions(entity_id, doc_id)"
                          " SELECT id, ?2 FROM rg_ids(?1)",
    /* ?1 keep, ?2 other, ?3 keep's folded name */
    [S_MERGE_ALIASES] = "INSERT OR IGNORE INTO aliases(entity_id, alias, folded, origin_doc)"
                        " SELECT ?1, alias, folded, origin_doc FROM aliases"
                        " WHERE entity_id = ?2 AND folded <> ?3",
    [S_MERGE_MENTIONS] = "INSERT OR IGNORE INTO mentions(entity_id, doc_id)"
                         " SELECT ?1, doc_id FROM mentions WHERE entity_id = ?2",
    [S_REMOVE_DOC_EVIDENCE] = "DELETE FROM evidence WHERE doc_id = ?1",
    /* Removing a document deletes the dependants of what it removes itself
     * (topics, aliases, mentions) before the cascades would: they are off
     * while an ingest session trusts its references (store_trust_references). */
    [S_REMOVE_DOC_LINK_TOPICS] = "DELETE FROM link_topics WHERE link_id IN"
                                 " (SELECT id FROM links WHERE " DOC_LINKS_GONE ")",
    [S_REMOVE_DOC_LINKS] = "DELETE FROM links WHERE " DOC_LINKS_GONE,
    [S_REMOVE_DOC_LINKS_REORIGIN] = "UPDATE links SET origin_doc = (SELECT min(doc_id)"
                                    " FROM evidence WHERE link_id = links.id)"
                                    " WHERE origin_doc = ?1",
    /* the aliases of an entity that goes all came from the document, so
     * deleting them first leaves the condition as it was */
    [S_REMOVE_DOC_ENTITY_ALIASES] = "DELETE FROM aliases WHERE entity_id IN"
                                    " (SELECT id FROM entities WHERE " DOC_ENTITIES_GONE ")",
    [S_REMOVE_DOC_ENTITIES] = "DELETE FROM entities WHERE " DOC_ENTITIES_GONE,
    [S_REMOVE_DOC_ALIASES_REORIGIN] =
        "UPDATE aliases SET origin_doc = (SELECT origin_doc FROM entities"
        " WHERE id = aliases.entity_id) WHERE origin_doc = ?1",
    /* survivors are now owed to another document that mentions them, else
     * to the links or aliases that kept them: manual */
    [S_REMOVE_DOC_ENTITIES_REORIGIN] =
        "UPDATE entities SET origin_doc = coalesce((SELECT min(doc_id) FROM mentions m"
        " WHERE m.entity_id = entities.id AND m.doc_id <> ?1), 0) WHERE origin_doc = ?1",
    [S_REMOVE_DOC_MENTIONS] = "DELETE FROM mentions WHERE doc_id = ?1",
    [S_WALK_ENTITIES] = "SELECT id, type, name, attrs FROM entities ORDER BY id",
    [S_WALK_ENTITIES_FILTERED] =
        "SELECT id, type, name, attrs FROM entities WHERE (?1 IS NULL OR type = ?1)"
        " AND (?2 IS NULL OR instr(folded, ?2) > 0 OR EXISTS (SELECT 1 FROM aliases a"
        "      WHERE a.entity_id = entities.id AND instr(a.folded, ?2) > 0))"
        " ORDER BY id",
    [S_WALK_ALIASES] = "SELECT entity_id, alias FROM aliases ORDER BY entity_id, alias",
    [S_WALK_LINKS] = "SELECT id, type, source, target, date, attrs FROM links ORDER BY id",
    [S_WALK_LINKS_FILTERED] =
        "SELECT id, type, source, target, date, attrs FROM links WHERE (?1 IS NULL OR type = ?1)"
        " ORDER BY id",
    /* two index lookups (source leads the unique key; target has its own) */
    [S_WALK_LINKS_OF_ENTITY] =
        "SELECT id, type, source, target, date, attrs FROM links"
        " WHERE source = ?2 AND (?1 IS NULL OR type = ?1)"
        " UNION SELECT id, type, source, target, date, attrs FROM links"
        " WHERE target = ?2 AND (?1 IS NULL OR type = ?1) ORDER BY 1",
    [S_WALK_TOPICS] = "SELECT link_id, topic FROM link_topics ORDER BY link_id, topic",
    [S_WALK_EVIDENCE] = "SELECT link_id, doc_id, \"start\", \"end\", text FROM evidence"
                        " ORDER BY link_id, doc_id, \"start\", \"end\"",
    [S_WALK_EVIDENCE_COUNTS] = "SELECT link_id, count(*) FROM evidence GROUP BY link_id"
                               " ORDER BY link_id",
    [S_WALK_DOCUMENTS] = "SELECT id, name, hash, title, date, ingested_at FROM documents"
                         " ORDER BY id",
    /* both use an index: source leads the unique key, target has its own */
    [S_BALL_NEIGHBOURS] = "SELECT target FROM links WHERE source = ?1"
                          " UNION ALL SELECT source FROM links WHERE target = ?1",
    /* all four columns are in the unique key's index (source, target,
     * type, and the rowid): the rows themselves are not read */
    [S_BALL_LINKS_FROM] = "SELECT id, type, source, target FROM links WHERE source = ?1",
    [S_LINK_DATE_ATTRS] = "SELECT date, attrs FROM links WHERE id = ?1",
    [S_STATS_COUNTS] = "SELECT (SELECT count(*) FROM entities), (SELECT count(*) FROM links),"
                       " (SELECT count(*) FROM evidence), (SELECT count(*) FROM documents),"
                       " (SELECT count(*) FROM aliases)",
    [S_STATS_ENTITY_TYPES] = "SELECT type, count(*) FROM entities GROUP BY type ORDER BY type",
    [S_STATS_LINK_TYPES] = "SELECT type, count(*) FROM links GROUP BY type ORDER BY type",
    [S_STATS_DATES] = "SELECT min(date), max(date) FROM links WHERE date IS NOT NULL",
    [S_IS_EMPTY] = "SELECT NOT EXISTS (SELECT 1 FROM entities) AND NOT EXISTS (SELECT 1 FROM links)"
                   " AND NOT EXISTS (SELECT 1 FROM documents)",
};

struct rg_store {
    sqlite3 *db;
    char *path;
    const rg_pack *pack;
    bool readonly;
    bool outdated;          /* opened read-only with an older schema */
    rg_id known_doc;            /* a document known to exist (0 = none); reset
                                   by anything that may remove documents */
    sqlite3_stmt *stmts[S_COUNT];
    sqlite3_stmt **retired;     /* replaced while busy; finalized at close */
    size_t n_retired;
};

/* ---- small helpers ------------------------------------------------------ */

static rg_status db_error(rg_store *st, rg_error *err, const char *what)
{
    int code = sqlite3_extended_errcode(st->db);
    const char *msg = sqlite3_errmsg(st->db);

    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return rg_fail(err, RG_ERR_DB, "%s: the database is busy (another relgraph is writing; "
                       "try again)", st->path);
    case SQLITE_READONLY:
        return rg_fail(err, RG_ERR_DB, "%s: %s: the database is open read-only", st->path, what);
    case SQLITE_FULL:
        return rg_fail(err, RG_ERR_IO, "%s: %s: disk full", st->path, what);
    case SQLITE_IOERR:
        return rg_fail(err, RG_ERR_IO, "%s: %s: %s", st->path, what, msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return rg_fail(err, RG_ERR_DB, "%s: database file is corrupt (%s)", st->path, msg);
    case SQLITE_NOMEM:
        return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", what);
    default:
        return rg_fail(err, RG_ERR_DB, "%s: %s: %s", st->path, what, msg);
    }
}

/* The cached statement id, reset and with no bindings; NULL on failure. */
static sqlite3_stmt *stmt(rg_store *st, enum stmt_id id, rg_error *err)
{
    sqlite3_stmt *s = st->stmts[id];

    if (s && !sqlite3_stmt_busy(s)) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if (s) {
        /* still stepping for an outer walk (a callback that walks again):
         * leave it to its owner and cache a fresh one */
        sqlite3_stmt **p = realloc(st->retired, (st->n_retired + 1) * sizeof *p);
        if (!p) {
            rg_fail(err, RG_ERR_NOMEM, "out of memory");
            return NULL;
        }
        st->retired = p;
        st->retired[st->n_retired++] = s;
        st->stmts[id] = NULL;
    }
    if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) !=
        SQLITE_OK) {
        db_error(st, err, "preparing a statement");
        return NULL;
    }
    st->stmts[id] = s;
    return s;
}

/* Ends a statement's use so it holds no read lock. */
static void done(sqlite3_stmt *s)
{
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *text)
{
    if (text && *text)
        sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_id_or_null(sqlite3_stmt *s, int i, rg_id id)
{
    if (id > 0)
        sqlite3_bind_int64(s, i, id);
    else
        sqlite3_bind_null(s, i);
}

/* Runs a statement that returns no rows. */
static rg_status run(rg_store *st, sqlite3_stmt *s, const char *what, rg_error *err)
{
    int rc = sqlite3_step(s);
    rg_status status = RG_OK;

    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = db_error(st, err, what);
    done(s);
    return status;
}

/* Steps a one-row query: *found says whether there was a row (left
 * positioned on it; the caller calls done()). */
static rg_status step_row(rg_store *st, sqlite3_stmt *s, bool *found, const char *what,
                          rg_error *err)
{
    int rc = sqlite3_step(s);

    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return RG_OK;
    db_error(st, err, what);
    done(s);
    return err ? err->code : RG_ERR_DB;
}

/* Runs a statement whose parameters are one or two ids. */
static rg_status exec_ids(rg_store *st, enum stmt_id which, rg_id a, rg_id b, const char *what,
                          rg_error *err)
{
    sqlite3_stmt *s = stmt(st, which, err);
    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, a);
    if (sqlite3_bind_parameter_count(s) >= 2)
        sqlite3_bind_int64(s, 2, b);
    return run(st, s, what, err);
}

static rg_status savepoint(rg_store *st, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_SAVEPOINT, err);
    return s ? run(st, s, "savepoint", err) : RG_ERR_DB;
}

static rg_status release(rg_store *st, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_RELEASE, err);
    return s ? run(st, s, "release", err) : RG_ERR_DB;
}

/* Undoes everything since savepoint() and ends it; keeps the error that
 * caused the rollback. */
static void undo(rg_store *st)
{
    sqlite3_stmt *s;

    st->known_doc = 0;
    s = stmt(st, S_ROLLBACK_TO, NULL);
    if (s)
        run(st, s, "rollback", NULL);
    s = stmt(st, S_RELEASE, NULL);
    if (s)
        run(st, s, "release", NULL);
}

static char *dup_text(sqlite3_stmt *s, int col, bool *failed)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    char *copy;

    if (!t)
        return NULL;
    copy = strdup((const char *)t);
    if (!copy)
        *failed = true;
    return copy;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *s, int col)
{
    rg_copy_fixed(dst, n, (const char *)sqlite3_column_text(s, col));
}

/* Folds a name for lookup; RG_ERR_INVALID when it is not valid UTF-8 or
 * folds to nothing.  what names the field in messages ("entity name"). */
static rg_status fold_name(const char *what, const char *name, char **out, rg_error *err)
{
    size_t bad;

    *out = NULL;
    if (!name || !*name)
        return rg_fail(err, RG_ERR_INVALID, "%s: empty", what);
    if (!text_utf8_valid(name, strlen(name), &bad))
        return rg_fail(err, RG_ERR_INVALID, "%s: not valid UTF-8 at byte %zu", what, bad);
    if (text_fold(name, strlen(name), out, err) != RG_OK)
        return err ? err->code : RG_ERR_INVALID;
    if (!**out) {
        free(*out);
        *out = NULL;
        return rg_fail(err, RG_ERR_INVALID, "%s '%s': has no letter or digit to look it up by",
                       what, name);
    }
    return RG_OK;
}

static rg_status check_text(const char *what, const char *text, rg_error *err)
{
    size_t bad;
    if (text && !text_utf8_valid(text, strlen(text), &bad))
        return rg_fail(err, RG_ERR_INVALID, "%s: not valid UTF-8 at byte %zu", what, bad);
    return RG_OK;
}

/* Parses attrs JSON text (NULL or "" = none) into a compact text with sorted
 * keys in *out (NULL for none or {}). */
static rg_status normalize_attrs(const char *text, char **out, rg_error *err)
{
    json_error_t jerr;
    json_t *obj;

    *out = NULL;
    if (!text || !*text)
        return RG_OK;
    obj = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj)
        return rg_fail(err, RG_ERR_INVALID, "attrs: %s", jerr.text);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return rg_fail(err, RG_ERR_INVALID, "attrs: expected a JSON object");
    }
    if (json_object_size(obj) > 0) {
        *out = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS | RG_JSON_REALS);
        if (!*out) {
            json_decref(obj);
            return rg_fail(err, RG_ERR_NOMEM, "attrs: out of memory");
        }
    }
    json_decref(obj);
    return RG_OK;
}

/* ---- open / close ------------------------------------------------------- */

static rg_status exec_sql(rg_store *st, const char *sql, const char *what, rg_error *err)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_error(st, err, what);
    return RG_OK;
}

/* One integer from a constant query. */
static int query_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(s, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

/* Maps an SQLite failure while first reading the file to a message. */
static rg_status open_error(rg_store *st, int rc, rg_error *err)
{
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        return rg_fail(err, RG_ERR_DB, "%s: not a relgraph database", st->path);
    case SQLITE_CORRUPT:
        return rg_fail(err, RG_ERR_DB, "%s: database file is corrupt", st->path);
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
        return rg_fail(err, RG_ERR_IO, "%s: cannot open: %s", st->path, sqlite3_errmsg(st->db));
    default:
        return db_error(st, err, "opening");
    }
}

/* ---- C arrays as tables ---------------------------------------------------- */

/* Eponymous virtual tables over a C array bound to their hidden column arg
 * (sqlite3_bind_pointer), so that one INSERT ... SELECT stores a document's
 * evidence or mentions: one statement instead of one per row (each cost
 * about 6,000 instructions of bind, step and halt), all or nothing, and
 * without formatting the rows as text first (as json_each needs).
 *   rg_evidence_rows(link, start, end, text, arg)  over rg_evidence_row
 *   rg_ids(id, arg)                                over rg_id */
typedef struct rows_arg {
    const void *rows;
    size_t n;
} rows_arg;

typedef struct rows_kind {
    const char *name;       /* the table's, and the bound pointer's type */
    const char *schema;
    int arg_col;
    void (*column)(sqlite3_context *ctx, const void *rows, size_t i, int col);
} rows_kind;

typedef struct rows_vtab {
    sqlite3_vtab base;
    const rows_kind *kind;
} rows_vtab;

typedef struct rows_cursor {
    sqlite3_vtab_cursor base;
    const rows_arg *arg;
    size_t i;
} rows_cursor;

static void evidence_column(sqlite3_context *ctx, const void *rows, size_t i, int col)
{
    const rg_evidence_row *r = (const rg_evidence_row *)rows + i;
    switch (col) {
    case 0:
        sqlite3_result_int64(ctx, r->link);
        break;
    case 1:
        sqlite3_result_int64(ctx, r->start);
        break;
    case 2:
        sqlite3_result_int64(ctx, r->end);
        break;
    case 3:
        sqlite3_result_text(ctx, r->text, -1, SQLITE_STATIC);
        break;
    default:
        sqlite3_result_null(ctx);
    }
}

static void id_column(sqlite3_context *ctx, const void *rows, size_t i, int col)
{
    if (col == 0)
        sqlite3_result_int64(ctx, ((const rg_id *)rows)[i]);
    else
        sqlite3_result_null(ctx);
}

static const rows_kind row_kinds[] = {
    {"rg_evidence_rows", "CREATE TABLE x(link, \"start\", \"end\", text, arg HIDDEN)", 4,
     evidence_column},
    {"rg_ids", "CREATE TABLE x(id, arg HIDDEN)", 1, id_column},
};

static int rows_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                        sqlite3_vtab **out, char **errmsg)
{
    const rows_kind *kind = aux;
    rows_vtab *vt;
    int rc = sqlite3_declare_vtab(db, kind->schema);
    (void)argc, (void)argv, (void)errmsg;
    if (rc != SQLITE_OK)
        return rc;
    if (!(vt = sqlite3_malloc(sizeof *vt)))
        return SQLITE_NOMEM;
    memset(vt, 0, sizeof *vt);
    vt->kind = kind;
    *out = &vt->base;
    return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* The rows come only from the bound array: a plan without it is refused. */
static int rows_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    int arg_col = ((rows_vtab *)vt)->kind->arg_col;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn == arg_col && c->op == SQLITE_INDEX_CONSTRAINT_EQ && c->usable) {
            info->aConstraintUsage[i].argvIndex = 1;
            info->aConstraintUsage[i].omit = 1;
            info->estimatedCost = 1;
            return SQLITE_OK;
        }
    }
    return SQLITE_CONSTRAINT;
}

static int rows_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    rows_cursor *c = sqlite3_malloc(sizeof *c);
    (void)vt;
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                       sqlite3_value **argv)
{
    rows_cursor *c = (rows_cursor *)cur;
    const rows_kind *kind = ((rows_vtab *)cur->pVtab)->kind;
    (void)idx, (void)idx_str;
    c->arg = argc > 0 ? sqlite3_value_pointer(argv[0], kind->name) : NULL;
    c->i = 0;
    return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *cur)
{
    ((rows_cursor *)cur)->i++;
    return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *cur)
{
    rows_cursor *c = (rows_cursor *)cur;
    return !c->arg || c->i >= c->arg->n;
}

static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    rows_cursor *c = (rows_cursor *)cur;
    ((rows_vtab *)cur->pVtab)->kind->column(ctx, c->arg->rows, c->i, col);
    return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((rows_cursor *)cur)->i;
    return SQLITE_OK;
}

static const sqlite3_module rows_module = {
    .iVersion = 0,
    .xConnect = rows_connect,
    .xBestIndex = rows_best_index,
    .xDisconnect = rows_disconnect,
    .xOpen = rows_open,
    .xClose = rows_close,
    .xFilter = rows_filter,
    .xNext = rows_next,
    .xEof = rows_eof,
    .xColumn = rows_column,
    .xRowid = rows_rowid,
};

/* Binds n rows of the kind named to parameter i of s; arg must outlive the
 * statement's run. */
static void bind_rows(sqlite3_stmt *s, int i, rows_arg *arg, const char *kind)
{
    sqlite3_bind_pointer(s, i, arg, kind, NULL);
}

static rg_status open_connection(rg_store *st, bool create, bool immutable, rg_error *err)
{
    /* NOMUTEX: an rg_store is used by one thread at a time (store.h), so
     * the mutex SQLite takes around every call on the connection is pure
     * cost (3% of an ingest's store instructions) */
    int flags = (st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    int rc;

    if (create && !st->readonly)
        flags |= SQLITE_OPEN_CREATE;
    if (immutable) {
        /* A WAL database in a read-only folder cannot get its -shm file;
         * immutable=1 reads the main file without locks, which is right
         * when no writer can exist. */
        char *uri = sqlite3_mprintf("file:%s?immutable=1", st->path);
        if (!uri)
            return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", st->path);
        rc = sqlite3_open_v2(uri, &st->db, flags | SQLITE_OPEN_URI, NULL);
        sqlite3_free(uri);
    } else {
        rc = sqlite3_open_v2(st->path, &st->db, flags, NULL);
    }
    if (rc != SQLITE_OK) {
        rg_status status = rg_fail(err, rc == SQLITE_NOMEM ? RG_ERR_NOMEM : RG_ERR_IO,
                                   "%s: cannot open: %s", st->path,
                                   st->db ? sqlite3_errmsg(st->db) : "out of memory");
        sqlite3_close(st->db);
        st->db = NULL;
        return status;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    for (size_t i = 0; i < sizeof row_kinds / sizeof row_kinds[0]; i++) {
        if (sqlite3_create_module(st->db, row_kinds[i].name, &rows_module,
                                  (void *)&row_kinds[i]) != SQLITE_OK) {
            rg_status status = db_error(st, err, "registering a module");
            sqlite3_close(st->db);
            st->db = NULL;
            return status;
        }
    }
    return RG_OK;
}

/* Reads the header facts: number of schema objects, app name, version. */
static rg_status read_identity(rg_store *st, int *n_objects, int *version, rg_error *err)
{
    int rc = query_int(st->db, "SELECT count(*) FROM sqlite_master", n_objects);
    int is_ours = 0;

    if (rc != SQLITE_OK)
        return open_error(st, rc, err);
    rc = query_int(st->db, "PRAGMA user_version", version);
    if (rc != SQLITE_OK)
        return open_error(st, rc, err);
    if (*n_objects == 0)
        return RG_OK;
    rc = query_int(st->db,
                   "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
                   &is_ours);
    if (rc == SQLITE_OK && is_ours)
        rc = query_int(st->db,
                       "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'app' AND value = 'relgraph')",
                       &is_ours);
    if (rc != SQLITE_OK)
        return open_error(st, rc, err);
    if (!is_ours)
        return rg_fail(err, RG_ERR_DB, "%s: not a relgraph database", st->path);
    return RG_OK;
}

static rg_status migrate(rg_store *st, int from, rg_error *err)
{
    char pragma[64];

    if (exec_sql(st, "BEGIN IMMEDIATE", "upgrading the schema", err) != RG_OK)
        return err ? err->code : RG_ERR_DB;
    for (size_t v = (size_t)from; v < N_MIGRATIONS; v++)
        if (exec_sql(st, migrations[v], "upgrading the schema", err) != RG_OK)
            goto fail;
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", RG_SCHEMA_VERSION);
    if (exec_sql(st, pragma, "upgrading the schema", err) != RG_OK ||
        exec_sql(st, "COMMIT", "upgrading the schema", err) != RG_OK)
        goto fail;
    return RG_OK;
fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return err ? err->code : RG_ERR_DB;
}

/* Validates identity and version, then brings the schema up to date. */
static rg_status prepare_schema(rg_store *st, bool created, rg_error *err)
{
    int n_objects = 0, version = 0;
    rg_status status = read_identity(st, &n_objects, &version, err);

    if (status != RG_OK)
        return status;
    if (n_objects == 0 && !created)
        return rg_fail(err, RG_ERR_DB, "%s: not a relgraph database", st->path);
    if (version > RG_SCHEMA_VERSION)
        return rg_fail(err, RG_ERR_DB, "%s: made by a newer relgraph (schema %d; this one knows %d)",
                       st->path, version, RG_SCHEMA_VERSION);
    if (version == RG_SCHEMA_VERSION)
        return RG_OK;
    if (st->readonly) {
        st->outdated = true;
        return rg_fail(err, RG_ERR_DB, "%s: schema %d is older than %d; open it once for writing "
                       "to upgrade it", st->path, version, RG_SCHEMA_VERSION);
    }
    return migrate(st, version, err);
}

/* Whether the folder holding path takes new files (SQLite's -wal, -shm). */
static bool folder_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];

    if (!slash)
        return access(".", W_OK) == 0;
    if (slash == path)
        return access("/", W_OK) == 0;
    if ((size_t)(slash - path) >= sizeof dir)
        return true;    /* let SQLite say what is wrong */
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    return access(dir, W_OK) == 0;
}

static rg_status open_store(const char *path, unsigned flags, const rg_pack *pack,
                            rg_store **out, bool *outdated, rg_error *err)
{
    rg_store *st = NULL;
    struct stat sb;
    bool exists, created = false;
    rg_status status;

    *out = NULL;
    if (!path || !*path)
        return rg_fail(err, RG_ERR_USAGE, "no database path given");
    exists = stat(path, &sb) == 0;
    if (!exists && !(flags & RG_OPEN_CREATE))
        return rg_fail(err, RG_ERR_IO, "%s: no such database (run 'relgraph init' first)", path);
    if (!exists && (flags & RG_OPEN_READONLY))
        return rg_fail(err, RG_ERR_IO, "%s: no such database", path);
    if (exists && S_ISDIR(sb.st_mode))
        return rg_fail(err, RG_ERR_IO, "%s: is a folder, not a database", path);
    if (exists && access(path, R_OK) != 0)
        return rg_fail(err, RG_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    if (exists && !(flags & RG_OPEN_READONLY) && access(path, W_OK) != 0)
        return rg_fail(err, RG_ERR_IO, "%s: read-only file (%s); only read commands can use it",
                       path, errno == EPERM ? "immutable: chattr -i makes it writable"
                       : strerror(errno));
    if (!(flags & RG_OPEN_READONLY) && !folder_writable(path))
        return rg_fail(err, RG_ERR_IO, exists ? "%s: read-only folder (a database is written "
                       "with its -wal and -shm files beside it); only read commands can use it"
                       : "%s: cannot create it: read-only folder", path);
    /* an empty file is initialised only when asked to create */
    created = (flags & RG_OPEN_CREATE) && !(flags & RG_OPEN_READONLY) && (!exists || sb.st_size == 0);

    st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", path);
    }
    st->pack = pack;
    st->readonly = flags & RG_OPEN_READONLY;
    status = open_connection(st, !exists, false, err);
    if (status != RG_OK)
        goto fail;
    status = prepare_schema(st, created, err);
    if (status == RG_ERR_IO && st->readonly) {
        /* a WAL file in a read-only folder: fall back to immutable reading
         * when no write-ahead log holds data the main file lacks */
        char wal[4096];
        snprintf(wal, sizeof wal, "%s-wal", path);
        sqlite3_close(st->db);
        st->db = NULL;
        if (stat(wal, &sb) == 0 && sb.st_size > 0) {
            status = rg_fail(err, RG_ERR_IO, "%s: cannot read it from a read-only folder while "
                             "its write-ahead log %s holds changes (open it once where it "
                             "is writable)", path, wal);
            goto fail;
        }
        status = open_connection(st, false, true, err);
        if (status == RG_OK)
            status = prepare_schema(st, false, err);
    }
    if (status != RG_OK)
        goto fail;
    /* A checkpoint every 10000 pages (40 MB of log) rather than 1000: an
     * ingest commits per document, each commit rewrites the index pages it
     * touched, and checkpointing after nearly every commit cost one
     * fdatasync and one write-back of those pages each time (measured on a
     * 10 MB ingest: 382 -> 52 fdatasyncs, 480k -> 389k page writes).
     * synchronous = NORMAL: under WAL a commit appends to the log without
     * an fsync, which is synced at each checkpoint.  Every transaction
     * (one ingested document, one curation command) stays atomic: a crash
     * or power cut can lose the last commits before the sync, never leave
     * one half-applied or the file corrupt.  FULL would add an fsync per
     * document to an ingest. */
    if (!st->readonly) {
        if ((status = exec_sql(st, "PRAGMA journal_mode = WAL", "setting WAL mode", err)) != RG_OK ||
            (status = exec_sql(st, "PRAGMA synchronous = NORMAL", "setting sync mode", err)) != RG_OK ||
            (status = exec_sql(st, "PRAGMA wal_autocheckpoint = 10000", "setting checkpoints", err)) != RG_OK)
            goto fail;
    }
    if ((status = exec_sql(st, "PRAGMA foreign_keys = ON", "enabling foreign keys", err)) != RG_OK ||
        (status = exec_sql(st, "PRAGMA temp_store = MEMORY", "setting temp store", err)) != RG_OK)
        goto fail;
    /* a bulk write touches index pages all over the file: a 256 MB page
     * cache (allocated only as used) keeps a million-link graph's indexes in
     * memory, which makes bulk writes about twice as fast.  Readers scan in
     * order and keep the default, so a read command's memory is its graph. */
    if (!st->readonly &&
        (status = exec_sql(st, "PRAGMA cache_size = -262144", "sizing the cache", err)) != RG_OK)
        goto fail;
    /* A reader walks several tables one after another (entities, then
     * links, ...): one read transaction for its whole life makes them one
     * snapshot, so a writer committing meanwhile cannot hand it a link
     * whose entity it did not see.  WAL lets the writer go on. */
    if (st->readonly && (status = exec_sql(st, "BEGIN", "starting a read snapshot", err)) != RG_OK)
        goto fail;
    *out = st;
    return RG_OK;
fail:
    *outdated = st && st->outdated;
    store_close(st);
    return status;
}

/* A read command on a database an older relgraph made upgrades it first
 * when it may write there (one transaction: migrate() is all or nothing),
 * so that reading never needs a write command first; where it may not
 * write, the message says how. */
rg_status store_open(const char *path, unsigned flags, const rg_pack *pack,
                     rg_store **out, rg_error *err)
{
    bool outdated = false;
    rg_store *w = NULL;
    rg_status status = open_store(path, flags, pack, out, &outdated, err);

    if (status == RG_OK || !outdated || !(flags & RG_OPEN_READONLY) ||
        access(path, W_OK) != 0 || !folder_writable(path))
        return status;
    if ((status = open_store(path, flags & ~(unsigned)RG_OPEN_READONLY, pack, &w, &outdated,
                             err)) != RG_OK)
        return status;
    store_close(w);
    return open_store(path, flags, pack, out, &outdated, err);
}

void store_close(rg_store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < S_COUNT; i++)
        sqlite3_finalize(st->stmts[i]);
    for (size_t i = 0; i < st->n_retired; i++)
        sqlite3_finalize(st->retired[i]);
    free(st->retired);
    if (st->db)
        sqlite3_close(st->db);
    free(st->path);
    free(st);
}

rg_status store_set_max_pages(rg_store *st, unsigned long pages, rg_error *err)
{
    char pragma[64];

    snprintf(pragma, sizeof pragma, "PRAGMA max_page_count = %lu", pages);
    return exec_sql(st, pragma, "capping the file size", err);
}

const char *store_path(const rg_store *st)
{
    return st->path;
}

const rg_pack *store_pack(const rg_store *st)
{
    return st->pack;
}

/* ---- the process ---------------------------------------------------------- */

rg_status store_setup_process(rg_error *err)
{
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        return rg_fail(err, RG_ERR_INTERNAL, "SQLite is already in use: set it up before "
                       "opening a store");
    return RG_OK;
}

/* ---- transactions ---------------------------------------------------------- */

rg_status store_begin(rg_store *st, rg_error *err)
{
    if (st->readonly)
        return rg_fail(err, RG_ERR_DB, "%s: the database is open read-only", st->path);
    return exec_sql(st, "BEGIN IMMEDIATE", "starting a transaction", err);
}

rg_status store_commit(rg_store *st, rg_error *err)
{
    return exec_sql(st, "COMMIT", "committing", err);
}

void store_rollback(rg_store *st)
{
    if (st)
        st->known_doc = 0;
    if (store_in_transaction(st))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

bool store_in_transaction(const rg_store *st)
{
    return st && st->db && !sqlite3_get_autocommit(st->db);
}

/* PRAGMA foreign_keys does nothing inside a transaction, so say so rather
 * than let a caller believe the checks changed. */
rg_status store_trust_references(rg_store *st, bool trust, rg_error *err)
{
    if (store_in_transaction(st))
        return rg_fail(err, RG_ERR_INVALID,
                       "%s: reference checks cannot change inside a transaction", st->path);
    return exec_sql(st, trust ? "PRAGMA foreign_keys = OFF" : "PRAGMA foreign_keys = ON",
                    "setting reference checks", err);
}

/* The callers' units are the store's own savepoints: RELEASE and ROLLBACK
 * TO act on the innermost savepoint of the name, and the store's are always
 * ended before its functions return, so the two nest. */
rg_status store_savepoint(rg_store *st, rg_error *err)
{
    return savepoint(st, err);
}

rg_status store_release(rg_store *st, rg_error *err)
{
    return release(st, err);
}

void store_rollback_to(rg_store *st)
{
    st->known_doc = 0;
    /* SQLite may have rolled the whole transaction back (a full disk) */
    if (store_in_transaction(st))
        undo(st);
}

/* ---- entities ------------------------------------------------------------- */

/* Types of a link's two endpoints in one query; RG_ERR_NOT_FOUND names the
 * missing one. */
static rg_status endpoint_types(rg_store *st, rg_id source, rg_id target, char *stype,
                                char *ttype, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_ENTITY_TYPES2, err);
    bool have_s = false, have_t = false;
    int rc;

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, source);
    sqlite3_bind_int64(s, 2, target);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        rg_id id = sqlite3_column_int64(s, 0);
        if (id == source) {
            copy_col(stype, RG_TYPE_MAX, s, 1);
            have_s = true;
        }
        if (id == target) {
            copy_col(ttype, RG_TYPE_MAX, s, 1);
            have_t = true;
        }
    }
    if (rc != SQLITE_DONE) {
        db_error(st, err, "reading entities");
        done(s);
        return err ? err->code : RG_ERR_DB;
    }
    done(s);
    if (!have_s || !have_t)
        return rg_fail(err, RG_ERR_NOT_FOUND, "no entity e%lld", (long long)(have_s ? target : source));
    return RG_OK;
}

static rg_status row_exists(rg_store *st, enum stmt_id id, rg_id key, bool *exists, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, id, err);

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, key);
    if (step_row(st, s, exists, "reading", err) != RG_OK)
        return err ? err->code : RG_ERR_DB;
    done(s);
    return RG_OK;
}

/* Ids of entities (of type, NULL = any) answering to a folded form. */
static rg_status lookup_folded(rg_store *st, const char *folded, const char *type, rg_id **ids,
                               size_t *n, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_LOOKUP, err);
    size_t cap = 0;
    int rc;

    *ids = NULL;
    *n = 0;
    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_text(s, 1, folded, -1, SQLITE_STATIC);
    bind_text_or_null(s, 2, type);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            rg_id *p = realloc(*ids, ncap * sizeof *p);
            if (!p) {
                done(s);
                free(*ids);
                *ids = NULL;
                *n = 0;
                return rg_fail(err, RG_ERR_NOMEM, "lookup: out of memory");
            }
            *ids = p;
            cap = ncap;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    if (rc != SQLITE_DONE) {
        db_error(st, err, "looking up a name");
        done(s);
        free(*ids);
        *ids = NULL;
        *n = 0;
        return err ? err->code : RG_ERR_DB;
    }
    done(s);
    return RG_OK;
}

/* The entity of this type that answers to folded, or 0. */
static rg_status owner_of(rg_store *st, const char *folded, const char *type, rg_id *owner,
                          rg_error *err)
{
    rg_id *ids = NULL;
    size_t n = 0;
    rg_status status = lookup_folded(st, folded, type, &ids, &n, err);

    *owner = status == RG_OK && n > 0 ? ids[0] : 0;
    free(ids);
    return status;
}

rg_status store_lookup_entities(rg_store *st, const char *name, const char *type,
                                rg_id **ids, size_t *n, rg_error *err)
{
    char *folded = NULL;
    rg_status status;

    *ids = NULL;
    *n = 0;
    if (!name || !text_utf8_valid(name, strlen(name), NULL))
        return rg_fail(err, RG_ERR_INVALID, "name: not valid UTF-8");
    if ((status = text_fold(name, strlen(name), &folded, err)) != RG_OK)
        return status;
    if (*folded)
        status = lookup_folded(st, folded, type, ids, n, err);
    free(folded);
    return status;
}

static rg_status insert_alias(rg_store *st, rg_id id, const char *alias, const char *folded,
                              rg_id origin, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_ALIAS_INSERT, err);

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, alias, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, folded, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, origin);
    return run(st, s, "adding an alias", err);
}

/* Adds each alias whose folded form is new for this entity's type; an alias
 * that another entity of the type answers to is skipped (it would make the
 * name ambiguous). */
static rg_status check_aliases(const rg_strlist *aliases, rg_error *err)
{
    for (size_t i = 0; aliases && i < aliases->len; i++) {
        size_t bad;
        if (!text_utf8_valid(aliases->items[i], strlen(aliases->items[i]), &bad))
            return rg_fail(err, RG_ERR_INVALID, "alias %zu: not valid UTF-8 at byte %zu", i + 1, bad);
    }
    return RG_OK;
}

static rg_status insert_aliases(rg_store *st, rg_id id, const char *type, const char *name_folded,
                                const rg_strlist *aliases, rg_id origin, rg_error *err)
{
    rg_status status = RG_OK;

    for (size_t i = 0; aliases && i < aliases->len && status == RG_OK; i++) {
        char *folded = NULL;
        rg_id owner = 0;

        if ((status = text_fold(aliases->items[i], strlen(aliases->items[i]), &folded, err)) != RG_OK)
            return status;
        if (*folded && strcmp(folded, name_folded) != 0 &&
            (status = owner_of(st, folded, type, &owner, err)) == RG_OK &&
            (owner == 0 || owner == id))
            status = insert_alias(st, id, aliases->items[i], folded, origin, err);
        free(folded);
    }
    return status;
}

/* Shared by store_add_entity and store_insert_entity_with_id (id > 0). */
static rg_status insert_entity(rg_store *st, rg_id id, const char *type, const char *name,
                               const rg_strlist *aliases, const char *attrs_json,
                               rg_id origin, rg_id *out_id, rg_error *err)
{
    char *folded = NULL, *attrs = NULL;
    rg_id owner = 0, new_id = 0;
    sqlite3_stmt *s;
    rg_status status;

    if ((status = pack_check_entity_type(st->pack, type, err)) != RG_OK)
        return status;
    if ((status = fold_name("entity name", name, &folded, err)) != RG_OK)
        return status;
    if ((status = normalize_attrs(attrs_json, &attrs, err)) != RG_OK ||
        (status = check_aliases(aliases, err)) != RG_OK ||
        (status = owner_of(st, folded, type, &owner, err)) != RG_OK)
        goto fail;
    if (owner) {
        if (out_id)
            *out_id = owner;
        status = rg_fail(err, RG_ERR_EXISTS, "%s '%s' exists already (e%lld)", type, name,
                         (long long)owner);
        goto fail;
    }
    if (id > 0) {
        bool taken;
        if ((status = row_exists(st, S_ENTITY_EXISTS, id, &taken, err)) != RG_OK)
            goto fail;
        if (taken) {
            status = rg_fail(err, RG_ERR_EXISTS, "entity id e%lld is taken", (long long)id);
            goto fail;
        }
    }
    /* everything is checked: from here only the database itself can fail
     * (no savepoint: it would copy every touched page, per entity) */
    if (!(s = stmt(st, S_ENTITY_INSERT, err))) {
        status = RG_ERR_DB;
        goto fail;
    }
    bind_id_or_null(s, 1, id);
    sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, folded, -1, SQLITE_STATIC);
    bind_text_or_null(s, 5, attrs);
    sqlite3_bind_int64(s, 6, origin);
    if ((status = run(st, s, "adding an entity", err)) != RG_OK)
        goto fail;
    new_id = sqlite3_last_insert_rowid(st->db);
    if ((status = insert_aliases(st, new_id, type, folded, aliases, origin, err)) != RG_OK) {
        exec_ids(st, S_ENTITY_DELETE, new_id, 0, "undoing", NULL);
        goto fail;
    }
    if (out_id)
        *out_id = new_id;
    free(folded);
    free(attrs);
    return RG_OK;
fail:
    free(folded);
    free(attrs);
    return status;
}

rg_status store_add_entity(rg_store *st, const char *type, const char *name,
                           const rg_strlist *aliases, const char *attrs_json,
                           rg_id origin_doc, rg_id *out_id, rg_error *err)
{
    return insert_entity(st, 0, type, name, aliases, attrs_json, origin_doc, out_id, err);
}

rg_status store_insert_entity_with_id(rg_store *st, const rg_entity *e, rg_error *err)
{
    if (e->id <= 0)
        return rg_fail(err, RG_ERR_INVALID, "entity id %lld: must be positive", (long long)e->id);
    return insert_entity(st, e->id, e->type, e->name, &e->aliases, e->attrs, 0, NULL, err);
}

static rg_status load_strings(rg_store *st, enum stmt_id id, rg_id key, rg_strlist *out,
                              rg_error *err)
{
    sqlite3_stmt *s = stmt(st, id, err);
    int rc;

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, key);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (rg_strlist_push(out, (const char *)sqlite3_column_text(s, 0)) != RG_OK) {
            done(s);
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        }
    }
    if (rc != SQLITE_DONE) {
        db_error(st, err, "reading");
        done(s);
        return err ? err->code : RG_ERR_DB;
    }
    done(s);
    return RG_OK;
}

rg_status store_get_entity(rg_store *st, rg_id id, rg_entity *out, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_ENTITY_GET, err);
    rg_entity e = {0};
    bool found, failed = false;
    rg_status status;

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    if ((status = step_row(st, s, &found, "reading an entity", err)) != RG_OK)
        return status;
    if (!found) {
        done(s);
        return rg_fail(err, RG_ERR_NOT_FOUND, "no entity e%lld", (long long)id);
    }
    e.id = id;
    copy_col(e.type, sizeof e.type, s, 0);
    e.name = dup_text(s, 1, &failed);
    e.attrs = dup_text(s, 2, &failed);
    done(s);
    if (failed) {
        status = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if ((status = load_strings(st, S_ALIASES_OF, id, &e.aliases, err)) != RG_OK)
        goto fail;
    *out = e;
    return RG_OK;
fail:
    rg_entity_clear(&e);
    return status;
}

/* Name, type and folded name of an entity (caller frees name and folded). */
static rg_status entity_basics(rg_store *st, rg_id id, char *type, char **name, char **folded,
                               rg_id *origin, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_ENTITY_GET, err);
    bool found, failed = false;
    rg_status status;

    *name = *folded = NULL;
    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    if ((status = step_row(st, s, &found, "reading an entity", err)) != RG_OK)
        return status;
    if (!found) {
        done(s);
        return rg_fail(err, RG_ERR_NOT_FOUND, "no entity e%lld", (long long)id);
    }
    copy_col(type, RG_TYPE_MAX, s, 0);
    *name = dup_text(s, 1, &failed);
    *folded = dup_text(s, 3, &failed);
    if (origin)
        *origin = sqlite3_column_int64(s, 4);
    done(s);
    if (failed) {
        free(*name);
        free(*folded);
        *name = *folded = NULL;
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    return RG_OK;
}

rg_status store_add_alias(rg_store *st, rg_id id, const char *alias, rg_error *err)
{
    char type[RG_TYPE_MAX], *name = NULL, *name_folded = NULL, *folded = NULL;
    rg_id owner = 0;
    rg_status status;

    if ((status = entity_basics(st, id, type, &name, &name_folded, NULL, err)) != RG_OK)
        return status;
    if ((status = fold_name("alias", alias, &folded, err)) != RG_OK)
        goto out;
    if (strcmp(folded, name_folded) == 0)
        goto out;   /* the name itself already answers to it */
    if ((status = owner_of(st, folded, type, &owner, err)) != RG_OK)
        goto out;
    if (owner && owner != id) {
        status = rg_fail(err, RG_ERR_EXISTS, "alias '%s': %s e%lld already answers to it",
                         alias, type, (long long)owner);
        goto out;
    }
    if (owner == id)
        goto out;   /* it already answers to this form */
    status = insert_alias(st, id, alias, folded, 0, err);
out:
    free(name);
    free(name_folded);
    free(folded);
    return status;
}

static rg_status set_attrs(rg_store *st, enum stmt_id which, rg_id id, json_t *obj, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, which, err);
    char *text = NULL;
    rg_status status;

    if (!s)
        return RG_ERR_DB;
    if (json_object_size(obj) > 0 && !(text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS | RG_JSON_REALS)))
        return rg_fail(err, RG_ERR_NOMEM, "attrs: out of memory");
    sqlite3_bind_int64(s, 1, id);
    bind_text_or_null(s, 2, text);
    status = run(st, s, "setting attrs", err);
    free(text);
    return status;
}

rg_status store_set_entity_attr(rg_store *st, rg_id id, const char *key, json_t *value,
                                rg_error *err)
{
    rg_entity e = {0};
    json_t *obj = NULL;
    json_error_t jerr;
    rg_status status;

    if (!key || !*key || !text_utf8_valid(key, strlen(key), NULL))
        return rg_fail(err, RG_ERR_INVALID, "attribute name: empty or not valid UTF-8");
    if (!value)
        return rg_fail(err, RG_ERR_INVALID, "attribute '%s': no value", key);
    if ((status = store_get_entity(st, id, &e, err)) != RG_OK)
        return status;
    obj = e.attrs ? json_loads(e.attrs, 0, &jerr) : json_object();
    if (!obj || !json_is_object(obj)) {
        status = rg_fail(err, RG_ERR_DB, "e%lld: stored attrs are not a JSON object", (long long)id);
        goto out;
    }
    if (json_object_set(obj, key, value) != 0) {
        status = rg_fail(err, RG_ERR_NOMEM, "attribute '%s': out of memory", key);
        goto out;
    }
    status = set_attrs(st, S_ENTITY_SET_ATTRS, id, obj, err);
out:
    json_decref(obj);
    rg_entity_clear(&e);
    return status;
}

/* ---- did you mean ----------------------------------------------------------- */

#define N_SUGGEST 5

typedef struct suggestion {
    rg_id id;
    int score;          /* lower is closer */
    char *name;
    char type[RG_TYPE_MAX];
} suggestion;

/* Levenshtein distance between a and b when it is at most limit, else
 * limit + 1.  Bytes, not code points: folded names are mostly ASCII, and
 * this only ranks suggestions. */
static int edit_distance(const char *a, const char *b, int limit)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    int row[64];

    if (abs(la - lb) > limit || lb >= 63 || la >= 63)
        return limit + 1;
    for (int j = 0; j <= lb; j++)
        row[j] = j;
    for (int i = 1; i <= la; i++) {
        int prev = row[0], best;
        row[0] = i;
        best = row[0];
        for (int j = 1; j <= lb; j++) {
            int cur = row[j];
            int sub = prev + (a[i - 1] != b[j - 1]);
            int del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
            if (row[j] < best)
                best = row[j];
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb];
}

/* How close candidate is to what the user typed (q): 0 prefix, 1 contains
 * (either way), 2 + edit distance when small, -1 when not close. */
static int closeness(const char *q, const char *candidate)
{
    size_t lq = strlen(q), lc = strlen(candidate);
    int limit = lq <= 4 ? 1 : lq <= 8 ? 2 : 3, d;

    if (lq == 0)
        return -1;
    if (strncmp(candidate, q, lq) == 0)
        return 0;
    if (strstr(candidate, q) || (lc >= 3 && strstr(q, candidate)))
        return 1;
    d = edit_distance(q, candidate, limit);
    return d <= limit ? 2 + d : -1;
}

static void offer(suggestion *best, size_t *n, rg_id id, int score, const char *name,
                  const char *type)
{
    size_t worst = 0;

    for (size_t i = 0; i < *n; i++) {
        if (best[i].id == id) {
            if (score < best[i].score)
                best[i].score = score;
            return;
        }
    }
    if (*n < N_SUGGEST) {
        char *copy = strdup(name);
        if (!copy)
            return;
        best[*n] = (suggestion){.id = id, .score = score, .name = copy};
        rg_copy_fixed(best[*n].type, RG_TYPE_MAX, type);
        (*n)++;
        return;
    }
    for (size_t i = 1; i < *n; i++)
        if (best[i].score > best[worst].score ||
            (best[i].score == best[worst].score && strcmp(best[i].name, best[worst].name) > 0))
            worst = i;
    if (score < best[worst].score ||
        (score == best[worst].score && strcmp(name, best[worst].name) < 0)) {
        char *copy = strdup(name);
        if (!copy)
            return;
        free(best[worst].name);
        best[worst] = (suggestion){.id = id, .score = score, .name = copy};
        rg_copy_fixed(best[worst].type, RG_TYPE_MAX, type);
    }
}

static int by_score_then_name(const void *a, const void *b)
{
    const suggestion *x = a, *y = b;
    if (x->score != y->score)
        return x->score - y->score;
    return strcmp(x->name, y->name);
}

/* Appends "; did you mean: A (city), B (agency)" to buf when any name is
 * close to the folded query.  One pass over names and aliases. */
static void suggest(rg_store *st, const char *folded, char *buf, size_t n)
{
    sqlite3_stmt *s = stmt(st, S_ALL_NAMES, NULL);
    suggestion best[N_SUGGEST];
    size_t count = 0, used;

    buf[0] = '\0';
    if (!s || !folded || !*folded)
        return;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *cand = (const char *)sqlite3_column_text(s, 3);
        int score = cand ? closeness(folded, cand) : -1;
        if (score >= 0)
            offer(best, &count, sqlite3_column_int64(s, 0), score,
                  (const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2));
    }
    done(s);
    if (count == 0)
        return;
    qsort(best, count, sizeof *best, by_score_then_name);
    used = (size_t)snprintf(buf, n, "; did you mean: ");
    for (size_t i = 0; i < count; i++) {
        if (used < n)
            used += (size_t)snprintf(buf + used, n - used, "%s%s (%s)", i ? ", " : "",
                                     best[i].name, best[i].type);
        free(best[i].name);
    }
}

static bool parse_entity_id(const char *text, rg_id *id)
{
    const char *p = text;
    char *end;
    long long v;

    if (*p == 'e' || *p == 'E')
        p++;
    if (*p < '0' || *p > '9')
        return false;
    errno = 0;
    v = strtoll(p, &end, 10);
    if (*end || errno || v <= 0)
        return false;
    *id = v;
    return true;
}

static rg_status ambiguous(rg_store *st, const char *text, const rg_id *ids, size_t n,
                           rg_error *err)
{
    char list[768];
    size_t used = 0;

    list[0] = '\0';
    for (size_t i = 0; i < n && i < N_SUGGEST && used < sizeof list; i++) {
        char type[RG_TYPE_MAX], *name = NULL, *folded = NULL;
        if (entity_basics(st, ids[i], type, &name, &folded, NULL, NULL) == RG_OK)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s (%s, e%lld)",
                                     i ? ", " : "", name, type, (long long)ids[i]);
        free(name);
        free(folded);
    }
    return rg_fail(err, RG_ERR_AMBIGUOUS, "'%s' names %zu entities; did you mean: %s%s", text, n,
                   list, n > N_SUGGEST ? ", ..." : "");
}

rg_status store_resolve_entity(rg_store *st, const char *text, rg_id *out, rg_error *err)
{
    char *folded = NULL, hint[768];
    rg_id id, *ids = NULL;
    size_t n = 0;
    bool exists;
    rg_status status;

    *out = 0;
    if (!text || !*text)
        return rg_fail(err, RG_ERR_USAGE, "no entity given");
    if (!text_utf8_valid(text, strlen(text), NULL))
        return rg_fail(err, RG_ERR_INVALID, "entity name: not valid UTF-8");
    if (parse_entity_id(text, &id)) {
        if ((status = row_exists(st, S_ENTITY_EXISTS, id, &exists, err)) != RG_OK)
            return status;
        if (exists) {
            *out = id;
            return RG_OK;
        }
    }
    if ((status = text_fold(text, strlen(text), &folded, err)) != RG_OK)
        return status;
    if (*folded && (status = lookup_folded(st, folded, NULL, &ids, &n, err)) != RG_OK)
        goto out;
    if (n == 1) {
        *out = ids[0];
        status = RG_OK;
    } else if (n > 1) {
        status = ambiguous(st, text, ids, n, err);
    } else {
        suggest(st, folded, hint, sizeof hint);
        status = rg_fail(err, RG_ERR_NOT_FOUND, "no entity '%s'%s", text, hint);
    }
out:
    free(folded);
    free(ids);
    return status;
}

/* ---- merge / remove ------------------------------------------------------- */

typedef struct link_row {
    rg_id id, source, target, origin;
    char type[RG_TYPE_MAX];
    char date[RG_DATE_MAX];
} link_row;

/* The links touching an entity, read completely before any is changed. */
static rg_status links_of_entity(rg_store *st, rg_id entity, link_row **rows, size_t *n,
                                 rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_LINKS_OF_ENTITY, err);
    size_t cap = 0;
    int rc;

    *rows = NULL;
    *n = 0;
    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, entity);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        link_row *r;
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            link_row *p = realloc(*rows, ncap * sizeof *p);
            if (!p) {
                done(s);
                return rg_fail(err, RG_ERR_NOMEM, "merge: out of memory");
            }
            *rows = p;
            cap = ncap;
        }
        r = &(*rows)[(*n)++];
        r->id = sqlite3_column_int64(s, 0);
        copy_col(r->type, sizeof r->type, s, 1);
        r->source = sqlite3_column_int64(s, 2);
        r->target = sqlite3_column_int64(s, 3);
        copy_col(r->date, sizeof r->date, s, 4);
        r->origin = sqlite3_column_int64(s, 5);
    }
    done(s);
    if (rc != SQLITE_DONE)
        return db_error(st, err, "reading links");
    return RG_OK;
}

static rg_status find_link(rg_store *st, const char *type, rg_id source, rg_id target,
                           rg_id *id, char *date, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_LINK_FIND, err);
    bool found;
    rg_status status;

    *id = 0;
    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, source);
    sqlite3_bind_int64(s, 3, target);
    if ((status = step_row(st, s, &found, "finding a link", err)) != RG_OK)
        return status;
    if (found) {
        *id = sqlite3_column_int64(s, 0);
        if (date)
            copy_col(date, RG_DATE_MAX, s, 1);
    }
    done(s);
    return RG_OK;
}


/* Folds link dup into link keep: evidence and topics united, earliest date,
 * then dup deleted. */
static rg_status merge_link_into(rg_store *st, rg_id keep, const link_row *dup, rg_error *err)
{
    sqlite3_stmt *s;
    rg_status status;

    if ((status = exec_ids(st, S_EVIDENCE_COPY, keep, dup->id, "merging evidence", err)) != RG_OK ||
        (status = exec_ids(st, S_TOPICS_COPY, keep, dup->id, "merging topics", err)) != RG_OK)
        return status;
    if (!(s = stmt(st, S_LINK_MERGE_FIELDS, err)))
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, keep);
    bind_text_or_null(s, 2, dup->date);
    sqlite3_bind_int64(s, 3, dup->origin);
    if ((status = run(st, s, "merging links", err)) != RG_OK)
        return status;
    return exec_ids(st, S_LINK_DELETE, dup->id, 0, "merging links", err);
}

/* Re-points one link from other to keep, merging or dropping it as needed. */
static rg_status move_link(rg_store *st, const link_row *r, rg_id keep, rg_id other, rg_error *err)
{
    rg_id source = r->source == other ? keep : r->source;
    rg_id target = r->target == other ? keep : r->target;
    const rg_link_type *lt = pack_link_type(st->pack, r->type);
    rg_id existing = 0;
    sqlite3_stmt *s;
    rg_status status;

    if (source == target)
        return exec_ids(st, S_LINK_DELETE, r->id, 0, "dropping a self-link", err);
    if (lt && lt->symmetric && source > target) {
        rg_id t = source;
        source = target;
        target = t;
    }
    if ((status = find_link(st, r->type, source, target, &existing, NULL, err)) != RG_OK)
        return status;
    if (existing && existing != r->id)
        return merge_link_into(st, existing, r, err);
    if (!(s = stmt(st, S_LINK_SET_ENDS, err)))
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, r->id);
    sqlite3_bind_int64(s, 2, source);
    sqlite3_bind_int64(s, 3, target);
    return run(st, s, "moving a link", err);
}

/* Other's attrs fill keys that keep lacks. */
static rg_status merge_attrs(rg_store *st, rg_id keep, rg_id other, rg_error *err)
{
    rg_entity k = {0}, o = {0};
    json_t *kobj = NULL, *oobj = NULL;
    rg_status status;
    const char *key;
    json_t *value;

    if ((status = store_get_entity(st, keep, &k, err)) != RG_OK ||
        (status = store_get_entity(st, other, &o, err)) != RG_OK)
        goto out;
    if (!o.attrs)
        goto out;
    kobj = k.attrs ? json_loads(k.attrs, 0, NULL) : json_object();
    oobj = json_loads(o.attrs, 0, NULL);
    if (!json_is_object(kobj) || !json_is_object(oobj))
        goto out;   /* unreadable attrs are left as they are */
    json_object_foreach(oobj, key, value)
        if (!json_object_get(kobj, key))
            json_object_set(kobj, key, value);
    status = set_attrs(st, S_ENTITY_SET_ATTRS, keep, kobj, err);
out:
    json_decref(kobj);
    json_decref(oobj);
    rg_entity_clear(&k);
    rg_entity_clear(&o);
    return status;
}

rg_status store_merge_entities(rg_store *st, rg_id keep, rg_id other, rg_error *err)
{
    char ktype[RG_TYPE_MAX], otype[RG_TYPE_MAX];
    char *kname = NULL, *kfolded = NULL, *oname = NULL, *ofolded = NULL;
    rg_id korigin = 0, oorigin = 0, owner = 0;
    link_row *rows = NULL;
    size_t n = 0;
    sqlite3_stmt *s;
    rg_status status;

    if (keep == other)
        return rg_fail(err, RG_ERR_INVALID, "cannot merge e%lld with itself", (long long)keep);
    if ((status = entity_basics(st, keep, ktype, &kname, &kfolded, &korigin, err)) != RG_OK ||
        (status = entity_basics(st, other, otype, &oname, &ofolded, &oorigin, err)) != RG_OK)
        goto out;
    if ((status = savepoint(st, err)) != RG_OK)
        goto out;
    if (!(s = stmt(st, S_MERGE_ALIASES, err))) {
        status = RG_ERR_DB;
        goto undo;
    }
    sqlite3_bind_int64(s, 1, keep);
    sqlite3_bind_int64(s, 2, other);
    sqlite3_bind_text(s, 3, kfolded, -1, SQLITE_STATIC);
    if ((status = run(st, s, "merging aliases", err)) != RG_OK)
        goto undo;
    if (strcmp(ofolded, kfolded) != 0) {
        if ((status = owner_of(st, ofolded, ktype, &owner, err)) != RG_OK)
            goto undo;
        if ((owner == 0 || owner == keep || owner == other) &&
            (status = insert_alias(st, keep, oname, ofolded, 0, err)) != RG_OK)
            goto undo;
    }
    if ((status = exec_ids(st, S_MERGE_MENTIONS, keep, other, "merging mentions", err)) != RG_OK)
        goto undo;
    if ((status = links_of_entity(st, other, &rows, &n, err)) != RG_OK)
        goto undo;
    for (size_t i = 0; i < n; i++)
        if ((status = move_link(st, &rows[i], keep, other, err)) != RG_OK)
            goto undo;
    if ((status = merge_attrs(st, keep, other, err)) != RG_OK)
        goto undo;
    if (oorigin == 0 && korigin != 0 &&
        (status = exec_ids(st, S_ENTITY_SET_ORIGIN, keep, 0, "merging", err)) != RG_OK)
        goto undo;
    if ((status = exec_ids(st, S_ENTITY_DELETE, other, 0, "deleting the merged entity", err)) != RG_OK)
        goto undo;
    status = release(st, err);
    if (status != RG_OK)
        goto undo;
    goto out;
undo:
    undo(st);
out:
    free(rows);
    free(kname);
    free(kfolded);
    free(oname);
    free(ofolded);
    return status;
}

rg_status store_remove_entity(rg_store *st, rg_id id, rg_error *err)
{
    rg_status status = exec_ids(st, S_ENTITY_DELETE, id, 0, "removing an entity", err);

    if (status == RG_OK && sqlite3_changes(st->db) == 0)
        return rg_fail(err, RG_ERR_NOT_FOUND, "no entity e%lld", (long long)id);
    return status;
}

/* ---- links ---------------------------------------------------------------- */

static rg_status check_topics(const rg_strlist *topics, rg_error *err)
{
    for (size_t i = 0; topics && i < topics->len; i++) {
        size_t bad;
        if (!*topics->items[i])
            return rg_fail(err, RG_ERR_INVALID, "topic %zu: empty", i + 1);
        if (!text_utf8_valid(topics->items[i], strlen(topics->items[i]), &bad))
            return rg_fail(err, RG_ERR_INVALID, "topic %zu: not valid UTF-8 at byte %zu", i + 1, bad);
    }
    return RG_OK;
}

static rg_status insert_topics(rg_store *st, rg_id link, const rg_strlist *topics, rg_error *err)
{
    for (size_t i = 0; topics && i < topics->len; i++) {
        sqlite3_stmt *s = stmt(st, S_TOPIC_INSERT, err);
        rg_status status;
        if (!s)
            return RG_ERR_DB;
        sqlite3_bind_int64(s, 1, link);
        sqlite3_bind_text(s, 2, topics->items[i], -1, SQLITE_STATIC);
        if ((status = run(st, s, "adding a topic", err)) != RG_OK)
            return status;
    }
    return RG_OK;
}

/* Adds attrs keys the link lacks (a merge never overwrites). */
static rg_status merge_link_attrs(rg_store *st, rg_id id, const char *attrs, rg_error *err)
{
    rg_link l = {0};
    json_t *have = NULL, *add = NULL;
    const char *key;
    json_t *value;
    rg_status status;

    if (!attrs)
        return RG_OK;
    if ((status = store_get_link(st, id, &l, err)) != RG_OK)
        return status;
    have = l.attrs ? json_loads(l.attrs, 0, NULL) : json_object();
    add = json_loads(attrs, 0, NULL);
    if (json_is_object(have) && json_is_object(add)) {
        json_object_foreach(add, key, value)
            if (!json_object_get(have, key))
                json_object_set(have, key, value);
        status = set_attrs(st, S_LINK_SET_ATTRS, id, have, err);
    }
    json_decref(have);
    json_decref(add);
    rg_link_clear(&l);
    return status;
}

/* An existing link gets a date it lacks, and an analyst's (origin 0) makes
 * it manual; without either the UPDATE would change nothing, so it is not
 * run (most links a document reinforces). */
static rg_status fill_link(rg_store *st, rg_id id, const char *date, rg_id origin, rg_error *err)
{
    sqlite3_stmt *s;

    if ((!date || !*date) && origin != 0)
        return RG_OK;
    if (!(s = stmt(st, S_LINK_FILL, err)))
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    bind_text_or_null(s, 2, date);
    sqlite3_bind_int64(s, 3, origin);
    return run(st, s, "merging a link", err);
}

/* Shared by store_add_link and store_insert_link_with_id (id > 0, which
 * refuses to merge). */
static rg_status insert_link(rg_store *st, rg_id id, const char *type, rg_id source,
                             rg_id target, const char *known_stype, const char *known_ttype,
                             const char *date, const rg_strlist *topics,
                             const char *attrs_json, rg_id origin, rg_id *out_id,
                             bool *created, rg_error *err)
{
    char stype[RG_TYPE_MAX], ttype[RG_TYPE_MAX], *attrs = NULL;
    const rg_link_type *lt = type ? pack_link_type(st->pack, type) : NULL;
    rg_id existing = 0;
    sqlite3_stmt *s;
    rg_status status;

    if (created)
        *created = false;
    if (!lt)
        return pack_check_link(st->pack, type, "", "", err);
    if (source == target)
        return rg_fail(err, RG_ERR_INVALID, "a link cannot join e%lld to itself", (long long)source);
    if (known_stype && known_ttype) {
        /* the caller vouches for them; the foreign keys still check that
         * both entities exist */
        rg_copy_fixed(stype, sizeof stype, known_stype);
        rg_copy_fixed(ttype, sizeof ttype, known_ttype);
    } else if ((status = endpoint_types(st, source, target, stype, ttype, err)) != RG_OK) {
        return status;
    }
    if ((status = pack_check_link(st->pack, type, stype, ttype, err)) != RG_OK)
        return status;
    if (date && *date && !rg_date_valid(date))
        return rg_fail(err, RG_ERR_INVALID, "date '%s': expected YYYY, YYYY-MM or YYYY-MM-DD", date);
    if ((status = check_topics(topics, err)) != RG_OK ||
        (status = normalize_attrs(attrs_json, &attrs, err)) != RG_OK)
        return status;
    if (lt->symmetric && source > target) {
        rg_id t = source;
        source = target;
        target = t;
    }
    /* insert first: in bulk, new links are the common case */
    if (!(s = stmt(st, id > 0 ? S_LINK_INSERT : S_LINK_INSERT_NEW, err))) {
        status = RG_ERR_DB;
        goto out;
    }
    bind_id_or_null(s, 1, id);
    sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, source);
    sqlite3_bind_int64(s, 4, target);
    bind_text_or_null(s, 5, date);
    bind_text_or_null(s, 6, attrs);
    sqlite3_bind_int64(s, 7, origin);
    if (sqlite3_step(s) != SQLITE_DONE) {
        int code = sqlite3_extended_errcode(st->db);
        if (code == SQLITE_CONSTRAINT_PRIMARYKEY)
            status = rg_fail(err, RG_ERR_EXISTS, "link id l%lld is taken", (long long)id);
        else if (code == SQLITE_CONSTRAINT_UNIQUE &&
                 find_link(st, type, source, target, &existing, NULL, NULL) == RG_OK)
            status = rg_fail(err, RG_ERR_EXISTS, "a %s link e%lld-e%lld exists already (l%lld)",
                             type, (long long)source, (long long)target, (long long)existing);
        else if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
            /* only with vouched types: otherwise endpoint_types found both */
            status = rg_fail(err, RG_ERR_NOT_FOUND, "link e%lld-e%lld: no such entity",
                             (long long)source, (long long)target);
        else
            status = db_error(st, err, "adding a link");
        done(s);
        goto out;
    }
    done(s);
    if (sqlite3_changes(st->db) == 0) {
        /* it exists: merge into it */
        if ((status = find_link(st, type, source, target, &existing, NULL, err)) != RG_OK)
            goto out;
        if ((status = insert_topics(st, existing, topics, err)) != RG_OK ||
            (status = fill_link(st, existing, date, origin, err)) != RG_OK)
            goto out;
        if ((status = merge_link_attrs(st, existing, attrs, err)) != RG_OK)
            goto out;
        if (out_id)
            *out_id = existing;
        goto out;
    }
    existing = sqlite3_last_insert_rowid(st->db);
    if (topics && topics->len > 0 && (status = insert_topics(st, existing, topics, err)) != RG_OK) {
        /* undo the half-added link (its topics cascade) */
        exec_ids(st, S_LINK_DELETE, existing, 0, "undoing", NULL);
        goto out;
    }
    if (out_id)
        *out_id = existing;
    if (created)
        *created = true;
out:
    free(attrs);
    return status;
}

rg_status store_add_link(rg_store *st, const char *type, rg_id source, rg_id target,
                         const char *date, const rg_strlist *topics,
                         const char *attrs_json, rg_id origin_doc,
                         rg_id *out_id, bool *created, rg_error *err)
{
    return insert_link(st, 0, type, source, target, NULL, NULL, date, topics, attrs_json,
                       origin_doc, out_id, created, err);
}

rg_status store_add_link_typed(rg_store *st, const char *type, rg_id source, const char *stype,
                               rg_id target, const char *ttype, const char *date,
                               const rg_strlist *topics, rg_id origin_doc, rg_id *out_id,
                               bool *created, rg_error *err)
{
    return insert_link(st, 0, type, source, target, stype, ttype, date, topics, NULL, origin_doc,
                       out_id, created, err);
}

rg_status store_reinforce_link(rg_store *st, rg_id id, const char *date,
                               const rg_strlist *topics, rg_id origin_doc, rg_error *err)
{
    rg_status status;

    if (date && *date && !rg_date_valid(date))
        return rg_fail(err, RG_ERR_INVALID, "date '%s': expected YYYY, YYYY-MM or YYYY-MM-DD", date);
    if ((status = check_topics(topics, err)) != RG_OK)
        return status;
    /* the foreign key of a topic and the UPDATE's row count are the
     * existence checks: after a failure nothing was written */
    if ((status = fill_link(st, id, date, origin_doc, err)) != RG_OK)
        return status;
    if (((date && *date) || origin_doc == 0) && sqlite3_changes(st->db) == 0)
        return rg_fail(err, RG_ERR_NOT_FOUND, "no link l%lld", (long long)id);
    status = insert_topics(st, id, topics, err);
    if (status != RG_OK && sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
        status = rg_fail(err, RG_ERR_NOT_FOUND, "no link l%lld", (long long)id);
    return status;
}

/* What evidence must satisfy before it is written. */
static rg_status check_evidence(rg_store *st, rg_id doc, int64_t start, int64_t end,
                                const char *text, rg_error *err)
{
    bool exists;
    rg_status status;

    if (start < 0 || end < start)
        return rg_fail(err, RG_ERR_INVALID, "evidence offsets %lld-%lld: expected 0 <= start <= end",
                       (long long)start, (long long)end);
    if (!text)
        return rg_fail(err, RG_ERR_INVALID, "evidence: no text");
    if ((status = check_text("evidence text", text, err)) != RG_OK)
        return status;
    /* the builder adds many sentences of one document in a row */
    if (doc != 0 && doc != st->known_doc) {
        if ((status = row_exists(st, S_DOC_EXISTS, doc, &exists, err)) != RG_OK)
            return status;
        if (!exists)
            return rg_fail(err, RG_ERR_NOT_FOUND, "no document d%lld", (long long)doc);
        st->known_doc = doc;
    }
    return RG_OK;
}

/* Adds evidence; *added says whether it was new. */
static rg_status insert_evidence(rg_store *st, rg_id link, rg_id doc, int64_t start, int64_t end,
                                 const char *text, bool *added, rg_error *err)
{
    sqlite3_stmt *s;
    rg_status status;

    if (added)
        *added = false;
    if ((status = check_evidence(st, doc, start, end, text, err)) != RG_OK)
        return status;
    if (!(s = stmt(st, S_EVIDENCE_INSERT, err)))
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, link);
    sqlite3_bind_int64(s, 2, doc);
    sqlite3_bind_int64(s, 3, start);
    sqlite3_bind_int64(s, 4, end);
    sqlite3_bind_text(s, 5, text, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) {
        /* the foreign key on link_id is the existence check */
        if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
            status = rg_fail(err, RG_ERR_NOT_FOUND, "no link l%lld", (long long)link);
        else
            status = db_error(st, err, "adding evidence");
        done(s);
        return status;
    }
    done(s);
    if (added)
        *added = sqlite3_changes(st->db) > 0;
    return RG_OK;
}

rg_status store_add_evidence(rg_store *st, rg_id link, rg_id doc, int64_t start,
                             int64_t end, const char *text, rg_error *err)
{
    return insert_evidence(st, link, doc, start, end, text, NULL, err);
}

static int by_evidence_key(const void *a, const void *b)
{
    const rg_evidence_row *x = a, *y = b;
    if (x->link != y->link)
        return (x->link > y->link) - (x->link < y->link);
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->end > y->end) - (x->end < y->end);
}

/* After the rows' statement was refused by a foreign key: the first row
 * whose link is missing, read without writing. */
static rg_status explain_missing_link(rg_store *st, const rg_evidence_row *rows, size_t n,
                                      rg_error *err)
{
    bool exists = false;
    rg_status status;

    for (size_t i = 0; i < n; i++) {
        if ((status = row_exists(st, S_LINK_EXISTS, rows[i].link, &exists, err)) != RG_OK)
            return status;
        if (!exists)
            return rg_fail(err, RG_ERR_NOT_FOUND, "no link l%lld", (long long)rows[i].link);
    }
    return rg_fail(err, RG_ERR_NOT_FOUND, "evidence: a link is missing");
}

rg_status store_add_evidence_rows(rg_store *st, rg_id doc, rg_evidence_row *rows, size_t n,
                                  rg_error *err)
{
    rows_arg arg = {rows, n};
    sqlite3_stmt *s;
    rg_status status;
    bool fk;

    if (n == 0)
        return RG_OK;
    for (size_t i = 0; i < n; i++)
        if ((status = check_evidence(st, doc, rows[i].start, rows[i].end, rows[i].text, err)) != RG_OK)
            return status;
    /* in key order, the rows of new links append to the key's B-tree */
    qsort(rows, n, sizeof *rows, by_evidence_key);
    if (!(s = stmt(st, S_EVIDENCE_INSERT_ROWS, err)))
        return RG_ERR_DB;
    bind_rows(s, 1, &arg, "rg_evidence_rows");
    sqlite3_bind_int64(s, 2, doc);
    if (sqlite3_step(s) == SQLITE_DONE) {
        done(s);
        return RG_OK;
    }
    /* one statement: a refused row leaves none of the others */
    fk = sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY;
    status = fk ? RG_OK : db_error(st, err, "adding evidence");
    done(s);
    return fk ? explain_missing_link(st, rows, n, err) : status;
}

rg_status store_insert_link_with_id(rg_store *st, const rg_link *l, rg_error *err)
{
    rg_status status;

    if (l->id <= 0)
        return rg_fail(err, RG_ERR_INVALID, "link id %lld: must be positive", (long long)l->id);
    /* check all evidence first, so that after the link is written only the
     * database can fail (and a savepoint per link would copy pages) */
    for (size_t i = 0; l->evidence && i < l->n_evidence; i++)
        if ((status = check_evidence(st, l->evidence[i].doc, l->evidence[i].start,
                                     l->evidence[i].end, l->evidence[i].text, err)) != RG_OK)
            return status;
    status = insert_link(st, l->id, l->type, l->source, l->target, NULL, NULL, l->date, &l->topics,
                         l->attrs,
                         0, NULL, NULL, err);
    for (size_t i = 0; status == RG_OK && l->evidence && i < l->n_evidence; i++) {
        status = insert_evidence(st, l->id, l->evidence[i].doc, l->evidence[i].start,
                                 l->evidence[i].end, l->evidence[i].text, NULL, err);
        if (status != RG_OK)
            exec_ids(st, S_LINK_DELETE, l->id, 0, "undoing", NULL);
    }
    return status;
}

/* Fills topics, evidence (when asked) and the evidence count of l. */
static rg_status load_link_details(rg_store *st, rg_link *l, unsigned flags, rg_error *err)
{
    sqlite3_stmt *s;
    rg_status status;
    int rc;

    if ((flags & RG_LOAD_TOPICS) &&
        (status = load_strings(st, S_TOPICS_OF, l->id, &l->topics, err)) != RG_OK)
        return status;
    if (!(flags & RG_LOAD_EVIDENCE)) {
        bool found;
        if (!(s = stmt(st, S_EVIDENCE_COUNT_OF, err)))
            return RG_ERR_DB;
        sqlite3_bind_int64(s, 1, l->id);
        if ((status = step_row(st, s, &found, "counting evidence", err)) != RG_OK)
            return status;
        l->n_evidence = found ? (size_t)sqlite3_column_int64(s, 0) : 0;
        done(s);
        return RG_OK;
    }
    if (!(s = stmt(st, S_EVIDENCE_OF, err)))
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, l->id);
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        bool failed = false;
        if (l->n_evidence == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            rg_evidence *p = realloc(l->evidence, ncap * sizeof *p);
            if (!p) {
                done(s);
                return rg_fail(err, RG_ERR_NOMEM, "out of memory");
            }
            l->evidence = p;
            cap = ncap;
        }
        rg_evidence *ev = &l->evidence[l->n_evidence];
        ev->doc = sqlite3_column_int64(s, 0);
        ev->start = sqlite3_column_int64(s, 1);
        ev->end = sqlite3_column_int64(s, 2);
        ev->text = dup_text(s, 3, &failed);
        if (failed) {
            done(s);
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        }
        l->n_evidence++;
    }
    done(s);
    if (rc != SQLITE_DONE)
        return db_error(st, err, "reading evidence");
    return RG_OK;
}

/* Reads the link columns (id, type, source, target, date, attrs) of row s. */
static void read_link_row(sqlite3_stmt *s, rg_link *l, bool with_attrs, bool *failed)
{
    l->id = sqlite3_column_int64(s, 0);
    copy_col(l->type, sizeof l->type, s, 1);
    l->source = sqlite3_column_int64(s, 2);
    l->target = sqlite3_column_int64(s, 3);
    copy_col(l->date, sizeof l->date, s, 4);
    l->attrs = with_attrs ? dup_text(s, 5, failed) : NULL;
}

rg_status store_get_link(rg_store *st, rg_id id, rg_link *out, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_LINK_GET, err);
    rg_link l = {0};
    bool found, failed = false;
    rg_status status;

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, id);
    if ((status = step_row(st, s, &found, "reading a link", err)) != RG_OK)
        return status;
    if (!found) {
        done(s);
        return rg_fail(err, RG_ERR_NOT_FOUND, "no link l%lld", (long long)id);
    }
    read_link_row(s, &l, true, &failed);
    done(s);
    if (failed) {
        rg_link_clear(&l);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    if ((status = load_link_details(st, &l, RG_LOAD_ALL, err)) != RG_OK) {
        rg_link_clear(&l);
        return status;
    }
    *out = l;
    return RG_OK;
}

rg_status store_remove_link(rg_store *st, rg_id id, rg_error *err)
{
    rg_status status = exec_ids(st, S_LINK_DELETE, id, 0, "removing a link", err);

    if (status == RG_OK && sqlite3_changes(st->db) == 0)
        return rg_fail(err, RG_ERR_NOT_FOUND, "no link l%lld", (long long)id);
    return status;
}

/* ---- documents ------------------------------------------------------------ */

static rg_status find_document(rg_store *st, enum stmt_id which, const char *key, rg_id *out,
                               rg_error *err)
{
    sqlite3_stmt *s = stmt(st, which, err);
    bool found;
    rg_status status;

    *out = 0;
    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_text(s, 1, key ? key : "", -1, SQLITE_STATIC);
    if ((status = step_row(st, s, &found, "finding a document", err)) != RG_OK)
        return status;
    if (found)
        *out = sqlite3_column_int64(s, 0);
    done(s);
    if (!found)
        return rg_fail(err, RG_ERR_NOT_FOUND, "no document %s '%s'",
                       which == S_DOC_BY_HASH ? "with hash" : "named", key ? key : "");
    return RG_OK;
}

rg_status store_find_document_by_hash(rg_store *st, const char *hash, rg_id *out, rg_error *err)
{
    return find_document(st, S_DOC_BY_HASH, hash, out, err);
}

rg_status store_find_document_by_name(rg_store *st, const char *name, rg_id *out, rg_error *err)
{
    return find_document(st, S_DOC_BY_NAME, name, out, err);
}

static void utc_now(char *buf, size_t n)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static rg_status insert_document(rg_store *st, rg_id id, const rg_document *doc, rg_id *out_id,
                                 rg_error *err)
{
    char now[RG_TIME_MAX];
    rg_id existing = 0;
    sqlite3_stmt *s;
    rg_status status;

    if (!doc->name || !*doc->name)
        return rg_fail(err, RG_ERR_INVALID, "document: no name");
    if (!doc->hash[0])
        return rg_fail(err, RG_ERR_INVALID, "document '%s': no hash", doc->name);
    if ((status = check_text("document name", doc->name, err)) != RG_OK ||
        (status = check_text("document title", doc->title, err)) != RG_OK)
        return status;
    if (doc->date[0] && !rg_date_valid(doc->date))
        return rg_fail(err, RG_ERR_INVALID, "document '%s': date '%s': expected YYYY, YYYY-MM or "
                       "YYYY-MM-DD", doc->name, doc->date);
    if (find_document(st, S_DOC_BY_HASH, doc->hash, &existing, NULL) == RG_OK) {
        if (out_id)
            *out_id = existing;
        return rg_fail(err, RG_ERR_EXISTS, "document '%s' is already in the database as d%lld",
                       doc->name, (long long)existing);
    }
    if (id > 0) {
        bool taken;
        if ((status = row_exists(st, S_DOC_EXISTS, id, &taken, err)) != RG_OK)
            return status;
        if (taken)
            return rg_fail(err, RG_ERR_EXISTS, "document id d%lld is taken", (long long)id);
    }
    if (!(s = stmt(st, S_DOC_INSERT, err)))
        return RG_ERR_DB;
    if (doc->ingested_at[0])
        rg_copy_fixed(now, sizeof now, doc->ingested_at);
    else
        utc_now(now, sizeof now);
    bind_id_or_null(s, 1, id);
    sqlite3_bind_text(s, 2, doc->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, doc->hash, -1, SQLITE_STATIC);
    bind_text_or_null(s, 4, doc->title);
    bind_text_or_null(s, 5, doc->date);
    sqlite3_bind_text(s, 6, now, -1, SQLITE_STATIC);
    if ((status = run(st, s, "adding a document", err)) != RG_OK)
        return status;
    if (out_id)
        *out_id = sqlite3_last_insert_rowid(st->db);
    return RG_OK;
}

rg_status store_add_document(rg_store *st, const rg_document *doc, rg_id *out_id, rg_error *err)
{
    return insert_document(st, 0, doc, out_id, err);
}

rg_status store_insert_document_with_id(rg_store *st, const rg_document *d, rg_error *err)
{
    if (d->id <= 0)
        return rg_fail(err, RG_ERR_INVALID, "document id %lld: must be positive", (long long)d->id);
    return insert_document(st, d->id, d, NULL, err);
}

/* After a mention insert the foreign keys refused: which of doc and the
 * n entities is missing, read without writing. */
static rg_status explain_missing_mention_end(rg_store *st, rg_id doc, const rg_id *entities,
                                             size_t n, rg_error *err)
{
    bool exists = false;
    rg_status status;

    for (size_t i = 0; i < n; i++) {
        if ((status = row_exists(st, S_ENTITY_EXISTS, entities[i], &exists, err)) != RG_OK)
            return status;
        if (!exists)
            return rg_fail(err, RG_ERR_NOT_FOUND, "no entity e%lld", (long long)entities[i]);
    }
    return rg_fail(err, RG_ERR_NOT_FOUND, "no document d%lld", (long long)doc);
}

rg_status store_add_mention(rg_store *st, rg_id entity, rg_id doc, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_MENTION_INSERT, err);
    rg_status status;

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, entity);
    sqlite3_bind_int64(s, 2, doc);
    if (sqlite3_step(s) == SQLITE_DONE) {
        done(s);
        return RG_OK;
    }
    /* the foreign keys checked both ends; say which one is missing */
    if (sqlite3_extended_errcode(st->db) != SQLITE_CONSTRAINT_FOREIGNKEY) {
        status = db_error(st, err, "recording a mention");
        done(s);
        return status;
    }
    done(s);
    return explain_missing_mention_end(st, doc, &entity, 1, err);
}

static int by_id(const void *a, const void *b)
{
    rg_id x = *(const rg_id *)a, y = *(const rg_id *)b;
    return (x > y) - (x < y);
}

rg_status store_add_mentions(rg_store *st, rg_id doc, const rg_id *entities, size_t n,
                             rg_error *err)
{
    rg_id *ids = NULL;
    size_t used = 0;
    rows_arg arg;
    sqlite3_stmt *s;
    rg_status status = RG_OK;

    if (n == 0)
        return RG_OK;
    if (!(ids = malloc(n * sizeof *ids)))
        return rg_fail(err, RG_ERR_NOMEM, "recording mentions: out of memory");
    memcpy(ids, entities, n * sizeof *ids);
    qsort(ids, n, sizeof *ids, by_id);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || ids[i] != ids[used - 1])
            ids[used++] = ids[i];
    arg = (rows_arg){ids, used};
    if (!(s = stmt(st, S_MENTIONS_INSERT, err))) {
        status = RG_ERR_DB;
        goto out;
    }
    bind_rows(s, 1, &arg, "rg_ids");
    sqlite3_bind_int64(s, 2, doc);
    if (sqlite3_step(s) != SQLITE_DONE) {
        bool fk = sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY;
        if (!fk)
            status = db_error(st, err, "recording mentions");
        done(s);
        /* the statement left nothing behind; say which end is missing */
        if (fk)
            status = explain_missing_mention_end(st, doc, ids, used, err);
        goto out;
    }
    done(s);
out:
    free(ids);
    return status;
}

rg_status store_remove_document(rg_store *st, rg_id doc, rg_error *err)
{
    static const enum stmt_id steps[] = {
        S_REMOVE_DOC_EVIDENCE,          /* its sentences */
        S_REMOVE_DOC_LINK_TOPICS,       /* links it introduced, now unsupported */
        S_REMOVE_DOC_LINKS,
        S_REMOVE_DOC_LINKS_REORIGIN,    /* the rest of its links now rest on others */
        S_REMOVE_DOC_ENTITY_ALIASES,    /* entities only it knew about */
        S_REMOVE_DOC_ENTITIES,
        S_REMOVE_DOC_ENTITIES_REORIGIN,
        S_REMOVE_DOC_ALIASES_REORIGIN,
        S_REMOVE_DOC_MENTIONS,
        S_DOC_DELETE,
    };
    bool exists;
    rg_status status;

    if (doc <= 0)
        return rg_fail(err, RG_ERR_NOT_FOUND, "no document d%lld", (long long)doc);
    if ((status = row_exists(st, S_DOC_EXISTS, doc, &exists, err)) != RG_OK)
        return status;
    if (!exists)
        return rg_fail(err, RG_ERR_NOT_FOUND, "no document d%lld", (long long)doc);
    st->known_doc = 0;
    if ((status = savepoint(st, err)) != RG_OK)
        return status;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if ((status = exec_ids(st, steps[i], doc, 0, "removing a document", err)) != RG_OK) {
            undo(st);
            return status;
        }
    }
    if ((status = release(st, err)) != RG_OK)
        undo(st);
    return status;
}

/* ---- walking the whole graph ---------------------------------------------- */

/* A child table cursor ordered by parent id (column 0), for merge joins. */
typedef struct cursor {
    sqlite3_stmt *s;
    int rc;             /* SQLITE_ROW while positioned on a row */
} cursor;

static rg_status cursor_start(rg_store *st, cursor *c, enum stmt_id id, rg_error *err)
{
    c->s = stmt(st, id, err);
    if (!c->s)
        return RG_ERR_DB;
    c->rc = sqlite3_step(c->s);
    if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE)
        return db_error(st, err, "reading");
    return RG_OK;
}

/* Skips rows of parents before id; true when positioned on a row of id. */
static bool cursor_at(cursor *c, rg_id id)
{
    while (c->s && c->rc == SQLITE_ROW && sqlite3_column_int64(c->s, 0) < id)
        c->rc = sqlite3_step(c->s);
    return c->s && c->rc == SQLITE_ROW && sqlite3_column_int64(c->s, 0) == id;
}

static rg_status cursor_next(rg_store *st, cursor *c, rg_error *err)
{
    c->rc = sqlite3_step(c->s);
    if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE)
        return db_error(st, err, "reading");
    return RG_OK;
}

static void cursor_end(cursor *c)
{
    done(c->s);
    c->s = NULL;
}

/* Receives each element; it may take the element's memory (zeroing it). */
typedef rg_status (*entity_sink)(void *ctx, rg_entity *e, rg_error *err);
typedef rg_status (*link_sink)(void *ctx, rg_link *l, rg_error *err);

/* Walks the rows of main (columns id, type, name, attrs), in id order. */
static rg_status walk_entities(rg_store *st, sqlite3_stmt *main, unsigned flags, entity_sink sink,
                               void *ctx, rg_error *err)
{
    cursor aliases = {0};
    rg_status status = RG_OK;
    int rc;

    if ((flags & RG_LOAD_ALIASES) && (status = cursor_start(st, &aliases, S_WALK_ALIASES, err)) != RG_OK)
        goto out;
    while ((rc = sqlite3_step(main)) == SQLITE_ROW) {
        rg_entity e = {0};
        bool failed = false;

        e.id = sqlite3_column_int64(main, 0);
        copy_col(e.type, sizeof e.type, main, 1);
        e.name = dup_text(main, 2, &failed);
        if (flags & RG_LOAD_ATTRS)
            e.attrs = dup_text(main, 3, &failed);
        while (!failed && status == RG_OK && cursor_at(&aliases, e.id)) {
            if (rg_strlist_push(&e.aliases, (const char *)sqlite3_column_text(aliases.s, 1)) != RG_OK)
                failed = true;
            else
                status = cursor_next(st, &aliases, err);
        }
        if (failed)
            status = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        if (status == RG_OK)
            status = sink(ctx, &e, err);
        rg_entity_clear(&e);
        if (status != RG_OK)
            goto out;
    }
    if (rc != SQLITE_DONE)
        status = db_error(st, err, "reading entities");
out:
    cursor_end(&aliases);
    done(main);
    return status;
}

/* Walks the rows of main (columns id, type, source, target, date, attrs).
 * With joined, topics and evidence come from cursors over whole tables
 * (best for the whole graph); without, from one query per link (best for a
 * few links). */
static rg_status walk_links(rg_store *st, sqlite3_stmt *main, unsigned flags, bool joined,
                            link_sink sink, void *ctx, rg_error *err)
{
    cursor topics = {0}, evidence = {0};
    rg_status status = RG_OK;
    int rc;

    if (joined) {
        if ((flags & RG_LOAD_TOPICS) &&
            (status = cursor_start(st, &topics, S_WALK_TOPICS, err)) != RG_OK)
            goto out;
        if ((status = cursor_start(st, &evidence, (flags & RG_LOAD_EVIDENCE) ? S_WALK_EVIDENCE
                                   : S_WALK_EVIDENCE_COUNTS, err)) != RG_OK)
            goto out;
    }
    while ((rc = sqlite3_step(main)) == SQLITE_ROW) {
        rg_link l = {0};
        bool failed = false;
        size_t cap = 0;

        read_link_row(main, &l, flags & RG_LOAD_ATTRS, &failed);
        if (!joined) {
            if (!failed)
                status = load_link_details(st, &l, flags, err);
        } else {
            while (!failed && status == RG_OK && cursor_at(&topics, l.id)) {
                if (rg_strlist_push(&l.topics, (const char *)sqlite3_column_text(topics.s, 1)) != RG_OK)
                    failed = true;
                else
                    status = cursor_next(st, &topics, err);
            }
            if (!(flags & RG_LOAD_EVIDENCE)) {
                if (cursor_at(&evidence, l.id))
                    l.n_evidence = (size_t)sqlite3_column_int64(evidence.s, 1);
            } else {
                while (!failed && status == RG_OK && cursor_at(&evidence, l.id)) {
                    if (l.n_evidence == cap) {
                        size_t ncap = cap ? cap * 2 : 2;
                        rg_evidence *p = realloc(l.evidence, ncap * sizeof *p);
                        if (!p) {
                            failed = true;
                            break;
                        }
                        l.evidence = p;
                        cap = ncap;
                    }
                    rg_evidence *ev = &l.evidence[l.n_evidence];
                    ev->doc = sqlite3_column_int64(evidence.s, 1);
                    ev->start = sqlite3_column_int64(evidence.s, 2);
                    ev->end = sqlite3_column_int64(evidence.s, 3);
                    ev->text = dup_text(evidence.s, 4, &failed);
                    if (failed)
                        break;
                    l.n_evidence++;
                    status = cursor_next(st, &evidence, err);
                }
            }
        }
        if (failed)
            status = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        if (status == RG_OK)
            status = sink(ctx, &l, err);
        rg_link_clear(&l);
        if (status != RG_OK)
            goto out;
    }
    if (rc != SQLITE_DONE)
        status = db_error(st, err, "reading links");
out:
    cursor_end(&topics);
    cursor_end(&evidence);
    done(main);
    return status;
}

static rg_status walk_documents(rg_store *st, rg_document_cb cb, rg_status (*sink)(void *, rg_document *, rg_error *),
                                void *ctx, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_WALK_DOCUMENTS, err);
    rg_status status = RG_OK;
    int rc;

    if (!s)
        return RG_ERR_DB;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        rg_document d = {0};
        bool failed = false;

        d.id = sqlite3_column_int64(s, 0);
        d.name = dup_text(s, 1, &failed);
        copy_col(d.hash, sizeof d.hash, s, 2);
        d.title = dup_text(s, 3, &failed);
        copy_col(d.date, sizeof d.date, s, 4);
        copy_col(d.ingested_at, sizeof d.ingested_at, s, 5);
        if (failed)
            status = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        else
            status = cb ? cb(ctx, &d, err) : sink(ctx, &d, err);
        rg_document_clear(&d);
        if (status != RG_OK)
            break;
    }
    if (status == RG_OK && rc != SQLITE_DONE)
        status = db_error(st, err, "reading documents");
    done(s);
    return status;
}

/* Sinks that move elements into a graph (no copy). */
static rg_status take_entity(void *ctx, rg_entity *e, rg_error *err)
{
    if (rg_graph_take_entity(ctx, e) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "loading entities: out of memory");
    return RG_OK;
}

static rg_status take_link(void *ctx, rg_link *l, rg_error *err)
{
    if (rg_graph_take_link(ctx, l) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "loading links: out of memory");
    return RG_OK;
}

static rg_status take_document(void *ctx, rg_document *d, rg_error *err)
{
    if (rg_graph_take_document(ctx, d) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "loading documents: out of memory");
    return RG_OK;
}

rg_status store_load_graph(rg_store *st, unsigned flags, rg_graph *out, rg_error *err)
{
    sqlite3_stmt *s;
    rg_status status;

    if (!(s = stmt(st, S_WALK_ENTITIES, err)))
        return RG_ERR_DB;
    if ((status = walk_entities(st, s, flags, take_entity, out, err)) != RG_OK)
        goto fail;
    if (!(s = stmt(st, S_WALK_LINKS, err))) {
        status = RG_ERR_DB;
        goto fail;
    }
    if ((status = walk_links(st, s, flags, true, take_link, out, err)) != RG_OK)
        goto fail;
    if ((flags & RG_LOAD_DOCUMENTS) &&
        (status = walk_documents(st, NULL, take_document, out, err)) != RG_OK)
        goto fail;
    return RG_OK;
fail:
    rg_graph_free(out);
    return status;
}

/* ---- the ball around one entity ---------------------------------------- */

/* A sorted set of ids: the ball grows a level at a time, so sorting each
 * level and merging is simpler than a hash set and as fast at these sizes. */
typedef struct id_set {
    rg_id *ids;
    size_t len, cap;
} id_set;

static int compare_ids(const void *a, const void *b)
{
    rg_id x = *(const rg_id *)a, y = *(const rg_id *)b;
    return (x > y) - (x < y);
}

static rg_status id_set_push(id_set *set, rg_id id, rg_error *err)
{
    if (set->len == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        rg_id *p = realloc(set->ids, cap * sizeof *p);
        if (!p)
            return rg_fail(err, RG_ERR_NOMEM, "loading a neighbourhood: out of memory");
        set->ids = p;
        set->cap = cap;
    }
    set->ids[set->len++] = id;
    return RG_OK;
}

static void id_set_sort_unique(id_set *set)
{
    size_t kept = 0;

    if (set->len > 1)       /* ids is NULL when the set is empty */
        qsort(set->ids, set->len, sizeof *set->ids, compare_ids);
    for (size_t i = 0; i < set->len; i++)
        if (kept == 0 || set->ids[kept - 1] != set->ids[i])
            set->ids[kept++] = set->ids[i];
    set->len = kept;
}

static bool id_set_has(const id_set *set, rg_id id)
{
    return set->len && bsearch(&id, set->ids, set->len, sizeof id, compare_ids) != NULL;
}

/* Appends every entity that shares a link with v, in either direction. */
static rg_status push_neighbours(rg_store *st, rg_id v, id_set *out, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_BALL_NEIGHBOURS, err);
    rg_status status = RG_OK;
    int rc;

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, v);
    while (status == RG_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        status = id_set_push(out, sqlite3_column_int64(s, 0), err);
    if (status == RG_OK && rc != SQLITE_DONE)
        status = db_error(st, err, "reading links");
    done(s);
    return status;
}

/* Adds to ball the entities one link away from frontier that it does not
 * hold yet, and makes them the new frontier (next is scratch space). */
static rg_status grow_level(rg_store *st, id_set *ball, id_set *frontier, id_set *next,
                            rg_error *err)
{
    rg_status status = RG_OK;
    size_t fresh = 0;

    next->len = 0;
    for (size_t i = 0; status == RG_OK && i < frontier->len; i++)
        status = push_neighbours(st, frontier->ids[i], next, err);
    if (status != RG_OK)
        return status;
    id_set_sort_unique(next);
    for (size_t i = 0; i < next->len; i++)
        if (!id_set_has(ball, next->ids[i]))
            next->ids[fresh++] = next->ids[i];
    next->len = fresh;
    for (size_t i = 0; status == RG_OK && i < next->len; i++)
        status = id_set_push(ball, next->ids[i], err);
    id_set_sort_unique(ball);
    id_set tmp = *frontier;
    *frontier = *next;
    *next = tmp;
    return status;
}

static rg_status ball_too_big(size_t size, size_t max_entities, rg_error *err)
{
    if (max_entities && size > max_entities)
        return rg_fail(err, RG_ERR_LIMIT, "the neighbourhood holds more than %zu entities",
                       max_entities);
    return RG_OK;
}

/* Grows ball (holding the centre) level by level up to depth. */
static rg_status grow_ball(rg_store *st, id_set *ball, int depth, size_t max_entities,
                           rg_error *err)
{
    id_set frontier = {0}, next = {0};
    rg_status status = id_set_push(&frontier, ball->ids[0], err);

    for (int level = 0; status == RG_OK && level < depth && frontier.len; level++)
        if ((status = grow_level(st, ball, &frontier, &next, err)) == RG_OK)
            status = ball_too_big(ball->len, max_entities, err);
    free(frontier.ids);
    free(next.ids);
    return status;
}

/* True when the two sorted sets share an id. */
static bool id_sets_meet(const id_set *a, const id_set *b)
{
    for (size_t i = 0, j = 0; i < a->len && j < b->len;) {
        if (a->ids[i] == b->ids[j])
            return true;
        if (a->ids[i] < b->ids[j])
            i++;
        else
            j++;
    }
    return false;
}

/* Bidirectional breadth-first search: grows a ball around each end, the
 * one with the smaller frontier first, until they meet or one of them is a
 * whole component; then merges them into one. */
static rg_status grow_between(rg_store *st, rg_id a, rg_id b, size_t max_entities, id_set *out,
                              rg_error *err)
{
    id_set ball[2] = {{0}, {0}}, frontier[2] = {{0}, {0}}, next = {0};
    rg_status status = RG_OK;

    for (int k = 0; k < 2 && status == RG_OK; k++)
        if ((status = id_set_push(&ball[k], k ? b : a, err)) == RG_OK)
            status = id_set_push(&frontier[k], k ? b : a, err);
    while (status == RG_OK && !id_sets_meet(&ball[0], &ball[1]) && frontier[0].len &&
           frontier[1].len) {
        int k = frontier[0].len <= frontier[1].len ? 0 : 1;
        if ((status = grow_level(st, &ball[k], &frontier[k], &next, err)) == RG_OK)
            status = ball_too_big(ball[0].len + ball[1].len, max_entities, err);
    }
    for (int k = 0; k < 2 && status == RG_OK; k++)
        for (size_t i = 0; status == RG_OK && i < ball[k].len; i++)
            status = id_set_push(out, ball[k].ids[i], err);
    id_set_sort_unique(out);
    for (int k = 0; k < 2; k++) {
        free(ball[k].ids);
        free(frontier[k].ids);
    }
    free(next.ids);
    return status;
}

/* Reads the date (and with RG_LOAD_ATTRS the attrs) of link l, whose id,
 * type and ends are set. */
static rg_status load_link_date(rg_store *st, rg_link *l, unsigned flags, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_LINK_DATE_ATTRS, err);
    bool found, failed = false;
    rg_status status;

    if (!s)
        return RG_ERR_DB;
    sqlite3_bind_int64(s, 1, l->id);
    if ((status = step_row(st, s, &found, "reading a link", err)) != RG_OK)
        return status;
    if (found) {
        copy_col(l->date, sizeof l->date, s, 0);
        l->attrs = (flags & RG_LOAD_ATTRS) ? dup_text(s, 1, &failed) : NULL;
    }
    done(s);
    if (!found)
        return rg_fail(err, RG_ERR_NOT_FOUND, "no link l%lld", (long long)l->id);
    return failed ? rg_fail(err, RG_ERR_NOMEM, "out of memory") : RG_OK;
}

/* Moves the links that start in the ball and end in it into out, sorted.
 * The walk reads the unique key's index alone, so the links that leave the
 * ball (most of them, at the rim) cost no row read; the rows of the links
 * kept are read after it, unless RG_LOAD_SHAPE says the shape will do. */
static rg_status load_ball_links(rg_store *st, const id_set *ball, unsigned flags,
                                 rg_graph *out, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_BALL_LINKS_FROM, err);
    rg_status status = RG_OK;
    int rc = SQLITE_DONE;

    if (!s)
        return RG_ERR_DB;
    for (size_t i = 0; status == RG_OK && i < ball->len; i++) {
        sqlite3_bind_int64(s, 1, ball->ids[i]);
        while (status == RG_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            rg_link l = {0};

            if (!id_set_has(ball, sqlite3_column_int64(s, 3)))
                continue;
            l.id = sqlite3_column_int64(s, 0);
            copy_col(l.type, sizeof l.type, s, 1);
            l.source = sqlite3_column_int64(s, 2);
            l.target = sqlite3_column_int64(s, 3);
            status = take_link(out, &l, err);
        }
        if (status == RG_OK && rc != SQLITE_DONE)
            status = db_error(st, err, "reading links");
        done(s);
    }
    /* rows and details after the walk: they use other statements */
    for (size_t i = 0; status == RG_OK && !(flags & RG_LOAD_SHAPE) && i < out->n_links; i++)
        if ((status = load_link_date(st, &out->links[i], flags, err)) == RG_OK)
            status = load_link_details(st, &out->links[i], flags, err);
    if (status == RG_OK)
        rg_graph_sort(out);     /* the links came grouped by source */
    return status;
}

/* Moves the entities of ball, then the links among them, into out. */
static rg_status load_ball(rg_store *st, const id_set *ball, unsigned flags, rg_graph *out,
                           rg_error *err)
{
    rg_status status = RG_OK;

    for (size_t i = 0; status == RG_OK && i < ball->len; i++) {
        rg_entity e = {0};
        if ((status = store_get_entity(st, ball->ids[i], &e, err)) != RG_OK)
            break;
        if (!(flags & RG_LOAD_ALIASES))
            rg_strlist_free(&e.aliases);
        if (!(flags & RG_LOAD_ATTRS)) {
            free(e.attrs);
            e.attrs = NULL;
        }
        status = take_entity(out, &e, err);
        rg_entity_clear(&e);
    }
    if (status == RG_OK)
        status = load_ball_links(st, ball, flags, out, err);
    if (status == RG_OK && (flags & RG_LOAD_DOCUMENTS))
        status = walk_documents(st, NULL, take_document, out, err);
    return status;
}

static rg_status require_entity(rg_store *st, rg_id id, rg_error *err)
{
    bool exists;
    rg_status status = row_exists(st, S_ENTITY_EXISTS, id, &exists, err);

    if (status == RG_OK && !exists)
        status = rg_fail(err, RG_ERR_NOT_FOUND, "no entity e%lld", (long long)id);
    return status;
}

rg_status store_load_ball(rg_store *st, rg_id center, int depth, size_t max_entities,
                          unsigned flags, rg_graph *out, rg_error *err)
{
    id_set ball = {0};
    rg_status status;

    if ((status = require_entity(st, center, err)) != RG_OK ||
        (status = id_set_push(&ball, center, err)) != RG_OK ||
        (status = grow_ball(st, &ball, depth, max_entities, err)) != RG_OK ||
        (status = load_ball(st, &ball, flags, out, err)) != RG_OK)
        rg_graph_free(out);
    free(ball.ids);
    return status;
}

rg_status store_load_between(rg_store *st, rg_id a, rg_id b, size_t max_entities,
                             unsigned flags, rg_graph *out, rg_error *err)
{
    id_set both = {0};
    rg_status status;

    if ((status = require_entity(st, a, err)) != RG_OK ||
        (status = require_entity(st, b, err)) != RG_OK ||
        (status = grow_between(st, a, b, max_entities, &both, err)) != RG_OK ||
        (status = load_ball(st, &both, flags, out, err)) != RG_OK)
        rg_graph_free(out);
    free(both.ids);
    return status;
}

typedef struct public_cb {
    rg_entity_cb entity;
    rg_link_cb link;
    void *ctx;
} public_cb;

static rg_status call_entity_cb(void *ctx, rg_entity *e, rg_error *err)
{
    public_cb *p = ctx;
    return p->entity(p->ctx, e, err);
}

static rg_status call_link_cb(void *ctx, rg_link *l, rg_error *err)
{
    public_cb *p = ctx;
    return p->link(p->ctx, l, err);
}

rg_status store_each_entity(rg_store *st, unsigned flags, rg_entity_cb cb, void *ctx,
                            rg_error *err)
{
    public_cb p = {.entity = cb, .ctx = ctx};
    sqlite3_stmt *s = stmt(st, S_WALK_ENTITIES, err);
    return s ? walk_entities(st, s, flags, call_entity_cb, &p, err) : RG_ERR_DB;
}

rg_status store_each_link(rg_store *st, unsigned flags, rg_link_cb cb, void *ctx, rg_error *err)
{
    public_cb p = {.link = cb, .ctx = ctx};
    sqlite3_stmt *s = stmt(st, S_WALK_LINKS, err);
    return s ? walk_links(st, s, flags, true, call_link_cb, &p, err) : RG_ERR_DB;
}

rg_status store_each_document(rg_store *st, rg_document_cb cb, void *ctx, rg_error *err)
{
    return walk_documents(st, cb, NULL, ctx, err);
}

rg_status store_list_entities(rg_store *st, const char *type, const char *match,
                              rg_graph *out, rg_error *err)
{
    char *folded = NULL;
    sqlite3_stmt *s;
    rg_status status;

    if (match && (status = text_fold(match, strlen(match), &folded, err)) != RG_OK)
        return status;
    if (!(s = stmt(st, S_WALK_ENTITIES_FILTERED, err))) {
        free(folded);
        return RG_ERR_DB;
    }
    bind_text_or_null(s, 1, type);
    if (folded)
        sqlite3_bind_text(s, 2, folded, -1, SQLITE_STATIC);
    status = walk_entities(st, s, RG_LOAD_ALIASES | RG_LOAD_ATTRS, take_entity, out, err);
    free(folded);
    if (status != RG_OK)
        rg_graph_free(out);
    return status;
}

rg_status store_list_links(rg_store *st, const char *type, rg_id entity, rg_graph *out,
                           rg_error *err)
{
    sqlite3_stmt *s = stmt(st, entity ? S_WALK_LINKS_OF_ENTITY : S_WALK_LINKS_FILTERED, err);
    rg_status status;

    if (!s)
        return RG_ERR_DB;
    bind_text_or_null(s, 1, type);
    if (entity)
        sqlite3_bind_int64(s, 2, entity);
    /* one entity's links are few: per-link queries beat scanning evidence */
    status = walk_links(st, s, RG_LOAD_ALL, entity == 0, take_link, out, err);
    if (status != RG_OK)
        rg_graph_free(out);
    return status;
}

/* ---- statistics ------------------------------------------------------------ */

/* One row of rg_stats' per-type arrays (both arrays share the type). */
typedef __typeof__(((rg_stats *)0)->entity_types[0]) type_count;

static rg_status type_counts(rg_store *st, enum stmt_id which, type_count *rows, size_t *n,
                             rg_error *err)
{
    sqlite3_stmt *s = stmt(st, which, err);
    int rc;

    *n = 0;
    if (!s)
        return RG_ERR_DB;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n < 64) {
            copy_col(rows[*n].type, sizeof rows[*n].type, s, 0);
            rows[*n].count = (size_t)sqlite3_column_int64(s, 1);
            (*n)++;
        }
    }
    done(s);
    return rc == SQLITE_DONE ? RG_OK : db_error(st, err, "counting");
}

rg_status store_stats(rg_store *st, rg_stats *out, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_STATS_COUNTS, err);
    bool found;
    rg_status status;

    memset(out, 0, sizeof *out);
    if (!s)
        return RG_ERR_DB;
    if ((status = step_row(st, s, &found, "counting", err)) != RG_OK)
        return status;
    if (found) {
        out->entities = (size_t)sqlite3_column_int64(s, 0);
        out->links = (size_t)sqlite3_column_int64(s, 1);
        out->evidence = (size_t)sqlite3_column_int64(s, 2);
        out->documents = (size_t)sqlite3_column_int64(s, 3);
        out->aliases = (size_t)sqlite3_column_int64(s, 4);
    }
    done(s);
    if ((status = type_counts(st, S_STATS_ENTITY_TYPES, out->entity_types, &out->n_entity_types,
                              err)) != RG_OK ||
        (status = type_counts(st, S_STATS_LINK_TYPES, out->link_types, &out->n_link_types,
                              err)) != RG_OK)
        return status;
    if (!(s = stmt(st, S_STATS_DATES, err)))
        return RG_ERR_DB;
    if ((status = step_row(st, s, &found, "reading dates", err)) != RG_OK)
        return status;
    if (found) {
        copy_col(out->first_date, sizeof out->first_date, s, 0);
        copy_col(out->last_date, sizeof out->last_date, s, 1);
    }
    done(s);
    return RG_OK;
}

rg_status store_data_version(rg_store *st, int64_t *out, rg_error *err)
{
    int v = 0;
    if (query_int(st->db, "PRAGMA data_version", &v) != SQLITE_OK)
        return db_error(st, err, "reading the data version");
    *out = v;
    return RG_OK;
}

rg_status store_limit_cache(rg_store *st, unsigned mb, rg_error *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%u", (mb ? mb : 1) * 1024u);
    return exec_sql(st, sql, "sizing the cache", err);
}

rg_status store_is_empty(rg_store *st, bool *empty, rg_error *err)
{
    sqlite3_stmt *s = stmt(st, S_IS_EMPTY, err);
    bool found;
    rg_status status;

    *empty = false;
    if (!s)
        return RG_ERR_DB;
    if ((status = step_row(st, s, &found, "reading", err)) != RG_OK)
        return status;
    *empty = found && sqlite3_column_int(s, 0);
    done(s);
    return RG_OK;
}
