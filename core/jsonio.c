/*
 * jsonio.c - the JSON interchange format (see jsonio.h for the shape).
 *
 * Export streams: the envelope is written by hand and each element is a
 * small jansson object built from one store_each_* callback, dumped with
 * two-space indentation and re-indented to its depth.  jansson keeps keys in
 * insertion order, so the element's keys come out in the documented order;
 * attrs objects are rebuilt with sorted keys (recursively).  Nothing is
 * escaped beyond what JSON requires, so UTF-8 text stays readable.
 *
 * Import reads the whole file into memory, walks the top-level object by
 * hand to find the three arrays, then parses their elements one at a time
 * with jansson (malformed JSON is reported with line and column in the
 * file) and adds documents, entities and links in that order, mapping the file's ids ("e12", "l7", "d3") to database
 * ids.  Into an empty database the file's ids are kept, which makes
 * export -> import -> export byte-identical.  Every shape or schema problem
 * names the element path: "FILE: links[3].source: unknown entity id 'e99'".
 */
#include "jsonio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

#define FORMAT_NAME "relgraph"
#define FORMAT_VERSION 1

/* ---- export --------------------------------------------------------------- */

typedef struct exporter {
    FILE *out;
    size_t count;       /* elements written in the current array */
} exporter;

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A deep copy of v in which every object has its keys in sorted order. */
static json_t *sorted_copy(json_t *v)
{
    if (json_is_object(v)) {
        size_t n = json_object_size(v), i = 0;
        const char **keys = malloc((n ? n : 1) * sizeof *keys);
        json_t *copy = json_object(), *value;
        const char *key;

        if (!keys || !copy)
            goto fail;
        json_object_foreach(v, key, value)
            keys[i++] = key;
        qsort(keys, n, sizeof *keys, compare_keys);
        for (i = 0; i < n; i++) {
            json_t *child = sorted_copy(json_object_get(v, keys[i]));
            if (!child || json_object_set_new(copy, keys[i], child) != 0)
                goto fail;
        }
        free(keys);
        return copy;
fail:
        free(keys);
        json_decref(copy);
        return NULL;
    }
    if (json_is_array(v)) {
        json_t *copy = json_array();
        size_t i;
        json_t *value;
        if (!copy)
            return NULL;
        json_array_foreach(v, i, value) {
            json_t *child = sorted_copy(value);
            if (!child || json_array_append_new(copy, child) != 0) {
                json_decref(copy);
                return NULL;
            }
        }
        return copy;
    }
    return json_deep_copy(v);
}

/* The attrs text as an object with sorted keys ({} for none). */
static json_t *attrs_object(const char *text)
{
    json_t *parsed, *sorted;

    if (!text || !*text)
        return json_object();
    parsed = json_loads(text, 0, NULL);
    if (!json_is_object(parsed)) {
        json_decref(parsed);
        return json_object();   /* unreadable stored attrs export as empty */
    }
    sorted = sorted_copy(parsed);
    json_decref(parsed);
    return sorted;
}

static json_t *string_array(const rg_strlist *list)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < list->len; i++)
        if (json_array_append_new(a, json_string(list->items[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *prefixed_id(char prefix, rg_id id)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%c%lld", prefix, (long long)id);
    return json_string(buf);
}

/* Writes one array element: a separator, then the object dumped with two
 * spaces per level, indented by four more spaces (its depth). */
static rg_status write_element(exporter *x, json_t *obj, rg_error *err)
{
    char *text;
    int failed = 0;

    if (!obj)
        return rg_fail(err, RG_ERR_NOMEM, "export: out of memory");
    text = json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER | RG_JSON_REALS);
    json_decref(obj);
    if (!text)
        return rg_fail(err, RG_ERR_NOMEM, "export: out of memory");
    failed |= fputs(x->count ? ",\n    " : "\n    ", x->out) < 0;
    /* dumped strings escape newlines, so every '\n' is layout */
    for (const char *p = text; *p && !failed; ) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        failed |= fwrite(p, 1, len, x->out) != len;
        if (!nl)
            break;
        failed |= fputs("\n    ", x->out) < 0;
        p = nl + 1;
    }
    free(text);
    x->count++;
    return failed ? rg_fail(err, RG_ERR_IO, "export: write error: %s", strerror(errno)) : RG_OK;
}

static rg_status export_entity(void *ctx, const rg_entity *e, rg_error *err)
{
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "id", prefixed_id('e', e->id));
        json_object_set_new(o, "type", json_string(e->type));
        json_object_set_new(o, "name", json_string(e->name));
        json_object_set_new(o, "aliases", string_array(&e->aliases));
        json_object_set_new(o, "attrs", attrs_object(e->attrs));
        if (json_object_size(o) != 5) {
            json_decref(o);
            o = NULL;
        }
    }
    return write_element(ctx, o, err);
}

