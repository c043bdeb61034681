/*
 * check_graphs.c - the igraph analysis (graphs/net.h) on small graphs built
 * in memory, whose answers can be worked out by hand: collapsed multi-links,
 * degrees, centralities on a path and a barbell, k-cores, components, cut
 * points, communities with their modularity recomputed here from the
 * definition, shortest paths (one, all, none, directed), ego distances,
 * growth, limits, and igraph errors that come back as rg_status instead of
 * aborting.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../graphs/net.h"
#include "testutil.h"

/* Adds entities 1..n ("e1".."en", cities) to g. */
static void add_entities(rg_graph *g, size_t n)
{
    for (size_t i = 1; i <= n; i++) {
        rg_entity e = {0};
        char name[16];
        snprintf(name, sizeof name, "e%zu", i);
        e.id = (rg_id)i;
        rg_copy_fixed(e.type, sizeof e.type, "city");
        e.name = name;
        ck_assert_int_eq(rg_graph_add_entity(g, &e), RG_OK);
    }
}

static void add_link(rg_graph *g, const char *type, rg_id s, rg_id t, size_t ev)
{
    rg_link l = {0};
    l.id = (rg_id)g->n_links + 100;
    rg_copy_fixed(l.type, sizeof l.type, type);
    l.source = s;
    l.target = t;
    l.n_evidence = ev;
    ck_assert_int_eq(rg_graph_add_link(g, &l), RG_OK);
}

static rg_net *build(const rg_graph *g, const rg_pack *pack, bool directed)
{
    rg_net *net = NULL;
    rg_error err = {0};
    ck_assert_msg(net_build(g, pack, directed, &net, &err) == RG_OK, "%s", err.msg);
    return net;
}

static void metric(const rg_net *net, rg_metric m, double *values)
{
    rg_error err = {0};
    rg_metric_opts o = {0};
    ck_assert_msg(net_metric(net, m, &o, 1, values, NULL, 0, &err) == RG_OK, "%s", err.msg);
}

/* Two triangles 1-2-3 and 4-5-6 joined by the bridge 3-4; 7 alone. */
static void barbell(rg_graph *g)
{
    memset(g, 0, sizeof *g);
    add_entities(g, 7);
    add_link(g, "sister_city", 1, 2, 1);
    add_link(g, "sister_city", 2, 3, 1);
    add_link(g, "sister_city", 1, 3, 1);
    add_link(g, "sister_city", 3, 4, 1);
    add_link(g, "sister_city", 4, 5, 1);
    add_link(g, "sister_city", 5, 6, 1);
    add_link(g, "sister_city", 4, 6, 1);
}

