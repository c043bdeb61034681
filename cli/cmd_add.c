/*
 * cmd_add.c - `relgraph add entity` and `relgraph add link`: an analyst's
 * hand-made additions to the graph.
 *
 * Both run as one write transaction (session.h): the entity with all its
 * aliases and attributes, or the link with its topics and evidence, is added
 * completely or not at all.  Values that can be checked without the
 * database (a --attr that is not KEY=JSON, a --date that is not a date) are
 * usage errors (exit 2); what the database or the domain pack refuses
 * (unknown type, unknown entity, a link the schema forbids) is exit 1.
 * Endpoints are resolved with store_resolve_entity, so "e12", a name or any
 * alias in any spelling that folds the same will do.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fold.h"
#include "session.h"

static const char add_help[] =
    "usage: relgraph add entity TYPE NAME [--alias A]... [--attr KEY=JSON]...\n"
    "       relgraph add link TYPE FROM TO [--date D] [--topic T]... [--evidence TEXT]\n"
    "\n"
    "Adds an entity or a link by hand.  TYPE is a type of the domain pack\n"
    "(entities: city, country, agency, forum, event, person; links: sister_city,\n"
    "cooperates_with, signed_with, member_of, located_in, part_of, organizes,\n"
    "participates_in, visited, leads, supports).  FROM and TO are entity ids\n"
    "(e12) or names or aliases, in any case and with or without diacritics.\n"
    "Adding a link that exists merges into it (topics united, a missing date set).\n"
    "A missing database is created.\n"
    "\n"
    "Options for entities:\n"
    "  -a, --alias A         another name for the entity (repeatable)\n"
    "  --attr KEY=JSON       an attribute; the value is JSON: 1995, \"text\", [..]\n"
    "Options for links:\n"
    "  --date D              when it began or happened: YYYY, YYYY-MM or YYYY-MM-DD\n"
    "  -t, --topic T         what it is about (repeatable, or comma-separated)\n"
    "  -e, --evidence TEXT   the sentence that states it\n"
    "  -h, --help            show this help\n"
    "\n"
    "Examples:\n"
    "  relgraph add entity city 'Thành phố Hồ Chí Minh' --alias TP.HCM --alias TPHCM\n"
    "  relgraph add entity forum 'C40 Cities' --attr 'founded=2005'\n"
    "  relgraph add link sister_city tphcm 'San Francisco' --date 1995 \\\n"
    "      --evidence 'TP.HCM và San Francisco kết nghĩa năm 1995.'\n";

enum { OPT_ATTR = 256, OPT_DATE };

/* Parses "KEY=JSON" into obj[KEY]; prints a usage error and returns false
 * when it is not that. */
static bool add_attr(cli_ctx *ctx, json_t *obj, const char *arg)
{
    const char *eq = strchr(arg, '=');
    json_error_t jerr;
    json_t *value;
    char *key;

    if (!eq || eq == arg) {
        cli_usage(ctx, "add", "--attr '%s' is not KEY=JSON", arg);
        return false;
    }
    value = json_loads(eq + 1, JSON_DECODE_ANY, &jerr);
    if (!value) {
        cli_usage(ctx, "add", "--attr %.*s: the value is not JSON (%s); quote text: "
                  "--attr '%.*s=\"%s\"'", (int)(eq - arg), arg, jerr.text,
                  (int)(eq - arg), arg, eq + 1);
        return false;
    }
    key = strndup(arg, (size_t)(eq - arg));
    if (!key || json_object_set_new(obj, key, value) != 0) {
        free(key);
        cli_usage(ctx, "add", "--attr '%s': the key is not valid UTF-8", arg);
        return false;
    }
    free(key);
    return true;
}

