/*
 * fmt_graphml.c - GraphML export (libxml2's xmlTextWriter) and import
 * (libxml2's xmlTextReader), for yEd, Cytoscape, networkx and igraph.
 *
 * Export: a first pass over the source learns the attrs keys so that every
 * attribute is declared as a typed <key> in the header (GraphML requires
 * it); the second pass streams nodes and edges.  The graph is directed;
 * each edge carries a boolean "symmetric" (true for symmetric link types such
 * as sister_city) since GraphML readers such as networkx refuse mixed
 * directed/undirected edges.  Key ids are fixed for relgraph's own fields
 * (type, name, aliases; etype, date, topics, evidence_count, symmetric) and
 * "n0", "e0", ... for entity and link attrs.
 *
 * Import: a streaming xmlTextReader walk collects <key> declarations, then
 * turns each <node> and <edge> into an entity or link of the relgraph JSON
 * document, checking types, dates and endpoints as it goes so that errors
 * name the line.  Foreign GraphML (yEd, networkx) is accepted when nodes
 * carry a "type" attribute that the pack knows; a "label" attribute stands
 * for the name when there is no "name", the node id when neither is there.
 * yEd's drawing keys (yfiles.type="nodegraphics", ...) are skipped.
 */
#include "interchange.h"
#include "xmltext.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define X(s) ((const xmlChar *)(s))

/* Attribute names relgraph writes itself; an attrs key equal to one of them
 * is written as "attr_KEY" (with a warning). */
static const char *const node_fixed[] = {"type", "name", "aliases", NULL};
static const char *const edge_fixed[] = {"type", "date", "topics", "evidence_count",
                                         "symmetric", NULL};

static bool is_fixed(const char *const *fixed, const char *key)
{
    for (size_t i = 0; fixed[i]; i++)
        if (strcmp(fixed[i], key) == 0)
            return true;
    return false;
}

static const char *graphml_type(rg_attr_kind k)
{
    switch (k) {
    case RG_AK_BOOL: return "boolean";
    case RG_AK_LONG: return "long";
    case RG_AK_DOUBLE: return "double";
    default: return "string";
    }
}

/* ---- export ----------------------------------------------------------------- */

typedef struct graphml_writer {
    xmlTextWriterPtr w;
    const rg_source *src;
    const rg_attr_cols *nodes, *edges;
    rg_strlist *warnings;
    bool warned_alias, warned_topic;
} graphml_writer;

static rg_status xml_fail(rg_error *err)
{
    return rg_fail(err, RG_ERR_IO, "graphml: write failed");
}

