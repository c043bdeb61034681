/*
 * builder.h - turn documents into graph: entities and typed links with
 * evidence, then store them.
 *
 * Extraction and storing are separate so extraction can be tested without
 * a database:
 *   builder_new        compiles the pack (lexicon.json, triggers.json,
 *                      discover.json, topics.json) once;
 *   builder_extract    text -> rg_graph: entities with ids 1..n (local to the
 *                      result), links between them, each link with one
 *                      evidence sentence (doc 0, code-point offsets into the
 *                      text as given, end exclusive);
 *   builder_ingest     a document read by docread.h -> the store: documents are
 *                      identified by content hash (the same content again
 *                      changes nothing; a changed file under the same name
 *                      replaces the old version's contribution), each document
 *                      in its own transaction, entities joined to those
 *                      already stored by type and folded name or alias;
 *   ingest sessions    the same for a run of many documents: each document
 *                      still atomic, but documents committed in groups
 *                      (builder_session_*), which costs far fewer page
 *                      writes than one transaction per document.
 */
#ifndef RG_BUILDER_H
#define RG_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "docread.h"
#include "error.h"
#include "model.h"
#include "pack.h"
#include "store.h"

typedef struct rg_builder rg_builder;

#define RG_BUILDER_MAX_DOC (64u * 1024 * 1024)   /* bytes; larger documents are refused */
#define RG_BUILDER_MAX_LINE (16u * 1024 * 1024)  /* bytes without a line break */

/* Limits that keep a hostile document from exhausting memory or time.
 * A document over any of them is refused whole (RG_ERR_LIMIT) with a
 * message that names the limit by the `relgraph ingest` option that
 * raises it ("... the limit is 65536 bytes; raise it with --max-sentence").
 * 0 in a field means its default. */
typedef struct rg_builder_limits {
    size_t max_doc;        /* bytes of one document's text (RG_BUILDER_MAX_DOC) */
    size_t max_sentence;   /* bytes of one sentence (RG_BUILDER_MAX_SENTENCE) */
    size_t max_name;       /* bytes of one entity name or alias (RG_BUILDER_MAX_NAME) */
    size_t max_links;      /* links drawn from one sentence (RG_BUILDER_MAX_LINKS) */
} rg_builder_limits;

#define RG_BUILDER_MAX_SENTENCE (64u * 1024)
#define RG_BUILDER_MAX_NAME 1024u
#define RG_BUILDER_MAX_LINKS 1000u

/* Compiles the pack's builder data, with libgeonames' cities and the ISO
 * countries (gazetteer.h) when they are installed.  pack is borrowed and
 * must outlive the builder.  RG_ERR_INVALID when a builder file has the
 * wrong shape.  The builder starts with the default limits.  About 0.07 s
 * of CPU and 15 MB for the default pack. */
rg_status builder_new(const rg_pack *pack, rg_builder **out, rg_error *err);
void builder_free(rg_builder *b);

/* Sets the limits (a 0 field takes the default); *out of builder_limits
 * gets the ones in force. */
void builder_set_limits(rg_builder *b, const rg_builder_limits *limits);
void builder_limits(const rg_builder *b, rg_builder_limits *out);

/* Checks that the len bytes at text can be a document: not empty, no NUL
 * byte (binary), valid UTF-8, no line longer than RG_BUILDER_MAX_LINE, not
 * larger than RG_BUILDER_MAX_DOC.  The message says why ("not valid UTF-8 at
 * byte 17", "binary file (NUL byte at 3)", "empty file"). */
rg_status builder_check_text(const char *text, size_t len, rg_error *err);

/* Extracts the graph of one document into the empty *out (caller frees with
 * rg_graph_free).  RG_ERR_LIMIT when a sentence, name or a sentence's link
 * count is over the builder's limits.  Entities are sorted by type then name; links by type,
 * source, target.  O(len x log(lexicon)). */
rg_status builder_extract(const rg_builder *b, const char *text, size_t len, rg_graph *out,
                          rg_error *err);

/* Writes an extracted graph as stable, indented JSON (for golden tests and
 * debugging): {"entities": [{"id","type","name","aliases"}], "links":
 * [{"type","source","target","date","topics","evidence"}]}. */
rg_status builder_write_json(const rg_graph *g, FILE *out, rg_error *err);

/* Extracts one document read by docread (docread.h): checks its text
 * (builder_check_text, with the builder's document size limit), extracts
 * (refusing a document over the builder's limits), and for a text aligned with its file
 * shifts the evidence so offsets count code points of the whole file.
 * Error messages start with the document's name. */
rg_status builder_extract_doc(const rg_builder *b, const rg_input_doc *doc, rg_graph *out,
                              rg_error *err);

typedef struct rg_ingest_result {
    bool unchanged;         /* the same content was already stored */
    bool replaced;          /* an older version under the same name was removed */
    rg_id doc;
    size_t entities_added, entities_found, links_added, links_merged;
} rg_ingest_result;

/* Ingests one document read by docread: known by doc->hash (the same
 * content again is `unchanged`) and doc->name (an older version under the
 * name is removed first: `replaced`).  Extracts first, then runs its own
 * transaction; on any error nothing of the document is stored and the
 * message starts with the document's name. */
rg_status builder_ingest(const rg_builder *b, rg_store *st, const rg_input_doc *doc,
                         rg_ingest_result *res, rg_error *err);

