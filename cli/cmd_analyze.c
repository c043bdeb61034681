/*
 * cmd_analyze.c - the analysis commands: `analyze` (centralities, k-cores,
 * components, cut points, communities), `path`, `neighbors` and `timeline`.
 *
 * Each loads the graph (ids, types, names, endpoints, dates and evidence
 * counts only: store_load_graph with no flags), narrows it with the shared
 * SELECTION options (graphs/select.h), builds the igraph analysis graph
 * (graphs/net.h) and prints a table for the terminal, or --json (jansson)
 * / --csv for scripts.  Entity names come from documents, so terminal output
 * passes them through cli_print_clean, and the name is the last column of
 * every table so that wide (Vietnamese, CJK) names cannot break alignment.
 * `analyze --save` writes results back as entity attributes in one
 * transaction; everything else opens the database read-only.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../graphs/net.h"
#include "../graphs/select.h"
#include "cli.h"

/* ---- shared pieces ------------------------------------------------------- */

/* What every analysis command parses besides its own options. */
typedef struct common_opts {
    rg_selection sel;
    bool directed;
    bool json;
    bool timings;               /* --timings: stage times on stderr */
} common_opts;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Stage stopwatch for --timings: lap() records the time since the last lap
 * under a name; report() prints them on one stderr line. */
typedef struct stopwatch {
    double last;
    const char *names[6];
    double secs[6];
    int n;
} stopwatch;

static void lap(stopwatch *w, const char *name)
{
    double t = now_s();
    if (w->n < 6 && w->last > 0) {
        w->names[w->n] = name;
        w->secs[w->n++] = t - w->last;
    }
    w->last = t;
}

static void report(cli_ctx *ctx, const common_opts *co, const stopwatch *w)
{
    double total = 0;
    if (!co->timings)
        return;
    fputs("timings:", ctx->err);
    for (int i = 0; i < w->n; i++) {
        fprintf(ctx->err, "%s %s %.3f s", i ? "," : "", w->names[i], w->secs[i]);
        total += w->secs[i];
    }
    fprintf(ctx->err, " (total %.3f s)\n", total);
}

enum { OPT_DIRECTED = 0x5e200, OPT_JSON, OPT_CSV, OPT_SAVE, OPT_SEED, OPT_CUTOFF, OPT_EXACT,
       OPT_COMPONENTS, OPT_CUT_POINTS, OPT_ALL, OPT_MAX, OPT_TOP, OPT_METRIC, OPT_COMMUNITIES,
       OPT_TIMINGS, OPT_TIME_LIMIT };

/* Handles the options every analysis command shares; returns 1 when c was
 * one, 0 when not, -1 after printing a usage error. */
static int common_option(cli_ctx *ctx, const char *cmd, common_opts *co, int c)
{
    rg_error err = {0};

    if (select_is_option(c)) {
        if (select_parse_option(&co->sel, c, optarg, &err) != RG_OK) {
            cli_usage(ctx, cmd, "%s", err.msg);
            return -1;
        }
        return 1;
    }
    if (c == OPT_DIRECTED) {
        co->directed = true;
        return 1;
    }
    if (c == OPT_JSON) {
        co->json = true;
        return 1;
    }
    if (c == OPT_TIMINGS) {
        co->timings = true;
        return 1;
    }
    return 0;
}

static bool parse_long(const char *arg, long min, long max, long *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* Opens the store, checks and resolves the selection, loads the graph with
 * flags and cuts it.  Prints the error and returns its exit code on failure
 * (then *st is closed and *g empty). */
static int load_selection(cli_ctx *ctx, common_opts *co, unsigned open_flags, unsigned flags,
                          rg_store **st, rg_graph *g)
{
    rg_error err = {0};
    int code;

    *st = NULL;
    code = cli_open_store(ctx, open_flags, st);
    if (code != CLI_OK)
        return code;
    if (select_check(&co->sel, &ctx->pack, &err) != RG_OK ||
        select_resolve(&co->sel, *st, &err) != RG_OK ||
        select_load(&co->sel, *st, flags, g, &err) != RG_OK ||
        select_filter(&co->sel, g, &err) != RG_OK) {
        code = cli_fail(ctx, &err);
        rg_graph_free(g);
        store_close(*st);
        *st = NULL;
        return code;
    }
    return CLI_OK;
}

/* load_selection for a path query: without a selection and ignoring
 * direction, only what the shortest paths between the two named entities
 * can go through (store_load_between), so a path in a million-link
 * database reads a few hundred; otherwise, or when that part is large
 * (they are far apart or not connected), the whole graph. */
static int load_for_path(cli_ctx *ctx, common_opts *co, const char *from, const char *to,
                         rg_store **st, rg_graph *g)
{
    rg_error err = {0};
    rg_id a, b;
    rg_status rc;
    int code;

    if (select_is_active(&co->sel) || co->directed)
        return load_selection(ctx, co, RG_OPEN_READONLY, RG_LOAD_DOCUMENTS, st, g);
    code = cli_open_store(ctx, RG_OPEN_READONLY, st);
    if (code != CLI_OK)
        return code;
    if (store_resolve_entity(*st, from, &a, &err) != RG_OK ||
        store_resolve_entity(*st, to, &b, &err) != RG_OK) {
        /* the full path reports unknown names with its own wording */
        store_close(*st);
        *st = NULL;
        return load_selection(ctx, co, RG_OPEN_READONLY, RG_LOAD_DOCUMENTS, st, g);
    }
    /* the shortest paths need the shape alone; print_hop reads the links
     * it shows */
    rc = store_load_between(*st, a, b, SELECT_BALL_MAX, RG_LOAD_DOCUMENTS | RG_LOAD_SHAPE, g, &err);
    if (rc == RG_ERR_LIMIT) {
        rg_error_clear(&err);
        rc = store_load_graph(*st, RG_LOAD_DOCUMENTS, g, &err);
    }
    if (rc != RG_OK) {
        code = cli_fail(ctx, &err);
        store_close(*st);
        *st = NULL;
        return code;
    }
    return CLI_OK;
}

/* Parses the options of a command that has no others than the shared ones
 * (selection, --json, ...).  CLI_OK, or CLI_USAGE after the message. */
static int parse_common_only(cli_ctx *ctx, const char *cmd, int argc, char **argv,
                             const struct option *longopts, common_opts *co)
{
    int c, k;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if ((k = common_option(ctx, cmd, co, c)) > 0)
            continue;
        if (k == 0)
            cli_usage(ctx, cmd, c == ':' ? "option '%s' needs a value" : "unknown option '%s'",
                      argv[optind - 1]);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* "the selection is empty" message, naming the selection. */
static int empty_selection(cli_ctx *ctx, const char *cmd, const common_opts *co)
{
    fprintf(ctx->err, "relgraph: %s: %s\n", cmd,
            select_is_active(&co->sel)
                ? "the selection is empty: no entity matches these options (try fewer)"
                : "the database holds no entities yet (add or ingest some first)");
    return CLI_RUNTIME;
}

static rg_status print_json(FILE *f, json_t *doc, rg_error *err)
{
    int bad = !doc || json_dumpf(doc, f, JSON_INDENT(2)) != 0 || fputc('\n', f) == EOF;
    json_decref(doc);
    return bad ? rg_fail(err, RG_ERR_IO, "cannot write the JSON output") : RG_OK;
}

static json_t *json_id(char prefix, rg_id id)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%c%lld", prefix, (long long)id);
    return json_string(buf);
}

static json_t *entity_ref(const rg_entity *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_id('e', e->id));
    json_object_set_new(o, "name", json_string(e->name));
    json_object_set_new(o, "type", json_string(e->type));
    return o;
}

