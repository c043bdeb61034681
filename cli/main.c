/*
 * main.c - the relgraph command: global options, then dispatch through the
 * command table (commands.c).
 *
 * Global options may stand before or after the subcommand name, so
 * "relgraph -d g.db show X" and "relgraph show -d g.db X" are the same: they
 * are taken out of argv here, before the subcommand parses the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: relgraph [-d DB] [--pack DIR] COMMAND [ARGS]\n"
    "       relgraph --version | --help | help COMMAND\n";

static void print_overview(FILE *f)
{
    fputs(usage_text, f);
    fputs("\nrelgraph builds a graph of cities' foreign relations from documents,\n"
          "stores it in SQLite, analyses it with igraph and draws it with Graphviz.\n\n"
          "Commands:\n", f);
    for (size_t i = 0; cli_commands[i]; i++)
        fprintf(f, "  %-10s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    fputs("\nGlobal options:\n"
          "  -d, --db PATH   the database (default $RELGRAPH_DB, else ./relgraph.db)\n"
          "  --pack DIR      load a domain pack on top of the default (repeatable)\n"
          "  --version       print the version\n"
          "\nRun 'relgraph COMMAND --help' for a command's options.\n", f);
}

/* Takes -d/--db and --pack out of argv (up to a "--"); returns the new argc,
 * or -1 after printing a usage error. */
static int take_global_options(cli_ctx *ctx, int argc, char **argv)
{
    int out = 1;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        bool is_pack = false;

        if (strcmp(a, "--") == 0) {
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(a, "-d") == 0 || strcmp(a, "--db") == 0) {
            slot = &ctx->db_path;
        } else if (strncmp(a, "--db=", 5) == 0) {
            ctx->db_path = a + 5;
            continue;
        } else if (strcmp(a, "--pack") == 0) {
            is_pack = true;
        } else if (strncmp(a, "--pack=", 7) == 0) {
            if (rg_strlist_push(&ctx->pack_dirs, a + 7) != RG_OK)
                return -1;
            continue;
        } else {
            argv[out++] = argv[i];
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(ctx->err, "relgraph: option '%s' needs a value\n", a);
            return -1;
        }
        if (is_pack) {
            if (rg_strlist_push(&ctx->pack_dirs, argv[++i]) != RG_OK)
                return -1;
        } else {
            *slot = argv[++i];
        }
    }
    argv[out] = NULL;
    return out;
}

static bool asks_for_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    }
    return false;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    const cli_command *cmd;

    argc = take_global_options(ctx, argc, argv);
    if (argc < 0)
        return CLI_USAGE;
    if (!ctx->db_path)
        ctx->db_path = getenv("RELGRAPH_DB");
    if (!ctx->db_path || !*ctx->db_path)
        ctx->db_path = "relgraph.db";
    if (argc < 2) {
        fputs(usage_text, ctx->err);
        fputs("Try 'relgraph --help'.\n", ctx->err);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_overview(ctx->out);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        fprintf(ctx->out, "relgraph %s\n", RG_VERSION);
        return CLI_OK;
    }
    if (strcmp(argv[1], "help") == 0) {
        if (argc < 3) {
            print_overview(ctx->out);
            return CLI_OK;
        }
        cmd = cli_find_command(argv[2]);
        if (!cmd)
            return cli_usage(ctx, "help", "'%s' is not a relgraph command", argv[2]);
        fputs(cmd->help, ctx->out);
        return CLI_OK;
    }
    cmd = cli_find_command(argv[1]);
    if (!cmd) {
        fprintf(ctx->err, "relgraph: '%s' is not a relgraph command. See 'relgraph --help'.\n",
                argv[1]);
        return CLI_USAGE;
    }
    if (asks_for_help(argc - 1, argv + 1)) {
        fputs(cmd->help, ctx->out);
        return CLI_OK;
    }
    return cmd->run(ctx, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    cli_ctx ctx = {0};
    int code;

    ctx.out = stdout;
    ctx.err = stderr;
    /* first, before anything opens a database; on failure only slower */
    store_setup_process(NULL);
    code = run(&ctx, argc, argv);
    if (fflush(ctx.out) != 0 && code == CLI_OK) {
        fprintf(ctx.err, "relgraph: cannot write output\n");
        code = CLI_RUNTIME;
    }
    if (ctx.pack_loaded)
        pack_free(&ctx.pack);
    rg_strlist_free(&ctx.pack_dirs);
    return code;
}
