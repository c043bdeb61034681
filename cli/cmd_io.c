/*
 * cmd_io.c - `relgraph export` and `relgraph import`: the graph to and from
 * files in the formats of the table in core/formats.h.
 *
 * The format comes from --format, else from the file's extension
 * (format_for_path), else (export to stdout only) the first format of the
 * table, relgraph's own JSON.  Nothing here knows a format by name: a
 * format added to the table is available to both commands at once.
 * Export is a read (the database is opened read-only and the output file is
 * written all-or-nothing by the format); import is one write transaction,
 * so a file that fails half-way adds nothing.
 */
#include <string.h>

#include "../core/formats.h"
#include "session.h"

static const char export_help[] =
    "usage: relgraph export [--format F] [-o FILE]\n"
    "\n"
    "Writes the whole graph (entities, links with evidence, documents) to FILE,\n"
    "or to standard output.  The format is --format F, else the one FILE's\n"
    "extension names, else relgraph's JSON.  What a format cannot carry exactly\n"
    "is written as close as it can be and named in a 'relgraph: warning:'\n"
    "line.  The output file is replaced only when the export succeeds.  An\n"
    "exported JSON file imported into an empty database and exported again\n"
    "gives the same bytes.\n"
    "\n"
    "Options:\n"
    "  -f, --format F   the format, one of:\n"
    "                     json     relgraph's JSON interchange format (.json)\n"
    "                     graphml  GraphML for yEd, Cytoscape, networkx, igraph\n"
    "                     gexf     GEXF 1.3 for Gephi, link dates on its timeline\n"
    "                     csv      nodes.csv + edges.csv in the folder FILE, for\n"
    "                              Neo4j (neo4j-admin import), Kumu, spreadsheets\n"
    "                     dot      Graphviz DOT with every attribute (.dot, .gv)\n"
    "  -o, --output FILE  write to FILE instead of standard output ('-')\n"
    "  -h, --help       show this help\n"
    "\n"
    "Example:\n"
    "  relgraph export -o graph.json\n";

static const char import_help[] =
    "usage: relgraph import [--format F] FILE|-\n"
    "\n"
    "Adds the graph in FILE ('-' for standard input) to the database, creating\n"
    "the database when it is missing.  Into an empty database the file's ids\n"
    "are kept; otherwise entities are matched by type and name or alias\n"
    "(folded), links merge with the same link, documents match by content hash.\n"
    "All or nothing: a file with an error adds nothing, and the message gives\n"
    "the line and column or the element at fault.  The format is --format F,\n"
    "else the one FILE's extension names (standard input needs --format, or is\n"
    "read as relgraph's JSON).  A folder holding nodes.csv is read as csv.\n"
    "\n"
    "Options:\n"
    "  -f, --format F   the format, one of:\n"
    "                     json     relgraph's JSON interchange format (.json)\n"
    "                     graphml  GraphML (.graphml), e.g. from yEd or Cytoscape\n"
    "                     csv      a folder with nodes.csv and edges.csv (Neo4j\n"
    "                              headers id:ID, :LABEL, :START_ID, :END_ID, :TYPE)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Example:\n"
    "  relgraph -d copy.db import graph.json\n";

/* Each thing the format could not carry exactly, one stderr line each; the
 * text may come from documents, so it is cleaned for the terminal. */
static void print_warnings(cli_ctx *ctx, const rg_strlist *warnings)
{
    for (size_t i = 0; i < warnings->len; i++) {
        fputs("relgraph: warning: ", ctx->err);
        cli_print_clean(ctx->err, warnings->items[i], false);
        fputc('\n', ctx->err);
    }
}

/* The names of the formats that can export (or import), for messages. */
static void format_names(char *buf, size_t n, bool for_export)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; rg_formats[i] && used < n; i++) {
        const rg_format *f = rg_formats[i];
        if (for_export ? !f->export_to : !f->import_from)
            continue;
        used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? ", " : "", f->name);
    }
}

/* Picks the format: by name, else by the path's extension, else the table's
 * first (for stdout / stdin).  Prints a usage error and returns NULL when
 * none fits. */