/* The selection as JSON, so a script knows what it got. */
static json_t *selection_json(const common_opts *co, const rg_graph *g, const rg_net *net)
{
    json_t *o = json_object(), *t = json_array(), *et = json_array();
    const rg_selection *s = &co->sel;

    for (size_t i = 0; i < s->link_types.len; i++)
        json_array_append_new(t, json_string(s->link_types.items[i]));
    for (size_t i = 0; i < s->entity_types.len; i++)
        json_array_append_new(et, json_string(s->entity_types.items[i]));
    json_object_set_new(o, "types", t);
    json_object_set_new(o, "entity_types", et);
    json_object_set_new(o, "as_of", s->as_of[0] ? json_string(s->as_of) : json_null());
    json_object_set_new(o, "dated_only", json_boolean(s->dated_only));
    json_object_set_new(o, "min_evidence", json_integer(s->min_evidence));
    json_object_set_new(o, "ego", s->ego_id ? json_id('e', s->ego_id) : json_null());
    json_object_set_new(o, "entities", json_integer((json_int_t)g->n_entities));
    json_object_set_new(o, "links", json_integer((json_int_t)g->n_links));
    if (net)
        json_object_set_new(o, "edges", json_integer((json_int_t)net_edge_count(net)));
    json_object_set_new(o, "directed", json_boolean(co->directed));
    return o;
}

static void print_name(cli_ctx *ctx, const rg_entity *e)
{
    cli_print_clean(ctx->out, e->name, false);
}

/* ---- analyze ------------------------------------------------------------------- */

#define MAX_METRICS RG_METRIC_COUNT

typedef struct analyze_opts {
    common_opts co;
    rg_metric metrics[MAX_METRICS];
    size_t n_metrics;
    bool has_communities;
    rg_community_alg alg;
    long top;                   /* -1: default (10 for tables, all for json/csv) */
    bool csv, save, components, cut_points;
    unsigned long seed;
    double time_limit;          /* seconds for community detection; 0 = none */
    rg_metric_opts mopts;
} analyze_opts;

typedef struct ranked {
    double value;
    size_t v;
} ranked;

static int by_value_desc(const void *a, const void *b, void *ctx)
{
    const ranked *x = a, *y = b;
    const rg_graph *g = ctx;
    int c;

    if (x->value != y->value)
        return x->value < y->value ? 1 : -1;
    c = strcmp(g->entities[x->v].name, g->entities[y->v].name);
    if (c)
        return c;
    return (x->v > y->v) - (x->v < y->v);
}

/* Sorted order of the vertices by value (desc), and competition ranks
 * (1, 2, 2, 4) in rank[v]. */
static rg_status rank_values(const rg_graph *g, const double *values, ranked *order, long *rank)
{
    size_t n = g->n_entities;

    for (size_t v = 0; v < n; v++)
        order[v] = (ranked){values[v], v};
    qsort_r(order, n, sizeof *order, by_value_desc, (void *)g);
    for (size_t i = 0; i < n; i++)
        rank[order[i].v] = i > 0 && order[i].value == order[i - 1].value
                               ? rank[order[i - 1].v] : (long)i + 1;
    return RG_OK;
}

static bool integer_metric(rg_metric m)
{
    return m == RG_METRIC_DEGREE || m == RG_METRIC_IN_DEGREE || m == RG_METRIC_OUT_DEGREE ||
           m == RG_METRIC_CORENESS || m == RG_METRIC_COMPONENT;
}

static json_t *value_json(rg_metric m, double x)
{
    return integer_metric(m) ? json_integer((json_int_t)x) : json_real(x);
}

static void print_value(FILE *f, rg_metric m, double x)
{
    if (integer_metric(m))
        fprintf(f, "%12.0f", x);
    else if (m == RG_METRIC_BETWEENNESS || m == RG_METRIC_HARMONIC ||
             m == RG_METRIC_WEIGHTED_DEGREE)
        fprintf(f, "%12.3f", x);
    else
        fprintf(f, "%12.6f", x);
}

/* Results of one analyze run, kept together for the three output forms. */
typedef struct results {
    double *values[MAX_METRICS];
    long *ranks[MAX_METRICS];
    ranked *orders[MAX_METRICS];
    char notes[MAX_METRICS][200];
    long *comp;                 /* component of each vertex */
    size_t n_comp, *comp_sizes;
    long *comm;                 /* community of each vertex */
    size_t n_comm;
    double modularity;
    size_t *points, n_points, *bridges, n_bridges;
} results;

static void results_free(results *r, size_t n_metrics)
{
    for (size_t i = 0; i < n_metrics; i++) {
        free(r->values[i]);
        free(r->ranks[i]);
        free(r->orders[i]);
    }
    free(r->comp);
    free(r->comp_sizes);
    free(r->comm);
    free(r->points);
    free(r->bridges);
}

/* Communities, components and cut points ignore direction: a directed net
 * carries its undirected companion for them (net.h). */
static rg_status compute(const analyze_opts *o, const rg_net *net, results *r, rg_error *err)
{
    const rg_graph *g = net_graph(net);
    size_t n = g->n_entities;
    rg_status rc;

    for (size_t i = 0; i < o->n_metrics; i++) {
        r->values[i] = malloc((n + 1) * sizeof *r->values[i]);
        r->ranks[i] = malloc((n + 1) * sizeof *r->ranks[i]);
        r->orders[i] = malloc((n + 1) * sizeof *r->orders[i]);
        if (!r->values[i] || !r->ranks[i] || !r->orders[i])
            return rg_fail(err, RG_ERR_NOMEM, "analyze: out of memory");
        rc = net_metric(net, o->metrics[i], &o->mopts, o->seed, r->values[i], r->notes[i],
                        sizeof r->notes[i], err);
        if (rc != RG_OK)
            return rc;
        rank_values(g, r->values[i], r->orders[i], r->ranks[i]);
    }
    if (o->components) {
        r->comp = malloc((n + 1) * sizeof *r->comp);
        if (!r->comp)
            return rg_fail(err, RG_ERR_NOMEM, "analyze: out of memory");
        if ((rc = net_components(net, r->comp, &r->n_comp, &r->comp_sizes, err)) != RG_OK)
            return rc;
    }
    if (o->cut_points &&
        (rc = net_cut_points(net, &r->points, &r->n_points, &r->bridges, &r->n_bridges, err)) != RG_OK)
        return rc;
    if (o->has_communities) {
        r->comm = malloc((n + 1) * sizeof *r->comm);
        if (!r->comm)
            return rg_fail(err, RG_ERR_NOMEM, "analyze: out of memory");
        rc = net_communities(net, o->alg, o->seed, o->time_limit, r->comm,
                             &r->n_comm, &r->modularity, err);
        if (rc != RG_OK)
            return rc;
    }
    return RG_OK;
}

/* Vertices of group k of membership, in entity order (up to max; 0 = all). */
static void print_members(cli_ctx *ctx, const rg_graph *g, const long *memb, long k, size_t size,
                          size_t max)
{
    size_t shown = 0;

    for (size_t v = 0; v < g->n_entities && (max == 0 || shown < max); v++)
        if (memb[v] == k) {
            fputs(shown++ ? ", " : "    ", ctx->out);
            print_name(ctx, &g->entities[v]);
        }
    if (max && size > shown)
        fprintf(ctx->out, " ... and %zu more", size - shown);
    fputc('\n', ctx->out);
}

