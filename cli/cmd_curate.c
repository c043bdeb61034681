/*
 * cmd_curate.c - curation of the graph by an analyst: `alias` (another name
 * for an entity), `merge` (two entities that are one thing in the world)
 * and `rm` (entities or links that should not be there).
 *
 * Each command is one write transaction (session.h): `rm e1 e2 e3` removes
 * all three or, when one of them is unknown, none.  Entities are named as
 * everywhere else (id, name or alias through the fold); an unknown or
 * ambiguous name fails with the store's "did you mean" list.
 */
#include <stdlib.h>
#include <string.h>

#include "session.h"

/* Prints "Name (type, e12)". */
static void print_entity_label(FILE *f, const rg_entity *e)
{
    cli_print_clean(f, e->name, false);
    fprintf(f, " (%s, e%lld)", e->type, (long long)e->id);
}

static rg_status resolve_and_get(rg_store *st, const char *what, rg_entity *e, rg_error *err)
{
    rg_id id;
    rg_status rc = store_resolve_entity(st, what, &id, err);

    if (rc == RG_OK)
        rc = store_get_entity(st, id, e, err);
    return rc;
}

/* Parses options that none of these commands has (only --help, which
 * main.c handles): anything else is an unknown option. */
static bool no_options(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{0, 0, 0, 0}};

    cli_opt_reset();
    return cli_next_option(ctx, argc, argv, "", opts) == -1;
}

/* ---- alias ------------------------------------------------------------------- */

static const char alias_help[] =
    "usage: relgraph alias ENTITY ALIAS...\n"
    "\n"
    "Adds one or more aliases (other names) to an entity, so that lookups by\n"
    "those names find it.  Names are compared folded: an alias that folds like\n"
    "the entity's name or an alias it already has changes nothing, and one that\n"
    "another entity of the same type answers to is refused.\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "\n"
    "Example:\n"
    "  relgraph alias 'Thành phố Hồ Chí Minh' TP.HCM 'Sài Gòn'\n";

static rg_status add_aliases(rg_store *st, FILE *out, const char *what, char **aliases,
                             int n, rg_error *err)
{
    rg_entity e = {0};
    rg_status rc = resolve_and_get(st, what, &e, err);

    for (int i = 0; rc == RG_OK && i < n; i++)
        rc = store_add_alias(st, e.id, aliases[i], err);
    if (rc == RG_OK) {
        print_entity_label(out, &e);
        fputs(n == 1 ? ": added alias " : ": added aliases ", out);
        for (int i = 0; i < n; i++) {
            fputs(i ? ", '" : "'", out);
            cli_print_clean(out, aliases[i], false);
            fputc('\'', out);
        }
        fputc('\n', out);
    }
    rg_entity_clear(&e);
    return rc;
}

static int run_alias(cli_ctx *ctx, int argc, char **argv)
{
    rg_error err = {0};
    cli_session s;
    int code;

    if (!no_options(ctx, argc, argv))
        return CLI_USAGE;
    if (argc - optind < 2)
        return cli_usage(ctx, "alias", "needs an ENTITY and at least one ALIAS");
    for (int i = optind; i < argc; i++)
        if (cli_check_text(i == optind ? "alias: ENTITY" : "alias: ALIAS", argv[i], &err) !=
            RG_OK)
            return cli_fail(ctx, &err);
    code = cli_session_write(ctx, &s);
    if (code != CLI_OK)
        return code;
    return cli_session_end(ctx, &s, add_aliases(s.st, s.out, argv[optind], argv + optind + 1,
                                                argc - optind - 1, &err),
                           &err);
}

const cli_command cli_cmd_alias = {"alias", run_alias, "give an entity another name",
                                   alias_help};

/* ---- merge ------------------------------------------------------------------- */

static const char merge_help[] =
    "usage: relgraph merge KEEP OTHER\n"
    "\n"
    "Merges entity OTHER into KEEP when both are one thing in the world: OTHER's\n"
    "name and aliases become aliases of KEEP, its links move to KEEP (links that\n"
    "become duplicates are merged, evidence and topics united, the earliest\n"
    "date kept; a link between the two disappears), and OTHER is deleted.\n"
    "Both must have the same type.\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "\n"
    "Example:\n"
    "  relgraph merge 'Thành phố Hồ Chí Minh' 'Sài Gòn'\n";

static rg_status merge_two(rg_store *st, FILE *out, const char *keep_text,
                           const char *other_text, rg_error *err)
{
    rg_entity keep = {0}, other = {0};
    rg_status rc = resolve_and_get(st, keep_text, &keep, err);

    if (rc == RG_OK)
        rc = resolve_and_get(st, other_text, &other, err);
    if (rc != RG_OK)
        goto done;
    if (keep.id == other.id) {
        rc = rg_fail(err, RG_ERR_INVALID, "merge: '%s' and '%s' are the same entity (e%lld)",
                     keep_text, other_text, (long long)keep.id);
        goto done;
    }
    /* Links of other were checked against other's type; moving them onto
     * an entity of another type could make them break the schema. */
    if (strcmp(keep.type, other.type) != 0) {
        rc = rg_fail(err, RG_ERR_SCHEMA,
                     "merge: e%lld is a %s but e%lld is a %s; only entities of the same "
                     "type can be merged", (long long)keep.id, keep.type,
                     (long long)other.id, other.type);
        goto done;
    }
    rc = store_merge_entities(st, keep.id, other.id, err);
    if (rc == RG_OK) {
        fputs("merged ", out);
        print_entity_label(out, &other);
        fputs(" into ", out);
        print_entity_label(out, &keep);
        fputc('\n', out);
    }
done:
    rg_entity_clear(&keep);
    rg_entity_clear(&other);
    return rc;
}

