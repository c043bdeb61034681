/*
 * net.c - the analysis graph (see net.h): the one place that turns an
 * rg_graph into an igraph_t and runs igraph's algorithms on it.
 *
 * Building: every link becomes one or two (u, v, link) triples (undirected:
 * u < v; directed: stored direction, both for symmetric types), bucketed by u
 * with a counting sort and sorted by v inside each bucket; equal (u, v) runs
 * collapse into one edge whose weight sums the links' weights.  Edge e of the
 * igraph graph is the e-th distinct pair, so the weight vector, the CSR
 * index (vstart) used to find an edge from its ends, and the list of links
 * behind each edge (lstart/lidx) all share igraph's edge ids.
 *
 * Errors: igraph's handlers are global; net_setup_igraph installs an error
 * handler that keeps the message in a thread-local buffer (igraph's own
 * state is per thread too) and frees igraph's temporaries instead of
 * aborting, and a warning handler that keeps quiet.  Our own functions free
 * their igraph objects with goto ladders; each object is initialised before
 * the first jump that could reach its destroy call.
 */
#include "net.h"

#include "idmap.h"

#include <igraph.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Thread_local char ig_message[512];
static _Thread_local double ig_deadline;   /* CLOCK_MONOTONIC seconds; 0 = none */

static double monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* igraph polls this during long loops; past the deadline it stops the
 * algorithm, which then returns IGRAPH_INTERRUPTED. */
static igraph_error_t ig_check_deadline(void *data)
{
    (void)data;
    return ig_deadline > 0 && monotonic_now() > ig_deadline ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
}

static void ig_record_error(const char *reason, const char *file, int line,
                            igraph_error_t code)
{
    (void)file;
    (void)line;
    snprintf(ig_message, sizeof ig_message, "%s (%s)", reason ? reason : "?",
             igraph_strerror(code));
    IGRAPH_FINALLY_FREE();
}

