/*
 * fmt_gexf.c - GEXF 1.3 export for Gephi, with libxml2's xmlTextWriter.
 *
 * Like the GraphML writer it walks the source twice: once to declare every
 * attrs key as a typed <attribute>, once to stream nodes and edges.  The
 * graph is "dynamic" with timeformat "date": each dated link gets a `start`
 * so Gephi's timeline plays the network's growth.  GEXF dates are full
 * xsd:dates, so "1995" starts at 1995-01-01 and "1995-04" at 1995-04-01; the
 * link's own date is kept exactly in the "date" attribute.  Node labels are
 * entity names, edge labels link types; symmetric link types carry
 * symmetric=true rather than GEXF's per-edge type="undirected", which Gephi
 * accepts but networkx refuses in a directed graph.
 */
#include "interchange.h"
#include "xmltext.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))

typedef struct gexf_writer {
    xmlTextWriterPtr w;
    const rg_source *src;
    const rg_attr_cols *nodes, *edges;
    rg_strlist *warnings;
    bool warned_alias, warned_topic;
} gexf_writer;

static rg_status gexf_fail(rg_error *err)
{
    return rg_fail(err, RG_ERR_IO, "gexf: write failed");
}

static const char *gexf_type(rg_attr_kind k)
{
    switch (k) {
    case RG_AK_BOOL: return "boolean";
    case RG_AK_LONG: return "long";
    case RG_AK_DOUBLE: return "double";
    default: return "string";
    }
}

