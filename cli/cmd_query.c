/*
 * cmd_query.c - the read commands over the store: `entities`, `links`,
 * `show` (an entity card) and `stats`.
 *
 * Each opens the database read-only (a missing one is an error, never
 * created) and prints either text for a terminal or, with --json, one JSON
 * document built with jansson.  Names, aliases and evidence come from
 * documents, so on the terminal they pass through cli_print_clean; JSON
 * output needs no such care (jansson escapes control characters).
 * Entity and document names for link endpoints and evidence come from one
 * store_load_graph with flags RG_LOAD_DOCUMENTS: ids, types, names and the
 * documents table, cheap even for a large graph.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

/* ---- shared pieces ------------------------------------------------------- */

static char *id_text(char *buf, size_t n, char prefix, rg_id id)
{
    snprintf(buf, n, "%c%lld", prefix, (long long)id);
    return buf;
}

static json_t *json_id(char prefix, rg_id id)
{
    char buf[32];
    return json_string(id_text(buf, sizeof buf, prefix, id));
}

static json_t *json_strlist(const rg_strlist *list)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < list->len; i++)
        json_array_append_new(a, json_string(list->items[i]));
    return a;
}

static json_t *json_attrs(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;

    if (!json_is_object(v)) {
        json_decref(v);
        v = json_object();
    }
    return v;
}

static json_t *entity_json(const rg_entity *e)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_id('e', e->id));
    json_object_set_new(o, "type", json_string(e->type));
    json_object_set_new(o, "name", json_string(e->name));
    json_object_set_new(o, "aliases", json_strlist(&e->aliases));
    json_object_set_new(o, "attrs", json_attrs(e->attrs));
    return o;
}

static const char *entity_name(const rg_graph *names, rg_id id)
{
    const rg_entity *e = rg_graph_entity(names, id);
    return e ? e->name : "?";
}

static const char *doc_name(const rg_graph *names, rg_id id)
{
    const rg_document *d = id ? rg_graph_document(names, id) : NULL;
    return d ? d->name : NULL;
}

/* A link as JSON, with the endpoints' and documents' names beside their ids
 * (what a script needs without a second query). */
static json_t *link_json(const rg_link *l, const rg_graph *names)
{
    json_t *o = json_object(), *ev = json_array();

    json_object_set_new(o, "id", json_id('l', l->id));
    json_object_set_new(o, "type", json_string(l->type));
    json_object_set_new(o, "source", json_id('e', l->source));
    json_object_set_new(o, "source_name", json_string(entity_name(names, l->source)));
    json_object_set_new(o, "target", json_id('e', l->target));
    json_object_set_new(o, "target_name", json_string(entity_name(names, l->target)));
    json_object_set_new(o, "date", l->date[0] ? json_string(l->date) : json_null());
    json_object_set_new(o, "topics", json_strlist(&l->topics));
    json_object_set_new(o, "attrs", json_attrs(l->attrs));
    for (size_t i = 0; i < l->n_evidence && l->evidence; i++) {
        const rg_evidence *x = &l->evidence[i];
        const char *dn = doc_name(names, x->doc);
        json_t *e = json_object();
        json_object_set_new(e, "doc", x->doc ? json_id('d', x->doc) : json_null());
        json_object_set_new(e, "doc_name", dn ? json_string(dn) : json_null());
        json_object_set_new(e, "start", json_integer(x->start));
        json_object_set_new(e, "end", json_integer(x->end));
        json_object_set_new(e, "text", json_string(x->text ? x->text : ""));
        json_array_append_new(ev, e);
    }
    json_object_set_new(o, "evidence", ev);
    return o;
}

/* Prints a JSON document (consumed) with a trailing newline. */
static rg_status print_json(FILE *f, json_t *doc, rg_error *err)
{
    int bad = !doc || json_dumpf(doc, f, JSON_INDENT(2)) != 0 || fputc('\n', f) == EOF;

    json_decref(doc);
    return bad ? rg_fail(err, RG_ERR_IO, "cannot write the JSON output") : RG_OK;
}

