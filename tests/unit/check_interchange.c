/*
 * check_interchange.c - the GraphML, GEXF, CSV and DOT writers and readers,
 * checked by real consumers: igraph's own GraphML reader, xmllint,
 * `dot -Tsvg`, and networkx (tests/interchange/check_networkx.py, run with
 * Debian's /usr/bin/python3); plus our readers' round trips and their
 * error messages (file, line, column) on bad input.
 *
 * The graphs are built in memory (rg_source over an rg_graph), so these
 * tests need no store; tests/e2e/test_interchange.sh covers the CLI path.
 */
#include <graphviz/cgraph.h>
#include <igraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "../../core/interchange.h"
#include "testutil.h"

static rg_pack pack;
static char dir[4096];

static void setup(void)
{
    memset(&pack, 0, sizeof pack);
    tu_load_pack(&pack);
    tu_tmpdir(dir, sizeof dir);
}

static void teardown(void)
{
    char cmd[4200];
    pack_free(&pack);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void add_entity(rg_graph *g, rg_id id, const char *type, const char *name,
                       const char *alias1, const char *alias2, const char *attrs)
{
    rg_entity e = {0};
    e.id = id;
    rg_copy_fixed(e.type, sizeof e.type, type);
    e.name = (char *)name;
    if (alias1)
        rg_strlist_push(&e.aliases, alias1);
    if (alias2)
        rg_strlist_push(&e.aliases, alias2);
    rg_strlist_sort(&e.aliases);
    e.attrs = (char *)attrs;
    ck_assert_int_eq(rg_graph_add_entity(g, &e), RG_OK);
    rg_strlist_free(&e.aliases);
}

static void add_link(rg_graph *g, rg_id id, const char *type, rg_id s, rg_id t,
                     const char *date, const char *topic1, const char *topic2,
                     const char *attrs, size_t n_evidence)
{
    rg_link l = {0};
    l.id = id;
    rg_copy_fixed(l.type, sizeof l.type, type);
    l.source = s;
    l.target = t;
    rg_copy_fixed(l.date, sizeof l.date, date ? date : "");
    if (topic1)
        rg_strlist_push(&l.topics, topic1);
    if (topic2)
        rg_strlist_push(&l.topics, topic2);
    rg_strlist_sort(&l.topics);
    l.attrs = (char *)attrs;
    l.n_evidence = n_evidence;
    ck_assert_int_eq(rg_graph_add_link(g, &l), RG_OK);
    rg_strlist_free(&l.topics);
}

/* A small graph with every kind of field: Vietnamese names, markup and
 * quoting characters, aliases, typed attrs (saved metrics), dates of three
 * precisions, undated links, topics, symmetric and directed types. */
static void sample_graph(rg_graph *g)
{
    add_entity(g, 1, "city", "Hà Nội", "Ha Noi", "Thủ đô", "{\"pagerank\": 0.25, \"degree\": 4}");
    add_entity(g, 2, "city", "Thành phố Hồ Chí Minh", "TP.HCM", "Sài Gòn",
               "{\"pagerank\": 0.125, \"degree\": 2, \"capital\": false}");
    add_entity(g, 3, "city", "Busan", NULL, NULL, "{\"degree\": 1}");
    add_entity(g, 4, "country", "Hàn Quốc", "South Korea", NULL, NULL);
    add_entity(g, 5, "forum", "C40 Cities <Climate> & \"Leadership\", Group", NULL, NULL,
               "{\"note\": \"line one\\nline two, with comma\"}");
    add_entity(g, 6, "person", "Nguyễn Văn A", NULL, NULL, NULL);
    add_entity(g, 7, "agency", "Sở Ngoại vụ", "DOFA", NULL, "{}");
    add_link(g, 1, "sister_city", 1, 3, "1995-04", "culture", "trade", NULL, 3);
    add_link(g, 2, "sister_city", 2, 3, "1995", NULL, NULL, "{\"weight\": 2.5}", 1);
    add_link(g, 3, "member_of", 1, 5, "2019-10-23", "climate", NULL, NULL, 2);
    add_link(g, 4, "located_in", 3, 4, NULL, NULL, NULL, NULL, 0);
    add_link(g, 5, "leads", 6, 2, "2021", NULL, NULL, "{\"role\": \"chairman\"}", 1);
    add_link(g, 6, "cooperates_with", 7, 3, NULL, "education", NULL, NULL, 4);
    add_link(g, 7, "member_of", 2, 5, NULL, NULL, NULL, NULL, 1);
}

/* A larger generated graph: n cities in a ring of sister cities plus forum
 * memberships, with metrics on every node. */
static void generated_graph(rg_graph *g, int n)
{
    char name[64], attrs[128], date[16];
    rg_id lid = 1;

    for (int i = 1; i <= n; i++) {
        snprintf(name, sizeof name, "Thành phố %d", i);
        snprintf(attrs, sizeof attrs, "{\"degree\": %d, \"pagerank\": %.6f}", i % 7,
                 1.0 / (i + 1));
        add_entity(g, i, "city", name, i % 3 ? NULL : "alias", NULL, attrs);
    }
    add_entity(g, n + 1, "forum", "Mạng lưới", NULL, NULL, NULL);
    for (int i = 1; i <= n; i++) {
        snprintf(date, sizeof date, "%d-%02d", 1990 + i % 30, 1 + i % 12);
        add_link(g, lid++, "sister_city", i, i % n + 1, i % 4 ? date : NULL,
                 i % 2 ? "culture" : NULL, NULL, NULL, (size_t)(i % 5));
        add_link(g, lid++, "member_of", i, n + 1, NULL, NULL, NULL, NULL, 1);
    }
}

static FILE *open_out(const char *name, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    return f;
}

static void write_with(rg_status (*w)(const rg_source *, FILE *, rg_strlist *, rg_error *),
                       const rg_graph *g, const char *name, char *path, size_t n,
                       rg_strlist *warnings)
{
    rg_source src = {NULL, g, &pack};
    rg_error err = {0};
    FILE *f = open_out(name, path, n);
    rg_status rc = w(&src, f, warnings, &err);
    ck_assert_msg(rc == RG_OK, "%s: %s", name, err.msg);
    ck_assert_int_eq(fclose(f), 0);
}

static int run(const char *fmt, const char *a, const char *b)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, fmt, a, b);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- GraphML ---------------------------------------------------------------------- */

