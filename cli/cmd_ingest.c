/*
 * cmd_ingest.c - `relgraph ingest PATH... | -`: build the graph from
 * documents.
 *
 * Paths are files or folders (walked recursively, in name order, hidden
 * entries skipped); "-" reads one document from stdin.  Each document is
 * read, checked and extracted, then stored atomically in an ingest session
 * (builder.h), which commits documents in groups: a bad document is
 * reported ("relgraph: FILE: why") and skipped, nothing of it stored, while
 * the others are stored; the exit status is 1 when any failed.  The same content again changes nothing; a changed file under the
 * same name replaces what its old version contributed.  On a terminal, a
 * progress line on stderr counts files, megabytes, entities and links; the
 * final summary goes to stdout (or as JSON with --json).
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/builder.h"
#include "../core/docread.h"
#include "session.h"

static const char ingest_help[] =
    "usage: relgraph [-d DB] [--pack DIR] ingest [--quiet] [--json] PATH... | -\n"
    "\n"
    "Reads documents (news articles, reports, papers; Vietnamese or English)\n"
    "and adds what they say to the graph: entities (cities, countries,\n"
    "agencies, forums, events, persons) and typed links between them, each\n"
    "link with its evidence sentence and, where the text gives them, a date\n"
    "and topics.  PATH may be a file or a folder (read recursively); '-'\n"
    "reads one document from standard input.\n"
    "\n"
    "Formats, by file name: .txt and .md (UTF-8; an optional first line\n"
    "'date YYYY-MM-DD'), .html/.htm (the page's text, title and date),\n"
    ".json/.jsonl ({\"text\", \"title\", \"date\"}, an array of them, or one\n"
    "per line).  In a folder, files of other formats are passed over.\n"
    "\n"
    "Documents are known by their content: ingesting the same content again\n"
    "changes nothing, and a changed file under the same name replaces what its\n"
    "old version contributed.  Each document is stored wholly or not at all;\n"
    "documents are committed in groups (see --commit-every), so an interrupted\n"
    "ingest loses at most the last group.  A document that cannot be read\n"
    "(binary, invalid UTF-8, empty, malformed JSON, over a limit below or with\n"
    "a line over 16 MB) is reported and skipped, nothing of it stored, the\n"
    "others are still ingested, and the exit status is 1.  A database that\n"
    "fails (disk full, read-only, busy) stops the ingest: what was stored\n"
    "before stays, and the same command run again goes on from there.\n"
    "\n"
    "Limits keep a hostile document from exhausting memory: a document over\n"
    "one is refused with a message naming the option that raises it.  N is\n"
    "a number, with an optional K, M or G (times 1024, 1024^2, 1024^3).\n"
    "\n"
    "Options:\n"
    "  -q, --quiet    no progress line and no summary\n"
    "      --json     print the summary as JSON\n"
    "      --print    store nothing: print what each document yields, as JSON\n"
    "                 (entities, links with date, topics and evidence offsets)\n"
    "      --max-doc-size N   bytes of one document (default 64M)\n"
    "      --max-sentence N   bytes of one sentence (default 64K)\n"
    "      --max-name N       bytes of one entity name or alias (default 1024)\n"
    "      --max-links-per-sentence N\n"
    "                         links drawn from one sentence (default 1000)\n"
    "      --commit-every N   commit after N bytes of text (default 8M) or half\n"
    "                         a second, whichever comes first; other writers\n"
    "                         wait for the database at most that long\n"
    "  -h, --help     show this help\n"
    "\n"
    "Examples:\n"
    "  relgraph ingest articles/\n"
    "  relgraph -d cities.db ingest report.txt notes.md\n"
    "  curl -s https://example.org/a.txt | relgraph ingest -\n";

/* SQLite page cache while ingesting, in MB (see run_ingest). */
#define INGEST_CACHE_MB 32