static const rg_format *choose_format(cli_ctx *ctx, const char *cmd, const char *name,
                                      const char *path, bool for_export)
{
    const rg_format *f;
    char names[256];

    format_names(names, sizeof names, for_export);
    if (name) {
        f = format_find(name);
        if (!f) {
            cli_usage(ctx, cmd, "unknown format '%s' (valid: %s)", name, names);
            return NULL;
        }
    } else if (strcmp(path, "-") == 0) {
        f = rg_formats[0];
    } else {
        f = format_for_path(path);
        if (!f) {
            cli_usage(ctx, cmd, "cannot tell the format of '%s' from its name; "
                      "use --format (one of: %s)", path, names);
            return NULL;
        }
    }
    if (for_export ? !f->export_to : !f->import_from) {
        cli_usage(ctx, cmd, "the %s format cannot be %s (formats that can: %s)", f->name,
                  for_export ? "exported" : "imported", names);
        return NULL;
    }
    return f;
}

static int run_export(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {0, 0, 0, 0}};
    const char *format = NULL, *path = "-";
    const rg_format *f;
    rg_error err = {0};
    rg_strlist warnings = {0};
    rg_status rc;
    cli_session s;
    int c, code;

    cli_opt_reset();
    while ((c = cli_next_option(ctx, argc, argv, "f:o:", opts)) != -1) {
        if (c == 'f')
            format = optarg;
        else if (c == 'o')
            path = optarg;
        else
            return CLI_USAGE;
    }
    if (optind < argc)
        return cli_usage(ctx, "export", "unexpected argument '%s' (the output file goes "
                         "after -o)", argv[optind]);
    if (!*path)
        return cli_usage(ctx, "export", "the output file name is empty");
    f = choose_format(ctx, "export", format, path, true);
    if (!f)
        return CLI_USAGE;
    code = cli_session_read(ctx, &s);
    if (code != CLI_OK)
        return code;
    /* The format writes stdout itself: flush what came before it. */
    fflush(ctx->out);
    rc = format_export(f, s.st, path, &warnings, &err);
    print_warnings(ctx, &warnings);
    rg_strlist_free(&warnings);
    code = cli_session_end(ctx, &s, rc, &err);
    if (code == CLI_OK && strcmp(path, "-") != 0) {
        fputs("wrote ", ctx->out);
        cli_print_clean(ctx->out, path, false);
        fprintf(ctx->out, " (%s)\n", f->name);
    }
    return code;
}

static rg_status import_file(cli_ctx *ctx, rg_store *st, FILE *out, const rg_format *f,
                             const char *path, rg_error *err)
{
    rg_import_counts n = {0};
    rg_strlist warnings = {0};
    rg_status rc = format_import(f, st, path, &n, &warnings, err);

    if (rc == RG_OK)
        print_warnings(ctx, &warnings);
    rg_strlist_free(&warnings);
    if (rc != RG_OK)
        return rc;
    fputs("imported ", out);
    cli_print_clean(out, strcmp(path, "-") == 0 ? "standard input" : path, false);
    fprintf(out, ": %zu entities added, %zu merged; %zu links added, %zu merged; "
            "%zu evidence; %zu documents\n", n.entities_added, n.entities_merged,
            n.links_added, n.links_merged, n.evidence_added, n.documents_added);
    return RG_OK;
}

static int run_import(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {0, 0, 0, 0}};
    const char *format = NULL, *path;
    const rg_format *f;
    rg_error err = {0};
    cli_session s;
    int c, code;

    cli_opt_reset();
    while ((c = cli_next_option(ctx, argc, argv, "f:", opts)) != -1) {
        if (c == 'f')
            format = optarg;
        else
            return CLI_USAGE;
    }
    if (argc - optind < 1)
        return cli_usage(ctx, "import", "which file? (a path, or '-' for standard input)");
    if (argc - optind > 1)
        return cli_usage(ctx, "import", "unexpected argument '%s' (one file at a time)",
                         argv[optind + 1]);
    path = argv[optind];
    if (!*path)
        return cli_usage(ctx, "import", "the file name is empty");
    f = choose_format(ctx, "import", format, path, false);
    if (!f)
        return CLI_USAGE;
    code = cli_session_write(ctx, &s);
    if (code != CLI_OK)
        return code;
    return cli_session_end(ctx, &s, import_file(ctx, s.st, s.out, f, path, &err), &err);
}

const cli_command cli_cmd_export = {"export", run_export, "write the graph to a file",
                                    export_help};
const cli_command cli_cmd_import = {"import", run_import, "add a graph from a file",
                                    import_help};
