/*
 * idmap.c - entity id -> index map (see idmap.h).
 */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

rg_status idmap_build(const rg_graph *g, rg_idmap *map, rg_error *err)
{
    size_t n = g->n_entities;

    memset(map, 0, sizeof *map);
    map->n = n;
    if (n == 0)
        return RG_OK;
    map->min = g->entities[0].id;
    map->max = g->entities[n - 1].id;
    if (map->max >= map->min && (uint64_t)(map->max - map->min) <= 4 * (uint64_t)n + 1024) {
        size_t span = (size_t)(map->max - map->min) + 1;
        map->table = malloc(span * sizeof *map->table);
        if (!map->table)
            return rg_fail(err, RG_ERR_NOMEM, "entity index: out of memory");
        for (size_t k = 0; k < span; k++)
            map->table[k] = -1;
        for (size_t v = 0; v < n; v++)
            map->table[g->entities[v].id - map->min] = (long)v;
        return RG_OK;
    }
    map->ids = malloc(n * sizeof *map->ids);
    if (!map->ids)
        return rg_fail(err, RG_ERR_NOMEM, "entity index: out of memory");
    for (size_t v = 0; v < n; v++)
        map->ids[v] = g->entities[v].id;
    return RG_OK;
}

void idmap_free(rg_idmap *map)
{
    free(map->table);
    free(map->ids);
    memset(map, 0, sizeof *map);
}