START_TEST(graphml_is_well_formed_and_declares_typed_keys)
{
    rg_graph g = {0};
    char path[4200];
    rg_strlist warnings = {0};

    sample_graph(&g);
    write_with(graphml_write, &g, "g.graphml", path, sizeof path, &warnings);
    ck_assert_int_eq(run("xmllint --noout '%s'%s", path, ""), 0);
    char *text = tu_read_file(path, NULL);
    ck_assert_ptr_nonnull(strstr(text, "attr.name=\"pagerank\" attr.type=\"double\""));
    ck_assert_ptr_nonnull(strstr(text, "attr.name=\"degree\" attr.type=\"long\""));
    ck_assert_ptr_nonnull(strstr(text, "attr.name=\"capital\" attr.type=\"boolean\""));
    ck_assert_ptr_nonnull(strstr(text, "attr.name=\"evidence_count\" attr.type=\"int\""));
    ck_assert_ptr_nonnull(strstr(text, "edgedefault=\"directed\""));
    /* markup in names is escaped by the writer, not by us */
    ck_assert_ptr_nonnull(strstr(text, "C40 Cities &lt;Climate&gt; &amp; &quot;Leadership&quot;"));
    ck_assert_uint_eq(warnings.len, 0);
    free(text);
    rg_strlist_free(&warnings);
    rg_graph_free(&g);
}
END_TEST

static const char *vas(const igraph_t *ig, const char *name, igraph_integer_t v)
{
    return igraph_cattribute_VAS(ig, name, v);
}

START_TEST(graphml_is_read_by_igraph)
{
    rg_graph g = {0};
    char path[4200];
    igraph_t ig;

    sample_graph(&g);
    write_with(graphml_write, &g, "g.graphml", path, sizeof path, NULL);
    igraph_set_attribute_table(&igraph_cattribute_table);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(igraph_read_graph_graphml(&ig, f, 0), IGRAPH_SUCCESS);
    fclose(f);
    ck_assert_int_eq(igraph_vcount(&ig), (igraph_integer_t)g.n_entities);
    ck_assert_int_eq(igraph_ecount(&ig), (igraph_integer_t)g.n_links);
    ck_assert(igraph_is_directed(&ig));
    for (size_t i = 0; i < g.n_entities; i++) {
        char id[32];
        snprintf(id, sizeof id, "e%lld", (long long)g.entities[i].id);
        ck_assert_str_eq(vas(&ig, "id", (igraph_integer_t)i), id);
        ck_assert_str_eq(vas(&ig, "name", (igraph_integer_t)i), g.entities[i].name);
        ck_assert_str_eq(vas(&ig, "type", (igraph_integer_t)i), g.entities[i].type);
    }
    ck_assert_double_eq(igraph_cattribute_VAN(&ig, "pagerank", 1), 0.125);
    ck_assert_double_eq(igraph_cattribute_VAN(&ig, "degree", 0), 4);
    ck_assert_str_eq(vas(&ig, "aliases", 1), "Sài Gòn|TP.HCM");
    for (size_t i = 0; i < g.n_links; i++) {
        igraph_integer_t from, to;
        igraph_edge(&ig, (igraph_integer_t)i, &from, &to);
        ck_assert_int_eq(g.entities[from].id, g.links[i].source);
        ck_assert_int_eq(g.entities[to].id, g.links[i].target);
        ck_assert_str_eq(igraph_cattribute_EAS(&ig, "type", (igraph_integer_t)i), g.links[i].type);
        ck_assert_str_eq(igraph_cattribute_EAS(&ig, "date", (igraph_integer_t)i), g.links[i].date);
        ck_assert_double_eq(igraph_cattribute_EAN(&ig, "evidence_count", (igraph_integer_t)i),
                            (double)g.links[i].n_evidence);
    }
    ck_assert(igraph_cattribute_EAB(&ig, "symmetric", 0));
    ck_assert(!igraph_cattribute_EAB(&ig, "symmetric", 2));
    igraph_destroy(&ig);
    rg_graph_free(&g);
}
END_TEST

/* Compares a reader's document with the graph that was written. */
static void assert_doc_matches(json_t *doc, const rg_graph *g)
{
    json_t *ents = json_object_get(doc, "entities"), *links = json_object_get(doc, "links");
    char id[32];

    ck_assert_uint_eq(json_array_size(ents), g->n_entities);
    ck_assert_uint_eq(json_array_size(links), g->n_links);
    for (size_t i = 0; i < g->n_entities; i++) {
        const rg_entity *e = &g->entities[i];
        json_t *d = json_array_get(ents, i), *want;
        snprintf(id, sizeof id, "e%lld", (long long)e->id);
        ck_assert_str_eq(json_string_value(json_object_get(d, "id")), id);
        ck_assert_str_eq(json_string_value(json_object_get(d, "type")), e->type);
        ck_assert_str_eq(json_string_value(json_object_get(d, "name")), e->name);
        json_t *al = json_object_get(d, "aliases");
        ck_assert_uint_eq(json_array_size(al), e->aliases.len);
        for (size_t k = 0; k < e->aliases.len; k++)
            ck_assert_str_eq(json_string_value(json_array_get(al, k)), e->aliases.items[k]);
        want = json_loads(e->attrs ? e->attrs : "{}", 0, NULL);
        ck_assert_msg(json_equal(want, json_object_get(d, "attrs")), "attrs of %s", id);
        json_decref(want);
    }
    for (size_t i = 0; i < g->n_links; i++) {
        const rg_link *l = &g->links[i];
        json_t *d = json_array_get(links, i), *want;
        snprintf(id, sizeof id, "l%lld", (long long)l->id);
        ck_assert_str_eq(json_string_value(json_object_get(d, "id")), id);
        ck_assert_str_eq(json_string_value(json_object_get(d, "type")), l->type);
        snprintf(id, sizeof id, "e%lld", (long long)l->source);
        ck_assert_str_eq(json_string_value(json_object_get(d, "source")), id);
        snprintf(id, sizeof id, "e%lld", (long long)l->target);
        ck_assert_str_eq(json_string_value(json_object_get(d, "target")), id);
        json_t *date = json_object_get(d, "date");
        if (l->date[0])
            ck_assert_str_eq(json_string_value(date), l->date);
        else
            ck_assert(json_is_null(date));
        json_t *tp = json_object_get(d, "topics");
        ck_assert_uint_eq(json_array_size(tp), l->topics.len);
        for (size_t k = 0; k < l->topics.len; k++)
            ck_assert_str_eq(json_string_value(json_array_get(tp, k)), l->topics.items[k]);
        want = json_loads(l->attrs ? l->attrs : "{}", 0, NULL);
        ck_assert_msg(json_equal(want, json_object_get(d, "attrs")), "attrs of l%lld",
                      (long long)l->id);
        json_decref(want);
    }
}