static void ig_ignore_warning(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

void net_setup_igraph(void)
{
    igraph_set_error_handler(ig_record_error);
    igraph_set_warning_handler(ig_ignore_warning);
    igraph_set_interruption_handler(ig_check_deadline);
}

/* Turns an igraph failure into an rg_error. */
static rg_status ig_fail(rg_error *err, igraph_error_t code, const char *what)
{
    if (code == IGRAPH_ENOMEM)
        return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", what);
    if (code == IGRAPH_INTERRUPTED)
        return rg_fail(err, RG_ERR_LIMIT, "%s: interrupted", what);
    return rg_fail(err, RG_ERR_INTERNAL, "%s: igraph: %s", what,
                   ig_message[0] ? ig_message : igraph_strerror(code));
}

#define IG_TRY(call, what)                          \
    do {                                            \
        igraph_error_t ig_rc_ = (call);             \
        if (ig_rc_ != IGRAPH_SUCCESS) {             \
            rc = ig_fail(err, ig_rc_, (what));      \
            goto fail;                              \
        }                                           \
    } while (0)

/* One igraph graph with its edge weights and the edge <-> link index. */
typedef struct part {
    bool built;
    igraph_t ig;
    igraph_vector_t weights;    /* per edge */
    size_t n_edges;
    size_t *vstart;             /* n + 1: edges of u are vstart[u] .. vstart[u+1]-1 */
    uint32_t *head;             /* per edge: its v (u is implied by vstart) */
    size_t *lstart;             /* n_edges + 1: links of edge e */
    size_t *lidx;               /* link indices, edge by edge */
} part;

struct rg_net {
    const rg_graph *g;
    bool directed;
    part main;                  /* directed or undirected as asked */
    part und;                   /* the undirected companion of a directed net */
};

typedef struct triple {
    uint32_t u, v, link;
} triple;

static int by_v_then_link(const void *a, const void *b)
{
    const triple *x = a, *y = b;
    if (x->v != y->v)
        return (x->v > y->v) - (x->v < y->v);
    return (x->link > y->link) - (x->link < y->link);
}

static void part_free(part *p)
{
    if (p->built) {
        igraph_destroy(&p->ig);
        igraph_vector_destroy(&p->weights);
    }
    free(p->vstart);
    free(p->head);
    free(p->lstart);
    free(p->lidx);
    memset(p, 0, sizeof *p);
}

static bool is_symmetric(const rg_pack *pack, const char *type)
{
    const rg_link_type *lt = pack ? pack_link_type(pack, type) : NULL;
    return lt && lt->symmetric;
}

/* Endpoint indices of every link; RG_ERR_INVALID when one is missing. */
static rg_status link_ends(const rg_graph *g, uint32_t *ends, rg_error *err)
{
    rg_idmap map;
    rg_status rc = idmap_build(g, &map, err);

    for (size_t i = 0; rc == RG_OK && i < g->n_links; i++) {
        long a = idmap_find(&map, g->links[i].source);
        long b = idmap_find(&map, g->links[i].target);
        if (a < 0 || b < 0)
            rc = rg_fail(err, RG_ERR_INVALID, "link %lld: entity %lld is not in the graph",
                         (long long)g->links[i].id,
                         (long long)(a < 0 ? g->links[i].source : g->links[i].target));
        ends[2 * i] = (uint32_t)a;
        ends[2 * i + 1] = (uint32_t)b;
    }
    idmap_free(&map);
    return rc;
}

static rg_status part_build(part *p, const rg_graph *g, const uint32_t *ends,
                            const rg_pack *pack, bool directed, rg_error *err)
{
    size_t n = g->n_entities, nt = 0, *count = NULL;
    triple *t = NULL, *sorted = NULL;
    igraph_vector_int_t edges;
    bool edges_ready = false;
    rg_status rc = RG_ERR_NOMEM;

    t = malloc((2 * g->n_links + 1) * sizeof *t);
    p->vstart = calloc(n + 1, sizeof *p->vstart);
    count = calloc(n + 1, sizeof *count);
    if (!t || !p->vstart || !count)
        goto nomem;
    for (size_t i = 0; i < g->n_links; i++) {
        uint32_t a = ends[2 * i], b = ends[2 * i + 1];
        if (a == b)
            continue;           /* the store forbids loops; ignore any anyway */
        if (!directed) {
            t[nt++] = (triple){a < b ? a : b, a < b ? b : a, (uint32_t)i};
        } else {
            t[nt++] = (triple){a, b, (uint32_t)i};
            if (is_symmetric(pack, g->links[i].type))
                t[nt++] = (triple){b, a, (uint32_t)i};
        }
    }
    /* counting sort by u (stable), then by v inside each bucket */
    for (size_t k = 0; k < nt; k++)
        count[t[k].u + 1]++;
    for (size_t u = 0; u < n; u++)
        count[u + 1] += count[u];
    sorted = malloc((nt + 1) * sizeof *sorted);
    if (!sorted)
        goto nomem;
    {
        size_t *fill = p->vstart;   /* borrowed as scratch, rebuilt below */
        memcpy(fill, count, (n + 1) * sizeof *fill);
        for (size_t k = 0; k < nt; k++)
            sorted[fill[t[k].u]++] = t[k];
    }
    for (size_t u = 0; u < n; u++)
        if (count[u + 1] - count[u] > 1)
            qsort(sorted + count[u], count[u + 1] - count[u], sizeof *sorted, by_v_then_link);
    free(t);
    t = NULL;

    /* collapse runs of equal (u, v) */
    p->head = malloc((nt + 1) * sizeof *p->head);
    p->lstart = malloc((nt + 2) * sizeof *p->lstart);
    p->lidx = malloc((nt + 1) * sizeof *p->lidx);
    if (!p->head || !p->lstart || !p->lidx)
        goto nomem;
    memset(p->vstart, 0, (n + 1) * sizeof *p->vstart);
    p->n_edges = 0;
    for (size_t k = 0; k < nt; k++) {
        if (k == 0 || sorted[k].u != sorted[k - 1].u || sorted[k].v != sorted[k - 1].v) {
            p->head[p->n_edges] = sorted[k].v;
            p->lstart[p->n_edges] = k;
            p->vstart[sorted[k].u + 1]++;
            p->n_edges++;
        }
        p->lidx[k] = sorted[k].link;
    }
    p->lstart[p->n_edges] = nt;
    for (size_t u = 0; u < n; u++)
        p->vstart[u + 1] += p->vstart[u];

    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * p->n_edges)) != IGRAPH_SUCCESS)
        goto nomem;
    edges_ready = true;
    for (size_t u = 0; u < n; u++)
        for (size_t e = p->vstart[u]; e < p->vstart[u + 1]; e++) {
            VECTOR(edges)[2 * e] = (igraph_integer_t)u;
            VECTOR(edges)[2 * e + 1] = (igraph_integer_t)p->head[e];
        }
    IG_TRY(igraph_vector_init(&p->weights, (igraph_integer_t)p->n_edges), "building the graph");
    for (size_t e = 0; e < p->n_edges; e++) {
        double w = 0;
        for (size_t k = p->lstart[e]; k < p->lstart[e + 1]; k++) {
            size_t ev = g->links[p->lidx[k]].n_evidence;
            w += ev ? (double)ev : 1.0;
        }
        VECTOR(p->weights)[e] = w;
    }
    {
        igraph_error_t ig_rc = igraph_create(&p->ig, &edges, (igraph_integer_t)n, directed);
        if (ig_rc != IGRAPH_SUCCESS) {
            igraph_vector_destroy(&p->weights);
            rc = ig_fail(err, ig_rc, "building the graph");
            goto fail;
        }
    }
    p->built = true;
    igraph_vector_int_destroy(&edges);
    free(sorted);
    free(count);
    return RG_OK;
