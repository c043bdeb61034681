/*
 * check_render.c - the Graphviz renderer on graphs built in memory: golden
 * DOT/SVG files (tests/golden/render/, input beside expected output,
 * compared with diff -u; RELGRAPH_UPDATE_GOLDEN=1 rewrites them), escaping of
 * hostile names, arrowheads, legend contents, max-nodes, layouts, clusters,
 * geo pins, themes and Graphviz errors captured instead of printed.
 */
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/model.h"
#include "../../core/pack.h"
#include "../../render/render.h"
#include "../../render/theme.h"
#include "testutil.h"

static rg_id parse_id(const char *s)
{
    return s ? strtoll(s + 1, NULL, 10) : 0;
}

static char *dump_attrs(json_t *o)
{
    return o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
}

/* Reads the interchange JSON shape (jsonio.h) into g. */
static void load_graph_json(const char *path, rg_graph *g)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr), *v;
    size_t i;

    ck_assert_msg(root != NULL, "%s:%d: %s", path, jerr.line, jerr.text);
    json_array_foreach(json_object_get(root, "entities"), i, v) {
        rg_entity e = {0};
        json_t *a;
        size_t k;
        e.id = parse_id(json_string_value(json_object_get(v, "id")));
        rg_copy_fixed(e.type, sizeof e.type, json_string_value(json_object_get(v, "type")));
        e.name = (char *)json_string_value(json_object_get(v, "name"));
        json_array_foreach(json_object_get(v, "aliases"), k, a)
            rg_strlist_push(&e.aliases, json_string_value(a));
        e.attrs = dump_attrs(json_object_get(v, "attrs"));
        ck_assert_int_eq(rg_graph_add_entity(g, &e), RG_OK);
        rg_strlist_free(&e.aliases);
        free(e.attrs);
    }
    json_array_foreach(json_object_get(root, "links"), i, v) {
        rg_link l = {0};
        json_t *ev;
        size_t k;
        const char *date = json_string_value(json_object_get(v, "date"));
        l.id = parse_id(json_string_value(json_object_get(v, "id")));
        rg_copy_fixed(l.type, sizeof l.type, json_string_value(json_object_get(v, "type")));
        l.source = parse_id(json_string_value(json_object_get(v, "source")));
        l.target = parse_id(json_string_value(json_object_get(v, "target")));
        rg_copy_fixed(l.date, sizeof l.date, date ? date : "");
        ev = json_object_get(v, "evidence");
        l.n_evidence = json_array_size(ev);
        l.evidence = l.n_evidence ? calloc(l.n_evidence, sizeof *l.evidence) : NULL;
        for (k = 0; k < l.n_evidence; k++) {
            json_t *x = json_array_get(ev, k);
            l.evidence[k].doc = parse_id(json_string_value(json_object_get(x, "doc")));
            l.evidence[k].start = json_integer_value(json_object_get(x, "start"));
            l.evidence[k].end = json_integer_value(json_object_get(x, "end"));
            l.evidence[k].text = (char *)json_string_value(json_object_get(x, "text"));
        }
        ck_assert_int_eq(rg_graph_add_link(g, &l), RG_OK);
        free(l.evidence);
    }
    json_array_foreach(json_object_get(root, "documents"), i, v) {
        rg_document d = {0};
        d.id = parse_id(json_string_value(json_object_get(v, "id")));
        d.name = (char *)json_string_value(json_object_get(v, "name"));
        ck_assert_int_eq(rg_graph_add_document(g, &d), RG_OK);
    }
    json_decref(root);
    rg_graph_sort(g);
}

static void golden_path(char *buf, size_t n, const char *name)
{
    const char *src = getenv("RELGRAPH_SRC");
    snprintf(buf, n, "%s/tests/golden/render/%s", src ? src : ".", name);
}

