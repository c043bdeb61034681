/*
 * formats.c - the interchange format table (see formats.h).
 *
 * Exports open the target all-or-nothing (outfile.h) and hand a store
 * source to the writers in interchange.h.  Imports of foreign formats parse
 * into a relgraph JSON document (checked against the pack, with the file's
 * own line numbers) and feed it to jsonio_import, so matching and merging
 * into a non-empty database behave exactly as for JSON.
 */
#include "formats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "interchange.h"
#include "outfile.h"

static rg_status json_export_to(rg_store *st, const char *path, rg_error *err)
{
    rg_outfile of;
    rg_status rc = outfile_open(&of, path, err);

    if (rc != RG_OK)
        return rc;
    rc = jsonio_export(st, of.fp, err);
    if (rc != RG_OK) {
        outfile_abort(&of);
        return rc;
    }
    return outfile_commit(&of, err);
}

static rg_status json_import_from(rg_store *st, const char *path, rg_import_counts *counts,
                                  rg_error *err)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    rg_status rc;

    if (!in)
        return rg_fail(err, RG_ERR_IO, "%s: cannot open", path);
    rc = jsonio_import(st, in, in == stdin ? "<stdin>" : path, counts, err);
    if (in != stdin)
        fclose(in);
    return rc;
}

/* ---- foreign formats --------------------------------------------------- */

typedef rg_status (*writer_fn)(const rg_source *src, FILE *out, rg_strlist *warnings,
                               rg_error *err);

static rg_status export_one_file(rg_store *st, const char *path, writer_fn write,
                                 rg_strlist *warnings, rg_error *err)
{
    rg_source src = {st, NULL, store_pack(st)};
    rg_outfile of;
    rg_status rc = outfile_open(&of, path, err);

    if (rc != RG_OK)
        return rc;
    if ((rc = write(&src, of.fp, warnings, err)) != RG_OK) {
        outfile_abort(&of);
        return rc;
    }
    return outfile_commit(&of, err);
}

/* Hands a document the readers built to jsonio_import, which does the
 * matching and merging. */
