/*
 * fuzz_theme.c - libFuzzer target for theme loading (render/theme.h):
 * theme_parse validates any text as a theme; when it accepts one, every
 * style lookup must give usable values and a tiny graph must render to
 * DOT with it (theme values reach Graphviz attributes only after
 * validation, so an accepted theme must never break a render).
 *
 * The Graphviz context is opened once in LLVMFuzzerInitialize: Graphviz
 * 2.43 needs one context per process for repeated renders (render.h), and
 * plugin loading per input would dominate the time.
 */
#include "../../render/render.h"
#include "../../render/theme.h"
#include "fuzzutil.h"

static rg_renderer *renderer;  /* per-process fixture, see above */
static rg_graph graph;         /* read-only after LLVMFuzzerInitialize */

static void add_entity(rg_id id, const char *type, const char *name)
{
    rg_entity e = {0};
    e.id = id;
    snprintf(e.type, sizeof e.type, "%s", type);
    e.name = (char *)name;
    if (rg_graph_add_entity(&graph, &e) != RG_OK)
        fuzz_die("building the test graph", NULL);
}

static void add_link(rg_id id, const char *type, rg_id a, rg_id b, const char *date)
{
    rg_link l = {0};
    l.id = id;
    snprintf(l.type, sizeof l.type, "%s", type);
    l.source = a;
    l.target = b;
    snprintf(l.date, sizeof l.date, "%s", date);
    if (rg_graph_add_link(&graph, &l) != RG_OK)
        fuzz_die("building the test graph", NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rg_error err = {0};
    (void)argc;
    (void)argv;
    fuzz_set_data_dir();
    if (renderer_open(&renderer, &err) != RG_OK)
        fuzz_die("opening Graphviz", &err);
    add_entity(1, "city", "Đà Nẵng");
    add_entity(2, "city", "Yokohama");
    add_entity(3, "network", "C40");
    add_entity(4, "strange_type", "<b>&\"x\"</b>");
    add_link(1, "sister_city", 1, 2, "2016");
    add_link(2, "member_of", 1, 3, "");
    add_link(3, "unknown_link", 4, 1, "2020-01");
    return 0;
}

static void check_styles(const rg_theme *t)
{
    static const char *const types[] = {"city", "country", "network", "person", "nope", ""};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        rg_entity_style es = theme_entity_style(t, types[i], i * 7919);
        rg_link_style ls = theme_link_style(t, types[i], i * 104729);
        FUZZ_CHECK(es.shape && es.fill && es.border && es.text && es.style);
        FUZZ_CHECK(ls.color && ls.style);
    }
    FUZZ_CHECK(theme_palette(t, 0) && theme_palette(t, (size_t)-1));
    (void)theme_str(t, "font", "x");
    (void)theme_num(t, "fontsize", 11);
    (void)theme_cluster_str(t, "fill", "x");
}

static void render_with(const rg_theme *t)
{
    rg_render_opts o;
    rg_strlist notes = {0};
    rg_error err = {0};
    char *out = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&out, &len);

    FUZZ_CHECK(mem != NULL);
    render_opts_init(&o);
    o.renderer = renderer;
    o.theme = t;
    o.format = RG_RFMT_DOT;
    o.cluster = RG_CLUSTER_TYPE;
    o.title = "fuzz";
    if (render_write(&graph, NULL, &o, mem, &notes, &err) != RG_OK) {
        fprintf(stderr, "render with an accepted theme failed: %s\n", err.msg);
        FUZZ_CHECK(!"an accepted theme renders");
    }
    fclose(mem);
    free(out);
    rg_strlist_free(&notes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    rg_theme t;
    rg_error err = {0};

    if (theme_parse(text, "theme.json", &t, &err) == RG_OK) {
        check_styles(&t);
        render_with(&t);
        theme_free(&t);
    } else {
        FUZZ_CHECK(err.msg[0] != '\0');
    }
    free(text);
    return 0;
}