static void print_list(FILE *f, const rg_strlist *list)
{
    for (size_t i = 0; i < list->len; i++) {
        if (i)
            fputs(", ", f);
        cli_print_clean(f, list->items[i], false);
    }
}

static rg_status add_document_name(void *ctx, const rg_document *d, rg_error *err)
{
    if (rg_graph_add_document(ctx, d) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    return RG_OK;
}

static rg_status add_entity_name(rg_store *st, rg_graph *names, rg_id id, rg_error *err)
{
    rg_entity e = {0};
    rg_status rc;

    for (size_t i = 0; i < names->n_entities; i++)
        if (names->entities[i].id == id)
            return RG_OK;
    rc = store_get_entity(st, id, &e, err);
    if (rc == RG_OK && rg_graph_add_entity(names, &e) != RG_OK)
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
    rg_entity_clear(&e);
    return rc;
}

/* The names of the entities and documents that the links in g mention.
 * For a few links (an entity's card) only their endpoints are looked up,
 * so `show` stays instant on a graph of a million links; for many, the
 * whole name table is loaded at once. */
#define FEW_LINKS 200

static rg_status load_names(rg_store *st, const rg_graph *g, rg_graph *names, rg_error *err)
{
    rg_status rc = RG_OK;

    if (g->n_links > FEW_LINKS)
        return store_load_graph(st, RG_LOAD_DOCUMENTS, names, err);
    for (size_t i = 0; rc == RG_OK && i < g->n_links; i++) {
        rc = add_entity_name(st, names, g->links[i].source, err);
        if (rc == RG_OK)
            rc = add_entity_name(st, names, g->links[i].target, err);
    }
    if (rc == RG_OK)
        rc = store_each_document(st, add_document_name, names, err);
    rg_graph_sort(names);
    return rc;
}

static rg_status check_link_type(rg_store *st, const char *type, rg_error *err)
{
    if (!type || pack_link_type(store_pack(st), type))
        return RG_OK;
    return pack_check_link(store_pack(st), type, "", "", err);
}

/* ---- entities -------------------------------------------------------------- */

static const char entities_help[] =
    "usage: relgraph entities [--type T] [--match TEXT] [--json]\n"
    "\n"
    "Lists entities in id order: id, type, name and aliases.  --match keeps\n"
    "those whose name or an alias contains TEXT, compared folded (case,\n"
    "diacritics and punctuation ignored, so 'ho chi minh' finds 'Hồ Chí Minh').\n"
    "\n"
    "Options:\n"
    "  -t, --type T       only entities of type T (city, country, agency, ...)\n"
    "  -m, --match TEXT   only entities whose name or alias contains TEXT\n"
    "  --json             a JSON array of {id, type, name, aliases, attrs}\n"
    "  -h, --help         show this help\n"
    "\n"
    "Example:\n"
    "  relgraph entities --type city --match 'da nang'\n";

enum { OPT_JSON = 256 };

static rg_status list_entities(rg_store *st, FILE *out, const char *type, const char *match,
                               bool as_json, rg_error *err)
{
    rg_graph g = {0};
    rg_status rc = RG_OK;

    if (type)
        rc = pack_check_entity_type(store_pack(st), type, err);
    if (rc == RG_OK)
        rc = store_list_entities(st, type, match, &g, err);
    if (rc != RG_OK)
        goto done;
    if (as_json) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < g.n_entities; i++)
            json_array_append_new(a, entity_json(&g.entities[i]));
        rc = print_json(out, a, err);
        goto done;
    }
    for (size_t i = 0; i < g.n_entities; i++) {
        const rg_entity *e = &g.entities[i];
        char id[32];
        fprintf(out, "%-6s %-8s ", id_text(id, sizeof id, 'e', e->id), e->type);
        cli_print_clean(out, e->name, false);
        if (e->aliases.len) {
            fputs("  (also: ", out);
            print_list(out, &e->aliases);
            fputc(')', out);
        }
        fputc('\n', out);
    }
done:
    rg_graph_free(&g);
    return rc;
}

