/*
 * core/store.c - PLACEHOLDER so the tree links; replaced by the real store.
 */
#include "store.h"

rg_status store_open(const char *path, unsigned flags, const rg_pack *pack, rg_store **out, rg_error *err)
{
    (void)path;
    (void)flags;
    (void)pack;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_open: not implemented yet");
}

void store_close(rg_store *st)
{
    (void)st;
}

const char * store_path(const rg_store *st)
{
    (void)st;
    return NULL;
}

const rg_pack * store_pack(const rg_store *st)
{
    (void)st;
    return NULL;
}

rg_status store_begin(rg_store *st, rg_error *err)
{
    (void)st;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_begin: not implemented yet");
}

rg_status store_commit(rg_store *st, rg_error *err)
{
    (void)st;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_commit: not implemented yet");
}

void store_rollback(rg_store *st)
{
    (void)st;
}

rg_status store_add_entity(rg_store *st, const char *type, const char *name, const rg_strlist *aliases, const char *attrs_json, rg_id origin_doc, rg_id *out_id, rg_error *err)
{
    (void)st;
    (void)type;
    (void)name;
    (void)aliases;
    (void)attrs_json;
    (void)origin_doc;
    (void)out_id;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_add_entity: not implemented yet");
}

rg_status store_lookup_entities(rg_store *st, const char *name, const char *type, rg_id **ids, size_t *n, rg_error *err)
{
    (void)st;
    (void)name;
    (void)type;
    (void)ids;
    (void)n;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_lookup_entities: not implemented yet");
}

rg_status store_resolve_entity(rg_store *st, const char *text, rg_id *out, rg_error *err)
{
    (void)st;
    (void)text;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_resolve_entity: not implemented yet");
}

rg_status store_get_entity(rg_store *st, rg_id id, rg_entity *out, rg_error *err)
{
    (void)st;
    (void)id;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_get_entity: not implemented yet");
}

rg_status store_add_alias(rg_store *st, rg_id id, const char *alias, rg_error *err)
{
    (void)st;
    (void)id;
    (void)alias;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_add_alias: not implemented yet");
}

rg_status store_set_entity_attr(rg_store *st, rg_id id, const char *key, json_t *value, rg_error *err)
{
    (void)st;
    (void)id;
    (void)key;
    (void)value;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_set_entity_attr: not implemented yet");
}

rg_status store_merge_entities(rg_store *st, rg_id keep, rg_id other, rg_error *err)
{
    (void)st;
    (void)keep;
    (void)other;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_merge_entities: not implemented yet");
}

rg_status store_remove_entity(rg_store *st, rg_id id, rg_error *err)
{
    (void)st;
    (void)id;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_remove_entity: not implemented yet");
}

rg_status store_list_entities(rg_store *st, const char *type, const char *match, rg_graph *out, rg_error *err)
{
    (void)st;
    (void)type;
    (void)match;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_list_entities: not implemented yet");
}

rg_status store_add_link(rg_store *st, const char *type, rg_id source, rg_id target, const char *date, const rg_strlist *topics, const char *attrs_json, rg_id origin_doc, rg_id *out_id, bool *created, rg_error *err)
{
    (void)st;
    (void)type;
    (void)source;
    (void)target;
    (void)date;
    (void)topics;
    (void)attrs_json;
    (void)origin_doc;
    (void)out_id;
    (void)created;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_add_link: not implemented yet");
}

rg_status store_add_evidence(rg_store *st, rg_id link, rg_id doc, int64_t start, int64_t end, const char *text, rg_error *err)
{
    (void)st;
    (void)link;
    (void)doc;
    (void)start;
    (void)end;
    (void)text;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_add_evidence: not implemented yet");
}

rg_status store_get_link(rg_store *st, rg_id id, rg_link *out, rg_error *err)
{
    (void)st;
    (void)id;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_get_link: not implemented yet");
}

rg_status store_remove_link(rg_store *st, rg_id id, rg_error *err)
{
    (void)st;
    (void)id;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_remove_link: not implemented yet");
}

rg_status store_list_links(rg_store *st, const char *type, rg_id entity, rg_graph *out, rg_error *err)
{
    (void)st;
    (void)type;
    (void)entity;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_list_links: not implemented yet");
}

rg_status store_add_document(rg_store *st, const rg_document *doc, rg_id *out_id, rg_error *err)
{
    (void)st;
    (void)doc;
    (void)out_id;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_add_document: not implemented yet");
}

rg_status store_find_document_by_hash(rg_store *st, const char *hash, rg_id *out, rg_error *err)
{
    (void)st;
    (void)hash;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_find_document_by_hash: not implemented yet");
}

rg_status store_find_document_by_name(rg_store *st, const char *name, rg_id *out, rg_error *err)
{
    (void)st;
    (void)name;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_find_document_by_name: not implemented yet");
}

rg_status store_add_mention(rg_store *st, rg_id entity, rg_id doc, rg_error *err)
{
    (void)st;
    (void)entity;
    (void)doc;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_add_mention: not implemented yet");
}

rg_status store_remove_document(rg_store *st, rg_id doc, rg_error *err)
{
    (void)st;
    (void)doc;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_remove_document: not implemented yet");
}

rg_status store_load_graph(rg_store *st, unsigned flags, rg_graph *out, rg_error *err)
{
    (void)st;
    (void)flags;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_load_graph: not implemented yet");
}

rg_status store_each_entity(rg_store *st, unsigned flags, rg_entity_cb cb, void *ctx, rg_error *err)
{
    (void)st;
    (void)flags;
    (void)cb;
    (void)ctx;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_each_entity: not implemented yet");
}

rg_status store_each_link(rg_store *st, unsigned flags, rg_link_cb cb, void *ctx, rg_error *err)
{
    (void)st;
    (void)flags;
    (void)cb;
    (void)ctx;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_each_link: not implemented yet");
}

rg_status store_each_document(rg_store *st, rg_document_cb cb, void *ctx, rg_error *err)
{
    (void)st;
    (void)cb;
    (void)ctx;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_each_document: not implemented yet");
}

rg_status store_stats(rg_store *st, rg_stats *out, rg_error *err)
{
    (void)st;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_stats: not implemented yet");
}

rg_status store_is_empty(rg_store *st, bool *empty, rg_error *err)
{
    (void)st;
    (void)empty;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_is_empty: not implemented yet");
}

rg_status store_insert_entity_with_id(rg_store *st, const rg_entity *e, rg_error *err)
{
    (void)st;
    (void)e;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_insert_entity_with_id: not implemented yet");
}

rg_status store_insert_link_with_id(rg_store *st, const rg_link *l, rg_error *err)
{
    (void)st;
    (void)l;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_insert_link_with_id: not implemented yet");
}

rg_status store_insert_document_with_id(rg_store *st, const rg_document *d, rg_error *err)
{
    (void)st;
    (void)d;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "store_insert_document_with_id: not implemented yet");
}
