/*
 * theme.h - the look of a rendered diagram: fonts, colours, shapes and line
 * styles per entity and link type, read from a JSON theme file.
 *
 * A theme is data/themes/NAME.json (or any FILE given by path):
 *   {"name": "default", "description": "...",
 *    "font": "Noto Sans,DejaVu Sans,sans-serif", "fontsize": 11,
 *    "background": "white", "text": "#000000",
 *    "palette": ["#E69F00", ...],          colours for communities, unknown types
 *    "cluster": {"border", "fill", "style", "text"},
 *    "entity_default": {"shape", "fill", "border", "text", "style"},
 *    "entity_types": {"city": {same keys}, ...},
 *    "link_default": {"color", "style", "penwidth"},
 *    "link_types": {"sister_city": {same keys}, ...}}
 * Every key is optional; an unknown key, a colour that is not "#RRGGBB[AA]"
 * or a plain colour name, or a shape/style Graphviz does not know is rejected
 * with "FILE: KEY.PATH: why".  Theme values go to Graphviz attributes only
 * after this validation, so a theme cannot inject markup either.
 */
#ifndef RG_THEME_H
#define RG_THEME_H

#include <jansson.h>
#include <stddef.h>

#include "../core/error.h"

typedef struct rg_theme {
    json_t *root;               /* the validated JSON object */
    char *path;                 /* where it was read from */
} rg_theme;

/* The style of one entity type, with the defaults filled in.  The strings
 * belong to the theme. */
typedef struct rg_entity_style {
    const char *shape, *fill, *border, *text, *style;
} rg_entity_style;

typedef struct rg_link_style {
    const char *color, *style;
    double penwidth;
} rg_link_style;

/* Loads a theme: name_or_path containing '/' or ending in ".json" is a file,
 * anything else a name looked up as <data>/themes/NAME.json.  Errors:
 * RG_ERR_NOT_FOUND "unknown theme 'x' (available: default, print)",
 * RG_ERR_IO (unreadable file), RG_ERR_INVALID ("FILE:LINE:COL: why" for bad
 * JSON, "FILE: key: why" for bad content). */
rg_status theme_load(const char *name_or_path, rg_theme *out, rg_error *err);

/* Parses and validates theme text already in memory (name is used in
 * messages).  Same errors as theme_load. */
rg_status theme_parse(const char *text, const char *name, rg_theme *out, rg_error *err);

void theme_free(rg_theme *t);

/* Style for an entity / link type.  index_hint picks a palette colour for
 * a type the theme does not list, so unknown types still differ. */
rg_entity_style theme_entity_style(const rg_theme *t, const char *type, size_t index_hint);
rg_link_style theme_link_style(const rg_theme *t, const char *type, size_t index_hint);

/* Top-level values with defaults. */
const char *theme_str(const rg_theme *t, const char *key, const char *dflt);
double theme_num(const rg_theme *t, const char *key, double dflt);
const char *theme_cluster_str(const rg_theme *t, const char *key, const char *dflt);

/* The i-th palette colour (cycling); a fixed Okabe-Ito colour when the theme
 * has no palette. */
const char *theme_palette(const rg_theme *t, size_t i);

#endif
