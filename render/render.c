/*
 * render.c - Graphviz diagrams of an rg_graph (see render.h).
 *
 * A render is one pass through a render_job:
 *   choose    which entities to draw (max_nodes keeps the highest-ranked,
 *             by the --size-by metric or by degree) and which links;
 *   build     a cgraph graph: nodes then edges in id order, each styled from
 *             the theme, with a legend node (an HTML-like table) and
 *             optional clusters, title and geographic pins;
 *   lay out   with gvLayout (skipped for DOT, which is written unlaid so that
 *             Graphviz tools can lay it out again);
 *   write     DOT with agwrite, SVG through svgclean, PNG/PDF with cairo.
 * Every string that reaches Graphviz from data is escaped for Graphviz's
 * own escapes (backslash sequences, entities) first.
 */
#include "render.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "svgclean.h"

#define WRAP_WIDTH 20           /* code points per label line */
#define MAX_LABEL_LINES 4
#define MAX_TIP_SENTENCE 300    /* code points of evidence in a link tooltip */
#define DEFAULT_FONT "Noto Sans,DejaVu Sans,sans-serif"

/* ---- option parsing --------------------------------------------------- */

static const char *const layouts[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi", "geo",
                                      NULL};

void render_opts_init(rg_render_opts *o)
{
    memset(o, 0, sizeof *o);
    o->legend = true;
    o->edge_labels = RG_EDGE_LABELS_DATE;
    o->max_nodes = RG_RENDER_MAX_NODES;
    o->format = RG_RFMT_SVG;
}

rg_status render_parse_layout(const char *s, const char **out, rg_error *err)
{
    for (size_t i = 0; layouts[i]; i++)
        if (strcmp(s, layouts[i]) == 0) {
            *out = layouts[i];
            return RG_OK;
        }
    return rg_fail(err, RG_ERR_USAGE,
                   "unknown layout '%s' (valid: dot, neato, fdp, sfdp, circo, twopi, geo)", s);
}

rg_status render_parse_cluster(const char *s, rg_cluster_mode *out, rg_error *err)
{
    static const char *const names[] = {"none", "type", "community", "country"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (rg_cluster_mode)i;
            return RG_OK;
        }
    return rg_fail(err, RG_ERR_USAGE, "unknown cluster mode '%s' (valid: type, community, "
                   "country, none)", s);
}

rg_status render_parse_labels(const char *s, rg_label_mode *out, rg_error *err)
{
    if (strcmp(s, "full") == 0)
        *out = RG_LABELS_FULL;
    else if (strcmp(s, "short") == 0)
        *out = RG_LABELS_SHORT;
    else
        return rg_fail(err, RG_ERR_USAGE, "unknown label mode '%s' (valid: full, short)", s);
    return RG_OK;
}

rg_status render_parse_edge_labels(const char *s, rg_edge_label_mode *out, rg_error *err)
{
    if (strcmp(s, "none") == 0)
        *out = RG_EDGE_LABELS_NONE;
    else if (strcmp(s, "date") == 0)
        *out = RG_EDGE_LABELS_DATE;
    else if (strcmp(s, "type") == 0)
        *out = RG_EDGE_LABELS_TYPE;
    else
        return rg_fail(err, RG_ERR_USAGE, "unknown edge label mode '%s' (valid: none, date, "
                       "type)", s);
    return RG_OK;
}

rg_status render_parse_format(const char *s, rg_render_format *out, rg_error *err)
{
    if (strcmp(s, "dot") == 0 || strcmp(s, "gv") == 0)
        *out = RG_RFMT_DOT;
    else if (strcmp(s, "svg") == 0)
        *out = RG_RFMT_SVG;
    else if (strcmp(s, "png") == 0)
        *out = RG_RFMT_PNG;
    else if (strcmp(s, "pdf") == 0)
        *out = RG_RFMT_PDF;
    else
        return rg_fail(err, RG_ERR_USAGE, "unknown format '%s' (valid: dot, gv, svg, png, pdf)",
                       s);
    return RG_OK;
}

rg_status render_format_for_path(const char *path, rg_render_format *out, rg_error *err)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');

    if (strcmp(path, "-") == 0)
        return rg_fail(err, RG_ERR_USAGE, "writing to standard output needs --format "
                       "(dot, svg, png or pdf)");
    if (!dot || (slash && dot < slash) || render_parse_format(dot + 1, out, NULL) != RG_OK)
        return rg_fail(err, RG_ERR_USAGE, "%s: cannot tell the format from the extension "
                       "(use .dot, .gv, .svg, .png or .pdf, or --format)", path);
    return RG_OK;
}

/* ---- Graphviz error capture ------------------------------------------- */

/* Graphviz reports through one process-wide callback, so the render in
 * progress on this thread is found through a thread-local pointer; it is
 * set only for the duration of render_write. */
typedef struct gv_messages {
    char text[RG_ERROR_MSG_MAX];
    size_t len;
} gv_messages;

static _Thread_local gv_messages *gv_current;

static int gv_collect(char *msg)
{
    gv_messages *m = gv_current;
    size_t n;

    if (!m || !msg)
        return 0;
    /* keep errors; warnings only while nothing worse was said */
    if (strncmp(msg, "Warning", 7) == 0 && m->len > 0)
        return 0;
    n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    if (m->len + n + 3 >= sizeof m->text)
        return 0;
    if (m->len) {
        m->text[m->len++] = ';';
        m->text[m->len++] = ' ';
    }
    for (size_t i = 0; i < n; i++)
        m->text[m->len++] = (msg[i] == '\n') ? ' ' : msg[i];
    m->text[m->len] = '\0';
    return 0;
}

/* ---- small helpers ------------------------------------------------------ */

static size_t utf8_len(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            k++;
    return k;
}

/* Byte length of the first max code points of s. */
static size_t utf8_prefix(const char *s, size_t max)
{
    size_t i = 0, k = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80) {
            if (k == max)
                break;
            k++;
        }
    }
    return i;
}

