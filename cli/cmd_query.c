/*
 * cmd_query.c - PLACEHOLDER: replaced by the work on its issue.
 */
#include "cli.h"

static int not_yet(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    fprintf(ctx->err, "relgraph: %s: not implemented yet\n", argv[0]);
    return CLI_RUNTIME;
}

const cli_command cli_cmd_entities = {"entities", not_yet, "(not implemented yet)", "usage: relgraph entities\n"};
const cli_command cli_cmd_links = {"links", not_yet, "(not implemented yet)", "usage: relgraph links\n"};
const cli_command cli_cmd_show = {"show", not_yet, "(not implemented yet)", "usage: relgraph show\n"};
const cli_command cli_cmd_stats = {"stats", not_yet, "(not implemented yet)", "usage: relgraph stats\n"};