START_TEST(graphml_round_trips_through_our_reader)
{
    rg_graph g = {0};
    char path[4200];
    json_t *doc = NULL;
    rg_error err = {0};

    sample_graph(&g);
    write_with(graphml_write, &g, "g.graphml", path, sizeof path, NULL);
    ck_assert_msg(graphml_read(path, &pack, &doc, NULL, &err) == RG_OK, "%s", err.msg);
    assert_doc_matches(doc, &g);
    json_decref(doc);
    rg_graph_free(&g);
}
END_TEST

static void write_text(const char *name, const char *text, char *path, size_t n)
{
    FILE *f = open_out(name, path, n);
    fputs(text, f);
    fclose(f);
}

static void assert_graphml_error(const char *text, rg_status code, const char *want)
{
    char path[4200];
    json_t *doc = NULL;
    rg_error err = {0};

    write_text("bad.graphml", text, path, sizeof path);
    ck_assert_int_eq(graphml_read(path, &pack, &doc, NULL, &err), code);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strstr(err.msg, want), "wanted '%s' in '%s'", want, err.msg);
    ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0, "no file name in '%s'", err.msg);
}

#define GRAPHML_HEAD "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n" \
    "<key id=\"t\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n" \
    "<key id=\"et\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n" \
    "<key id=\"d\" for=\"edge\" attr.name=\"date\" attr.type=\"string\"/>\n" \
    "<key id=\"p\" for=\"node\" attr.name=\"population\" attr.type=\"long\"/>\n" \
    "<graph edgedefault=\"directed\">\n"

START_TEST(graphml_bad_input_names_file_and_line)
{
    assert_graphml_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"t\">city</data>\n</graph>\n",
                         RG_ERR_INVALID, ":9:9: malformed XML");
    assert_graphml_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"t\">city</data></node>\n"
                         "<node id=\"b\"><data key=\"t\">town</data></node>\n</graph></graphml>\n",
                         RG_ERR_SCHEMA, ":9: unknown entity type 'town'");
    assert_graphml_error(GRAPHML_HEAD "<node id=\"a\"></node>\n</graph></graphml>\n",
                         RG_ERR_SCHEMA, ":8: node 'a' has no 'type'");
    assert_graphml_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"t\">city</data></node>\n"
                         "<edge source=\"a\" target=\"zz\"><data key=\"et\">sister_city</data></edge>\n"
                         "</graph></graphml>\n", RG_ERR_INVALID, ":9: edge target 'zz'");
    assert_graphml_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"t\">city</data></node>\n"
                         "<node id=\"b\"><data key=\"t\">city</data></node>\n"
                         "<edge source=\"a\" target=\"b\"><data key=\"et\">sister_city</data>"
                         "<data key=\"d\">1995-13</data></edge>\n</graph></graphml>\n",
                         RG_ERR_INVALID, ":10: date '1995-13'");
    assert_graphml_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"t\">city</data>"
                         "<data key=\"p\">many</data></node>\n</graph></graphml>\n",
                         RG_ERR_INVALID, "declared long but holds 'many'");
    assert_graphml_error("<?xml version=\"1.0\"?>\n<gexf xmlns=\"http://gexf.net/1.3\"/>\n",
                         RG_ERR_INVALID, ":2: not a GraphML file (the root element is <gexf>");
    assert_graphml_error("{\"format\": \"relgraph\"}\n", RG_ERR_INVALID, ":1:");
    /* entities are neither expanded (an external one reads files) nor
     * dropped silently */
    assert_graphml_error("<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [<!ENTITY x SYSTEM "
                         "\"file:///etc/hostname\">]>\n"
                         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
                         "<key id=\"t\" for=\"node\" attr.name=\"type\"/>\n<graph>\n"
                         "<node id=\"a\"><data key=\"t\">city&x;</data></node>\n"
                         "</graph></graphml>\n", RG_ERR_UNSUPPORTED,
                         ":6: XML entity '&x;' is not supported");
}
END_TEST

/* A document that libxml2 stops reading inside a <data> without reporting
 * why (found by fuzz_import_graphml: UTF-7 with NUL bytes) still fails with
 * the file, the line and what went wrong. */
START_TEST(graphml_silent_libxml2_failure_is_still_explained)
{
    const char *src = getenv("RELGRAPH_SRC");
    char path[4200];
    json_t *doc = NULL;
    rg_error err = {0};

    ck_assert_ptr_nonnull(src);
    snprintf(path, sizeof path,
             "%s/tests/fuzz/regressions/import_graphml/utf7-error-without-message.xml", src);
    ck_assert_int_eq(graphml_read(path, &pack, &doc, NULL, &err), RG_ERR_INVALID);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0, "no file name in '%s'", err.msg);
    ck_assert_msg(strstr(err.msg, "malformed XML"), "no cause in '%s'", err.msg);
}
END_TEST

START_TEST(graphml_from_networkx_style_files_is_accepted)
{
    char path[4200];
    json_t *doc = NULL;
    rg_error err = {0};

    /* node ids that are not relgraph ids are renumbered; "label" is the name */
    write_text("nx.graphml", GRAPHML_HEAD
               "<key id=\"l\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
               "<key id=\"g\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n"
               "<node id=\"hanoi\"><data key=\"t\">city</data><data key=\"l\">Hà Nội</data>"
               "<data key=\"p\">8000000</data></node>\n"
               "<node id=\"busan\"><data key=\"t\">city</data><data key=\"g\">"
               "<ShapeNode><NodeLabel>Busan</NodeLabel></ShapeNode></data></node>\n"
               "<edge source=\"hanoi\" target=\"busan\"><data key=\"et\">sister_city</data></edge>\n"
               "</graph></graphml>\n", path, sizeof path);
    ck_assert_msg(graphml_read(path, &pack, &doc, NULL, &err) == RG_OK, "%s", err.msg);
    json_t *e0 = json_array_get(json_object_get(doc, "entities"), 0);
    json_t *e1 = json_array_get(json_object_get(doc, "entities"), 1);
    json_t *l0 = json_array_get(json_object_get(doc, "links"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(e0, "id")), "e1");
    ck_assert_str_eq(json_string_value(json_object_get(e0, "name")), "Hà Nội");
    ck_assert_str_eq(json_string_value(json_object_get(e1, "name")), "busan");
    ck_assert_uint_eq(json_object_size(json_object_get(e1, "attrs")), 0);   /* yEd drawing skipped */
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(e0, "attrs"),
                                                        "population")), 8000000);
    ck_assert_str_eq(json_string_value(json_object_get(l0, "source")), "e1");
    ck_assert_str_eq(json_string_value(json_object_get(l0, "target")), "e2");
    ck_assert_str_eq(json_string_value(json_object_get(l0, "id")), "l1");
    json_decref(doc);
}
END_TEST