static int add_entity(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"alias", required_argument, NULL, 'a'},
        {"attr", required_argument, NULL, OPT_ATTR},
        {0, 0, 0, 0}};
    rg_strlist aliases = {0};
    json_t *attrs = json_object();
    char *attrs_text = NULL;
    const char *type, *name;
    rg_error err = {0};
    rg_status rc = RG_OK;
    cli_session s;
    rg_id id = 0;
    int code = CLI_USAGE, c;

    if (!attrs)
        return CLI_RUNTIME;
    cli_opt_reset();
    while ((c = cli_next_option(ctx, argc, argv, "a:", opts)) != -1) {
        if (c == 'a') {
            rc = cli_check_text("add entity: alias", optarg, &err);
            if (rc == RG_OK && rg_strlist_push(&aliases, optarg) != RG_OK)
                rc = rg_fail(&err, RG_ERR_NOMEM, "out of memory");
            if (rc != RG_OK) {
                code = cli_fail(ctx, &err);
                goto done;
            }
        } else if (c == OPT_ATTR) {
            if (!add_attr(ctx, attrs, optarg))
                goto done;
        } else {
            goto done;
        }
    }
    /* argv[optind] is "entity" */
    if (argc - optind < 3) {
        cli_usage(ctx, "add", "add entity needs TYPE and NAME");
        goto done;
    }
    if (argc - optind > 3) {
        cli_usage(ctx, "add", "unexpected argument '%s'", argv[optind + 3]);
        goto done;
    }
    type = argv[optind + 1];
    name = argv[optind + 2];
    if (cli_check_text("add entity: name", name, &err) != RG_OK) {
        code = cli_fail(ctx, &err);
        goto done;
    }
    if (json_object_size(attrs) > 0) {
        attrs_text = json_dumps(attrs, JSON_SORT_KEYS | JSON_COMPACT);
        if (!attrs_text) {
            code = CLI_RUNTIME;
            goto done;
        }
    }
    code = cli_session_write(ctx, &s);
    if (code != CLI_OK)
        goto done;
    rc = pack_check_entity_type(store_pack(s.st), type, &err);
    if (rc == RG_OK)
        rc = store_add_entity(s.st, type, name, &aliases, attrs_text, 0, &id, &err);
    if (rc == RG_OK) {
        fprintf(s.out, "added entity e%lld: ", (long long)id);
        cli_print_clean(s.out, name, false);
        fprintf(s.out, " (%s)\n", type);
    }
    code = cli_session_end(ctx, &s, rc, &err);
done:
    rg_strlist_free(&aliases);
    json_decref(attrs);
    free(attrs_text);
    return code;
}

/* Prints "Name (type, e12)" for an entity of the store. */
static void print_endpoint(FILE *f, rg_store *st, rg_id id)
{
    rg_entity e = {0};

    if (store_get_entity(st, id, &e, NULL) == RG_OK) {
        cli_print_clean(f, e.name, false);
        fprintf(f, " (%s, e%lld)", e.type, (long long)id);
    } else {
        fprintf(f, "e%lld", (long long)id);
    }
    rg_entity_clear(&e);
}

/* Evidence typed by hand has no document (doc 0), so its offsets mean
 * nothing; but the store keeps one evidence per (link, doc, start, end).
 * Hand-typed sentences are therefore laid end to end, as in a notebook of
 * the link: each starts after the last one, and the same sentence typed
 * twice is kept once. */
static rg_status add_typed_evidence(rg_store *st, rg_id link, const char *text, rg_error *err)
{
    rg_link l = {0};
    int64_t start = 0;
    bool seen = false;
    rg_status rc = store_get_link(st, link, &l, err);

    for (size_t i = 0; rc == RG_OK && l.evidence && i < l.n_evidence; i++) {
        const rg_evidence *x = &l.evidence[i];
        if (x->doc != 0)
            continue;
        if (x->text && strcmp(x->text, text) == 0)
            seen = true;
        if (x->end + 1 > start)
            start = x->end + 1;
    }
    if (rc == RG_OK && !seen)
        rc = store_add_evidence(st, link, 0, start,
                                start + (int64_t)text_utf8_count(text, strlen(text)), text, err);
    rg_link_clear(&l);
    return rc;
}

