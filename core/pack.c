/*
 * pack.c - loading domain packs (see pack.h).
 *
 * A pack folder is read file by file with jansson; everything is validated
 * into a scratch rg_pack first and only then merged into the caller's pack,
 * so a bad pack leaves the caller's pack untouched.
 */
#include "pack.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RG_DATADIR
#define RG_DATADIR "/usr/local/share/relgraph"
#endif

#define DEFAULT_PACK "city-diplomacy"

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_packs(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/packs", dir);
    return is_dir(path);
}

rg_status pack_data_dir(char *buf, size_t n, rg_error *err)
{
    const char *env = getenv("RELGRAPH_DATA");
    char exe[PATH_MAX];
    ssize_t len;

    if (env && *env) {
        if (!has_packs(env))
            return rg_fail(err, RG_ERR_NOT_FOUND,
                           "RELGRAPH_DATA=%s: no packs/ folder there", env);
        snprintf(buf, n, "%s", env);
        return RG_OK;
    }
    len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        char *slash;
        exe[len] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            const char *tails[] = {"/data", "/../data", "/../share/relgraph"};
            *slash = '\0';
            for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
                char cand[PATH_MAX];
                snprintf(cand, sizeof cand, "%s%s", exe, tails[i]);
                if (has_packs(cand)) {
                    snprintf(buf, n, "%s", cand);
                    return RG_OK;
                }
            }
        }
    }
    if (has_packs(RG_DATADIR)) {
        snprintf(buf, n, "%s", RG_DATADIR);
        return RG_OK;
    }
    return rg_fail(err, RG_ERR_NOT_FOUND,
                   "cannot find relgraph's data folder (set RELGRAPH_DATA to the data/ "
                   "folder of the source tree, or run 'make install')");
}

/* Loads FILE as JSON; RG_ERR_NOT_FOUND (quietly) when it does not exist. */
static rg_status load_json(const char *path, json_t **out, rg_error *err)
{
    json_error_t jerr;

    *out = NULL;
    if (access(path, F_OK) != 0)
        return RG_ERR_NOT_FOUND;
    *out = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!*out) {
        if (jerr.line > 0)
            return rg_fail(err, RG_ERR_INVALID, "%s:%d:%d: %s", path, jerr.line,
                           jerr.column, jerr.text);
        return rg_fail(err, RG_ERR_IO, "%s: %s", path, jerr.text);
    }
    return RG_OK;
}

static bool valid_type_name(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n >= RG_TYPE_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

/* Checks that obj has only the keys listed (NULL-terminated). */
static rg_status check_keys(json_t *obj, const char *const *allowed, const char *where,
                            rg_error *err)
{
    const char *key;
    json_t *value;

    json_object_foreach(obj, key, value) {
        bool ok = false;
        (void)value;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(key, allowed[i]) == 0)
                ok = true;
        if (!ok)
            return rg_fail(err, RG_ERR_INVALID, "%s: unknown key '%s'", where, key);
    }
    return RG_OK;
}

static const char *optional_string(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static rg_status add_entity_type(rg_pack *p, json_t *def, const char *where, rg_error *err)
{
    static const char *const keys[] = {"name", "description", "label", NULL};
    const char *name = optional_string(def, "name"), *desc;
    rg_entity_type *t;

    if (!json_is_object(def))
        return rg_fail(err, RG_ERR_INVALID, "%s: must be an object", where);
    if (check_keys(def, keys, where, err) != RG_OK)
        return RG_ERR_INVALID;
    if (!name || !valid_type_name(name))
        return rg_fail(err, RG_ERR_INVALID,
                       "%s: \"name\" must be a lower-case identifier shorter than %d characters",
                       where, RG_TYPE_MAX);
    t = realloc(p->entity_types, (p->n_entity_types + 1) * sizeof *t);
    if (!t)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    p->entity_types = t;
    t = &p->entity_types[p->n_entity_types];
    memset(t, 0, sizeof *t);
    rg_copy_fixed(t->name, sizeof t->name, name);
    desc = optional_string(def, "description");
    t->description = desc ? strdup(desc) : NULL;
    p->n_entity_types++;
    return RG_OK;
}

static rg_status read_type_list(json_t *arr, rg_strlist *out, const char *where, rg_error *err)
{
    size_t i;
    json_t *v;

    if (!arr)
        return RG_OK;
    if (!json_is_array(arr))
        return rg_fail(err, RG_ERR_INVALID, "%s: must be an array of entity type names", where);
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v) || !valid_type_name(json_string_value(v)))
            return rg_fail(err, RG_ERR_INVALID, "%s[%zu]: not an entity type name", where, i);
        if (rg_strlist_push(out, json_string_value(v)) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    return RG_OK;
}