/* Renders g into a malloc'd string; returns the status. */
static rg_status render_str(const rg_graph *g, const rg_pack *pack, const rg_render_opts *o,
                            char **out, size_t *len, rg_strlist *notes, rg_error *err)
{
    static rg_renderer *shared;     /* one Graphviz context per test process */
    rg_render_opts with = *o;
    FILE *f = open_memstream(out, len);
    rg_status rc;
    ck_assert_ptr_nonnull(f);
    if (!shared)
        ck_assert_int_eq(renderer_open(&shared, NULL), RG_OK);
    with.renderer = shared;
    rc = render_write(g, pack, &with, f, notes, err);
    fclose(f);
    return rc;
}

/* Compares text with the golden file (diff -u on mismatch). */
static void check_golden(const char *name, const char *text, size_t len)
{
    char path[4096], tmp[4096], cmd[9000];
    FILE *f;
    size_t elen = 0;
    char *expected;

    golden_path(path, sizeof path, name);
    if (getenv("RELGRAPH_UPDATE_GOLDEN")) {
        f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fwrite(text, 1, len, f);
        fclose(f);
        return;
    }
    expected = tu_read_file(path, &elen);
    ck_assert_msg(expected != NULL, "%s missing (RELGRAPH_UPDATE_GOLDEN=1 creates it)", path);
    if (elen != len || memcmp(expected, text, len) != 0) {
        tu_tmpdir(tmp, sizeof tmp);
        strcat(tmp, "/actual");
        f = fopen(tmp, "wb");
        fwrite(text, 1, len, f);
        fclose(f);
        snprintf(cmd, sizeof cmd, "diff -u '%s' '%s' | head -40", path, tmp);
        if (system(cmd) < 0)
            perror("diff");
    }
    ck_assert_msg(elen == len && memcmp(expected, text, len) == 0, "%s differs", name);
    free(expected);
}

typedef struct fixture {
    rg_pack pack;
    rg_graph g;
    rg_theme theme;
    rg_render_opts o;
} fixture;

static void fixture_load(fixture *fx, const char *theme)
{
    char path[4096];
    rg_error err = {0};
    memset(fx, 0, sizeof *fx);
    tu_load_pack(&fx->pack);
    golden_path(path, sizeof path, "small.json");
    load_graph_json(path, &fx->g);
    ck_assert_msg(theme_load(theme, &fx->theme, &err) == RG_OK, "%s", err.msg);
    render_opts_init(&fx->o);
    fx->o.theme = &fx->theme;
}

static void fixture_free(fixture *fx)
{
    rg_graph_free(&fx->g);
    theme_free(&fx->theme);
    pack_free(&fx->pack);
}

START_TEST(golden_dot_and_svg)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};

    fixture_load(&fx, "default");
    fx.o.title = "Sister cities: sample";
    fx.o.format = RG_RFMT_DOT;
    ck_assert_msg(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err) == RG_OK, "%s",
                  err.msg);
    check_golden("small.dot", out, len);
    free(out);
    fx.o.format = RG_RFMT_SVG;
    ck_assert_msg(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err) == RG_OK, "%s",
                  err.msg);
    check_golden("small.svg", out, len);
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(golden_print_theme_country_clusters)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};

    fixture_load(&fx, "print");
    fx.o.cluster = RG_CLUSTER_COUNTRY;
    fx.o.size_by = "pagerank";
    fx.o.labels = RG_LABELS_SHORT;
    fx.o.edge_labels = RG_EDGE_LABELS_TYPE;
    fx.o.width = 800;
    ck_assert_msg(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err) == RG_OK, "%s",
                  err.msg);
    check_golden("small-print.svg", out, len);
    /* the width is fixed and the viewBox kept */
    ck_assert_ptr_nonnull(strstr(out, "width=\"800px\""));
    ck_assert_ptr_nonnull(strstr(out, "viewBox="));
    /* grayscale: no colour from the default palette */
    ck_assert_ptr_null(strstr(out, "#56B4E9"));
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(svg_is_deterministic_for_every_layout)
{
    const char *layouts[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi", "geo"};
    fixture fx;
    rg_error err = {0};

    fixture_load(&fx, "default");
    for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
        char *a = NULL, *b = NULL;
        size_t la = 0, lb = 0;
        fx.o.layout = layouts[i];
        ck_assert_msg(render_str(&fx.g, &fx.pack, &fx.o, &a, &la, NULL, &err) == RG_OK,
                      "%s: %s", layouts[i], err.msg);
        ck_assert_msg(render_str(&fx.g, &fx.pack, &fx.o, &b, &lb, NULL, &err) == RG_OK,
                      "%s: %s", layouts[i], err.msg);
        ck_assert_msg(la == lb && memcmp(a, b, la) == 0, "%s: two renders differ", layouts[i]);
        free(a);
        free(b);
    }
    fixture_free(&fx);
}
END_TEST

