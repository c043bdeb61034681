/*
 * cmd_curate.c - PLACEHOLDER: replaced by the work on its issue.
 */
#include "cli.h"

static int not_yet(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    fprintf(ctx->err, "relgraph: %s: not implemented yet\n", argv[0]);
    return CLI_RUNTIME;
}

const cli_command cli_cmd_alias = {"alias", not_yet, "(not implemented yet)", "usage: relgraph alias\n"};
const cli_command cli_cmd_merge = {"merge", not_yet, "(not implemented yet)", "usage: relgraph merge\n"};
const cli_command cli_cmd_rm = {"rm", not_yet, "(not implemented yet)", "usage: relgraph rm\n"};