static void gset(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

static void gsetf(void *obj, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void gsetf(void *obj, const char *name, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    gset(obj, name, buf);
}

static rg_status note(rg_strlist *notes, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static rg_status note(rg_strlist *notes, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    if (!notes)
        return RG_OK;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return rg_strlist_push(notes, buf);
}

/* Appends s to f escaped for a Graphviz escString label: backslashes
 * doubled (so "\N" in a name stays text) and '&' as "&amp;" (Graphviz
 * resolves entities in labels); control characters become spaces. */
static void put_gv_escaped(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\')
            fputs("\\\\", f);
        else if (c == '&')
            fputs("&amp;", f);
        else if (c < 0x20 || c == 0x7f)
            fputc(' ', f);
        else
            fputc(c, f);
    }
}

/* Escapes text for an HTML-like label (only type names and fixed text). */
static void put_html_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* Copies s without control characters (they would break a label line). */
static void push_line(rg_strlist *lines, const char *s, size_t n, rg_status *rc)
{
    char *buf = malloc(n + 1);
    if (!buf) {
        *rc = RG_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? ' ' : s[i];
    buf[n] = '\0';
    if (rg_strlist_push(lines, buf) != RG_OK)
        *rc = RG_ERR_NOMEM;
    free(buf);
}

/* Wraps text at spaces into lines of about WRAP_WIDTH code points (at most
 * MAX_LABEL_LINES, the last ending in "…" when cut) into lines, and writes
 * the Graphviz label ("line\nline", escaped) into *gv (malloc'd). */
static rg_status wrap_label(const char *text, rg_strlist *lines, char **gv)
{
    rg_status rc = RG_OK;
    const char *p = text;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    while (*p && lines->len < MAX_LABEL_LINES && rc == RG_OK) {
        const char *start, *end, *q;
        size_t width = 0;
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (!*p)
            break;
        start = end = q = p;
        while (*q) {
            const char *w = q;
            size_t ww;
            while (*q && *q != ' ' && *q != '\n' && *q != '\t')
                q++;
            ww = utf8_len(w, (size_t)(q - w));
            if (end != start && width + 1 + ww > WRAP_WIDTH)
                break;
            width += (end != start ? 1 : 0) + ww;
            end = q;
            while (*q == ' ' || *q == '\t' || *q == '\n')
                q++;
        }
        if (lines->len == MAX_LABEL_LINES - 1 && *q) {
            /* last allowed line: cut and mark the cut */
            size_t keep = utf8_prefix(start, WRAP_WIDTH - 1);
            char *cut = malloc(keep + 4);
            if (!cut)
                return RG_ERR_NOMEM;
            memcpy(cut, start, keep);
            memcpy(cut + keep, "\xe2\x80\xa6", 4);
            push_line(lines, cut, keep + 3, &rc);
            free(cut);
            p = start + strlen(start);
            break;
        }
        push_line(lines, start, (size_t)(end - start), &rc);
        p = end;
    }
    if (rc != RG_OK)
        return rc;
    if (lines->len == 0)
        push_line(lines, "?", 1, &rc);
    f = open_memstream(&buf, &len);
    if (!f)
        return RG_ERR_NOMEM;
    for (size_t i = 0; i < lines->len; i++) {
        if (i)
            fputs("\\n", f);
        put_gv_escaped(f, lines->items[i], strlen(lines->items[i]));
    }
    if (fclose(f) != 0) {
        free(buf);
        return RG_ERR_NOMEM;
    }
    *gv = buf;
    return rc;
}

/* Graphviz form of a tooltip: backslashes doubled, newlines as "\n". */
static char *gv_tooltip(const char *raw)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    for (const char *p = raw; *p; p++) {
        if (*p == '\\')
            fputs("\\\\", f);
        else if (*p == '\n')
            fputs("\\n", f);
        else if ((unsigned char)*p < 0x20 || *p == 0x7f)
            fputc(' ', f);
        else
            fputc(*p, f);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Writes s with control characters replaced by spaces (for raw tooltips). */
static void put_clean(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++)
        fputc(((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f ? ' ' : s[i], f);
}

/* ---- the job -------------------------------------------------------------- */

typedef struct render_job {
    const rg_graph *g;
    const rg_pack *pack;
    const rg_render_opts *o;
    rg_strlist *notes;
    json_t **attrs;             /* parsed entity attrs, per entity index (NULL = none) */
    size_t *degree;
    size_t *evidence;           /* evidence sentences of the entity's links */
    bool *keep;
    size_t n_keep;
    long *src, *dst;            /* entity index of each link's endpoints (-1: absent) */
    bool *link_keep;
    size_t n_link_keep;
    const char *engine;         /* Graphviz layout engine */
    bool geo, clusters;
    bool geo_pinned;            /* pin_geo placed something: the legend goes beside it */
    double geo_right, geo_top;  /* the pinned places' extent, in inches */
    Agraph_t *G;
    Agnode_t **nodes;           /* per entity index */
    rg_svg_fix fix;
} render_job;

static void job_free(render_job *j)
{
    if (j->attrs)
        for (size_t i = 0; i < j->g->n_entities; i++)
            json_decref(j->attrs[i]);
    free(j->attrs);
    free(j->degree);
    free(j->evidence);
    free(j->keep);
    free(j->src);
    free(j->dst);
    free(j->link_keep);
    free(j->nodes);
    if (j->G)
        agclose(j->G);
    svg_fix_free(&j->fix);
}

/* A numeric attribute of entity i, or NAN. */
static double entity_num(const render_job *j, size_t i, const char *key)
{
    const json_t *v = json_object_get(j->attrs[i], key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static rg_status job_index(render_job *j, rg_error *err)
{
    const rg_graph *g = j->g;
    size_t ne = g->n_entities, nl = g->n_links;

    j->attrs = calloc(ne, sizeof *j->attrs);
    j->degree = calloc(ne, sizeof *j->degree);
    j->evidence = calloc(ne, sizeof *j->evidence);
    j->keep = calloc(ne, sizeof *j->keep);
    j->nodes = calloc(ne, sizeof *j->nodes);
    j->src = calloc(nl + 1, sizeof *j->src);
    j->dst = calloc(nl + 1, sizeof *j->dst);
    j->link_keep = calloc(nl + 1, sizeof *j->link_keep);
    if (!j->attrs || !j->degree || !j->evidence || !j->keep || !j->nodes || !j->src ||
        !j->dst || !j->link_keep)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 1; i < ne; i++)
        if (g->entities[i - 1].id >= g->entities[i].id)
            return rg_fail(err, RG_ERR_INTERNAL, "render: entities are not sorted by id");
    for (size_t i = 0; i < ne; i++)
        if (g->entities[i].attrs && g->entities[i].attrs[0])
            j->attrs[i] = json_loads(g->entities[i].attrs, 0, NULL);
    for (size_t k = 0; k < nl; k++) {
        const rg_link *l = &g->links[k];
        j->src[k] = rg_graph_entity_index(g, l->source);
        j->dst[k] = rg_graph_entity_index(g, l->target);
        if (j->src[k] < 0 || j->dst[k] < 0)
            continue;
        j->degree[j->src[k]]++;
        j->degree[j->dst[k]]++;
        j->evidence[j->src[k]] += l->n_evidence;
        j->evidence[j->dst[k]] += l->n_evidence;
    }
    return RG_OK;
}

typedef struct ranked {
    double score;
    rg_id id;
    size_t index;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Marks the entities and links to draw. */
static rg_status choose(render_job *j, rg_error *err)
{
    const rg_graph *g = j->g;
    size_t ne = g->n_entities, max = j->o->max_nodes;
    const char *metric = j->o->size_by;

    if (max == 0 || ne <= max) {
        for (size_t i = 0; i < ne; i++)
            j->keep[i] = true;
        j->n_keep = ne;
    } else {
        ranked *r = malloc(ne * sizeof *r);
        size_t dropped_links = 0;
        bool by_metric = false;
        if (!r)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < ne; i++) {
            double v = metric ? entity_num(j, i, metric) : NAN;
            if (!isnan(v))
                by_metric = true;
            r[i].score = isnan(v) ? (metric ? -1e300 : (double)j->degree[i]) : v;
            r[i].id = g->entities[i].id;
            r[i].index = i;
        }
        if (metric && !by_metric)
            for (size_t i = 0; i < ne; i++)
                r[i].score = (double)j->degree[r[i].index];
        qsort(r, ne, sizeof *r, ranked_cmp);
        for (size_t i = 0; i < max; i++)
            j->keep[r[i].index] = true;
        j->n_keep = max;
        free(r);
        for (size_t k = 0; k < g->n_links; k++)
            if (j->src[k] >= 0 && j->dst[k] >= 0 && (!j->keep[j->src[k]] || !j->keep[j->dst[k]]))
                dropped_links++;
        if (note(j->notes, "drew the %zu highest-ranked of %zu entities (by %s); %zu entities "
                 "and %zu links left out (use --max-nodes N, or a narrower selection, to "
                 "change this)", max, ne, by_metric ? metric : "degree", ne - max,
                 dropped_links) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < g->n_links; k++)
        if (j->src[k] >= 0 && j->dst[k] >= 0 && j->keep[j->src[k]] && j->keep[j->dst[k]]) {
            j->link_keep[k] = true;
            j->n_link_keep++;
        }
    return RG_OK;
}

static rg_status choose_layout(render_job *j, rg_error *err)
{
    const char *l = j->o->layout;

    if (l && strcmp(l, "geo") == 0) {
        j->engine = "neato";
        j->geo = true;
    } else if (l) {
        j->engine = l;
    } else if (j->n_keep > RG_RENDER_DOT_MAX || j->n_link_keep > RG_RENDER_DOT_MAX_LINKS) {
        j->engine = "sfdp";
        if (note(j->notes, "%zu entities and %zu links: using the sfdp layout (dot is slow "
                 "above %d entities or %d links; --layout dot forces it)", j->n_keep,
                 j->n_link_keep, RG_RENDER_DOT_MAX, RG_RENDER_DOT_MAX_LINKS) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    } else {
        j->engine = "dot";
    }
    j->clusters = j->o->cluster != RG_CLUSTER_NONE;
    if (j->clusters && strcmp(j->engine, "dot") != 0 && strcmp(j->engine, "fdp") != 0) {
        j->clusters = false;
        if (note(j->notes, "the %s layout does not draw clusters; --cluster ignored (use "
                 "--layout dot or fdp)", j->o->layout ? j->o->layout : j->engine) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    return RG_OK;
}

/* ---- graph attributes, title -------------------------------------------------- */

static int id_cmp(const void *a, const void *b)
{
    rg_id x = *(const rg_id *)a, y = *(const rg_id *)b;
    return x < y ? -1 : x > y;
}

/* Distinct source documents of the drawn links' evidence; when evidence was
 * not loaded, the number of documents in the graph (0 = unknown). */
static rg_status count_documents(const render_job *j, size_t *out)
{
    const rg_graph *g = j->g;
    rg_id *docs = NULL;
    size_t n = 0, cap = 0, distinct = 0;
    bool loaded = false;

    for (size_t k = 0; k < g->n_links; k++) {
        const rg_link *l = &g->links[k];
        if (!j->link_keep[k] || !l->evidence)
            continue;
        loaded = true;
        for (size_t e = 0; e < l->n_evidence; e++) {
            if (!l->evidence[e].doc)
                continue;
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                rg_id *d = realloc(docs, nc * sizeof *d);
                if (!d) {
                    free(docs);
                    return RG_ERR_NOMEM;
                }
                docs = d;
                cap = nc;
            }
            docs[n++] = l->evidence[e].doc;
        }
    }
    if (n) {
        qsort(docs, n, sizeof *docs, id_cmp);
        distinct = 1;
        for (size_t a = 1; a < n; a++)
            if (docs[a] != docs[a - 1])
                distinct++;
    }
    free(docs);
    *out = loaded ? distinct : g->n_documents;
    return RG_OK;
}

/* The graph label: the title, then "FIRST – LAST · N source documents". */
static rg_status set_title(render_job *j, rg_error *err)
{
    const rg_graph *g = j->g;
    const char *first = NULL, *last = NULL;
    char line2[128] = "", *gv = NULL;
    size_t n_docs = 0, used = 0, len = 0;
    FILE *f;

    if (!j->o->title)
        return RG_OK;
    for (size_t k = 0; k < g->n_links; k++) {
        const rg_link *l = &g->links[k];
        if (!j->link_keep[k] || !l->date[0])
            continue;
        if (!first || strcmp(l->date, first) < 0)
            first = l->date;
        if (!last || strcmp(l->date, last) > 0)
            last = l->date;
    }
    if (count_documents(j, &n_docs) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if (first)
        used += snprintf(line2, sizeof line2, strcmp(first, last) ? "%s \xe2\x80\x93 %s" : "%s",
                         first, last);
    if (n_docs)
        snprintf(line2 + used, sizeof line2 - used, "%s%zu source document%s",
                 used ? " \xc2\xb7 " : "", n_docs, n_docs == 1 ? "" : "s");
    if (rg_strlist_push(&j->fix.title_lines, j->o->title) != RG_OK ||
        (line2[0] && rg_strlist_push(&j->fix.title_lines, line2) != RG_OK))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    f = open_memstream(&gv, &len);
    if (!f)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    put_gv_escaped(f, j->o->title, strlen(j->o->title));
    if (line2[0]) {
        fputs("\\n", f);
        put_gv_escaped(f, line2, strlen(line2));
    }
    fclose(f);
    if (!gv)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    gset(j->G, "label", gv);
    gset(j->G, "labelloc", "t");
    gsetf(j->G, "fontsize", "%g", theme_num(j->o->theme, "fontsize", 11) + 5);
    free(gv);
    return RG_OK;
}

static void set_graph_attrs(render_job *j)
{
    const rg_theme *t = j->o->theme;
    const char *font = theme_str(t, "font", DEFAULT_FONT);
    double size = theme_num(t, "fontsize", 11);
    bool spring = strcmp(j->engine, "neato") == 0 || strcmp(j->engine, "fdp") == 0 ||
                  strcmp(j->engine, "sfdp") == 0;

    gset(j->G, "layout", j->engine);
    gset(j->G, "charset", "UTF-8");
    gset(j->G, "fontname", font);
    gset(j->G, "fontcolor", theme_str(t, "text", "#000000"));
    gset(j->G, "bgcolor", theme_str(t, "background", "white"));
    gset(j->G, "outputorder", "edgesfirst");
    gset(j->G, "pad", "0.2");
    if (strcmp(j->engine, "dot") != 0)
        gset(j->G, "forcelabels", "true");
    if (strcmp(j->engine, "dot") == 0) {
        gset(j->G, "nodesep", "0.3");
        gset(j->G, "ranksep", "0.6");
        /* keep dot's network simplex bounded on mid-size graphs */
        if (j->n_keep > 60) {
            gset(j->G, "nslimit", "2");
            gset(j->G, "mclimit", "0.5");
        }
    }
    if (spring) {
        /* a fixed seed: the same input gives the same picture */
        gset(j->G, "start", "1");
        gset(j->G, "overlap", j->geo ? "prism" : j->n_keep > RG_RENDER_PRISM_MAX ? "scale"
                                                                                   : "false");
        /* +20 points around each node leaves edges long enough to show
         * their labels after prism's overlap removal shrinks the layout */
        gset(j->G, "sep", j->n_keep > RG_RENDER_PRISM_MAX ? "+6" : "+20");
    }
    if (strcmp(j->engine, "circo") == 0 || strcmp(j->engine, "twopi") == 0)
        gset(j->G, "overlap", "false");
    agattr(j->G, AGNODE, (char *)"fontname", (char *)font);
    agattr(j->G, AGEDGE, (char *)"fontname", (char *)font);
    {
        char buf[32];
        snprintf(buf, sizeof buf, "%g", size);
        agattr(j->G, AGNODE, (char *)"fontsize", buf);
        snprintf(buf, sizeof buf, "%g", size - 2);
        agattr(j->G, AGEDGE, (char *)"fontsize", buf);
    }
}

/* ---- nodes ------------------------------------------------------------------ */

/* The shortest alias when it is shorter than the name (--labels short). */
static const char *label_text(const render_job *j, const rg_entity *e)
{
    const char *best = e->name;
    size_t best_len = utf8_len(e->name, strlen(e->name));

    if (j->o->labels != RG_LABELS_SHORT)
        return best;
    for (size_t a = 0; a < e->aliases.len; a++) {
        size_t n = utf8_len(e->aliases.items[a], strlen(e->aliases.items[a]));
        if (n > 0 && n < best_len) {
            best = e->aliases.items[a];
            best_len = n;
        }
    }
    return best;
}

static char *node_tooltip(const render_job *j, size_t i)
{
    const rg_entity *e = &j->g->entities[i];
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return NULL;
    put_clean(f, e->name, strlen(e->name));
    fprintf(f, "\ntype: %s", e->type);
    if (e->aliases.len) {
        fputs("\naliases: ", f);
        for (size_t a = 0; a < e->aliases.len && a < 12; a++) {
            if (a)
                fputs(", ", f);
            put_clean(f, e->aliases.items[a], strlen(e->aliases.items[a]));
        }
        if (e->aliases.len > 12)
            fprintf(f, " and %zu more", e->aliases.len - 12);
    }
    fprintf(f, "\nevidence: %zu sentence%s", j->evidence[i], j->evidence[i] == 1 ? "" : "s");
    if (j->o->size_by) {
        double v = entity_num(j, i, j->o->size_by);
        if (!isnan(v))
            fprintf(f, "\n%s: %.4g", j->o->size_by, v);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Index of entity type t among the pack's types (for palette fallbacks). */
static size_t type_hint(const render_job *j, const char *t, bool link)
{
    if (j->pack) {
        if (link) {
            for (size_t k = 0; k < j->pack->n_link_types; k++)
                if (strcmp(j->pack->link_types[k].name, t) == 0)
                    return k;
        } else {
            for (size_t k = 0; k < j->pack->n_entity_types; k++)
                if (strcmp(j->pack->entity_types[k].name, t) == 0)
                    return k;
        }
    }
    size_t h = 0;
    for (; *t; t++)
        h = h * 31 + (unsigned char)*t;
    return h;
}

/* Node sizes from the --size-by metric, scaled between the smallest and the
 * largest value among the drawn entities. */
static void size_node(const render_job *j, Agnode_t *n, size_t i, double lo, double hi,
                      double base)
{
    double v = entity_num(j, i, j->o->size_by), t;
    if (isnan(v) || hi <= lo)
        t = isnan(v) ? 0 : 0.5;
    else
        t = (v - lo) / (hi - lo);
    gsetf(n, "fontsize", "%.1f", base * (1 + t));
    gsetf(n, "width", "%.2f", 0.75 + 1.25 * t);
    gsetf(n, "height", "%.2f", 0.5 + 0.5 * t);
}

static rg_status add_nodes(render_job *j, rg_error *err)
{
    const rg_graph *g = j->g;
    double lo = INFINITY, hi = -INFINITY, base = theme_num(j->o->theme, "fontsize", 11);
    bool any_metric = false;

    if (j->o->size_by) {
        for (size_t i = 0; i < g->n_entities; i++) {
            double v = j->keep[i] ? entity_num(j, i, j->o->size_by) : NAN;
            if (isnan(v))
                continue;
            any_metric = true;
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
        if (!any_metric &&
            note(j->notes, "no drawn entity has a saved '%s' value; sizes are uniform (run "
                 "'relgraph analyze --save' first)", j->o->size_by) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < g->n_entities; i++) {
        const rg_entity *e = &g->entities[i];
        rg_entity_style st;
        rg_strlist lines = {0};
        char name[32], *label = NULL, *tip = NULL, *gvtip = NULL;
        Agnode_t *n;

        if (!j->keep[i])
            continue;
        snprintf(name, sizeof name, "e%lld", (long long)e->id);
        n = agnode(j->G, name, 1);
        if (!n)
            return rg_fail(err, RG_ERR_INTERNAL, "graphviz: cannot create node %s", name);
        j->nodes[i] = n;
        st = theme_entity_style(j->o->theme, e->type, type_hint(j, e->type, false));
        tip = node_tooltip(j, i);
        gvtip = tip ? gv_tooltip(tip) : NULL;
        if (!gvtip || wrap_label(label_text(j, e), &lines, &label) != RG_OK ||
            svg_fix_add(&j->fix, name, tip, &lines) != RG_OK) {
            free(tip);
            free(gvtip);
            free(label);
            rg_strlist_free(&lines);
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        }
        gset(n, "id", name);
        gset(n, "label", label);
        gset(n, "tooltip", gvtip);
        gset(n, "shape", st.shape);
        gset(n, "style", st.style);
        gset(n, "fillcolor", st.fill);
        gset(n, "color", st.border);
        gset(n, "fontcolor", st.text);
        if (any_metric)
            size_node(j, n, i, lo, hi, base);
        free(tip);
        free(gvtip);
        free(label);
    }
    return RG_OK;
}

/* ---- clusters --------------------------------------------------------------- */

typedef struct cluster_ref {
    char *key;                  /* sort key */
    char *label;                /* shown */
    size_t entity;
} cluster_ref;

static int cluster_cmp(const void *a, const void *b)
{
    const cluster_ref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->entity < y->entity ? -1 : x->entity > y->entity);
}

/* The country of entity i: itself when it is one, else the country reached
 * through located_in links (up to three steps: agency -> city -> province
 * -> country), else its "country" attribute.  NULL when unknown. */
static const char *country_of(const render_job *j, const long *loc, size_t i)
{
    long cur = (long)i;
    const char *attr;

    for (int step = 0; step < 4 && cur >= 0; step++) {
        if (strcmp(j->g->entities[cur].type, "country") == 0)
            return j->g->entities[cur].name;
        cur = loc[cur];
    }
    attr = json_string_value(json_object_get(j->attrs[i], "country"));
    return attr && *attr ? attr : NULL;
}

/* Fills key and label for entity i; both NULL when it belongs to no cluster. */
static rg_status cluster_of(const render_job *j, const long *loc, size_t i, cluster_ref *c)
{
    const rg_entity *e = &j->g->entities[i];
    const json_t *v;
    char key[64];

    c->key = c->label = NULL;
    c->entity = i;
    switch (j->o->cluster) {
    case RG_CLUSTER_TYPE:
        c->key = strdup(e->type);
        c->label = strdup(e->type);
        break;
    case RG_CLUSTER_COMMUNITY:
        v = json_object_get(j->attrs[i], "community");
        if (json_is_integer(v)) {
            /* numbers sort numerically */
            snprintf(key, sizeof key, "%020lld", (long long)json_integer_value(v) + 1000000000LL);
            c->key = strdup(key);
            snprintf(key, sizeof key, "community %lld", (long long)json_integer_value(v));
            c->label = strdup(key);
        } else if (json_is_string(v) && json_string_length(v) > 0) {
            c->key = strdup(json_string_value(v));
            c->label = strdup(json_string_value(v));
        } else {
            return RG_OK;
        }
        break;
    case RG_CLUSTER_COUNTRY: {
        const char *country = country_of(j, loc, i);
        if (!country)
            return RG_OK;
        c->key = strdup(country);
        c->label = strdup(country);
        break;
    }
    case RG_CLUSTER_NONE:
        return RG_OK;
    }
    if (!c->key || !c->label) {
        free(c->key);
        free(c->label);
        c->key = c->label = NULL;
        return RG_ERR_NOMEM;
    }
    return RG_OK;
}

static rg_status add_clusters(render_job *j, rg_error *err)
{
    const rg_graph *g = j->g;
    cluster_ref *refs = calloc(j->n_keep + 1, sizeof *refs);
    long *loc = malloc((g->n_entities + 1) * sizeof *loc);
    size_t n = 0, made = 0;
    rg_status rc = RG_OK;
    Agraph_t *sub = NULL;

    if (!refs || !loc) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* where each entity is located (the lowest-id located_in link wins) */
    for (size_t i = 0; i < g->n_entities; i++)
        loc[i] = -1;
    for (size_t k = 0; k < g->n_links; k++)
        if (strcmp(g->links[k].type, "located_in") == 0 && j->src[k] >= 0 && j->dst[k] >= 0 &&
            loc[j->src[k]] < 0)
            loc[j->src[k]] = j->dst[k];
    for (size_t i = 0; i < g->n_entities; i++) {
        if (!j->keep[i])
            continue;
        if (cluster_of(j, loc, i, &refs[n]) != RG_OK) {
            rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
            goto done;
        }
        if (refs[n].key)
            n++;
    }
    qsort(refs, n, sizeof *refs, cluster_cmp);
    for (size_t r = 0; r < n; r++) {
        if (r == 0 || strcmp(refs[r].key, refs[r - 1].key) != 0) {
            char name[48], *label = NULL;
            rg_strlist lines = {0};
            snprintf(name, sizeof name, "cluster_%zu", ++made);
            sub = agsubg(j->G, name, 1);
            if (!sub || wrap_label(refs[r].label, &lines, &label) != RG_OK ||
                svg_fix_add(&j->fix, name, refs[r].label, &lines) != RG_OK) {
                free(label);
                rg_strlist_free(&lines);
                rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
                goto done;
            }
            gset(sub, "id", name);
            gset(sub, "label", label);
            gset(sub, "style", theme_cluster_str(j->o->theme, "style", "rounded,filled"));
            gset(sub, "color", theme_cluster_str(j->o->theme, "border", "#999999"));
            gset(sub, "fillcolor", theme_cluster_str(j->o->theme, "fill", "#F5F5F5"));
            gset(sub, "fontcolor", theme_cluster_str(j->o->theme, "text", "#333333"));
            free(label);
        }
        agsubnode(sub, j->nodes[refs[r].entity], 1);
    }
done:
    if (refs)
        for (size_t r = 0; r < j->n_keep; r++) {
            free(refs[r].key);
            free(refs[r].label);
        }
    free(refs);
    free(loc);
    return rc;
}

/* ---- geographic pins -------------------------------------------------------- */

/* Pins every drawn entity with "lat"/"lon" attrs (cities from the gazetteer;
 * countries carry their capital's coordinates) at an equirectangular
 * projection scaled to about 14 inches; neato places the rest around them. */
static rg_status pin_geo(render_job *j, rg_error *err)
{
    const rg_graph *g = j->g;
    double lat0 = INFINITY, lat1 = -INFINITY, lon0 = INFINITY, lon1 = -INFINITY, k, c;
    double *xs, *ys;
    size_t pinned = 0, n = 0;

    for (size_t i = 0; i < g->n_entities; i++) {
        double la = j->keep[i] ? entity_num(j, i, "lat") : NAN;
        double lo = j->keep[i] ? entity_num(j, i, "lon") : NAN;
        if (isnan(la) || isnan(lo) || fabs(la) > 90 || fabs(lo) > 180)
            continue;
        lat0 = fmin(lat0, la);
        lat1 = fmax(lat1, la);
        lon0 = fmin(lon0, lo);
        lon1 = fmax(lon1, lo);
        pinned++;
    }
    if (pinned == 0)
        return note(j->notes, "--layout geo: no drawn entity has coordinates (lat/lon attrs "
                    "from the gazetteer); placed freely") == RG_OK
                   ? RG_OK : rg_fail(err, RG_ERR_NOMEM, "out of memory");
    c = cos((lat0 + lat1) / 2 * M_PI / 180);
    k = 14 / fmax(fmax((lon1 - lon0) * c, lat1 - lat0), 1);
    j->geo_pinned = true;
    j->geo_right = (lon1 - lon0) * c * k;
    j->geo_top = (lat1 - lat0) * k;
    xs = malloc(pinned * sizeof *xs);
    ys = malloc(pinned * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < g->n_entities; i++) {
        double la = j->keep[i] ? entity_num(j, i, "lat") : NAN;
        double lo = j->keep[i] ? entity_num(j, i, "lon") : NAN;
        size_t same = 0;
        if (isnan(la) || isnan(lo) || fabs(la) > 90 || fabs(lo) > 180)
            continue;
        xs[n] = (lo - lon0) * c * k;
        ys[n] = (la - lat0) * k;
        /* a country pinned at its capital sits on the capital's city: stack
         * entities that share a place half an inch apart (quadratic, so
         * only for diagrams small enough to read anyway) */
        for (size_t p = 0; n <= 2000 && p < n; p++)
            if (fabs(xs[p] - xs[n]) < 0.01 && fabs(ys[p] - (la - lat0) * k) < 0.01)
                same++;
        ys[n] -= 0.5 * (double)same;
        gsetf(j->nodes[i], "pos", "%.3f,%.3f!", xs[n], ys[n]);
        if (same)
            ys[n] = (la - lat0) * k;    /* compare later pins with the place itself */
        n++;
    }
    free(xs);
    free(ys);
    if (pinned < j->n_keep &&
        note(j->notes, "--layout geo: %zu of %zu entities pinned at their coordinates; the "
             "others placed by neato", pinned, j->n_keep) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    return RG_OK;
}

/* ---- edges -------------------------------------------------------------------- */

static char *link_tooltip(const render_job *j, size_t k, bool symmetric)
{
    const rg_link *l = &j->g->links[k];
    const rg_entity *s = &j->g->entities[j->src[k]], *t = &j->g->entities[j->dst[k]];
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return NULL;
    put_clean(f, s->name, strlen(s->name));
    fputs(symmetric ? " \xe2\x80\x94 " : " \xe2\x86\x92 ", f);
    put_clean(f, t->name, strlen(t->name));
    fprintf(f, "\ntype: %s", l->type);
    if (l->date[0])
        fprintf(f, "\ndate: %s", l->date);
    fprintf(f, "\nevidence: %zu sentence%s", l->n_evidence, l->n_evidence == 1 ? "" : "s");
    if (l->evidence && l->n_evidence > 0 && l->evidence[0].text) {
        const char *txt = l->evidence[0].text;
        size_t cut = utf8_prefix(txt, MAX_TIP_SENTENCE);
        fputs("\n\xe2\x80\x9c", f);
        put_clean(f, txt, cut);
        fputs(txt[cut] ? "\xe2\x80\xa6\xe2\x80\x9d" : "\xe2\x80\x9d", f);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static rg_status add_edges(render_job *j, rg_error *err)
{
    const rg_graph *g = j->g;

    for (size_t k = 0; k < g->n_links; k++) {
        const rg_link *l = &g->links[k];
        const rg_link_type *lt = j->pack ? pack_link_type(j->pack, l->type) : NULL;
        bool symmetric = lt && lt->symmetric;
        rg_link_style st;
        rg_strlist lines = {0};
        char name[32], label[RG_TYPE_MAX + RG_DATE_MAX + 4] = "";
        char *tip, *gvtip;
        Agedge_t *e;

        if (!j->link_keep[k])
            continue;
        snprintf(name, sizeof name, "l%lld", (long long)l->id);
        e = agedge(j->G, j->nodes[j->src[k]], j->nodes[j->dst[k]], name, 1);
        if (!e)
            return rg_fail(err, RG_ERR_INTERNAL, "graphviz: cannot create edge %s", name);
        st = theme_link_style(j->o->theme, l->type, type_hint(j, l->type, true) + 3);
        if (j->o->edge_labels == RG_EDGE_LABELS_DATE)
            snprintf(label, sizeof label, "%s", l->date);
        else if (j->o->edge_labels == RG_EDGE_LABELS_TYPE)
            snprintf(label, sizeof label, "%s%s%s", l->type, l->date[0] ? " " : "", l->date);
        if (label[0] && rg_strlist_push(&lines, label) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        tip = link_tooltip(j, k, symmetric);
        gvtip = tip ? gv_tooltip(tip) : NULL;
        if (!gvtip || svg_fix_add(&j->fix, name, tip, &lines) != RG_OK) {
            free(tip);
            free(gvtip);
            rg_strlist_free(&lines);
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        }
        gset(e, "id", name);
        gset(e, "tooltip", gvtip);
        gset(e, "color", st.color);
        gset(e, "style", st.style);
        gsetf(e, "penwidth", "%g", st.penwidth);
        gset(e, "arrowsize", "0.7");
        if (symmetric)
            gset(e, "dir", "none");
        if (label[0]) {
            /* dot makes room for edge labels; the other layouts do not, so
             * there they are external labels, placed after the layout
             * where they cover no node */
            gset(e, strcmp(j->engine, "dot") == 0 ? "label" : "xlabel", label);
            gset(e, "fontcolor", "#444444");
        }
        free(tip);
        free(gvtip);
    }
    return RG_OK;
}

/* ---- legend ------------------------------------------------------------------- */

static const char *line_sample(const char *style)
{
    if (strcmp(style, "dashed") == 0)
        return "\xe2\x80\x93 \xe2\x80\x93 \xe2\x80\x93";          /* – – – */
    if (strcmp(style, "dotted") == 0)
        return "\xc2\xb7 \xc2\xb7 \xc2\xb7 \xc2\xb7 \xc2\xb7";    /* · · · · · */
    if (strcmp(style, "bold") == 0)
        return "\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81";            /* ━━━ */
    return "\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94";                /* ——— */
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Types present among the drawn entities (links == false) or links, sorted. */
static rg_status present_types(const render_job *j, bool links, rg_strlist *out)
{
    if (links) {
        for (size_t k = 0; k < j->g->n_links; k++)
            if (j->link_keep[k] && rg_strlist_push_unique(out, j->g->links[k].type) != RG_OK)
                return RG_ERR_NOMEM;
    } else {
        for (size_t i = 0; i < j->g->n_entities; i++)
            if (j->keep[i] && rg_strlist_push_unique(out, j->g->entities[i].type) != RG_OK)
                return RG_ERR_NOMEM;
    }
    if (out->len > 1)
        qsort(out->items, out->len, sizeof *out->items, str_cmp);
    return RG_OK;
}

/* The legend: a node whose HTML-like label is a table of the entity types
 * (fill colour and shape name) and link types (a line sample in the link
 * colour, an arrow for directed types) actually drawn. */
static rg_status add_legend(render_job *j, rg_error *err)
{
    rg_strlist et = {0}, lt = {0};
    char *buf = NULL, *html;
    size_t len = 0;
    FILE *f;
    Agnode_t *n;
    rg_status rc = RG_OK;

    if (present_types(j, false, &et) != RG_OK || present_types(j, true, &lt) != RG_OK ||
        !(f = open_memstream(&buf, &len))) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    fputs("<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"3\" "
          "COLOR=\"#999999\" BGCOLOR=\"white\">", f);
    fputs("<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>Legend</B></TD></TR>", f);
    for (size_t i = 0; i < et.len; i++) {
        rg_entity_style st = theme_entity_style(j->o->theme, et.items[i],
                                                type_hint(j, et.items[i], false));
        fputs("<TR><TD BORDER=\"1\" COLOR=\"", f);
        put_html_escaped(f, st.border);
        fputs("\" BGCOLOR=\"", f);
        put_html_escaped(f, st.fill);
        fputs("\" WIDTH=\"28\"> </TD><TD ALIGN=\"LEFT\">", f);
        put_html_escaped(f, et.items[i]);
        fputs(" (", f);
        put_html_escaped(f, st.shape);
        fputs(")</TD></TR>", f);
    }
    for (size_t i = 0; i < lt.len; i++) {
        rg_link_style st = theme_link_style(j->o->theme, lt.items[i],
                                            type_hint(j, lt.items[i], true) + 3);
        const rg_link_type *t = j->pack ? pack_link_type(j->pack, lt.items[i]) : NULL;
        fputs("<TR><TD><FONT COLOR=\"", f);
        put_html_escaped(f, st.color);
        fputs("\">", f);
        fputs(line_sample(st.style), f);
        fputs(t && t->symmetric ? "" : "\xe2\x96\xb8", f);             /* ▸ */
        fputs("</FONT></TD><TD ALIGN=\"LEFT\">", f);
        put_html_escaped(f, lt.items[i]);
        fputs("</TD></TR>", f);
    }
    fputs("</TABLE>", f);
    if (fclose(f) != 0 || !buf) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    n = agnode(j->G, (char *)"legend", 1);
    html = n ? agstrdup_html(j->G, buf) : NULL;
    if (!html) {
        rc = rg_fail(err, RG_ERR_INTERNAL, "graphviz: cannot create the legend");
        goto done;
    }
    gset(n, "id", "legend");
    gset(n, "shape", "plain");
    gset(n, "label", html);
    gset(n, "tooltip", "Legend");
    /* on a map the legend would land wherever neato finds room, often on
     * top of the places; pinned to the right of the map it stays clear */
    if (j->geo_pinned)
        gsetf(n, "pos", "%.3f,%.3f!", j->geo_right + 4, j->geo_top);
    agstrfree(j->G, html);
done:
    free(buf);
    rg_strlist_free(&et);
    rg_strlist_free(&lt);
    return rc;
}

/* ---- the Graphviz context ------------------------------------------------- */

struct rg_renderer {
    GVC_t *gvc;
};

rg_status renderer_open(rg_renderer **out, rg_error *err)
{
    rg_renderer *r = calloc(1, sizeof *r);
    gv_messages msgs = {.len = 0};
    gv_messages *prev_msgs = gv_current;
    agusererrf prev_handler;

    if (!r)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    gv_current = &msgs;
    prev_handler = agseterrf(gv_collect);
    r->gvc = gvContext();
    agseterrf(prev_handler);
    gv_current = prev_msgs;
    if (!r->gvc) {
        free(r);
        return rg_fail(err, RG_ERR_INTERNAL, "graphviz: cannot start%s%s",
                       msgs.len ? ": " : "", msgs.text);
    }
    *out = r;
    return RG_OK;
}

void renderer_close(rg_renderer *r)
{
    if (!r)
        return;
    gvFreeContext(r->gvc);
    free(r);
}

/* ---- writing ------------------------------------------------------------------ */

static rg_status write_all(FILE *out, const char *data, size_t len, rg_error *err)
{
    if (fwrite(data, 1, len, out) != len)
        return rg_fail(err, RG_ERR_IO, "cannot write the diagram: write failed");
    return RG_OK;
}

/* For PNG with --width: the dpi that makes the bitmap that wide. */
static void set_png_dpi(render_job *j)
{
    char *bb = agget(j->G, (char *)"bb");
    double x0, y0, x1, y1;
    /* gvLayout leaves "bb" as "llx lly urx ury" (attach_attrs uses commas) */
    if (j->o->width > 0 && bb &&
        (sscanf(bb, "%lf %lf %lf %lf", &x0, &y0, &x1, &y1) == 4 ||
         sscanf(bb, "%lf,%lf,%lf,%lf", &x0, &y0, &x1, &y1) == 4) && x1 > x0)
        gsetf(j->G, "dpi", "%.3f", j->o->width * 72 / (x1 - x0 + 2 * 0.2 * 72));
}

static rg_status lay_out_and_write(render_job *j, GVC_t *gvc, gv_messages *msgs, FILE *out,
                                   rg_error *err)
{
    static const char *const renderers[] = {"dot", "svg:svg:core", "png:cairo:cairo",
                                            "pdf:cairo:cairo"};
    char *data = NULL, *clean = NULL;
    unsigned int len = 0;
    size_t clean_len = 0;
    rg_status rc;

    if (j->o->format == RG_RFMT_DOT) {
        if (agwrite(j->G, out) != 0 || ferror(out))
            return rg_fail(err, RG_ERR_IO, "cannot write the diagram: write failed");
        return RG_OK;
    }
    if (gvLayout(gvc, j->G, j->engine) != 0)
        return rg_fail(err, RG_ERR_INTERNAL, "graphviz: the %s layout failed%s%s", j->engine,
                       msgs->len ? ": " : "", msgs->text);
    if (j->o->format == RG_RFMT_PNG && j->o->width > 0) {
        /* Graphviz reads dpi when laying out: lay out once to learn the
         * size, then again at the dpi that gives the asked width */
        set_png_dpi(j);
        gvFreeLayout(gvc, j->G);
        if (gvLayout(gvc, j->G, j->engine) != 0)
            return rg_fail(err, RG_ERR_INTERNAL, "graphviz: the %s layout failed%s%s",
                           j->engine, msgs->len ? ": " : "", msgs->text);
    }
    if (gvRenderData(gvc, j->G, renderers[j->o->format], &data, &len) != 0 || !data) {
        gvFreeLayout(gvc, j->G);
        if (data)
            gvFreeRenderData(data);
        return rg_fail(err, RG_ERR_INTERNAL, "graphviz: rendering %s failed%s%s",
                       renderers[j->o->format], msgs->len ? ": " : "", msgs->text);
    }
    gvFreeLayout(gvc, j->G);
    if (j->o->format == RG_RFMT_SVG) {
        j->fix.width = j->o->width;
        rc = svg_clean(data, len, &j->fix, &clean, &clean_len, err);
        gvFreeRenderData(data);
        if (rc != RG_OK)
            return rc;
        rc = write_all(out, clean, clean_len, err);
        free(clean);
        return rc;
    }
    rc = write_all(out, data, len, err);
    gvFreeRenderData(data);
    return rc;
}

rg_status render_write(const rg_graph *g, const rg_pack *pack, const rg_render_opts *o,
                       FILE *out, rg_strlist *notes, rg_error *err)
{
    render_job j = {.g = g, .pack = pack, .o = o, .notes = notes};
    gv_messages msgs = {.len = 0};
    gv_messages *prev_msgs = gv_current;
    agusererrf prev_handler;
    rg_renderer *own = NULL;
    GVC_t *gvc = NULL;
    rg_status rc;

    if (g->n_entities == 0)
        return rg_fail(err, RG_ERR_INVALID, "nothing to draw: the selection has no entities");
    gv_current = &msgs;
    prev_handler = agseterrf(gv_collect);
    agseterr(AGWARN);
    rc = job_index(&j, err);
    if (rc == RG_OK)
        rc = choose(&j, err);
    if (rc == RG_OK)
        rc = choose_layout(&j, err);
    if (rc == RG_OK) {
        j.fix.doc_title = strdup(o->title ? o->title : "relgraph diagram");
        if (!o->renderer)
            rc = renderer_open(&own, err);
        gvc = o->renderer ? o->renderer->gvc : own ? own->gvc : NULL;
        j.G = agopen((char *)"relgraph", Agdirected, NULL);
        if (rc == RG_OK && (!j.fix.doc_title || !gvc || !j.G))
            rc = rg_fail(err, RG_ERR_INTERNAL, "graphviz: cannot start%s%s",
                         msgs.len ? ": " : "", msgs.text);
    }
    if (rc == RG_OK) {
        set_graph_attrs(&j);
        rc = set_title(&j, err);
    }
    if (rc == RG_OK)
        rc = add_nodes(&j, err);
    if (rc == RG_OK && j.clusters)
        rc = add_clusters(&j, err);
    if (rc == RG_OK && j.geo)
        rc = pin_geo(&j, err);
    if (rc == RG_OK)
        rc = add_edges(&j, err);
    if (rc == RG_OK && o->legend)
        rc = add_legend(&j, err);
    if (rc == RG_OK)
        rc = lay_out_and_write(&j, gvc, &msgs, out, err);
    job_free(&j);
    renderer_close(own);
    agseterrf(prev_handler);
    gv_current = prev_msgs;
    return rc;
}
