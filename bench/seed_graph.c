/*
 * seed_graph.c - fills a relgraph database with a synthetic graph for the
 * export benchmark: N cities with saved metrics (degree, pagerank) and M
 * sister_city links, half of them dated, a third with topics.  Written
 * through the store API in one transaction, so seeding a million links
 * needs no million-element document in memory.
 *
 * usage: seed_graph DB N_ENTITIES N_LINKS    (N_LINKS <= 10 * N_ENTITIES)
 */
#include <stdio.h>
#include <stdlib.h>

#include "../core/pack.h"
#include "../core/store.h"

static int die(const rg_error *err)
{
    fprintf(stderr, "seed_graph: %s\n", err->msg);
    return 1;
}

int main(int argc, char **argv)
{
    rg_pack pack = {0};
    rg_store *st = NULL;
    rg_error err = {0};
    rg_strlist topics = {0};
    char name[64], attrs[96], date[16];
    long n, m;

    if (argc != 4 || (n = atol(argv[2])) < 20 || (m = atol(argv[3])) > 10 * n) {
        fprintf(stderr, "usage: seed_graph DB N_ENTITIES N_LINKS (N_LINKS <= 10 * N_ENTITIES)\n");
        return 2;
    }
    if (pack_load_default(&pack, &err) != RG_OK
        || store_open(argv[1], RG_OPEN_CREATE, &pack, &st, &err) != RG_OK
        || store_begin(st, &err) != RG_OK)
        return die(&err);
    rg_strlist_push(&topics, "culture");
    for (long i = 1; i <= n; i++) {
        rg_id id;
        snprintf(name, sizeof name, "Thành phố số %ld", i);
        snprintf(attrs, sizeof attrs, "{\"degree\": %ld, \"pagerank\": %.9f}", i % 17,
                 1.0 / (double)(i + 1));
        if (store_add_entity(st, "city", name, NULL, attrs, 0, &id, &err) != RG_OK)
            return die(&err);
    }
    /* link j joins a and a+off (off 1..10): distinct unordered pairs */
    for (long j = 0; j < m; j++) {
        long a = j % n, off = j / n + 1, b = (a + off) % n;
        rg_id id;
        snprintf(date, sizeof date, "%ld-%02ld", 1980 + j % 45, 1 + j % 12);
        if (store_add_link(st, "sister_city", a + 1, b + 1, j % 2 ? date : NULL,
                           j % 3 ? NULL : &topics, NULL, 0, &id, NULL, &err) != RG_OK)
            return die(&err);
    }
    if (store_commit(st, &err) != RG_OK)
        return die(&err);
    store_close(st);
    pack_free(&pack);
    rg_strlist_free(&topics);
    return 0;
}