static json_t *evidence_array(const rg_link *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a && l->evidence && i < l->n_evidence; i++) {
        const rg_evidence *ev = &l->evidence[i];
        json_t *o = json_object();
        if (!o) {
            json_decref(a);
            return NULL;
        }
        json_object_set_new(o, "doc", ev->doc ? prefixed_id('d', ev->doc) : json_null());
        json_object_set_new(o, "start", json_integer(ev->start));
        json_object_set_new(o, "end", json_integer(ev->end));
        json_object_set_new(o, "text", json_string(ev->text ? ev->text : ""));
        if (json_object_size(o) != 4 || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static rg_status export_link(void *ctx, const rg_link *l, rg_error *err)
{
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "id", prefixed_id('l', l->id));
        json_object_set_new(o, "type", json_string(l->type));
        json_object_set_new(o, "source", prefixed_id('e', l->source));
        json_object_set_new(o, "target", prefixed_id('e', l->target));
        json_object_set_new(o, "date", l->date[0] ? json_string(l->date) : json_null());
        json_object_set_new(o, "topics", string_array(&l->topics));
        json_object_set_new(o, "attrs", attrs_object(l->attrs));
        json_object_set_new(o, "evidence", evidence_array(l));
        if (json_object_size(o) != 8) {
            json_decref(o);
            o = NULL;
        }
    }
    return write_element(ctx, o, err);
}

static rg_status export_document(void *ctx, const rg_document *d, rg_error *err)
{
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "id", prefixed_id('d', d->id));
        json_object_set_new(o, "name", json_string(d->name ? d->name : ""));
        json_object_set_new(o, "hash", json_string(d->hash));
        json_object_set_new(o, "title", d->title ? json_string(d->title) : json_null());
        json_object_set_new(o, "date", d->date[0] ? json_string(d->date) : json_null());
        if (json_object_size(o) != 5) {
            json_decref(o);
            o = NULL;
        }
    }
    return write_element(ctx, o, err);
}

static rg_status open_array(exporter *x, const char *key, bool first, rg_error *err)
{
    x->count = 0;
    if (fprintf(x->out, "%s  \"%s\": [", first ? "" : ",\n", key) < 0)
        return rg_fail(err, RG_ERR_IO, "export: write error: %s", strerror(errno));
    return RG_OK;
}

static rg_status close_array(exporter *x, rg_error *err)
{
    if (fputs(x->count ? "\n  ]" : "]", x->out) < 0)
        return rg_fail(err, RG_ERR_IO, "export: write error: %s", strerror(errno));
    return RG_OK;
}

rg_status jsonio_export(rg_store *st, FILE *out, rg_error *err)
{
    exporter x = {.out = out};
    rg_status status;

    if (fprintf(out, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n", FORMAT_NAME,
                FORMAT_VERSION) < 0)
        return rg_fail(err, RG_ERR_IO, "export: write error: %s", strerror(errno));
    if ((status = open_array(&x, "entities", true, err)) != RG_OK ||
        (status = store_each_entity(st, RG_LOAD_ALIASES | RG_LOAD_ATTRS, export_entity, &x,
                                    err)) != RG_OK ||
        (status = close_array(&x, err)) != RG_OK ||
        (status = open_array(&x, "links", false, err)) != RG_OK ||
        (status = store_each_link(st, RG_LOAD_TOPICS | RG_LOAD_ATTRS | RG_LOAD_EVIDENCE,
                                  export_link, &x, err)) != RG_OK ||
        (status = close_array(&x, err)) != RG_OK ||
        (status = open_array(&x, "documents", false, err)) != RG_OK ||
        (status = store_each_document(st, export_document, &x, err)) != RG_OK ||
        (status = close_array(&x, err)) != RG_OK)
        return status;
    if (fputs("\n}\n", out) < 0 || fflush(out) != 0 || ferror(out))
        return rg_fail(err, RG_ERR_IO, "export: write error: %s", strerror(errno));
    return RG_OK;
}

/* ---- import --------------------------------------------------------------- */

typedef struct importer {
    rg_store *st;
    const char *name;           /* file name for messages */
    bool keep_ids;              /* the database was empty */
    json_t *entity_ids;         /* file id -> database id */
    json_t *document_ids;
    rg_import_counts counts;
    char path[128];             /* "links[3]" of the element at hand */
} importer;