static int decl(xmlTextWriterPtr w, const char *id, const char *title, const char *type)
{
    if (xmlTextWriterStartElement(w, X("attribute")) < 0
        || xmlTextWriterWriteAttribute(w, X("id"), X(id)) < 0
        || xml_write_attr(w, "title", title) < 0
        || xmlTextWriterWriteAttribute(w, X("type"), X(type)) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int decl_cols(gexf_writer *gx, const rg_attr_cols *c, char prefix,
                     const char *const *fixed, const char *what)
{
    char id[32], title[300];

    for (size_t i = 0; i < c->n; i++) {
        bool clash = false;
        for (size_t f = 0; fixed[f]; f++)
            clash |= strcmp(fixed[f], c->cols[i].key) == 0;
        snprintf(id, sizeof id, "%c%zu", prefix, i);
        snprintf(title, sizeof title, "%s%s", clash ? "attr_" : "", c->cols[i].key);
        if (clash)
            warn_add(gx->warnings, "%s attribute '%s' clashes with relgraph's own '%s': "
                     "written to gexf as '%s'", what, c->cols[i].key, c->cols[i].key, title);
        if (decl(gx->w, id, title, gexf_type(c->cols[i].kind)) < 0)
            return -1;
    }
    return 0;
}

static const char *const node_fixed[] = {"type", "aliases", "label", NULL};
static const char *const edge_fixed[] = {"type", "date", "topics", "evidence_count",
                                         "symmetric", "label", NULL};

static int write_header(gexf_writer *gx)
{
    xmlTextWriterPtr w = gx->w;

    if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0
        || xmlTextWriterStartElement(w, X("gexf")) < 0
        || xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://gexf.net/1.3")) < 0
        || xmlTextWriterWriteAttribute(w, X("xmlns:xsi"),
                                       X("http://www.w3.org/2001/XMLSchema-instance")) < 0
        || xmlTextWriterWriteAttribute(w, X("xsi:schemaLocation"),
                                       X("http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd")) < 0
        || xmlTextWriterWriteAttribute(w, X("version"), X("1.3")) < 0
        || xmlTextWriterStartElement(w, X("meta")) < 0
        || xmlTextWriterWriteElement(w, X("creator"), X("relgraph")) < 0
        || xmlTextWriterWriteElement(w, X("description"),
                                     X("entities and typed links with their evidence counts")) < 0
        || xmlTextWriterEndElement(w) < 0
        || xmlTextWriterStartElement(w, X("graph")) < 0
        || xmlTextWriterWriteAttribute(w, X("defaultedgetype"), X("directed")) < 0
        || xmlTextWriterWriteAttribute(w, X("mode"), X("dynamic")) < 0
        || xmlTextWriterWriteAttribute(w, X("timeformat"), X("date")) < 0
        || xmlTextWriterStartElement(w, X("attributes")) < 0
        || xmlTextWriterWriteAttribute(w, X("class"), X("node")) < 0
        || xmlTextWriterWriteAttribute(w, X("mode"), X("static")) < 0
        || decl(w, "type", "type", "string") < 0
        || decl(w, "aliases", "aliases", "string") < 0
        || decl_cols(gx, gx->nodes, 'n', node_fixed, "entity") < 0
        || xmlTextWriterEndElement(w) < 0
        || xmlTextWriterStartElement(w, X("attributes")) < 0
        || xmlTextWriterWriteAttribute(w, X("class"), X("edge")) < 0
        || xmlTextWriterWriteAttribute(w, X("mode"), X("static")) < 0
        || decl(w, "type", "type", "string") < 0
        || decl(w, "date", "date", "string") < 0
        || decl(w, "topics", "topics", "string") < 0
        || decl(w, "evidence_count", "evidence_count", "integer") < 0
        || decl(w, "symmetric", "symmetric", "boolean") < 0
        || decl_cols(gx, gx->edges, 'e', edge_fixed, "link") < 0
        || xmlTextWriterEndElement(w) < 0)
        return -1;
    return 0;
}

static int attvalue(xmlTextWriterPtr w, const char *for_, const char *value)
{
    if (xmlTextWriterStartElement(w, X("attvalue")) < 0
        || xmlTextWriterWriteAttribute(w, X("for"), X(for_)) < 0
        || xml_write_attr(w, "value", value) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int attr_values(xmlTextWriterPtr w, const rg_attr_cols *c, char prefix,
                       const char *attrs)
{
    json_t *obj;
    char id[32];
    int rc = 0;

    if (!attrs || strcmp(attrs, "{}") == 0)
        return 0;
    if (!(obj = json_loads(attrs, 0, NULL)))
        return -1;
    for (size_t i = 0; i < c->n && rc >= 0; i++) {
        json_t *v = json_object_get(obj, c->cols[i].key);
        if (!v || json_is_null(v))
            continue;
        char *text = attr_value_text(v, c->cols[i].kind);
        snprintf(id, sizeof id, "%c%zu", prefix, i);
        rc = text ? attvalue(w, id, text) : -1;
        free(text);
    }
    json_decref(obj);
    return rc;
}

static rg_status write_node(void *ctx, const rg_entity *e, rg_error *err)
{
    gexf_writer *gx = ctx;
    char id[32];
    char *aliases = NULL;
    int bad;

    id_text(id, 'e', e->id);
    if (e->aliases.len
        && !(aliases = list_join(&e->aliases, "alias", "gexf", gx->warnings, &gx->warned_alias)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    bad = xmlTextWriterStartElement(gx->w, X("node")) < 0
          || xmlTextWriterWriteAttribute(gx->w, X("id"), X(id)) < 0
          || xml_write_attr(gx->w, "label", e->name) < 0
          || xmlTextWriterStartElement(gx->w, X("attvalues")) < 0
          || attvalue(gx->w, "type", e->type) < 0
          || (aliases && attvalue(gx->w, "aliases", aliases) < 0)
          || attr_values(gx->w, gx->nodes, 'n', e->attrs) < 0
          || xmlTextWriterEndElement(gx->w) < 0
          || xmlTextWriterEndElement(gx->w) < 0;
    free(aliases);
    return bad ? gexf_fail(err) : RG_OK;
}

/* "1995" -> "1995-01-01", "1995-04" -> "1995-04-01": GEXF wants full dates. */
static void full_date(const char *date, char out[RG_DATE_MAX])
{
    size_t n = strlen(date);
    snprintf(out, RG_DATE_MAX, "%s%s", date, n == 4 ? "-01-01" : n == 7 ? "-01" : "");
}

static rg_status write_edge(void *ctx, const rg_link *l, rg_error *err)
{
    gexf_writer *gx = ctx;
    const rg_link_type *lt = gx->src->pack ? pack_link_type(gx->src->pack, l->type) : NULL;
    char id[32], s[32], t[32], n[32], start[RG_DATE_MAX];
    char *topics = NULL;
    int bad;

    id_text(id, 'l', l->id);
    id_text(s, 'e', l->source);
    id_text(t, 'e', l->target);
    id_text(n, 0, (rg_id)l->n_evidence);
    full_date(l->date, start);
    if (l->topics.len
        && !(topics = list_join(&l->topics, "topic", "gexf", gx->warnings, &gx->warned_topic)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    bad = xmlTextWriterStartElement(gx->w, X("edge")) < 0
          || xmlTextWriterWriteAttribute(gx->w, X("id"), X(id)) < 0
          || xmlTextWriterWriteAttribute(gx->w, X("source"), X(s)) < 0
          || xmlTextWriterWriteAttribute(gx->w, X("target"), X(t)) < 0
          || xmlTextWriterWriteAttribute(gx->w, X("label"), X(l->type)) < 0
          || (l->date[0] && xmlTextWriterWriteAttribute(gx->w, X("start"), X(start)) < 0)
          || xmlTextWriterStartElement(gx->w, X("attvalues")) < 0
          || attvalue(gx->w, "type", l->type) < 0
          || (l->date[0] && attvalue(gx->w, "date", l->date) < 0)
          || (topics && attvalue(gx->w, "topics", topics) < 0)
          || attvalue(gx->w, "evidence_count", n) < 0
          || attvalue(gx->w, "symmetric", lt && lt->symmetric ? "true" : "false") < 0
          || attr_values(gx->w, gx->edges, 'e', l->attrs) < 0
          || xmlTextWriterEndElement(gx->w) < 0
          || xmlTextWriterEndElement(gx->w) < 0;
    free(topics);
    return bad ? gexf_fail(err) : RG_OK;
}

static rg_status gexf_write_quiet(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err)
{
    rg_attr_cols nodes = {0}, edges = {0};
    gexf_writer gx = {0};
    xmlOutputBufferPtr buf;
    rg_status rc;

    if ((rc = attr_cols_scan(src, &nodes, &edges, err)) != RG_OK)
        goto fail;
    if ((rc = attr_cols_warn(&nodes, "entity", "gexf", warnings)) != RG_OK
        || (rc = attr_cols_warn(&edges, "link", "gexf", warnings)) != RG_OK) {
        rg_fail(err, rc, "out of memory");
        goto fail;
    }
    buf = xmlOutputBufferCreateFile(out, NULL);
    if (!buf || !(gx.w = xmlNewTextWriter(buf))) {
        if (buf)
            xmlOutputBufferClose(buf);
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto fail;
    }
    xmlTextWriterSetIndent(gx.w, 1);
    xmlTextWriterSetIndentString(gx.w, X("  "));
    gx.src = src;
    gx.nodes = &nodes;
    gx.edges = &edges;
    gx.warnings = warnings;
    if (write_header(&gx) < 0 || xmlTextWriterStartElement(gx.w, X("nodes")) < 0) {
        rc = gexf_fail(err);
        goto fail;
    }
    if ((rc = source_each_entity(src, RG_LOAD_ALIASES | RG_LOAD_ATTRS, write_node, &gx,
                                 err)) != RG_OK)
        goto fail;
    if (xmlTextWriterEndElement(gx.w) < 0 || xmlTextWriterStartElement(gx.w, X("edges")) < 0) {
        rc = gexf_fail(err);
        goto fail;
    }
    if ((rc = source_each_link(src, RG_LOAD_TOPICS | RG_LOAD_ATTRS, write_edge, &gx,
                               err)) != RG_OK)
        goto fail;
    if (xmlTextWriterEndDocument(gx.w) < 0 || xmlTextWriterFlush(gx.w) < 0) {
        rc = gexf_fail(err);
        goto fail;
    }
    xmlFreeTextWriter(gx.w);
    attr_cols_free(&nodes);
    attr_cols_free(&edges);
    return fflush(out) == 0 ? RG_OK : gexf_fail(err);
fail:
    if (gx.w)
        xmlFreeTextWriter(gx.w);
    attr_cols_free(&nodes);
    attr_cols_free(&edges);
    return rc;
}

rg_status gexf_write(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err)
{
    rg_xml_quiet q;
    rg_status rc;

    xml_quiet_begin(&q);
    rc = gexf_write_quiet(src, out, warnings, err);
    xml_quiet_end(&q);
    return rc;
}