START_TEST(unrepresentable_attributes_warn_and_say_which)
{
    rg_graph g = {0};
    char path[4200];
    rg_strlist w = {0};

    add_entity(&g, 1, "city", "A|B", "x|y", NULL, "{\"geo\": {\"lat\": 21.0}, \"mixed\": 1}");
    add_entity(&g, 2, "city", "C", NULL, NULL, "{\"mixed\": \"one\"}");
    add_link(&g, 1, "sister_city", 1, 2, NULL, NULL, NULL, "{\"type\": \"formal\"}", 0);
    write_with(graphml_write, &g, "w.graphml", path, sizeof path, &w);
    ck_assert_uint_eq(w.len, 4);
    bool geo = false, mixed = false, alias = false, clash = false;
    for (size_t i = 0; i < w.len; i++) {
        geo |= strstr(w.items[i], "entity attribute 'geo' holds JSON objects") != NULL;
        mixed |= strstr(w.items[i], "entity attribute 'mixed' mixes value types") != NULL;
        alias |= strstr(w.items[i], "alias 'x|y' holds '|'") != NULL;
        clash |= strstr(w.items[i], "link attribute 'type' clashes") != NULL;
    }
    ck_assert(geo && mixed && alias && clash);
    ck_assert_int_eq(run("xmllint --noout '%s'%s", path, ""), 0);
    rg_strlist_free(&w);
    rg_graph_free(&g);
}
END_TEST

/* ---- GEXF, DOT ------------------------------------------------------------------ */

START_TEST(gexf_is_well_formed_with_start_dates)
{
    rg_graph g = {0};
    char path[4200];

    sample_graph(&g);
    write_with(gexf_write, &g, "g.gexf", path, sizeof path, NULL);
    ck_assert_int_eq(run("xmllint --noout '%s'%s", path, ""), 0);
    char *text = tu_read_file(path, NULL);
    ck_assert_ptr_nonnull(strstr(text, "<gexf xmlns=\"http://gexf.net/1.3\""));
    ck_assert_ptr_nonnull(strstr(text, "mode=\"dynamic\" timeformat=\"date\""));
    ck_assert_ptr_nonnull(strstr(text, "label=\"sister_city\" start=\"1995-04-01\""));
    ck_assert_ptr_nonnull(strstr(text, "label=\"sister_city\" start=\"1995-01-01\""));
    ck_assert_ptr_nonnull(strstr(text, "start=\"2019-10-23\""));
    free(text);
    rg_graph_free(&g);
}
END_TEST

START_TEST(dot_is_accepted_by_graphviz)
{
    rg_graph g = {0};
    char path[4200], svg[4300];

    sample_graph(&g);
    write_with(dot_write, &g, "g.dot", path, sizeof path, NULL);
    snprintf(svg, sizeof svg, "%s/g.svg", dir);
    ck_assert_int_eq(run("dot -Tsvg '%s' -o '%s' 2>&1", path, svg), 0);
    char *text = tu_read_file(svg, NULL);
    ck_assert_ptr_nonnull(strstr(text, "Thành phố Hồ Chí Minh"));
    free(text);
    text = tu_read_file(path, NULL);
    ck_assert_ptr_nonnull(strstr(text, "dir=none"));
    ck_assert_ptr_nonnull(strstr(text, "pagerank=0.25"));
    free(text);
    rg_graph_free(&g);
}
END_TEST

/* Graphviz's own parser reads a large DOT export and finds every node and
 * edge with its attributes. */
START_TEST(dot_reads_back_whole_with_cgraph)
{
    rg_graph g = {0};
    char path[4200], id[32];

    generated_graph(&g, 5000);              /* > one chunk of nodes and of edges */
    write_with(dot_write, &g, "big.dot", path, sizeof path, NULL);
    FILE *f = fopen(path, "r");
    Agraph_t *ag = agread(f, NULL);
    fclose(f);
    ck_assert_ptr_nonnull(ag);
    ck_assert_int_eq(agnnodes(ag), (int)g.n_entities);
    ck_assert_int_eq(agnedges(ag), (int)g.n_links);
    for (size_t i = 0; i < g.n_entities; i++) {
        id_text(id, 'e', g.entities[i].id);
        Agnode_t *n = agnode(ag, id, 0);
        ck_assert_ptr_nonnull(n);
        ck_assert_str_eq(agget(n, "label"), g.entities[i].name);
        ck_assert_str_eq(agget(n, "type"), g.entities[i].type);
    }
    size_t dated = 0;
    for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n))
        for (Agedge_t *e = agfstout(ag, n); e; e = agnxtout(ag, e)) {
            const rg_link *l = rg_graph_link(&g, atoll(agnameof(e) + 1));
            ck_assert_ptr_nonnull(l);
            ck_assert_str_eq(agget(e, "type"), l->type);
            ck_assert_str_eq(agget(e, "date"), l->date);
            dated += l->date[0] != 0;
        }
    ck_assert_uint_gt(dated, 0);
    agclose(ag);
    rg_graph_free(&g);
}
END_TEST

/* Values that DOT can hold read back from cgraph's parser exactly as they
 * were: quotes, keywords, numbers, markup, edge operators, pairs of
 * backslashes, "\n" as text, line ends between letters, long values (which
 * agstrcanon breaks with line continuations) and Vietnamese. */
static const char *const dot_exact[] = {
    "node", "Graph", "digraph", "-", "1.2.3", "-1.5", ".5", "", "<b>x</b>", "a\"b", "\"",
    "x -> y; z", "{ }", "line one\nline two", "tab\there", "Hà Nội", "a\\nb", "a\\\\",
    "C:\\\\dir\\\\", "\\\\\"quoted\\\\\"", "line\n\"quoted\"", "\nstart", "e1", "l2", "#hash", "/* c */", "// c", NULL};

