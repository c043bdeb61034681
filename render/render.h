/*
 * render.h - drawing a graph (or a selection of it) with Graphviz.
 *
 * render_write builds a cgraph graph from an rg_graph (agopen/agnode/agedge/
 * agsafeset; never DOT text by hand), lays it out with gvc and writes DOT,
 * SVG, PNG or PDF.  Entities and links are added in id order and neato-family
 * layouts are seeded, so the same graph and options give byte-identical SVG
 * and DOT.  SVG is post-processed with libxml2 into a standalone, embeddable
 * document (see svgclean.h): document <title>, viewBox, fixed width on
 * request, no DOCTYPE, scripts, links or comments, every text from documents
 * set as XML text by libxml2.
 *
 * Graphviz never prints or aborts the process on our behalf: while a render
 * runs, its error callback (agseterrf) collects messages into the caller's
 * rg_error.
 */
#ifndef RG_RENDER_H
#define RG_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/error.h"
#include "../core/model.h"
#include "../core/pack.h"
#include "../core/strlist.h"
#include "theme.h"

typedef enum { RG_RFMT_DOT, RG_RFMT_SVG, RG_RFMT_PNG, RG_RFMT_PDF } rg_render_format;
typedef enum { RG_LABELS_FULL, RG_LABELS_SHORT } rg_label_mode;
typedef enum { RG_EDGE_LABELS_NONE, RG_EDGE_LABELS_DATE, RG_EDGE_LABELS_TYPE } rg_edge_label_mode;
typedef enum { RG_CLUSTER_NONE, RG_CLUSTER_TYPE, RG_CLUSTER_COMMUNITY,
               RG_CLUSTER_COUNTRY } rg_cluster_mode;

/* Above this many entities or links the automatic layout is sfdp instead
 * of dot.  Measured with Graphviz 2.43 on random graphs of 2 directed,
 * dated links per entity (cycles and edge labels are what make dot slow):
 * dot took 0.33 s for 60 entities, 0.76 s for 100, 1.7 s for 150 and 45 s
 * for 300, where sfdp takes 0.14 s for 150 (Documentation/relgraph-render.md). */
#define RG_RENDER_DOT_MAX 100
#define RG_RENDER_DOT_MAX_LINKS 250
/* Above this many entities, spring layouts remove node overlaps by scaling
 * (fast) instead of Graphviz's prism (about 5 times slower at 5,000). */
#define RG_RENDER_PRISM_MAX 1000
#define RG_RENDER_MAX_NODES 300

/* A Graphviz context (plugins loaded once).  Graphviz 2.43's pango plugin
 * caches a pointer to the last font name, which lives as long as the
 * context: several renders in one process must share one context, or the
 * second reads freed memory.  render_write makes a temporary one when
 * opts.renderer is NULL (fine for one render per process). */
typedef struct rg_renderer rg_renderer;
rg_status renderer_open(rg_renderer **out, rg_error *err);
void renderer_close(rg_renderer *r);

typedef struct rg_render_opts {
    rg_renderer *renderer;      /* NULL = a context for this render only */
    const char *layout;         /* dot neato fdp sfdp circo twopi geo; NULL = automatic */
    rg_cluster_mode cluster;
    const char *size_by;        /* entity attr holding a number (e.g. "pagerank"); NULL */
    const rg_theme *theme;      /* NULL = built-in defaults (Okabe-Ito) */
    const char *title;          /* NULL = no title line */
    bool legend;
    rg_label_mode labels;
    rg_edge_label_mode edge_labels;
    size_t max_nodes;           /* 0 = no limit */
    double width;               /* SVG/PNG width in pixels; 0 = natural size */
    rg_render_format format;
} rg_render_opts;

/* Defaults: automatic layout, no clusters, legend on, full labels, dates on
 * edges, RG_RENDER_MAX_NODES, SVG. */
void render_opts_init(rg_render_opts *o);

/* Option parsing helpers; RG_ERR_USAGE naming the valid values. */
rg_status render_parse_layout(const char *s, const char **out, rg_error *err);
rg_status render_parse_cluster(const char *s, rg_cluster_mode *out, rg_error *err);
rg_status render_parse_labels(const char *s, rg_label_mode *out, rg_error *err);
rg_status render_parse_edge_labels(const char *s, rg_edge_label_mode *out, rg_error *err);
rg_status render_parse_format(const char *s, rg_render_format *out, rg_error *err);

/* The format implied by path's extension (.dot .gv .svg .png .pdf);
 * RG_ERR_USAGE for "-" or an unknown extension. */
rg_status render_format_for_path(const char *path, rg_render_format *out, rg_error *err);

/* Draws g to out.  pack (may be NULL) says which link types are symmetric
 * (no arrowheads).  Notes for the user (entities dropped by max_nodes, the
 * layout switched for size, clusters ignored by a layout) are appended to
 * notes (may be NULL); they are not errors.  Errors: RG_ERR_INVALID for an
 * empty graph ("nothing to draw"), RG_ERR_INTERNAL with Graphviz's own
 * message when a layout or renderer fails, RG_ERR_IO when writing fails.
 * Memory and time: those of the Graphviz layout; dot grows fast with size,
 * which is why the automatic layout switches to sfdp. */
rg_status render_write(const rg_graph *g, const rg_pack *pack, const rg_render_opts *o,
                       FILE *out, rg_strlist *notes, rg_error *err);

#endif