static xmlDoc *parse_svg(const char *svg, size_t len)
{
    xmlDoc *doc = xmlReadMemory(svg, (int)len, "t.svg", "UTF-8", XML_PARSE_NONET);
    ck_assert_msg(doc != NULL, "SVG is not well-formed XML");
    return doc;
}

/* Counts elements named name and attributes named attr anywhere below n. */
static void count_bad(xmlNode *n, size_t *scripts, size_t *hrefs)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, "script") == 0 || strcmp((const char *)n->name, "a") == 0)
            (*scripts)++;
        for (xmlAttr *a = n->properties; a; a = a->next)
            if (strstr((const char *)a->name, "href") || strncmp((const char *)a->name, "on", 2) == 0)
                (*hrefs)++;
        count_bad(n->children, scripts, hrefs);
    }
}

START_TEST(hostile_names_stay_text)
{
    const char *names[] = {"<script>alert(1)</script>", "javascript:alert(1)",
                           "a \\N \\G \\L & &lt; \"q\" 'x'", "</text><a href=\"x\">",
                           "Đà Nẵng ]]> <![CDATA[ x"};
    rg_graph g = {0};
    rg_pack pack = {0};
    rg_render_opts o;
    rg_error err = {0};
    char *out = NULL;
    size_t len = 0, scripts = 0, hrefs = 0;
    xmlDoc *doc;
    xmlChar *text;

    tu_load_pack(&pack);
    for (size_t i = 0; i < 5; i++) {
        rg_entity e = {.id = (rg_id)i + 1, .name = (char *)names[i]};
        rg_copy_fixed(e.type, sizeof e.type, i % 2 ? "city" : "agency");
        rg_strlist_push(&e.aliases, "<b>alias</b>");
        ck_assert_int_eq(rg_graph_add_entity(&g, &e), RG_OK);
        rg_strlist_free(&e.aliases);
    }
    for (size_t i = 0; i < 4; i++) {
        rg_evidence ev = {.doc = 1, .start = 0, .end = 5, .text = (char *)"<img src=x onerror=alert(1)>"};
        rg_link l = {.id = (rg_id)i + 1, .source = (rg_id)i + 1, .target = (rg_id)i + 2,
                     .n_evidence = 1, .evidence = &ev};
        rg_copy_fixed(l.type, sizeof l.type, "cooperates_with");
        ck_assert_int_eq(rg_graph_add_link(&g, &l), RG_OK);
    }
    render_opts_init(&o);
    o.title = "<title>&</title>";
    ck_assert_msg(render_str(&g, &pack, &o, &out, &len, NULL, &err) == RG_OK, "%s", err.msg);
    doc = parse_svg(out, len);
    count_bad(xmlDocGetRootElement(doc), &scripts, &hrefs);
    ck_assert_uint_eq(scripts, 0);
    ck_assert_uint_eq(hrefs, 0);
    ck_assert_ptr_null(strstr(out, "<script"));
    ck_assert_ptr_null(strstr(out, "<!DOCTYPE"));
    ck_assert_ptr_nonnull(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    /* Graphviz escapes (\N, \G) stay literal text, entities are not decoded */
    ck_assert_ptr_nonnull(strstr(out, "a \\N \\G \\L &amp; &amp;lt;"));
    ck_assert_ptr_nonnull(strstr(out, "Đà Nẵng"));
    /* the document title is the first child of the root, as text */
    text = xmlNodeGetContent(xmlFirstElementChild(xmlDocGetRootElement(doc)));
    ck_assert_str_eq((const char *)text, "<title>&</title>");
    xmlFree(text);
    xmlFreeDoc(doc);
    free(out);
    rg_graph_free(&g);
    pack_free(&pack);
}
END_TEST

START_TEST(arrowheads_only_on_directed_types)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};
    char *l1, *l2;

    fixture_load(&fx, "default");
    fx.o.format = RG_RFMT_DOT;
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err), RG_OK);
    /* l1 is sister_city (symmetric), l2 located_in (directed) */
    l1 = strstr(out, "key=l1");
    l2 = strstr(out, "key=l2");
    ck_assert_ptr_nonnull(l1);
    ck_assert_ptr_nonnull(l2);
    ck_assert_ptr_nonnull(strstr(l1, "dir=none"));
    ck_assert(strstr(l1, "dir=none") < strstr(l1, "];"));
    ck_assert(!strstr(l2, "dir=none") || strstr(l2, "dir=none") > strstr(l2, "];"));
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(legend_lists_only_present_types)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};

    fixture_load(&fx, "default");
    fx.o.format = RG_RFMT_DOT;
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err), RG_OK);
    ck_assert_ptr_nonnull(strstr(out, ">sister_city<"));
    ck_assert_ptr_nonnull(strstr(out, ">forum (hexagon)<"));
    ck_assert_ptr_null(strstr(out, ">visited<"));
    ck_assert_ptr_null(strstr(out, ">supports<"));
    free(out);
    fx.o.legend = false;
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err), RG_OK);
    ck_assert_ptr_null(strstr(out, "Legend"));
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(max_nodes_keeps_top_ranked_and_says_so)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};
    rg_strlist notes = {0};

    fixture_load(&fx, "default");
    fx.o.format = RG_RFMT_DOT;
    fx.o.max_nodes = 3;
    fx.o.size_by = "pagerank";
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, &notes, &err), RG_OK);
    /* the three highest pagerank: e1 0.21, e2 0.18, e4 0.15 */
    ck_assert_ptr_nonnull(strstr(out, "\te1\t["));
    ck_assert_ptr_nonnull(strstr(out, "\te2\t["));
    ck_assert_ptr_nonnull(strstr(out, "\te4\t["));
    ck_assert_ptr_null(strstr(out, "\te3\t["));
    ck_assert_uint_eq(notes.len, 1);
    ck_assert_ptr_nonnull(strstr(notes.items[0], "3 highest-ranked of 9 entities (by pagerank)"));
    ck_assert_ptr_nonnull(strstr(notes.items[0], "6 entities and 7 links left out"));
    free(out);
    rg_strlist_free(&notes);
    fixture_free(&fx);
}
END_TEST

