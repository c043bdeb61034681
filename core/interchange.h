/*
 * interchange.h - writers and readers for the formats other tools speak:
 * GraphML, GEXF 1.3, CSV (Neo4j / spreadsheet headers) and DOT.
 *
 * Writers read a graph through an rg_source: either a store, walked with
 * store_each_entity / store_each_link so memory does not grow with the graph,
 * or an in-memory rg_graph (tests, callers that already hold one).  Formats
 * whose header must declare every attribute (GraphML, GEXF, CSV) walk the
 * source twice: once to learn the attribute keys and their types, once to
 * write.  DOT goes out one statement per element, each ID and value quoted
 * by cgraph's agstrcanon, so it too stays flat.
 *
 * Readers parse a file into a relgraph JSON document (the shape of
 * jsonio.h) after checking every type, date and endpoint against the pack,
 * so their errors carry the file's own line and column; the caller hands the
 * document to jsonio_import, which does the matching and merging.
 *
 * Lists (aliases, topics) are written joined by '|' (Kumu's convention;
 * neo4j-admin import takes --array-delimiter='|').  What a format cannot
 * represent exactly (an item holding '|', a JSON object as an attribute
 * value, attribute keys with mixed value types) is written as well as it can
 * be and reported as one line in *warnings (may be NULL).
 */
#ifndef RG_INTERCHANGE_H
#define RG_INTERCHANGE_H

#include <jansson.h>
#include <stdio.h>

#include "error.h"
#include "model.h"
#include "pack.h"
#include "store.h"
#include "strlist.h"

#define RG_LIST_SEP '|'

typedef struct rg_source {
    rg_store *st;               /* streamed from here when not NULL ... */
    const rg_graph *g;          /* ... else walked from this graph */
    const rg_pack *pack;        /* for the symmetric flag of link types */
} rg_source;

/* Walks the source's entities / links in id order (flags as store_each_*). */
rg_status source_each_entity(const rg_source *src, unsigned flags, rg_entity_cb cb,
                             void *ctx, rg_error *err);
rg_status source_each_link(const rg_source *src, unsigned flags, rg_link_cb cb,
                           void *ctx, rg_error *err);

/* ---- attribute columns (shared by the writers) ------------------------- */

typedef enum rg_attr_kind {
    RG_AK_NONE, RG_AK_BOOL, RG_AK_LONG, RG_AK_DOUBLE, RG_AK_STRING, RG_AK_JSON
} rg_attr_kind;

typedef struct rg_attr_col {
    char *key;                  /* the attrs key */
    rg_attr_kind kind;          /* widest kind seen (long+double = double, else string) */
    bool mixed;                 /* values of different kinds were seen */
} rg_attr_col;

typedef struct rg_attr_cols {
    rg_attr_col *cols;          /* sorted by key */
    size_t n, cap;
} rg_attr_cols;

/* One pass over the source collecting the attrs keys of entities (nodes)
 * and links (edges) with their kinds.  Memory: the distinct keys only. */
rg_status attr_cols_scan(const rg_source *src, rg_attr_cols *nodes, rg_attr_cols *edges,
                         rg_error *err);
void attr_cols_free(rg_attr_cols *c);

/* Adds one warning line per column that a format cannot hold exactly
 * (mixed kinds, JSON objects or arrays). */
rg_status attr_cols_warn(const rg_attr_cols *c, const char *what, const char *format,
                         rg_strlist *warnings);

/* The text of value as written into a column of kind `kind` (JSON text for
 * objects and arrays); caller frees.  NULL for null values. */
char *attr_value_text(json_t *value, rg_attr_kind kind);

/* Joins items with '|'; when an item holds '|' and *warned is false, adds
 * one warning naming it and sets *warned.  Caller frees the result. */
char *list_join(const rg_strlist *items, const char *what, const char *format,
                rg_strlist *warnings, bool *warned);

/* Writes prefix (when not 0) and the decimal id into buf (at least 24
 * bytes): "e12", "l7", "3".  A hot path of every export, hence no printf. */
void id_text(char *buf, char prefix, rg_id id);

