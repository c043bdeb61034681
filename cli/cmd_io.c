/*
 * cmd_io.c - PLACEHOLDER: replaced by the work on its issue.
 */
#include "cli.h"

static int not_yet(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    fprintf(ctx->err, "relgraph: %s: not implemented yet\n", argv[0]);
    return CLI_RUNTIME;
}

const cli_command cli_cmd_export = {"export", not_yet, "(not implemented yet)", "usage: relgraph export\n"};
const cli_command cli_cmd_import = {"import", not_yet, "(not implemented yet)", "usage: relgraph import\n"};
