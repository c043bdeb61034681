/*
 * select.c - the shared SELECTION options (see select.h): parsing, checking
 * against the pack, resolving --ego, and cutting the sub-graph.
 *
 * Cutting works on two keep-masks (one per entity, one per link) computed in
 * passes: entity types, then link filters and endpoints, then dropping
 * entities a link filter left bare, then the ego ball.  The ego ball is a
 * breadth-first search over a compressed adjacency of the kept links; it is
 * done here rather than with igraph so that this file (shared with render/)
 * needs no igraph graph, and a BFS over CSR arrays is O(n + m) anyway.
 */
#include "select.h"

#include "idmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/strlist.h"

bool select_is_option(int opt)
{
    return opt >= RG_SELOPT_TYPES && opt <= RG_SELOPT_DEPTH;
}

static rg_status parse_count(const char *opt, const char *arg, long min, long max,
                             long *out, rg_error *err)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < min || v > max)
        return rg_fail(err, RG_ERR_USAGE, "%s: '%s' is not a whole number from %ld to %ld",
                       opt, arg, min, max);
    *out = v;
    return RG_OK;
}

/* Appends the comma-separated names of arg to list (no empty names). */
static rg_status push_list(rg_strlist *list, const char *opt, const char *arg, rg_error *err)
{
    const char *p = arg;

    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char buf[RG_TYPE_MAX];

        if (n == 0 || n >= sizeof buf)
            return rg_fail(err, RG_ERR_USAGE, "%s: '%s' is not a comma-separated list of type names",
                           opt, arg);
        memcpy(buf, p, n);
        buf[n] = '\0';
        if (rg_strlist_push_unique(list, buf) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", opt);
        if (!comma)
            return RG_OK;
        p = comma + 1;
    }
}