static Agraph_t *write_and_read_dot(const rg_graph *g, rg_strlist *warnings)
{
    char path[4200];

    write_with(dot_write, g, "v.dot", path, sizeof path, warnings);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    Agraph_t *ag = agread(f, NULL);
    fclose(f);
    ck_assert_msg(ag != NULL, "cgraph cannot read %s", path);
    return ag;
}

/* Adds city `id` named `name` with the one attribute v = value. */
static void add_city_with_value(rg_graph *g, rg_id id, const char *name, const char *value)
{
    json_t *attrs = json_pack("{s:s}", "v", value);
    char *text = json_dumps(attrs, 0);

    ck_assert_ptr_nonnull(text);
    add_entity(g, id, "city", name, NULL, NULL, text);
    free(text);
    json_decref(attrs);
}

START_TEST(dot_values_read_back_exactly_where_dot_can_hold_them)
{
    rg_graph g = {0};
    rg_strlist w = {0};
    char id[32], longv[1000];
    size_t n = 0;

    for (size_t i = 0; i < sizeof longv - 1; i++)
        longv[i] = i % 7 == 6 ? ' ' : i % 11 == 10 ? '"' : (char)('a' + i % 26);
    longv[sizeof longv - 1] = '\0';
    for (; dot_exact[n]; n++)
        add_city_with_value(&g, (rg_id)n + 1, "name", dot_exact[n]);
    add_city_with_value(&g, (rg_id)n + 1, "long", longv);
    add_link(&g, 1, "sister_city", 1, 2, NULL, "node", "x -> y", "{\"note\": \"a\\\"b\"}", 0);
    Agraph_t *ag = write_and_read_dot(&g, &w);
    ck_assert_int_eq(agnnodes(ag), (int)n + 1);
    ck_assert_int_eq(agnedges(ag), 1);
    for (size_t i = 0; i < n; i++) {
        id_text(id, 'e', (rg_id)i + 1);
        Agnode_t *node = agnode(ag, id, 0);
        ck_assert_ptr_nonnull(node);
        ck_assert_msg(strcmp(agget(node, "v"), dot_exact[i]) == 0, "value %zu: [%s] read as [%s]",
                      i, dot_exact[i], agget(node, "v"));
    }
    id_text(id, 'e', (rg_id)n + 1);
    ck_assert_str_eq(agget(agnode(ag, id, 0), "v"), longv);
    Agedge_t *e = agfstout(ag, agnode(ag, "e1", 0));
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(agnameof(e), "l1");
    ck_assert_str_eq(agget(e, "topics"), "node|x -> y");
    ck_assert_str_eq(agget(e, "note"), "a\"b");
    ck_assert_uint_eq(w.len, 0);        /* nothing was changed, so nothing is said */
    agclose(ag);
    rg_strlist_free(&w);
    rg_graph_free(&g);
}
END_TEST

/* A backslash before a quote would escape it, so a name could close the
 * string and write DOT statements of its own (agwrite's quoting allows
 * this); each such value gets one more backslash, reads back with it, and a
 * warning counts them.  Labels keep every backslash (they are doubled). */
START_TEST(dot_backslashes_never_end_a_string_early)
{
    static const char *const hostile[] = {
        "a\\", "\\", "\\\"];pwned [label=\"x", "end\\\\\\", "x\\\n", "say \"\n\"", NULL};
    static const char *const read_as[] = {
        "a\\\\", "\\\\", "\\\\\"];pwned [label=\"x", "end\\\\\\\\", "x\\\\", "say \"\"",
        NULL};
    rg_graph g = {0};
    rg_strlist w = {0};
    char id[32];
    size_t n = 0;

    for (; hostile[n]; n++)
        add_city_with_value(&g, (rg_id)n + 1, hostile[n], hostile[n]);
    Agraph_t *ag = write_and_read_dot(&g, &w);
    ck_assert_int_eq(agnnodes(ag), (int)n);        /* no statement was injected */
    ck_assert_ptr_null(agnode(ag, "pwned", 0));
    for (size_t i = 0; i < n; i++) {
        id_text(id, 'e', (rg_id)i + 1);
        Agnode_t *node = agnode(ag, id, 0);
        ck_assert_ptr_nonnull(node);
        ck_assert_msg(strcmp(agget(node, "v"), read_as[i]) == 0, "value %zu read as [%s]", i,
                      agget(node, "v"));
        ck_assert_str_eq(agget(node, "type"), "city");
    }
    /* the label doubles every backslash, so Graphviz draws it as it was */
    ck_assert_str_eq(agget(agnode(ag, "e1", 0), "label"), "a\\\\");
    ck_assert_uint_eq(w.len, 1);
    ck_assert_ptr_nonnull(strstr(w.items[0], "could not be written exactly"));
    agclose(ag);
    rg_strlist_free(&w);
    rg_graph_free(&g);
}
END_TEST

/* Every string of up to five characters over a, backslash, quote and line
 * end, as an attribute value: cgraph's parser reads one node back, and the
 * value is exact exactly when the writer did not warn that it changed it,
 * so the writer's model of DOT's scanner is right in both directions. */
START_TEST(dot_quoting_matches_the_scanner_on_every_short_string)
{
    static const char alphabet[] = {'a', '\\', '"', '\n'};
    char value[8];
    size_t total = 0, changed = 0;

    for (int len = 0; len <= 5; len++) {
        int combos = 1 << (2 * len);
        for (int code = 0; code < combos; code++) {
            rg_graph g = {0};
            rg_strlist w = {0};
            for (int i = 0; i < len; i++)
                value[i] = alphabet[(code >> (2 * i)) & 3];
            value[len] = '\0';
            add_city_with_value(&g, 1, value, value);
            Agraph_t *ag = write_and_read_dot(&g, &w);
            ck_assert_int_eq(agnnodes(ag), 1);
            bool exact = strcmp(agget(agfstnode(ag), "v"), value) == 0;
            ck_assert_msg(exact == (w.len == 0), "value of %d bytes (code %d): exact %d, warned %d",
                          len, code, exact, (int)w.len);
            changed += !exact;
            total++;
            agclose(ag);
            rg_strlist_free(&w);
            rg_graph_free(&g);
        }
    }
    ck_assert_uint_eq(total, 1365);
    ck_assert_uint_gt(changed, 0);
}
END_TEST

/* ---- networkx ------------------------------------------------------------------------ */

/* What networkx must find: every node and edge with every attribute, as the
 * writers promise to express it. */
