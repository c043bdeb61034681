/*
 * fuzz_builder.c - libFuzzer target for the whole builder on one document:
 * docread (text or Markdown) -> builder_ingest (normalise, scan, discover,
 * resolve, relate) -> the SQLite store -> JSON export.
 *
 * The first byte picks the reader: 'M' Markdown, anything else plain
 * text; the rest is the file.  The default pack and the builder compiled
 * from it (with the gazetteer, about a second) are loaded once in
 * LLVMFuzzerInitialize: a per-process fixture, read-only after that, as
 * in `relgraph ingest`.  Each input gets a fresh in-memory database
 * (":memory:") so no input depends on the ones before it and nothing
 * touches the disk.
 *
 * Checked: ingesting the same document again reports `unchanged`; the
 * export is valid JSON; every link's evidence lies inside the document.
 */
#include <jansson.h>

#include "../../core/builder.h"
#include "../../core/docread.h"
#include "../../core/jsonio.h"
#include "fuzzutil.h"

static rg_pack pack;           /* per-process fixture, see above */
static rg_builder *builder;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rg_error err = {0};
    (void)argc;
    (void)argv;
    fuzz_set_data_dir();
    if (pack_load_default(&pack, &err) != RG_OK)
        fuzz_die("loading the default pack", &err);
    if (builder_new(&pack, &builder, &err) != RG_OK)
        fuzz_die("compiling the builder", &err);
    return 0;
}

/* Code points in the document's file (the builder checked it is UTF-8). */
static size_t code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Extraction alone: evidence offsets count code points of the file. */
static void extract_and_check(const rg_input_doc *doc)
{
    rg_graph g = {0};
    rg_error err = {0};
    size_t cps = code_points(doc->raw, doc->raw_len);

    if (builder_extract_doc(builder, doc, &g, &err) != RG_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        rg_graph_free(&g);
        return;
    }
    for (size_t i = 0; i < g.n_links; i++) {
        FUZZ_CHECK(g.links[i].source >= 1 && (size_t)g.links[i].source <= g.n_entities);
        FUZZ_CHECK(g.links[i].target >= 1 && (size_t)g.links[i].target <= g.n_entities);
        for (size_t k = 0; k < g.links[i].n_evidence; k++) {
            const rg_evidence *ev = &g.links[i].evidence[k];
            FUZZ_CHECK(ev->start >= 0 && ev->start <= ev->end);
            FUZZ_CHECK((size_t)ev->end <= cps);
        }
    }
    rg_graph_free(&g);
}

static void ingest_and_check(const rg_input_doc *doc)
{
    rg_store *st = NULL;
    rg_ingest_result res;
    rg_error err = {0};
    char *out = NULL;
    size_t out_len = 0;
    FILE *mem;
    json_t *parsed;

    if (store_open(":memory:", RG_OPEN_CREATE, &pack, &st, &err) != RG_OK)
        fuzz_die("opening an in-memory store", &err);
    if (builder_ingest(builder, st, doc, &res, &err) != RG_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        goto done;
    }
    FUZZ_CHECK(!res.unchanged && !res.replaced);
    FUZZ_CHECK(builder_ingest(builder, st, doc, &res, &err) == RG_OK);
    FUZZ_CHECK(res.unchanged);
    FUZZ_CHECK((mem = open_memstream(&out, &out_len)) != NULL);
    FUZZ_CHECK(jsonio_export(st, mem, &err) == RG_OK);
    fclose(mem);
    parsed = json_loadb(out, out_len, 0, NULL);
    FUZZ_CHECK(parsed != NULL);
    json_decref(parsed);
done:
    free(out);
    store_close(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rg_input_docs docs = {0};
    rg_error err = {0};
    rg_doc_format format = RG_DOC_TEXT;

    if (size == 0)
        return 0;
    if (data[0] == 'M')
        format = RG_DOC_MARKDOWN;
    if (docread_memory(format == RG_DOC_MARKDOWN ? "doc.md" : "doc.txt", format,
                       (const char *)data + 1, size - 1, RG_BUILDER_MAX_DOC, &docs,
                       &err) != RG_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        FUZZ_CHECK(docs.n == 0);
        return 0;
    }
    FUZZ_CHECK(docs.n == 1);
    extract_and_check(&docs.docs[0]);
    ingest_and_check(&docs.docs[0]);
    rg_input_docs_free(&docs);
    return 0;
}