/* Fails with "FILE: PATH.field: why". */
static rg_status bad(importer *im, rg_error *err, rg_status code, const char *field,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static rg_status bad(importer *im, rg_error *err, rg_status code, const char *field,
                     const char *fmt, ...)
{
    char why[RG_ERROR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return rg_fail(err, code, "%s: %s%s%s: %s", im->name, im->path, field ? "." : "",
                   field ? field : "", why);
}

/* Prefixes a store error with "FILE: PATH[.field]". */
static rg_status from_store(importer *im, rg_error *err, const char *field, rg_status status)
{
    if (err) {
        if (field)
            rg_error_prefix(err, "%s: %s.%s", im->name, im->path, field);
        else
            rg_error_prefix(err, "%s: %s", im->name, im->path);
    }
    return status;
}

/* A required (or, with optional, possibly null/absent) string member. */
static rg_status get_string(importer *im, json_t *o, const char *key, bool optional,
                            const char **out, rg_error *err)
{
    json_t *v = json_object_get(o, key);

    *out = NULL;
    if (!v || json_is_null(v)) {
        if (optional)
            return RG_OK;
        return bad(im, err, RG_ERR_INVALID, key, "missing");
    }
    if (!json_is_string(v))
        return bad(im, err, RG_ERR_INVALID, key, "expected a string");
    *out = json_string_value(v);
    return RG_OK;
}

static rg_status get_strings(importer *im, json_t *o, const char *key, rg_strlist *out,
                             rg_error *err)
{
    json_t *v = json_object_get(o, key), *item;
    size_t i;

    if (!v || json_is_null(v))
        return RG_OK;
    if (!json_is_array(v))
        return bad(im, err, RG_ERR_INVALID, key, "expected an array of strings");
    json_array_foreach(v, i, item) {
        char field[64];
        snprintf(field, sizeof field, "%s[%zu]", key, i);
        if (!json_is_string(item))
            return bad(im, err, RG_ERR_INVALID, field, "expected a string");
        if (rg_strlist_push(out, json_string_value(item)) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", im->name);
    }
    return RG_OK;
}

/* attrs as compact text with sorted keys, NULL when absent or empty. */
static rg_status get_attrs(importer *im, json_t *o, char **out, rg_error *err)
{
    json_t *v = json_object_get(o, "attrs");

    *out = NULL;
    if (!v || json_is_null(v) || (json_is_object(v) && json_object_size(v) == 0))
        return RG_OK;
    if (!json_is_object(v))
        return bad(im, err, RG_ERR_INVALID, "attrs", "expected an object");
    *out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | RG_JSON_REALS);
    return *out ? RG_OK : rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", im->name);
}

/* Parses "e12" (prefix 'e') into 12. */
static bool parse_id(const char *text, char prefix, rg_id *out)
{
    char *end;
    long long v;

    if (!text || text[0] != prefix || text[1] < '0' || text[1] > '9')
        return false;
    errno = 0;
    v = strtoll(text + 1, &end, 10);
    if (*end || errno || v <= 0)
        return false;
    *out = v;
    return true;
}

static rg_status get_id(importer *im, json_t *o, const char *key, char prefix, const char **text,
                        rg_id *id, rg_error *err)
{
    rg_status status = get_string(im, o, key, false, text, err);
    if (status != RG_OK)
        return status;
    if (!parse_id(*text, prefix, id))
        return bad(im, err, RG_ERR_INVALID, key, "expected an id like '%c12', got '%s'", prefix,
                   *text);
    return RG_OK;
}

/* Maps a file id to a database id; duplicates in the file are errors. */
static rg_status remember(importer *im, json_t *map, const char *file_id, rg_id db_id,
                          rg_error *err)
{
    if (json_object_get(map, file_id))
        return bad(im, err, RG_ERR_INVALID, "id", "duplicate id '%s'", file_id);
    if (json_object_set_new(map, file_id, json_integer(db_id)) != 0)
        return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", im->name);
    return RG_OK;
}

static rg_status mapped(importer *im, json_t *map, json_t *o, const char *key, char prefix,
                        const char *what, rg_id *out, rg_error *err)
{
    const char *text;
    rg_id file_id;
    json_t *v;
    rg_status status = get_id(im, o, key, prefix, &text, &file_id, err);

    if (status != RG_OK)
        return status;
    v = json_object_get(map, text);
    if (!v)
        return bad(im, err, RG_ERR_NOT_FOUND, key, "unknown %s id '%s'", what, text);
    *out = json_integer_value(v);
    return RG_OK;
}

static rg_status expect_object(importer *im, json_t *v, rg_error *err)
{
    return json_is_object(v) ? RG_OK : bad(im, err, RG_ERR_INVALID, NULL, "expected an object");
}

static rg_status import_document(importer *im, json_t *o, rg_error *err)
{
    rg_document d = {0};
    const char *id_text, *name, *hash, *title, *date;
    rg_id file_id, db_id = 0;
    rg_status status;

    if ((status = expect_object(im, o, err)) != RG_OK ||
        (status = get_id(im, o, "id", 'd', &id_text, &file_id, err)) != RG_OK ||
        (status = get_string(im, o, "name", false, &name, err)) != RG_OK ||
        (status = get_string(im, o, "hash", false, &hash, err)) != RG_OK ||
        (status = get_string(im, o, "title", true, &title, err)) != RG_OK ||
        (status = get_string(im, o, "date", true, &date, err)) != RG_OK)
        return status;
    if (!*hash || strlen(hash) >= RG_HASH_MAX)
        return bad(im, err, RG_ERR_INVALID, "hash", "expected \"sha256:<hex>\"");
    if (date && !rg_date_valid(date))
        return bad(im, err, RG_ERR_INVALID, "date", "'%s': expected YYYY, YYYY-MM or YYYY-MM-DD",
                   date);
    d.id = file_id;
    d.name = (char *)name;
    d.title = (char *)title;
    rg_copy_fixed(d.hash, sizeof d.hash, hash);
    rg_copy_fixed(d.date, sizeof d.date, date);
    if (im->keep_ids) {
        if ((status = store_insert_document_with_id(im->st, &d, err)) != RG_OK)
            return from_store(im, err, NULL, status);
        db_id = file_id;
        im->counts.documents_added++;
    } else {
        status = store_add_document(im->st, &d, &db_id, err);
        if (status == RG_ERR_EXISTS)
            status = RG_OK;     /* same content: the one we have */
        else if (status == RG_OK)
            im->counts.documents_added++;
        if (status != RG_OK)
            return from_store(im, err, NULL, status);
    }
    return remember(im, im->document_ids, id_text, db_id, err);
}

/* The existing entity of this type answering to the name or an alias, or 0. */
static rg_status match_entity(importer *im, const char *type, const char *name,
                              const rg_strlist *aliases, rg_id *out, rg_error *err)
{
    rg_status status;

    *out = 0;
    for (size_t i = 0; i <= aliases->len && !*out; i++) {
        rg_id *ids = NULL;
        size_t n = 0;
        status = store_lookup_entities(im->st, i == 0 ? name : aliases->items[i - 1], type, &ids,
                                       &n, err);
        if (status != RG_OK)
            return from_store(im, err, i == 0 ? "name" : "aliases", status);
        if (n > 0)
            *out = ids[0];
        free(ids);
    }
    return RG_OK;
}

static rg_status unite_aliases(importer *im, rg_id id, const char *name, const rg_strlist *aliases,
                               rg_error *err)
{
    for (size_t i = 0; i <= aliases->len; i++) {
        rg_error ignored = {0};
        rg_status status = store_add_alias(im->st, id, i == 0 ? name : aliases->items[i - 1],
                                           &ignored);
        /* an alias another entity answers to stays with that one */
        if (status != RG_OK && status != RG_ERR_EXISTS) {
            if (err)
                *err = ignored;
            return from_store(im, err, "aliases", status);
        }
    }
    return RG_OK;
}

/* Checks the fields the store would reject, to name the field at fault. */
static rg_status check_entity_fields(importer *im, const char *type, const char *name,
                                     const rg_strlist *aliases, rg_error *err)
{
    char *folded = NULL;
    rg_status status;

    if ((status = pack_check_entity_type(store_pack(im->st), type, err)) != RG_OK)
        return from_store(im, err, "type", status);
    if ((status = text_fold(name, strlen(name), &folded, err)) != RG_OK)
        return from_store(im, err, "name", status);
    status = *folded ? RG_OK
                     : bad(im, err, RG_ERR_INVALID, "name", "'%s' has no letter or digit", name);
    free(folded);
    for (size_t i = 0; status == RG_OK && i < aliases->len; i++) {
        char field[64];
        snprintf(field, sizeof field, "aliases[%zu]", i);
        if (!text_utf8_valid(aliases->items[i], strlen(aliases->items[i]), NULL))
            status = bad(im, err, RG_ERR_INVALID, field, "not valid UTF-8");
    }
    return status;
}

static rg_status import_entity(importer *im, json_t *o, rg_error *err)
{
    rg_entity e = {0};
    const char *id_text, *type, *name;
    rg_id file_id, db_id = 0;
    char *attrs = NULL;
    rg_status status;

    if ((status = expect_object(im, o, err)) != RG_OK ||
        (status = get_id(im, o, "id", 'e', &id_text, &file_id, err)) != RG_OK ||
        (status = get_string(im, o, "type", false, &type, err)) != RG_OK ||
        (status = get_string(im, o, "name", false, &name, err)) != RG_OK ||
        (status = get_strings(im, o, "aliases", &e.aliases, err)) != RG_OK ||
        (status = get_attrs(im, o, &attrs, err)) != RG_OK ||
        (status = check_entity_fields(im, type, name, &e.aliases, err)) != RG_OK)
        goto out;
    if (im->keep_ids) {
        e.id = file_id;
        rg_copy_fixed(e.type, sizeof e.type, type);
        e.name = (char *)name;
        e.attrs = attrs;
        status = store_insert_entity_with_id(im->st, &e, err);
        e.name = NULL;
        e.attrs = NULL;
        if (status != RG_OK) {
            status = from_store(im, err, status == RG_ERR_EXISTS ? "name" : NULL, status);
            goto out;
        }
        db_id = file_id;
        im->counts.entities_added++;
    } else {
        if ((status = match_entity(im, type, name, &e.aliases, &db_id, err)) != RG_OK)
            goto out;
        if (db_id) {
            if ((status = unite_aliases(im, db_id, name, &e.aliases, err)) != RG_OK)
                goto out;
            im->counts.entities_merged++;
        } else {
            status = store_add_entity(im->st, type, name, &e.aliases, attrs, 0, &db_id, err);
            if (status != RG_OK) {
                status = from_store(im, err, NULL, status);
                goto out;
            }
            im->counts.entities_added++;
        }
    }
    status = remember(im, im->entity_ids, id_text, db_id, err);
out:
    free(attrs);
    rg_strlist_free(&e.aliases);
    return status;
}

/* Reads the evidence array of a link into l (doc ids mapped). */
static rg_status get_evidence(importer *im, json_t *o, rg_link *l, rg_error *err)
{
    json_t *v = json_object_get(o, "evidence"), *item;
    size_t i, base = strlen(im->path);
    rg_status status = RG_OK;

    if (!v || json_is_null(v))
        return RG_OK;
    if (!json_is_array(v))
        return bad(im, err, RG_ERR_INVALID, "evidence", "expected an array");
    l->evidence = calloc(json_array_size(v) + 1, sizeof *l->evidence);
    if (!l->evidence)
        return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", im->name);
    json_array_foreach(v, i, item) {
        rg_evidence *ev = &l->evidence[i];
        json_t *start, *end, *doc;
        const char *text;

        snprintf(im->path + base, sizeof im->path - base, ".evidence[%zu]", i);
        if ((status = expect_object(im, item, err)) != RG_OK)
            break;
        doc = json_object_get(item, "doc");
        if (doc && !json_is_null(doc)) {
            if ((status = mapped(im, im->document_ids, item, "doc", 'd', "document", &ev->doc,
                                 err)) != RG_OK)
                break;
        }
        start = json_object_get(item, "start");
        end = json_object_get(item, "end");
        if (!json_is_integer(start) || json_integer_value(start) < 0) {
            status = bad(im, err, RG_ERR_INVALID, "start", "expected a non-negative integer");
            break;
        }
        if (!json_is_integer(end) || json_integer_value(end) < json_integer_value(start)) {
            status = bad(im, err, RG_ERR_INVALID, "end", "expected an integer >= start");
            break;
        }
        if ((status = get_string(im, item, "text", false, &text, err)) != RG_OK)
            break;
        ev->start = json_integer_value(start);
        ev->end = json_integer_value(end);
        ev->text = (char *)text;    /* borrowed from the parsed file */
        l->n_evidence = i + 1;
    }
    im->path[base] = '\0';
    return status;
}

/* Checks what can be named by field; endpoint types are the store's check
 * (reported against the whole link). */
static rg_status check_link_fields(importer *im, const char *type, rg_id source, rg_id target,
                                   const char *date, rg_error *err)
{
    const rg_pack *pack = store_pack(im->st);

    if (!pack_link_type(pack, type))
        return from_store(im, err, "type", pack_check_link(pack, type, "", "", err));
    if (date && !rg_date_valid(date))
        return bad(im, err, RG_ERR_INVALID, "date", "'%s': expected YYYY, YYYY-MM or YYYY-MM-DD",
                   date);
    if (source == target)
        return bad(im, err, RG_ERR_INVALID, "target", "the same entity as source");
    return RG_OK;
}

static rg_status import_link(importer *im, json_t *o, rg_error *err)
{
    rg_link l = {0};
    const char *id_text, *type, *date;
    rg_id file_id, id = 0;
    char *attrs = NULL;
    bool created = false;
    rg_status status;

    if ((status = expect_object(im, o, err)) != RG_OK ||
        (status = get_id(im, o, "id", 'l', &id_text, &file_id, err)) != RG_OK ||
        (status = get_string(im, o, "type", false, &type, err)) != RG_OK ||
        (status = mapped(im, im->entity_ids, o, "source", 'e', "entity", &l.source, err)) != RG_OK ||
        (status = mapped(im, im->entity_ids, o, "target", 'e', "entity", &l.target, err)) != RG_OK ||
        (status = get_string(im, o, "date", true, &date, err)) != RG_OK ||
        (status = get_strings(im, o, "topics", &l.topics, err)) != RG_OK ||
        (status = get_attrs(im, o, &attrs, err)) != RG_OK ||
        (status = get_evidence(im, o, &l, err)) != RG_OK ||
        (status = check_link_fields(im, type, l.source, l.target, date, err)) != RG_OK)
        goto out;
    if (im->keep_ids) {
        l.id = file_id;
        rg_copy_fixed(l.type, sizeof l.type, type);
        rg_copy_fixed(l.date, sizeof l.date, date);
        l.attrs = attrs;
        status = store_insert_link_with_id(im->st, &l, err);
        l.attrs = NULL;
        if (status != RG_OK) {
            status = from_store(im, err, NULL, status);
            goto out;
        }
        im->counts.links_added++;
        goto out;
    }
    status = store_add_link(im->st, type, l.source, l.target, date, &l.topics, attrs, 0, &id,
                            &created, err);
    for (size_t i = 0; status == RG_OK && i < l.n_evidence; i++)
        status = store_add_evidence(im->st, id, l.evidence[i].doc, l.evidence[i].start,
                                    l.evidence[i].end, l.evidence[i].text, err);
    if (status != RG_OK) {
        status = from_store(im, err, NULL, status);
        goto out;
    }
    if (created)
        im->counts.links_added++;
    else
        im->counts.links_merged++;
out:
    free(attrs);
    free(l.evidence);   /* texts are borrowed */
    rg_strlist_free(&l.topics);
    return status;
}

typedef rg_status (*element_fn)(importer *im, json_t *o, rg_error *err);

/* The file in memory and a read position, for walking the envelope by hand
 * so that each element is parsed (and freed) on its own: memory stays flat
 * and jansson's allocations stay small. */
typedef struct scanner {
    const char *buf;
    size_t len, pos;
} scanner;

enum { ARRAY_DOCUMENTS, ARRAY_ENTITIES, ARRAY_LINKS, N_ARRAYS };
static const char *const array_keys[N_ARRAYS] = {"documents", "entities", "links"};

static void skip_ws(scanner *sc)
{
    while (sc->pos < sc->len && (sc->buf[sc->pos] == ' ' || sc->buf[sc->pos] == '\t' ||
                                 sc->buf[sc->pos] == '\n' || sc->buf[sc->pos] == '\r'))
        sc->pos++;
}

/* "FILE:LINE:COL: why" for the character at offset pos (columns count
 * characters, as jansson's do). */
static rg_status syntax_error(importer *im, const scanner *sc, size_t pos, const char *why,
                              rg_error *err)
{
    int line = 1, col = 1;

    for (size_t i = 0; i < pos && i < sc->len; i++) {
        unsigned char c = (unsigned char)sc->buf[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xc0) != 0x80) {
            col++;
        }
    }
    return rg_fail(err, RG_ERR_INVALID, "%s:%d:%d: %s", im->name, line, col, why);
}

/* Parses one JSON value at the read position with jansson and moves past it. */
static rg_status parse_value(importer *im, scanner *sc, json_t **out, rg_error *err)
{
    json_error_t jerr;

    *out = json_loadb(sc->buf + sc->pos, sc->len - sc->pos,
                      JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &jerr);
    if (!*out) {
        /* jansson's position is just past the character it stopped at */
        size_t at = sc->pos + (jerr.position > 0 ? (size_t)jerr.position - 1 : 0);
        return syntax_error(im, sc, at, jerr.text, err);
    }
    sc->pos += (size_t)jerr.position;
    return RG_OK;
}

/* Moves past one JSON value without building it (its contents are parsed
 * later, element by element). */
static bool skip_value(scanner *sc)
{
    size_t depth = 0;

    do {
        char c;
        skip_ws(sc);
        if (sc->pos >= sc->len)
            return false;
        c = sc->buf[sc->pos];
        if (c == '"') {
            for (sc->pos++; sc->pos < sc->len && sc->buf[sc->pos] != '"'; sc->pos++)
                if (sc->buf[sc->pos] == '\\')
                    sc->pos++;
            if (sc->pos >= sc->len)
                return false;
            sc->pos++;
        } else if (c == '[' || c == '{') {
            depth++;
            sc->pos++;
        } else if (c == ']' || c == '}') {
            if (depth == 0)
                return false;
            depth--;
            sc->pos++;
        } else if (c == ',' || c == ':') {
            if (depth == 0)
                return false;
            sc->pos++;
        } else {
            size_t start = sc->pos;
            /* strchr finds a NUL byte too (the terminator), which then never
             * moved on: an endless loop on a NUL outside strings (found by
             * tests/fuzz/fuzz_import_json).  Such input is not JSON. */
            while (sc->pos < sc->len && sc->buf[sc->pos] != '\0' &&
                   !strchr(" \t\r\n,:]}", sc->buf[sc->pos]))
                sc->pos++;
            if (sc->pos == start)
                return false;
        }
    } while (depth > 0);
    return true;
}

/* Reads the top-level object: scalars go into env, and the offsets of the
 * three arrays into starts[] (0 when absent). */
static rg_status scan_envelope(importer *im, scanner *sc, json_t *env, size_t starts[N_ARRAYS],
                               rg_error *err)
{
    rg_status status;

    skip_ws(sc);
    if (sc->pos >= sc->len || sc->buf[sc->pos] != '{') {
        json_t *whole;
        /* valid JSON of another shape, or not JSON at all? */
        if ((status = parse_value(im, sc, &whole, err)) != RG_OK)
            return status;
        json_decref(whole);
        return rg_fail(err, RG_ERR_INVALID, "%s: expected a JSON object with \"format\": \"%s\"",
                       im->name, FORMAT_NAME);
    }
    sc->pos++;
    skip_ws(sc);
    if (sc->pos < sc->len && sc->buf[sc->pos] == '}') {
        sc->pos++;
        return RG_OK;
    }
    for (;;) {
        json_t *key = NULL, *value = NULL;
        size_t key_at;
        int which = -1;

        skip_ws(sc);
        key_at = sc->pos;
        if (sc->pos >= sc->len || sc->buf[sc->pos] != '"')
            return syntax_error(im, sc, sc->pos, "string or '}' expected", err);
        if ((status = parse_value(im, sc, &key, err)) != RG_OK)
            return status;
        for (int i = 0; i < N_ARRAYS; i++)
            if (strcmp(json_string_value(key), array_keys[i]) == 0)
                which = i;
        if ((which >= 0 && starts[which]) || json_object_get(env, json_string_value(key))) {
            json_decref(key);
            return syntax_error(im, sc, key_at, "duplicate object key", err);
        }
        skip_ws(sc);
        if (sc->pos >= sc->len || sc->buf[sc->pos] != ':') {
            json_decref(key);
            return syntax_error(im, sc, sc->pos, "':' expected", err);
        }
        sc->pos++;
        skip_ws(sc);
        if (which >= 0 && sc->pos < sc->len && sc->buf[sc->pos] == '[') {
            starts[which] = sc->pos;
            if (!skip_value(sc)) {
                /* unbalanced: let jansson find the first real error */
                json_t *whole = NULL;
                json_decref(key);
                sc->pos = starts[which];
                if ((status = parse_value(im, sc, &whole, err)) != RG_OK)
                    return status;
                json_decref(whole);
                return syntax_error(im, sc, sc->len, "unexpected end of input", err);
            }
        } else {
            if ((status = parse_value(im, sc, &value, err)) != RG_OK) {
                json_decref(key);
                return status;
            }
            if (which >= 0) {
                json_decref(key);
                json_decref(value);
                return rg_fail(err, RG_ERR_INVALID, "%s: %s: expected an array", im->name,
                               array_keys[which]);
            }
            json_object_set_new(env, json_string_value(key), value);
        }
        json_decref(key);
        skip_ws(sc);
        if (sc->pos < sc->len && sc->buf[sc->pos] == ',') {
            sc->pos++;
            continue;
        }
        if (sc->pos < sc->len && sc->buf[sc->pos] == '}') {
            sc->pos++;
            break;
        }
        return syntax_error(im, sc, sc->pos, "',' or '}' expected", err);
    }
    skip_ws(sc);
    if (sc->pos < sc->len)
        return syntax_error(im, sc, sc->pos, "end of file expected", err);
    return RG_OK;
}

/* Parses and imports the elements of the array at offset start, one by one. */
static rg_status import_array(importer *im, scanner *sc, size_t start, const char *key,
                              element_fn fn, rg_error *err)
{
    size_t i = 0;

    if (!start)
        return RG_OK;
    sc->pos = start + 1;
    skip_ws(sc);
    if (sc->pos < sc->len && sc->buf[sc->pos] == ']')
        return RG_OK;
    for (;; i++) {
        json_t *item;
        rg_status status;

        skip_ws(sc);
        if ((status = parse_value(im, sc, &item, err)) != RG_OK)
            return status;
        snprintf(im->path, sizeof im->path, "%s[%zu]", key, i);
        status = fn(im, item, err);
        json_decref(item);
        if (status != RG_OK)
            return status;
        skip_ws(sc);
        if (sc->pos < sc->len && sc->buf[sc->pos] == ',') {
            sc->pos++;
            continue;
        }
        if (sc->pos < sc->len && sc->buf[sc->pos] == ']')
            return RG_OK;
        return syntax_error(im, sc, sc->pos, "',' or ']' expected", err);
    }
}

static rg_status check_envelope(importer *im, json_t *root, rg_error *err)
{
    json_t *format, *version;

    if (!json_is_object(root))
        return rg_fail(err, RG_ERR_INVALID, "%s: expected a JSON object with \"format\": \"%s\"",
                       im->name, FORMAT_NAME);
    format = json_object_get(root, "format");
    if (!json_is_string(format) || strcmp(json_string_value(format), FORMAT_NAME) != 0)
        return rg_fail(err, RG_ERR_INVALID, "%s: format: expected \"%s\" (is this a relgraph "
                       "export?)", im->name, FORMAT_NAME);
    version = json_object_get(root, "version");
    if (!json_is_integer(version))
        return rg_fail(err, RG_ERR_INVALID, "%s: version: expected an integer", im->name);
    if (json_integer_value(version) != FORMAT_VERSION)
        return rg_fail(err, RG_ERR_UNSUPPORTED, "%s: version: %lld is not one this relgraph "
                       "reads (%d)", im->name, (long long)json_integer_value(version),
                       FORMAT_VERSION);
    return RG_OK;
}

/* The whole stream in memory: jansson parses a buffer several times faster
 * than it reads a FILE character by character. */
static rg_status read_all(FILE *in, const char *name, char **out, size_t *len, rg_error *err)
{
    size_t cap = 1 << 16, used = 0, n;
    char *buf = malloc(cap);

    *out = NULL;
    *len = 0;
    if (!buf)
        return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", name);
    while ((n = fread(buf + used, 1, cap - used, in)) > 0) {
        used += n;
        if (used == cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", name);
            }
            buf = p;
            cap *= 2;
        }
    }
    if (ferror(in)) {
        free(buf);
        return rg_fail(err, RG_ERR_IO, "%s: read error: %s", name, strerror(errno));
    }
    *out = buf;
    *len = used;
    return RG_OK;
}