static int run_merge(cli_ctx *ctx, int argc, char **argv)
{
    rg_error err = {0};
    cli_session s;
    int code;

    if (!no_options(ctx, argc, argv))
        return CLI_USAGE;
    if (argc - optind != 2)
        return cli_usage(ctx, "merge", argc - optind < 2 ? "needs two entities, KEEP and OTHER"
                                                         : "needs exactly two entities");
    for (int i = optind; i < argc; i++)
        if (cli_check_text(i == optind ? "merge: KEEP" : "merge: OTHER", argv[i], &err) !=
            RG_OK)
            return cli_fail(ctx, &err);
    code = cli_session_write(ctx, &s);
    if (code != CLI_OK)
        return code;
    return cli_session_end(ctx, &s, merge_two(s.st, s.out, argv[optind], argv[optind + 1], &err),
                           &err);
}

const cli_command cli_cmd_merge = {"merge", run_merge, "merge two entities that are one",
                                   merge_help};

/* ---- rm ------------------------------------------------------------------------ */

static const char rm_help[] =
    "usage: relgraph rm entity ENTITY...\n"
    "       relgraph rm link LINK_ID...\n"
    "\n"
    "Removes entities (with their aliases and every link that touches them) or\n"
    "links (with their evidence).  All or nothing: if one of them does not\n"
    "exist, nothing is removed.  ENTITY is an id (e12), a name or an alias;\n"
    "LINK_ID is a link id as 'relgraph links' prints it (l7, or 7).\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "\n"
    "Examples:\n"
    "  relgraph rm entity 'Sài Gòn' e17\n"
    "  relgraph rm link l7 l9\n";

/* Resolves every name first (so a typo anywhere fails before anything is
 * removed, and an entity named twice is removed once), then removes. */
static rg_status remove_entities(rg_store *st, FILE *out, char **what, int n, rg_error *err)
{
    rg_id *ids = calloc((size_t)n, sizeof *ids);
    size_t n_ids = 0;
    rg_status rc = ids ? RG_OK : rg_fail(err, RG_ERR_NOMEM, "out of memory");

    for (int i = 0; rc == RG_OK && i < n; i++) {
        rg_id id;
        bool dup = false;
        rc = store_resolve_entity(st, what[i], &id, err);
        for (size_t j = 0; rc == RG_OK && j < n_ids; j++)
            dup = dup || ids[j] == id;
        if (rc == RG_OK && !dup)
            ids[n_ids++] = id;
    }
    for (size_t i = 0; rc == RG_OK && i < n_ids; i++) {
        rg_entity e = {0};
        rg_graph links = {0};
        rc = store_get_entity(st, ids[i], &e, err);
        if (rc == RG_OK)
            rc = store_list_links(st, NULL, e.id, &links, err);
        if (rc == RG_OK)
            rc = store_remove_entity(st, e.id, err);
        if (rc == RG_OK) {
            fputs("removed entity ", out);
            print_entity_label(out, &e);
            fprintf(out, " and its %zu link%s\n", links.n_links, links.n_links == 1 ? "" : "s");
        }
        rg_entity_clear(&e);
        rg_graph_free(&links);
    }
    free(ids);
    return rc;
}

static rg_status remove_links(rg_store *st, FILE *out, char **what, int n, rg_error *err)
{
    rg_status rc = RG_OK;

    for (int i = 0; rc == RG_OK && i < n; i++) {
        rg_id id;
        if (!cli_parse_id(what[i], 'l', &id))
            return rg_fail(err, RG_ERR_USAGE, "rm: '%s' is not a link id (like l7)", what[i]);
        rc = store_remove_link(st, id, err);
        if (rc == RG_OK)
            fprintf(out, "removed link l%lld\n", (long long)id);
    }
    return rc;
}

static int run_rm(cli_ctx *ctx, int argc, char **argv)
{
    rg_error err = {0};
    bool entities;
    cli_session s;
    rg_id id;
    int code;

    if (!no_options(ctx, argc, argv))
        return CLI_USAGE;
    if (argc - optind < 1)
        return cli_usage(ctx, "rm", "what to remove: 'entity' or 'link'");
    if (strcmp(argv[optind], "entity") == 0)
        entities = true;
    else if (strcmp(argv[optind], "link") == 0)
        entities = false;
    else
        return cli_usage(ctx, "rm", "'%s' is neither 'entity' nor 'link'", argv[optind]);
    if (argc - optind < 2)
        return cli_usage(ctx, "rm", "which %s? (one or more)", argv[optind]);
    for (int i = optind + 1; i < argc; i++) {
        if (!entities && !cli_parse_id(argv[i], 'l', &id))
            return cli_usage(ctx, "rm", "'%s' is not a link id (like l7)", argv[i]);
        if (entities && cli_check_text("rm: ENTITY", argv[i], &err) != RG_OK)
            return cli_fail(ctx, &err);
    }
    code = cli_session_write(ctx, &s);
    if (code != CLI_OK)
        return code;
    return cli_session_end(ctx, &s,
                           entities ? remove_entities(s.st, s.out, argv + optind + 1,
                                                      argc - optind - 1, &err)
                                    : remove_links(s.st, s.out, argv + optind + 1,
                                                   argc - optind - 1, &err),
                           &err);
}

const cli_command cli_cmd_rm = {"rm", run_rm, "remove entities or links", rm_help};