/* The options of the two list commands: -t/--type T, one filter taking a
 * value (short option `filter`: --match for entities, --entity for links)
 * and --json; no operands.  CLI_OK, or CLI_USAGE after the message. */
static int parse_list_options(cli_ctx *ctx, const char *cmd, int argc, char **argv,
                              const struct option *opts, char filter, const char **type,
                              const char **filter_arg, bool *as_json)
{
    char shortopts[] = {'t', ':', filter, ':', '\0'};
    int c;

    cli_opt_reset();
    while ((c = cli_next_option(ctx, argc, argv, shortopts, opts)) != -1) {
        if (c == 't')
            *type = optarg;
        else if (c == filter)
            *filter_arg = optarg;
        else if (c == OPT_JSON)
            *as_json = true;
        else
            return CLI_USAGE;
    }
    if (optind < argc)
        return cli_usage(ctx, cmd, "unexpected argument '%s'", argv[optind]);
    return CLI_OK;
}

static int run_entities(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"type", required_argument, NULL, 't'},
        {"match", required_argument, NULL, 'm'},
        {"json", no_argument, NULL, OPT_JSON},
        {0, 0, 0, 0}};
    const char *type = NULL, *match = NULL;
    bool as_json = false;
    rg_error err = {0};
    cli_session s;
    int code;

    code = parse_list_options(ctx, "entities", argc, argv, opts, 'm', &type, &match, &as_json);
    if (code != CLI_OK)
        return code;
    if (match && cli_check_text("entities: --match", match, &err) != RG_OK)
        return cli_fail(ctx, &err);
    code = cli_session_read(ctx, &s);
    if (code != CLI_OK)
        return code;
    return cli_session_end(ctx, &s, list_entities(s.st, s.out, type, match, as_json, &err),
                           &err);
}

const cli_command cli_cmd_entities = {"entities", run_entities, "list entities", entities_help};

/* ---- links ------------------------------------------------------------------- */

static const char links_help[] =
    "usage: relgraph links [--type T] [--entity E] [--json]\n"
    "\n"
    "Lists links in id order: id, type, the two entities ('<->' for symmetric\n"
    "types, '->' for directed ones), date, topics and how many evidence\n"
    "sentences support the link.\n"
    "\n"
    "Options:\n"
    "  -t, --type T       only links of type T (sister_city, member_of, ...)\n"
    "  -e, --entity E     only links touching entity E (an id like e12, a name\n"
    "                     or an alias)\n"
    "  --json             a JSON array of links with their evidence\n"
    "  -h, --help         show this help\n"
    "\n"
    "Example:\n"
    "  relgraph links --type sister_city --entity 'Đà Nẵng'\n";

static void print_link_line(FILE *out, const rg_pack *pack, const rg_link *l,
                            const rg_graph *names)
{
    const rg_link_type *lt = pack_link_type(pack, l->type);
    char id[32], src[32];

    fprintf(out, "%-6s %-15s %s ", id_text(id, sizeof id, 'l', l->id), l->type,
            id_text(src, sizeof src, 'e', l->source));
    cli_print_clean(out, entity_name(names, l->source), false);
    fprintf(out, " %s %s ", lt && !lt->symmetric ? "->" : "<->",
            id_text(id, sizeof id, 'e', l->target));
    cli_print_clean(out, entity_name(names, l->target), false);
    if (l->date[0])
        fprintf(out, "  %s", l->date);
    if (l->topics.len) {
        fputs("  [", out);
        print_list(out, &l->topics);
        fputc(']', out);
    }
    fprintf(out, "  (%zu evidence)\n", l->n_evidence);
}

static rg_status list_links(rg_store *st, FILE *out, const char *type, const char *entity,
                            bool as_json, rg_error *err)
{
    rg_graph g = {0}, names = {0};
    rg_id who = 0;
    rg_status rc;

    rc = check_link_type(st, type, err);
    if (rc == RG_OK && entity)
        rc = store_resolve_entity(st, entity, &who, err);
    if (rc == RG_OK)
        rc = store_list_links(st, type, who, &g, err);
    if (rc == RG_OK)
        rc = load_names(st, &g, &names, err);
    if (rc != RG_OK)
        goto done;
    if (as_json) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < g.n_links; i++)
            json_array_append_new(a, link_json(&g.links[i], &names));
        rc = print_json(out, a, err);
        goto done;
    }
    for (size_t i = 0; i < g.n_links; i++)
        print_link_line(out, store_pack(st), &g.links[i], &names);