/* What a run of builder_ingest_cached calls remembers between documents:
 * the stored entities it looked up, by type and folded name or alias (and
 * the forms no stored entity has), so that a name seen in many documents
 * costs one query, not one per document.  It follows this run's own writes;
 * it is dropped whenever another process has committed to the database
 * (store_data_version), a document is replaced or a transaction rolls back,
 * and when it exceeds RG_BUILDER_CACHE_MAX forms (its link and fold memos
 * likewise), so its memory is bounded: 2^16 entries each keep a 50 MB
 * ingest of 40,000 entities and 380,000 links within 110 MB of peak RSS
 * (2^18 took 144 MB), with no measurable loss of speed. */
typedef struct rg_builder_cache rg_builder_cache;

#define RG_BUILDER_CACHE_MAX (1u << 16)

rg_status builder_cache_new(rg_builder_cache **out, rg_error *err);
void builder_cache_free(rg_builder_cache *c);

/* builder_ingest with a cache (NULL: none); the cache must only be used
 * with one store.  Stores exactly what builder_ingest stores. */
rg_status builder_ingest_cached(const rg_builder *b, rg_store *st, rg_builder_cache *cache,
                                const rg_input_doc *doc, rg_ingest_result *res, rg_error *err);

/* ---- ingest sessions ---------------------------------------------------- */

/* An ingest session stores a run of documents as builder_ingest_cached
 * would, one after another, but commits them in groups: the first document
 * stored opens a transaction (BEGIN IMMEDIATE), each document goes into it,
 * and the group is committed when its documents'
 * text reaches bounds.bytes or bounds.ms milliseconds have passed since it
 * began (checked after each document), by builder_session_flush, and by
 * nothing else.
 *
 * What this guarantees:
 * - every document is atomic: stored wholly or not at all, in any group,
 *   after any kill or failure (a kill loses at most the open group);
 * - a document that fails by itself (unreadable, over a limit, refused by
 *   the store) is undone alone: the others of its group stay, and the
 *   cache is cleared.  Failing in the store costs a replay: the group is
 *   rolled back and its other documents extracted and stored again (a
 *   savepoint per document would cost every document a copy of each page
 *   it touches);
 * - when the database fails (RG_ERR_IO or RG_ERR_DB: disk full, read-only,
 *   busy, corrupt) the documents stored before it in the group are committed
 *   when the database still takes the commit; otherwise they are lost with
 *   the group, and builder_session_totals says so (lost);
 * - other writers wait at most about one group's time for the write lock
 *   (the busy timeout is 5 s); readers are never blocked (WAL).
 * The session passes the store only ids the store handed it, so it turns
 * the store's reference checks off for its life (store_trust_references)
 * and on again when freed.
 * The store and cache are borrowed and must outlive the session; the
 * store must not be used for anything else while a group is open, nor
 * written to by anything else while the session lives (its checks are off). */
typedef struct rg_ingest_session rg_ingest_session;

typedef struct rg_ingest_bounds {
    size_t bytes;           /* text per group (0: RG_INGEST_GROUP_BYTES) */
    unsigned ms;            /* milliseconds per group (0: RG_INGEST_GROUP_MS) */
} rg_ingest_bounds;

#define RG_INGEST_GROUP_BYTES (8u * 1024 * 1024)
#define RG_INGEST_GROUP_MS 500u

/* What documents did, summed (documents stored, unchanged, replaced). */
typedef struct rg_ingest_totals {
    size_t stored, unchanged, replaced;
    size_t entities_added, entities_found, links_added, links_merged;
} rg_ingest_totals;

/* A session over st (cache may be NULL; bounds NULL: the defaults).  Opens
 * no transaction yet, and st must have none open (RG_ERR_INVALID). */
rg_status builder_session_begin(const rg_builder *b, rg_store *st, rg_builder_cache *cache,
                                const rg_ingest_bounds *bounds, rg_ingest_session **out,
                                rg_error *err);

/* Stores one document in the open group (opening one when none is), then
 * commits the group when it has reached its bounds.  *res describes the
 * document; it is committed once the group is (builder_session_totals).
 * Errors: the document's own (RG_ERR_INVALID, RG_ERR_LIMIT, RG_ERR_NOMEM...,
 * message starting with its name: nothing of it stored, the group goes on)
 * or the database's (RG_ERR_IO, RG_ERR_DB: the session has committed what
 * it could, see above; stop using it).  An error that lost the group is
 * reported as RG_ERR_DB or RG_ERR_IO even when a document caused it. */
rg_status builder_session_ingest(rg_ingest_session *s, const rg_input_doc *doc,
                                 rg_ingest_result *res, rg_error *err);

/* Commits the open group, if any.  On failure the group is rolled back
 * (its documents counted as lost) and the error is the database's. */
rg_status builder_session_flush(rg_ingest_session *s, rg_error *err);

/* Sums of the documents committed so far, of those in the open group, and
 * the number of documents lost with a group that could not be committed
 * (any pointer may be NULL). */
void builder_session_totals(const rg_ingest_session *s, rg_ingest_totals *committed,
                            rg_ingest_totals *pending, size_t *lost);

/* Rolls back a group left open (not flushed) and frees the session. */
void builder_session_free(rg_ingest_session *s);

#endif