nomem:
    rc = rg_fail(err, RG_ERR_NOMEM, "building the graph: out of memory");
fail:
    if (edges_ready)
        igraph_vector_int_destroy(&edges);
    free(t);
    free(sorted);
    free(count);
    part_free(p);
    return rc;
}

rg_status net_build(const rg_graph *g, const rg_pack *pack, bool directed, rg_net **out,
                    rg_error *err)
{
    rg_net *net = NULL;
    uint32_t *ends = NULL;
    rg_status rc;

    net_setup_igraph();
    *out = NULL;
    if (g->n_entities >= UINT32_MAX || g->n_links >= UINT32_MAX / 2)
        return rg_fail(err, RG_ERR_LIMIT, "graph: too large to analyse (%zu entities, %zu links)",
                       g->n_entities, g->n_links);
    net = calloc(1, sizeof *net);
    ends = malloc((2 * g->n_links + 1) * sizeof *ends);
    if (!net || !ends) {
        rc = rg_fail(err, RG_ERR_NOMEM, "building the graph: out of memory");
        goto fail;
    }
    net->g = g;
    net->directed = directed;
    if ((rc = link_ends(g, ends, err)) != RG_OK)
        goto fail;
    if ((rc = part_build(&net->main, g, ends, pack, directed, err)) != RG_OK)
        goto fail;
    if (directed && (rc = part_build(&net->und, g, ends, pack, false, err)) != RG_OK)
        goto fail;
    free(ends);
    *out = net;
    return RG_OK;
fail:
    free(ends);
    net_free(net);
    return rc;
}

void net_free(rg_net *net)
{
    if (!net)
        return;
    part_free(&net->main);
    part_free(&net->und);
    free(net);
}

static const part *undirected_part(const rg_net *net)
{
    return net->directed ? &net->und : &net->main;
}

size_t net_vertex_count(const rg_net *net) { return net->g->n_entities; }
size_t net_edge_count(const rg_net *net) { return net->main.n_edges; }
bool net_directed(const rg_net *net) { return net->directed; }
const rg_graph *net_graph(const rg_net *net) { return net->g; }

long net_vertex_of(const rg_net *net, rg_id entity)
{
    return rg_graph_entity_index(net->g, entity);
}

