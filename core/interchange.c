/*
 * interchange.c - what the format writers share (see interchange.h): the
 * graph source (a store walked in id order, or an in-memory graph), the
 * scan that learns attribute keys and their types before a header is
 * written, value-to-text rules and the warnings list.
 */
#include "interchange.h"

#include <libxml/xmlerror.h>
#include <libxml/globals.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

rg_status source_each_entity(const rg_source *src, unsigned flags, rg_entity_cb cb,
                             void *ctx, rg_error *err)
{
    if (src->st)
        return store_each_entity(src->st, flags, cb, ctx, err);
    for (size_t i = 0; src->g && i < src->g->n_entities; i++) {
        rg_status rc = cb(ctx, &src->g->entities[i], err);
        if (rc != RG_OK)
            return rc;
    }
    return RG_OK;
}

rg_status source_each_link(const rg_source *src, unsigned flags, rg_link_cb cb,
                           void *ctx, rg_error *err)
{
    if (src->st)
        return store_each_link(src->st, flags, cb, ctx, err);
    for (size_t i = 0; src->g && i < src->g->n_links; i++) {
        rg_status rc = cb(ctx, &src->g->links[i], err);
        if (rc != RG_OK)
            return rc;
    }
    return RG_OK;
}

static void xml_silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

void xml_quiet_begin(rg_xml_quiet *q)
{
    q->saved = xmlGenericError;
    q->saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, xml_silent);
}

void xml_quiet_end(rg_xml_quiet *q)
{
    xmlSetGenericErrorFunc(q->saved_ctx, q->saved);
}

void id_text(char *buf, char prefix, rg_id id)
{
    char tmp[24];
    size_t n = 0;
    unsigned long long v = id < 0 ? 0ULL - (unsigned long long)id : (unsigned long long)id;

    if (prefix)
        *buf++ = prefix;
    if (id < 0)
        *buf++ = '-';
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *buf++ = tmp[--n];
    *buf = '\0';
}

rg_status warn_add(rg_strlist *warnings, const char *fmt, ...)
{
    char line[512];
    va_list ap;

    if (!warnings)
        return RG_OK;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    return rg_strlist_push_unique(warnings, line);
}

/* ---- attribute columns ---------------------------------------------------- */

static rg_attr_kind kind_of(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_TRUE:
    case JSON_FALSE:
        return RG_AK_BOOL;
    case JSON_INTEGER:
        return RG_AK_LONG;
    case JSON_REAL:
        return RG_AK_DOUBLE;
    case JSON_STRING:
        return RG_AK_STRING;
    case JSON_NULL:
        return RG_AK_NONE;
    default:
        return RG_AK_JSON;
    }
}

static rg_attr_kind widen(rg_attr_kind a, rg_attr_kind b)
{
    if (a == RG_AK_NONE || a == b)
        return b;
    if (b == RG_AK_NONE)
        return a;
    if ((a == RG_AK_LONG && b == RG_AK_DOUBLE) || (a == RG_AK_DOUBLE && b == RG_AK_LONG))
        return RG_AK_DOUBLE;
    return a == RG_AK_JSON || b == RG_AK_JSON ? RG_AK_JSON : RG_AK_STRING;
}

static int col_cmp(const void *a, const void *b)
{
    return strcmp(((const rg_attr_col *)a)->key, ((const rg_attr_col *)b)->key);
}

/* Notes one key/value; keys are few, so a linear search is enough. */
static rg_status cols_note(rg_attr_cols *c, const char *key, json_t *value)
{
    rg_attr_kind k = kind_of(value);

    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->cols[i].key, key) != 0)
            continue;
        rg_attr_kind w = widen(c->cols[i].kind, k);
        if (k != RG_AK_NONE && c->cols[i].kind != RG_AK_NONE && k != c->cols[i].kind)
            c->cols[i].mixed = true;
        c->cols[i].kind = w;
        return RG_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        rg_attr_col *p = realloc(c->cols, cap * sizeof *p);
        if (!p)
            return RG_ERR_NOMEM;
        c->cols = p;
        c->cap = cap;
    }
    c->cols[c->n].key = strdup(key);
    if (!c->cols[c->n].key)
        return RG_ERR_NOMEM;
    c->cols[c->n].kind = k;
    c->cols[c->n].mixed = false;
    c->n++;
    return RG_OK;
}

static rg_status cols_note_attrs(rg_attr_cols *c, const char *attrs, const char *what,
                                 rg_id id, rg_error *err)
{
    json_error_t jerr;
    json_t *obj, *v;
    const char *key;
    rg_status rc = RG_OK;

    if (!attrs || strcmp(attrs, "{}") == 0)
        return RG_OK;
    obj = json_loads(attrs, 0, &jerr);
    if (!obj || !json_is_object(obj)) {
        json_decref(obj);
        return rg_fail(err, RG_ERR_INVALID, "%s %lld: attrs are not a JSON object",
                       what, (long long)id);
    }
    json_object_foreach(obj, key, v) {
        if ((rc = cols_note(c, key, v)) != RG_OK) {
            rg_fail(err, rc, "out of memory");
            break;
        }
    }
    json_decref(obj);
    return rc;
}

static rg_status scan_entity(void *ctx, const rg_entity *e, rg_error *err)
{
    return cols_note_attrs(ctx, e->attrs, "entity", e->id, err);
}

static rg_status scan_link(void *ctx, const rg_link *l, rg_error *err)
{
    return cols_note_attrs(ctx, l->attrs, "link", l->id, err);
}

