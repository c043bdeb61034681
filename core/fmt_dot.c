/*
 * fmt_dot.c - DOT export with Graphviz's cgraph (agopen, agnode, agedge,
 * agsafeset, agwrite), so that quoting and syntax are Graphviz's own.
 *
 * Nodes are "e12" with label = the entity name as Graphviz should draw it
 * (backslashes doubled, control characters as U+FFFD) and the attributes type,
 * aliases and every attrs key; edges carry label = the link type, type,
 * date, topics, evidence_count, symmetric and their attrs, and dir=none for
 * symmetric link types so `dot` draws them without arrow heads.  All values
 * are text in DOT.
 *
 * cgraph holds a whole graph before agwrite, so to keep memory flat the
 * export goes in chunks: up to DOT_CHUNK entities, then up to DOT_CHUNK
 * links (with bare endpoint nodes), each built as its own cgraph graph and
 * written with agwrite into memory; the chunk's "digraph relgraph {" and
 * "}" lines are dropped and its statements go out between one header and
 * footer.  DOT allows a node to be named again without attributes, so the
 * bare endpoints change nothing.
 */
#include "interchange.h"
#include "xmltext.h"

#include <graphviz/cgraph.h>
#include <stdlib.h>
#include <string.h>

/* cgraph's cost per element grows with the graph's size (its dictionaries
 * and agwrite's passes), so small chunks are faster as well as flatter:
 * on a million links, 4096 took 10.1 s of CPU, 128 took 6.1 s, 64 no less. */
#define DOT_CHUNK 128

typedef struct dot_writer {
    Agraph_t *g;                /* the current chunk */
    size_t in_chunk;
    FILE *out;
    const rg_source *src;
    rg_strlist *warnings;
    bool warned_alias, warned_topic;
} dot_writer;

/* Writes the chunk's statements (agwrite's output without its first and
 * last lines) and starts a new, empty chunk. */
static rg_status flush_chunk(dot_writer *dw, rg_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem;
    rg_status rc = RG_OK;

    if (dw->in_chunk == 0)
        return RG_OK;
    if (!(mem = open_memstream(&buf, &len)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if (agwrite(dw->g, mem) == EOF)
        rc = rg_fail(err, RG_ERR_INTERNAL, "dot: cgraph could not write the graph");
    if (fclose(mem) != 0 && rc == RG_OK)
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if (rc == RG_OK) {
        char *first = memchr(buf, '\n', len);
        char *last = len >= 2 ? buf + len - 2 : buf;     /* "}\n" ends the graph */
        if (!first || strcmp(last, "}\n") != 0)
            rc = rg_fail(err, RG_ERR_INTERNAL, "dot: unexpected agwrite output");
        else if (last > first + 1
                 && fwrite(first + 1, 1, (size_t)(last - first - 1), dw->out)
                    != (size_t)(last - first - 1))
            rc = rg_fail(err, RG_ERR_IO, "dot: write failed");
    }
    free(buf);
    agclose(dw->g);
    dw->in_chunk = 0;
    dw->g = agopen("relgraph", Agdirected, NULL);
    if (!dw->g && rc == RG_OK)
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
    return rc;
}

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

/* The label Graphviz draws for a name: a label is an escString, where
 * "\N" means the node's id and "\L" a line end, so backslashes are
 * doubled; and control characters, which Graphviz would copy into SVG
 * output that XML then refuses, become U+FFFD (xmltext.h).  Caller frees. */
static char *drawable_label(const char *name)
{
    char *clean = xml_text_clean(name), *out, *o;
    size_t n = 0;

    if (!clean)
        return NULL;
    for (const char *p = clean; *p; p++)
        n += *p == '\\' ? 2 : 1;
    if ((out = malloc(n + 1))) {
        o = out;
        for (const char *p = clean; *p; p++) {
            if (*p == '\\')
                *o++ = '\\';
            *o++ = *p;
        }
        *o = '\0';
    }
    free(clean);
    return out;
}

static rg_status add_node(void *ctx, const rg_entity *e, rg_error *err)
{
    dot_writer *dw = ctx;
    char id[32];
    Agnode_t *n;

    if (dw->in_chunk == DOT_CHUNK && flush_chunk(dw, err) != RG_OK)
        return err ? err->code : RG_ERR_IO;
    dw->in_chunk++;
    id_text(id, 'e', e->id);
    if (!(n = agnode(dw->g, id, 1)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    {
        char *label = drawable_label(e->name);
        if (!label)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        set(n, "label", label);
        free(label);
    }
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
    if (dw->in_chunk == DOT_CHUNK && flush_chunk(dw, err) != RG_OK)
        return err ? err->code : RG_ERR_IO;
    dw->in_chunk++;
    a = agnode(dw->g, s, 1);    /* bare: its attributes went out with the entities */
    b = agnode(dw->g, t, 1);
    if (!a || !b)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
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
    dw.out = out;
    dw.warnings = warnings;
    dw.g = agopen("relgraph", Agdirected, NULL);
    if (!dw.g)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if (fputs("digraph relgraph {\n", out) == EOF) {
        rc = rg_fail(err, RG_ERR_IO, "dot: write failed");
        goto done;
    }
    if ((rc = source_each_entity(src, RG_LOAD_ALIASES | RG_LOAD_ATTRS, add_node, &dw,
                                 err)) != RG_OK
        || (rc = flush_chunk(&dw, err)) != RG_OK
        || (rc = source_each_link(src, RG_LOAD_TOPICS | RG_LOAD_ATTRS, add_edge, &dw,
                                  err)) != RG_OK
        || (rc = flush_chunk(&dw, err)) != RG_OK)
        goto done;
    if (fputs("}\n", out) == EOF || fflush(out) != 0)
        rc = rg_fail(err, RG_ERR_IO, "dot: write failed");
done:
    if (dw.g)
        agclose(dw.g);
    return rc;
}