START_TEST(multi_links_collapse_with_summed_weights)
{
    rg_graph g = {0};
    rg_net *net;
    double v[3];
    size_t n;
    add_entities(&g, 3);
    add_link(&g, "sister_city", 1, 2, 2);
    add_link(&g, "signed_with", 1, 2, 3);
    add_link(&g, "cooperates_with", 2, 3, 0);   /* no evidence still weighs 1 */
    net = build(&g, NULL, false);
    ck_assert_uint_eq(net_edge_count(net), 2);
    metric(net, RG_METRIC_DEGREE, v);
    ck_assert(v[0] == 1 && v[1] == 2 && v[2] == 1);
    metric(net, RG_METRIC_WEIGHTED_DEGREE, v);
    ck_assert(v[0] == 5 && v[1] == 6 && v[2] == 1);
    const size_t *links = net_edge_links(net, 1, 0, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert(links[0] == 0 && links[1] == 1);
    net_edge_links(net, 0, 2, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(net_vertex_of(net, 3), 2);
    ck_assert_int_eq(net_vertex_of(net, 99), -1);
    net_free(net);
    rg_graph_free(&g);
}
END_TEST

START_TEST(centralities_on_a_barbell)
{
    rg_graph g;
    rg_net *net;
    double v[7], sum = 0;
    barbell(&g);
    net = build(&g, NULL, false);
    /* betweenness: 3 lies on every path from {1,2} to {4,5,6} (6 pairs),
     * 4 on every path from {1,2,3} to {5,6} (6 pairs) */
    metric(net, RG_METRIC_BETWEENNESS, v);
    ck_assert_double_eq_tol(v[2], 6.0, 1e-9);
    ck_assert_double_eq_tol(v[0], 0.0, 1e-9);
    ck_assert_double_eq_tol(v[2], v[3], 1e-9);
    ck_assert_double_eq_tol(v[6], 0.0, 1e-9);
    /* closeness of 1 in its component of 6: distances 1,1,2,3,3 -> 5/10 */
    metric(net, RG_METRIC_CLOSENESS, v);
    ck_assert_double_eq_tol(v[0], 0.5, 1e-12);
    ck_assert_double_eq_tol(v[6], 0.0, 1e-12);
    /* harmonic of 1: 1 + 1 + 1/2 + 1/3 + 1/3 */
    metric(net, RG_METRIC_HARMONIC, v);
    ck_assert_double_eq_tol(v[0], 1 + 1 + 0.5 + 2.0 / 3, 1e-12);
    metric(net, RG_METRIC_PAGERANK, v);
    for (int i = 0; i < 7; i++)
        sum += v[i];
    ck_assert_double_eq_tol(sum, 1.0, 1e-9);
    ck_assert(v[2] > v[0] && v[6] < v[0]);
    metric(net, RG_METRIC_CORENESS, v);
    ck_assert(v[0] == 2 && v[3] == 2 && v[6] == 0);
    metric(net, RG_METRIC_EIGENVECTOR, v);
    ck_assert_double_eq_tol(v[2], 1.0, 1e-6);   /* 3 and 4 are the most central */
    metric(net, RG_METRIC_COMPONENT, v);
    ck_assert(v[0] == 1 && v[5] == 1 && v[6] == 2);
    net_free(net);
    rg_graph_free(&g);
}
END_TEST

START_TEST(components_and_cut_points)
{
    rg_graph g;
    rg_net *net;
    rg_error err = {0};
    long memb[7];
    size_t count, *sizes, *points, np, *bridges, nb;
    barbell(&g);
    net = build(&g, NULL, false);
    ck_assert_int_eq(net_components(net, memb, &count, &sizes, &err), RG_OK);
    ck_assert_uint_eq(count, 2);
    ck_assert(sizes[0] == 6 && sizes[1] == 1);
    ck_assert(memb[0] == 0 && memb[6] == 1);
    free(sizes);
    ck_assert_int_eq(net_cut_points(net, &points, &np, &bridges, &nb, &err), RG_OK);
    ck_assert_uint_eq(np, 2);
    ck_assert(points[0] == 2 && points[1] == 3);
    ck_assert_uint_eq(nb, 1);
    ck_assert(bridges[0] == 2 && bridges[1] == 3);
    free(points);
    free(bridges);
    net_free(net);
    rg_graph_free(&g);
}
END_TEST

/* Modularity from its definition: sum over communities of
 * L_c/W - (D_c / 2W)^2 with weights. */
static double modularity_by_hand(const rg_graph *g, const long *memb, size_t k)
{
    double W = 0, *L = calloc(k, sizeof *L), *D = calloc(k, sizeof *D), q = 0;
    for (size_t i = 0; i < g->n_links; i++) {
        long a = rg_graph_entity_index(g, g->links[i].source);
        long b = rg_graph_entity_index(g, g->links[i].target);
        double w = g->links[i].n_evidence ? (double)g->links[i].n_evidence : 1;
        W += w;
        D[memb[a]] += w;
        D[memb[b]] += w;
        if (memb[a] == memb[b])
            L[memb[a]] += w;
    }
    for (size_t c = 0; c < k; c++)
        q += L[c] / W - (D[c] / (2 * W)) * (D[c] / (2 * W));
    free(L);
    free(D);
    return q;
}

/* Two 5-cliques (1..5, 6..10) joined by 5-6. */
static void two_cliques(rg_graph *g)
{
    memset(g, 0, sizeof *g);
    add_entities(g, 10);
    for (rg_id base = 0; base <= 5; base += 5)
        for (rg_id i = 1; i <= 5; i++)
            for (rg_id j = i + 1; j <= 5; j++)
                add_link(g, "cooperates_with", base + i, base + j, (size_t)(1 + (i + j) % 3));
    add_link(g, "cooperates_with", 5, 6, 1);
}

START_TEST(communities_find_the_cliques_and_report_true_modularity)
{
    rg_graph g;
    rg_net *net;
    rg_error err = {0};
    long memb[10], again[10];
    size_t count;
    double q, q2;
    two_cliques(&g);
    net = build(&g, NULL, false);
    for (int a = 0; a < RG_COMMUNITY_COUNT; a++) {
        ck_assert_msg(net_communities(net, (rg_community_alg)a, 42, 0, memb, &count, &q, &err) == RG_OK,
                      "%s", err.msg);
        ck_assert_msg(count == 2, "%s: %zu communities", net_community_name(a), count);
        for (int v = 0; v < 10; v++)
            ck_assert_int_eq(memb[v], v < 5 ? 0 : 1);   /* ties: smallest vertex first */
        ck_assert_double_eq_tol(q, modularity_by_hand(&g, memb, count), 1e-12);
        ck_assert_int_eq(net_modularity(net, memb, &q2, &err), RG_OK);
        ck_assert_double_eq_tol(q, q2, 1e-12);
        /* same seed, same answer */
        ck_assert_int_eq(net_communities(net, (rg_community_alg)a, 42, 0, again, &count, &q2, &err), RG_OK);
        ck_assert_mem_eq(memb, again, sizeof memb);
    }
    net_free(net);
    rg_graph_free(&g);
}
END_TEST

START_TEST(paths_one_all_none_and_directed)
{
    rg_graph g = {0};
    rg_pack pack = {0};
    rg_net *net;
    rg_error err = {0};
    rg_paths p;
    bool trunc;
    tu_load_pack(&pack);
    /* square 1-2-4, 1-3-4 (sister cities); 2 -member_of-> 5; 6 alone */
    add_entities(&g, 6);
    add_link(&g, "sister_city", 1, 2, 1);
    add_link(&g, "sister_city", 1, 3, 1);
    add_link(&g, "sister_city", 2, 4, 1);
    add_link(&g, "sister_city", 3, 4, 1);
    add_link(&g, "member_of", 2, 5, 1);
    net = build(&g, &pack, false);
    ck_assert_int_eq(net_shortest_paths(net, 0, 3, false, 0, &p, &trunc, &err), RG_OK);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_uint_eq(p.items[0].len, 3);
    net_paths_free(&p);
    ck_assert_int_eq(net_shortest_paths(net, 0, 3, true, 0, &p, &trunc, &err), RG_OK);
    ck_assert_uint_eq(p.n, 2);
    ck_assert(p.items[0].v[1] == 1 && p.items[1].v[1] == 2);  /* sorted */
    net_paths_free(&p);
    ck_assert_int_eq(net_shortest_paths(net, 0, 3, true, 1, &p, &trunc, &err), RG_OK);
    ck_assert(p.n == 1 && trunc);
    net_paths_free(&p);
    ck_assert_int_eq(net_shortest_paths(net, 0, 5, false, 0, &p, &trunc, &err), RG_OK);
    ck_assert_uint_eq(p.n, 0);   /* no path is an answer */
    net_paths_free(&p);
    ck_assert_int_eq(net_shortest_paths(net, 4, 0, false, 0, &p, &trunc, &err), RG_OK);
    ck_assert_uint_eq(p.n, 1);   /* forum to city, ignoring direction */
    net_paths_free(&p);
    net_free(net);
    net = build(&g, &pack, true);
    ck_assert_int_eq(net_shortest_paths(net, 4, 0, false, 0, &p, &trunc, &err), RG_OK);
    ck_assert_uint_eq(p.n, 0);   /* member_of points city -> forum only */
    net_paths_free(&p);
    ck_assert_int_eq(net_shortest_paths(net, 3, 4, false, 0, &p, &trunc, &err), RG_OK);
    ck_assert_uint_eq(p.n, 1);   /* sister links run both ways */
    ck_assert_uint_eq(p.items[0].len, 3);
    net_paths_free(&p);
    {
        double v[6];
        metric(net, RG_METRIC_IN_DEGREE, v);
        ck_assert(v[4] == 1 && v[1] == 2);
        metric(net, RG_METRIC_OUT_DEGREE, v);
        ck_assert(v[4] == 0 && v[1] == 3);
    }
    net_free(net);
    rg_graph_free(&g);
    pack_free(&pack);
}
END_TEST

START_TEST(ego_distances_and_growth)
{
    rg_graph g;
    rg_net *net;
    rg_error err = {0};
    long dist[7];
    barbell(&g);
    net = build(&g, NULL, false);
    ck_assert_int_eq(net_ego_distances(net, 0, 2, dist, &err), RG_OK);
    ck_assert(dist[0] == 0 && dist[1] == 1 && dist[2] == 1 && dist[3] == 2);
    ck_assert(dist[4] == -1 && dist[6] == -1);
    net_free(net);
    rg_graph_free(&g);
    {
        long ends[] = {0, 1, 2, 3, 1, 2, 4, 5};
        size_t group_end[] = {1, 2, 3, 4}, largest[4];
        ck_assert_int_eq(net_growth_components(6, ends, 4, group_end, 4, largest, &err), RG_OK);
        ck_assert(largest[0] == 2 && largest[1] == 2 && largest[2] == 4 && largest[3] == 4);
    }
}
END_TEST

START_TEST(igraph_errors_come_back_as_status)
{
    rg_error err = {0};
    long ends[] = {0, 9};       /* vertex 9 does not exist */
    size_t group_end[] = {1}, largest[1];
    ck_assert_int_eq(net_growth_components(3, ends, 1, group_end, 1, largest, &err),
                     RG_ERR_INTERNAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "growth: igraph:"));
}
END_TEST

START_TEST(limits_refuse_and_say_what_to_do)
{
    rg_graph g = {0};
    rg_net *net;
    rg_error err = {0};
    rg_metric_opts o = {0};
    long *memb;
    size_t count;
    double q, *v;
    char note[200];
    /* 70001 entities, 60000 links in a long path: n*m > RG_EXACT_LIMIT */
    add_entities(&g, 70001);
    for (rg_id i = 1; i <= 60000; i++)
        add_link(&g, "sister_city", i, i + 1, 1);
    net = build(&g, NULL, false);
    v = malloc(70001 * sizeof *v);
    memb = malloc(70001 * sizeof *memb);
    ck_assert_int_eq(net_metric(net, RG_METRIC_BETWEENNESS, &o, 1, v, note, sizeof note, &err),
                     RG_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "--cutoff"));
    o.cutoff = 2;
    ck_assert_int_eq(net_metric(net, RG_METRIC_BETWEENNESS, &o, 1, v, note, sizeof note, &err), RG_OK);
    ck_assert_ptr_nonnull(strstr(note, "at most 2 links"));
    ck_assert_double_eq_tol(v[1], 1.0, 1e-12);  /* only 1-2-3 */
    ck_assert_int_eq(net_communities(net, RG_COMMUNITY_WALKTRAP, 1, 0, memb, &count, &q, &err),
                     RG_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "leiden"));
    free(v);
    free(memb);
    net_free(net);
    rg_graph_free(&g);
}
END_TEST

