/*
 * fmt_dot.c - DOT export with Graphviz's cgraph (agopen, agnode, agedge,
 * agsafeset, agwrite), so that quoting and syntax are Graphviz's own.
 *
 * Nodes are "e12" with label = the entity name and the attributes type,
 * aliases and every attrs key; edges carry label = the link type, type,
 * date, topics, evidence_count, symmetric and their attrs, and dir=none for
 * symmetric link types so `dot` draws them without arrow heads.  All values
 * are text in DOT.  cgraph holds the whole graph before agwrite, so unlike
 * the other writers this one's memory grows with the graph.
 */
#include "interchange.h"

#include <graphviz/cgraph.h>
#include <stdlib.h>
#include <string.h>

typedef struct dot_writer {
    Agraph_t *g;
    const rg_source *src;
    rg_strlist *warnings;
    bool warned_alias, warned_topic;
} dot_writer;

static const char *const node_fixed[] = {"label", "type", "aliases", NULL};
static const char *const edge_fixed[] = {"label", "type", "date", "topics", "evidence_count",
                                         "symmetric", "dir", NULL};

static int set(void *obj, const char *name, const char *value)
{
    return agsafeset(obj, (char *)name, (char *)value, "");
}

/* Copies attrs onto a node or edge; keys that clash with ours get "attr_". */
static rg_status set_attrs(dot_writer *dw, void *obj, const char *attrs,
                           const char *const *fixed, const char *what, rg_error *err)
{
    json_t *o, *v;
    const char *key;
    char name[300];

    if (!attrs || strcmp(attrs, "{}") == 0)
        return RG_OK;
    if (!(o = json_loads(attrs, 0, NULL)))
        return rg_fail(err, RG_ERR_INVALID, "%s attrs are not JSON", what);
    json_object_foreach(o, key, v) {
        bool clash = false;
        for (size_t i = 0; fixed[i]; i++)
            clash |= strcmp(fixed[i], key) == 0;
        snprintf(name, sizeof name, "%s%s", clash ? "attr_" : "", key);
        if (clash)
            warn_add(dw->warnings, "%s attribute '%s' clashes with relgraph's own '%s': "
                     "written to dot as '%s'", what, key, key, name);
        if (json_is_object(v) || json_is_array(v))
            warn_add(dw->warnings, "%s attribute '%s' holds JSON objects or arrays: written "
                     "to dot as JSON text", what, key);
        char *text = attr_value_text(v, RG_AK_STRING);
        if (text)
            set(obj, name, text);
        free(text);
    }
    json_decref(o);
    return RG_OK;
}

static rg_status add_node(void *ctx, const rg_entity *e, rg_error *err)
{
    dot_writer *dw = ctx;
    char id[32];
    Agnode_t *n;

    id_text(id, 'e', e->id);
    if (!(n = agnode(dw->g, id, 1)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    set(n, "label", e->name);
    set(n, "type", e->type);
    if (e->aliases.len) {
        char *a = list_join(&e->aliases, "alias", "dot", dw->warnings, &dw->warned_alias);
        if (!a)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        set(n, "aliases", a);
        free(a);
    }
    return set_attrs(dw, n, e->attrs, node_fixed, "entity", err);
}

static rg_status add_edge(void *ctx, const rg_link *l, rg_error *err)
{
    dot_writer *dw = ctx;
    const rg_link_type *lt = dw->src->pack ? pack_link_type(dw->src->pack, l->type) : NULL;
    char s[32], t[32], id[32], count[32];
    Agnode_t *a, *b;
    Agedge_t *e;

    id_text(s, 'e', l->source);
    id_text(t, 'e', l->target);
    id_text(id, 'l', l->id);
    id_text(count, 0, (rg_id)l->n_evidence);
    a = agnode(dw->g, s, 0);
    b = agnode(dw->g, t, 0);
    if (!a || !b)
        return rg_fail(err, RG_ERR_INVALID, "link l%lld joins an entity that does not exist",
                       (long long)l->id);
    if (!(e = agedge(dw->g, a, b, id, 1)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    set(e, "label", l->type);
    set(e, "type", l->type);
    if (l->date[0])
        set(e, "date", l->date);
    if (l->topics.len) {
        char *tp = list_join(&l->topics, "topic", "dot", dw->warnings, &dw->warned_topic);
        if (!tp)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        set(e, "topics", tp);
        free(tp);
    }
    set(e, "evidence_count", count);
    set(e, "symmetric", lt && lt->symmetric ? "true" : "false");
    if (lt && lt->symmetric)
        set(e, "dir", "none");
    return set_attrs(dw, e, l->attrs, edge_fixed, "link", err);
}

rg_status dot_write(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err)
{
    dot_writer dw = {0};
    rg_status rc;

    dw.src = src;
    dw.warnings = warnings;
    dw.g = agopen("relgraph", Agdirected, NULL);
    if (!dw.g)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if ((rc = source_each_entity(src, RG_LOAD_ALIASES | RG_LOAD_ATTRS, add_node, &dw,
                                 err)) != RG_OK
        || (rc = source_each_link(src, RG_LOAD_TOPICS | RG_LOAD_ATTRS, add_edge, &dw,
                                  err)) != RG_OK)
        goto done;
    if (agwrite(dw.g, out) == EOF || fflush(out) != 0)
        rc = rg_fail(err, RG_ERR_IO, "dot: write failed");
done:
    agclose(dw.g);
    return rc;
}
