/*
 * jsonio.h - the JSON interchange format (export --format json, import).
 *
 *   {"format": "relgraph", "version": 1,
 *    "entities": [{"id": "e12", "type", "name", "aliases": [...], "attrs": {}}],
 *    "links": [{"id": "l7", "type", "source": "e12", "target": "e40",
 *               "date": "1995-04" or null,
 *               "topics": [], "attrs": {},
 *               "evidence": [{"doc": "d3", "start", "end", "text"}]}],
 *    "documents": [{"id": "d3", "name", "hash", "title", "date"}]}
 *
 * Export is deterministic: elements in id order, keys in the order above,
 * aliases and topics sorted, attrs with sorted keys, UTF-8 unescaped, two-space
 * indentation, one trailing newline; undated links carry "date": null.
 * It streams (store_each_*), so memory does not grow with the graph.
 *
 * Import reads the same shape with jansson.  Into an empty database it keeps
 * the file's ids, so import-then-export reproduces the file byte for byte.
 * Into a non-empty one, entities are matched by type and folded name/alias
 * (aliases united), links merge as store_add_link does, documents match by
 * hash; new ones get fresh ids.  Every problem is reported as
 * "FILE:LINE:COL: why" for malformed JSON, or "FILE: entities[3].type: why"
 * for a shape or schema error.  Import runs inside the caller's transaction:
 * the caller commits or rolls back.
 */
#ifndef RG_JSONIO_H
#define RG_JSONIO_H

#include <stdio.h>

#include "error.h"
#include "store.h"

/* Writes the whole graph to out.  RG_ERR_IO on a write error. */
rg_status jsonio_export(rg_store *st, FILE *out, rg_error *err);

/* Reads a relgraph JSON document from in (name is used in messages, e.g. the
 * path or "<stdin>") and adds it to the store.  Counts of what was added go
 * to the optional out-parameters. */
typedef struct rg_import_counts {
    size_t entities_added, entities_merged, links_added, links_merged,
           evidence_added, documents_added;
} rg_import_counts;

rg_status jsonio_import(rg_store *st, FILE *in, const char *name,
                        rg_import_counts *counts, rg_error *err);

#endif
