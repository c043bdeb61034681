/*
 * store.h - the graph store: one SQLite database file holding entities,
 * aliases, links, evidence, documents and mentions.
 *
 * Contract for every function here:
 * - it returns RG_OK or an error code and fills err (see error.h);
 * - it uses prepared statements only; no SQL is built from user text;
 * - the caller owns what it passes in; what a function hands back through an
 *   out-parameter (a graph, an entity) belongs to the caller, to be freed with
 *   the matching rg_*_clear / rg_graph_free;
 * - writing functions must run inside store_begin ... store_commit; a command
 *   that fails calls store_rollback, which leaves the file exactly as it was.
 *
 * Names are looked up through their folded form (fold.h): every entity's name
 * and aliases are stored with their folded key.  Link type, entity type and
 * endpoint types are checked against the domain pack given at open.
 * Symmetric links are stored with source < target, so (type, a, b) and
 * (type, b, a) are the same link.  Adding a link that exists merges into it.
 *
 * The schema carries a version (PRAGMA user_version plus a meta table with
 * the application name); opening runs pending migrations in a transaction and
 * refuses a file from a newer relgraph or one that is not a relgraph database.
 * The file is in WAL mode with foreign keys on (see store_trust_references)
 * and a busy timeout.  An
 * rg_store must not be used by two threads at once (its connection is
 * opened without SQLite's mutex).
 */
#ifndef RG_STORE_H
#define RG_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"
#include "pack.h"

typedef struct rg_store rg_store;

enum {
    RG_OPEN_READONLY = 1 << 0,  /* open for reading only */
    RG_OPEN_CREATE = 1 << 1     /* create (and initialise) when missing */
};

#define RG_SCHEMA_VERSION 2

/* Process-wide SQLite settings, for a program to call once before it
 * opens any store (the CLI's main does): SQLite then keeps no statistics
 * of its memory, which it would otherwise update under a global mutex at
 * every allocation (3 to 5% of an ingest; relgraph reads none of them).
 * RG_ERR_INTERNAL when SQLite is already in use; nothing changes then,
 * and stores work as before, only slower. */
rg_status store_setup_process(rg_error *err);

/* Opens (or with RG_OPEN_CREATE creates) the database at path.  pack is
 * borrowed and must outlive the store.  Errors: RG_ERR_IO (missing without
 * CREATE: "PATH: no such database (run 'relgraph init' first)", unreadable,
 * read-only folder), RG_ERR_DB (not a relgraph database, corrupt, newer
 * schema version).  A store opened RG_OPEN_READONLY reads one snapshot for
 * as long as it is open: what other connections commit meanwhile is not
 * seen, so several reads (entities, then links) always agree. */
rg_status store_open(const char *path, unsigned flags, const rg_pack *pack,
                     rg_store **out, rg_error *err);
void store_close(rg_store *st);

/* Caps the database file at pages pages (SQLite's max_page_count; a page is
 * 4 KB): a write that would grow the file further fails as on a full disk
 * (RG_ERR_IO, "disk full") and its transaction leaves nothing.  For testing
 * that path without filling a disk (the CLI's RELGRAPH_MAX_PAGES). */
rg_status store_set_max_pages(rg_store *st, unsigned long pages, rg_error *err);
const char *store_path(const rg_store *st);
const rg_pack *store_pack(const rg_store *st);

/* Transactions.  begin takes the write lock (BEGIN IMMEDIATE).  rollback is
 * safe to call when no transaction is open. */
rg_status store_begin(rg_store *st, rg_error *err);
rg_status store_commit(rg_store *st, rg_error *err);
void store_rollback(rg_store *st);

/* Whether a transaction is open.  After a failure SQLite may have rolled
 * the whole transaction back itself (I/O error, disk full, out of memory
 * in a statement that could not be undone alone): then this is false and
 * everything since store_begin is gone. */
bool store_in_transaction(const rg_store *st);

/* Reference checks.  By default SQLite checks each id a write refers to
 * (the foreign keys): that is how store_add_link_typed, store_add_mentions
 * and store_add_evidence_rows refuse a missing entity, link or document,
 * and how deleting an entity or a link deletes what hangs on it.
 * store_trust_references(st, true) turns the checks off until it is called
 * with false, for a bulk writer that passes only ids this store handed it
 * in the same transaction or an earlier one: the ingest session, for which
 * the checks are a tenth of the time (each link, mention and evidence row
 * looks up its parents).  While trusting, a missing id is stored as given,
 * and store_remove_entity, store_remove_link and the merges leave their
 * dependants behind; store_remove_document does not depend on it (it
 * deletes the dependants itself).  RG_ERR_INVALID inside a transaction,
 * where SQLite cannot change it. */