START_TEST(names_parse_and_unknown_ones_are_usage_errors)
{
    rg_metric m;
    rg_community_alg a;
    rg_error err = {0};
    for (int i = 0; i < RG_METRIC_COUNT; i++) {
        ck_assert_int_eq(net_metric_parse(net_metric_name((rg_metric)i), &m, &err), RG_OK);
        ck_assert_int_eq(m, i);
    }
    ck_assert_int_eq(net_metric_parse("importance", &m, &err), RG_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown metric 'importance' (valid: degree"));
    ck_assert_int_eq(net_community_parse("multilevel", &a, &err), RG_OK);
    ck_assert_int_eq(a, RG_COMMUNITY_LOUVAIN);
    ck_assert_int_eq(net_community_parse("infomap", &a, &err), RG_ERR_USAGE);
}
END_TEST

START_TEST(empty_and_edgeless_graphs)
{
    rg_graph g = {0};
    rg_net *net;
    rg_error err = {0};
    long memb[3];
    size_t count;
    double q, v[3];
    net = build(&g, NULL, false);
    ck_assert_uint_eq(net_vertex_count(net), 0);
    net_free(net);
    add_entities(&g, 3);
    net = build(&g, NULL, false);
    ck_assert_int_eq(net_communities(net, RG_COMMUNITY_LEIDEN, 1, 0, memb, &count, &q, &err), RG_OK);
    ck_assert_uint_eq(count, 3);
    ck_assert(isnan(q));
    for (int m = 0; m < RG_METRIC_COUNT; m++)
        metric(net, (rg_metric)m, v);
    net_free(net);
    rg_graph_free(&g);
}
END_TEST


/* ---- against networkx ------------------------------------------------------ */

static uint64_t next_rand(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* A generated graph of 2000 entities: 8 planted communities of 240 with
 * about 3 links per entity inside and a few between, 40 isolated entities,
 * 20 separate pairs, and 100 second links (another type) on existing pairs.
 * Types alternate between symmetric and directed ones; evidence 0..3. */
static void generated(rg_graph *g, const rg_pack *pack)
{
    static const char *types[] = {"sister_city", "member_of", "cooperates_with", "supports"};
    uint64_t st = 0x9e3779b97f4a7c15ULL;
    size_t n = 2000, block = 240, blocks = 8;
    (void)pack;
    memset(g, 0, sizeof *g);
    add_entities(g, n);
    for (size_t v = 0; v < blocks * block; v++)
        for (int k = 0; k < 3; k++) {
            size_t b = v / block, u = b * block + next_rand(&st) % block;
            if (u != v)
                add_link(g, types[next_rand(&st) % 4], (rg_id)v + 1, (rg_id)u + 1, next_rand(&st) % 4);
        }
    for (int k = 0; k < 150; k++) {
        size_t a = next_rand(&st) % (blocks * block), b = next_rand(&st) % (blocks * block);
        if (a != b)
            add_link(g, types[k % 4], (rg_id)a + 1, (rg_id)b + 1, 1);
    }
    for (size_t k = 0; k < 20; k++)
        add_link(g, "sister_city", (rg_id)(blocks * block + 40 + 2 * k + 1),
                 (rg_id)(blocks * block + 40 + 2 * k + 2), 2);
    for (int k = 0; k < 100; k++) {
        const rg_link *l = &g->links[next_rand(&st) % (blocks * block)];
        add_link(g, "signed_with", l->target, l->source, 1 + k % 2);
    }
}

static bool networkx_available(void)
{
    return system("/usr/bin/python3 -c 'import networkx' >/dev/null 2>&1") == 0;
}

static void write_metrics(const char *path, rg_net *net, const rg_metric *ms, size_t k)
{
    size_t n = net_vertex_count(net);
    double *val[8];
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < k; i++) {
        val[i] = malloc(n * sizeof *val[i]);
        metric(net, ms[i], val[i]);
    }
    for (size_t v = 0; v < n; v++) {
        fprintf(f, "%zu", v);
        for (size_t i = 0; i < k; i++)
            fprintf(f, " %.17g", val[i][v]);
        fputc('\n', f);
    }
    for (size_t i = 0; i < k; i++)
        free(val[i]);
    fclose(f);
}

START_TEST(networkx_agrees_on_a_generated_graph)
{
    rg_graph g;
    rg_pack pack = {0};
    rg_net *net;
    rg_error err = {0};
    char dir[256], path[512], cmd[1024];
    const char *src = getenv("RELGRAPH_SRC");
    static const rg_metric und[] = {RG_METRIC_PAGERANK, RG_METRIC_BETWEENNESS, RG_METRIC_CLOSENESS,
                                    RG_METRIC_HARMONIC, RG_METRIC_CORENESS, RG_METRIC_COMPONENT};
    static const rg_metric dir_ms[] = {RG_METRIC_PAGERANK, RG_METRIC_BETWEENNESS, RG_METRIC_CLOSENESS,
                                       RG_METRIC_HARMONIC};
    FILE *f;

    if (!networkx_available()) {
        printf("SKIP: networkx comparison: /usr/bin/python3 with networkx is missing "
               "(apt-get install python3-networkx)\n");
        return;
    }
    tu_load_pack(&pack);
    generated(&g, &pack);
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/links.tsv", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%zu\n", g.n_entities);
    for (size_t i = 0; i < g.n_links; i++) {
        const rg_link_type *lt = pack_link_type(&pack, g.links[i].type);
        fprintf(f, "%ld %ld %zu %d\n", rg_graph_entity_index(&g, g.links[i].source),
                rg_graph_entity_index(&g, g.links[i].target), g.links[i].n_evidence,
                lt && lt->symmetric);
    }
    fclose(f);

    net = build(&g, &pack, false);
    snprintf(path, sizeof path, "%s/undirected.tsv", dir);
    write_metrics(path, net, und, 6);
    snprintf(path, sizeof path, "%s/communities.tsv", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int a = 0; a < RG_COMMUNITY_COUNT; a++) {
        long *memb = malloc(g.n_entities * sizeof *memb);
        size_t count;
        double q;
        ck_assert_msg(net_communities(net, (rg_community_alg)a, 7, 0, memb, &count, &q, &err) == RG_OK,
                      "%s", err.msg);
        if (a == RG_COMMUNITY_LEIDEN)
            ck_assert_msg(count >= 8 + 40 + 20, "leiden found %zu communities", count);
        fprintf(f, "%s %.17g", net_community_name((rg_community_alg)a), q);
        for (size_t v = 0; v < g.n_entities; v++)
            fprintf(f, " %ld", memb[v]);
        fputc('\n', f);
        free(memb);
    }
    fclose(f);
    net_free(net);
    net = build(&g, &pack, true);
    snprintf(path, sizeof path, "%s/directed.tsv", dir);
    write_metrics(path, net, dir_ms, 4);
    net_free(net);

    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/networkx/compare.py %s", src ? src : ".",
             dir);
    ck_assert_msg(system(cmd) == 0, "networkx disagrees (see above); files in %s", dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    rg_graph_free(&g);
    pack_free(&pack);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("graphs");
    TCase *tc = tcase_create("graphs");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, multi_links_collapse_with_summed_weights);
    tcase_add_test(tc, centralities_on_a_barbell);
    tcase_add_test(tc, components_and_cut_points);
    tcase_add_test(tc, communities_find_the_cliques_and_report_true_modularity);
    tcase_add_test(tc, paths_one_all_none_and_directed);
    tcase_add_test(tc, ego_distances_and_growth);
    tcase_add_test(tc, igraph_errors_come_back_as_status);
    tcase_add_test(tc, limits_refuse_and_say_what_to_do);
    tcase_add_test(tc, names_parse_and_unknown_ones_are_usage_errors);
    tcase_add_test(tc, empty_and_edgeless_graphs);
    suite_add_tcase(s, tc);
    tc = tcase_create("networkx");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, networkx_agrees_on_a_generated_graph);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
