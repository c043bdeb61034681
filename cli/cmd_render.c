/*
 * cmd_render.c - `relgraph render`: draw the graph, or a selection of it,
 * as DOT, SVG, PNG or PDF with Graphviz (render/render.h).
 *
 * Order matters for "no half-written output": every option, the theme and
 * the format are checked before the database is opened, the selection is
 * cut and checked non-empty before the output file is opened, and the file
 * is an all-or-nothing outfile (core/outfile.h) committed only after
 * Graphviz succeeded.  Evidence sentences (for link tooltips) are fetched
 * only for the links of the selection, so an ego diagram of a
 * million-link database stays cheap.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../core/outfile.h"
#include "../graphs/select.h"
#include "../render/render.h"
#include "cli.h"

#define CMD "render"
/* above this many links in the selection, tooltips give evidence counts only */
#define EVIDENCE_LINKS_MAX 3000

static const char help_text[] =
    "usage: relgraph render [SELECTION] [OPTIONS] -o FILE\n"
    "\n"
    "Draws the graph (or a selection of it) with Graphviz as DOT, SVG, PNG or PDF.\n"
    "The format comes from the extension of FILE (.dot, .gv, .svg, .png, .pdf) or\n"
    "--format; '-o -' writes to standard output (then --format is needed).\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE     where to write (required); written whole or not at all\n"
    "  --format F            dot, gv, svg, png or pdf (default: from FILE)\n"
    "  --layout L            dot, neato, fdp, sfdp, circo, twopi or geo (default: dot\n"
    "                        up to 100 entities and 250 links, sfdp above)\n"
    "  --cluster C           group entities by type, community (a saved 'community'\n"
    "                        attr) or country (located_in links or a 'country' attr);\n"
    "                        drawn by the dot and fdp layouts\n"
    "  --size-by METRIC      size entities by a saved metric (an attr written by\n"
    "                        'relgraph analyze --save', e.g. pagerank)\n"
    "  --theme NAME|FILE     default, print (grayscale), or a theme .json file\n"
    "  --title T             a title line, followed by the date range and the number\n"
    "                        of source documents\n"
    "  --legend, --no-legend show the legend of the types drawn (default: shown)\n"
    "  --labels full|short   entity names in full, or their shortest alias\n"
    "  --edge-labels M       none, date (default) or type\n"
    "  --max-nodes N         draw at most N entities, the highest-ranked by\n"
    "                        --size-by or by degree (default 300; 0 = no limit)\n"
    "  --width W             SVG and PNG width in pixels\n"
    "  -h, --help            show this help\n"
    "\n" RG_SELECT_HELP
    "\n"
    "Examples:\n"
    "  relgraph render -o graph.svg\n"
    "  relgraph render --ego 'Hà Nội' --depth 2 --title 'Hà Nội' -o hanoi.png\n"
    "  relgraph render --types sister_city --layout geo --theme print -o twins.pdf\n";

typedef struct render_args {
    rg_render_opts opts;
    rg_selection sel;
    const char *output, *format, *theme;
    bool format_given;
} render_args;

enum {
    OPT_FORMAT = 0x4e00, OPT_LAYOUT, OPT_CLUSTER, OPT_SIZE_BY, OPT_THEME, OPT_TITLE,
    OPT_LEGEND, OPT_NO_LEGEND, OPT_LABELS, OPT_EDGE_LABELS, OPT_MAX_NODES, OPT_WIDTH
};

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"cluster", required_argument, NULL, OPT_CLUSTER},
    {"size-by", required_argument, NULL, OPT_SIZE_BY},
    {"theme", required_argument, NULL, OPT_THEME},
    {"title", required_argument, NULL, OPT_TITLE},
    {"legend", no_argument, NULL, OPT_LEGEND},
    {"no-legend", no_argument, NULL, OPT_NO_LEGEND},
    {"labels", required_argument, NULL, OPT_LABELS},
    {"edge-labels", required_argument, NULL, OPT_EDGE_LABELS},
    {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
    {"width", required_argument, NULL, OPT_WIDTH},
    RG_SELECT_LONG_OPTIONS,
    {0, 0, 0, 0}};