static void link_type_clear(rg_link_type *t)
{
    rg_strlist_free(&t->source_types);
    rg_strlist_free(&t->target_types);
    free(t->description);
    t->description = NULL;
}

static rg_status add_link_type(rg_pack *p, json_t *def, const char *where, rg_error *err)
{
    static const char *const keys[] = {"name", "symmetric", "source", "target",
                                       "description", "label", NULL};
    const char *name = optional_string(def, "name"), *desc;
    json_t *sym;
    rg_link_type t = {0}, *arr;
    char sub[256];

    if (!json_is_object(def))
        return rg_fail(err, RG_ERR_INVALID, "%s: must be an object", where);
    if (check_keys(def, keys, where, err) != RG_OK)
        return RG_ERR_INVALID;
    if (!name || !valid_type_name(name))
        return rg_fail(err, RG_ERR_INVALID,
                       "%s: \"name\" must be a lower-case identifier shorter than %d characters",
                       where, RG_TYPE_MAX);
    rg_copy_fixed(t.name, sizeof t.name, name);
    sym = json_object_get(def, "symmetric");
    if (sym && !json_is_boolean(sym))
        return rg_fail(err, RG_ERR_INVALID, "%s: \"symmetric\" must be true or false", where);
    t.symmetric = json_is_true(sym);
    snprintf(sub, sizeof sub, "%s.source", where);
    if (read_type_list(json_object_get(def, "source"), &t.source_types, sub, err) != RG_OK)
        goto fail;
    snprintf(sub, sizeof sub, "%s.target", where);
    if (read_type_list(json_object_get(def, "target"), &t.target_types, sub, err) != RG_OK)
        goto fail;
    desc = optional_string(def, "description");
    if (desc && !(t.description = strdup(desc)))
        goto fail;
    arr = realloc(p->link_types, (p->n_link_types + 1) * sizeof *arr);
    if (!arr)
        goto fail;
    p->link_types = arr;
    p->link_types[p->n_link_types++] = t;
    return RG_OK;
fail:
    link_type_clear(&t);
    return err && err->code != RG_OK ? err->code : rg_fail(err, RG_ERR_NOMEM, "out of memory");
}

/* Parses schema.json into the scratch pack s. */
static rg_status parse_schema(rg_pack *s, json_t *root, const char *path, rg_error *err)
{
    static const char *const keys[] = {"name", "version", "description", "entity_types",
                                       "link_types", NULL};
    json_t *et, *lt, *v;
    size_t i;
    char where[512];

    if (!json_is_object(root))
        return rg_fail(err, RG_ERR_INVALID, "%s: must be a JSON object", path);
    if (check_keys(root, keys, path, err) != RG_OK)
        return RG_ERR_INVALID;
    et = json_object_get(root, "entity_types");
    lt = json_object_get(root, "link_types");
    if ((et && !json_is_array(et)) || (lt && !json_is_array(lt)))
        return rg_fail(err, RG_ERR_INVALID,
                       "%s: \"entity_types\" and \"link_types\" must be arrays", path);
    json_array_foreach(et, i, v) {
        snprintf(where, sizeof where, "%s: entity_types[%zu]", path, i);
        if (add_entity_type(s, v, where, err) != RG_OK)
            return err->code;
    }
    json_array_foreach(lt, i, v) {
        snprintf(where, sizeof where, "%s: link_types[%zu]", path, i);
        if (add_link_type(s, v, where, err) != RG_OK)
            return err->code;
    }
    return RG_OK;
}

/* Appends arrays, merges objects key by key (recursively one level: arrays
 * under the same key are concatenated), replaces anything else. */
static rg_status merge_json(json_t *dst, json_t *src)
{
    const char *key;
    json_t *value;

    if (json_is_array(dst) && json_is_array(src))
        return json_array_extend(dst, src) == 0 ? RG_OK : RG_ERR_NOMEM;
    json_object_foreach(src, key, value) {
        json_t *old = json_object_get(dst, key);
        if (old && json_is_array(old) && json_is_array(value)) {
            if (json_array_extend(old, value) != 0)
                return RG_ERR_NOMEM;
        } else if (json_object_set(dst, key, value) != 0) {
            return RG_ERR_NOMEM;
        }
    }
    return RG_OK;
}