static int write_key(xmlTextWriterPtr w, const char *id, const char *for_, const char *name,
                     const char *type)
{
    if (xmlTextWriterStartElement(w, X("key")) < 0
        || xmlTextWriterWriteAttribute(w, X("id"), X(id)) < 0
        || xmlTextWriterWriteAttribute(w, X("for"), X(for_)) < 0
        || xml_write_attr(w, "attr.name", name) < 0
        || xmlTextWriterWriteAttribute(w, X("attr.type"), X(type)) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int write_attr_keys(graphml_writer *gw, const rg_attr_cols *c, const char *for_,
                           const char *const *fixed)
{
    char id[32], name[300];

    for (size_t i = 0; i < c->n; i++) {
        snprintf(id, sizeof id, "%c%zu", for_[0], i);
        if (is_fixed(fixed, c->cols[i].key)) {
            snprintf(name, sizeof name, "attr_%s", c->cols[i].key);
            warn_add(gw->warnings, "%s attribute '%s' clashes with relgraph's own '%s': "
                     "written to graphml as '%s'", for_[0] == 'n' ? "entity" : "link",
                     c->cols[i].key, c->cols[i].key, name);
        } else {
            snprintf(name, sizeof name, "%s", c->cols[i].key);
        }
        if (write_key(gw->w, id, for_, name, graphml_type(c->cols[i].kind)) < 0)
            return -1;
    }
    return 0;
}

static int write_data(xmlTextWriterPtr w, const char *key, const char *text)
{
    if (xmlTextWriterStartElement(w, X("data")) < 0
        || xmlTextWriterWriteAttribute(w, X("key"), X(key)) < 0
        || xml_write_text(w, text) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

/* Writes the <data> of an attrs object, keys in column order. */
static int write_attr_data(xmlTextWriterPtr w, const rg_attr_cols *c, char prefix,
                           const char *attrs)
{
    json_t *obj, *v;
    const char *key;
    char id[32];
    int rc = 0;

    if (!attrs || strcmp(attrs, "{}") == 0)
        return 0;
    obj = json_loads(attrs, 0, NULL);
    if (!obj)
        return -1;
    for (size_t i = 0; i < c->n && rc >= 0; i++) {
        key = c->cols[i].key;
        v = json_object_get(obj, key);
        if (!v || json_is_null(v))
            continue;
        char *text = attr_value_text(v, c->cols[i].kind);
        if (!text) {
            rc = -1;
            break;
        }
        snprintf(id, sizeof id, "%c%zu", prefix, i);
        rc = write_data(w, id, text);
        free(text);
    }
    json_decref(obj);
    return rc;
}

static rg_status write_node(void *ctx, const rg_entity *e, rg_error *err)
{
    graphml_writer *gw = ctx;
    char id[32];
    char *aliases = NULL;
    int rc;

    id_text(id, 'e', e->id);
    if (e->aliases.len) {
        aliases = list_join(&e->aliases, "alias", "graphml", gw->warnings, &gw->warned_alias);
        if (!aliases)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    rc = xmlTextWriterStartElement(gw->w, X("node")) < 0
         || xmlTextWriterWriteAttribute(gw->w, X("id"), X(id)) < 0
         || write_data(gw->w, "type", e->type) < 0
         || write_data(gw->w, "name", e->name) < 0
         || (aliases && write_data(gw->w, "aliases", aliases) < 0)
         || write_attr_data(gw->w, gw->nodes, 'n', e->attrs) < 0
         || xmlTextWriterEndElement(gw->w) < 0;
    free(aliases);
    return rc ? xml_fail(err) : RG_OK;
}

static rg_status write_edge(void *ctx, const rg_link *l, rg_error *err)
{
    graphml_writer *gw = ctx;
    const rg_link_type *lt = gw->src->pack ? pack_link_type(gw->src->pack, l->type) : NULL;
    char id[32], s[32], t[32], n[32];
    char *topics = NULL;
    int rc;

    id_text(id, 'l', l->id);
    id_text(s, 'e', l->source);
    id_text(t, 'e', l->target);
    id_text(n, 0, (rg_id)l->n_evidence);
    if (l->topics.len) {
        topics = list_join(&l->topics, "topic", "graphml", gw->warnings, &gw->warned_topic);
        if (!topics)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    rc = xmlTextWriterStartElement(gw->w, X("edge")) < 0
         || xmlTextWriterWriteAttribute(gw->w, X("id"), X(id)) < 0
         || xmlTextWriterWriteAttribute(gw->w, X("source"), X(s)) < 0
         || xmlTextWriterWriteAttribute(gw->w, X("target"), X(t)) < 0
         || write_data(gw->w, "etype", l->type) < 0
         || (l->date[0] && write_data(gw->w, "date", l->date) < 0)
         || (topics && write_data(gw->w, "topics", topics) < 0)
         || write_data(gw->w, "evidence_count", n) < 0
         || write_data(gw->w, "symmetric", lt && lt->symmetric ? "true" : "false") < 0
         || write_attr_data(gw->w, gw->edges, 'e', l->attrs) < 0
         || xmlTextWriterEndElement(gw->w) < 0;
    free(topics);
    return rc ? xml_fail(err) : RG_OK;
}

static int write_header(graphml_writer *gw)
{
    xmlTextWriterPtr w = gw->w;

    if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0
        || xmlTextWriterStartElement(w, X("graphml")) < 0
        || xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://graphml.graphdrawing.org/xmlns")) < 0
        || xmlTextWriterWriteAttribute(w, X("xmlns:xsi"),
                                       X("http://www.w3.org/2001/XMLSchema-instance")) < 0
        || xmlTextWriterWriteAttribute(w, X("xsi:schemaLocation"),
               X("http://graphml.graphdrawing.org/xmlns "
                 "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")) < 0
        || write_key(w, "type", "node", "type", "string") < 0
        || write_key(w, "name", "node", "name", "string") < 0
        || write_key(w, "aliases", "node", "aliases", "string") < 0
        || write_attr_keys(gw, gw->nodes, "node", node_fixed) < 0
        || write_key(w, "etype", "edge", "type", "string") < 0
        || write_key(w, "date", "edge", "date", "string") < 0
        || write_key(w, "topics", "edge", "topics", "string") < 0
        || write_key(w, "evidence_count", "edge", "evidence_count", "int") < 0
        || write_key(w, "symmetric", "edge", "symmetric", "boolean") < 0
        || write_attr_keys(gw, gw->edges, "edge", edge_fixed) < 0
        || xmlTextWriterStartElement(w, X("graph")) < 0
        || xmlTextWriterWriteAttribute(w, X("id"), X("relgraph")) < 0
        || xmlTextWriterWriteAttribute(w, X("edgedefault"), X("directed")) < 0)
        return -1;
    return 0;
}

static rg_status graphml_write_quiet(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err)
{
    rg_attr_cols nodes = {0}, edges = {0};
    graphml_writer gw = {0};
    xmlOutputBufferPtr buf = NULL;
    rg_status rc;

    if ((rc = attr_cols_scan(src, &nodes, &edges, err)) != RG_OK)
        goto fail;
    if ((rc = attr_cols_warn(&nodes, "entity", "graphml", warnings)) != RG_OK
        || (rc = attr_cols_warn(&edges, "link", "graphml", warnings)) != RG_OK) {
        rg_fail(err, rc, "out of memory");
        goto fail;
    }
    buf = xmlOutputBufferCreateFile(out, NULL);
    if (!buf || !(gw.w = xmlNewTextWriter(buf))) {
        if (buf)
            xmlOutputBufferClose(buf);
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto fail;
    }
    xmlTextWriterSetIndent(gw.w, 1);
    xmlTextWriterSetIndentString(gw.w, X("  "));
    gw.src = src;
    gw.nodes = &nodes;
    gw.edges = &edges;
    gw.warnings = warnings;
    if (write_header(&gw) < 0) {
        rc = xml_fail(err);
        goto fail;
    }
    if ((rc = source_each_entity(src, RG_LOAD_ALIASES | RG_LOAD_ATTRS, write_node, &gw,
                                 err)) != RG_OK
        || (rc = source_each_link(src, RG_LOAD_TOPICS | RG_LOAD_ATTRS, write_edge, &gw,
                                  err)) != RG_OK)
        goto fail;
    if (xmlTextWriterEndDocument(gw.w) < 0 || xmlTextWriterFlush(gw.w) < 0) {
        rc = xml_fail(err);
        goto fail;
    }
    xmlFreeTextWriter(gw.w);    /* also closes buf, not out */
    attr_cols_free(&nodes);
    attr_cols_free(&edges);
    return fflush(out) == 0 ? RG_OK : xml_fail(err);
fail:
    if (gw.w)
        xmlFreeTextWriter(gw.w);
    attr_cols_free(&nodes);
    attr_cols_free(&edges);
    return rc;
}

/* ---- import ------------------------------------------------------------------ */

typedef struct gkey {
    char *id, *name, *type, *for_;
    bool skip;                  /* yEd's drawing data (yfiles.type=...): not an attribute */
} gkey;

typedef struct graphml_reader {
    xmlTextReaderPtr r;
    const char *path;
    const rg_pack *pack;
    rg_strlist *warnings;
    gkey *keys;
    size_t n_keys, cap_keys;
    json_t *entities, *links;
    json_t *node_ids;           /* GraphML node id -> relgraph "eN" */
    char xml_error[512];        /* first libxml2 error, with line and column */
} graphml_reader;

static void on_xml_error(void *ctx, const xmlError *e)
{
    graphml_reader *gr = ctx;
    if (gr->xml_error[0] || !e)
        return;
    snprintf(gr->xml_error, sizeof gr->xml_error, "%s:%d:%d: malformed XML: %s", gr->path,
             e->line, e->int2, e->message ? e->message : "error");
    size_t n = strlen(gr->xml_error);
    while (n && (gr->xml_error[n - 1] == '\n' || gr->xml_error[n - 1] == ' '))
        gr->xml_error[--n] = '\0';
}

/* The line of the element the reader is on (the parser itself may have
 * read ahead, so its own line number is not the element's). */
static int line_of(graphml_reader *gr)
{
    xmlNodePtr node = xmlTextReaderCurrentNode(gr->r);
    long line = node ? xmlGetLineNo(node) : -1;
    return line > 0 ? (int)line : xmlTextReaderGetParserLineNumber(gr->r);
}

static char *attr_dup(xmlTextReaderPtr r, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(r, X(name));
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static const gkey *find_key(const graphml_reader *gr, const char *id)
{
    for (size_t i = 0; i < gr->n_keys; i++)
        if (strcmp(gr->keys[i].id, id) == 0)
            return &gr->keys[i];
    return NULL;
}

static rg_status read_key(graphml_reader *gr, rg_error *err)
{
    gkey k = {0};

    k.id = attr_dup(gr->r, "id");
    k.name = attr_dup(gr->r, "attr.name");
    k.type = attr_dup(gr->r, "attr.type");
    k.for_ = attr_dup(gr->r, "for");
    if (!k.id) {
        free(k.name); free(k.type); free(k.for_);
        return rg_fail(err, RG_ERR_INVALID, "%s:%d: <key> without an id", gr->path,
                       line_of(gr));
    }
    xmlChar *yfiles = xmlTextReaderGetAttribute(gr->r, X("yfiles.type"));
    k.skip = yfiles != NULL;
    xmlFree(yfiles);
    if (!k.name)
        k.name = strdup(k.id);
    if (!k.type)
        k.type = strdup("string");
    if (!k.for_)
        k.for_ = strdup("all");
    if (gr->n_keys == gr->cap_keys) {
        size_t cap = gr->cap_keys ? gr->cap_keys * 2 : 16;
        gkey *p = realloc(gr->keys, cap * sizeof *p);
        if (!p)
            goto nomem;
        gr->keys = p;
        gr->cap_keys = cap;
    }
    if (!k.name || !k.type || !k.for_)
        goto nomem;
    gr->keys[gr->n_keys++] = k;
    return RG_OK;
nomem:
    free(k.id); free(k.name); free(k.type); free(k.for_);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory");
}

/* Typed JSON value of a <data> text by the key's attr.type. */
static json_t *typed_value(const gkey *k, const char *text, bool *bad)
{
    char *end;

    *bad = false;
    if (strcmp(k->type, "boolean") == 0) {
        if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
            return json_true();
        if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
            return json_false();
    } else if (strcmp(k->type, "int") == 0 || strcmp(k->type, "long") == 0) {
        long long v = strtoll(text, &end, 10);
        if (*text && !*end)
            return json_integer(v);
    } else if (strcmp(k->type, "float") == 0 || strcmp(k->type, "double") == 0) {
        double v = strtod(text, &end);
        if (*text && !*end)
            return json_real(v);
    } else {
        return json_string(text);
    }
    *bad = true;
    return NULL;
}

static json_t *split_list(const char *text)
{
    json_t *arr = json_array();
    const char *p = text;

    if (!arr || !*text)
        return arr;
    for (;;) {
        const char *bar = strchr(p, RG_LIST_SEP);
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n && json_array_append_new(arr, json_stringn(p, n)) != 0) {
            json_decref(arr);
            return NULL;
        }
        if (!bar)
            return arr;
        p = bar + 1;
    }
}

static rg_status entity_refused(graphml_reader *gr, rg_error *err);

/* Reads the <data> children of the current <node>/<edge> into obj (name ->
 * text, keyed by attr.name) with their keys.  Leaves the reader on the end
 * of the element. */
static rg_status read_data(graphml_reader *gr, const char *elem, json_t *fixed, json_t *attrs,
                           const char *const *fixed_names, rg_error *err)
{
    int depth = xmlTextReaderDepth(gr->r);

    if (xmlTextReaderIsEmptyElement(gr->r))
        return RG_OK;
    for (;;) {
        int ret = xmlTextReaderRead(gr->r);
        if (ret != 1)   /* walk() prefers libxml2's own message; it does not always give one */
            return rg_fail(err, RG_ERR_INVALID, "%s:%d: malformed XML inside <%s>%s", gr->path,
                           line_of(gr), elem, ret == 0 ? ": the file ends there" : "");
        int type = xmlTextReaderNodeType(gr->r);
        const char *name = (const char *)xmlTextReaderConstLocalName(gr->r);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(gr->r) == depth)
            return RG_OK;
        if (type == XML_READER_TYPE_ENTITY_REFERENCE)
            return entity_refused(gr, err);
        if (type != XML_READER_TYPE_ELEMENT || strcmp(name, "data") != 0)
            continue;
        char *key_id = attr_dup(gr->r, "key");
        const gkey *k = key_id ? find_key(gr, key_id) : NULL;
        int line = line_of(gr);
        if (!k) {
            rg_fail(err, RG_ERR_INVALID, "%s:%d: <data key=\"%s\"> in a <%s> names no "
                    "declared <key>", gr->path, line, key_id ? key_id : "", elem);
            free(key_id);
            return RG_ERR_INVALID;
        }
        free(key_id);
        if (k->skip)
            continue;
        xmlChar *content = xmlTextReaderReadString(gr->r);
        const char *text = content ? (const char *)content : "";
        json_t *v;
        if (is_fixed(fixed_names, k->name)) {
            v = json_string(text);
            json_object_set_new(fixed, k->name, v);
        } else if (strcmp(k->name, "label") == 0 && strcmp(elem, "node") == 0) {
            json_object_set_new(fixed, "label", json_string(text));
        } else {
            bool bad;
            v = typed_value(k, text, &bad);
            if (bad) {
                rg_fail(err, RG_ERR_INVALID, "%s:%d: attribute '%s' is declared %s but "
                        "holds '%s'", gr->path, line, k->name, k->type, text);
                xmlFree(content);
                return RG_ERR_INVALID;
            }
            json_object_set_new(attrs, strncmp(k->name, "attr_", 5) == 0
                                && is_fixed(fixed_names, k->name + 5) ? k->name + 5 : k->name, v);
        }
        xmlFree(content);
    }
}

/* Entities are not expanded (an external one could read any file), and
 * dropping them would lose text silently: refuse the file instead. */
static rg_status entity_refused(graphml_reader *gr, rg_error *err)
{
    return rg_fail(err, RG_ERR_UNSUPPORTED, "%s:%d: XML entity '&%s;' is not supported "
                   "(relgraph does not expand entities: write the text itself)", gr->path,
                   line_of(gr), (const char *)xmlTextReaderConstName(gr->r));
}

static const char *fixed_str(json_t *fixed, const char *key)
{
    json_t *v = json_object_get(fixed, key);
    return v ? json_string_value(v) : NULL;
}

static rg_status read_node(graphml_reader *gr, rg_error *err)
{
    int line = line_of(gr);
    char *gid = attr_dup(gr->r, "id");
    json_t *fixed = json_object(), *attrs = json_object(), *ent = NULL;
    rg_status rc;
    const char *type, *name;

    if (!gid) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s:%d: <node> without an id", gr->path, line);
        goto done;
    }
    if (json_object_get(gr->node_ids, gid)) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s:%d: node id '%s' appears twice", gr->path, line,
                     gid);
        goto done;
    }
    if ((rc = read_data(gr, "node", fixed, attrs, node_fixed, err)) != RG_OK)
        goto done;
    type = fixed_str(fixed, "type");
    name = fixed_str(fixed, "name");
    if (!name || !*name)
        name = fixed_str(fixed, "label");
    if (!name || !*name)
        name = gid;
    if (!type || !*type) {
        rc = rg_fail(err, RG_ERR_SCHEMA, "%s:%d: node '%s' has no 'type' attribute (give "
                     "each node a <data> for a key with attr.name=\"type\")", gr->path, line,
                     gid);
        goto done;
    }
    if ((rc = pack_check_entity_type(gr->pack, type, err)) != RG_OK) {
        rg_error_prefix(err, "%s:%d", gr->path, line);
        goto done;
    }
    ent = json_pack("{s:s, s:s, s:s, s:o, s:O}", "id", gid, "type", type, "name", name,
                    "aliases", split_list(fixed_str(fixed, "aliases") ? fixed_str(fixed, "aliases") : ""),
                    "attrs", attrs);
    if (!ent || json_array_append_new(gr->entities, ent) != 0
        || json_object_set_new(gr->node_ids, gid, json_string(type)) != 0) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    rc = RG_OK;
done:
    free(gid);
    json_decref(fixed);
    json_decref(attrs);
    return rc;
}

/* The node id named by the edge's source/target attribute (the key string
 * inside node_ids, valid as long as the reader) and its entity type. */
static rg_status endpoint(graphml_reader *gr, const char *which, int line, const char **gid,
                          const char **type, rg_error *err)
{
    char *id = attr_dup(gr->r, which);
    json_t *n = id ? json_object_get(gr->node_ids, id) : NULL;

    if (!n) {
        rg_fail(err, RG_ERR_INVALID, "%s:%d: edge %s '%s' is not a node declared before it",
                gr->path, line, which, id ? id : "");
        free(id);
        return RG_ERR_INVALID;
    }
    /* json_object_iter_key gives the key string the object owns */
    *gid = json_object_iter_key(json_object_iter_at(gr->node_ids, id));
    *type = json_string_value(n);
    free(id);
    return RG_OK;
}

static rg_status read_edge(graphml_reader *gr, rg_error *err)
{
    int line = line_of(gr);
    json_t *fixed = json_object(), *attrs = json_object(), *link;
    const char *src, *dst, *stype, *dtype, *type, *date, *topics;
    rg_status rc;
    char *eid = attr_dup(gr->r, "id");

    if ((rc = endpoint(gr, "source", line, &src, &stype, err)) != RG_OK
        || (rc = endpoint(gr, "target", line, &dst, &dtype, err)) != RG_OK
        || (rc = read_data(gr, "edge", fixed, attrs, edge_fixed, err)) != RG_OK)
        goto done;
    type = fixed_str(fixed, "type");
    date = fixed_str(fixed, "date");
    topics = fixed_str(fixed, "topics");
    if (!type || !*type) {
        rc = rg_fail(err, RG_ERR_SCHEMA, "%s:%d: edge has no 'type' attribute (give each "
                     "edge a <data> for a key with attr.name=\"type\")", gr->path, line);
        goto done;
    }
    if ((rc = pack_check_link(gr->pack, type, stype, dtype, err)) != RG_OK) {
        rg_error_prefix(err, "%s:%d", gr->path, line);
        goto done;
    }
    if (date && *date && !rg_date_valid(date)) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s:%d: date '%s' is not YYYY, YYYY-MM or "
                     "YYYY-MM-DD", gr->path, line, date);
        goto done;
    }
    if (strcmp(src, dst) == 0) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s:%d: edge joins node '%s' to itself", gr->path,
                     line, src);
        goto done;
    }
    link = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:O, s:[]}", "id", eid ? eid : "",
                     "type", type,
                     "source", src, "target", dst,
                     "date", date && *date ? json_string(date) : json_null(),
                     "topics", split_list(topics ? topics : ""), "attrs", attrs, "evidence");
    if (!link || json_array_append_new(gr->links, link) != 0) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