static void print_tables(cli_ctx *ctx, const analyze_opts *o, const rg_graph *g,
                         const rg_net *net, const results *r)
{
    size_t n = g->n_entities, top = o->top < 0 ? 10 : (size_t)o->top;

    if (top == 0 || top > n)
        top = n;
    fprintf(ctx->out, "graph: %zu entities, %zu links (%zu distinct pairs), %s\n", n, g->n_links,
            net_edge_count(net), o->co.directed ? "directed" : "undirected");
    for (size_t i = 0; i < o->n_metrics; i++) {
        rg_metric m = o->metrics[i];
        fprintf(ctx->out, "\n%s (top %zu of %zu)\n", net_metric_name(m), top, n);
        if (r->notes[i][0])
            fprintf(ctx->out, "note: %s\n", r->notes[i]);
        fprintf(ctx->out, "%5s %12s  %-8s %s\n", "rank", "value", "type", "entity");
        for (size_t k = 0; k < top; k++) {
            size_t v = r->orders[i][k].v;
            fprintf(ctx->out, "%5ld ", r->ranks[i][v]);
            print_value(ctx->out, m, r->values[i][v]);
            fprintf(ctx->out, "  %-8s ", g->entities[v].type);
            print_name(ctx, &g->entities[v]);
            fputc('\n', ctx->out);
        }
    }
    if (o->components) {
        size_t shown = r->n_comp < top ? r->n_comp : top;
        fprintf(ctx->out, "\ncomponents: %zu; the largest has %zu of %zu entities (%.1f%%)\n",
                r->n_comp, r->n_comp ? r->comp_sizes[0] : 0, n,
                n ? 100.0 * (double)(r->n_comp ? r->comp_sizes[0] : 0) / (double)n : 0.0);
        for (size_t k = 0; k < shown; k++) {
            fprintf(ctx->out, "component %zu: %zu entit%s\n", k + 1, r->comp_sizes[k],
                    r->comp_sizes[k] == 1 ? "y" : "ies");
            print_members(ctx, g, r->comp, (long)k, r->comp_sizes[k], 12);
        }
        if (shown < r->n_comp)
            fprintf(ctx->out, "... %zu smaller components (--top 0 lists all)\n", r->n_comp - shown);
    }
    if (o->cut_points) {
        fprintf(ctx->out, "\narticulation points: %zu (removing one disconnects the network)\n",
                r->n_points);
        for (size_t k = 0; k < r->n_points && k < top; k++) {
            fputs("  ", ctx->out);
            print_name(ctx, &g->entities[r->points[k]]);
            fprintf(ctx->out, " (%s)\n", g->entities[r->points[k]].type);
        }
        if (r->n_points > top)
            fprintf(ctx->out, "  ... and %zu more\n", r->n_points - top);
        fprintf(ctx->out, "bridges: %zu (pairs whose links are the only way between two parts)\n",
                r->n_bridges);
        for (size_t k = 0; k < r->n_bridges && k < top; k++) {
            fputs("  ", ctx->out);
            print_name(ctx, &g->entities[r->bridges[2 * k]]);
            fputs(" -- ", ctx->out);
            print_name(ctx, &g->entities[r->bridges[2 * k + 1]]);
            fputc('\n', ctx->out);
        }
        if (r->n_bridges > top)
            fprintf(ctx->out, "  ... and %zu more\n", r->n_bridges - top);
    }
    if (o->has_communities) {
        size_t *size = calloc(r->n_comm + 1, sizeof *size);
        size_t shown = r->n_comm < top ? r->n_comm : top;
        for (size_t v = 0; size && v < n; v++)
            size[r->comm[v]]++;
        fprintf(ctx->out, "\ncommunities (%s, seed %lu): %zu, modularity ", net_community_name(o->alg),
                o->seed, r->n_comm);
        if (isnan(r->modularity))
            fputs("undefined (no links)\n", ctx->out);
        else
            fprintf(ctx->out, "%.6f\n", r->modularity);
        for (size_t k = 0; size && k < shown; k++) {
            fprintf(ctx->out, "community %zu: %zu entit%s\n", k + 1, size[k], size[k] == 1 ? "y" : "ies");
            print_members(ctx, g, r->comm, (long)k, size[k], 30);
        }
        if (shown < r->n_comm)
            fprintf(ctx->out, "... %zu smaller communities (--top 0 lists all; --json has every member)\n",
                    r->n_comm - shown);
        free(size);
    }
}

static json_t *analyze_json(const analyze_opts *o, const rg_graph *g, const rg_net *net,
                            const results *r)
{
    json_t *doc = json_object(), *metrics = json_object();
    size_t n = g->n_entities, top = o->top <= 0 || (size_t)o->top > n ? n : (size_t)o->top;

    json_object_set_new(doc, "selection", selection_json(&o->co, g, net));
    for (size_t i = 0; i < o->n_metrics; i++) {
        json_t *m = json_object(), *rows = json_array();
        for (size_t k = 0; k < top; k++) {
            size_t v = r->orders[i][k].v;
            json_t *row = entity_ref(&g->entities[v]);
            json_object_set_new(row, "value", value_json(o->metrics[i], r->values[i][v]));
            json_object_set_new(row, "rank", json_integer(r->ranks[i][v]));
            json_array_append_new(rows, row);
        }
        json_object_set_new(m, "note", r->notes[i][0] ? json_string(r->notes[i]) : json_null());
        json_object_set_new(m, "values", rows);
        json_object_set_new(metrics, net_metric_name(o->metrics[i]), m);
    }
    json_object_set_new(doc, "metrics", metrics);
    if (o->components) {
        json_t *c = json_array();
        for (size_t k = 0; k < r->n_comp; k++) {
            json_t *one = json_object(), *mem = json_array();
            for (size_t v = 0; v < n; v++)
                if (r->comp[v] == (long)k)
                    json_array_append_new(mem, json_id('e', g->entities[v].id));
            json_object_set_new(one, "size", json_integer((json_int_t)r->comp_sizes[k]));
            json_object_set_new(one, "members", mem);
            json_array_append_new(c, one);
        }
        json_object_set_new(doc, "components", c);
    }
    if (o->cut_points) {
        json_t *p = json_array(), *b = json_array();
        for (size_t k = 0; k < r->n_points; k++)
            json_array_append_new(p, entity_ref(&g->entities[r->points[k]]));
        for (size_t k = 0; k < r->n_bridges; k++)
            json_array_append_new(b, json_pack("[oo]", entity_ref(&g->entities[r->bridges[2 * k]]),
                                               entity_ref(&g->entities[r->bridges[2 * k + 1]])));
        json_object_set_new(doc, "articulation_points", p);
        json_object_set_new(doc, "bridges", b);
    }
    if (o->has_communities) {
        json_t *c = json_object(), *list = json_array();
        json_t **members = calloc(r->n_comm + 1, sizeof *members);
        for (size_t k = 0; members && k < r->n_comm; k++)
            members[k] = json_array();
        for (size_t v = 0; members && v < n; v++)
            json_array_append_new(members[r->comm[v]], json_id('e', g->entities[v].id));
        for (size_t k = 0; members && k < r->n_comm; k++)
            json_array_append_new(list, json_pack("{sIso}", "size",
                                                  (json_int_t)json_array_size(members[k]),
                                                  "members", members[k]));
        free(members);
        json_object_set_new(c, "algorithm", json_string(net_community_name(o->alg)));
        json_object_set_new(c, "seed", json_integer((json_int_t)o->seed));
        json_object_set_new(c, "modularity", isnan(r->modularity) ? json_null()
                                                                  : json_real(r->modularity));
        json_object_set_new(c, "communities", list);
        json_object_set_new(doc, "communities", c);
    }
    return doc;
}