done:
    rg_graph_free(&g);
    rg_graph_free(&names);
    return rc;
}

static int run_links(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"type", required_argument, NULL, 't'},
        {"entity", required_argument, NULL, 'e'},
        {"json", no_argument, NULL, OPT_JSON},
        {0, 0, 0, 0}};
    const char *type = NULL, *entity = NULL;
    bool as_json = false;
    rg_error err = {0};
    cli_session s;
    int code;

    code = parse_list_options(ctx, "links", argc, argv, opts, 'e', &type, &entity, &as_json);
    if (code != CLI_OK)
        return code;
    if (entity && cli_check_text("links: --entity", entity, &err) != RG_OK)
        return cli_fail(ctx, &err);
    code = cli_session_read(ctx, &s);
    if (code != CLI_OK)
        return code;
    return cli_session_end(ctx, &s, list_links(s.st, s.out, type, entity, as_json, &err),
                           &err);
}

const cli_command cli_cmd_links = {"links", run_links, "list links", links_help};

/* ---- show ---------------------------------------------------------------------- */

static const char show_help[] =
    "usage: relgraph show ENTITY [--json]\n"
    "\n"
    "Prints an entity's card: its type, aliases and attributes, then every link\n"
    "that touches it, each with the sentences that state it and the documents\n"
    "they come from.  ENTITY is an id (e12), a name or an alias, in any case and\n"
    "with or without diacritics; an unknown name gets a 'did you mean' list.\n"
    "\n"
    "Options:\n"
    "  --json         the card as one JSON object (the entity with a \"links\" array)\n"
    "  -h, --help     show this help\n"
    "\n"
    "Example:\n"
    "  relgraph show 'thanh pho ho chi minh'\n";

static void print_evidence(FILE *out, const rg_evidence *x, const rg_graph *names)
{
    const char *dn = doc_name(names, x->doc);

    fputs("      \"", out);
    cli_print_clean(out, x->text ? x->text : "", false);
    fputs("\"\n        -- ", out);
    if (dn) {
        cli_print_clean(out, dn, false);
        fprintf(out, " (d%lld, characters %lld-%lld)\n", (long long)x->doc,
                (long long)x->start, (long long)x->end);
    } else {
        fputs("typed by hand\n", out);
    }
}

static void print_card_link(FILE *out, const rg_pack *pack, const rg_link *l, rg_id self,
                            const rg_graph *names)
{
    const rg_link_type *lt = pack_link_type(pack, l->type);
    rg_id other = l->source == self ? l->target : l->source;
    const rg_entity *o = rg_graph_entity(names, other);
    const char *arrow = lt && !lt->symmetric ? (l->source == self ? "->" : "<-") : "<->";

    fprintf(out, "  l%lld  %s %s ", (long long)l->id, l->type, arrow);
    cli_print_clean(out, o ? o->name : "?", false);
    fprintf(out, " (%s, e%lld)", o ? o->type : "?", (long long)other);
    if (l->date[0])
        fprintf(out, "  %s", l->date);
    fputc('\n', out);
    if (l->topics.len) {
        fputs("      topics: ", out);
        print_list(out, &l->topics);
        fputc('\n', out);
    }
    for (size_t i = 0; i < l->n_evidence && l->evidence; i++)
        print_evidence(out, &l->evidence[i], names);
}

/* "attrs:   country=VN, lat=16.0544, ..." in key order: strings as they
 * are, other values as JSON; the whole JSON text when it is not an object. */
