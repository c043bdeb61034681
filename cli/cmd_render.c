/*
 * cmd_render.c - PLACEHOLDER: replaced by the work on its issue.
 */
#include "cli.h"

static int not_yet(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    fprintf(ctx->err, "relgraph: %s: not implemented yet\n", argv[0]);
    return CLI_RUNTIME;
}

const cli_command cli_cmd_render = {"render", not_yet, "(not implemented yet)", "usage: relgraph render\n"};