typedef struct ingest_run {
    cli_ctx *ctx;
    rg_builder *b;
    rg_builder_cache *cache;
    rg_ingest_session *session;
    rg_store *st;
    bool quiet, json, progress, print;
    bool stop;              /* the database failed: read no further documents */
    rg_builder_limits limits;
    size_t files, failed, unchanged, replaced, stored, skipped;
    size_t lost;            /* documents of a group that could not be committed */
    size_t entities, links, links_merged;
    double bytes;
    json_t *errors;
    time_t last_draw;
} ingest_run;

static void draw_progress(ingest_run *r, bool final)
{
    time_t now = time(NULL);
    if (!r->progress || (!final && now == r->last_draw))
        return;
    r->last_draw = now;
    fprintf(r->ctx->err, "\r%zu files, %.1f MB, %zu entities, %zu links%s", r->files,
            r->bytes / 1e6, r->entities, r->links, final ? "\n" : "");
    fflush(r->ctx->err);
}

/* err's message starts with the file's name (docread, builder). */
/* Prints err (and keeps it for --json). */
static void report_error(ingest_run *r, const rg_error *err)
{
    if (r->progress)
        fputc('\n', r->ctx->err);
    fprintf(r->ctx->err, "relgraph: ");
    cli_print_clean(r->ctx->err, err->msg[0] ? err->msg : rg_status_str(err->code), false);
    fputc('\n', r->ctx->err);
    if (r->errors)
        json_array_append_new(r->errors, json_string(err->msg));
}

/* A document failed: err says why. */
static void report_failure(ingest_run *r, const rg_error *err)
{
    report_error(r, err);
    r->failed++;
}

/* Reads a whole stream, refusing more than max bytes. */
static rg_status read_stream(FILE *f, size_t max, char **out, size_t *len, rg_error *err)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    for (;;) {
        size_t got;
        if (n == cap) {
            char *p;
            if (cap > max) {
                free(buf);
                return rg_fail(err, RG_ERR_LIMIT, "document too large (over %zu bytes; raise the "
                               "limit with --max-doc-size)", max);
            }
            p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                return rg_fail(err, RG_ERR_NOMEM, "out of memory");
            }
            buf = p;
            cap *= 2;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                return rg_fail(err, RG_ERR_IO, "read error: %s", strerror(errno));
            }
            break;
        }
    }
    *out = buf;
    *len = n;
    return RG_OK;
}

/* The counts: what the session committed, and what its open group holds
 * (shown by the progress line; lost if the group cannot be committed). */
static void count_session(ingest_run *r)
{
    rg_ingest_totals done, open;
    builder_session_totals(r->session, &done, &open, &r->lost);
    r->stored = done.stored;
    r->unchanged = done.unchanged;
    r->replaced = done.replaced;
    r->entities = done.entities_added + open.entities_added;
    r->links = done.links_added + open.links_added;
    r->links_merged = done.links_merged;
}

/* The database failed: read no further documents, and say what is kept. */
static void stop_ingest(ingest_run *r)
{
    rg_ingest_totals done;
    size_t lost;
    builder_session_totals(r->session, &done, NULL, &lost);
    r->stop = true;
    if (r->progress)
        fputc('\n', r->ctx->err);
    fprintf(r->ctx->err, "relgraph: ingest stopped after %zu documents; the %zu stored before the "
            "failure are kept%s, and the same command run again goes on from there\n", r->files,
            done.stored + done.unchanged, lost ? " (the last ones, not yet committed, are not)" : "");
    if (r->errors)
        json_array_append_new(r->errors, json_string("ingest stopped"));
}