/* RFC 4180 field: quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void print_csv(cli_ctx *ctx, const analyze_opts *o, const rg_graph *g, const results *r)
{
    size_t n = g->n_entities, top = o->top <= 0 || (size_t)o->top > n ? n : (size_t)o->top;
    FILE *f = ctx->out;

    fputs("id,name,type", f);
    for (size_t i = 0; i < o->n_metrics; i++)
        fprintf(f, ",%s,%s_rank", net_metric_name(o->metrics[i]), net_metric_name(o->metrics[i]));
    if (o->components)
        fputs(",component", f);
    if (o->has_communities)
        fprintf(f, ",community_%s", net_community_name(o->alg));
    fputc('\n', f);
    for (size_t k = 0; k < top; k++) {
        size_t v = o->n_metrics ? r->orders[0][k].v : k;
        const rg_entity *e = &g->entities[v];
        fprintf(f, "e%lld,", (long long)e->id);
        csv_field(f, e->name);
        fprintf(f, ",%s", e->type);
        for (size_t i = 0; i < o->n_metrics; i++)
            fprintf(f, integer_metric(o->metrics[i]) ? ",%.0f,%ld" : ",%.17g,%ld",
                    r->values[i][v], r->ranks[i][v]);
        if (o->components)
            fprintf(f, ",%ld", r->comp[v] + 1);
        if (o->has_communities)
            fprintf(f, ",%ld", r->comm[v] + 1);
        fputc('\n', f);
    }
}

/* Writes every result as entity attributes in one transaction. */
static rg_status save_results(rg_store *st, const analyze_opts *o, const rg_graph *g,
                              const results *r, rg_error *err)
{
    char key[64];
    rg_status rc;

    if ((rc = store_begin(st, err)) != RG_OK)
        return rc;
    for (size_t v = 0; v < g->n_entities; v++) {
        rg_id id = g->entities[v].id;
        for (size_t i = 0; i < o->n_metrics; i++) {
            json_t *val = value_json(o->metrics[i], r->values[i][v]);
            rc = store_set_entity_attr(st, id, net_metric_name(o->metrics[i]), val, err);
            json_decref(val);
            if (rc != RG_OK)
                goto fail;
        }
        if (o->components) {
            json_t *val = json_integer(r->comp[v] + 1);
            rc = store_set_entity_attr(st, id, "component", val, err);
            json_decref(val);
            if (rc != RG_OK)
                goto fail;
        }
        if (o->has_communities) {
            json_t *val = json_integer(r->comm[v] + 1);
            snprintf(key, sizeof key, "community_%s", net_community_name(o->alg));
            rc = store_set_entity_attr(st, id, key, val, err);
            json_decref(val);
            if (rc != RG_OK)
                goto fail;
        }
    }
    return store_commit(st, err);
fail:
    store_rollback(st);
    return rc;
}

