/*
 * bare_igraph.c - the same analyses as `relgraph analyze` done with igraph
 * alone, on the benchmark edge list, so bench_analyze.sh can show what
 * relgraph's wrapper (graphs/net.c) costs on top of igraph.
 *
 * usage: bare_igraph EDGES FROM TO
 * Prints "task seconds" lines: read (parsing the file), create (igraph_create
 * plus the unit weight vector, which relgraph builds too), then each task's
 * own time.  Same parameters as relgraph: ARPACK PageRank with damping 0.85,
 * coreness over all neighbours, Leiden with the modularity objective (node
 * weights = strength, resolution 1/2W, beta 0.01, until stable, seed 1),
 * weak components, one unweighted shortest path.
 */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    igraph_t g;
    igraph_vector_int_t edges, memb, cores, path;
    igraph_vector_t pr, w, strength;
    igraph_integer_t n, u, v, nb, from, to;
    igraph_real_t quality;
    double t;
    FILE *f;

    if (argc != 4 || !(f = fopen(argv[1], "r"))) {
        fprintf(stderr, "usage: bare_igraph EDGES FROM TO\n");
        return 2;
    }
    from = atol(argv[2]);
    to = atol(argv[3]);
    t = now();
    if (fscanf(f, "%" IGRAPH_PRId, &n) != 1)
        return 1;
    igraph_vector_int_init(&edges, 0);
    while (fscanf(f, "%" IGRAPH_PRId " %" IGRAPH_PRId, &u, &v) == 2) {
        igraph_vector_int_push_back(&edges, u);
        igraph_vector_int_push_back(&edges, v);
    }
    fclose(f);
    printf("read %.3f\n", now() - t);

    t = now();
    igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED);
    igraph_vector_init(&w, igraph_ecount(&g));
    igraph_vector_fill(&w, 1.0);
    printf("create %.3f\n", now() - t);

    igraph_vector_init(&pr, 0);
    t = now();
    igraph_rng_seed(igraph_rng_default(), 1);
    igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_ARPACK, &pr, NULL, igraph_vss_all(), 1, 0.85, NULL, NULL);
    printf("pagerank %.3f\n", now() - t);

    igraph_vector_int_init(&cores, 0);
    t = now();
    igraph_coreness(&g, &cores, IGRAPH_ALL);
    printf("coreness %.3f\n", now() - t);

    igraph_vector_int_init(&memb, 0);
    igraph_vector_init(&strength, 0);
    igraph_rng_seed(igraph_rng_default(), 1);
    t = now();
    igraph_strength(&g, &strength, igraph_vss_all(), IGRAPH_ALL, 0, &w);
    igraph_community_leiden(&g, &w, &strength, 1.0 / (2.0 * igraph_vector_sum(&w)), 0.01, 0, -1,
                            &memb, &nb, &quality);
    printf("leiden %.3f\n", now() - t);

    t = now();
    igraph_connected_components(&g, &memb, NULL, &nb, IGRAPH_WEAK);
    printf("components %.3f\n", now() - t);

    igraph_vector_int_init(&path, 0);
    t = now();
    igraph_get_shortest_path(&g, &path, NULL, from, to, IGRAPH_OUT);
    printf("path %.3f\n", now() - t);

    igraph_vector_int_destroy(&path);
    igraph_vector_int_destroy(&memb);
    igraph_vector_destroy(&strength);
    igraph_vector_int_destroy(&cores);
    igraph_vector_destroy(&pr);
    igraph_vector_destroy(&w);
    igraph_vector_int_destroy(&edges);
    igraph_destroy(&g);
    return 0;
}