static size_t find_edge(const part *p, size_t u, size_t v)
{
    size_t lo = p->vstart[u], hi = p->vstart[u + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->head[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->vstart[u + 1] && p->head[lo] == v ? lo : SIZE_MAX;
}

const size_t *net_edge_links(const rg_net *net, size_t u, size_t v, size_t *n)
{
    const part *p = &net->main;
    size_t e;
    static const size_t none[1] = {0};

    *n = 0;
    if (u >= net->g->n_entities || v >= net->g->n_entities)
        return none;
    if (!net->directed && u > v) {
        size_t tmp = u;
        u = v;
        v = tmp;
    }
    e = find_edge(p, u, v);
    if (e == SIZE_MAX)
        return none;
    *n = p->lstart[e + 1] - p->lstart[e];
    return p->lidx + p->lstart[e];
}

/* ---- names ---------------------------------------------------------------- */

static const char *const metric_names[RG_METRIC_COUNT] = {
    "degree", "in-degree", "out-degree", "weighted-degree", "betweenness", "closeness",
    "harmonic", "pagerank", "eigenvector", "coreness", "component"};

static const char *const community_names[RG_COMMUNITY_COUNT] = {
    "leiden", "louvain", "walktrap", "label-propagation"};

const char *net_metric_name(rg_metric m)
{
    return m < RG_METRIC_COUNT ? metric_names[m] : "?";
}

const char *net_community_name(rg_community_alg a)
{
    return a < RG_COMMUNITY_COUNT ? community_names[a] : "?";
}

static rg_status parse_name(const char *what, const char *name, const char *const *names,
                            size_t n, int *out, rg_error *err)
{
    char valid[300] = "";
    size_t used = 0;

    for (size_t i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (int)i;
            return RG_OK;
        }
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(valid + used, sizeof valid - used, "%s%s", i ? ", " : "",
                                 names[i]);
    return rg_fail(err, RG_ERR_USAGE, "unknown %s '%s' (valid: %s)", what, name, valid);
}

rg_status net_metric_parse(const char *name, rg_metric *out, rg_error *err)
{
    int v;
    rg_status rc = parse_name("metric", name, metric_names, RG_METRIC_COUNT, &v, err);
    if (rc == RG_OK)
        *out = (rg_metric)v;
    return rc;
}

rg_status net_community_parse(const char *name, rg_community_alg *out, rg_error *err)
{
    int v;
    rg_status rc;

    if (strcmp(name, "multilevel") == 0)
        name = "louvain";
    if (strcmp(name, "label_propagation") == 0 || strcmp(name, "lpa") == 0)
        name = "label-propagation";
    rc = parse_name("community algorithm", name, community_names, RG_COMMUNITY_COUNT, &v, err);
    if (rc == RG_OK)
        *out = (rg_community_alg)v;
    return rc;
}

/* ---- renumbering ------------------------------------------------------------ */

typedef struct group_key {
    size_t size, first, group;
} group_key;

static int by_size_desc_then_first(const void *a, const void *b)
{
    const group_key *x = a, *y = b;
    if (x->size != y->size)
        return (x->size < y->size) - (x->size > y->size);
    return (x->first > y->first) - (x->first < y->first);
}

/* Renumbers a raw membership (values 0 .. k-1 in any order, some perhaps
 * unused) so that group 0 is the largest, ties broken by the smallest
 * vertex; fills *count and optionally a malloc'ed sizes array. */
static rg_status renumber(const igraph_vector_int_t *raw, size_t n, long *membership,
                          size_t *count, size_t **sizes_out, rg_error *err)
{
    size_t k = 0, m = 0, *rank = NULL;
    group_key *keys = NULL;
    rg_status rc = RG_ERR_NOMEM;

    for (size_t v = 0; v < n; v++)
        if ((size_t)VECTOR(*raw)[v] + 1 > k)
            k = (size_t)VECTOR(*raw)[v] + 1;
    keys = malloc((k + 1) * sizeof *keys);
    rank = malloc((k + 1) * sizeof *rank);
    if (!keys || !rank)
        goto fail;
    for (size_t c = 0; c < k; c++)
        keys[c] = (group_key){0, SIZE_MAX, c};
    for (size_t v = 0; v < n; v++) {
        group_key *key = &keys[VECTOR(*raw)[v]];
        if (key->size++ == 0)
            key->first = v;
    }
    qsort(keys, k, sizeof *keys, by_size_desc_then_first);
    while (m < k && keys[m].size > 0)
        m++;
    for (size_t i = 0; i < m; i++)
        rank[keys[i].group] = i;
    for (size_t v = 0; v < n; v++)
        membership[v] = (long)rank[VECTOR(*raw)[v]];
    *count = m;
    if (sizes_out) {
        *sizes_out = malloc((m + 1) * sizeof **sizes_out);
        if (!*sizes_out)
            goto fail;
        for (size_t i = 0; i < m; i++)
            (*sizes_out)[i] = keys[i].size;
    }
    rc = RG_OK;
fail:
    free(keys);
    free(rank);
    if (rc != RG_OK)
        rg_fail(err, rc, "grouping: out of memory");
    return rc;
}

/* ---- metrics ---------------------------------------------------------------- */

static bool is_path_metric(rg_metric m)
{
    return m == RG_METRIC_BETWEENNESS || m == RG_METRIC_CLOSENESS || m == RG_METRIC_HARMONIC;
}

static void set_note(char *note, size_t note_n, const char *fmt, double cutoff, const char *name)
{
    if (note && note_n)
        snprintf(note, note_n, fmt, name, cutoff, cutoff);
}

rg_status net_metric(const rg_net *net, rg_metric m, const rg_metric_opts *opts,
                     unsigned long seed, double *values, char *note, size_t note_n,
                     rg_error *err)
{
    const part *p = &net->main;
    size_t n = net->g->n_entities;
    double cutoff = opts && opts->cutoff > 0 ? opts->cutoff : -1;
    igraph_vector_t res;
    igraph_vector_int_t ires;
    bool res_ready = false, ires_ready = false;
    igraph_neimode_t mode;
    const char *what = net_metric_name(m);
    rg_status rc = RG_OK;

    if (note && note_n)
        note[0] = '\0';
    if (m == RG_METRIC_COMPONENT) {
        long *memb = malloc((n + 1) * sizeof *memb);
        size_t count;
        if (!memb)
            return rg_fail(err, RG_ERR_NOMEM, "component: out of memory");
        rc = net_components(net, memb, &count, NULL, err);
        for (size_t v = 0; rc == RG_OK && v < n; v++)
            values[v] = (double)(memb[v] + 1);
        free(memb);
        return rc;
    }
    if (is_path_metric(m) && cutoff < 0 && !(opts && opts->exact) &&
        (double)n * (double)p->n_edges > RG_EXACT_LIMIT)
        return rg_fail(err, RG_ERR_LIMIT,
                       "%s: exact %s costs entities x links = %zu x %zu steps, too many to "
                       "wait for; use --cutoff N to count only paths of at most N links "
                       "(announced in the output), or --exact to insist",
                       what, what, n, p->n_edges);
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
    IG_TRY(igraph_vector_init(&res, (igraph_integer_t)n), what);
    res_ready = true;
    IG_TRY(igraph_vector_int_init(&ires, 0), what);
    ires_ready = true;
    mode = m == RG_METRIC_IN_DEGREE ? IGRAPH_IN : m == RG_METRIC_OUT_DEGREE ? IGRAPH_OUT : IGRAPH_ALL;
    switch (m) {
    case RG_METRIC_DEGREE:
    case RG_METRIC_IN_DEGREE:
    case RG_METRIC_OUT_DEGREE:
        IG_TRY(igraph_degree(&p->ig, &ires, igraph_vss_all(), mode, false), what);
        for (size_t v = 0; v < n; v++)
            values[v] = (double)VECTOR(ires)[v];
        break;
    case RG_METRIC_WEIGHTED_DEGREE:
        IG_TRY(igraph_strength(&p->ig, &res, igraph_vss_all(), IGRAPH_ALL, false, &p->weights), what);
        break;
    case RG_METRIC_BETWEENNESS:
        IG_TRY(igraph_betweenness_cutoff(&p->ig, &res, igraph_vss_all(), true, NULL, cutoff), what);
        break;
    case RG_METRIC_CLOSENESS:
        IG_TRY(igraph_closeness_cutoff(&p->ig, &res, NULL, NULL, igraph_vss_all(), IGRAPH_OUT,
                                       NULL, true, cutoff), what);
        for (size_t v = 0; v < n; v++)
            if (isnan(VECTOR(res)[v]))
                VECTOR(res)[v] = 0;     /* isolated: reaches no one */
        break;
    case RG_METRIC_HARMONIC:
        IG_TRY(igraph_harmonic_centrality_cutoff(&p->ig, &res, igraph_vss_all(), IGRAPH_OUT, NULL,
                                                 false, cutoff), what);
        break;
    case RG_METRIC_PAGERANK:
        IG_TRY(igraph_pagerank(&p->ig, IGRAPH_PAGERANK_ALGO_ARPACK, &res, NULL, igraph_vss_all(),
                               true, 0.85, NULL, NULL), what);
        break;
    case RG_METRIC_EIGENVECTOR:
        if (p->n_edges == 0) {
            igraph_vector_fill(&res, 1.0);  /* igraph: every vertex equal */
            break;
        }
        {
            igraph_arpack_options_t ao;
            igraph_arpack_options_init(&ao);
            IG_TRY(igraph_eigenvector_centrality(&p->ig, &res, NULL, true, true, NULL, &ao), what);
        }
        break;
    case RG_METRIC_CORENESS:
        IG_TRY(igraph_coreness(&p->ig, &ires, IGRAPH_ALL), what);
        for (size_t v = 0; v < n; v++)
            values[v] = (double)VECTOR(ires)[v];
        break;
    default:
        rc = rg_fail(err, RG_ERR_INTERNAL, "metric %d: unknown", (int)m);
        goto fail;
    }
    if (m != RG_METRIC_DEGREE && m != RG_METRIC_IN_DEGREE && m != RG_METRIC_OUT_DEGREE &&
        m != RG_METRIC_CORENESS)
        for (size_t v = 0; v < n; v++)
            values[v] = VECTOR(res)[v];
    if (is_path_metric(m) && cutoff > 0)
        set_note(note, note_n, "%s counts only paths of at most %g links (--cutoff %g)", cutoff,
                 what);
fail:
    if (ires_ready)
        igraph_vector_int_destroy(&ires);
    if (res_ready)
        igraph_vector_destroy(&res);
    return rc;
}

/* ---- components and cut points ------------------------------------------------ */

rg_status net_components(const rg_net *net, long *membership, size_t *count,
                         size_t **sizes, rg_error *err)
{
    const part *p = undirected_part(net);
    size_t n = net->g->n_entities;
    igraph_vector_int_t memb;
    igraph_integer_t no;
    bool ready = false;
    rg_status rc = RG_OK;

    if (sizes)
        *sizes = NULL;
    IG_TRY(igraph_vector_int_init(&memb, 0), "components");
    ready = true;
    IG_TRY(igraph_connected_components(&p->ig, &memb, NULL, &no, IGRAPH_WEAK), "components");
    rc = renumber(&memb, n, membership, count, sizes, err);
fail:
    if (ready)
        igraph_vector_int_destroy(&memb);
    return rc;
}

static int by_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static int by_pair(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    if (x[0] != y[0])
        return (x[0] > y[0]) - (x[0] < y[0]);
    return (x[1] > y[1]) - (x[1] < y[1]);
}

rg_status net_cut_points(const rg_net *net, size_t **points, size_t *n_points,
                         size_t **bridges, size_t *n_bridges, rg_error *err)
{
    const part *p = undirected_part(net);
    igraph_vector_int_t ap, br;
    bool ap_ready = false, br_ready = false;
    rg_status rc = RG_OK;

    *points = *bridges = NULL;
    *n_points = *n_bridges = 0;
    IG_TRY(igraph_vector_int_init(&ap, 0), "cut points");
    ap_ready = true;
    IG_TRY(igraph_vector_int_init(&br, 0), "bridges");
    br_ready = true;
    IG_TRY(igraph_articulation_points(&p->ig, &ap), "cut points");
    IG_TRY(igraph_bridges(&p->ig, &br), "bridges");
    if (igraph_vector_int_size(&ap) > 0) {
        size_t k = (size_t)igraph_vector_int_size(&ap);
        *points = malloc(k * sizeof **points);
        if (!*points)
            goto nomem;
        for (size_t i = 0; i < k; i++)
            (*points)[i] = (size_t)VECTOR(ap)[i];
        qsort(*points, k, sizeof **points, by_size);
        *n_points = k;
    }
    if (igraph_vector_int_size(&br) > 0) {
        size_t k = (size_t)igraph_vector_int_size(&br);
        *bridges = malloc(2 * k * sizeof **bridges);
        if (!*bridges)
            goto nomem;
        for (size_t i = 0; i < k; i++) {
            igraph_integer_t from = IGRAPH_FROM(&p->ig, VECTOR(br)[i]);
            igraph_integer_t to = IGRAPH_TO(&p->ig, VECTOR(br)[i]);
            (*bridges)[2 * i] = (size_t)(from < to ? from : to);
            (*bridges)[2 * i + 1] = (size_t)(from < to ? to : from);
        }
        qsort(*bridges, k, 2 * sizeof **bridges, by_pair);
        *n_bridges = k;
    }
    goto done;
nomem:
    rc = rg_fail(err, RG_ERR_NOMEM, "cut points: out of memory");
fail:
    free(*points);
    free(*bridges);
    *points = *bridges = NULL;
    *n_points = *n_bridges = 0;
done:
    if (ap_ready)
        igraph_vector_int_destroy(&ap);
    if (br_ready)
        igraph_vector_int_destroy(&br);
    return rc;
}

/* ---- communities ------------------------------------------------------------- */

static rg_status modularity_of(const part *p, const igraph_vector_int_t *memb, double *out,
                               rg_error *err)
{
    igraph_real_t q = NAN;
    rg_status rc = RG_OK;

    if (p->n_edges == 0) {
        *out = NAN;
        return RG_OK;
    }
    IG_TRY(igraph_modularity(&p->ig, memb, &p->weights, 1.0, false, &q), "modularity");
    *out = q;
fail:
    return rc;
}

rg_status net_modularity(const rg_net *net, const long *membership, double *out, rg_error *err)
{
    const part *p = undirected_part(net);
    size_t n = net->g->n_entities;
    igraph_vector_int_t memb;
    rg_status rc = RG_OK;

    IG_TRY(igraph_vector_int_init(&memb, (igraph_integer_t)n), "modularity");
    for (size_t v = 0; v < n; v++)
        VECTOR(memb)[v] = membership[v];
    rc = modularity_of(p, &memb, out, err);
    igraph_vector_int_destroy(&memb);
fail:
    return rc;
}

rg_status net_communities(const rg_net *net, rg_community_alg a, unsigned long seed,
                          double max_seconds, long *membership, size_t *count,
                          double *modularity, rg_error *err)
{
    const part *p = undirected_part(net);
    size_t n = net->g->n_entities;
    igraph_vector_int_t memb, final;
    igraph_vector_t node_w;
    bool memb_ready = false, final_ready = false, node_ready = false;
    int finally_base = 0;
    const char *what = net_community_name(a);
    rg_status rc = RG_OK;

    if (a == RG_COMMUNITY_WALKTRAP && n > RG_WALKTRAP_LIMIT)
        return rg_fail(err, RG_ERR_LIMIT,
                       "walktrap: %zu entities is more than walktrap handles in reasonable time "
                       "(limit %d; its cost grows as n^2 log n); use --communities leiden",
                       n, RG_WALKTRAP_LIMIT);
    net_setup_igraph();
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
    IG_TRY(igraph_vector_int_init(&memb, (igraph_integer_t)n), what);
    memb_ready = true;
    IG_TRY(igraph_vector_int_init(&final, (igraph_integer_t)n), what);
    finally_base = IGRAPH_FINALLY_STACK_SIZE();
    /* only Louvain: its interruption unwinds cleanly (valgrind), while
     * igraph 0.10.2's Leiden frees dead stack entries when interrupted;
     * Leiden, walktrap (size-limited) and label propagation are bounded */
    ig_deadline = max_seconds > 0 && a == RG_COMMUNITY_LOUVAIN ? monotonic_now() + max_seconds : 0;
    final_ready = true;
    if (p->n_edges == 0) {
        /* every algorithm would leave each entity alone; igraph's Leiden
         * divides by the total weight, so do it here */
        for (size_t v = 0; v < n; v++)
            VECTOR(memb)[v] = (igraph_integer_t)v;
    } else {
        switch (a) {
        case RG_COMMUNITY_LEIDEN: {
            igraph_integer_t nb;
            igraph_real_t quality, total = igraph_vector_sum(&p->weights);
            IG_TRY(igraph_vector_init(&node_w, 0), what);
            node_ready = true;
            IG_TRY(igraph_strength(&p->ig, &node_w, igraph_vss_all(), IGRAPH_ALL, false,
                                   &p->weights), what);
            /* modularity objective: node weights = strength, resolution 1/2W */
            IG_TRY(igraph_community_leiden(&p->ig, &p->weights, &node_w, 1.0 / (2.0 * total), 0.01,
                                           false, -1, &memb, &nb, &quality), what);
            break;
        }
        case RG_COMMUNITY_LOUVAIN:
            IG_TRY(igraph_community_multilevel(&p->ig, &p->weights, 1.0, &memb, NULL, NULL), what);
            break;
        case RG_COMMUNITY_WALKTRAP: {
            igraph_matrix_int_t merges;
            igraph_vector_t mods;
            IG_TRY(igraph_matrix_int_init(&merges, 0, 0), what);
            if (igraph_vector_init(&mods, 0) != IGRAPH_SUCCESS) {
                igraph_matrix_int_destroy(&merges);
                rc = rg_fail(err, RG_ERR_NOMEM, "walktrap: out of memory");
                goto fail;
            }
            igraph_error_t e = igraph_community_walktrap(&p->ig, &p->weights, 4, &merges, &mods, &memb);
            igraph_matrix_int_destroy(&merges);
            igraph_vector_destroy(&mods);
            IG_TRY(e, what);
            break;
        }
        case RG_COMMUNITY_LABEL_PROPAGATION:
            IG_TRY(igraph_community_label_propagation(&p->ig, &memb, IGRAPH_ALL, &p->weights, NULL,
                                                      NULL), what);
            break;
        default:
            rc = rg_fail(err, RG_ERR_INTERNAL, "community algorithm %d: unknown", (int)a);
            goto fail;
        }
    }
    ig_deadline = 0;
    if ((rc = renumber(&memb, n, membership, count, NULL, err)) != RG_OK)
        goto fail;
    for (size_t v = 0; v < n; v++)
        VECTOR(final)[v] = membership[v];
    rc = modularity_of(p, &final, modularity, err);
fail:
    if (ig_deadline > 0 && rc == RG_ERR_LIMIT) {
        /* igraph 0.10's interruption returns from the inner functions
         * without unwinding the FINALLY stack: its entries now point into
         * dead stack frames.  Drop them without calling their destructors
         * (which would free garbage); the temporaries they held leak, once,
         * on this error path only. */
        if (IGRAPH_FINALLY_STACK_SIZE() > finally_base)
            IGRAPH_FINALLY_CLEAN(IGRAPH_FINALLY_STACK_SIZE() - finally_base);
        rg_fail(err, RG_ERR_LIMIT,
                "%s: stopped after %g s without finishing (on graphs without clear community "
                "structure %s can take minutes); use --communities leiden, or --time-limit 0 "
                "to wait", what, max_seconds, what);
    }
    ig_deadline = 0;
    if (node_ready)
        igraph_vector_destroy(&node_w);
    if (final_ready)
        igraph_vector_int_destroy(&final);
    if (memb_ready)
        igraph_vector_int_destroy(&memb);
    return rc;
}

/* ---- paths -------------------------------------------------------------------- */

void net_paths_free(rg_paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].v);
    free(p->items);
    p->items = NULL;
    p->n = 0;
}