static void write_expected(const rg_graph *g, const char *path)
{
    json_t *nodes = json_object(), *edges = json_object();
    bool w = false;

    for (size_t i = 0; i < g->n_entities; i++) {
        const rg_entity *e = &g->entities[i];
        char id[32], *al = list_join(&e->aliases, "", "", NULL, &w);
        json_t *attrs = json_loads(e->attrs ? e->attrs : "{}", 0, NULL);
        snprintf(id, sizeof id, "e%lld", (long long)e->id);
        json_object_set_new(nodes, id, json_pack("{s:s,s:s,s:s,s:o}", "type", e->type,
                                                 "name", e->name, "aliases", al, "attrs", attrs));
        free(al);
    }
    for (size_t i = 0; i < g->n_links; i++) {
        const rg_link *l = &g->links[i];
        char id[32], s[32], t[32], *tp = list_join(&l->topics, "", "", NULL, &w);
        json_t *attrs = json_loads(l->attrs ? l->attrs : "{}", 0, NULL);
        const rg_link_type *lt = pack_link_type(&pack, l->type);
        snprintf(id, sizeof id, "l%lld", (long long)l->id);
        snprintf(s, sizeof s, "e%lld", (long long)l->source);
        snprintf(t, sizeof t, "e%lld", (long long)l->target);
        json_object_set_new(edges, id, json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:b,s:o}",
                            "source", s, "target", t, "type", l->type, "date", l->date,
                            "topics", tp, "evidence_count", (int)l->n_evidence,
                            "symmetric", lt->symmetric, "attrs", attrs));
        free(tp);
    }
    json_t *doc = json_pack("{s:o,s:o}", "nodes", nodes, "edges", edges);
    ck_assert_int_eq(json_dump_file(doc, path, JSON_INDENT(1)), 0);
    json_decref(doc);
}

static void check_with_networkx(const rg_graph *g)
{
    char gm[4200], gx[4200], ex[4200], cmd[14000];
    const char *src = getenv("RELGRAPH_SRC");

    if (access("/usr/bin/python3", X_OK) != 0
        || system("/usr/bin/python3 -c 'import networkx' 2>/dev/null") != 0) {
        printf("SKIP: networkx checks: /usr/bin/python3 with python3-networkx is missing "
               "(make deps installs it)\n");
        return;
    }
    write_with(graphml_write, g, "nx.graphml", gm, sizeof gm, NULL);
    write_with(gexf_write, g, "nx.gexf", gx, sizeof gx, NULL);
    snprintf(ex, sizeof ex, "%s/expected.json", dir);
    write_expected(g, ex);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/interchange/check_networkx.py' "
             "'%s' '%s' '%s'", src ? src : ".", ex, gm, gx);
    int st = system(cmd);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "networkx disagrees (see above)");
}

START_TEST(networkx_reads_graphml_and_gexf_of_the_sample)
{
    rg_graph g = {0};
    sample_graph(&g);
    check_with_networkx(&g);
    rg_graph_free(&g);
}
END_TEST

START_TEST(networkx_reads_graphml_and_gexf_of_a_generated_graph)
{
    rg_graph g = {0};
    generated_graph(&g, 500);
    check_with_networkx(&g);
    rg_graph_free(&g);
}
END_TEST

/* ---- CSV ----------------------------------------------------------------------------- */

START_TEST(csv_tokenizer_follows_rfc4180)
{
    const char text[] = "\xEF\xBB\xBF" "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
                        "\"two\nlines\",,Hà Nội\n"
                        "last";
    FILE *f = fmemopen((void *)text, sizeof text - 1, "r");
    rg_csv_reader r;
    rg_error err = {0};
    bool eof;

    csv_reader_init(&r, f, "t.csv");
    ck_assert_int_eq(csv_next(&r, &eof, &err), RG_OK);
    ck_assert(!eof);
    ck_assert_uint_eq(r.fields.len, 3);
    ck_assert_str_eq(r.fields.items[0], "a");
    ck_assert_str_eq(r.fields.items[1], "b,c");
    ck_assert_str_eq(r.fields.items[2], "say \"hi\"");
    ck_assert_int_eq(csv_next(&r, &eof, &err), RG_OK);
    ck_assert_int_eq(r.row_line, 2);
    ck_assert_str_eq(r.fields.items[0], "two\nlines");
    ck_assert_str_eq(r.fields.items[1], "");
    ck_assert_str_eq(r.fields.items[2], "Hà Nội");
    ck_assert_int_eq(r.field_cols[2], 9);
    ck_assert_int_eq(csv_next(&r, &eof, &err), RG_OK);
    ck_assert_int_eq(r.row_line, 4);
    ck_assert_str_eq(r.fields.items[0], "last");
    ck_assert_int_eq(csv_next(&r, &eof, &err), RG_OK);
    ck_assert(eof);
    csv_reader_free(&r);
    fclose(f);
}
END_TEST

static void assert_csv_token_error(const char *text, const char *want)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    rg_csv_reader r;
    rg_error err = {0};
    bool eof = false;
    rg_status rc = RG_OK;

    csv_reader_init(&r, f, "t.csv");
    while (rc == RG_OK && !eof)
        rc = csv_next(&r, &eof, &err);
    ck_assert_int_eq(rc, RG_ERR_INVALID);
    ck_assert_msg(strstr(err.msg, want), "wanted '%s' in '%s'", want, err.msg);
    csv_reader_free(&r);
    fclose(f);
}

START_TEST(csv_tokenizer_errors_have_line_and_column)
{
    assert_csv_token_error("a,b\nc,d\"e\n", "t.csv:2:4: quote inside an unquoted field");
    assert_csv_token_error("a,b\nc,\"open\n\n", "t.csv:2:3: quoted field never closed");
    assert_csv_token_error("a,\"x\"y\n", "t.csv:1:6: text after a closing quote");
    assert_csv_token_error("a,b\n\xff,x\n", "t.csv:2:1: invalid UTF-8");
}
END_TEST

static void write_csv_pair(const rg_graph *g, char *np, char *ep, size_t n)
{
    rg_source src = {NULL, g, &pack};
    rg_error err = {0};
    char kp[4200], cp[4200];
    FILE *nf = open_out("nodes.csv", np, n), *ef = open_out("edges.csv", ep, n);
    FILE *kf = open_out("kumu-elements.csv", kp, sizeof kp);
    FILE *cf = open_out("kumu-connections.csv", cp, sizeof cp);
    ck_assert_msg(csv_write(&src, nf, ef, kf, cf, NULL, &err) == RG_OK, "%s", err.msg);
    fclose(nf);
    fclose(ef);
    fclose(kf);
    fclose(cf);
}