rg_status store_trust_references(rg_store *st, bool trust, rg_error *err);

/* Units inside a transaction: store_savepoint marks a point (units nest);
 * store_release ends the innermost unit, keeping what it wrote as part of
 * the transaction; store_rollback_to undoes what was written since the
 * innermost unit began and ends it (safe to call when the transaction is
 * gone).  Many documents can thus share one transaction, each of them
 * atomic.  Cost: each page a unit changes is copied once into the
 * in-memory journal. */
rg_status store_savepoint(rg_store *st, rg_error *err);
rg_status store_release(rg_store *st, rg_error *err);
void store_rollback_to(rg_store *st);

/* ---- entities ---------------------------------------------------------- */

/* Creates an entity.  type must be a pack entity type, name non-empty valid
 * UTF-8 with a non-empty folded form; aliases (may be NULL) are added too
 * (an alias equal to the name after folding is skipped, and so is one that
 * another entity of the type answers to); attrs_json is a JSON
 * object text or NULL.  origin_doc is the document that introduced it (0 for
 * an analyst's manual entity).  RG_ERR_EXISTS when an entity of the same type
 * already has this folded name or alias; *out_id is then set to it. */
rg_status store_add_entity(rg_store *st, const char *type, const char *name,
                           const rg_strlist *aliases, const char *attrs_json,
                           rg_id origin_doc, rg_id *out_id, rg_error *err);

/* Finds the entities whose name or an alias has this folded form, of the
 * given type (NULL = any type).  Fills ids (caller frees *ids), *n may be 0. */
rg_status store_lookup_entities(rg_store *st, const char *name, const char *type,
                                rg_id **ids, size_t *n, rg_error *err);

/* Resolves what a user typed to one entity: "e12" or "12" as an id, else a
 * name or alias through the fold.  RG_ERR_NOT_FOUND or RG_ERR_AMBIGUOUS with a
 * message that ends with a "did you mean: A (city), B (agency)" list of the
 * closest names. */
rg_status store_resolve_entity(rg_store *st, const char *text, rg_id *out, rg_error *err);

/* Loads one entity with its aliases and attrs into *out (clear with
 * rg_entity_clear).  RG_ERR_NOT_FOUND when there is no such id. */
rg_status store_get_entity(rg_store *st, rg_id id, rg_entity *out, rg_error *err);

/* Adds an alias.  RG_ERR_EXISTS when another entity of the same type already
 * answers to that folded form (message names it); no-op when this one does. */
rg_status store_add_alias(rg_store *st, rg_id id, const char *alias, rg_error *err);

/* Sets attrs[key] = value (a JSON value; borrowed) on an entity. */
rg_status store_set_entity_attr(rg_store *st, rg_id id, const char *key,
                                json_t *value, rg_error *err);

/* Moves every alias, link, evidence and mention of other onto keep, adds
 * other's name as an alias of keep, merges links that become duplicates
 * (their evidence and topics united, the earliest date kept), drops links
 * that would join keep to itself, and deletes other.  RG_ERR_INVALID when
 * keep == other. */
rg_status store_merge_entities(rg_store *st, rg_id keep, rg_id other, rg_error *err);

/* Deletes an entity, its aliases, its mentions and every link touching it. */
rg_status store_remove_entity(rg_store *st, rg_id id, rg_error *err);

/* Entities (with aliases and attrs) into out->entities, sorted by id:
 * type NULL = any; match NULL = all, else those whose folded name or alias
 * contains the folded match text. */
rg_status store_list_entities(rg_store *st, const char *type, const char *match,
                              rg_graph *out, rg_error *err);

/* ---- links ------------------------------------------------------------- */

/* Adds a link, or merges into the existing one with the same type and
 * endpoints (symmetric types: either order).  Checks the pack (type, endpoint
 * types), that both entities exist and differ, and the date (rg_date_valid, or
 * NULL/"" for none).  On merge: topics are united and a date is set when the
 * link had none (an existing date is kept).  *out_id gets the link's id;
 * *created (may be NULL) says whether it is new.  origin_doc as for entities. */
rg_status store_add_link(rg_store *st, const char *type, rg_id source, rg_id target,
                         const char *date, const rg_strlist *topics,
                         const char *attrs_json, rg_id origin_doc,
                         rg_id *out_id, bool *created, rg_error *err);

/* store_add_link (with no attrs) for a caller that knows the endpoints'
 * types, stype and ttype, because it created or looked up the entities by
 * type in this transaction: the pack checks use them instead of reading
 * both entities again (a quarter of the cost of adding a link).  Wrong
 * types would let a link the pack forbids in: only pass what is stored.
 * A missing entity is still refused (the foreign keys), as RG_ERR_NOT_FOUND. */
