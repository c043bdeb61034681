/*
 * session.c - one command's use of the database: a read session or one
 * write transaction (see session.h), plus shared option parsing.
 */
#include "session.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/fold.h"

int cli_session_read(cli_ctx *ctx, cli_session *s)
{
    memset(s, 0, sizeof *s);
    s->out = ctx->out;
    return cli_open_store(ctx, RG_OPEN_READONLY, &s->st);
}

/* A database file whose write permission bits are all off was made
 * read-only on purpose; respect that even when running as root. */
static rg_status check_writable(const char *path, bool *exists, rg_error *err)
{
    struct stat sb;

    *exists = false;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return RG_OK;
        return rg_fail(err, RG_ERR_IO, "%s: %s", path, strerror(errno));
    }
    *exists = true;
    if (S_ISDIR(sb.st_mode))
        return rg_fail(err, RG_ERR_IO, "%s: is a folder, not a database file", path);
    if ((sb.st_mode & 0222) == 0)
        return rg_fail(err, RG_ERR_IO,
                       "%s: the database file is read-only (make it writable with chmod u+w)",
                       path);
    if (access(path, W_OK) != 0)
        return rg_fail(err, RG_ERR_IO, "%s: the database file is read-only (%s)", path,
                       errno == EPERM ? "immutable: chattr -i makes it writable"
                       : errno == EROFS ? "on a read-only file system" : strerror(errno));
    return RG_OK;
}

void cli_remove_created(const char *path)
{
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    size_t n = strlen(path) + 16;
    char *name = malloc(n);

    if (!name)
        return;
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++) {
        snprintf(name, n, "%s%s", path, sides[i]);
        unlink(name);
    }
    free(name);
}

int cli_session_write(cli_ctx *ctx, cli_session *s)
{
    rg_error err = {0};
    bool exists;
    int code;

    memset(s, 0, sizeof *s);
    s->writing = true;
    if (check_writable(ctx->db_path, &exists, &err) != RG_OK)
        return cli_fail(ctx, &err);
    s->created = !exists;
    code = cli_open_store(ctx, RG_OPEN_CREATE, &s->st);
    if (code != CLI_OK) {
        if (s->created)
            cli_remove_created(ctx->db_path);
        return code;
    }
    s->out = open_memstream(&s->buf, &s->buf_len);
    if (!s->out) {
        rg_fail(&err, RG_ERR_NOMEM, "out of memory");
        return cli_session_end(ctx, s, RG_ERR_NOMEM, &err);
    }
    if (store_begin(s->st, &err) != RG_OK)
        return cli_session_end(ctx, s, err.code, &err);
    return CLI_OK;
}

static void close_session(cli_ctx *ctx, cli_session *s, bool failed)
{
    if (s->st) {
        if (failed)
            store_rollback(s->st);
        store_close(s->st);
        s->st = NULL;
    }
    if (failed && s->writing && s->created)
        cli_remove_created(ctx->db_path);
    if (s->writing && s->out) {
        fclose(s->out);
        if (!failed && s->buf)
            fwrite(s->buf, 1, s->buf_len, ctx->out);
    }
    free(s->buf);
    s->buf = NULL;
    s->out = NULL;
}

int cli_session_end(cli_ctx *ctx, cli_session *s, rg_status rc, const rg_error *err)
{
    rg_error commit_err = {0};

    if (rc == RG_OK && s->writing && s->st && store_commit(s->st, &commit_err) != RG_OK) {
        rc = commit_err.code;
        err = &commit_err;
    }
    close_session(ctx, s, rc != RG_OK);
    if (rc == RG_OK)
        return CLI_OK;
    if (!err || !err->msg[0]) {
        rg_error generic;
        rg_fail(&generic, rc, "%s", rg_status_str(rc));
        return cli_fail(ctx, &generic);
    }
    return cli_fail(ctx, err);
}

int cli_session_abort(cli_ctx *ctx, cli_session *s, int code)
{
    close_session(ctx, s, true);
    return code;
}

void cli_opt_reset(void)
{
    optind = 0;
    opterr = 0;
}

int cli_next_option(cli_ctx *ctx, int argc, char **argv, const char *shortopts,
                    const struct option *longopts)
{
    char spec[64];
    int c;

    snprintf(spec, sizeof spec, ":%s", shortopts);
    opterr = 0;
    c = getopt_long(argc, argv, spec, longopts, NULL);
    if (c == '?') {
        if (optopt)
            cli_usage(ctx, argv[0], "unknown option '-%c'", optopt);
        else
            cli_usage(ctx, argv[0], "unknown option '%s'", argv[optind - 1]);
        return '?';
    }
    if (c == ':') {
        const char *opt = argv[optind - 1];
        if (strncmp(opt, "--", 2) == 0)
            cli_usage(ctx, argv[0], "option '%s' needs a value", opt);
        else
            cli_usage(ctx, argv[0], "option '-%c' needs a value", optopt);
        return '?';
    }
    return c;
}

bool cli_parse_id(const char *text, char prefix, rg_id *out)
{
    const char *p = text;
    char *end;
    long long v;

    if (*p == prefix || *p == (prefix - 'a' + 'A'))
        p++;
    if (*p < '0' || *p > '9')
        return false;
    errno = 0;
    v = strtoll(p, &end, 10);
    if (errno || *end || v <= 0)
        return false;
    *out = (rg_id)v;
    return true;
}

rg_status cli_check_text(const char *what, const char *text, rg_error *err)
{
    size_t bad;

    if (!text[0])
        return rg_fail(err, RG_ERR_INVALID, "%s is empty", what);
    if (!text_utf8_valid(text, strlen(text), &bad))
        return rg_fail(err, RG_ERR_INVALID, "%s is not valid UTF-8 (bad byte at offset %zu)",
                       what, bad);
    return RG_OK;
}