START_TEST(csv_has_neo4j_headers_and_round_trips)
{
    rg_graph g = {0};
    char np[4200], ep[4200];
    json_t *doc = NULL;
    rg_error err = {0};

    sample_graph(&g);
    write_csv_pair(&g, np, ep, sizeof np);
    char *nodes = tu_read_file(np, NULL), *edges = tu_read_file(ep, NULL);
    ck_assert_ptr_nonnull(strstr(nodes, "id:ID,name,:LABEL,aliases:string[],capital:boolean,"
                                 "degree:long,note,pagerank:double\r\n"));
    ck_assert_ptr_nonnull(strstr(nodes, "e2,Thành phố Hồ Chí Minh,city,Sài Gòn|TP.HCM,false,2,,0.125\r\n"));
    ck_assert_ptr_nonnull(strstr(nodes, "\"C40 Cities <Climate> & \"\"Leadership\"\", Group\""));
    ck_assert_ptr_nonnull(strstr(edges, ":START_ID,:END_ID,:TYPE,id,date,topics:string[],"
                                 "evidence_count:int,symmetric:boolean,role,weight:double\r\n"));
    ck_assert_ptr_nonnull(strstr(edges, "e1,e3,sister_city,l1,1995-04,culture|trade,3,true,,\r\n"));
    free(nodes);
    free(edges);
    ck_assert_msg(csv_read(np, ep, &pack, &doc, NULL, &err) == RG_OK, "%s", err.msg);
    assert_doc_matches(doc, &g);
    json_decref(doc);

    /* the Kumu sheets: Kumu's required headers first, and our own reader
     * takes them back as the same graph */
    char kp[4200], cp[4200];
    snprintf(kp, sizeof kp, "%s/kumu-elements.csv", dir);
    snprintf(cp, sizeof cp, "%s/kumu-connections.csv", dir);
    nodes = tu_read_file(kp, NULL);
    edges = tu_read_file(cp, NULL);
    ck_assert_ptr_nonnull(strstr(nodes, "ID,Label,Type,Aliases,capital,degree,note,pagerank\r\n"));
    ck_assert_ptr_nonnull(strstr(edges, "ID,From,To,Type,Date,Topics,Evidence Count,Direction,"
                                 "role,weight\r\n"));
    ck_assert_ptr_nonnull(strstr(edges, "l1,e1,e3,sister_city,1995-04,culture|trade,3,mutual,,\r\n"));
    ck_assert_ptr_nonnull(strstr(edges, "l3,e1,e5,member_of,2019-10-23,climate,2,directed,,\r\n"));
    free(nodes);
    free(edges);
    ck_assert_msg(csv_read(kp, cp, &pack, &doc, NULL, &err) == RG_OK, "%s", err.msg);
    json_t *e2 = json_array_get(json_object_get(doc, "entities"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(e2, "name")), "Thành phố Hồ Chí Minh");
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "links")), g.n_links);
    json_decref(doc);
    rg_graph_free(&g);
}
END_TEST

/* Text that a spreadsheet would run as a formula (a live link, a command)
 * is written with a leading apostrophe, the spreadsheets' mark for text,
 * and our reader takes the apostrophe off again, so every value, including
 * ones that start with apostrophes of their own, round-trips exactly. */
START_TEST(csv_formula_text_is_defused_and_round_trips)
{
    rg_graph g = {0};
    char np[4200], ep[4200];
    json_t *doc = NULL;
    rg_error err = {0};

    add_entity(&g, 1, "city", "=HYPERLINK(\"javascript:alert(1)\",\"x\")", "+1 555", "@SUM(A1)",
               "{\"note\": \"-2+3\", \"=key\": \"v\", \"count\": -4}");
    add_entity(&g, 2, "city", "'=already quoted", "'plain", NULL, "{\"note\": \"\\tcmd\"}");
    add_entity(&g, 3, "city", "Hà Nội", NULL, NULL, "{\"note\": \"'\"}");
    add_link(&g, 1, "sister_city", 1, 2, NULL, "=1+1", NULL, NULL, 0);
    write_csv_pair(&g, np, ep, sizeof np);
    char *nodes = tu_read_file(np, NULL), *edges = tu_read_file(ep, NULL);
    ck_assert_ptr_nonnull(strstr(nodes, "e1,\"'=HYPERLINK(\"\"javascript:alert(1)\"\",\"\"x\"\")\","));
    ck_assert_msg(strstr(nodes, ",'+1 555|@SUM(A1),"), "%s", nodes);     /* the whole cell */
    ck_assert_ptr_nonnull(strstr(nodes, ",'=key,"));
    ck_assert_ptr_nonnull(strstr(nodes, ",'-2+3"));
    ck_assert_ptr_nonnull(strstr(nodes, ",-4,"));                   /* numbers stay numbers */
    ck_assert_ptr_nonnull(strstr(nodes, "e2,''=already quoted,city,'plain,"));
    ck_assert_ptr_nonnull(strstr(nodes, "e3,Hà Nội,city,,"));
    ck_assert_ptr_nonnull(strstr(edges, ",'=1+1,"));
    /* no cell of either file starts a formula */
    for (char *text = nodes; text; text = text == nodes ? edges : NULL) {
        const char *p = text;
        bool start = true;
        for (; *p; p++) {
            if (start && *p != '"')
                ck_assert_msg(!strchr("=+@\t\r", *p) && !(*p == '-' && p[1] != '4'),
                              "a cell starts with '%c': %.30s", *p, p);
            start = *p == ',' || *p == '\n';
        }
    }
    free(nodes);
    free(edges);
    ck_assert_msg(csv_read(np, ep, &pack, &doc, NULL, &err) == RG_OK, "%s", err.msg);
    assert_doc_matches(doc, &g);
    json_decref(doc);
    rg_graph_free(&g);
}
END_TEST

static void assert_csv_error(const char *nodes, const char *edges, rg_status code,
                             const char *want)
{
    char np[4200], ep[4200];
    json_t *doc = NULL;
    rg_error err = {0};

    write_text("nodes.csv", nodes, np, sizeof np);
    if (edges)
        write_text("edges.csv", edges, ep, sizeof ep);
    ck_assert_int_eq(csv_read(np, edges ? ep : NULL, &pack, &doc, NULL, &err), code);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strstr(err.msg, want), "wanted '%s' in '%s'", want, err.msg);
}

