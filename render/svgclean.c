/*
 * svgclean.c - post-processing of Graphviz SVG with libxml2 (see svgclean.h).
 *
 * One recursive walk over the tree does everything; items are found by
 * binary search on the group id, so cleaning is O(n log n) in the diagram's
 * size.
 */
#include "svgclean.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rg_status svg_fix_add(rg_svg_fix *fix, const char *id, const char *title, rg_strlist *lines)
{
    rg_svg_item *it;

    if (fix->n_items == fix->cap_items) {
        size_t cap = fix->cap_items ? fix->cap_items * 2 : 64;
        rg_svg_item *items = realloc(fix->items, cap * sizeof *items);
        if (!items)
            return RG_ERR_NOMEM;
        fix->items = items;
        fix->cap_items = cap;
    }
    it = &fix->items[fix->n_items];
    it->id = strdup(id);
    it->title = strdup(title);
    if (!it->id || !it->title) {
        free(it->id);
        free(it->title);
        return RG_ERR_NOMEM;
    }
    it->lines = *lines;
    memset(lines, 0, sizeof *lines);
    fix->n_items++;
    return RG_OK;
}

void svg_fix_free(rg_svg_fix *fix)
{
    for (size_t i = 0; i < fix->n_items; i++) {
        free(fix->items[i].id);
        free(fix->items[i].title);
        rg_strlist_free(&fix->items[i].lines);
    }
    free(fix->items);
    free(fix->doc_title);
    rg_strlist_free(&fix->title_lines);
    memset(fix, 0, sizeof *fix);
}

static int item_cmp(const void *a, const void *b)
{
    return strcmp(((const rg_svg_item *)a)->id, ((const rg_svg_item *)b)->id);
}

static const rg_svg_item *find_item(const rg_svg_fix *fix, const char *id)
{
    rg_svg_item key = {.id = (char *)id};
    if (!fix->n_items)
        return NULL;
    return bsearch(&key, fix->items, fix->n_items, sizeof key, item_cmp);
}

static bool is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Replaces all children of n by one text node (escaped on output). */
static void set_text(xmlNode *n, const char *text)
{
    xmlNode *c = n->children;
    while (c) {
        xmlNode *next = c->next;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        c = next;
    }
    xmlAddChild(n, xmlNewText((const xmlChar *)text));
}

/* Drops attributes that could make a link or run code. */
static void strip_attrs(xmlNode *n)
{
    xmlAttr *a = n->properties;
    while (a) {
        xmlAttr *next = a->next;
        const char *name = (const char *)a->name;
        if (strcmp(name, "href") == 0 || strncmp(name, "on", 2) == 0 ||
            (strcmp(name, "title") == 0 && a->ns))   /* xlink:title, replaced by <title> */
            xmlRemoveProp(a);
        a = next;
    }
}

/* Collects up to max descendant <text> elements in document order. */
static size_t collect_texts(xmlNode *n, xmlNode **out, size_t max, size_t k)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (is_elem(c, "text")) {
            if (k < max)
                out[k] = c;
            k++;
        } else if (c->type == XML_ELEMENT_NODE) {
            k = collect_texts(c, out, max, k);
        }
    }
    return k;
}

static void set_lines(xmlNode *group, const rg_strlist *lines, bool deep)
{
    xmlNode *texts[64];
    size_t k;

    if (deep) {
        k = collect_texts(group, texts, 64, 0);
    } else {
        k = 0;
        for (xmlNode *c = group->children; c; c = c->next)
            if (is_elem(c, "text")) {
                if (k < 64)
                    texts[k] = c;
                k++;
            }
    }
    /* Graphviz draws one <text> per label line; when the counts differ (a
     * label Graphviz split differently) its own escaped text stays. */
    if (k != lines->len || k > 64)
        return;
    for (size_t i = 0; i < k; i++)
        set_text(texts[i], lines->items[i]);
}

static void set_group_title(xmlNode *group, const char *title)
{
    for (xmlNode *c = group->children; c; c = c->next)
        if (is_elem(c, "title")) {
            set_text(c, title);
            return;
        }
}

