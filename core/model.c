/*
 * model.c - the in-memory graph (see model.h): deep copies in, sorted
 * arrays, binary search by id, and release.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s, bool *failed)
{
    char *copy;

    if (!s)
        return NULL;
    copy = strdup(s);
    if (!copy)
        *failed = true;
    return copy;
}

/* Grows *items (of element size `size`) so one more fits. */
static rg_status reserve_one(void **items, size_t *cap, size_t len, size_t size)
{
    if (len < *cap)
        return RG_OK;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, ncap * size);
    if (!p)
        return RG_ERR_NOMEM;
    *items = p;
    *cap = ncap;
    return RG_OK;
}

void rg_copy_fixed(char *dst, size_t n, const char *src)
{
    if (n == 0)
        return;
    if (!src)
        src = "";
    size_t len = strlen(src);
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

rg_status rg_graph_add_entity(rg_graph *g, const rg_entity *e)
{
    rg_entity copy = {0};
    bool failed = false;

    if (reserve_one((void **)&g->entities, &g->cap_entities, g->n_entities, sizeof copy))
        return RG_ERR_NOMEM;
    copy.id = e->id;
    memcpy(copy.type, e->type, sizeof copy.type);
    copy.name = dup_or_null(e->name, &failed);
    copy.attrs = dup_or_null(e->attrs, &failed);
    if (failed || rg_strlist_copy(&copy.aliases, &e->aliases) != RG_OK)
        goto fail;
    g->entities[g->n_entities++] = copy;
    return RG_OK;
fail:
    rg_entity_clear(&copy);
    return RG_ERR_NOMEM;
}

rg_status rg_graph_take_entity(rg_graph *g, rg_entity *e)
{
    if (reserve_one((void **)&g->entities, &g->cap_entities, g->n_entities, sizeof *e))
        return RG_ERR_NOMEM;
    g->entities[g->n_entities++] = *e;
    memset(e, 0, sizeof *e);
    return RG_OK;
}

rg_status rg_graph_take_link(rg_graph *g, rg_link *l)
{
    if (reserve_one((void **)&g->links, &g->cap_links, g->n_links, sizeof *l))
        return RG_ERR_NOMEM;
    g->links[g->n_links++] = *l;
    memset(l, 0, sizeof *l);
    return RG_OK;
}

rg_status rg_graph_take_document(rg_graph *g, rg_document *d)
{
    if (reserve_one((void **)&g->documents, &g->cap_documents, g->n_documents, sizeof *d))
        return RG_ERR_NOMEM;
    g->documents[g->n_documents++] = *d;
    memset(d, 0, sizeof *d);
    return RG_OK;
}

static rg_status copy_evidence(rg_link *dst, const rg_link *src)
{
    if (!src->evidence || src->n_evidence == 0)
        return RG_OK;
    dst->evidence = calloc(src->n_evidence, sizeof *dst->evidence);
    if (!dst->evidence)
        return RG_ERR_NOMEM;
    for (size_t i = 0; i < src->n_evidence; i++) {
        bool failed = false;
        dst->evidence[i] = src->evidence[i];
        dst->evidence[i].text = dup_or_null(src->evidence[i].text, &failed);
        if (failed)
            return RG_ERR_NOMEM;
    }
    return RG_OK;
}

rg_status rg_graph_add_link(rg_graph *g, const rg_link *l)
{
    rg_link copy = {0};
    bool failed = false;

    if (reserve_one((void **)&g->links, &g->cap_links, g->n_links, sizeof copy))
        return RG_ERR_NOMEM;
    copy.id = l->id;
    memcpy(copy.type, l->type, sizeof copy.type);
    copy.source = l->source;
    copy.target = l->target;
    memcpy(copy.date, l->date, sizeof copy.date);
    copy.attrs = dup_or_null(l->attrs, &failed);
    copy.n_evidence = l->n_evidence;
    if (failed || rg_strlist_copy(&copy.topics, &l->topics) != RG_OK ||
        copy_evidence(&copy, l) != RG_OK)
        goto fail;
    g->links[g->n_links++] = copy;
    return RG_OK;
fail:
    rg_link_clear(&copy);
    return RG_ERR_NOMEM;
}

rg_status rg_graph_add_document(rg_graph *g, const rg_document *d)
{
    rg_document copy = *d;
    bool failed = false;

    if (reserve_one((void **)&g->documents, &g->cap_documents, g->n_documents, sizeof copy))
        return RG_ERR_NOMEM;
    copy.name = dup_or_null(d->name, &failed);
    copy.title = dup_or_null(d->title, &failed);
    if (failed) {
        rg_document_clear(&copy);
        return RG_ERR_NOMEM;
    }
    g->documents[g->n_documents++] = copy;
    return RG_OK;
}

/* Ids of a fresh database are dense (id n at index n - 1), so that slot is
 * tried first: a million-link selection does two lookups per link, and the
 * binary search's cache misses were half the time of an ego render. */
#define DEFINE_BSEARCH(fn, type, field, count)                         \
    const type *fn(const rg_graph *g, rg_id id)                         \
    {                                                                   \
        size_t lo = 0, hi = g->count;                                   \
        if (id >= 1 && (uint64_t)id <= (uint64_t)g->count &&            \
            g->field[id - 1].id == id)                                  \
            return &g->field[id - 1];                                   \
        while (lo < hi) {                                               \
            size_t mid = lo + (hi - lo) / 2;                            \
            if (g->field[mid].id < id)                                  \
                lo = mid + 1;                                           \
            else                                                        \
                hi = mid;                                               \
        }                                                               \
        return lo < g->count && g->field[lo].id == id ? &g->field[lo] : NULL; \
    }

DEFINE_BSEARCH(rg_graph_entity, rg_entity, entities, n_entities)
DEFINE_BSEARCH(rg_graph_link, rg_link, links, n_links)
DEFINE_BSEARCH(rg_graph_document, rg_document, documents, n_documents)

long rg_graph_entity_index(const rg_graph *g, rg_id id)
{
    const rg_entity *e = rg_graph_entity(g, id);
    return e ? (long)(e - g->entities) : -1;
}

static int by_entity_id(const void *a, const void *b)
{
    rg_id x = ((const rg_entity *)a)->id, y = ((const rg_entity *)b)->id;
    return (x > y) - (x < y);
}

static int by_link_id(const void *a, const void *b)
{
    rg_id x = ((const rg_link *)a)->id, y = ((const rg_link *)b)->id;
    return (x > y) - (x < y);
}

static int by_document_id(const void *a, const void *b)
{
    rg_id x = ((const rg_document *)a)->id, y = ((const rg_document *)b)->id;
    return (x > y) - (x < y);
}

void rg_graph_sort(rg_graph *g)
{
    if (g->n_entities > 1)
        qsort(g->entities, g->n_entities, sizeof *g->entities, by_entity_id);
    if (g->n_links > 1)
        qsort(g->links, g->n_links, sizeof *g->links, by_link_id);
    if (g->n_documents > 1)
        qsort(g->documents, g->n_documents, sizeof *g->documents, by_document_id);
}

void rg_entity_clear(rg_entity *e)
{
    free(e->name);
    free(e->attrs);
    rg_strlist_free(&e->aliases);
    e->name = e->attrs = NULL;
}

void rg_link_clear(rg_link *l)
{
    if (l->evidence)
        for (size_t i = 0; i < l->n_evidence; i++)
            free(l->evidence[i].text);
    free(l->evidence);
    free(l->attrs);
    rg_strlist_free(&l->topics);
    l->evidence = NULL;
    l->attrs = NULL;
}

void rg_document_clear(rg_document *d)
{
    free(d->name);
    free(d->title);
    d->name = d->title = NULL;
}

void rg_graph_free(rg_graph *g)
{
    for (size_t i = 0; i < g->n_entities; i++)
        rg_entity_clear(&g->entities[i]);
    for (size_t i = 0; i < g->n_links; i++)
        rg_link_clear(&g->links[i]);
    for (size_t i = 0; i < g->n_documents; i++)
        rg_document_clear(&g->documents[i]);
    free(g->entities);
    free(g->links);
    free(g->documents);
    memset(g, 0, sizeof *g);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool rg_date_valid(const char *date)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t n = date ? strlen(date) : 0;
    int month, day;

    if (n != 4 && n != 7 && n != 10)
        return false;
    if (!all_digits(date, 4))
        return false;
    if (n == 4)
        return true;
    if (date[4] != '-' || !all_digits(date + 5, 2))
        return false;
    month = (date[5] - '0') * 10 + (date[6] - '0');
    if (month < 1 || month > 12)
        return false;
    if (n == 7)
        return true;
    if (date[7] != '-' || !all_digits(date + 8, 2))
        return false;
    day = (date[8] - '0') * 10 + (date[9] - '0');
    if (day < 1 || day > days[month - 1])
        return false;
    if (month == 2 && day == 29) {
        int year = atoi(date);
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }
    return true;
}