static int by_vertex_sequence(const void *a, const void *b)
{
    const rg_path *x = a, *y = b;
    for (size_t i = 0; i < x->len && i < y->len; i++)
        if (x->v[i] != y->v[i])
            return (x->v[i] > y->v[i]) - (x->v[i] < y->v[i]);
    return (x->len > y->len) - (x->len < y->len);
}

static rg_status push_path(rg_paths *out, const igraph_vector_int_t *verts, rg_error *err)
{
    size_t len = (size_t)igraph_vector_int_size(verts);
    rg_path *items = realloc(out->items, (out->n + 1) * sizeof *items);
    size_t *v;

    if (!items)
        return rg_fail(err, RG_ERR_NOMEM, "path: out of memory");
    out->items = items;
    v = malloc((len + 1) * sizeof *v);
    if (!v)
        return rg_fail(err, RG_ERR_NOMEM, "path: out of memory");
    for (size_t i = 0; i < len; i++)
        v[i] = (size_t)VECTOR(*verts)[i];
    out->items[out->n++] = (rg_path){v, len};
    return RG_OK;
}

rg_status net_shortest_paths(const rg_net *net, size_t from, size_t to, bool all,
                             size_t max_paths, rg_paths *out, bool *truncated,
                             rg_error *err)
{
    const part *p = &net->main;
    igraph_vector_int_t verts;
    igraph_vector_int_list_t list;
    bool verts_ready = false, list_ready = false;
    rg_status rc = RG_OK;

    out->items = NULL;
    out->n = 0;
    if (truncated)
        *truncated = false;
    if (from >= net->g->n_entities || to >= net->g->n_entities)
        return rg_fail(err, RG_ERR_INVALID, "path: vertex out of range");
    if (!all) {
        IG_TRY(igraph_vector_int_init(&verts, 0), "path");
        verts_ready = true;
        IG_TRY(igraph_get_shortest_path(&p->ig, &verts, NULL, (igraph_integer_t)from,
                                        (igraph_integer_t)to, IGRAPH_OUT), "path");
        if (igraph_vector_int_size(&verts) > 0)
            rc = push_path(out, &verts, err);
    } else {
        IG_TRY(igraph_vector_int_list_init(&list, 0), "path");
        list_ready = true;
        IG_TRY(igraph_get_all_shortest_paths(&p->ig, &list, NULL, NULL, (igraph_integer_t)from,
                                             igraph_vss_1((igraph_integer_t)to), IGRAPH_OUT),
               "path");
        for (igraph_integer_t i = 0; rc == RG_OK && i < igraph_vector_int_list_size(&list); i++)
            rc = push_path(out, igraph_vector_int_list_get_ptr(&list, i), err);
    }
    if (rc != RG_OK)
        goto fail;
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_vertex_sequence);
    if (max_paths && out->n > max_paths) {
        for (size_t i = max_paths; i < out->n; i++)
            free(out->items[i].v);
        out->n = max_paths;
        if (truncated)
            *truncated = true;
    }