rg_status select_parse_option(rg_selection *sel, int opt, const char *arg, rg_error *err)
{
    long v;

    switch (opt) {
    case RG_SELOPT_TYPES:
        return push_list(&sel->link_types, "--types", arg, err);
    case RG_SELOPT_ENTITY_TYPES:
        return push_list(&sel->entity_types, "--entity-types", arg, err);
    case RG_SELOPT_AS_OF:
        if (!rg_date_valid(arg))
            return rg_fail(err, RG_ERR_USAGE, "--as-of: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                           arg);
        rg_copy_fixed(sel->as_of, sizeof sel->as_of, arg);
        return RG_OK;
    case RG_SELOPT_DATED_ONLY:
        sel->dated_only = true;
        return RG_OK;
    case RG_SELOPT_MIN_EVIDENCE:
        if (parse_count("--min-evidence", arg, 0, 1000000000L, &v, err) != RG_OK)
            return RG_ERR_USAGE;
        sel->min_evidence = v;
        return RG_OK;
    case RG_SELOPT_EGO: {
        char *copy = strdup(arg);
        if (!copy)
            return rg_fail(err, RG_ERR_NOMEM, "--ego: out of memory");
        if (!*copy) {
            free(copy);
            return rg_fail(err, RG_ERR_USAGE, "--ego: the entity name is empty");
        }
        free(sel->ego);
        sel->ego = copy;
        return RG_OK;
    }
    case RG_SELOPT_DEPTH:
        if (parse_count("--depth", arg, 0, 1000000, &v, err) != RG_OK)
            return RG_ERR_USAGE;
        sel->depth = (int)v;
        if (v == 0)
            sel->depth = -1;    /* explicit 0: the ego alone */
        return RG_OK;
    default:
        return rg_fail(err, RG_ERR_INTERNAL, "select_parse_option: option %d is no selection option",
                       opt);
    }
}

static bool has_link_filter(const rg_selection *sel)
{
    return sel->link_types.len || sel->as_of[0] || sel->dated_only || sel->min_evidence > 0;
}

bool select_is_active(const rg_selection *sel)
{
    return has_link_filter(sel) || sel->entity_types.len || sel->ego || sel->ego_id;
}

/* "a, b, c" of every name in a pack's table, into buf. */
static void list_valid(char *buf, size_t n, const rg_pack *pack, bool links)
{
    size_t count = links ? pack->n_link_types : pack->n_entity_types, used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < count && used + 1 < n; i++) {
        const char *name = links ? pack->link_types[i].name : pack->entity_types[i].name;
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

rg_status select_check(const rg_selection *sel, const rg_pack *pack, rg_error *err)
{
    char valid[600];

    if (sel->depth != 0 && !sel->ego && !sel->ego_id)
        return rg_fail(err, RG_ERR_USAGE, "--depth: needs --ego ENTITY (the centre of the ball)");
    if (!pack)
        return RG_OK;
    for (size_t i = 0; i < sel->link_types.len; i++)
        if (!pack_link_type(pack, sel->link_types.items[i])) {
            list_valid(valid, sizeof valid, pack, true);
            return rg_fail(err, RG_ERR_USAGE, "--types: unknown link type '%s' (valid: %s)",
                           sel->link_types.items[i], valid);
        }
    for (size_t i = 0; i < sel->entity_types.len; i++)
        if (!pack_entity_type(pack, sel->entity_types.items[i])) {
            list_valid(valid, sizeof valid, pack, false);
            return rg_fail(err, RG_ERR_USAGE, "--entity-types: unknown entity type '%s' (valid: %s)",
                           sel->entity_types.items[i], valid);
        }
    return RG_OK;
}

rg_status select_resolve(rg_selection *sel, rg_store *st, rg_error *err)
{
    if (!sel->ego)
        return RG_OK;
    if (store_resolve_entity(st, sel->ego, &sel->ego_id, err) != RG_OK)
        return rg_error_prefix(err, "--ego");
    return RG_OK;
}

bool select_date_on_or_before(const char *date, const char *limit)
{
    size_t n = strlen(date), k = strlen(limit);

    if (n == 0)
        return false;
    if (n > k)
        n = k;
    return strncmp(date, limit, n) <= 0;
}

bool select_keeps_link(const rg_selection *sel, const rg_link *l)
{
    if (sel->link_types.len && !rg_strlist_contains(&sel->link_types, l->type))
        return false;
    if (sel->min_evidence > 0 && l->n_evidence < (size_t)sel->min_evidence)
        return false;
    if (!l->date[0])
        return !sel->dated_only;
    if (sel->as_of[0] && !select_date_on_or_before(l->date, sel->as_of))
        return false;
    return true;
}

/* The masks say what stays; ends[2*i], ends[2*i+1] are link i's endpoint
 * indices into g->entities (-1 when absent from g). */
typedef struct masks {
    bool *entity;
    bool *link;
    long *ends;
} masks;

static void masks_free(masks *m)
{
    free(m->entity);
    free(m->link);
    free(m->ends);
}

/* Keeps, among the links already kept, only those inside the ball of radius
 * depth around entity index ego; entities likewise. */
static rg_status ego_ball(const rg_graph *g, masks *m, long ego, int depth, rg_error *err)
{
    size_t n = g->n_entities, mcount = g->n_links;
    size_t *start = calloc(n + 1, sizeof *start);
    long *adj = NULL, *queue = NULL;
    int *dist = NULL;
    rg_status rc = RG_ERR_NOMEM;
    size_t head = 0, tail = 0;

    if (!start)
        goto fail;
    for (size_t i = 0; i < mcount; i++)
        if (m->link[i]) {
            start[m->ends[2 * i] + 1]++;
            start[m->ends[2 * i + 1] + 1]++;
        }
    for (size_t v = 0; v < n; v++)
        start[v + 1] += start[v];
    adj = malloc((start[n] ? start[n] : 1) * sizeof *adj);
    queue = malloc((n ? n : 1) * sizeof *queue);
    dist = malloc((n ? n : 1) * sizeof *dist);
    if (!adj || !queue || !dist)
        goto fail;
    {
        size_t *fill = malloc((n ? n : 1) * sizeof *fill);
        if (!fill)
            goto fail;
        memcpy(fill, start, n * sizeof *fill);
        for (size_t i = 0; i < mcount; i++)
            if (m->link[i]) {
                long a = m->ends[2 * i], b = m->ends[2 * i + 1];
                adj[fill[a]++] = b;
                adj[fill[b]++] = a;
            }
        free(fill);
    }
    for (size_t v = 0; v < n; v++)
        dist[v] = -1;
    dist[ego] = 0;
    queue[tail++] = ego;
    while (head < tail) {
        long v = queue[head++];
        if (dist[v] >= depth)
            continue;
        for (size_t k = start[v]; k < start[v + 1]; k++)
            if (dist[adj[k]] < 0) {
                dist[adj[k]] = dist[v] + 1;
                queue[tail++] = adj[k];
            }
    }
    for (size_t v = 0; v < n; v++)
        m->entity[v] = dist[v] >= 0;
    for (size_t i = 0; i < mcount; i++)
        m->link[i] = m->link[i] && dist[m->ends[2 * i]] >= 0 && dist[m->ends[2 * i + 1]] >= 0;
    rc = RG_OK;
fail:
    free(start);
    free(adj);
    free(queue);
    free(dist);
    if (rc != RG_OK)
        rg_fail(err, rc, "selection: out of memory");
    return rc;
}

static rg_status compute_masks(const rg_selection *sel, const rg_graph *g, masks *m,
                               rg_error *err)
{
    size_t n = g->n_entities, mcount = g->n_links;
    long ego = -1;
    rg_idmap map;

    if (idmap_build(g, &map, err) != RG_OK)
        return RG_ERR_NOMEM;
    m->entity = malloc((n ? n : 1) * sizeof *m->entity);
    m->link = malloc((mcount ? mcount : 1) * sizeof *m->link);
    m->ends = malloc((mcount ? 2 * mcount : 1) * sizeof *m->ends);
    if (!m->entity || !m->link || !m->ends) {
        masks_free(m);
        idmap_free(&map);
        return rg_fail(err, RG_ERR_NOMEM, "selection: out of memory");
    }
    for (size_t v = 0; v < n; v++)
        m->entity[v] = !sel->entity_types.len ||
                       rg_strlist_contains(&sel->entity_types, g->entities[v].type);
    for (size_t i = 0; i < mcount; i++) {
        const rg_link *l = &g->links[i];
        long a = idmap_find(&map, l->source), b = idmap_find(&map, l->target);
        m->ends[2 * i] = a;
        m->ends[2 * i + 1] = b;
        m->link[i] = a >= 0 && b >= 0 && m->entity[a] && m->entity[b] && select_keeps_link(sel, l);
    }
    idmap_free(&map);
    if (has_link_filter(sel)) {
        bool *touched = calloc(n ? n : 1, sizeof *touched);
        if (!touched) {
            masks_free(m);
            return rg_fail(err, RG_ERR_NOMEM, "selection: out of memory");
        }
        for (size_t i = 0; i < mcount; i++)
            if (m->link[i])
                touched[m->ends[2 * i]] = touched[m->ends[2 * i + 1]] = true;
        if (sel->ego_id)
            ego = rg_graph_entity_index(g, sel->ego_id);
        for (size_t v = 0; v < n; v++)
            m->entity[v] = m->entity[v] && (touched[v] || (long)v == ego);
        free(touched);
    }
    if (sel->ego || sel->ego_id) {
        const rg_entity *e = rg_graph_entity(g, sel->ego_id);
        ego = e ? (long)(e - g->entities) : -1;
        if (ego < 0 || !m->entity[ego]) {
            masks_free(m);
            if (ego < 0)
                return rg_fail(err, RG_ERR_NOT_FOUND, "--ego: entity %lld is not in the graph",
                               (long long)sel->ego_id);
            return rg_fail(err, RG_ERR_NOT_FOUND,
                           "--ego: '%s' is a %s, which --entity-types leaves out", e->name, e->type);
        }
        if (ego_ball(g, m, ego, sel->depth == 0 ? 1 : sel->depth < 0 ? 0 : sel->depth, err) != RG_OK) {
            masks_free(m);
            return err ? err->code : RG_ERR_NOMEM;
        }
    }
    return RG_OK;
}

rg_status select_apply(const rg_selection *sel, const rg_graph *g, rg_graph *out,
                       rg_error *err)
{
    masks m = {0};
    rg_status rc;

    rc = compute_masks(sel, g, &m, err);
    if (rc != RG_OK)
        return rc;
    for (size_t v = 0; v < g->n_entities; v++)
        if (m.entity[v] && (rc = rg_graph_add_entity(out, &g->entities[v])) != RG_OK)
            goto fail;
    for (size_t i = 0; i < g->n_links; i++)
        if (m.link[i] && (rc = rg_graph_add_link(out, &g->links[i])) != RG_OK)
            goto fail;
    for (size_t d = 0; d < g->n_documents; d++)
        if ((rc = rg_graph_add_document(out, &g->documents[d])) != RG_OK)
            goto fail;
    masks_free(&m);
    return RG_OK;
fail:
    masks_free(&m);
    rg_graph_free(out);
    return rg_fail(err, rc, "selection: out of memory");
}

rg_status select_load(const rg_selection *sel, rg_store *st, unsigned flags, rg_graph *out,
                      rg_error *err)
{
    if (sel->ego_id) {
        int depth = sel->depth == 0 ? 1 : sel->depth < 0 ? 0 : sel->depth;
        rg_status rc = store_load_ball(st, sel->ego_id, depth, SELECT_BALL_MAX, flags, out, err);
        if (rc != RG_ERR_LIMIT)
            return rc;
        rg_error_clear(err);
    }
    return store_load_graph(st, flags, out, err);
}

rg_status select_filter(const rg_selection *sel, rg_graph *g, rg_error *err)
{
    masks m = {0};
    size_t kept = 0;
    rg_status rc;

    if (!select_is_active(sel))
        return RG_OK;           /* keeps everything: skip the passes */
    rc = compute_masks(sel, g, &m, err);
    if (rc != RG_OK)
        return rc;
    /* From here nothing can fail, so g changes only on success. */
    for (size_t v = 0; v < g->n_entities; v++) {
        if (m.entity[v])
            g->entities[kept++] = g->entities[v];
        else
            rg_entity_clear(&g->entities[v]);
    }
    g->n_entities = kept;
    kept = 0;
    for (size_t i = 0; i < g->n_links; i++) {
        if (m.link[i])
            g->links[kept++] = g->links[i];
        else
            rg_link_clear(&g->links[i]);
    }
    g->n_links = kept;
    masks_free(&m);
    return RG_OK;
}

void select_free(rg_selection *sel)
{
    rg_strlist_free(&sel->link_types);
    rg_strlist_free(&sel->entity_types);
    free(sel->ego);
    memset(sel, 0, sizeof *sel);
}
