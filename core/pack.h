/*
 * pack.h - domain packs: the entity types, link types and extraction data
 * that make relgraph about city diplomacy rather than anything else.
 *
 * A pack is a folder of JSON files read with jansson:
 *   schema.json    entity types and link types (required)
 *   lexicon.json   known entities: [{"type","name","aliases":[...],"attrs":{}}]
 *   triggers.json  trigger phrases per link type, for the builder
 *   (other files)  builder rules; kept as JSON for the builder to interpret
 * schema.json:
 *   {"name": "city-diplomacy", "version": 1,
 *    "entity_types": [{"name": "city", "description": "..."}, ...],
 *    "link_types": [{"name": "sister_city", "symmetric": true,
 *                    "source": ["city"], "target": ["city"],   (empty or absent = any)
 *                    "description": "..."}, ...]}
 * Loading several packs in turn extends the first: a type with a known name
 * replaces the earlier definition, lexicon entries and triggers accumulate.
 *
 * The default pack lives in data/packs/city-diplomacy/; pack_data_dir()
 * finds the data folder (see there).
 */
#ifndef RG_PACK_H
#define RG_PACK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"
#include "strlist.h"

typedef struct rg_entity_type {
    char name[RG_TYPE_MAX];
    char *description;
} rg_entity_type;

typedef struct rg_link_type {
    char name[RG_TYPE_MAX];
    bool symmetric;
    rg_strlist source_types;    /* allowed source entity types; empty = any */
    rg_strlist target_types;    /* allowed target entity types; empty = any */
    char *description;
} rg_link_type;

typedef struct rg_pack {
    rg_entity_type *entity_types;
    size_t n_entity_types;
    rg_link_type *link_types;
    size_t n_link_types;
    json_t *lexicon;            /* array of lexicon entries, never NULL after load */
    json_t *triggers;           /* object: link type -> trigger data, never NULL */
    json_t *rules;              /* object: file stem -> content of other *.json files */
    rg_strlist dirs;            /* the folders loaded, in order */
} rg_pack;

/* The folder holding relgraph's data (packs/, themes/): $RELGRAPH_DATA when
 * set, else "data" beside the running executable (a build tree), else
 * "../share/relgraph" beside it (an installed tree), else the compiled-in
 * RG_DATADIR.  Writes into buf (size n); RG_ERR_NOT_FOUND when none exists. */
rg_status pack_data_dir(char *buf, size_t n, rg_error *err);

/* Loads the pack folder dir into pack (which may be empty, or hold packs
 * loaded before: this one extends them).  On error pack is unchanged and err
 * says "FILE: why" (with line and column for malformed JSON). */
rg_status pack_load_dir(rg_pack *pack, const char *dir, rg_error *err);

/* Loads the default pack (data/packs/city-diplomacy) into an empty pack. */
rg_status pack_load_default(rg_pack *pack, rg_error *err);

/* Lookups by type name; NULL when unknown.  O(number of types). */
const rg_entity_type *pack_entity_type(const rg_pack *pack, const char *name);
const rg_link_type *pack_link_type(const rg_pack *pack, const char *name);

/* RG_OK when an entity type named `type` exists; otherwise RG_ERR_SCHEMA with
 * a message naming the valid types: "unknown entity type 'town' (valid: city,
 * country, ...)". */
rg_status pack_check_entity_type(const rg_pack *pack, const char *type, rg_error *err);

/* RG_OK when link type ltype exists and may join an entity of type
 * source_type to one of type target_type (for a symmetric type either
 * direction); otherwise RG_ERR_SCHEMA with a message that names what is valid. */
rg_status pack_check_link(const rg_pack *pack, const char *ltype, const char *source_type,
                          const char *target_type, rg_error *err);

/* Releases everything the pack holds; leaves an empty pack. */
void pack_free(rg_pack *pack);

#endif