rg_status store_add_link_typed(rg_store *st, const char *type, rg_id source, const char *stype,
                               rg_id target, const char *ttype, const char *date,
                               const rg_strlist *topics, rg_id origin_doc, rg_id *out_id,
                               bool *created, rg_error *err);

/* What store_add_link does to a link that exists, for a caller that knows
 * its id (the builder's cache of the links it stored): adds the topics,
 * fills a missing date, and origin_doc 0 makes the link manual.
 * RG_ERR_INVALID for a bad date or topic; RG_ERR_NOT_FOUND when a write
 * finds no link with the id (with no date, no topics and origin_doc > 0
 * nothing is written, so nothing is checked). */
rg_status store_reinforce_link(rg_store *st, rg_id id, const char *date,
                               const rg_strlist *topics, rg_id origin_doc, rg_error *err);

/* Adds one evidence sentence to a link; an identical (doc, start, end) is
 * not added twice.  doc must exist (or be 0 for evidence typed by hand). */
rg_status store_add_evidence(rg_store *st, rg_id link, rg_id doc, int64_t start,
                             int64_t end, const char *text, rg_error *err);

/* One evidence sentence for store_add_evidence_rows; text is borrowed. */
typedef struct rg_evidence_row {
    rg_id link;
    int64_t start, end;
    const char *text;
} rg_evidence_row;

/* store_add_evidence for n rows of one document doc, in one statement: a
 * document's evidence costs about a third less than one call per row.  All
 * or nothing: the first row refused (RG_ERR_INVALID, RG_ERR_NOT_FOUND for a
 * missing link or doc) adds none.  rows is sorted in place (by link, start,
 * end). */
rg_status store_add_evidence_rows(rg_store *st, rg_id doc, rg_evidence_row *rows, size_t n,
                                  rg_error *err);

/* Loads one link (with topics, attrs and evidence).  RG_ERR_NOT_FOUND. */
rg_status store_get_link(rg_store *st, rg_id id, rg_link *out, rg_error *err);

/* Deletes a link and its evidence.  RG_ERR_NOT_FOUND. */
rg_status store_remove_link(rg_store *st, rg_id id, rg_error *err);

/* Links (with topics, attrs and evidence) into out->links, sorted by id:
 * type NULL = any; entity 0 = any, else those touching it. */
rg_status store_list_links(rg_store *st, const char *type, rg_id entity,
                           rg_graph *out, rg_error *err);

/* ---- documents --------------------------------------------------------- */

/* Adds a document record (doc->id is ignored; *out_id gets the new id).
 * RG_ERR_EXISTS when a document with the same hash exists (*out_id = it). */
rg_status store_add_document(rg_store *st, const rg_document *doc, rg_id *out_id,
                             rg_error *err);

/* Finds a document by content hash or by name.  RG_ERR_NOT_FOUND. */
rg_status store_find_document_by_hash(rg_store *st, const char *hash, rg_id *out,
                                      rg_error *err);
rg_status store_find_document_by_name(rg_store *st, const char *name, rg_id *out,
                                      rg_error *err);

/* Records that a document mentions an entity (idempotent). */
rg_status store_add_mention(rg_store *st, rg_id entity, rg_id doc, rg_error *err);

/* The same for n entities (any order, repeats allowed) in one statement:
 * for a document's whole list, several times cheaper than one call each.
 * All or nothing: RG_ERR_NOT_FOUND names a missing entity or the document. */
rg_status store_add_mentions(rg_store *st, rg_id doc, const rg_id *entities, size_t n,
                             rg_error *err);

/* Removes a document and what only it contributed: its evidence and
 * mentions; then links it introduced that have no evidence left, and
 * entities it introduced that have no mention, link or alias from
 * elsewhere left.  Manual (origin 0) entities and links always stay.  What
 * it introduced and survives passes to another document that supports it
 * (the lowest id), else becomes manual. */
rg_status store_remove_document(rg_store *st, rg_id doc, rg_error *err);

/* ---- whole graph ------------------------------------------------------- */

enum {
    RG_LOAD_ALIASES = 1 << 0,   /* entity aliases */
    RG_LOAD_ATTRS = 1 << 1,     /* entity and link attrs */
    RG_LOAD_TOPICS = 1 << 2,    /* link topics */
    RG_LOAD_EVIDENCE = 1 << 3,  /* evidence sentences (n_evidence is always set) */
    RG_LOAD_DOCUMENTS = 1 << 4, /* the documents table */
    RG_LOAD_ALL = 0x1f,
    /* store_load_ball and store_load_between only: links with their id,
     * type and ends alone (no date, attrs, topics, evidence or counts), for
     * a caller that needs the graph's shape and reads the few links it
     * shows with store_get_link */
    RG_LOAD_SHAPE = 1 << 5
};