static int parse_analyze(cli_ctx *ctx, int argc, char **argv, analyze_opts *o)
{
    static const struct option longopts[] = {
        {"metric", required_argument, NULL, OPT_METRIC},
        {"communities", required_argument, NULL, OPT_COMMUNITIES},
        {"top", required_argument, NULL, OPT_TOP},
        {"json", no_argument, NULL, OPT_JSON},
        {"timings", no_argument, NULL, OPT_TIMINGS},
        {"csv", no_argument, NULL, OPT_CSV},
        {"save", no_argument, NULL, OPT_SAVE},
        {"directed", no_argument, NULL, OPT_DIRECTED},
        {"seed", required_argument, NULL, OPT_SEED},
        {"cutoff", required_argument, NULL, OPT_CUTOFF},
        {"exact", no_argument, NULL, OPT_EXACT},
        {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
        {"components", no_argument, NULL, OPT_COMPONENTS},
        {"cut-points", no_argument, NULL, OPT_CUT_POINTS},
        RG_SELECT_LONG_OPTIONS,
        {NULL, 0, NULL, 0}};
    rg_error err = {0};
    int c, k;
    long v;

    o->top = -1;
    o->seed = 1;
    o->time_limit = 60;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if ((k = common_option(ctx, "analyze", &o->co, c)) != 0) {
            if (k < 0)
                return CLI_USAGE;
            continue;
        }
        switch (c) {
        case OPT_METRIC: {
            rg_strlist names = {0};
            if (cli_split_list(optarg, &names) != RG_OK || names.len == 0) {
                rg_strlist_free(&names);
                return cli_usage(ctx, "analyze", "--metric: '%s' names no metric", optarg);
            }
            for (size_t i = 0; i < names.len; i++) {
                rg_metric m;
                bool dup = false;
                if (net_metric_parse(names.items[i], &m, &err) != RG_OK) {
                    rg_strlist_free(&names);
                    return cli_usage(ctx, "analyze", "--metric: %s", err.msg);
                }
                for (size_t j = 0; j < o->n_metrics; j++)
                    dup = dup || o->metrics[j] == m;
                if (!dup)
                    o->metrics[o->n_metrics++] = m;
            }
            rg_strlist_free(&names);
            break;
        }
        case OPT_COMMUNITIES:
            if (net_community_parse(optarg, &o->alg, &err) != RG_OK)
                return cli_usage(ctx, "analyze", "--communities: %s", err.msg);
            o->has_communities = true;
            break;
        case OPT_TOP:
            if (!parse_long(optarg, 0, 1000000000L, &o->top))
                return cli_usage(ctx, "analyze", "--top: '%s' is not a whole number (0 = all)", optarg);
            break;
        case OPT_CSV:
            o->csv = true;
            break;
        case OPT_SAVE:
            o->save = true;
            break;
        case OPT_SEED:
            if (!parse_long(optarg, 0, 2147483647L, &v))
                return cli_usage(ctx, "analyze", "--seed: '%s' is not a whole number", optarg);
            o->seed = (unsigned long)v;
            break;
        case OPT_CUTOFF:
            if (!parse_long(optarg, 1, 1000000, &v))
                return cli_usage(ctx, "analyze", "--cutoff: '%s' is not a path length of 1 or more",
                                 optarg);
            o->mopts.cutoff = (double)v;
            break;
        case OPT_EXACT:
            o->mopts.exact = true;
            break;
        case OPT_TIME_LIMIT:
            if (!parse_long(optarg, 0, 86400 * 7, &v))
                return cli_usage(ctx, "analyze", "--time-limit: '%s' is not a number of seconds "
                                 "(0 = none)", optarg);
            o->time_limit = (double)v;
            break;
        case OPT_COMPONENTS:
            o->components = true;
            break;
        case OPT_CUT_POINTS:
            o->cut_points = true;
            break;
        case ':':
            return cli_usage(ctx, "analyze", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage(ctx, "analyze", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage(ctx, "analyze", "unexpected argument '%s'", argv[optind]);
    if (o->csv && o->co.json)
        return cli_usage(ctx, "analyze", "--json and --csv exclude each other");
    if (o->n_metrics == 0 && !o->has_communities && !o->components && !o->cut_points) {
        o->metrics[o->n_metrics++] = RG_METRIC_DEGREE;
        o->metrics[o->n_metrics++] = RG_METRIC_PAGERANK;
        o->components = true;
    }
    return CLI_OK;
}

static int run_analyze(cli_ctx *ctx, int argc, char **argv)
{
    analyze_opts o = {0};
    rg_store *st = NULL;
    rg_graph g = {0};
    rg_net *net = NULL;
    results r = {0};
    rg_error err = {0};
    stopwatch w = {0};
    int code;

    lap(&w, "");
    code = parse_analyze(ctx, argc, argv, &o);
    if (code != CLI_OK)
        goto out;
    code = load_selection(ctx, &o.co, o.save ? 0 : RG_OPEN_READONLY, 0, &st, &g);
    if (code != CLI_OK)
        goto out;
    lap(&w, "load");
    if (g.n_entities == 0) {
        code = empty_selection(ctx, "analyze", &o.co);
        goto out;
    }
    if (net_build(&g, &ctx->pack, o.co.directed, &net, &err) != RG_OK)
        goto fail;
    lap(&w, "build");
    if (compute(&o, net, &r, &err) != RG_OK)
        goto fail;
    lap(&w, "compute");
    if (o.save && save_results(st, &o, &g, &r, &err) != RG_OK)
        goto fail;
    if (o.save)
        lap(&w, "save");
    if (o.co.json) {
        if (print_json(ctx->out, analyze_json(&o, &g, net, &r), &err) != RG_OK)
            goto fail;
    } else if (o.csv) {
        print_csv(ctx, &o, &g, &r);
    } else {
        print_tables(ctx, &o, &g, net, &r);
        if (o.save)
            fprintf(ctx->out, "\nsaved as attributes of %zu entities\n", g.n_entities);
    }
    lap(&w, "output");
    report(ctx, &o.co, &w);
    code = CLI_OK;
    goto out;
fail:
    code = cli_fail(ctx, &err);
out:
    results_free(&r, o.n_metrics);
    net_free(net);
    rg_graph_free(&g);
    if (st)
        store_close(st);
    select_free(&o.co.sel);
    return code;
}

const cli_command cli_cmd_analyze = {
    "analyze", run_analyze, "centrality, k-cores, components, cut points and communities",
    "usage: relgraph analyze [--metric M,...]... [--communities ALG] [--components]\n"
    "                        [--cut-points] [--top N] [--json|--csv] [--save]\n"
    "                        [--directed] [--seed N] [--time-limit S]\n"
    "                        [--cutoff N | --exact] [--timings]\n"
    "                        [SELECTION]\n"
    "\n"
    "Analyses the graph (or the selected part of it) with igraph.  Without\n"
    "options: --metric degree,pagerank --components.\n"
    "\n"
    "  --metric M,...     one or more of: degree, in-degree, out-degree,\n"
    "                     weighted-degree (evidence sentences), betweenness,\n"
    "                     closeness, harmonic, pagerank, eigenvector, coreness,\n"
    "                     component\n"
    "  --communities ALG  leiden (modularity), louvain, walktrap or\n"
    "                     label-propagation; prints members and the modularity\n"
    "  --components       connected components (ignoring direction)\n"
    "  --cut-points       articulation points and bridges\n"
    "  --top N            rows per table (default 10; 0 = all; --json/--csv: all)\n"
    "  --json, --csv      output for scripts\n"
    "  --save             store the results as entity attributes (one transaction)\n"
    "  --directed         follow link direction (symmetric types count both ways)\n"
    "  --seed N           seed for the randomised algorithms (default 1)\n"
    "  --time-limit S     stop Louvain after S seconds (default 60; 0 = none):\n"
    "                     it can take minutes on graphs without community\n"
    "                     structure\n"
    "  --cutoff N         betweenness/closeness/harmonic over paths of at most N\n"
    "                     links (needed on large graphs; announced in the output)\n"
    "  --exact            compute them exactly however long it takes\n"
    "  --timings          print the time of each stage (load, build, ...) on stderr\n"
    "\n" RG_SELECT_HELP};

/* ---- path ---------------------------------------------------------------------- */

/* The evidence line of a hop: first sentence and its document. */
static void print_hop(cli_ctx *ctx, rg_store *st, const rg_graph *g, const rg_net *net,
                      size_t u, size_t v, json_t *jhops)
{
    size_t n, pick;
    const size_t *links = net_edge_links(net, u, v, &n);
    rg_link full = {0};
    rg_error err = {0};
    const rg_link *l;
    bool have_full;
    const rg_evidence *ev = NULL;
    const rg_document *doc = NULL;

    if (n == 0)
        return;
    pick = links[0];
    /* the graph may hold the links' shape alone (RG_LOAD_SHAPE): a hop
     * shows the stored link, read whole */
    have_full = store_get_link(st, g->links[pick].id, &full, &err) == RG_OK;
    l = have_full ? &full : &g->links[pick];
    if (have_full && full.evidence && full.n_evidence > 0) {
        ev = &full.evidence[0];
        doc = ev->doc ? rg_graph_document(g, ev->doc) : NULL;
    }
    if (jhops) {
        json_t *hop = json_object(), *others = json_array();
        json_object_set_new(hop, "from", entity_ref(&g->entities[u]));
        json_object_set_new(hop, "to", entity_ref(&g->entities[v]));
        json_object_set_new(hop, "link", json_id('l', l->id));
        json_object_set_new(hop, "type", json_string(l->type));
        json_object_set_new(hop, "date", l->date[0] ? json_string(l->date) : json_null());
        json_object_set_new(hop, "evidence", ev ? json_pack("{sssosI}", "text", ev->text ? ev->text : "",
                                                            "doc", doc ? json_string(doc->name) : json_null(),
                                                            "evidence_count", (json_int_t)l->n_evidence)
                                                : json_null());
        for (size_t k = 1; k < n; k++)
            json_array_append_new(others, json_id('l', g->links[links[k]].id));
        json_object_set_new(hop, "other_links", others);
        json_array_append_new(jhops, hop);
    } else {
        const rg_link_type *lt = pack_link_type(&ctx->pack, l->type);
        bool forward = l->source == g->entities[u].id;
        char when[RG_DATE_MAX + 3] = "";
        if (l->date[0])
            snprintf(when, sizeof when, " (%s)", l->date);
        fputs("  ", ctx->out);
        print_name(ctx, &g->entities[u]);
        if (lt && lt->symmetric)
            fprintf(ctx->out, " --%s%s-- ", l->type, when);
        else
            fprintf(ctx->out, forward ? " --%s%s--> " : " <--%s%s-- ", l->type, when);
        print_name(ctx, &g->entities[v]);
        if (n > 1)
            fprintf(ctx->out, "  (+%zu more link%s)", n - 1, n > 2 ? "s" : "");
        fputc('\n', ctx->out);
        if (ev) {
            fputs("      \"", ctx->out);
            cli_print_clean(ctx->out, ev->text ? ev->text : "", false);
            fputs("\"", ctx->out);
            if (doc) {
                fputs(" [", ctx->out);
                cli_print_clean(ctx->out, doc->name, false);
                fputc(']', ctx->out);
            }
            fputc('\n', ctx->out);
        } else {
            fputs("      (no evidence sentence recorded)\n", ctx->out);
        }
    }
    rg_link_clear(&full);
}

static int resolve_in(cli_ctx *ctx, const char *cmd, rg_store *st, const rg_net *net,
                      const char *text, size_t *out)
{
    rg_error err = {0};
    rg_id id;
    long v;

    if (store_resolve_entity(st, text, &id, &err) != RG_OK)
        return cli_fail(ctx, &err);
    v = net_vertex_of(net, id);
    if (v < 0) {
        fprintf(ctx->err, "relgraph: %s: '%s' is outside the selection (drop or widen the "
                          "selection options)\n", cmd, text);
        return CLI_RUNTIME;
    }
    *out = (size_t)v;
    return CLI_OK;
}

static int run_path(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"all", no_argument, NULL, OPT_ALL},
        {"max", required_argument, NULL, OPT_MAX},
        {"json", no_argument, NULL, OPT_JSON},
        {"timings", no_argument, NULL, OPT_TIMINGS},
        {"directed", no_argument, NULL, OPT_DIRECTED},
        RG_SELECT_LONG_OPTIONS,
        {NULL, 0, NULL, 0}};
    common_opts co = {0};
    bool all = false, truncated = false;
    long max = 20;
    rg_store *st = NULL;
    rg_graph g = {0};
    rg_net *net = NULL;
    rg_paths paths = {0};
    rg_error err = {0};
    size_t from, to;
    stopwatch w = {0};
    int c, k, code;

    lap(&w, "");
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if ((k = common_option(ctx, "path", &co, c)) != 0) {
            if (k < 0) {
                code = CLI_USAGE;
                goto out;
            }
            continue;
        }
        if (c == OPT_ALL) {
            all = true;
        } else if (c == OPT_MAX) {
            if (!parse_long(optarg, 1, 1000000, &max)) {
                code = cli_usage(ctx, "path", "--max: '%s' is not a whole number of 1 or more", optarg);
                goto out;
            }
        } else {
            code = cli_usage(ctx, "path", c == ':' ? "option '%s' needs a value" : "unknown option '%s'",
                             argv[optind - 1]);
            goto out;
        }
    }
    if (argc - optind != 2) {
        code = cli_usage(ctx, "path", "give two entities, FROM and TO");
        goto out;
    }
    code = load_for_path(ctx, &co, argv[optind], argv[optind + 1], &st, &g);
    if (code != CLI_OK)
        goto out;
    lap(&w, "load");
    if (net_build(&g, &ctx->pack, co.directed, &net, &err) != RG_OK) {
        code = cli_fail(ctx, &err);
        goto out;
    }
    lap(&w, "build");
    if ((code = resolve_in(ctx, "path", st, net, argv[optind], &from)) != CLI_OK ||
        (code = resolve_in(ctx, "path", st, net, argv[optind + 1], &to)) != CLI_OK)
        goto out;
    if (net_shortest_paths(net, from, to, all, (size_t)max, &paths, &truncated, &err) != RG_OK) {
        code = cli_fail(ctx, &err);
        goto out;
    }
    lap(&w, "query");
    if (co.json) {
        json_t *doc = json_object(), *list = json_array();
        json_object_set_new(doc, "selection", selection_json(&co, &g, net));
        json_object_set_new(doc, "from", entity_ref(&g.entities[from]));
        json_object_set_new(doc, "to", entity_ref(&g.entities[to]));
        json_object_set_new(doc, "length", paths.n ? json_integer((json_int_t)paths.items[0].len - 1)
                                                   : json_null());
        for (size_t p = 0; p < paths.n; p++) {
            json_t *hops = json_array();
            for (size_t h = 0; h + 1 < paths.items[p].len; h++)
                print_hop(ctx, st, &g, net, paths.items[p].v[h], paths.items[p].v[h + 1], hops);
            json_array_append_new(list, hops);
        }
        json_object_set_new(doc, "paths", list);
        json_object_set_new(doc, "truncated", json_boolean(truncated));
        if (print_json(ctx->out, doc, &err) != RG_OK) {
            code = cli_fail(ctx, &err);
            goto out;
        }
    } else if (paths.n == 0) {
        fputs("no path: ", ctx->out);
        print_name(ctx, &g.entities[from]);
        fputs(co.directed ? " does not reach " : " and ", ctx->out);
        print_name(ctx, &g.entities[to]);
        fprintf(ctx->out, "%s%s\n", co.directed ? " along link directions" : " are not connected",
                select_is_active(&co.sel) ? " in this selection" : "");
    } else if (from == to) {
        print_name(ctx, &g.entities[from]);
        fputs(": the same entity (path of length 0)\n", ctx->out);
    } else {
        for (size_t p = 0; p < paths.n; p++) {
            if (paths.n > 1)
                fprintf(ctx->out, "%spath %zu of %zu%s:\n", p ? "\n" : "", p + 1, paths.n,
                        truncated ? "+" : "");
            else {
                print_name(ctx, &g.entities[from]);
                fputs(" -> ", ctx->out);
                print_name(ctx, &g.entities[to]);
                fprintf(ctx->out, ": %zu link%s\n", paths.items[p].len - 1,
                        paths.items[p].len == 2 ? "" : "s");
            }
            for (size_t h = 0; h + 1 < paths.items[p].len; h++)
                print_hop(ctx, st, &g, net, paths.items[p].v[h], paths.items[p].v[h + 1], NULL);
        }
        if (truncated)
            fprintf(ctx->out, "(more shortest paths exist; --max %ld shows up to %ld)\n", max, max);
    }
    lap(&w, "output");
    report(ctx, &co, &w);
    code = CLI_OK;
out:
    net_paths_free(&paths);
    net_free(net);
    rg_graph_free(&g);
    if (st)
        store_close(st);
    select_free(&co.sel);
    return code;
}

const cli_command cli_cmd_path = {
    "path", run_path, "shortest paths between two entities, with evidence",
    "usage: relgraph path FROM TO [--all [--max N]] [--directed] [--json] [--timings]\n"
    "                     [SELECTION]\n"
    "\n"
    "Prints a shortest path (fewest links) from FROM to TO: each hop with its\n"
    "link type, date and one evidence sentence with its document.  \"No path\"\n"
    "is an answer (exit 0).  FROM and TO are names, aliases or ids (e12).\n"
    "\n"
    "  --all        every shortest path (sorted), up to --max (default 20)\n"
    "  --directed   follow link direction (symmetric types go both ways)\n"
    "  --json       output for scripts\n"
    "  --timings    print the time of each stage on stderr\n"
    "\n" RG_SELECT_HELP};

/* ---- neighbors ------------------------------------------------------------------ */

typedef struct near {
    long dist;
    size_t v;
} near;

static int by_dist_then_name(const void *a, const void *b, void *ctx)
{
    const near *x = a, *y = b;
    const rg_graph *g = ctx;
    int c;
    if (x->dist != y->dist)
        return (x->dist > y->dist) - (x->dist < y->dist);
    c = strcmp(g->entities[x->v].name, g->entities[y->v].name);
    return c ? c : (x->v > y->v) - (x->v < y->v);
}

/* Link types joining v to any vertex one step nearer the ego, "a,b". */
static void via_types(const rg_graph *g, const rg_net *net, const long *dist, size_t v,
                      rg_strlist *out)
{
    for (size_t u = 0; u < g->n_entities; u++) {
        size_t n;
        const size_t *links;
        if (dist[u] < 0 || dist[u] != dist[v] - 1)
            continue;
        links = net_edge_links(net, u, v, &n);
        for (size_t k = 0; k < n; k++)
            rg_strlist_push_unique(out, g->links[links[k]].type);
    }
    rg_strlist_sort(out);
}

static int run_neighbors(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"timings", no_argument, NULL, OPT_TIMINGS},
        RG_SELECT_LONG_OPTIONS,
        {NULL, 0, NULL, 0}};
    common_opts co = {0};
    rg_store *st = NULL;
    rg_graph g = {0};
    rg_net *net = NULL;
    rg_error err = {0};
    long *dist = NULL;
    near *order = NULL;
    size_t ego, n_near = 0;
    int code, depth;

    if ((code = parse_common_only(ctx, "neighbors", argc, argv, longopts, &co)) != CLI_OK)
        goto out;
    if (argc - optind != 1) {
        code = cli_usage(ctx, "neighbors", "give one entity");
        goto out;
    }
    if (co.sel.ego) {
        code = cli_usage(ctx, "neighbors", "ENTITY is the ego already; drop --ego");
        goto out;
    }
    if (select_parse_option(&co.sel, RG_SELOPT_EGO, argv[optind], &err) != RG_OK) {
        code = cli_usage(ctx, "neighbors", "%s", err.msg);
        goto out;
    }
    depth = co.sel.depth == 0 ? 1 : co.sel.depth < 0 ? 0 : co.sel.depth;
    code = load_selection(ctx, &co, RG_OPEN_READONLY, 0, &st, &g);
    if (code != CLI_OK)
        goto out;
    if (net_build(&g, &ctx->pack, false, &net, &err) != RG_OK)
        goto fail;
    ego = (size_t)net_vertex_of(net, co.sel.ego_id);
    dist = malloc((g.n_entities + 1) * sizeof *dist);
    order = malloc((g.n_entities + 1) * sizeof *order);
    if (!dist || !order) {
        rg_fail(&err, RG_ERR_NOMEM, "neighbors: out of memory");
        goto fail;
    }
    if (net_ego_distances(net, ego, depth, dist, &err) != RG_OK)
        goto fail;
    for (size_t v = 0; v < g.n_entities; v++)
        if (dist[v] > 0)
            order[n_near++] = (near){dist[v], v};
    qsort_r(order, n_near, sizeof *order, by_dist_then_name, &g);
    {
        double *deg = malloc((g.n_entities + 1) * sizeof *deg);
        rg_metric_opts mo = {0};
        json_t *doc = NULL, *rows = NULL;
        if (!deg || net_metric(net, RG_METRIC_DEGREE, &mo, 1, deg, NULL, 0, &err) != RG_OK) {
            free(deg);
            if (!deg)
                rg_fail(&err, RG_ERR_NOMEM, "neighbors: out of memory");
            goto fail;
        }
        if (co.json) {
            doc = json_object();
            rows = json_array();
            json_object_set_new(doc, "selection", selection_json(&co, &g, net));
            json_object_set_new(doc, "ego", entity_ref(&g.entities[ego]));
            json_object_set_new(doc, "depth", json_integer(depth));
        } else {
            print_name(ctx, &g.entities[ego]);
            fprintf(ctx->out, " (%s): %zu entit%s within %d link%s\n", g.entities[ego].type, n_near,
                    n_near == 1 ? "y" : "ies", depth, depth == 1 ? "" : "s");
            if (n_near)
                fprintf(ctx->out, "%4s %6s  %-8s %-24s %s\n", "dist", "degree", "type", "via", "entity");
        }
        for (size_t i = 0; i < n_near; i++) {
            size_t v = order[i].v;
            rg_strlist via = {0};
            via_types(&g, net, dist, v, &via);
            if (co.json) {
                json_t *row = entity_ref(&g.entities[v]), *jv = json_array();
                for (size_t t = 0; t < via.len; t++)
                    json_array_append_new(jv, json_string(via.items[t]));
                json_object_set_new(row, "distance", json_integer(order[i].dist));
                json_object_set_new(row, "degree", json_integer((json_int_t)deg[v]));
                json_object_set_new(row, "via", jv);
                json_array_append_new(rows, row);
            } else {
                char vbuf[200] = "";
                size_t used = 0;
                for (size_t t = 0; t < via.len && used < sizeof vbuf; t++)
                    used += (size_t)snprintf(vbuf + used, sizeof vbuf - used, "%s%s", t ? "," : "",
                                             via.items[t]);
                fprintf(ctx->out, "%4ld %6.0f  %-8s %-24s ", order[i].dist, deg[v], g.entities[v].type,
                        vbuf);
                print_name(ctx, &g.entities[v]);
                fputc('\n', ctx->out);
            }
            rg_strlist_free(&via);
        }
        free(deg);
        if (co.json) {
            json_object_set_new(doc, "neighbors", rows);
            if (print_json(ctx->out, doc, &err) != RG_OK)
                goto fail;
        }
    }
    code = CLI_OK;
    goto out;