static void clean_tree(xmlNode *n, const rg_svg_fix *fix)
{
    xmlNode *c = n->children;

    while (c) {
        xmlNode *next = c->next;
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE ||
            is_elem(c, "script") || is_elem(c, "foreignObject") || is_elem(c, "iframe") ||
            is_elem(c, "image") || is_elem(c, "use")) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (is_elem(c, "a")) {
            /* unwrap: its children take its place, then get cleaned in turn
             * (xmlAddPrevSibling may merge a text child into prev, so the
             * walk resumes after prev, not at the first child) */
            xmlNode *prev = c->prev;
            while (c->children) {
                xmlNode *k = c->children;
                xmlUnlinkNode(k);
                xmlAddPrevSibling(c, k);
            }
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            c = prev ? prev->next : n->children;
            continue;
        } else if (c->type == XML_ELEMENT_NODE) {
            strip_attrs(c);
            clean_tree(c, fix);
            if (is_elem(c, "g")) {
                xmlChar *id = xmlGetProp(c, (const xmlChar *)"id");
                const rg_svg_item *it = id ? find_item(fix, (const char *)id) : NULL;
                if (it) {
                    set_group_title(c, it->title);
                    set_lines(c, &it->lines, true);
                } else if (id && strcmp((const char *)id, "graph0") == 0) {
                    set_group_title(c, fix->doc_title);
                    set_lines(c, &fix->title_lines, false);
                }
                xmlFree(id);
            }
        }
        c = next;
    }
}

static void set_root_size(xmlNode *root, double width)
{
    xmlChar *vb = xmlGetProp(root, (const xmlChar *)"viewBox");
    double x, y, w, h;
    char buf[64];

    if (vb && sscanf((const char *)vb, "%lf %lf %lf %lf", &x, &y, &w, &h) == 4 && w > 0 &&
        h > 0) {
        snprintf(buf, sizeof buf, "%.0fpx", width);
        xmlSetProp(root, (const xmlChar *)"width", (const xmlChar *)buf);
        snprintf(buf, sizeof buf, "%.0fpx", width * h / w);
        xmlSetProp(root, (const xmlChar *)"height", (const xmlChar *)buf);
    }
    xmlFree(vb);
}

static void add_doc_title(xmlNode *root, const char *title)
{
    xmlNode *t = xmlNewDocNode(root->doc, root->ns, (const xmlChar *)"title", NULL);
    xmlAddChild(t, xmlNewText((const xmlChar *)title));
    if (root->children)
        xmlAddPrevSibling(root->children, t);
    else
        xmlAddChild(root, t);
}

rg_status svg_clean(const char *in, size_t len, rg_svg_fix *fix, char **out, size_t *out_len,
                    rg_error *err)
{
    xmlDoc *doc;
    xmlDtd *dtd;
    xmlNode *root;
    xmlChar *buf = NULL;
    int size = 0;

    if (fix->n_items > 1)
        qsort(fix->items, fix->n_items, sizeof *fix->items, item_cmp);
    doc = xmlReadMemory(in, (int)len, "graphviz.svg", "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return rg_fail(err, RG_ERR_INTERNAL, "graphviz: produced SVG that is not valid XML");
    dtd = xmlGetIntSubset(doc);
    if (dtd) {
        xmlUnlinkNode((xmlNode *)dtd);
        xmlFreeDtd(dtd);
    }
    /* comments before the root (Graphviz's "Generated by" banner) */
    for (xmlNode *c = doc->children; c;) {
        xmlNode *next = c->next;
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        c = next;
    }
    root = xmlDocGetRootElement(doc);
    if (!root || !is_elem(root, "svg")) {
        xmlFreeDoc(doc);
        return rg_fail(err, RG_ERR_INTERNAL, "graphviz: produced no <svg> element");
    }
    strip_attrs(root);
    clean_tree(root, fix);
    if (fix->width > 0)
        set_root_size(root, fix->width);
    add_doc_title(root, fix->doc_title ? fix->doc_title : "relgraph diagram");
    xmlDocDumpMemoryEnc(doc, &buf, &size, "UTF-8");
    xmlFreeDoc(doc);
    if (!buf)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    *out = malloc((size_t)size + 1);
    if (!*out) {
        xmlFree(buf);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    memcpy(*out, buf, (size_t)size);
    (*out)[size] = '\0';
    *out_len = (size_t)size;
    xmlFree(buf);
    return RG_OK;
}