static rg_status insert_link(rg_store *st, FILE *out, const char *type, const char *from,
                             const char *to, const char *date, const rg_strlist *topics,
                             const char *evidence, rg_error *err)
{
    rg_id source, target, link;
    const rg_link_type *lt;
    bool created = false;
    rg_status rc;

    lt = pack_link_type(store_pack(st), type);
    if (!lt)
        /* pack_check_link words "unknown link type" with the valid list */
        return pack_check_link(store_pack(st), type, "", "", err);
    rc = store_resolve_entity(st, from, &source, err);
    if (rc == RG_OK)
        rc = store_resolve_entity(st, to, &target, err);
    if (rc == RG_OK)
        rc = store_add_link(st, type, source, target, date, topics, NULL, 0, &link,
                            &created, err);
    if (rc == RG_OK && evidence)
        rc = add_typed_evidence(st, link, evidence, err);
    if (rc != RG_OK)
        return rc;
    fprintf(out, "%s link l%lld: ", created ? "added" : "merged into", (long long)link);
    print_endpoint(out, st, source);
    fprintf(out, " %s %s ", type, lt->symmetric ? "<->" : "->");
    print_endpoint(out, st, target);
    if (date && *date)
        fprintf(out, ", %s", date);
    fputc('\n', out);
    return RG_OK;
}

static int add_link(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"date", required_argument, NULL, OPT_DATE},
        {"topic", required_argument, NULL, 't'},
        {"evidence", required_argument, NULL, 'e'},
        {0, 0, 0, 0}};
    rg_strlist topics = {0};
    const char *date = NULL, *evidence = NULL;
    rg_error err = {0};
    rg_status rc;
    cli_session s;
    int code = CLI_USAGE, c;

    cli_opt_reset();
    while ((c = cli_next_option(ctx, argc, argv, "t:e:", opts)) != -1) {
        if (c == OPT_DATE) {
            date = optarg;
        } else if (c == 't') {
            rc = cli_check_text("add link: topic", optarg, &err);
            if (rc == RG_OK && cli_split_list(optarg, &topics) != RG_OK)
                rc = rg_fail(&err, RG_ERR_NOMEM, "out of memory");
            if (rc != RG_OK) {
                code = cli_fail(ctx, &err);
                goto done;
            }
        } else if (c == 'e') {
            evidence = optarg;
        } else {
            goto done;
        }
    }
    if (argc - optind < 4) {
        cli_usage(ctx, "add", "add link needs TYPE, FROM and TO");
        goto done;
    }
    if (argc - optind > 4) {
        cli_usage(ctx, "add", "unexpected argument '%s'", argv[optind + 4]);
        goto done;
    }
    if (date && *date && !rg_date_valid(date)) {
        cli_usage(ctx, "add", "--date '%s' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)",
                  date);
        goto done;
    }
    if (evidence && cli_check_text("add link: evidence", evidence, &err) != RG_OK) {
        code = cli_fail(ctx, &err);
        goto done;
    }
    for (int i = 2; i <= 3; i++)
        if (cli_check_text(i == 2 ? "add link: FROM" : "add link: TO", argv[optind + i],
                           &err) != RG_OK) {
            code = cli_fail(ctx, &err);
            goto done;
        }
    code = cli_session_write(ctx, &s);
    if (code != CLI_OK)
        goto done;
    rc = insert_link(s.st, s.out, argv[optind + 1], argv[optind + 2], argv[optind + 3], date,
                     &topics, evidence, &err);
    code = cli_session_end(ctx, &s, rc, &err);
done:
    rg_strlist_free(&topics);
    return code;
}

static int run_add(cli_ctx *ctx, int argc, char **argv)
{
    /* The kind comes first ("add entity ..."); the kind's parser then sees
     * all of argv, so options may stand anywhere after it. */
    if (argc < 2)
        return cli_usage(ctx, "add", "what to add: 'entity' or 'link'");
    if (strcmp(argv[1], "entity") == 0)
        return add_entity(ctx, argc, argv);
    if (strcmp(argv[1], "link") == 0)
        return add_link(ctx, argc, argv);
    return cli_usage(ctx, "add", "'%s' is neither 'entity' nor 'link'", argv[1]);
}

const cli_command cli_cmd_add = {"add", run_add, "add an entity or a link by hand", add_help};