fail:
    code = cli_fail(ctx, &err);
out:
    free(dist);
    free(order);
    net_free(net);
    rg_graph_free(&g);
    if (st)
        store_close(st);
    select_free(&co.sel);
    return code;
}

const cli_command cli_cmd_neighbors = {
    "neighbors", run_neighbors, "the ego network of an entity, as a table",
    "usage: relgraph neighbors ENTITY [--depth N] [--json] [SELECTION]\n"
    "\n"
    "Lists the entities within --depth links of ENTITY (default 1), ignoring\n"
    "direction: distance, degree in the selection, the link types that lead\n"
    "to them from one step nearer, type and name.\n"
    "\n"
    "  --json   output for scripts\n"
    "\n" RG_SELECT_HELP};

/* ---- timeline ------------------------------------------------------------------- */

/* Year of a date ("2015-06-01" -> 2015), or 0 when undated. */
static int year_of(const char *date)
{
    return date[0] ? atoi(date) : 0;
}

typedef struct dated {
    int year;
    size_t link;
} dated;

static int by_year_then_link(const void *a, const void *b)
{
    const dated *x = a, *y = b;
    if (x->year != y->year)
        return (x->year > y->year) - (x->year < y->year);
    return (x->link > y->link) - (x->link < y->link);
}

/* The types of the dated links, in name order. */
static void link_types_present(const rg_graph *g, rg_strlist *types)
{
    for (size_t i = 0; i < g->n_links; i++)
        if (g->links[i].date[0])
            rg_strlist_push_unique(types, g->links[i].type);
    rg_strlist_sort(types);
}