static void ingest_doc(ingest_run *r, const rg_input_doc *doc)
{
    rg_ingest_result res;
    rg_error err = {0};

    r->files++;
    r->bytes += (double)doc->raw_len;
    if (r->print) {
        rg_graph g = {0};
        if (builder_extract_doc(r->b, doc, &g, &err) != RG_OK ||
            builder_write_json(&g, r->ctx->out, &err) != RG_OK) {
            rg_graph_free(&g);
            report_failure(r, &err);
            return;
        }
        r->stored++;
        r->entities += g.n_entities;
        r->links += g.n_links;
        rg_graph_free(&g);
        return;
    }
    if (builder_session_ingest(r->session, doc, &res, &err) != RG_OK) {
        report_failure(r, &err);
        /* a document's own faults are INVALID or LIMIT; the store's (disk
         * full, read-only, busy, corrupt) would fail every document after */
        if (err.code == RG_ERR_IO || err.code == RG_ERR_DB)
            stop_ingest(r);
        return;
    }
    count_session(r);
    draw_progress(r, false);
}

static void ingest_docs(ingest_run *r, rg_input_docs *docs)
{
    for (size_t i = 0; i < docs->n && !r->stop; i++)
        ingest_doc(r, &docs->docs[i]);
    rg_input_docs_free(docs);
}

/* docread's size refusal does not know which option raises its limit. */
static void hint_doc_limit(rg_error *err)
{
    static const char hint[] = "; raise it with --max-doc-size";
    size_t n = strlen(err->msg);
    if (err->code == RG_ERR_LIMIT && !strstr(err->msg, "--max-") && n + sizeof hint <= sizeof err->msg)
        memcpy(err->msg + n, hint, sizeof hint);
}

static void ingest_file(ingest_run *r, const char *path)
{
    rg_input_docs docs = {0};
    rg_error err = {0};

    if (docread_file(path, r->limits.max_doc, &docs, &err) != RG_OK) {
        hint_doc_limit(&err);
        r->files++;
        report_failure(r, &err);
        return;
    }
    ingest_docs(r, &docs);
}

static void ingest_stdin(ingest_run *r)
{
    rg_input_docs docs = {0};
    rg_error err = {0};
    char *bytes = NULL;
    size_t len = 0;

    if (read_stream(stdin, r->limits.max_doc, &bytes, &len, &err) != RG_OK ||
        docread_memory("<stdin>", RG_DOC_TEXT, bytes, len, r->limits.max_doc, &docs, &err) != RG_OK) {
        if (strncmp(err.msg, "<stdin>", 7) != 0)
            rg_error_prefix(&err, "<stdin>");
        hint_doc_limit(&err);
        r->files++;
        report_failure(r, &err);
    } else {
        ingest_docs(r, &docs);
    }
    free(bytes);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void ingest_path(ingest_run *r, const char *path, int depth)
{
    struct stat sb;
    rg_error err = {0};

    if (stat(path, &sb) != 0) {
        rg_fail(&err, RG_ERR_IO, "%s: %s", path, errno == ENOENT ? "no such file or folder" : strerror(errno));
        r->files++;
        report_failure(r, &err);
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        struct dirent **list = NULL;
        int n = depth > 64 ? -1 : scandir(path, &list, NULL, by_name);
        if (n < 0) {
            rg_fail(&err, RG_ERR_IO, "%s: cannot read folder: %s", path, depth > 64 ? "too deep" : strerror(errno));
            r->files++;
            report_failure(r, &err);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (list[i]->d_name[0] != '.' && !r->stop) {
                size_t need = strlen(path) + strlen(list[i]->d_name) + 2;
                char *child = malloc(need);
                if (child) {
                    struct stat cb;
                    snprintf(child, need, "%s%s%s", path,
                             path[strlen(path) - 1] == '/' ? "" : "/", list[i]->d_name);
                    /* in a folder, files of other formats (images, PDFs) are passed over */
                    if (stat(child, &cb) == 0 && S_ISREG(cb.st_mode) &&
                        docread_format_for(child) == RG_DOC_UNKNOWN)
                        r->skipped++;
                    else
                        ingest_path(r, child, depth + 1);
                    free(child);
                }
            }
            free(list[i]);
        }
        free(list);
        return;
    }
    ingest_file(r, path);
}

static void print_summary(ingest_run *r)
{
    if (r->json) {
        json_t *o = json_object();
        char *s;
        json_object_set_new(o, "files", json_integer((json_int_t)r->files));
        json_object_set_new(o, "stored", json_integer((json_int_t)r->stored));
        json_object_set_new(o, "unchanged", json_integer((json_int_t)r->unchanged));
        json_object_set_new(o, "replaced", json_integer((json_int_t)r->replaced));
        json_object_set_new(o, "failed", json_integer((json_int_t)r->failed));
        json_object_set_new(o, "skipped", json_integer((json_int_t)r->skipped));
        json_object_set_new(o, "entities_added", json_integer((json_int_t)r->entities));
        json_object_set_new(o, "links_added", json_integer((json_int_t)r->links));
        json_object_set_new(o, "links_merged", json_integer((json_int_t)r->links_merged));
        json_object_set_new(o, "bytes", json_integer((json_int_t)r->bytes));
        json_object_set(o, "errors", r->errors);
        s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s)
            fprintf(r->ctx->out, "%s\n", s);
        free(s);
        json_decref(o);
        return;
    }
    if (r->quiet)
        return;
    fprintf(r->ctx->out,
            "ingested %zu of %zu documents (%zu unchanged, %zu replaced, %zu failed): "
            "%zu entities and %zu links added, %zu links reinforced\n",
            r->stored, r->files, r->unchanged, r->replaced, r->failed, r->entities, r->links,
            r->links_merged);
}

