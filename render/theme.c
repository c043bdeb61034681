/*
 * theme.c - loading and validating JSON themes (see theme.h).
 *
 * Validation walks the JSON once against a small table of allowed keys per
 * object and a checker per value kind (colour, shape, style, number); the
 * first problem is reported with the file and the dotted key path.  After
 * that, lookups read the JSON directly with defaults.
 */
#include "theme.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../core/pack.h"

/* Okabe-Ito, the colour-blind-safe palette, used when a theme has none. */
static const char *const okabe_ito[] = {"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                        "#0072B2", "#D55E00", "#CC79A7", "#999999"};

static const char *const shapes[] = {
    "box", "polygon", "ellipse", "oval", "circle", "point", "egg", "triangle", "plaintext",
    "plain", "diamond", "trapezium", "parallelogram", "house", "pentagon", "hexagon",
    "septagon", "octagon", "doublecircle", "doubleoctagon", "tripleoctagon", "invtriangle",
    "invtrapezium", "invhouse", "Mdiamond", "Msquare", "Mcircle", "rect", "rectangle",
    "square", "star", "none", "underline", "cylinder", "note", "tab", "folder", "box3d",
    "component", NULL};
static const char *const node_styles[] = {"filled", "rounded", "dashed", "dotted", "solid",
                                          "bold", "striped", "wedged", "diagonals", NULL};
static const char *const edge_styles[] = {"solid", "dashed", "dotted", "bold", "tapered",
                                          NULL};

typedef enum { V_STR, V_COLOR, V_SHAPE, V_NSTYLE, V_ESTYLE, V_NUM, V_FONT, V_PALETTE,
               V_NODE, V_EDGE, V_CLUSTER, V_NODE_MAP, V_EDGE_MAP } value_kind;

typedef struct key_rule {
    const char *key;
    value_kind kind;
} key_rule;

static const key_rule top_rules[] = {
    {"name", V_STR}, {"description", V_STR}, {"font", V_FONT}, {"fontsize", V_NUM},
    {"background", V_COLOR}, {"text", V_COLOR}, {"palette", V_PALETTE},
    {"cluster", V_CLUSTER}, {"entity_default", V_NODE}, {"entity_types", V_NODE_MAP},
    {"link_default", V_EDGE}, {"link_types", V_EDGE_MAP}, {NULL, V_STR}};
static const key_rule node_rules[] = {
    {"shape", V_SHAPE}, {"fill", V_COLOR}, {"border", V_COLOR}, {"text", V_COLOR},
    {"style", V_NSTYLE}, {NULL, V_STR}};
static const key_rule edge_rules[] = {
    {"color", V_COLOR}, {"style", V_ESTYLE}, {"penwidth", V_NUM}, {NULL, V_STR}};
static const key_rule cluster_rules[] = {
    {"border", V_COLOR}, {"fill", V_COLOR}, {"style", V_NSTYLE}, {"text", V_COLOR},
    {NULL, V_STR}};

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0)
            return true;
    return false;
}

/* "#RRGGBB", "#RRGGBBAA" or a colour name made of letters and digits. */
static bool valid_color(const char *s)
{
    size_t n = strlen(s);
    if (s[0] == '#') {
        if (n != 7 && n != 9)
            return false;
        for (size_t i = 1; i < n; i++)
            if (!isxdigit((unsigned char)s[i]))
                return false;
        return true;
    }
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]))
            return false;
    return true;
}

/* Comma-separated tokens, each from list. */
static bool valid_tokens(const char *s, const char *const *list)
{
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        if (!in_list(list, s, n))
            return false;
        if (!comma)
            break;
        s = comma + 1;
    }
    return true;
}

/* A font list: family names separated by commas; letters, digits, spaces,
 * '-' and '_' only (it ends up in an SVG attribute and a pango pattern). */
static bool valid_font(const char *s)
{
    if (!*s || strlen(s) > 200)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr(" ,-_", *s))
            return false;
    return true;
}

static rg_status check_object(const json_t *obj, const key_rule *rules, const char *file,
                              const char *path, rg_error *err);

