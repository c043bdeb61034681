/*
 * fmt_dot.c - DOT export: one statement per entity and per link, streamed
 * as the store hands them over, with every ID and value quoted by Graphviz's
 * own canonicaliser (cgraph's agstrcanon, the function agwrite quotes with),
 * so quoting and keywords follow Graphviz exactly.
 *
 * Nodes are "e12" with label = the entity name as Graphviz should draw it
 * (backslashes doubled, control characters as U+FFFD) and the attributes type,
 * aliases and every attrs key; edges are "e1 -> e2" with key = "l7" (the
 * link id; DOT's name for an edge) and label = the link type, type, date,
 * topics, evidence_count, symmetric and their attrs, and dir=none for
 * symmetric link types so `dot` draws them without arrow heads.  All values
 * are text in DOT.
 *
 * Why not build a cgraph graph and agwrite it: cgraph holds the whole graph
 * in memory, and even in chunks of 128 elements (agopen, agnode/agedge,
 * agsafeset, agwrite, agclose per chunk) its string dictionaries and
 * teardown cost 2.5 times the rest of the export: 21 MB/s on a million
 * links against the 50 MB/s that every export must reach.  Writing the
 * statements directly keeps memory flat and runs at the speed of the store;
 * the tests read every export back with cgraph's agread and compare each
 * node, edge and attribute value, so the output stays Graphviz's DOT.
 */
#include "interchange.h"
#include "xmltext.h"

#include <graphviz/cgraph.h>
#include <stdlib.h>
#include <string.h>

typedef struct dot_writer {
    FILE *out;
    const rg_source *src;
    rg_strlist *warnings;
    bool warned_alias, warned_topic;
    char *canon;                /* agstrcanon's output buffer */
    size_t canon_cap;
    bool first_attr;            /* no ", " before the next attribute */
    size_t changed_values;      /* values DOT cannot hold exactly (put_quoted) */
} dot_writer;

/* Quotes a string that holds a backslash or a line end, which agstrcanon
 * copies as they are although DOT's scanner (cgraph's scan.l) reads them
 * otherwise.  In a quoted string the scanner reads \" as a quote, keeps
 * "\\" as two backslashes, drops backslash-newline, and drops a line end
 * that starts one of its tokens (comes right after an escape or a
 * backslash) when a backslash or a quote follows it.  So pairs of
 * backslashes and line ends inside text read back exactly; an odd run of
 * backslashes before a quote, a line end or the end gets one more backslash
 * (else it would escape the closing quote, and a name could end the string
 * and go on with DOT statements of its own); and a line end in the dropped
 * position is lost.  Those two cases are counted in dw->changed_values. */
static rg_status put_quoted(dot_writer *dw, const char *s, rg_error *err)
{
    bool changed = false, in_text = false;     /* in_text: inside a run of plain text */
    int rc = putc('"', dw->out);

    for (const char *p = s; *p && rc != EOF;) {
        if (*p == '\\') {
            size_t run = strspn(p, "\\");
            for (size_t i = 0; i < run && rc != EOF; i++)
                rc = putc('\\', dw->out);
            if ((run & 1) && (p[run] == '"' || p[run] == '\n' || p[run] == '\0')) {
                rc = rc == EOF ? EOF : putc('\\', dw->out);
                changed = true;
            }
            p += run;
            in_text = false;
            continue;
        }
        if (*p == '"') {
            rc = putc('\\', dw->out);
            in_text = false;
        } else {
            if (*p == '\n' && !in_text && (p[1] == '\\' || p[1] == '"' || p[1] == '\0'))
                changed = true;
            in_text = true;
        }
        rc = rc == EOF ? EOF : putc(*p, dw->out);
        p++;
    }
    if (rc == EOF || putc('"', dw->out) == EOF)
        return rg_fail(err, RG_ERR_IO, "dot: write failed");
    dw->changed_values += changed;
    return RG_OK;
}

/* Writes s as a DOT ID: cgraph's agstrcanon decides whether it needs
 * quotes and escapes its quotes (at most 2 bytes per input byte, 2 per line
 * continuation it adds every 128 characters, and the two quotes). */
static rg_status put_id(dot_writer *dw, const char *s, rg_error *err)
{
    size_t need;

    if (strpbrk(s, "\\\n"))
        return put_quoted(dw, s, err);
    need = strlen(s) * 3 + 8;
    if (need > dw->canon_cap) {
        char *grown = realloc(dw->canon, need);
        if (!grown)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        dw->canon = grown;
        dw->canon_cap = need;
    }
    if (fputs(agstrcanon((char *)s, dw->canon), dw->out) == EOF)
        return rg_fail(err, RG_ERR_IO, "dot: write failed");
    return RG_OK;
}

/* Writes one "name=value" inside an attribute list. */
static rg_status put_attr(dot_writer *dw, const char *name, const char *value, rg_error *err)
{
    rg_status rc;

    if (!dw->first_attr && fputs(", ", dw->out) == EOF)
        return rg_fail(err, RG_ERR_IO, "dot: write failed");
    dw->first_attr = false;
    if ((rc = put_id(dw, name, err)) != RG_OK)
        return rc;
    if (fputc('=', dw->out) == EOF)
        return rg_fail(err, RG_ERR_IO, "dot: write failed");
    return put_id(dw, value, err);
}