static size_t type_index(const rg_strlist *types, const char *t)
{
    for (size_t i = 0; i < types->len; i++)
        if (strcmp(types->items[i], t) == 0)
            return i;
    return 0;
}

/* Whole-network timeline: links per year and type, then growth. */
static int timeline_network(cli_ctx *ctx, const common_opts *co, const rg_graph *g)
{
    dated *d = malloc((g->n_links + 1) * sizeof *d);
    long *ends = malloc((2 * g->n_links + 1) * sizeof *ends);
    size_t nd = 0, n_years = 0, undated = 0, *group_end = NULL, *largest = NULL;
    size_t *counts = NULL, *ents = NULL, *first_seen = NULL;
    int *years = NULL;
    rg_strlist types = {0};
    rg_error err = {0};
    json_t *doc = NULL;
    int code = CLI_RUNTIME;

    if (!d || !ends)
        goto nomem;
    for (size_t i = 0; i < g->n_links; i++) {
        int y = year_of(g->links[i].date);
        if (y)
            d[nd++] = (dated){y, i};
        else
            undated++;
    }
    qsort(d, nd, sizeof *d, by_year_then_link);
    link_types_present(g, &types);
    years = malloc((nd + 1) * sizeof *years);
    group_end = malloc((nd + 1) * sizeof *group_end);
    largest = malloc((nd + 1) * sizeof *largest);
    counts = calloc((nd + 1) * (types.len + 1), sizeof *counts);
    ents = calloc(nd + 1, sizeof *ents);
    first_seen = calloc(g->n_entities + 1, sizeof *first_seen);
    if (!years || !group_end || !largest || !counts || !ents || !first_seen)
        goto nomem;
    for (size_t k = 0; k < nd; k++) {
        const rg_link *l = &g->links[d[k].link];
        if (n_years == 0 || years[n_years - 1] != d[k].year) {
            years[n_years] = d[k].year;
            ents[n_years] = n_years ? ents[n_years - 1] : 0;
            n_years++;
        }
        counts[(n_years - 1) * (types.len + 1) + type_index(&types, l->type)]++;
        counts[(n_years - 1) * (types.len + 1) + types.len]++;
        ends[2 * k] = rg_graph_entity_index(g, l->source);
        ends[2 * k + 1] = rg_graph_entity_index(g, l->target);
        for (int s = 0; s < 2; s++)
            if (!first_seen[ends[2 * k + s]]) {
                first_seen[ends[2 * k + s]] = n_years;
                ents[n_years - 1]++;
            }
        group_end[n_years - 1] = k + 1;
    }
    if (net_growth_components(g->n_entities, ends, nd, group_end, n_years, largest, &err) != RG_OK) {
        code = cli_fail(ctx, &err);
        goto out;
    }
    if (co->json) {
        json_t *rows = json_array();
        doc = json_object();
        json_object_set_new(doc, "selection", selection_json(co, g, NULL));
        for (size_t y = 0; y < n_years; y++) {
            json_t *row = json_object(), *bytype = json_object();
            for (size_t t = 0; t < types.len; t++)
                if (counts[y * (types.len + 1) + t])
                    json_object_set_new(bytype, types.items[t],
                                        json_integer((json_int_t)counts[y * (types.len + 1) + t]));
            json_object_set_new(row, "year", json_integer(years[y]));
            json_object_set_new(row, "new_links", json_integer((json_int_t)counts[y * (types.len + 1) + types.len]));
            json_object_set_new(row, "new_links_by_type", bytype);
            json_object_set_new(row, "entities", json_integer((json_int_t)ents[y]));
            json_object_set_new(row, "links", json_integer((json_int_t)group_end[y]));
            json_object_set_new(row, "largest_component", json_integer((json_int_t)largest[y]));
            json_array_append_new(rows, row);
        }
        json_object_set_new(doc, "years", rows);
        json_object_set_new(doc, "undated_links", json_integer((json_int_t)undated));
        if (print_json(ctx->out, doc, &err) != RG_OK) {
            code = cli_fail(ctx, &err);
            goto out;
        }
    } else {
        fprintf(ctx->out, "new links per year and type (%zu dated, %zu undated left out)\n", nd,
                undated);
        fprintf(ctx->out, "%-6s", "year");
        for (size_t t = 0; t < types.len; t++)
            fprintf(ctx->out, " %*s", (int)(strlen(types.items[t]) > 6 ? strlen(types.items[t]) : 6),
                    types.items[t]);
        fprintf(ctx->out, " %7s\n", "total");
        for (size_t y = 0; y < n_years; y++) {
            fprintf(ctx->out, "%-6d", years[y]);
            for (size_t t = 0; t < types.len; t++)
                fprintf(ctx->out, " %*zu", (int)(strlen(types.items[t]) > 6 ? strlen(types.items[t]) : 6),
                        counts[y * (types.len + 1) + t]);
            fprintf(ctx->out, " %7zu\n", counts[y * (types.len + 1) + types.len]);
        }
        fprintf(ctx->out, "\ngrowth (dated links up to each year)\n%-6s %9s %9s %18s\n", "year",
                "entities", "links", "largest component");
        for (size_t y = 0; y < n_years; y++)
            fprintf(ctx->out, "%-6d %9zu %9zu %18zu\n", years[y], ents[y], group_end[y], largest[y]);
    }
    code = CLI_OK;
    goto out;
nomem:
    rg_fail(&err, RG_ERR_NOMEM, "timeline: out of memory");
    code = cli_fail(ctx, &err);
out:
    free(d);
    free(ends);
    free(years);
    free(group_end);
    free(largest);
    free(counts);
    free(ents);
    free(first_seen);
    rg_strlist_free(&types);
    return code;
}