static rg_status check_value(const json_t *v, value_kind kind, const char *file,
                             const char *path, rg_error *err)
{
    const char *s = json_string_value(v);
    char sub[512];

    switch (kind) {
    case V_STR:
        if (!s)
            return rg_fail(err, RG_ERR_INVALID, "%s: %s: must be a string", file, path);
        return RG_OK;
    case V_COLOR:
        if (!s || !valid_color(s))
            return rg_fail(err, RG_ERR_INVALID,
                           "%s: %s: must be a colour like \"#0072B2\" or \"white\"", file, path);
        return RG_OK;
    case V_SHAPE:
        if (!s || !valid_tokens(s, shapes) || strchr(s, ','))
            return rg_fail(err, RG_ERR_INVALID, "%s: %s: not a Graphviz shape", file, path);
        return RG_OK;
    case V_NSTYLE:
        if (!s || !valid_tokens(s, node_styles))
            return rg_fail(err, RG_ERR_INVALID,
                           "%s: %s: not a node style (filled, rounded, dashed, dotted, bold)",
                           file, path);
        return RG_OK;
    case V_ESTYLE:
        if (!s || !valid_tokens(s, edge_styles) || strchr(s, ','))
            return rg_fail(err, RG_ERR_INVALID,
                           "%s: %s: not a line style (solid, dashed, dotted, bold)", file, path);
        return RG_OK;
    case V_NUM:
        if (!json_is_number(v) || json_number_value(v) <= 0 || json_number_value(v) > 100)
            return rg_fail(err, RG_ERR_INVALID, "%s: %s: must be a number in (0, 100]",
                           file, path);
        return RG_OK;
    case V_FONT:
        if (!s || !valid_font(s))
            return rg_fail(err, RG_ERR_INVALID,
                           "%s: %s: must be a comma-separated list of font family names",
                           file, path);
        return RG_OK;
    case V_PALETTE: {
        size_t i;
        json_t *c;
        if (!json_is_array(v) || json_array_size(v) == 0)
            return rg_fail(err, RG_ERR_INVALID, "%s: %s: must be a non-empty array of colours",
                           file, path);
        json_array_foreach(v, i, c) {
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            if (check_value(c, V_COLOR, file, sub, err) != RG_OK)
                return err ? err->code : RG_ERR_INVALID;
        }
        return RG_OK;
    }
    case V_NODE:
        return check_object(v, node_rules, file, path, err);
    case V_EDGE:
        return check_object(v, edge_rules, file, path, err);
    case V_CLUSTER:
        return check_object(v, cluster_rules, file, path, err);
    case V_NODE_MAP:
    case V_EDGE_MAP: {
        const char *k;
        json_t *item;
        if (!json_is_object(v))
            return rg_fail(err, RG_ERR_INVALID, "%s: %s: must be an object of types", file,
                           path);
        json_object_foreach((json_t *)v, k, item) {
            snprintf(sub, sizeof sub, "%s.%s", path, k);
            if (check_value(item, kind == V_NODE_MAP ? V_NODE : V_EDGE, file, sub, err) != RG_OK)
                return err ? err->code : RG_ERR_INVALID;
        }
        return RG_OK;
    }
    }
    return RG_OK;
}

static void list_keys(const key_rule *rules, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; rules[i].key && used < n; i++)
        used += snprintf(buf + used, n - used, "%s%s", i ? ", " : "", rules[i].key);
}

static rg_status check_object(const json_t *obj, const key_rule *rules, const char *file,
                              const char *path, rg_error *err)
{
    const char *k;
    json_t *v;
    char sub[512], valid[256];

    if (!json_is_object(obj))
        return rg_fail(err, RG_ERR_INVALID, "%s: %s: must be an object", file,
                       *path ? path : "top level");
    json_object_foreach((json_t *)obj, k, v) {
        size_t i;
        for (i = 0; rules[i].key; i++)
            if (strcmp(rules[i].key, k) == 0)
                break;
        snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", k);
        if (!rules[i].key) {
            list_keys(rules, valid, sizeof valid);
            return rg_fail(err, RG_ERR_INVALID, "%s: %s: unknown key (valid: %s)", file, sub,
                           valid);
        }
        if (check_value(v, rules[i].kind, file, sub, err) != RG_OK)
            return err ? err->code : RG_ERR_INVALID;
    }
    return RG_OK;
}

static rg_status adopt(json_t *root, const char *name, rg_theme *out, rg_error *err)
{
    if (check_object(root, top_rules, name, "", err) != RG_OK) {
        json_decref(root);
        return err ? err->code : RG_ERR_INVALID;
    }
    out->root = root;
    out->path = strdup(name);
    if (!out->path) {
        json_decref(root);
        out->root = NULL;
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    return RG_OK;
}

rg_status theme_parse(const char *text, const char *name, rg_theme *out, rg_error *err)
{
    json_error_t jerr;
    json_t *root;

    memset(out, 0, sizeof *out);
    root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return rg_fail(err, RG_ERR_INVALID, "%s:%d:%d: %s", name, jerr.line, jerr.column,
                       jerr.text);
    return adopt(root, name, out, err);
}

/* "default, print": the themes/ folder's *.json stems, sorted. */
static void available_themes(const char *dir, char *buf, size_t n)
{
    struct dirent **names = NULL;
    int count = scandir(dir, &names, NULL, alphasort);
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < count; i++) {
        size_t len = strlen(names[i]->d_name);
        if (len > 5 && strcmp(names[i]->d_name + len - 5, ".json") == 0 && used < n)
            used += snprintf(buf + used, n - used, "%s%.*s", used ? ", " : "", (int)(len - 5),
                             names[i]->d_name);
        free(names[i]);
    }
    free(names);
}