/* Loads the whole graph into an empty *out, arrays sorted by id.  With
 * flags 0 it loads only ids, types, names, endpoints, dates and evidence
 * counts: what analysis needs, fast for a million links. */
rg_status store_load_graph(rg_store *st, unsigned flags, rg_graph *out, rg_error *err);

/* Loads into an empty *out only the ball of radius depth around entity
 * center: every entity within depth links of it (direction ignored) and
 * every link between two of them, arrays sorted by id, flags as above.
 * What a selection with --ego keeps is always inside this ball, so cutting
 * the ball gives the same sub-graph as cutting the whole graph, without
 * reading a million links to draw fifty.  Costs one indexed query per
 * entity of the ball (and per entity in its last level, to find links):
 * RG_ERR_LIMIT once the ball passes max_entities (0 = no limit), so the
 * caller can load the whole graph instead; RG_ERR_NOT_FOUND for an unknown
 * center.  *out is left empty on error. */
rg_status store_load_ball(rg_store *st, rg_id center, int depth, size_t max_entities,
                          unsigned flags, rg_graph *out, rg_error *err);

/* Loads into an empty *out what every shortest path between entities a and
 * b (direction ignored) goes through: the balls a bidirectional
 * breadth-first search grows around a and b until they meet, and every
 * link among their entities.  A vertex at distance i from a on a shortest
 * path of length d = ra + rb lies within ra of a or within rb of b, so the
 * shortest paths in *out are exactly those of the whole graph (and when
 * one ball stops growing without meeting the other, there is none).  Same
 * flags, limit and errors as store_load_ball. */
rg_status store_load_between(rg_store *st, rg_id a, rg_id b, size_t max_entities,
                             unsigned flags, rg_graph *out, rg_error *err);

/* Streaming iteration in id order, for exports whose memory must not grow
 * with the graph.  The element passed to the callback is valid only during
 * the call.  A callback's non-RG_OK return stops the walk and is returned. */
typedef rg_status (*rg_entity_cb)(void *ctx, const rg_entity *e, rg_error *err);
typedef rg_status (*rg_link_cb)(void *ctx, const rg_link *l, rg_error *err);
typedef rg_status (*rg_document_cb)(void *ctx, const rg_document *d, rg_error *err);
rg_status store_each_entity(rg_store *st, unsigned flags, rg_entity_cb cb, void *ctx,
                            rg_error *err);
rg_status store_each_link(rg_store *st, unsigned flags, rg_link_cb cb, void *ctx,
                          rg_error *err);
rg_status store_each_document(rg_store *st, rg_document_cb cb, void *ctx, rg_error *err);

typedef struct rg_stats {
    size_t entities, links, evidence, documents, aliases;
    size_t n_entity_types, n_link_types;
    struct { char type[RG_TYPE_MAX]; size_t count; } entity_types[64], link_types[64];
    char first_date[RG_DATE_MAX], last_date[RG_DATE_MAX]; /* over dated links */
} rg_stats;

/* Counts, per-type counts (sorted by type name) and the link date range. */
rg_status store_stats(rg_store *st, rg_stats *out, rg_error *err);

/* True when the database holds no entity, link or document. */
rg_status store_is_empty(rg_store *st, bool *empty, rg_error *err);

/* A number that changes whenever another connection (another process)
 * commits to the database (PRAGMA data_version; this connection's own
 * commits leave it alone).  Lets a caller keep what it read across its own
 * transactions and drop it when someone else may have written. */
rg_status store_data_version(rg_store *st, int64_t *out, rg_error *err);

/* Caps a writable store's page cache at about mb megabytes (writers start
 * with 256 MB).  A long run of small transactions over a growing file (an
 * ingest of a corpus) keeps its memory bounded this way; the pages it drops
 * are still in the operating system's cache. */
rg_status store_limit_cache(rg_store *st, unsigned mb, rg_error *err);

/* Inserts with explicit ids (used by JSON import into an empty database so
 * that export -> import -> export is byte-identical).  Same checks as the
 * non-_with_id forms; RG_ERR_EXISTS when the id is taken. */
rg_status store_insert_entity_with_id(rg_store *st, const rg_entity *e, rg_error *err);
rg_status store_insert_link_with_id(rg_store *st, const rg_link *l, rg_error *err);
rg_status store_insert_document_with_id(rg_store *st, const rg_document *d, rg_error *err);

#endif
