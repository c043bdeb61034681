/*
 * wrap_relgraph.c - the same analyses as bare_igraph.c, through relgraph's
 * library (graphs/net.h) on an rg_graph built in memory from the edge list,
 * so bench_analyze.sh can compare the wrapper with bare igraph task by task
 * without the database in the way.
 *
 * usage: wrap_relgraph EDGES FROM TO
 * Prints "task seconds": read, create (net_build: rg_graph -> collapsed,
 * weighted igraph graph with its edge/link index), then each task.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../graphs/net.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int check(rg_status rc, const rg_error *err)
{
    if (rc != RG_OK) {
        fprintf(stderr, "wrap_relgraph: %s\n", err->msg);
        exit(1);
    }
    return 0;
}

int main(int argc, char **argv)
{
    rg_graph g = {0};
    rg_net *net;
    rg_error err = {0};
    rg_metric_opts mo = {0};
    rg_paths paths;
    long n, u, v, *memb;
    size_t count;
    double t, *values, q;
    FILE *f;

    if (argc != 4 || !(f = fopen(argv[1], "r")) || fscanf(f, "%ld", &n) != 1) {
        fprintf(stderr, "usage: wrap_relgraph EDGES FROM TO\n");
        return 2;
    }
    t = now();
    for (long i = 0; i < n; i++) {
        rg_entity e = {0};
        char name[32];
        snprintf(name, sizeof name, "City %ld", i + 1);
        e.id = i + 1;
        strcpy(e.type, "city");
        e.name = name;
        check(rg_graph_add_entity(&g, &e), &err);
    }
    while (fscanf(f, "%ld %ld", &u, &v) == 2) {
        rg_link l = {0};
        l.id = (rg_id)g.n_links + 1;
        strcpy(l.type, "cooperates_with");
        l.source = u + 1;
        l.target = v + 1;
        check(rg_graph_add_link(&g, &l), &err);
    }
    fclose(f);
    printf("read %.3f\n", now() - t);
    values = malloc((size_t)n * sizeof *values);
    memb = malloc((size_t)n * sizeof *memb);

    t = now();
    check(net_build(&g, NULL, false, &net, &err), &err);
    printf("create %.3f\n", now() - t);
    t = now();
    check(net_metric(net, RG_METRIC_PAGERANK, &mo, 1, values, NULL, 0, &err), &err);
    printf("pagerank %.3f\n", now() - t);
    t = now();
    check(net_metric(net, RG_METRIC_CORENESS, &mo, 1, values, NULL, 0, &err), &err);
    printf("coreness %.3f\n", now() - t);
    t = now();
    check(net_communities(net, RG_COMMUNITY_LEIDEN, 1, 0, memb, &count, &q, &err), &err);
    printf("leiden %.3f\n", now() - t);
    t = now();
    check(net_components(net, memb, &count, NULL, &err), &err);
    printf("components %.3f\n", now() - t);
    t = now();
    check(net_shortest_paths(net, (size_t)atol(argv[2]), (size_t)atol(argv[3]), false, 0, &paths,
                             NULL, &err), &err);
    printf("path %.3f\n", now() - t);
    net_paths_free(&paths);
    net_free(net);
    free(values);
    free(memb);
    rg_graph_free(&g);
    return 0;
}