/* One entity's timeline: per year and link type, the partners new to it. */
static int timeline_entity(cli_ctx *ctx, const common_opts *co, const rg_graph *g, rg_id who)
{
    dated *d = malloc((g->n_links + 1) * sizeof *d);
    size_t *partners = malloc((g->n_links + 1) * sizeof *partners);
    bool *seen = NULL;
    size_t nd = 0, undated = 0, n_types;
    rg_strlist types = {0};
    rg_error err = {0};
    long self = rg_graph_entity_index(g, who);
    json_t *doc = NULL, *rows = NULL;
    int code = CLI_RUNTIME;

    if (!d || !partners)
        goto nomem;
    for (size_t i = 0; i < g->n_links; i++) {
        const rg_link *l = &g->links[i];
        if (l->source != who && l->target != who)
            continue;
        if (year_of(l->date))
            d[nd++] = (dated){year_of(l->date), i};
        else
            undated++;
    }
    qsort(d, nd, sizeof *d, by_year_then_link);
    link_types_present(g, &types);
    n_types = types.len ? types.len : 1;
    seen = calloc((g->n_entities + 1) * n_types, sizeof *seen);
    if (!seen)
        goto nomem;
    if (co->json) {
        doc = json_object();
        rows = json_array();
        json_object_set_new(doc, "selection", selection_json(co, g, NULL));
        json_object_set_new(doc, "entity", entity_ref(&g->entities[self]));
    } else {
        print_name(ctx, &g->entities[self]);
        fprintf(ctx->out, " (%s): %zu dated link%s, %zu undated\n", g->entities[self].type, nd,
                nd == 1 ? "" : "s", undated);
        if (nd)
            fprintf(ctx->out, "%-6s %-16s %5s  %s\n", "year", "type", "new", "new partners");
    }
    for (size_t k = 0; k < nd;) {
        /* one (year, type) group at a time: the dated array is sorted by
         * year; collect each type present in this year in name order */
        size_t end = k;
        while (end < nd && d[end].year == d[k].year)
            end++;
        for (size_t t = 0; t < types.len; t++) {
            size_t fresh = 0, total = 0;
            for (size_t j = k; j < end; j++) {
                const rg_link *l = &g->links[d[j].link];
                long other;
                if (strcmp(l->type, types.items[t]) != 0)
                    continue;
                total++;
                other = rg_graph_entity_index(g, l->source == who ? l->target : l->source);
                if (seen[(size_t)other * n_types + t])
                    continue;
                seen[(size_t)other * n_types + t] = true;
                partners[fresh++] = (size_t)other;
            }
            if (total == 0)
                continue;
            if (co->json) {
                json_t *row = json_object(), *names = json_array();
                for (size_t i = 0; i < fresh; i++)
                    json_array_append_new(names, entity_ref(&g->entities[partners[i]]));
                json_object_set_new(row, "year", json_integer(d[k].year));
                json_object_set_new(row, "type", json_string(types.items[t]));
                json_object_set_new(row, "links", json_integer((json_int_t)total));
                json_object_set_new(row, "new_partners", names);
                json_array_append_new(rows, row);
            } else {
                fprintf(ctx->out, "%-6d %-16s %5zu  ", d[k].year, types.items[t], fresh);
                for (size_t i = 0; i < fresh; i++) {
                    fputs(i ? ", " : "", ctx->out);
                    print_name(ctx, &g->entities[partners[i]]);
                }
                fputc('\n', ctx->out);
            }
        }
        k = end;
    }
    if (co->json) {
        json_object_set_new(doc, "years", rows);
        json_object_set_new(doc, "undated_links", json_integer((json_int_t)undated));
        if (print_json(ctx->out, doc, &err) != RG_OK) {
            code = cli_fail(ctx, &err);
            goto out;
        }
    }
    code = CLI_OK;
    goto out;
nomem:
    rg_fail(&err, RG_ERR_NOMEM, "timeline: out of memory");
    code = cli_fail(ctx, &err);
out:
    free(d);
    free(partners);
    free(seen);
    rg_strlist_free(&types);
    return code;
}

static int run_timeline(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"timings", no_argument, NULL, OPT_TIMINGS},
        RG_SELECT_LONG_OPTIONS,
        {NULL, 0, NULL, 0}};
    common_opts co = {0};
    rg_store *st = NULL;
    rg_graph g = {0};
    rg_error err = {0};
    rg_id who = 0;
    int code;

    if ((code = parse_common_only(ctx, "timeline", argc, argv, longopts, &co)) != CLI_OK)
        goto out;
    if (argc - optind > 1) {
        code = cli_usage(ctx, "timeline", "give at most one entity");
        goto out;
    }
    code = load_selection(ctx, &co, RG_OPEN_READONLY, 0, &st, &g);
    if (code != CLI_OK)
        goto out;
    if (argc - optind == 1) {
        if (store_resolve_entity(st, argv[optind], &who, &err) != RG_OK) {
            code = cli_fail(ctx, &err);
            goto out;
        }
        if (!rg_graph_entity(&g, who)) {
            fprintf(ctx->err, "relgraph: timeline: '%s' is outside the selection (drop or widen "
                              "the selection options)\n", argv[optind]);
            code = CLI_RUNTIME;
            goto out;
        }
        code = timeline_entity(ctx, &co, &g, who);
    } else {
        code = timeline_network(ctx, &co, &g);
    }
out:
    rg_graph_free(&g);
    if (st)
        store_close(st);
    select_free(&co.sel);
    return code;
}

const cli_command cli_cmd_timeline = {
    "timeline", run_timeline, "links by year and the network's growth",
    "usage: relgraph timeline [ENTITY] [--json] [SELECTION]\n"
    "\n"
    "Without ENTITY: new links per year and link type, then the network's\n"
    "growth (entities, links and the largest component's size counting the\n"
    "dated links up to each year).  With ENTITY: per year and link type, the\n"
    "partners new to it.  Undated links are counted apart.\n"
    "\n"
    "  --json   output for scripts\n"
    "\n" RG_SELECT_HELP};