static bool parse_count(const char *s, long max, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > max)
        return false;
    *out = v;
    return true;
}

/* Parses argv into a; returns CLI_OK or prints a usage error. */
static int parse_args(cli_ctx *ctx, int argc, char **argv, render_args *a)
{
    rg_error err = {0};
    rg_status rc = RG_OK;
    long n;
    int c;

    render_opts_init(&a->opts);
    a->theme = "default";
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", long_opts, NULL)) != -1) {
        switch (c) {
        case 'o': a->output = optarg; break;
        case OPT_FORMAT: rc = render_parse_format(optarg, &a->opts.format, &err);
                         a->format_given = true; break;
        case OPT_LAYOUT: rc = render_parse_layout(optarg, &a->opts.layout, &err); break;
        case OPT_CLUSTER: rc = render_parse_cluster(optarg, &a->opts.cluster, &err); break;
        case OPT_SIZE_BY: a->opts.size_by = optarg; break;
        case OPT_THEME: a->theme = optarg; break;
        case OPT_TITLE: a->opts.title = optarg; break;
        case OPT_LEGEND: a->opts.legend = true; break;
        case OPT_NO_LEGEND: a->opts.legend = false; break;
        case OPT_LABELS: rc = render_parse_labels(optarg, &a->opts.labels, &err); break;
        case OPT_EDGE_LABELS:
            rc = render_parse_edge_labels(optarg, &a->opts.edge_labels, &err);
            break;
        case OPT_MAX_NODES:
            if (!parse_count(optarg, 1000000, &n))
                return cli_usage(ctx, CMD, "--max-nodes: '%s' is not a count (0 to 1000000)",
                                 optarg);
            a->opts.max_nodes = (size_t)n;
            break;
        case OPT_WIDTH:
            if (!parse_count(optarg, 100000, &n) || n < 16)
                return cli_usage(ctx, CMD, "--width: '%s' is not a width in pixels (16 to "
                                 "100000)", optarg);
            a->opts.width = (double)n;
            break;
        case ':':
            return cli_usage(ctx, CMD, "option '%s' needs a value", argv[optind - 1]);
        case '?':
            return cli_usage(ctx, CMD, "unknown option '%s'", argv[optind - 1]);
        default:
            if (select_is_option(c))
                rc = select_parse_option(&a->sel, c, optarg, &err);
            break;
        }
        if (rc != RG_OK)
            return cli_usage(ctx, CMD, "%s", err.msg);
    }
    if (optind < argc)
        return cli_usage(ctx, CMD, "unexpected argument '%s' (the selection is given with "
                         "--ego, --types, ...)", argv[optind]);
    if (!a->output)
        return cli_usage(ctx, CMD, "no output file: give -o FILE (or -o - with --format)");
    if (!a->format_given &&
        render_format_for_path(a->output, &a->opts.format, &err) != RG_OK)
        return cli_usage(ctx, CMD, "%s", err.msg);
    return CLI_OK;
}

/* Puts the evidence sentences of every link of g in place (store_get_link
 * per link: the selection is small where tooltips matter). */
static rg_status load_evidence(rg_store *st, rg_graph *g, rg_error *err)
{
    for (size_t k = 0; k < g->n_links; k++) {
        rg_link full = {0};
        rg_link *l = &g->links[k];
        rg_status rc;
        if (l->n_evidence == 0 || l->evidence)
            continue;
        rc = store_get_link(st, l->id, &full, err);
        if (rc != RG_OK)
            return rc;
        l->evidence = full.evidence;
        l->n_evidence = full.n_evidence;
        full.evidence = NULL;
        full.n_evidence = 0;
        rg_link_clear(&full);
    }
    return RG_OK;
}

/* Above this many entities in the selection, entity details come from a
 * second whole-graph load rather than one query per entity. */
#define DETAILS_MAX 20000

/* Puts aliases and attrs of every entity of g in place (store_get_entity,
 * an indexed lookup per entity). */
