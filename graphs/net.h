/*
 * net.h - relgraph's analysis graph: an rg_graph turned into an igraph graph
 * (kept opaque here, so nothing outside graphs/ sees igraph), and the
 * algorithms run on it: centrality, k-cores, components, cut points,
 * communities, shortest paths, ego distances.
 *
 * Vertices.  Vertex v is entity g->entities[v]: the map between igraph
 * vertex ids and entity ids is the entity array's order (net_vertex_of gives
 * the other direction).  The rg_graph is borrowed and must outlive the net.
 *
 * Edges.  Links between the same pair are collapsed into one edge whose
 * weight is the sum of the links' weights; a link's weight is its number of
 * evidence sentences, at least 1 (a hand-made link without evidence still
 * counts once).  Undirected nets (the default) ignore direction: one edge per
 * unordered pair.  Directed nets keep the direction of asymmetric link types
 * (member_of: city -> forum) and give symmetric types (sister_city) an edge
 * each way.  net_edge_links lists the links behind an edge, for printing
 * paths with their evidence.
 *
 * Definitions (the networkx comparison in tests/networkx/ computes the same):
 * - degree, in-degree, out-degree: collapsed edges (neighbours), not links;
 * - weighted-degree: sum of edge weights (evidence sentences) - igraph strength;
 * - betweenness: raw counts of shortest paths through a vertex, each
 *   unordered pair counted once in an undirected net (networkx
 *   betweenness_centrality(normalized=False)); unweighted;
 * - closeness: (r - 1) / (sum of distances to the r - 1 other vertices it
 *   reaches), so each component is measured on its own; 0 for an isolated
 *   vertex (networkx closeness_centrality(wf_improved=False)); in a directed
 *   net, distances along out-links;
 * - harmonic: sum over other vertices of 1/distance (0 when unreachable),
 *   not normalised (networkx harmonic_centrality);
 * - pagerank: damping 0.85, unweighted, dangling vertices jump uniformly
 *   (networkx pagerank(alpha=0.85, weight=None)); computed with ARPACK,
 *   seeded: igraph's PRPACK was 2-3x slower on a busy 2-core machine, its
 *   OpenMP threads spinning, for the same values within 1e-6;
 * - eigenvector: scaled so that the largest value is 1; unweighted;
 * - coreness: k-core number over all neighbours (networkx core_number);
 * - component: weakly connected components, numbered 1.. by decreasing size
 *   (ties: smallest entity first).
 * Exact betweenness, closeness and harmonic centrality cost O(n m); above
 * RG_EXACT_LIMIT (n times m) they refuse with RG_ERR_LIMIT unless a cutoff
 * (only paths of at most that many links) or `exact` is asked for.
 *
 * Errors.  igraph's aborting error handler is replaced (net_setup_igraph,
 * called by net_build) by one that records the message for the rg_error and
 * frees igraph's temporaries; warnings are recorded, never printed.  Every
 * function here returns an rg_status and frees what it took on every path.
 */
#ifndef RG_NET_H
#define RG_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/error.h"
#include "../core/model.h"
#include "../core/pack.h"

typedef struct rg_net rg_net;

/* n * m above which O(n m) metrics need a cutoff or `exact`. */
#define RG_EXACT_LIMIT 4e9

/* Refuse walktrap above this many vertices (its cost grows as n^2 log n). */
#define RG_WALKTRAP_LIMIT 20000

typedef enum rg_metric {
    RG_METRIC_DEGREE,
    RG_METRIC_IN_DEGREE,
    RG_METRIC_OUT_DEGREE,
    RG_METRIC_WEIGHTED_DEGREE,
    RG_METRIC_BETWEENNESS,
    RG_METRIC_CLOSENESS,
    RG_METRIC_HARMONIC,
    RG_METRIC_PAGERANK,
    RG_METRIC_EIGENVECTOR,
    RG_METRIC_CORENESS,
    RG_METRIC_COMPONENT,
    RG_METRIC_COUNT
} rg_metric;

typedef enum rg_community_alg {
    RG_COMMUNITY_LEIDEN,        /* modularity objective */
    RG_COMMUNITY_LOUVAIN,       /* igraph multilevel */
    RG_COMMUNITY_WALKTRAP,      /* 4 steps, cut at maximal modularity */
    RG_COMMUNITY_LABEL_PROPAGATION,
    RG_COMMUNITY_COUNT
} rg_community_alg;

typedef struct rg_metric_opts {
    double cutoff;              /* > 0: paths of at most this many links only */
    bool exact;                 /* run exact O(n m) metrics whatever the size */
} rg_metric_opts;

/* Installs relgraph's igraph error and warning handlers (idempotent). */
void net_setup_igraph(void);

/* Builds the analysis graph of g (see above).  pack tells which link types
 * are symmetric (NULL: every link keeps its stored direction); both are
 * borrowed and must outlive the net.  A directed net also holds the
 * undirected one, which components, cut points and communities use (they
 * ignore direction).  RG_ERR_INVALID when a link's endpoint is not in g,
 * RG_ERR_NOMEM, RG_ERR_INTERNAL.  O(n + m log deg). */
