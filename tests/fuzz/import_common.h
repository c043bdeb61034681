/*
 * import_common.h - the body shared by the import targets (fuzz_import_json,
 * fuzz_import_csv, fuzz_import_graphml): import a file through the format
 * table (core/formats.h) into a fresh store, inside one transaction, as
 * `relgraph import` does.
 *
 * Checked beyond "no crash": a failed import leaves a message; after a
 * successful one the JSON export parses and imports cleanly into another
 * fresh store (whatever import accepts, export must write importably).
 *
 * The default pack is loaded once in LLVMFuzzerInitialize (per-process,
 * read-only fixture).  Each input gets fresh in-memory databases
 * (":memory:"): no input depends on the ones before, nothing touches the
 * disk but the input file itself (the readers take a path).
 */
#ifndef RG_IMPORT_COMMON_H
#define RG_IMPORT_COMMON_H

#include <jansson.h>

#include "../../core/formats.h"
#include "../../core/jsonio.h"
#include "fuzzutil.h"

static rg_pack pack;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rg_error err = {0};
    (void)argc;
    (void)argv;
    fuzz_set_data_dir();
    if (pack_load_default(&pack, &err) != RG_OK)
        fuzz_die("loading the default pack", &err);
    return 0;
}

static rg_store *fresh_store(void)
{
    rg_store *st = NULL;
    rg_error err = {0};
    if (store_open(":memory:", RG_OPEN_CREATE, &pack, &st, &err) != RG_OK)
        fuzz_die("opening an in-memory store", &err);
    return st;
}

/* Exports st as JSON and imports that into a fresh store: must succeed. */
static void check_round_trip(rg_store *st)
{
    rg_store *again = fresh_store();
    rg_error err = {0};
    char *out = NULL;
    size_t out_len = 0;
    FILE *mem = open_memstream(&out, &out_len);
    json_t *parsed;

    FUZZ_CHECK(mem != NULL);
    FUZZ_CHECK(jsonio_export(st, mem, &err) == RG_OK);
    fclose(mem);
    FUZZ_CHECK((parsed = json_loadb(out, out_len, 0, NULL)) != NULL);
    json_decref(parsed);
    FUZZ_CHECK((mem = fmemopen(out, out_len, "r")) != NULL);
    FUZZ_CHECK(store_begin(again, &err) == RG_OK);
    if (jsonio_import(again, mem, "export", NULL, &err) != RG_OK) {
        fprintf(stderr, "re-import of the export failed: %s\n", err.msg);
        FUZZ_CHECK(!"export of an imported file imports again");
    }
    FUZZ_CHECK(store_commit(again, &err) == RG_OK);
    fclose(mem);
    free(out);
    store_close(again);
}

/* Imports path with format `name` into a fresh store. */
static void import_and_check(const char *name, const char *path)
{
    const rg_format *f = format_find(name);
    rg_store *st = fresh_store();
    rg_import_counts counts = {0};
    rg_strlist warnings = {0};
    rg_error err = {0};

    FUZZ_CHECK(f && store_begin(st, &err) == RG_OK);
    if (format_import(f, st, path, &counts, &warnings, &err) != RG_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        store_rollback(st);
        goto done;
    }
    FUZZ_CHECK(store_commit(st, &err) == RG_OK);
    check_round_trip(st);
done:
    rg_strlist_free(&warnings);
    store_close(st);
}

#endif
