/*
 * model.h - relgraph's in-memory graph: entities, links, their evidence and
 * the documents the evidence comes from.
 *
 * This is the shape every module shares: the store loads it, the analysis
 * (graphs/) and the renderer (render/) read it, import/export convert it.
 * Types are short identifiers defined by the domain pack (pack.h); they are
 * kept inline so that a graph of a million links needs no per-link type
 * allocation.
 *
 * Ownership: an rg_graph owns everything reachable from it; rg_graph_free
 * releases it all.  Functions that add to a graph copy their arguments.
 * An all-zero rg_graph is a valid empty graph.
 */
#ifndef RG_MODEL_H
#define RG_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "strlist.h"

typedef int64_t rg_id;          /* database row id; 0 means "none" */

#define RG_TYPE_MAX 32          /* type names are identifiers shorter than this */
#define RG_DATE_MAX 11          /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" and NUL */
#define RG_HASH_MAX 72          /* "sha256:" + 64 hex digits + NUL */
#define RG_TIME_MAX 32          /* ISO 8601 UTC timestamp */

typedef struct rg_entity {
    rg_id id;
    char type[RG_TYPE_MAX];
    char *name;                 /* canonical name, UTF-8, never empty */
    rg_strlist aliases;         /* other surface forms, name excluded, sorted */
    char *attrs;                /* JSON object text; NULL means {} */
} rg_entity;

typedef struct rg_evidence {
    rg_id doc;
    int64_t start, end;         /* character (code point) offsets into the
                                   original document, end exclusive */
    char *text;                 /* the quoted sentence */
} rg_evidence;

typedef struct rg_link {
    rg_id id;
    char type[RG_TYPE_MAX];
    rg_id source, target;       /* for symmetric types source < target */
    char date[RG_DATE_MAX];     /* "" when undated */
    rg_strlist topics;          /* sorted */
    char *attrs;                /* JSON object text; NULL means {} */
    size_t n_evidence;          /* always set, even when evidence is not loaded */
    rg_evidence *evidence;      /* NULL unless loaded (RG_LOAD_EVIDENCE) */
} rg_link;

typedef struct rg_document {
    rg_id id;
    char *name;                 /* path or name as given at ingest */
    char hash[RG_HASH_MAX];     /* "sha256:<hex>" of the original bytes */
    char *title;                /* may be NULL */
    char date[RG_DATE_MAX];     /* "" when unknown */
    char ingested_at[RG_TIME_MAX];
} rg_document;

typedef struct rg_graph {
    rg_entity *entities;        /* sorted by id after a store load */
    size_t n_entities, cap_entities;
    rg_link *links;             /* sorted by id after a store load */
    size_t n_links, cap_links;
    rg_document *documents;     /* sorted by id after a store load */
    size_t n_documents, cap_documents;
} rg_graph;

/* Appends a deep copy of e / l / d.  O(1) amortised; RG_ERR_NOMEM leaves the
 * graph unchanged. */
rg_status rg_graph_add_entity(rg_graph *g, const rg_entity *e);
rg_status rg_graph_add_link(rg_graph *g, const rg_link *l);
rg_status rg_graph_add_document(rg_graph *g, const rg_document *d);

/* Appends *e / *l / *d itself, taking what it owns, and zeroes it: for
 * loaders that build an element only to hand it over.  O(1) amortised;
 * RG_ERR_NOMEM leaves both the graph and the element as they were. */
rg_status rg_graph_take_entity(rg_graph *g, rg_entity *e);
rg_status rg_graph_take_link(rg_graph *g, rg_link *l);
rg_status rg_graph_take_document(rg_graph *g, rg_document *d);

/* Binary search by id; the arrays must be sorted by id (as loaded).
 * NULL when absent.  O(log n). */
const rg_entity *rg_graph_entity(const rg_graph *g, rg_id id);
const rg_link *rg_graph_link(const rg_graph *g, rg_id id);
const rg_document *rg_graph_document(const rg_graph *g, rg_id id);

/* Index of the entity with this id in g->entities, or -1.  O(log n). */
long rg_graph_entity_index(const rg_graph *g, rg_id id);

/* Sorts entities, links and documents by id. */
void rg_graph_sort(rg_graph *g);

/* Releases one element's owned memory (not the element itself). */
void rg_entity_clear(rg_entity *e);
void rg_link_clear(rg_link *l);
void rg_document_clear(rg_document *d);

/* Releases everything; leaves an empty graph. */
void rg_graph_free(rg_graph *g);

/* True for "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a valid month and day. */
bool rg_date_valid(const char *date);

/* Copies src into a fixed buffer of size n, truncating, always NUL-terminated. */
void rg_copy_fixed(char *dst, size_t n, const char *src);

#endif