/* Reads every other *.json of the folder into s->rules under its stem. */
static rg_status load_rules(rg_pack *s, const char *dir, rg_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    rg_status rc = RG_OK;

    if (!d)
        return rg_fail(err, RG_ERR_IO, "%s: cannot read folder", dir);
    while (rc == RG_OK && (ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        char path[PATH_MAX], stem[256];
        json_t *content;

        if (n < 6 || strcmp(ent->d_name + n - 5, ".json") != 0 ||
            strcmp(ent->d_name, "schema.json") == 0 || strcmp(ent->d_name, "lexicon.json") == 0 ||
            strcmp(ent->d_name, "triggers.json") == 0 || n - 5 >= sizeof stem)
            continue;
        memcpy(stem, ent->d_name, n - 5);
        stem[n - 5] = '\0';
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        rc = load_json(path, &content, err);
        if (rc == RG_OK) {
            if (json_object_set_new(s->rules, stem, content) != 0)
                rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        }
    }
    closedir(d);
    return rc;
}

static void pack_init(rg_pack *p)
{
    memset(p, 0, sizeof *p);
    p->lexicon = json_array();
    p->triggers = json_object();
    p->rules = json_object();
}

/* Moves the scratch pack's definitions into pack: replaced types by name,
 * new ones appended, lexicon/triggers/rules merged.  Cannot fail half-way
 * except for memory; then pack may hold part of s (types are whole). */
static rg_status merge_into(rg_pack *pack, rg_pack *s, const char *dir)
{
    if (!pack->lexicon)
        pack_init(pack);
    for (size_t i = 0; i < s->n_entity_types; i++) {
        rg_entity_type *t = (rg_entity_type *)pack_entity_type(pack, s->entity_types[i].name);
        if (t) {
            free(t->description);
            *t = s->entity_types[i];
        } else {
            rg_entity_type *arr = realloc(pack->entity_types,
                                          (pack->n_entity_types + 1) * sizeof *arr);
            if (!arr)
                return RG_ERR_NOMEM;
            pack->entity_types = arr;
            arr[pack->n_entity_types++] = s->entity_types[i];
        }
        memset(&s->entity_types[i], 0, sizeof s->entity_types[i]);
    }
    for (size_t i = 0; i < s->n_link_types; i++) {
        rg_link_type *t = (rg_link_type *)pack_link_type(pack, s->link_types[i].name);
        if (t) {
            link_type_clear(t);
            *t = s->link_types[i];
        } else {
            rg_link_type *arr = realloc(pack->link_types, (pack->n_link_types + 1) * sizeof *arr);
            if (!arr)
                return RG_ERR_NOMEM;
            pack->link_types = arr;
            arr[pack->n_link_types++] = s->link_types[i];
        }
        memset(&s->link_types[i], 0, sizeof s->link_types[i]);
    }
    if (merge_json(pack->lexicon, s->lexicon) != RG_OK ||
        merge_json(pack->triggers, s->triggers) != RG_OK ||
        merge_json(pack->rules, s->rules) != RG_OK ||
        rg_strlist_push(&pack->dirs, dir) != RG_OK)
        return RG_ERR_NOMEM;
    return RG_OK;
}

/* Every link type's endpoint types must name entity types known to the pack
 * as it will be after the merge. */
static rg_status check_link_endpoints(const rg_pack *pack, const rg_pack *s, const char *path,
                                      rg_error *err)
{
    for (size_t i = 0; i < s->n_link_types; i++) {
        const rg_link_type *t = &s->link_types[i];
        const rg_strlist *lists[2] = {&t->source_types, &t->target_types};
        for (int k = 0; k < 2; k++)
            for (size_t j = 0; j < lists[k]->len; j++) {
                const char *name = lists[k]->items[j];
                if (!pack_entity_type(pack, name) && !pack_entity_type(s, name))
                    return rg_fail(err, RG_ERR_INVALID,
                                   "%s: link type '%s' names unknown entity type '%s'",
                                   path, t->name, name);
            }
    }
    return RG_OK;
}

rg_status pack_load_dir(rg_pack *pack, const char *dir, rg_error *err)
{
    rg_pack s;
    char path[PATH_MAX];
    json_t *root = NULL;
    rg_status rc;

    pack_init(&s);
    if (!is_dir(dir)) {
        rc = rg_fail(err, RG_ERR_IO, "%s: no such pack folder", dir);
        goto fail;
    }
    snprintf(path, sizeof path, "%s/schema.json", dir);
    rc = load_json(path, &root, err);
    if (rc == RG_ERR_NOT_FOUND && pack->n_entity_types == 0) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s: a first pack needs a schema.json", dir);
        goto fail;
    }
    if (rc == RG_OK && (rc = parse_schema(&s, root, path, err)) != RG_OK)
        goto fail;
    if (rc != RG_OK && rc != RG_ERR_NOT_FOUND)
        goto fail;
    if ((rc = check_link_endpoints(pack, &s, path, err)) != RG_OK)
        goto fail;
    json_decref(root);
    root = NULL;

    snprintf(path, sizeof path, "%s/lexicon.json", dir);
    rc = load_json(path, &root, err);
    if (rc == RG_OK) {
        if (!json_is_array(root)) {
            rc = rg_fail(err, RG_ERR_INVALID, "%s: must be an array of entries", path);
            goto fail;
        }
        json_decref(s.lexicon);
        s.lexicon = root;
        root = NULL;
    } else if (rc != RG_ERR_NOT_FOUND) {
        goto fail;
    }
    snprintf(path, sizeof path, "%s/triggers.json", dir);
    rc = load_json(path, &root, err);
    if (rc == RG_OK) {
        if (!json_is_object(root)) {
            rc = rg_fail(err, RG_ERR_INVALID, "%s: must be an object", path);
            goto fail;
        }
        json_decref(s.triggers);
        s.triggers = root;
        root = NULL;
    } else if (rc != RG_ERR_NOT_FOUND) {
        goto fail;
    }
    if ((rc = load_rules(&s, dir, err)) != RG_OK)
        goto fail;
    if (merge_into(pack, &s, dir) != RG_OK) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory loading %s", dir);
        goto fail;
    }
    pack_free(&s);
    return RG_OK;