static void print_attrs(FILE *out, const char *attrs)
{
    json_t *o = json_loads(attrs, 0, NULL);
    const char *key;
    json_t *v;
    bool first = true;

    fputs("  attrs:   ", out);
    if (!json_is_object(o)) {
        cli_print_clean(out, attrs, false);
        fputc('\n', out);
        json_decref(o);
        return;
    }
    json_object_foreach(o, key, v) {
        char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | RG_JSON_REALS);
        fputs(first ? "" : ", ", out);
        cli_print_clean(out, key, false);
        fputc('=', out);
        cli_print_clean(out, json_is_string(v) ? json_string_value(v) : text ? text : "?", false);
        free(text);
        first = false;
    }
    fputc('\n', out);
    json_decref(o);
}

static void print_card(FILE *out, const rg_pack *pack, const rg_entity *e, const rg_graph *g,
                       const rg_graph *names)
{
    cli_print_clean(out, e->name, false);
    fprintf(out, "\n  id:      e%lld\n  type:    %s\n", (long long)e->id, e->type);
    if (e->aliases.len) {
        fputs("  aliases: ", out);
        print_list(out, &e->aliases);
        fputc('\n', out);
    }
    if (e->attrs && strcmp(e->attrs, "{}") != 0)
        print_attrs(out, e->attrs);
    fprintf(out, "  links:   %zu\n", g->n_links);
    for (size_t i = 0; i < g->n_links; i++) {
        fputc('\n', out);
        print_card_link(out, pack, &g->links[i], e->id, names);
    }
}

static rg_status show_entity(rg_store *st, FILE *out, const char *what, bool as_json,
                             rg_error *err)
{
    rg_graph g = {0}, names = {0};
    rg_entity e = {0};
    rg_id id;
    rg_status rc;

    rc = store_resolve_entity(st, what, &id, err);
    if (rc == RG_OK)
        rc = store_get_entity(st, id, &e, err);
    if (rc == RG_OK)
        rc = store_list_links(st, NULL, id, &g, err);
    if (rc == RG_OK)
        rc = load_names(st, &g, &names, err);
    if (rc != RG_OK)
        goto done;
    if (as_json) {
        json_t *o = entity_json(&e), *links = json_array();
        for (size_t i = 0; i < g.n_links; i++)
            json_array_append_new(links, link_json(&g.links[i], &names));
        json_object_set_new(o, "links", links);
        rc = print_json(out, o, err);
    } else {
        print_card(out, store_pack(st), &e, &g, &names);
    }
done:
    rg_entity_clear(&e);
    rg_graph_free(&g);
    rg_graph_free(&names);
    return rc;
}

static int run_show(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {0, 0, 0, 0}};
    bool as_json = false;
    rg_error err = {0};
    cli_session s;
    int c, code;

    cli_opt_reset();
    while ((c = cli_next_option(ctx, argc, argv, "", opts)) != -1) {
        if (c == OPT_JSON)
            as_json = true;
        else
            return CLI_USAGE;
    }
    if (argc - optind < 1)
        return cli_usage(ctx, "show", "which entity? (an id like e12, a name or an alias)");
    if (argc - optind > 1)
        return cli_usage(ctx, "show", "unexpected argument '%s' (quote a name with spaces)",
                         argv[optind + 1]);
    if (cli_check_text("show: ENTITY", argv[optind], &err) != RG_OK)
        return cli_fail(ctx, &err);
    code = cli_session_read(ctx, &s);
    if (code != CLI_OK)
        return code;
    return cli_session_end(ctx, &s, show_entity(s.st, s.out, argv[optind], as_json, &err),
                           &err);
}

const cli_command cli_cmd_show = {"show", run_show, "an entity's card with its links and evidence",
                                  show_help};

/* ---- stats --------------------------------------------------------------------- */

static const char stats_help[] =
    "usage: relgraph stats [--json]\n"
    "\n"
    "Counts what the database holds: entities and links (in total and per\n"
    "type), evidence sentences, documents, aliases, and the range of link dates.\n"
    "\n"
    "Options:\n"
    "  --json         the counts as one JSON object\n"
    "  -h, --help     show this help\n"
    "\n"
    "Example:\n"
    "  relgraph -d cities.db stats\n";