rg_status net_build(const rg_graph *g, const rg_pack *pack, bool directed, rg_net **out,
                    rg_error *err);
void net_free(rg_net *net);

size_t net_vertex_count(const rg_net *net);
size_t net_edge_count(const rg_net *net);
bool net_directed(const rg_net *net);
const rg_graph *net_graph(const rg_net *net);

/* The vertex of an entity id, or -1 when the entity is not in the net. */
long net_vertex_of(const rg_net *net, rg_id entity);

/* The links (indices into net_graph(net)->links) behind the edge u -> v (or
 * u - v when undirected); *n = 0 when u and v are not adjacent.  The array
 * belongs to the net.  O(log deg). */
const size_t *net_edge_links(const rg_net *net, size_t u, size_t v, size_t *n);

/* "pagerank" <-> RG_METRIC_PAGERANK.  parse: RG_ERR_USAGE "unknown metric
 * 'x' (valid: degree, ...)". */
const char *net_metric_name(rg_metric m);
rg_status net_metric_parse(const char *name, rg_metric *out, rg_error *err);
const char *net_community_name(rg_community_alg a);
rg_status net_community_parse(const char *name, rg_community_alg *out, rg_error *err);

/* Computes metric m for every vertex into values[0 .. n-1].  note (size
 * note_n, may be NULL) receives "" or a sentence to announce with the result,
 * such as "betweenness counts only paths of at most 3 links (--cutoff 3)".
 * RG_ERR_LIMIT when the graph is too large for the exact O(n m) form (the
 * message says what to do).  seed makes the randomised parts (ARPACK start
 * vectors) repeatable. */
rg_status net_metric(const rg_net *net, rg_metric m, const rg_metric_opts *opts,
                     unsigned long seed, double *values, char *note, size_t note_n,
                     rg_error *err);

/* Weakly connected components: membership[v] in 0 .. *count - 1, numbered by
 * decreasing size, ties by smallest vertex; sizes (may be NULL) gets a
 * malloc'ed array of *count sizes (caller frees). */
rg_status net_components(const rg_net *net, long *membership, size_t *count,
                         size_t **sizes, rg_error *err);

/* Articulation points (vertices, sorted) and bridges (pairs u < v, sorted),
 * ignoring direction.  Arrays are malloc'ed (caller frees; NULL when empty). */
rg_status net_cut_points(const rg_net *net, size_t **points, size_t *n_points,
                         size_t **bridges, size_t *n_bridges, rg_error *err);

/* Communities with algorithm a on the (undirected, weighted) net, seeded with
 * seed: membership[v] in 0 .. *count - 1 numbered by decreasing size (ties:
 * smallest vertex), and the modularity of that partition (weighted,
 * resolution 1; NaN when there is no edge).  Direction is ignored.
 * max_seconds > 0 bounds Louvain's running time (through igraph's
 * interruption handler): past it Louvain stops and RG_ERR_LIMIT says so -
 * igraph's Louvain took over 150 s on a random graph of 100,000 entities and
 * 1,000,000 links.  (Only Louvain: igraph 0.10.2's Leiden corrupts its
 * cleanup stack when interrupted.)
 * RG_ERR_LIMIT for walktrap above RG_WALKTRAP_LIMIT vertices. */
rg_status net_communities(const rg_net *net, rg_community_alg a, unsigned long seed,
                          double max_seconds, long *membership, size_t *count,
                          double *modularity, rg_error *err);

/* Modularity of a given partition (weighted, resolution 1). */
rg_status net_modularity(const rg_net *net, const long *membership, double *out,
                         rg_error *err);

/* One path: vertices from the start to the end. */
typedef struct rg_path {
    size_t *v;
    size_t len;
} rg_path;

typedef struct rg_paths {
    rg_path *items;
    size_t n;
} rg_paths;

void net_paths_free(rg_paths *p);

/* Shortest paths (fewest links; along link direction in a directed net) from
 * vertex `from` to vertex `to`: one, or with all every shortest path up to
 * max_paths (then *truncated says whether more exist).  No path is not an
 * error: out->n == 0.  Paths are sorted (by vertex sequence) so output is
 * stable. */
rg_status net_shortest_paths(const rg_net *net, size_t from, size_t to, bool all,
                             size_t max_paths, rg_paths *out, bool *truncated,
                             rg_error *err);

/* Distances (in links, ignoring direction) from vertex v to every vertex up
 * to depth; dist[u] = -1 beyond depth or unreachable. */
rg_status net_ego_distances(const rg_net *net, size_t v, int depth, long *dist,
                            rg_error *err);

/* Size of the largest weakly connected component after adding each group of
 * links: links are given as entity-index pairs ends[2i], ends[2i+1]
 * (i < n_links), groups end at group_end[0..n_groups-1] (increasing, last ==
 * n_links); largest[k] receives the size after group k, among n_vertices
 * vertices.  Used by the timeline's growth table. */
rg_status net_growth_components(size_t n_vertices, const long *ends, size_t n_links,
                                const size_t *group_end, size_t n_groups,
                                size_t *largest, rg_error *err);

#endif