done:
    free(eid);
    json_decref(fixed);
    json_decref(attrs);
    return rc;
}

static rg_status walk(graphml_reader *gr, rg_error *err)
{
    bool root_seen = false;
    int ret;

    while ((ret = xmlTextReaderRead(gr->r)) == 1) {
        if (xmlTextReaderNodeType(gr->r) == XML_READER_TYPE_ENTITY_REFERENCE)
            return entity_refused(gr, err);
        if (xmlTextReaderNodeType(gr->r) != XML_READER_TYPE_ELEMENT)
            continue;
        const char *name = (const char *)xmlTextReaderConstLocalName(gr->r);
        rg_status rc = RG_OK;
        if (!root_seen) {
            root_seen = true;
            if (strcmp(name, "graphml") != 0)
                return rg_fail(err, RG_ERR_INVALID, "%s:%d: not a GraphML file (the root "
                               "element is <%s>, not <graphml>)", gr->path, line_of(gr), name);
            continue;
        }
        if (strcmp(name, "key") == 0)
            rc = read_key(gr, err);
        else if (strcmp(name, "node") == 0)
            rc = read_node(gr, err);
        else if (strcmp(name, "edge") == 0)
            rc = read_edge(gr, err);
        else if (strcmp(name, "hyperedge") == 0)
            rc = rg_fail(err, RG_ERR_UNSUPPORTED, "%s:%d: hyperedges cannot be imported "
                         "(relgraph links join two entities)", gr->path, line_of(gr));
        if (gr->xml_error[0])
            return rg_fail(err, RG_ERR_INVALID, "%s", gr->xml_error);
        if (rc != RG_OK)
            return rc;
    }
    if (ret < 0 || gr->xml_error[0])
        return rg_fail(err, RG_ERR_INVALID, "%s", gr->xml_error[0] ? gr->xml_error
                       : "malformed XML");
    if (!root_seen)
        return rg_fail(err, RG_ERR_INVALID, "%s: empty file, not GraphML", gr->path);
    return RG_OK;
}

