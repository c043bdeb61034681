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
 *                      already stored by type and folded name or alias.
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
 * and when it exceeds RG_BUILDER_CACHE_MAX forms, so its memory is bounded. */
typedef struct rg_builder_cache rg_builder_cache;

#define RG_BUILDER_CACHE_MAX (1u << 18)

rg_status builder_cache_new(rg_builder_cache **out, rg_error *err);
void builder_cache_free(rg_builder_cache *c);

/* builder_ingest with a cache (NULL: none); the cache must only be used
 * with one store.  Stores exactly what builder_ingest stores. */
rg_status builder_ingest_cached(const rg_builder *b, rg_store *st, rg_builder_cache *cache,
                                const rg_input_doc *doc, rg_ingest_result *res, rg_error *err);

#endif