static rg_status load_details(rg_store *st, rg_graph *g, rg_error *err)
{
    for (size_t i = 0; i < g->n_entities; i++) {
        rg_entity full = {0};
        rg_entity *e = &g->entities[i];
        rg_strlist tmp;
        char *attrs;
        rg_status rc = store_get_entity(st, e->id, &full, err);
        if (rc != RG_OK)
            return rc;
        tmp = e->aliases;
        e->aliases = full.aliases;
        full.aliases = tmp;
        attrs = e->attrs;
        e->attrs = full.attrs;
        full.attrs = attrs;
        rg_entity_clear(&full);
    }
    return RG_OK;
}

/* Loads the selection: first the bare graph (ids, types, names, endpoints,
 * dates: what the selection needs, fast for a million links), cut it, then
 * fetch aliases, attrs and evidence only for what is left, so an ego
 * diagram of a million-link database does not read every alias and attr. */
static rg_status load_selection(rg_store *st, render_args *a, rg_graph *out, rg_error *err)
{
    rg_status rc = select_load(&a->sel, st, 0, out, err);

    if (rc == RG_OK && select_is_active(&a->sel))
        rc = select_filter(&a->sel, out, err);
    if (rc == RG_OK && out->n_entities > DETAILS_MAX) {
        rg_graph_free(out);
        rc = select_load(&a->sel, st, RG_LOAD_ALIASES | RG_LOAD_ATTRS, out, err);
        if (rc == RG_OK && select_is_active(&a->sel))
            rc = select_filter(&a->sel, out, err);
    } else if (rc == RG_OK) {
        rc = load_details(st, out, err);
    }
    if (rc == RG_OK && out->n_entities == 0)
        rc = rg_fail(err, RG_ERR_INVALID, "nothing to draw: %s",
                     select_is_active(&a->sel) ? "the selection is empty (loosen --types, "
                     "--as-of, --min-evidence ...)" : "the database has no entities yet");
    if (rc == RG_OK && out->n_links <= EVIDENCE_LINKS_MAX)
        rc = load_evidence(st, out, err);
    return rc;
}

static int run_render(cli_ctx *ctx, int argc, char **argv)
{
    render_args a;
    rg_theme theme = {0};
    rg_graph g = {0};
    rg_strlist notes = {0};
    rg_outfile of = {0};
    rg_store *st = NULL;
    rg_error err = {0};
    int status;

    memset(&a, 0, sizeof a);
    status = parse_args(ctx, argc, argv, &a);
    if (status != CLI_OK)
        goto done;
    if (theme_load(a.theme, &theme, &err) != RG_OK ||
        cli_load_pack(ctx, &err) != RG_OK ||
        select_check(&a.sel, &ctx->pack, &err) != RG_OK) {
        status = cli_fail(ctx, &err);
        goto done;
    }
    a.opts.theme = &theme;
    status = cli_open_store(ctx, RG_OPEN_READONLY, &st);
    if (status != CLI_OK)
        goto done;
    if (select_resolve(&a.sel, st, &err) != RG_OK ||
        load_selection(st, &a, &g, &err) != RG_OK ||
        outfile_open(&of, a.output, &err) != RG_OK) {
        status = cli_fail(ctx, &err);
        goto done;
    }
    if (render_write(&g, &ctx->pack, &a.opts, of.fp, &notes, &err) != RG_OK) {
        outfile_abort(&of);
        status = cli_fail(ctx, &err);
        goto done;
    }
    if (outfile_commit(&of, &err) != RG_OK) {
        status = cli_fail(ctx, &err);
        goto done;
    }
    for (size_t i = 0; i < notes.len; i++) {
        fputs("relgraph: render: ", ctx->err);
        cli_print_clean(ctx->err, notes.items[i], false);
        fputc('\n', ctx->err);
    }
    status = CLI_OK;
done:
    rg_strlist_free(&notes);
    rg_graph_free(&g);
    if (st)
        store_close(st);
    theme_free(&theme);
    select_free(&a.sel);
    return status;
}

const cli_command cli_cmd_render = {
    "render", run_render, "draw the graph or a selection as DOT, SVG, PNG or PDF (Graphviz)",
    help_text};