fail:
    json_decref(root);
    pack_free(&s);
    return rc;
}

rg_status pack_load_default(rg_pack *pack, rg_error *err)
{
    char data[PATH_MAX - 64], dir[PATH_MAX];
    rg_status rc = pack_data_dir(data, sizeof data, err);

    if (rc != RG_OK)
        return rc;
    snprintf(dir, sizeof dir, "%s/packs/%s", data, DEFAULT_PACK);
    return pack_load_dir(pack, dir, err);
}

const rg_entity_type *pack_entity_type(const rg_pack *pack, const char *name)
{
    for (size_t i = 0; i < pack->n_entity_types; i++)
        if (strcmp(pack->entity_types[i].name, name) == 0)
            return &pack->entity_types[i];
    return NULL;
}

const rg_link_type *pack_link_type(const rg_pack *pack, const char *name)
{
    for (size_t i = 0; i < pack->n_link_types; i++)
        if (strcmp(pack->link_types[i].name, name) == 0)
            return &pack->link_types[i];
    return NULL;
}

/* Writes "a, b, c" of the names into buf. */
static void join_names(char *buf, size_t n, const char *(*name_at)(const rg_pack *, size_t),
                       const rg_pack *pack, size_t count)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < count && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", name_at(pack, i));
}

static const char *entity_type_at(const rg_pack *p, size_t i) { return p->entity_types[i].name; }
static const char *link_type_at(const rg_pack *p, size_t i) { return p->link_types[i].name; }

rg_status pack_check_entity_type(const rg_pack *pack, const char *type, rg_error *err)
{
    char names[512];

    if (type && pack_entity_type(pack, type))
        return RG_OK;
    join_names(names, sizeof names, entity_type_at, pack, pack->n_entity_types);
    return rg_fail(err, RG_ERR_SCHEMA, "unknown entity type '%s' (valid: %s)",
                   type ? type : "", names);
}

static bool allows(const rg_strlist *list, const char *type)
{
    return list->len == 0 || rg_strlist_contains(list, type);
}

static void join_list(char *buf, size_t n, const rg_strlist *list)
{
    size_t used = 0;

    snprintf(buf, n, "any");
    for (size_t i = 0; i < list->len && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? "/" : "", list->items[i]);
}

rg_status pack_check_link(const rg_pack *pack, const char *ltype, const char *source_type,
                          const char *target_type, rg_error *err)
{
    const rg_link_type *t = ltype ? pack_link_type(pack, ltype) : NULL;
    char names[512], src[256], dst[256];

    if (!t) {
        join_names(names, sizeof names, link_type_at, pack, pack->n_link_types);
        return rg_fail(err, RG_ERR_SCHEMA, "unknown link type '%s' (valid: %s)",
                       ltype ? ltype : "", names);
    }
    if (allows(&t->source_types, source_type) && allows(&t->target_types, target_type))
        return RG_OK;
    if (t->symmetric && allows(&t->source_types, target_type) &&
        allows(&t->target_types, source_type))
        return RG_OK;
    join_list(src, sizeof src, &t->source_types);
    join_list(dst, sizeof dst, &t->target_types);
    return rg_fail(err, RG_ERR_SCHEMA, "a %s link cannot join a %s to a %s (it joins %s %s %s)",
                   ltype, source_type, target_type, src, t->symmetric ? "<->" : "->", dst);
}

void pack_free(rg_pack *pack)
{
    for (size_t i = 0; i < pack->n_entity_types; i++)
        free(pack->entity_types[i].description);
    for (size_t i = 0; i < pack->n_link_types; i++)
        link_type_clear(&pack->link_types[i]);
    free(pack->entity_types);
    free(pack->link_types);
    json_decref(pack->lexicon);
    json_decref(pack->triggers);
    json_decref(pack->rules);
    rg_strlist_free(&pack->dirs);
    memset(pack, 0, sizeof *pack);
}
