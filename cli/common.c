/*
 * common.c - helpers every subcommand uses: error printing, opening the
 * store with the right pack, safe terminal output, list options.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_fail(cli_ctx *ctx, const rg_error *err)
{
    fprintf(ctx->err, "relgraph: ");
    cli_print_clean(ctx->err, err->msg[0] ? err->msg : rg_status_str(err->code), false);
    fputc('\n', ctx->err);
    return err->code == RG_ERR_USAGE ? CLI_USAGE : CLI_RUNTIME;
}

int cli_usage(cli_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(ctx->err, "relgraph: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(ctx->err, fmt, ap);
    va_end(ap);
    fprintf(ctx->err, "\nTry 'relgraph %s --help'.\n", cmd);
    return CLI_USAGE;
}

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; cli_commands[i]; i++)
        if (strcmp(cli_commands[i]->name, name) == 0)
            return cli_commands[i];
    return NULL;
}

rg_status cli_load_pack(cli_ctx *ctx, rg_error *err)
{
    rg_pack pack = {0};
    rg_status rc;

    if (ctx->pack_loaded)
        return RG_OK;
    rc = pack_load_default(&pack, err);
    if (rc != RG_OK)
        goto fail;
    for (size_t i = 0; i < ctx->pack_dirs.len; i++) {
        rc = pack_load_dir(&pack, ctx->pack_dirs.items[i], err);
        if (rc != RG_OK)
            goto fail;
    }
    ctx->pack = pack;
    ctx->pack_loaded = true;
    return RG_OK;
fail:
    pack_free(&pack);
    return rc;
}

/* RELGRAPH_MAX_PAGES=N caps a database opened for writing at N pages of
 * 4 KB, so tests can fill "the disk" (tests/e2e/test_resources.sh) without
 * a small file system.  A testing aid, documented in relgraph-init.md. */
static rg_status apply_page_cap(rg_store *st, rg_error *err)
{
    const char *v = getenv("RELGRAPH_MAX_PAGES");
    char *end;
    unsigned long pages;

    if (!v || !*v)
        return RG_OK;
    errno = 0;
    pages = strtoul(v, &end, 10);
    if (errno || *end || pages == 0 || v[0] == '-')
        return rg_fail(err, RG_ERR_USAGE, "RELGRAPH_MAX_PAGES: '%s' is not a positive number", v);
    return store_set_max_pages(st, pages, err);
}

int cli_open_store(cli_ctx *ctx, unsigned flags, rg_store **out)
{
    rg_error err = {0};

    if (cli_load_pack(ctx, &err) != RG_OK)
        return cli_fail(ctx, &err);
    if (store_open(ctx->db_path, flags, &ctx->pack, out, &err) != RG_OK)
        return cli_fail(ctx, &err);
    if (!(flags & RG_OPEN_READONLY) && apply_page_cap(*out, &err) != RG_OK) {
        store_close(*out);
        *out = NULL;
        return cli_fail(ctx, &err);
    }
    return CLI_OK;
}

/* Invisible characters that change how a line reads without showing:
 * bidirectional overrides, embeddings, isolates and marks (which can make
 * "exe.txt" display as "txt.exe"), zero-width characters, line and
 * paragraph separators and the byte-order mark. */
static bool invisible_cp(unsigned cp)
{
    return cp == 0x061c || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

void cli_print_clean(FILE *f, const char *s, bool keep_newlines)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c == '\n' && keep_newlines)
            fputc('\n', f);
        else if (c == '\t' || c == '\n' || c == '\r')
            fputc(' ', f);
        else if (c < 0x20 || c == 0x7f)
            fprintf(f, "\\x%02x", c);
        else if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) /* C1 controls */
            fprintf(f, "\\x%02x", *++p);
        else if (c == 0xd8 && p[1] == 0x9c) { /* U+061C, the Arabic letter mark */
            fputs("\\u061c", f);
            p++;
        } else if ((c == 0xe1 || c == 0xe2 || c == 0xef) && (p[1] & 0xc0) == 0x80 &&
                   (p[2] & 0xc0) == 0x80 &&
                   invisible_cp((unsigned)(c & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
                                (p[2] & 0x3f))) {
            fprintf(f, "\\u%04x", (unsigned)(c & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
                                   (p[2] & 0x3f));
            p += 2;
        } else
            fputc(c, f);
    }
}

rg_status cli_split_list(const char *arg, rg_strlist *out)
{
    const char *p = arg;

    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n > 0) {
            char buf[256];
            if (n >= sizeof buf)
                n = sizeof buf - 1;
            memcpy(buf, p, n);
            buf[n] = '\0';
            if (rg_strlist_push(out, buf) != RG_OK)
                return RG_ERR_NOMEM;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    return RG_OK;
}