static rg_status import_doc(rg_store *st, json_t *doc, const char *name,
                            rg_import_counts *counts, rg_error *err)
{
    char *text = json_dumps(doc, JSON_COMPACT);
    FILE *in;
    rg_status rc;

    if (!text)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if (!(in = fmemopen(text, strlen(text), "r"))) {
        free(text);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    rc = jsonio_import(st, in, name, counts, err);
    fclose(in);
    free(text);
    return rc;
}

static rg_status graphml_export_warn(rg_store *st, const char *path, rg_strlist *w,
                                     rg_error *err)
{
    return export_one_file(st, path, graphml_write, w, err);
}

static rg_status gexf_export_warn(rg_store *st, const char *path, rg_strlist *w, rg_error *err)
{
    return export_one_file(st, path, gexf_write, w, err);
}

static rg_status dot_export_warn(rg_store *st, const char *path, rg_strlist *w, rg_error *err)
{
    return export_one_file(st, path, dot_write, w, err);
}

static rg_status graphml_import_warn(rg_store *st, const char *path, rg_import_counts *counts,
                                     rg_strlist *w, rg_error *err)
{
    json_t *doc;
    rg_status rc = graphml_read(path, store_pack(st), &doc, w, err);

    if (rc != RG_OK)
        return rc;
    rc = import_doc(st, doc, strcmp(path, "-") == 0 ? "<stdin>" : path, counts, err);
    json_decref(doc);
    return rc;
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* CSV goes to a folder: nodes.csv, edges.csv (neo4j-admin import) and
 * kumu-elements.csv, kumu-connections.csv (Kumu), all or none. */
static rg_status csv_export_warn(rg_store *st, const char *path, rg_strlist *w, rg_error *err)
{
    static const char *const names[4] = {"nodes.csv", "edges.csv", "kumu-elements.csv",
                                         "kumu-connections.csv"};
    rg_source src = {st, NULL, store_pack(st)};
    rg_outfile of[4] = {{0}};
    char file[4200];
    rg_status rc = RG_OK;

    if (strcmp(path, "-") == 0)
        return rg_fail(err, RG_ERR_USAGE, "csv export writes a folder (nodes.csv and "
                       "edges.csv), not standard output: give a folder path");
    if (!is_dir(path) && mkdir(path, 0777) != 0)
        return rg_fail(err, RG_ERR_IO, "%s: cannot create the folder: %s", path,
                       strerror(errno));
    for (size_t i = 0; i < 4 && rc == RG_OK; i++) {
        snprintf(file, sizeof file, "%s/%s", path, names[i]);
        rc = outfile_open(&of[i], file, err);
    }
    if (rc == RG_OK)
        rc = csv_write(&src, of[0].fp, of[1].fp, of[2].fp, of[3].fp, w, err);
    for (size_t i = 0; i < 4 && rc == RG_OK; i++)
        rc = outfile_commit(&of[i], err);
    for (size_t i = 0; i < 4; i++)
        outfile_abort(&of[i]);
    return rc;
}

static rg_status csv_import_warn(rg_store *st, const char *path, rg_import_counts *counts,
                                 rg_strlist *w, rg_error *err)
{
    char *np = NULL, *ep = NULL;
    json_t *doc = NULL;
    rg_status rc;
    struct stat sb;

    if (strcmp(path, "-") == 0)
        return rg_fail(err, RG_ERR_USAGE, "csv import reads a folder (nodes.csv and "
                       "edges.csv) or a nodes file, not standard input");
    if (is_dir(path)) {
        if (asprintf(&np, "%s/nodes.csv", path) < 0 || asprintf(&ep, "%s/edges.csv", path) < 0) {
            np = ep = NULL;
            rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
            goto done;
        }
        if (stat(np, &sb) != 0) {
            rc = rg_fail(err, RG_ERR_IO, "%s: no nodes.csv in this folder", path);
            goto done;
        }
        if (stat(ep, &sb) != 0) {
            free(ep);
            ep = NULL;
        }
    } else if (!(np = strdup(path))) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    if ((rc = csv_read(np, ep, store_pack(st), &doc, w, err)) != RG_OK)
        goto done;
    rc = import_doc(st, doc, path, counts, err);
done:
    json_decref(doc);
    free(np);
    free(ep);
    return rc;
}

static rg_status graphml_export_to(rg_store *st, const char *path, rg_error *err)
{
    return graphml_export_warn(st, path, NULL, err);
}

static rg_status graphml_import_from(rg_store *st, const char *path, rg_import_counts *c,
                                     rg_error *err)
{
    return graphml_import_warn(st, path, c, NULL, err);
}

static rg_status gexf_export_to(rg_store *st, const char *path, rg_error *err)
{
    return gexf_export_warn(st, path, NULL, err);
}

static rg_status dot_export_to(rg_store *st, const char *path, rg_error *err)
{
    return dot_export_warn(st, path, NULL, err);
}

static rg_status csv_export_to(rg_store *st, const char *path, rg_error *err)
{
    return csv_export_warn(st, path, NULL, err);
}

static rg_status csv_import_from(rg_store *st, const char *path, rg_import_counts *c,
                                 rg_error *err)
{
    return csv_import_warn(st, path, c, NULL, err);
}

static const rg_format json_format = {
    "json", ".json", "relgraph's JSON interchange format", json_export_to, json_import_from,
    NULL, NULL,
};

static const rg_format graphml_format = {
    "graphml", ".graphml", "GraphML for yEd, Cytoscape, networkx, igraph",
    graphml_export_to, graphml_import_from, graphml_export_warn, graphml_import_warn,
};

static const rg_format gexf_format = {
    "gexf", ".gexf", "GEXF 1.3 for Gephi, with link dates on the timeline",
    gexf_export_to, NULL, gexf_export_warn, NULL,
};

static const rg_format csv_format = {
    "csv", ".csv", "nodes.csv and edges.csv in a folder, for Neo4j, Kumu and spreadsheets",
    csv_export_to, csv_import_from, csv_export_warn, csv_import_warn,
};

static const rg_format dot_format = {
    "dot", ".dot .gv", "Graphviz DOT with every attribute",
    dot_export_to, NULL, dot_export_warn, NULL,
};

const rg_format *const rg_formats[] = {
    &json_format,
    &graphml_format,
    &gexf_format,
    &csv_format,
    &dot_format,
    NULL
};

rg_status format_export(const rg_format *f, rg_store *st, const char *path,
                        rg_strlist *warnings, rg_error *err)
{
    if (f->export_warn)
        return f->export_warn(st, path, warnings, err);
    if (f->export_to)
        return f->export_to(st, path, err);
    return rg_fail(err, RG_ERR_UNSUPPORTED, "%s: export is not supported (formats that "
                   "export: json, graphml, gexf, csv, dot)", f->name);
}

rg_status format_import(const rg_format *f, rg_store *st, const char *path,
                        rg_import_counts *counts, rg_strlist *warnings, rg_error *err)
{
    if (f->import_warn)
        return f->import_warn(st, path, counts, warnings, err);
    if (f->import_from)
        return f->import_from(st, path, counts, err);
    return rg_fail(err, RG_ERR_UNSUPPORTED, "%s: import is not supported (formats that "
                   "import: json, graphml, csv)", f->name);
}

const rg_format *format_find(const char *name)
{
    for (size_t i = 0; rg_formats[i]; i++)
        if (strcasecmp(rg_formats[i]->name, name) == 0)
            return rg_formats[i];
    return NULL;
}

const rg_format *format_for_path(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    char nodes[4096];
    struct stat sb;

    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(nodes, sizeof nodes, "%s/nodes.csv", path);
        return stat(nodes, &sb) == 0 ? &csv_format : NULL;
    }

    if (!dot || (slash && dot < slash))
        return NULL;
    for (size_t i = 0; rg_formats[i]; i++) {
        const char *exts = rg_formats[i]->extensions;
        size_t n = strlen(dot);
        for (const char *p = strstr(exts, dot); p; p = strstr(p + 1, dot))
            if ((p == exts || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
                return rg_formats[i];
    }
    return NULL;
}