static const char *const node_fixed[] = {"label", "type", "aliases", NULL};
static const char *const edge_fixed[] = {"key", "label", "type", "date", "topics",
                                         "evidence_count", "symmetric", "dir", NULL};

/* Copies attrs onto a node or edge; keys that clash with ours get "attr_". */
static rg_status put_attrs(dot_writer *dw, const char *attrs, const char *const *fixed,
                           const char *what, rg_error *err)
{
    json_t *o, *v;
    const char *key;
    char name[300];
    rg_status rc = RG_OK;

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
        if (!text) {
            rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
            break;
        }
        rc = put_attr(dw, name, text, err);
        free(text);
        if (rc != RG_OK)
            break;
    }
    json_decref(o);
    return rc;
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

/* Opens a statement's attribute list: "\t" head " [". */
static rg_status open_statement(dot_writer *dw, const char *head, rg_error *err)
{
    if (fputc('\t', dw->out) == EOF || fputs(head, dw->out) == EOF
        || fputs(" [", dw->out) == EOF)
        return rg_fail(err, RG_ERR_IO, "dot: write failed");
    dw->first_attr = true;
    return RG_OK;
}

static rg_status close_statement(dot_writer *dw, rg_error *err)
{
    if (fputs("];\n", dw->out) == EOF)
        return rg_fail(err, RG_ERR_IO, "dot: write failed");
    return RG_OK;
}

static rg_status put_node(void *ctx, const rg_entity *e, rg_error *err)
{
    dot_writer *dw = ctx;
    char id[32], *label = NULL, *aliases = NULL;
    rg_status rc;

    id_text(id, 'e', e->id);
    if (!(label = drawable_label(e->name)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if (e->aliases.len
        && !(aliases = list_join(&e->aliases, "alias", "dot", dw->warnings,
                                 &dw->warned_alias))) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    if ((rc = open_statement(dw, id, err)) != RG_OK
        || (rc = put_attr(dw, "label", label, err)) != RG_OK
        || (rc = put_attr(dw, "type", e->type, err)) != RG_OK
        || (aliases && (rc = put_attr(dw, "aliases", aliases, err)) != RG_OK)
        || (rc = put_attrs(dw, e->attrs, node_fixed, "entity", err)) != RG_OK)
        goto done;
    rc = close_statement(dw, err);
done:
    free(label);
    free(aliases);
    return rc;
}

static rg_status put_edge(void *ctx, const rg_link *l, rg_error *err)
{
    dot_writer *dw = ctx;
    const rg_link_type *lt = dw->src->pack ? pack_link_type(dw->src->pack, l->type) : NULL;
    bool symmetric = lt && lt->symmetric;
    char head[80], s[32], t[32], id[32], count[32], *topics = NULL;
    rg_status rc;

    id_text(s, 'e', l->source);
    id_text(t, 'e', l->target);
    id_text(id, 'l', l->id);
    id_text(count, 0, (rg_id)l->n_evidence);
    snprintf(head, sizeof head, "%s -> %s", s, t);
    if (l->topics.len
        && !(topics = list_join(&l->topics, "topic", "dot", dw->warnings,
                                &dw->warned_topic)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if ((rc = open_statement(dw, head, err)) != RG_OK
        || (rc = put_attr(dw, "key", id, err)) != RG_OK
        || (rc = put_attr(dw, "label", l->type, err)) != RG_OK
        || (rc = put_attr(dw, "type", l->type, err)) != RG_OK
        || (l->date[0] && (rc = put_attr(dw, "date", l->date, err)) != RG_OK)
        || (topics && (rc = put_attr(dw, "topics", topics, err)) != RG_OK)
        || (rc = put_attr(dw, "evidence_count", count, err)) != RG_OK
        || (rc = put_attr(dw, "symmetric", symmetric ? "true" : "false", err)) != RG_OK
        || (symmetric && (rc = put_attr(dw, "dir", "none", err)) != RG_OK)
        || (rc = put_attrs(dw, l->attrs, edge_fixed, "link", err)) != RG_OK)
        goto done;
    rc = close_statement(dw, err);
done:
    free(topics);
    return rc;
}

rg_status dot_write(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err)
{
    dot_writer dw = {0};
    rg_status rc;

    dw.src = src;
    dw.out = out;
    dw.warnings = warnings;
    if (fputs("digraph relgraph {\n", out) == EOF) {
        rc = rg_fail(err, RG_ERR_IO, "dot: write failed");
        goto done;
    }
    if ((rc = source_each_entity(src, RG_LOAD_ALIASES | RG_LOAD_ATTRS, put_node, &dw,
                                 err)) != RG_OK
        || (rc = source_each_link(src, RG_LOAD_TOPICS | RG_LOAD_ATTRS, put_edge, &dw,
                                  err)) != RG_OK)
        goto done;
    if (fputs("}\n", out) == EOF || fflush(out) != 0)
        rc = rg_fail(err, RG_ERR_IO, "dot: write failed");
    if (dw.changed_values)
        warn_add(warnings, "%zu value%s could not be written exactly: DOT cannot hold a "
                 "backslash before a quote or a line end, nor a line end before a backslash "
                 "or a quote (written with one more backslash, or without that line end)",
                 dw.changed_values, dw.changed_values == 1 ? "" : "s");
done:
    free(dw.canon);
    return rc;
}