rg_status jsonio_import(rg_store *st, FILE *in, const char *name, rg_import_counts *counts,
                        rg_error *err)
{
    importer im = {.st = st, .name = name ? name : "<input>"};
    scanner sc = {0};
    char *text = NULL;
    size_t len = 0, starts[N_ARRAYS] = {0};
    json_t *env = NULL;
    rg_stats before, after;
    rg_status status;

    if (counts)
        memset(counts, 0, sizeof *counts);
    if ((status = read_all(in, im.name, &text, &len, err)) != RG_OK)
        return status;
    sc.buf = text;
    sc.len = len;
    env = json_object();
    im.entity_ids = json_object();
    im.document_ids = json_object();
    if (!env || !im.entity_ids || !im.document_ids) {
        status = rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", im.name);
        goto out;
    }
    if ((status = scan_envelope(&im, &sc, env, starts, err)) != RG_OK ||
        (status = check_envelope(&im, env, err)) != RG_OK ||
        (status = store_is_empty(st, &im.keep_ids, err)) != RG_OK ||
        (status = store_stats(st, &before, err)) != RG_OK)
        goto out;
    /* documents first: evidence refers to them, entities before links */
    if ((status = import_array(&im, &sc, starts[ARRAY_DOCUMENTS], "documents", import_document,
                               err)) != RG_OK ||
        (status = import_array(&im, &sc, starts[ARRAY_ENTITIES], "entities", import_entity,
                               err)) != RG_OK ||
        (status = import_array(&im, &sc, starts[ARRAY_LINKS], "links", import_link, err)) != RG_OK ||
        (status = store_stats(st, &after, err)) != RG_OK)
        goto out;
    im.counts.evidence_added = after.evidence - before.evidence;
    if (counts)
        *counts = im.counts;
out:
    json_decref(env);
    json_decref(im.entity_ids);
    json_decref(im.document_ids);
    free(text);
    return status;
}