static bool is_theme_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return false;
    return true;
}

rg_status theme_load(const char *name_or_path, rg_theme *out, rg_error *err)
{
    char data[PATH_MAX], path[PATH_MAX + 64], avail[256];
    size_t len = strlen(name_or_path);
    json_error_t jerr;
    json_t *root;
    FILE *f;

    memset(out, 0, sizeof *out);
    if (strchr(name_or_path, '/') || (len > 5 && strcmp(name_or_path + len - 5, ".json") == 0)) {
        snprintf(path, sizeof path, "%s", name_or_path);
    } else {
        rg_status rc = pack_data_dir(data, sizeof data, err);
        if (rc != RG_OK)
            return rc;
        snprintf(path, sizeof path, "%s/themes/%s.json", data, name_or_path);
        f = is_theme_name(name_or_path) ? fopen(path, "r") : NULL;
        if (!f) {
            char dir[PATH_MAX + 16];
            snprintf(dir, sizeof dir, "%s/themes", data);
            available_themes(dir, avail, sizeof avail);
            return rg_fail(err, RG_ERR_NOT_FOUND,
                           "unknown theme '%s' (available: %s; or give a .json file)",
                           name_or_path, avail);
        }
        fclose(f);
    }
    f = fopen(path, "r");
    if (!f)
        return rg_fail(err, RG_ERR_IO, "%s: cannot read theme: %m", path);
    root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    fclose(f);
    if (!root)
        return rg_fail(err, RG_ERR_INVALID, "%s:%d:%d: %s", path, jerr.line, jerr.column,
                       jerr.text);
    return adopt(root, path, out, err);
}

void theme_free(rg_theme *t)
{
    json_decref(t->root);
    free(t->path);
    memset(t, 0, sizeof *t);
}

static const char *obj_str(const json_t *obj, const char *key, const char *dflt)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : dflt;
}

const char *theme_str(const rg_theme *t, const char *key, const char *dflt)
{
    return obj_str(t ? t->root : NULL, key, dflt);
}

double theme_num(const rg_theme *t, const char *key, double dflt)
{
    const json_t *v = json_object_get(t ? t->root : NULL, key);
    return json_is_number(v) ? json_number_value(v) : dflt;
}

const char *theme_cluster_str(const rg_theme *t, const char *key, const char *dflt)
{
    return obj_str(json_object_get(t ? t->root : NULL, "cluster"), key, dflt);
}

const char *theme_palette(const rg_theme *t, size_t i)
{
    const json_t *pal = json_object_get(t ? t->root : NULL, "palette");
    size_t n = json_array_size(pal);
    if (n)
        return json_string_value(json_array_get(pal, i % n));
    return okabe_ito[i % (sizeof okabe_ito / sizeof *okabe_ito)];
}

rg_entity_style theme_entity_style(const rg_theme *t, const char *type, size_t index_hint)
{
    const json_t *root = t ? t->root : NULL;
    const json_t *dflt = json_object_get(root, "entity_default");
    const json_t *own = json_object_get(json_object_get(root, "entity_types"), type);
    rg_entity_style s;

    s.shape = obj_str(own, "shape", obj_str(dflt, "shape", "ellipse"));
    s.fill = obj_str(own, "fill", own ? obj_str(dflt, "fill", "#FFFFFF")
                                      : theme_palette(t, index_hint));
    s.border = obj_str(own, "border", obj_str(dflt, "border", "#333333"));
    s.text = obj_str(own, "text", obj_str(dflt, "text", theme_str(t, "text", "#000000")));
    s.style = obj_str(own, "style", obj_str(dflt, "style", "filled"));
    return s;
}

rg_link_style theme_link_style(const rg_theme *t, const char *type, size_t index_hint)
{
    const json_t *root = t ? t->root : NULL;
    const json_t *dflt = json_object_get(root, "link_default");
    const json_t *own = json_object_get(json_object_get(root, "link_types"), type);
    const json_t *pw = json_object_get(own, "penwidth");
    rg_link_style s;

    s.color = obj_str(own, "color", own ? obj_str(dflt, "color", "#555555")
                                        : theme_palette(t, index_hint));
    s.style = obj_str(own, "style", obj_str(dflt, "style", "solid"));
    if (!pw)
        pw = json_object_get(dflt, "penwidth");
    s.penwidth = json_is_number(pw) ? json_number_value(pw) : 1.2;
    return s;
}