/* libxml2 prints I/O errors through its (per-thread) generic error
 * handler; the library must not print, so writers and readers silence it
 * for the duration of their work and restore the caller's handler after.
 * Failures are still seen through return codes. */
typedef struct rg_xml_quiet {
    void (*saved)(void *ctx, const char *msg, ...);
    void *saved_ctx;
} rg_xml_quiet;
void xml_quiet_begin(rg_xml_quiet *q);
void xml_quiet_end(rg_xml_quiet *q);

/* Adds a printf-formatted line to warnings (NULL = ignore). */
rg_status warn_add(rg_strlist *warnings, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- writers ------------------------------------------------------------ */

rg_status graphml_write(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err);
rg_status gexf_write(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err);
rg_status dot_write(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err);
/* nodes.csv and edges.csv, RFC 4180, headers for neo4j-admin import; and
 * when kumu_elements / kumu_connections are not NULL, the same rows with
 * the headers Kumu's importer wants. */
rg_status csv_write(const rg_source *src, FILE *nodes, FILE *edges, FILE *kumu_elements,
                    FILE *kumu_connections, rg_strlist *warnings, rg_error *err);

/* ---- readers -------------------------------------------------------------- */

/* Parses a GraphML file into a relgraph JSON document (*doc, caller
 * decrefs).  Errors: "PATH:LINE:COL: why" for malformed XML, "PATH:LINE: why"
 * for a missing or unknown type, a bad date, an edge to an unknown node, a
 * file that is not GraphML. */
rg_status graphml_read(const char *path, const rg_pack *pack, json_t **doc,
                       rg_strlist *warnings, rg_error *err);

/* Parses nodes.csv and (edges_path may be NULL) edges.csv into a relgraph
 * JSON document.  Errors "PATH:LINE:COL: why". */
rg_status csv_read(const char *nodes_path, const char *edges_path, const rg_pack *pack,
                   json_t **doc, rg_strlist *warnings, rg_error *err);

/* Builds the relgraph JSON document from the readers' entities and links
 * (borrowed), whose "id", "source" and "target" hold the file's own ids:
 * they are kept when they are all relgraph ids ("e12", "l7": import into an
 * empty database then keeps them), else renumbered e1.., l1.. in file order. */
rg_status doc_finish(json_t *entities, json_t *links, json_t **doc, rg_error *err);

/* ---- CSV tokenizer (RFC 4180), exposed for tests ---------------------- */

typedef struct rg_csv_reader {
    FILE *in;
    const char *name;           /* file name for messages */
    long line, col;             /* position of the next character (1-based) */
    long row_line;              /* line where the current record starts */
    rg_strlist fields;          /* the current record */
    long *field_cols;           /* column where each field starts */
    size_t cap_cols;
    char *buf;                  /* field being built */
    size_t len, cap;
} rg_csv_reader;

void csv_reader_init(rg_csv_reader *r, FILE *in, const char *name);
/* Reads the next record into r->fields; *eof true at end of input.
 * RG_ERR_INVALID "NAME:LINE:COL: why" for a stray quote, an unterminated
 * quoted field or invalid UTF-8. */
rg_status csv_next(rg_csv_reader *r, bool *eof, rg_error *err);
void csv_reader_free(rg_csv_reader *r);

/* Writes one field with RFC 4180 quoting (quoted when it holds , " CR LF). */
void csv_put_field(FILE *out, const char *s, bool first);

/* Free text (names, aliases, topics, string attributes, attribute column
 * names) is untrusted: a spreadsheet runs a cell that starts with = + - @
 * tab or CR as a formula (=HYPERLINK("javascript:...") is a live link).
 * csv_formula_lead tells whether s, after any leading apostrophes, starts
 * so; csv_put_text writes such text with one more leading apostrophe (the
 * spreadsheets' own mark for "this is text"), other text as csv_put_field;
 * csv_text_value undoes it on import (a pointer into cell), so text round-
 * trips exactly, apostrophes included. */
bool csv_formula_lead(const char *s);
void csv_put_text(FILE *out, const char *s, bool first);
const char *csv_text_value(const char *cell);

#endif