fail:
    if (rc != RG_OK)
        net_paths_free(out);
    if (verts_ready)
        igraph_vector_int_destroy(&verts);
    if (list_ready)
        igraph_vector_int_list_destroy(&list);
    return rc;
}

rg_status net_ego_distances(const rg_net *net, size_t v, int depth, long *dist, rg_error *err)
{
    const part *p = undirected_part(net);
    size_t n = net->g->n_entities;
    igraph_matrix_t d;
    rg_status rc = RG_OK;

    if (v >= n)
        return rg_fail(err, RG_ERR_INVALID, "neighbors: vertex out of range");
    IG_TRY(igraph_matrix_init(&d, 0, 0), "neighbors");
    {
        igraph_error_t e = igraph_distances_cutoff(&p->ig, &d, igraph_vss_1((igraph_integer_t)v),
                                                   igraph_vss_all(), IGRAPH_ALL, (igraph_real_t)depth);
        if (e != IGRAPH_SUCCESS) {
            igraph_matrix_destroy(&d);
            IG_TRY(e, "neighbors");
        }
    }
    for (size_t u = 0; u < n; u++) {
        igraph_real_t x = MATRIX(d, 0, u);
        dist[u] = isfinite(x) && x <= depth ? (long)x : -1;
    }
    igraph_matrix_destroy(&d);
fail:
    return rc;
}