rg_status attr_cols_scan(const rg_source *src, rg_attr_cols *nodes, rg_attr_cols *edges,
                         rg_error *err)
{
    rg_status rc;

    if ((rc = source_each_entity(src, RG_LOAD_ATTRS, scan_entity, nodes, err)) != RG_OK)
        return rc;
    if ((rc = source_each_link(src, RG_LOAD_ATTRS, scan_link, edges, err)) != RG_OK)
        return rc;
    if (nodes->n)
        qsort(nodes->cols, nodes->n, sizeof *nodes->cols, col_cmp);
    if (edges->n)
        qsort(edges->cols, edges->n, sizeof *edges->cols, col_cmp);
    return RG_OK;
}

void attr_cols_free(rg_attr_cols *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->cols[i].key);
    free(c->cols);
    memset(c, 0, sizeof *c);
}

rg_status attr_cols_warn(const rg_attr_cols *c, const char *what, const char *format,
                         rg_strlist *warnings)
{
    for (size_t i = 0; i < c->n; i++) {
        const rg_attr_col *col = &c->cols[i];
        rg_status rc = RG_OK;
        if (col->kind == RG_AK_JSON)
            rc = warn_add(warnings, "%s attribute '%s' holds JSON objects or arrays: "
                          "written to %s as JSON text", what, col->key, format);
        else if (col->mixed && col->kind == RG_AK_STRING)
            rc = warn_add(warnings, "%s attribute '%s' mixes value types: written to %s "
                          "as text", what, col->key, format);
        else if (col->mixed)
            rc = warn_add(warnings, "%s attribute '%s' mixes integers and reals: written "
                          "to %s as reals", what, col->key, format);
        if (rc != RG_OK)
            return rc;
    }
    return RG_OK;
}

char *attr_value_text(json_t *v, rg_attr_kind kind)
{
    char buf[64];

    switch (json_typeof(v)) {
    case JSON_NULL:
        return NULL;
    case JSON_TRUE:
        return strdup("true");
    case JSON_FALSE:
        return strdup("false");
    case JSON_INTEGER:
        if (kind == RG_AK_DOUBLE)
            snprintf(buf, sizeof buf, "%.17g", (double)json_integer_value(v));
        else
            snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return strdup(buf);
    case JSON_REAL:
        snprintf(buf, sizeof buf, "%.17g", json_real_value(v));
        return strdup(buf);
    case JSON_STRING:
        return strdup(json_string_value(v));
    default:
        return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII * 0);
    }
}

char *list_join(const rg_strlist *items, const char *what, const char *format,
                rg_strlist *warnings, bool *warned)
{
    size_t n = 1;
    char *out, *p;

    if (items->len == 0)
        return calloc(1, 1);
    for (size_t i = 0; i < items->len; i++)
        n += strlen(items->items[i]) + 1;
    out = p = malloc(n);
    if (!out)
        return NULL;
    *p = '\0';
    for (size_t i = 0; i < items->len; i++) {
        size_t len = strlen(items->items[i]);
        if (!*warned && strchr(items->items[i], RG_LIST_SEP)) {
            warn_add(warnings, "%s '%s' holds '%c', the list separator: %s will read it "
                     "as two items", what, items->items[i], RG_LIST_SEP, format);
            *warned = true;
        }
        if (i)
            *p++ = RG_LIST_SEP;
        memcpy(p, items->items[i], len);
        p += len;
    }
    *p = '\0';
    return out;
}

/* ---- documents built by the readers ---------------------------------------- */

/* True when every element's "id" is PREFIX followed by a number without
 * leading zero, and no id repeats. */
static bool all_numbered(json_t *arr, char prefix)
{
    json_t *seen = json_object(), *el;
    size_t i;
    bool ok = seen != NULL;

    json_array_foreach(arr, i, el) {
        const char *id = json_string_value(json_object_get(el, "id"));
        if (!ok || !id || id[0] != prefix || id[1] < '1' || id[1] > '9'
            || strspn(id + 1, "0123456789") != strlen(id + 1) || json_object_get(seen, id)) {
            ok = false;
            break;
        }
        json_object_set_new(seen, id, json_true());
    }
    json_decref(seen);
    return ok;
}

rg_status doc_finish(json_t *entities, json_t *links, json_t **doc, rg_error *err)
{
    json_t *map = NULL, *el;
    size_t i;
    char id[32];

    *doc = NULL;
    if (!all_numbered(entities, 'e')) {
        if (!(map = json_object()))
            goto nomem;
        json_array_foreach(entities, i, el) {
            snprintf(id, sizeof id, "e%zu", i + 1);
            if (json_object_set_new(map, json_string_value(json_object_get(el, "id")),
                                    json_string(id)) != 0
                || json_object_set_new(el, "id", json_string(id)) != 0)
                goto nomem;
        }
        json_array_foreach(links, i, el) {
            json_object_set(el, "source",
                            json_object_get(map, json_string_value(json_object_get(el, "source"))));
            json_object_set(el, "target",
                            json_object_get(map, json_string_value(json_object_get(el, "target"))));
        }
    }
    if (!all_numbered(links, 'l')) {
        json_array_foreach(links, i, el) {
            snprintf(id, sizeof id, "l%zu", i + 1);
            if (json_object_set_new(el, "id", json_string(id)) != 0)
                goto nomem;
        }
    }
    json_decref(map);
    *doc = json_pack("{s:s, s:i, s:O, s:O, s:[]}", "format", "relgraph", "version", 1,
                     "entities", entities, "links", links, "documents");
    return *doc ? RG_OK : rg_fail(err, RG_ERR_NOMEM, "out of memory");
nomem:
    json_decref(map);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory");
}