START_TEST(large_graph_switches_to_sfdp)
{
    rg_graph g = {0};
    rg_render_opts o;
    rg_error err = {0};
    rg_strlist notes = {0};
    char *out = NULL;
    size_t len = 0;

    for (rg_id i = 1; i <= RG_RENDER_DOT_MAX + 10; i++) {
        char name[32];
        rg_entity e = {.id = i, .name = name};
        snprintf(name, sizeof name, "City %lld", (long long)i);
        rg_copy_fixed(e.type, sizeof e.type, "city");
        ck_assert_int_eq(rg_graph_add_entity(&g, &e), RG_OK);
        if (i > 1) {
            rg_link l = {.id = i, .source = i / 2, .target = i};
            rg_copy_fixed(l.type, sizeof l.type, "sister_city");
            ck_assert_int_eq(rg_graph_add_link(&g, &l), RG_OK);
        }
    }
    render_opts_init(&o);
    o.format = RG_RFMT_DOT;
    ck_assert_int_eq(render_str(&g, NULL, &o, &out, &len, &notes, &err), RG_OK);
    ck_assert_ptr_nonnull(strstr(out, "layout=sfdp"));
    ck_assert_uint_eq(notes.len, 1);
    ck_assert_ptr_nonnull(strstr(notes.items[0], "using the sfdp layout"));
    free(out);
    rg_strlist_free(&notes);
    rg_graph_free(&g);
}
END_TEST