static rg_status graphml_read_quiet(const char *path, const rg_pack *pack, json_t **doc,
                       rg_strlist *warnings, rg_error *err)
{
    graphml_reader gr = {0};
    rg_status rc;

    *doc = NULL;
    gr.path = path;
    gr.pack = pack;
    gr.warnings = warnings;
    gr.entities = json_array();
    gr.links = json_array();
    gr.node_ids = json_object();
    if (!gr.entities || !gr.links || !gr.node_ids) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* No entity expansion, no network: a GraphML file cannot pull in other files. */
    if (strcmp(path, "-") == 0) {
        gr.path = "<stdin>";
        gr.r = xmlReaderForFd(STDIN_FILENO, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    } else {
        FILE *probe = fopen(path, "rb");    /* for the reason in the message */
        if (!probe) {
            rc = rg_fail(err, RG_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
            goto done;
        }
        fclose(probe);
        gr.r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    }
    if (!gr.r) {
        rc = rg_fail(err, RG_ERR_IO, "%s: cannot open", path);
        goto done;
    }
    xmlTextReaderSetStructuredErrorHandler(gr.r, (xmlStructuredErrorFunc)on_xml_error, &gr);
    if ((rc = walk(&gr, err)) != RG_OK)
        goto done;
    rc = doc_finish(gr.entities, gr.links, doc, err);
done:
    if (gr.r)
        xmlFreeTextReader(gr.r);
    for (size_t i = 0; i < gr.n_keys; i++) {
        free(gr.keys[i].id);
        free(gr.keys[i].name);
        free(gr.keys[i].type);
        free(gr.keys[i].for_);
    }
    free(gr.keys);
    json_decref(gr.entities);
    json_decref(gr.links);
    json_decref(gr.node_ids);
    return rc;
}

rg_status graphml_write(const rg_source *src, FILE *out, rg_strlist *warnings, rg_error *err)
{
    rg_xml_quiet q;
    rg_status rc;

    xml_quiet_begin(&q);
    rc = graphml_write_quiet(src, out, warnings, err);
    xml_quiet_end(&q);
    return rc;
}

rg_status graphml_read(const char *path, const rg_pack *pack, json_t **doc,
                       rg_strlist *warnings, rg_error *err)
{
    rg_xml_quiet q;
    rg_status rc;

    xml_quiet_begin(&q);
    rc = graphml_read_quiet(path, pack, doc, warnings, err);
    xml_quiet_end(&q);
    return rc;
}
