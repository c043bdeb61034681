/*
 * fuzz_pack.c - libFuzzer target for domain-pack loading (core/pack.h):
 * pack_load_dir on a folder whose files come from the input.
 *
 * Input: the files' contents separated by "\n--file--\n", in the order
 * schema.json, lexicon.json, triggers.json, discover.json, topics.json; an
 * empty or missing part leaves that file out.  They are written to a
 * folder inside the per-process scratch folder (pack_load_dir takes a
 * folder).  The folder is loaded on its own (a first pack) and, when that
 * works, on top of the default pack (loaded again per input: packs are
 * extended in place, so there is no shared copy to reuse).
 *
 * Checked: a failed load leaves a message and the pack's types unchanged;
 * after a successful one every type lookup and link check works.
 */
#include <sys/stat.h>

#include "../../core/pack.h"
#include "fuzzutil.h"

static const char *const FILES[] = {"schema.json", "lexicon.json", "triggers.json",
                                    "discover.json", "topics.json"};
#define N_FILES (sizeof FILES / sizeof *FILES)

static char default_dir[4200];  /* per-process fixture: the default pack's folder */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rg_error err = {0};
    char data[4096];
    (void)argc;
    (void)argv;
    fuzz_set_data_dir();
    if (pack_data_dir(data, sizeof data, &err) != RG_OK)
        fuzz_die("finding the data folder", &err);
    snprintf(default_dir, sizeof default_dir, "%s/packs/city-diplomacy", data);
    return 0;
}

static void check_pack(const rg_pack *p)
{
    rg_error err = {0};

    FUZZ_CHECK(p->lexicon && p->triggers);
    for (size_t i = 0; i < p->n_entity_types; i++)
        FUZZ_CHECK(pack_entity_type(p, p->entity_types[i].name) != NULL);
    for (size_t i = 0; i < p->n_link_types; i++) {
        const rg_link_type *lt = &p->link_types[i];
        const char *s = lt->source_types.len ? lt->source_types.items[0] : "city";
        const char *t = lt->target_types.len ? lt->target_types.items[0] : "city";
        FUZZ_CHECK(pack_link_type(p, lt->name) != NULL);
        (void)pack_check_link(p, lt->name, s, t, &err);
        (void)pack_check_link(p, lt->name, t, s, &err);
    }
    (void)pack_check_entity_type(p, "no such type", &err);
    FUZZ_CHECK(err.msg[0] != '\0');
}

/* Returns whether dir loaded. */
static int load_and_check(const char *dir, int on_default)
{
    rg_pack p = {0};
    rg_error err = {0};
    size_t n_types = 0, n_links = 0;
    int ok;

    if (on_default && pack_load_dir(&p, default_dir, &err) != RG_OK)
        fuzz_die("loading the default pack", &err);
    n_types = p.n_entity_types;
    n_links = p.n_link_types;
    ok = pack_load_dir(&p, dir, &err) == RG_OK;
    if (!ok) {
        FUZZ_CHECK(err.msg[0] != '\0');
        FUZZ_CHECK(p.n_entity_types == n_types && p.n_link_types == n_links);
    }
    if (p.lexicon)
        check_pack(&p);
    pack_free(&p);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[256], name[64];
    const uint8_t *part = data, *rest;
    size_t part_len, rest_len = size;

    snprintf(dir, sizeof dir, "%s/pack", fuzz_scratch_dir());
    mkdir(dir, 0700);
    for (size_t i = 0; i < N_FILES; i++) {
        snprintf(name, sizeof name, "pack/%s", FILES[i]);
        if (part)
            fuzz_split(part, rest_len, "\n--file--\n", &part_len, &rest, &rest_len);
        if (part && part_len)
            fuzz_write_file(name, part, part_len);
        else
            fuzz_remove_file(name);
        part = rest;
    }
    /* extending the default pack costs a parse of its 180 KB lexicon:
     * worth it only for folders that load on their own */
    if (load_and_check(dir, 0))
        load_and_check(dir, 1);
    return 0;
}