START_TEST(clusters_by_country_and_community)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};

    fixture_load(&fx, "default");
    fx.o.format = RG_RFMT_DOT;
    fx.o.cluster = RG_CLUSTER_COUNTRY;
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err), RG_OK);
    /* Fukuoka (e3) sits in Nhật Bản's cluster; the agency e9 reaches Việt
     * Nam through part_of? no: only located_in counts, so it has none */
    ck_assert_ptr_nonnull(strstr(out, "label=\"Nhật Bản\""));
    ck_assert_ptr_nonnull(strstr(out, "label=\"Việt Nam\""));
    free(out);
    fx.o.cluster = RG_CLUSTER_COMMUNITY;
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err), RG_OK);
    ck_assert_ptr_nonnull(strstr(out, "label=\"community 1\""));
    ck_assert_ptr_nonnull(strstr(out, "label=\"community 2\""));
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(geo_pins_entities_with_coordinates)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};
    rg_strlist notes = {0};

    fixture_load(&fx, "default");
    fx.o.format = RG_RFMT_DOT;
    fx.o.layout = "geo";
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, &notes, &err), RG_OK);
    ck_assert_ptr_nonnull(strstr(out, "layout=neato"));
    /* five entities have lat/lon: five pins, and the legend pinned beside
     * the map so that it cannot land on a place */
    {
        size_t pins = 0;
        for (const char *p = out; (p = strstr(p, "!\"")); p++)
            pins++;
        ck_assert_uint_eq(pins, 6);
        ck_assert_ptr_nonnull(strstr(out, "overlap=prism"));
    }
    ck_assert_uint_eq(notes.len, 1);
    ck_assert_ptr_nonnull(strstr(notes.items[0], "5 of 9 entities pinned"));
    free(out);
    rg_strlist_free(&notes);
    fixture_free(&fx);
}
END_TEST

START_TEST(short_labels_and_wrapping)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};

    fixture_load(&fx, "default");
    fx.o.format = RG_RFMT_DOT;
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err), RG_OK);
    /* long names wrap at spaces into lines of about 20 code points */
    ck_assert_ptr_nonnull(strstr(out, "label=\"Thành phố Hồ Chí\\nMinh\""));
    free(out);
    fx.o.labels = RG_LABELS_SHORT;
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err), RG_OK);
    ck_assert_ptr_nonnull(strstr(out, "label=\"TP.HCM\""));
    ck_assert_ptr_nonnull(strstr(out, "label=CityNet"));
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(png_and_pdf_render)
{
    fixture fx;
    char *out = NULL;
    size_t len = 0;
    rg_error err = {0};

    fixture_load(&fx, "default");
    fx.o.format = RG_RFMT_PNG;
    fx.o.width = 640;
    ck_assert_msg(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err) == RG_OK, "%s",
                  err.msg);
    ck_assert(len > 100 && memcmp(out, "\x89PNG", 4) == 0);
    {
        /* IHDR width, big-endian at offset 16 */
        const unsigned char *p = (const unsigned char *)out + 16;
        unsigned w = (unsigned)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
        ck_assert_msg(w >= 636 && w <= 644, "PNG width %u, wanted about 640", w);
    }
    free(out);
    fx.o.format = RG_RFMT_PDF;
    ck_assert_int_eq(render_str(&fx.g, &fx.pack, &fx.o, &out, &len, NULL, &err), RG_OK);
    ck_assert(len > 100 && memcmp(out, "%PDF", 4) == 0);
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(empty_graph_and_graphviz_errors)
{
    rg_graph g = {0};
    rg_render_opts o;
    rg_error err = {0};
    char *out = NULL;
    size_t len = 0;
    rg_entity e = {.id = 1, .name = (char *)"X"};
    int saved, devnull, pipefd[2];
    char buf[256];
    ssize_t got;

    render_opts_init(&o);
    ck_assert_int_eq(render_str(&g, NULL, &o, &out, &len, NULL, &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "nothing to draw"));
    free(out);
    rg_copy_fixed(e.type, sizeof e.type, "city");
    ck_assert_int_eq(rg_graph_add_entity(&g, &e), RG_OK);
    /* an engine Graphviz does not know: the error comes back, stderr stays quiet */
    ck_assert_int_eq(pipe(pipefd), 0);
    fflush(stderr);
    saved = dup(2);
    dup2(pipefd[1], 2);
    o.layout = "nosuchlayout";
    ck_assert_int_eq(render_str(&g, NULL, &o, &out, &len, NULL, &err), RG_ERR_INTERNAL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(pipefd[1]);
    got = read(pipefd[0], buf, sizeof buf);
    close(pipefd[0]);
    ck_assert_msg(got == 0, "Graphviz printed: %.*s", (int)(got > 0 ? got : 0), buf);
    ck_assert_ptr_nonnull(strstr(err.msg, "nosuchlayout"));
    (void)devnull;
    free(out);
    rg_graph_free(&g);
}
END_TEST

START_TEST(themes_reject_bad_files)
{
    rg_theme t;
    rg_error err = {0};

    ck_assert_int_eq(theme_parse("{\"font\": \"Noto Sans\", \"colour\": 1}", "x.json", &t, &err),
                     RG_ERR_INVALID);
    ck_assert_str_eq(err.msg, "x.json: colour: unknown key (valid: name, description, font, "
                     "fontsize, background, text, palette, cluster, entity_default, "
                     "entity_types, link_default, link_types)");
    ck_assert_int_eq(theme_parse("{\"entity_types\": {\"city\": {\"shap\": \"box\"}}}", "y.json",
                                 &t, &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "y.json: entity_types.city.shap: unknown key"));
    ck_assert_int_eq(theme_parse("{\"background\": \"red\\\" onload=\\\"x\"}", "z.json", &t,
                                 &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "z.json: background: must be a colour"));
    ck_assert_int_eq(theme_parse("{\"font\": ", "bad.json", &t, &err), RG_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.msg, "bad.json:1:"));
    ck_assert_int_eq(theme_load("nosuchtheme", &t, &err), RG_ERR_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(err.msg, "available: default, print"));
    ck_assert_int_eq(theme_load("default", &t, &err), RG_OK);
    ck_assert_str_eq(theme_entity_style(&t, "city", 0).fill, "#56B4E9");
    theme_free(&t);
    ck_assert_int_eq(theme_load("print", &t, &err), RG_OK);
    theme_free(&t);
}
END_TEST

