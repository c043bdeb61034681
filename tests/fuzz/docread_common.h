/*
 * docread_common.h - the body shared by fuzz_docread_html.c and
 * fuzz_docread_json.c: read the input as one file of FUZZ_DOC_FORMAT with
 * docread_memory, check what docread.h promises about every document, and
 * hand each document to the builder's extraction (the text HTML and JSON
 * readers produce is what the builder then trusts).
 *
 * The default pack and builder are loaded once in LLVMFuzzerInitialize: a
 * read-only per-process fixture (compiling them takes about a second).
 */
#ifndef RG_DOCREAD_COMMON_H
#define RG_DOCREAD_COMMON_H

#include <ctype.h>

#include "../../core/builder.h"
#include "../../core/docread.h"
#include "fuzzutil.h"

/* Small enough that the limit path is reached by the fuzzer too. */
#define FUZZ_DOC_MAX 4096

static rg_pack pack;
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

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" */
static int date_shaped(const char *d)
{
    size_t n = strlen(d);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? d[i] != '-' : !isdigit((unsigned char)d[i]))
            return 0;
    return 1;
}

static void check_doc(const rg_input_doc *d)
{
    rg_graph g = {0};
    rg_error err = {0};

    FUZZ_CHECK(d->name && d->raw && d->text);
    FUZZ_CHECK(d->raw[d->raw_len] == '\0' && d->text[d->text_len] == '\0');
    FUZZ_CHECK(strncmp(d->hash, "sha256:", 7) == 0 && strlen(d->hash) == 71);
    FUZZ_CHECK(!d->date || date_shaped(d->date));
    FUZZ_CHECK(d->text_len <= FUZZ_DOC_MAX);
    if (d->text_aligned)
        FUZZ_CHECK(d->text_offset + d->text_len <= d->raw_len);
    if (builder_extract_doc(builder, d, &g, &err) != RG_OK)
        FUZZ_CHECK(err.msg[0] != '\0');
    rg_graph_free(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rg_input_docs docs = {0};
    rg_error err = {0};

    if (docread_memory(FUZZ_DOC_NAME, FUZZ_DOC_FORMAT, (const char *)data, size, FUZZ_DOC_MAX,
                       &docs, &err) != RG_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        FUZZ_CHECK(docs.n == 0 && docs.docs == NULL);
        return 0;
    }
    FUZZ_CHECK(docs.n >= 1);
    for (size_t i = 0; i < docs.n; i++)
        check_doc(&docs.docs[i]);
    rg_input_docs_free(&docs);
    return 0;
}

#endif
