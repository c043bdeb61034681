/*
 * cmd_analyze.c - PLACEHOLDER: replaced by the work on its issue.
 */
#include "cli.h"

static int not_yet(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    fprintf(ctx->err, "relgraph: %s: not implemented yet\n", argv[0]);
    return CLI_RUNTIME;
}

const cli_command cli_cmd_analyze = {"analyze", not_yet, "(not implemented yet)", "usage: relgraph analyze\n"};
const cli_command cli_cmd_path = {"path", not_yet, "(not implemented yet)", "usage: relgraph path\n"};
const cli_command cli_cmd_neighbors = {"neighbors", not_yet, "(not implemented yet)", "usage: relgraph neighbors\n"};
const cli_command cli_cmd_timeline = {"timeline", not_yet, "(not implemented yet)", "usage: relgraph timeline\n"};