START_TEST(csv_spreadsheet_mistakes_name_file_line_and_column)
{
    const char *ok = "id,name,type,population:long\nhn,Hà Nội,city,8000000\nbs,Busan,city,\n";
    assert_csv_error("id,name,type\nhn,Hà Nội,town\n", NULL, RG_ERR_SCHEMA,
                     "nodes.csv:2:11: unknown entity type 'town'");
    assert_csv_error("id,name,type\nhn,Hà Nội,city\n,Busan,city\n", NULL, RG_ERR_INVALID,
                     "nodes.csv:3:1: missing id");
    assert_csv_error("id,name,type\nhn,Hà Nội,city\nhn,Busan,city\n", NULL, RG_ERR_EXISTS,
                     "nodes.csv:3:1: id 'hn' already used on line 2");
    assert_csv_error("id,name,type,population:long\nhn,Hà Nội,city,many\n", NULL,
                     RG_ERR_INVALID, "nodes.csv:2:16: 'many' is not an integer");
    assert_csv_error("id,name,type\nhn,Hà Nội,city,extra\n", NULL, RG_ERR_INVALID,
                     "nodes.csv:2:16: 4 fields, the header has 3");
    assert_csv_error(ok, "From,To,Type\nhn,bs,sister_city\nbs,hn,sister_city\n",
                     RG_ERR_EXISTS, "edges.csv:3:1: duplicate of the sister_city edge on line 2");
    assert_csv_error(ok, "From,To,Type\nhn,xx,sister_city\n", RG_ERR_NOT_FOUND,
                     "edges.csv:2:4: no node has id 'xx'");
    assert_csv_error(ok, "From,To,Type\nhn,bs,twinned\n", RG_ERR_SCHEMA,
                     "edges.csv:2:7: unknown link type 'twinned'");
    assert_csv_error(ok, "From,To,Type,date\nhn,bs,sister_city,1995-02-30\n", RG_ERR_INVALID,
                     "edges.csv:2:19: date '1995-02-30'");
    assert_csv_error(":START_ID,:END_ID,:TYPE\na,b,sister_city\n", NULL, RG_ERR_INVALID,
                     "this is an edges file");
    assert_csv_error("city,country\nHà Nội,Việt Nam\n", NULL, RG_ERR_INVALID,
                     "nodes.csv:1: not a nodes file");
    assert_csv_error("<?xml version=\"1.0\"?>\n<graphml/>\n", NULL, RG_ERR_INVALID,
                     "nodes.csv:1:15: quote inside an unquoted field");
}
END_TEST

START_TEST(csv_hand_kept_sheet_is_imported)
{
    char np[4200], ep[4200];
    json_t *doc = NULL;
    rg_error err = {0};

    write_text("nodes.csv", "ID,Label,Type,population:long\r\nhn,Hà Nội,city,8000000\r\n"
               "bs,Busan,city,\r\n\r\n", np, sizeof np);
    write_text("edges.csv", "From,To,Type,date,topics\r\nhn,bs,sister_city,1996,culture|port\r\n",
               ep, sizeof ep);
    ck_assert_msg(csv_read(np, ep, &pack, &doc, NULL, &err) == RG_OK, "%s", err.msg);
    json_t *ents = json_object_get(doc, "entities"), *l = json_array_get(json_object_get(doc, "links"), 0);
    ck_assert_uint_eq(json_array_size(ents), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ents, 0), "name")), "Hà Nội");
    ck_assert_str_eq(json_string_value(json_object_get(l, "source")), "e1");
    ck_assert_str_eq(json_string_value(json_object_get(l, "date")), "1996");
    ck_assert_uint_eq(json_array_size(json_object_get(l, "topics")), 2);
    json_decref(doc);
}
END_TEST

START_TEST(a_full_disk_is_an_error_not_a_short_file)
{
    rg_graph g = {0};
    rg_source src = {NULL, &g, &pack};
    rg_error err = {0};
    rg_status (*writers[])(const rg_source *, FILE *, rg_strlist *, rg_error *) = {
        graphml_write, gexf_write, dot_write};

    generated_graph(&g, 2000);
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
        FILE *f = fopen("/dev/full", "w");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(writers[i](&src, f, NULL, &err), RG_ERR_IO);
        ck_assert_ptr_nonnull(strstr(err.msg, "write failed"));
        fclose(f);
    }
    FILE *n = fopen("/dev/full", "w"), *e = fopen("/dev/full", "w");
    ck_assert_int_eq(csv_write(&src, n, e, NULL, NULL, NULL, &err), RG_ERR_IO);
    fclose(n);
    fclose(e);
    rg_graph_free(&g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interchange");
    TCase *tc = tcase_create("interchange");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, graphml_is_well_formed_and_declares_typed_keys);
    tcase_add_test(tc, graphml_is_read_by_igraph);
    tcase_add_test(tc, graphml_round_trips_through_our_reader);
    tcase_add_test(tc, graphml_bad_input_names_file_and_line);
    tcase_add_test(tc, graphml_silent_libxml2_failure_is_still_explained);
    tcase_add_test(tc, graphml_from_networkx_style_files_is_accepted);
    tcase_add_test(tc, unrepresentable_attributes_warn_and_say_which);
    tcase_add_test(tc, gexf_is_well_formed_with_start_dates);
    tcase_add_test(tc, dot_is_accepted_by_graphviz);
    tcase_add_test(tc, dot_reads_back_whole_with_cgraph);
    tcase_add_test(tc, dot_values_read_back_exactly_where_dot_can_hold_them);
    tcase_add_test(tc, dot_backslashes_never_end_a_string_early);
    tcase_add_test(tc, dot_quoting_matches_the_scanner_on_every_short_string);
    tcase_add_test(tc, networkx_reads_graphml_and_gexf_of_the_sample);
    tcase_add_test(tc, networkx_reads_graphml_and_gexf_of_a_generated_graph);
    tcase_add_test(tc, csv_tokenizer_follows_rfc4180);
    tcase_add_test(tc, csv_tokenizer_errors_have_line_and_column);
    tcase_add_test(tc, csv_has_neo4j_headers_and_round_trips);
    tcase_add_test(tc, csv_formula_text_is_defused_and_round_trips);
    tcase_add_test(tc, csv_spreadsheet_mistakes_name_file_line_and_column);
    tcase_add_test(tc, csv_hand_kept_sheet_is_imported);
    tcase_add_test(tc, a_full_disk_is_an_error_not_a_short_file);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
