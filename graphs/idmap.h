/*
 * idmap.h - entity id -> index into g->entities, in O(1), for the passes
 * over a million links that select.c and net.c make.
 *
 * rg_graph_entity_index is a binary search over the entity array: fine for a
 * lookup, but 2 million of them over 100,000 entities were the largest single
 * cost of building the analysis graph (cache misses on 80-byte entities).
 * Store ids are SQLite rowids, nearly dense, so the map is a plain table
 * indexed by id when the largest id is at most 4n + 1024; otherwise it falls
 * back to a compact sorted copy of the ids (8 bytes each) searched in cache.
 */
#ifndef RG_IDMAP_H
#define RG_IDMAP_H

#include "../core/error.h"
#include "../core/model.h"

typedef struct rg_idmap {
    long *table;                /* dense: table[id - min] = index or -1 */
    rg_id min, max;
    rg_id *ids;                 /* sparse: sorted ids; index = position */
    size_t n;
} rg_idmap;

/* Builds the map of g's entities (sorted by id).  RG_ERR_NOMEM. */
rg_status idmap_build(const rg_graph *g, rg_idmap *map, rg_error *err);

/* The index of entity id, or -1. */
static inline long idmap_find(const rg_idmap *map, rg_id id)
{
    if (map->table)
        return id < map->min || id > map->max ? -1 : map->table[id - map->min];
    size_t lo = 0, hi = map->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < map->n && map->ids[lo] == id ? (long)lo : -1;
}

void idmap_free(rg_idmap *map);

#endif
