/*
 * formats.h - the table of interchange formats that `relgraph export` and
 * `relgraph import` speak (json, graphml, gexf, csv, dot, ...).
 *
 * Each format is a name, the file extensions that imply it, and an export
 * and/or import function.  Exports write to a path ("-" = stdout; for csv a
 * folder) all-or-nothing (outfile.h); imports add to the store inside the
 * caller's transaction and report counts.  New formats are added to the
 * table in formats.c and need no change in cli/.
 */
#ifndef RG_FORMATS_H
#define RG_FORMATS_H

#include "error.h"
#include "jsonio.h"
#include "store.h"
#include "strlist.h"

typedef struct rg_format {
    const char *name;           /* "json" */
    const char *extensions;     /* space-separated: ".json" */
    const char *description;
    rg_status (*export_to)(rg_store *st, const char *path, rg_error *err);   /* may be NULL */
    rg_status (*import_from)(rg_store *st, const char *path, rg_import_counts *counts,
                             rg_error *err);                                  /* may be NULL; path "-" = stdin */
    /* Optional forms of the two above that also report warnings: one line
     * per thing the format could not carry exactly ("entity attribute 'x'
     * holds JSON objects or arrays: written to graphml as JSON text"); the
     * operation still succeeds.  NULL when the format never warns.  Call them
     * through format_export / format_import below. */
    rg_status (*export_warn)(rg_store *st, const char *path, rg_strlist *warnings,
                             rg_error *err);
    rg_status (*import_warn)(rg_store *st, const char *path, rg_import_counts *counts,
                             rg_strlist *warnings, rg_error *err);
} rg_format;

/* NULL-terminated table of every format. */
extern const rg_format *const rg_formats[];

/* By name; NULL when unknown. */
const rg_format *format_find(const char *name);

/* By the extension of path; a folder holding nodes.csv gives csv (what
 * csv export writes); any other folder or a path without a known extension
 * gives NULL. */
const rg_format *format_for_path(const char *path);

/* Runs f's export / import, collecting warnings (may be NULL) when the
 * format reports them; the CLI prints each as "relgraph: warning: LINE".
 * RG_ERR_UNSUPPORTED when f cannot export / import. */
rg_status format_export(const rg_format *f, rg_store *st, const char *path,
                        rg_strlist *warnings, rg_error *err);
rg_status format_import(const rg_format *f, rg_store *st, const char *path,
                        rg_import_counts *counts, rg_strlist *warnings, rg_error *err);

#endif