START_TEST(option_parsing)
{
    rg_render_format f;
    const char *l;
    rg_error err = {0};

    ck_assert_int_eq(render_format_for_path("a/b.svg", &f, &err), RG_OK);
    ck_assert_int_eq(f, RG_RFMT_SVG);
    ck_assert_int_eq(render_format_for_path("x.gv", &f, &err), RG_OK);
    ck_assert_int_eq(f, RG_RFMT_DOT);
    ck_assert_int_eq(render_format_for_path("x.jpeg", &f, &err), RG_ERR_USAGE);
    ck_assert_int_eq(render_format_for_path("dir.svg/x", &f, &err), RG_ERR_USAGE);
    ck_assert_int_eq(render_parse_layout("spring", &l, &err), RG_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "dot, neato, fdp, sfdp, circo, twopi, geo"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("render");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, golden_dot_and_svg);
    tcase_add_test(tc, golden_print_theme_country_clusters);
    tcase_add_test(tc, svg_is_deterministic_for_every_layout);
    tcase_add_test(tc, hostile_names_stay_text);
    tcase_add_test(tc, arrowheads_only_on_directed_types);
    tcase_add_test(tc, legend_lists_only_present_types);
    tcase_add_test(tc, max_nodes_keeps_top_ranked_and_says_so);
    tcase_add_test(tc, large_graph_switches_to_sfdp);
    tcase_add_test(tc, clusters_by_country_and_community);
    tcase_add_test(tc, geo_pins_entities_with_coordinates);
    tcase_add_test(tc, short_labels_and_wrapping);
    tcase_add_test(tc, png_and_pdf_render);
    tcase_add_test(tc, empty_graph_and_graphviz_errors);
    tcase_add_test(tc, themes_reject_bad_files);
    tcase_add_test(tc, option_parsing);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
