/*
 * cmd_init.c - `relgraph init`: create an empty relgraph database.
 *
 * The store does the work (store_open with RG_OPEN_CREATE creates the file
 * and its schema); init only says where, and accepts a file that is already
 * a relgraph database, so it is safe to run twice.  Other writing commands
 * create a missing database themselves; init exists for clarity in scripts.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "session.h"

static const char init_help[] =
    "usage: relgraph [-d DB] init\n"
    "\n"
    "Creates an empty relgraph database (default ./relgraph.db, or $RELGRAPH_DB,\n"
    "or the -d/--db path) and prints where it is.  If the file is already a\n"
    "relgraph database it is left as it is; any other file is refused.\n"
    "Writing commands (add, ingest, import) create a missing database by\n"
    "themselves, so init is optional.\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "\n"
    "Example:\n"
    "  relgraph -d cities.db init\n";

static int run_init(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{0, 0, 0, 0}};
    char where[PATH_MAX];
    struct stat sb;
    bool existed;
    rg_store *st = NULL;
    int code;

    cli_opt_reset();
    if (cli_next_option(ctx, argc, argv, "", opts) != -1)
        return CLI_USAGE;
    if (optind < argc)
        return cli_usage(ctx, "init", "unexpected argument '%s'", argv[optind]);

    existed = stat(ctx->db_path, &sb) == 0;
    /* An existing file is opened read-write without CREATE: store_open then
     * checks that it is a relgraph database (and migrates an older one). */
    code = cli_open_store(ctx, existed ? 0 : RG_OPEN_CREATE, &st);
    if (code != CLI_OK) {
        if (!existed)
            cli_remove_created(ctx->db_path);   /* a full disk: no half-made file */
        return code;
    }
    store_close(st);
    if (!realpath(ctx->db_path, where))
        snprintf(where, sizeof where, "%s", ctx->db_path);
    if (existed)
        fprintf(ctx->out, "%s is already a relgraph database; left as it is\n", where);
    else
        fprintf(ctx->out, "Initialised an empty relgraph database in %s\n", where);
    return CLI_OK;
}

const cli_command cli_cmd_init = {"init", run_init, "create an empty database", init_help};