/* N with an optional K, M or G suffix (binary), at least 1. */
static bool parse_size(const char *arg, size_t *out)
{
    char *end;
    unsigned long long v;
    unsigned shift = 0;

    if (arg[0] < '0' || arg[0] > '9')
        return false;
    errno = 0;
    v = strtoull(arg, &end, 10);
    if (errno || v == 0)
        return false;
    if (*end == 'k' || *end == 'K')
        shift = 10;
    else if (*end == 'm' || *end == 'M')
        shift = 20;
    else if (*end == 'g' || *end == 'G')
        shift = 30;
    if (shift)
        end++;
    if (*end || v > (SIZE_MAX >> shift))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

static int run_ingest(cli_ctx *ctx, int argc, char **argv)
{
    enum { OPT_MAX_DOC = 256, OPT_MAX_SENTENCE, OPT_MAX_NAME, OPT_MAX_LINKS, OPT_COMMIT_EVERY };
    static const struct option opts[] = {
        {"quiet", no_argument, 0, 'q'}, {"json", no_argument, 0, 'j'},
        {"print", no_argument, 0, 'p'},
        {"max-doc-size", required_argument, 0, OPT_MAX_DOC},
        {"max-sentence", required_argument, 0, OPT_MAX_SENTENCE},
        {"max-name", required_argument, 0, OPT_MAX_NAME},
        {"max-links-per-sentence", required_argument, 0, OPT_MAX_LINKS},
        {"commit-every", required_argument, 0, OPT_COMMIT_EVERY},
        {0, 0, 0, 0}};
    ingest_run r;
    rg_ingest_bounds bounds = {0};
    rg_error err = {0};
    int c, code;

#ifdef __GLIBC__
    /* glibc's fast bins: each large free consolidates them, and extraction
     * frees many small strings between large ones.  Written for a start-up
     * that built a million JSON nodes (gone now); measured again since,
     * a 4 MB ingest still took more CPU with fast bins (1.34 s against
     * 1.07 s, one run each on a shared machine), so it stays. */
    mallopt(M_MXFAST, 0);
#endif
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    cli_opt_reset();
    while ((c = cli_next_option(ctx, argc, argv, "q", opts)) != -1) {
        if (c == 'q')
            r.quiet = true;
        else if (c == 'j')
            r.json = true;
        else if (c == 'p')
            r.print = true;
        else if (c == OPT_COMMIT_EVERY) {
            if (!parse_size(optarg, &bounds.bytes))
                return cli_usage(ctx, "ingest", "--commit-every: '%s' is not a positive number "
                                 "(like 1000 or 8M)", optarg);
        } else if (c >= OPT_MAX_DOC && c <= OPT_MAX_LINKS) {
            size_t *field = c == OPT_MAX_DOC ? &r.limits.max_doc
                          : c == OPT_MAX_SENTENCE ? &r.limits.max_sentence
                          : c == OPT_MAX_NAME ? &r.limits.max_name : &r.limits.max_links;
            static const char *const names[] = {"--max-doc-size", "--max-sentence", "--max-name",
                                                "--max-links-per-sentence"};
            if (!parse_size(optarg, field))
                return cli_usage(ctx, "ingest", "%s: '%s' is not a positive number (like 1000 or 64K)",
                                 names[c - OPT_MAX_DOC], optarg);
        } else
            return CLI_USAGE;
    }
    if (optind >= argc)
        return cli_usage(ctx, "ingest", "give one or more files or folders, or '-' for stdin");
    for (int i = optind; i < argc; i++)
        if (strcmp(argv[i], "-") == 0 && argc - optind > 1)
            return cli_usage(ctx, "ingest", "'-' (stdin) cannot be combined with other paths");
    if (r.print && r.json)
        return cli_usage(ctx, "ingest", "--print and --json cannot be combined");
    if (r.print) {
        if (cli_load_pack(ctx, &err) != RG_OK)
            return cli_fail(ctx, &err);
        r.quiet = true;
    } else {
        struct stat sb;
        bool existed = stat(ctx->db_path, &sb) == 0;
        code = cli_open_store(ctx, RG_OPEN_CREATE, &r.st);
        if (code != CLI_OK) {
            if (!existed)
                cli_remove_created(ctx->db_path);
            return code;
        }
        /* many transactions over a growing file: a bounded page cache
         * keeps memory independent of the corpus (the store's 256 MB would
         * fill as the database grows) */
        if (store_limit_cache(r.st, INGEST_CACHE_MB, &err) != RG_OK ||
            builder_cache_new(&r.cache, &err) != RG_OK) {
            store_close(r.st);
            return cli_fail(ctx, &err);
        }
    }
    if (builder_new(&ctx->pack, &r.b, &err) != RG_OK ||
        (r.st && builder_session_begin(r.b, r.st, r.cache, &bounds, &r.session, &err) != RG_OK)) {
        builder_free(r.b);
        builder_cache_free(r.cache);
        if (r.st)
            store_close(r.st);
        return cli_fail(ctx, &err);
    }
    builder_set_limits(r.b, &r.limits);
    builder_limits(r.b, &r.limits);
    r.progress = !r.quiet && !r.json && isatty(fileno(ctx->err));
    r.errors = json_array();
    for (int i = optind; i < argc && !r.stop; i++) {
        if (strcmp(argv[i], "-") == 0) {
            ingest_stdin(&r);
        } else {
            ingest_path(&r, argv[i], 0);
        }
    }
    if (r.session) {
        /* the last group */
        /* not a document's failure: the documents it loses are counted
         * below */
        if (!r.stop && builder_session_flush(r.session, &err) != RG_OK) {
            report_error(&r, &err);
            stop_ingest(&r);
        }
        count_session(&r);
    }
    /* documents lost with a group that could not be committed failed too */
    r.failed += r.lost;
    draw_progress(&r, true);
    print_summary(&r);
    json_decref(r.errors);
    builder_session_free(r.session);
    builder_free(r.b);
    builder_cache_free(r.cache);
    if (r.st)
        store_close(r.st);
    return r.failed ? CLI_RUNTIME : CLI_OK;
}

const cli_command cli_cmd_ingest = {"ingest", run_ingest, "build the graph from documents", ingest_help};
