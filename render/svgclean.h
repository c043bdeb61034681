/*
 * svgclean.h - turns Graphviz's SVG into a standalone document fit for
 * embedding in a report or web page (internal to render/).
 *
 * The SVG is parsed with libxml2 (no network, no DTD loading) and rewritten:
 * the DOCTYPE (an external reference) and comments go; any script,
 * foreignObject, iframe, <a> wrapper, href or on* attribute is removed; each
 * node's and edge's <title> (the browser tooltip) and text lines are set
 * from the renderer's own strings as XML text nodes, so names from documents
 * are escaped by libxml2, never interpreted by Graphviz; the root gets a
 * document <title> and, when asked, a fixed pixel width with the height from
 * the viewBox aspect ratio.
 */
#ifndef RG_SVGCLEAN_H
#define RG_SVGCLEAN_H

#include <stddef.h>

#include "../core/error.h"
#include "../core/strlist.h"

typedef struct rg_svg_item {
    char *id;                   /* the SVG id Graphviz gives the node or edge group */
    char *title;                /* tooltip text */
    rg_strlist lines;           /* label lines, in drawing order */
} rg_svg_item;

typedef struct rg_svg_fix {
    rg_svg_item *items;         /* sorted by id by svg_clean */
    size_t n_items, cap_items;
    char *doc_title;            /* document <title>; never NULL when cleaning */
    rg_strlist title_lines;     /* the graph label's lines (the diagram title) */
    double width;               /* pixels; 0 keeps Graphviz's size */
} rg_svg_fix;

/* Adds an item (copies id and title; takes the lines, leaving *lines empty). */
rg_status svg_fix_add(rg_svg_fix *fix, const char *id, const char *title, rg_strlist *lines);
void svg_fix_free(rg_svg_fix *fix);

/* Rewrites the SVG in (len bytes) into *out (malloc'd, *out_len bytes).
 * RG_ERR_INTERNAL when in is not well-formed XML. */
rg_status svg_clean(const char *in, size_t len, rg_svg_fix *fix, char **out, size_t *out_len,
                    rg_error *err);

#endif