rg_status net_growth_components(size_t n_vertices, const long *ends, size_t n_links,
                                const size_t *group_end, size_t n_groups,
                                size_t *largest, rg_error *err)
{
    igraph_t ig;
    igraph_vector_int_t edges, csize;
    bool ig_ready = false, edges_ready = false, csize_ready = false;
    size_t done = 0;
    rg_status rc = RG_OK;

    net_setup_igraph();
    IG_TRY(igraph_empty(&ig, (igraph_integer_t)n_vertices, IGRAPH_UNDIRECTED), "growth");
    ig_ready = true;
    IG_TRY(igraph_vector_int_init(&edges, 0), "growth");
    edges_ready = true;
    IG_TRY(igraph_vector_int_init(&csize, 0), "growth");
    csize_ready = true;
    for (size_t k = 0; k < n_groups; k++) {
        igraph_integer_t no;
        size_t end = group_end[k] < n_links ? group_end[k] : n_links;
        IG_TRY(igraph_vector_int_resize(&edges, (igraph_integer_t)(2 * (end - done))), "growth");
        for (size_t i = done; i < end; i++) {
            VECTOR(edges)[2 * (i - done)] = ends[2 * i];
            VECTOR(edges)[2 * (i - done) + 1] = ends[2 * i + 1];
        }
        IG_TRY(igraph_add_edges(&ig, &edges, NULL), "growth");
        done = end;
        IG_TRY(igraph_connected_components(&ig, NULL, &csize, &no, IGRAPH_WEAK), "growth");
        largest[k] = no > 0 ? (size_t)igraph_vector_int_max(&csize) : 0;
    }
fail:
    if (csize_ready)
        igraph_vector_int_destroy(&csize);
    if (edges_ready)
        igraph_vector_int_destroy(&edges);
    if (ig_ready)
        igraph_destroy(&ig);
    return rc;
}