static void print_type_counts(FILE *out, size_t n, const char (*types)[RG_TYPE_MAX],
                              const size_t *counts)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s %zu", i ? ", " : "  (", types[i], counts[i]);
    if (n)
        fputc(')', out);
    fputc('\n', out);
}

static rg_status show_stats(rg_store *st, FILE *out, bool as_json, rg_error *err)
{
    char etypes[64][RG_TYPE_MAX], ltypes[64][RG_TYPE_MAX];
    size_t ecounts[64], lcounts[64];
    rg_stats s;
    rg_status rc = store_stats(st, &s, err);

    if (rc != RG_OK)
        return rc;
    if (s.n_entity_types > 64)
        s.n_entity_types = 64;
    if (s.n_link_types > 64)
        s.n_link_types = 64;
    for (size_t i = 0; i < s.n_entity_types; i++) {
        memcpy(etypes[i], s.entity_types[i].type, RG_TYPE_MAX);
        ecounts[i] = s.entity_types[i].count;
    }
    for (size_t i = 0; i < s.n_link_types; i++) {
        memcpy(ltypes[i], s.link_types[i].type, RG_TYPE_MAX);
        lcounts[i] = s.link_types[i].count;
    }
    if (as_json) {
        json_t *o = json_object(), *et = json_object(), *lt = json_object();
        for (size_t i = 0; i < s.n_entity_types; i++)
            json_object_set_new(et, etypes[i], json_integer((json_int_t)ecounts[i]));
        for (size_t i = 0; i < s.n_link_types; i++)
            json_object_set_new(lt, ltypes[i], json_integer((json_int_t)lcounts[i]));
        json_object_set_new(o, "database", json_string(store_path(st)));
        json_object_set_new(o, "entities", json_integer((json_int_t)s.entities));
        json_object_set_new(o, "links", json_integer((json_int_t)s.links));
        json_object_set_new(o, "evidence", json_integer((json_int_t)s.evidence));
        json_object_set_new(o, "documents", json_integer((json_int_t)s.documents));
        json_object_set_new(o, "aliases", json_integer((json_int_t)s.aliases));
        json_object_set_new(o, "entity_types", et);
        json_object_set_new(o, "link_types", lt);
        json_object_set_new(o, "first_date", s.first_date[0] ? json_string(s.first_date)
                                                             : json_null());
        json_object_set_new(o, "last_date", s.last_date[0] ? json_string(s.last_date)
                                                           : json_null());
        return print_json(out, o, err);
    }
    fputs("database:  ", out);
    cli_print_clean(out, store_path(st), false);
    fprintf(out, "\nentities:  %zu", s.entities);
    print_type_counts(out, s.n_entity_types, (const char (*)[RG_TYPE_MAX])etypes, ecounts);
    fprintf(out, "links:     %zu", s.links);
    print_type_counts(out, s.n_link_types, (const char (*)[RG_TYPE_MAX])ltypes, lcounts);
    fprintf(out, "evidence:  %zu\ndocuments: %zu\naliases:   %zu\n", s.evidence, s.documents,
            s.aliases);
    if (s.first_date[0])
        fprintf(out, "dates:     %s .. %s\n", s.first_date, s.last_date);
    return RG_OK;
}

static int run_stats(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {0, 0, 0, 0}};
    bool as_json = false;
    rg_error err = {0};
    cli_session s;
    int c, code;

    cli_opt_reset();
    while ((c = cli_next_option(ctx, argc, argv, "", opts)) != -1) {
        if (c == OPT_JSON)
            as_json = true;
        else
            return CLI_USAGE;
    }
    if (optind < argc)
        return cli_usage(ctx, "stats", "unexpected argument '%s'", argv[optind]);
    code = cli_session_read(ctx, &s);
    if (code != CLI_OK)
        return code;
    return cli_session_end(ctx, &s, show_stats(s.st, s.out, as_json, &err), &err);
}

const cli_command cli_cmd_stats = {"stats", run_stats, "counts of what the database holds",
                                   stats_help};
