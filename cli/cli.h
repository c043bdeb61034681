/*
 * cli.h - what every subcommand of the relgraph command shares.
 *
 * Like git, relgraph is a table of subcommands (commands.c) that maps a name
 * to a function; each subcommand group lives in its own cli/cmd_*.c file and
 * exports one cli_command per command, with its --help text, which is also
 * the text of its Documentation/ page and README section.
 *
 * Only cli/ prints and decides exit codes: 0 success, 1 runtime error,
 * 2 usage error.  Errors go to stderr as "relgraph: what: why".
 */
#ifndef RG_CLI_H
#define RG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/error.h"
#include "../core/pack.h"
#include "../core/store.h"
#include "../core/strlist.h"

#define RG_VERSION "0.1.0"

enum { CLI_OK = 0, CLI_RUNTIME = 1, CLI_USAGE = 2 };

typedef struct cli_ctx {
    const char *db_path;        /* -d/--db, else $RELGRAPH_DB, else ./relgraph.db */
    rg_strlist pack_dirs;       /* --pack DIR, in order */
    rg_pack pack;               /* loaded on first use by cli_load_pack */
    bool pack_loaded;
    FILE *out;                  /* stdout */
    FILE *err;                  /* stderr */
} cli_ctx;

typedef struct cli_command {
    const char *name;
    int (*run)(cli_ctx *ctx, int argc, char **argv);   /* argv[0] is the name */
    const char *summary;        /* one line for `relgraph --help` */
    const char *help;           /* the full --help text, usage first */
} cli_command;

/* The table (commands.c). */
extern const cli_command *const cli_commands[];
const cli_command *cli_find_command(const char *name);

/* Prints "relgraph: <err->msg>" and returns the exit code for err->code
 * (CLI_USAGE for RG_ERR_USAGE, else CLI_RUNTIME). */
int cli_fail(cli_ctx *ctx, const rg_error *err);

/* Prints "relgraph: <cmd>: <message>" and "Try 'relgraph <cmd> --help'." and
 * returns CLI_USAGE. */
int cli_usage(cli_ctx *ctx, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Loads the default pack, then every --pack folder, once. */
rg_status cli_load_pack(cli_ctx *ctx, rg_error *err);

/* Loads the pack and opens the database (RG_OPEN_* flags).  On failure prints
 * the error and returns its exit code; returns CLI_OK and sets *out on success. */
int cli_open_store(cli_ctx *ctx, unsigned flags, rg_store **out);

/* Writes s to f with control characters (other than newlines when
 * keep_newlines; tab and line breaks become spaces otherwise) shown as
 * "\x1b", and invisible characters that reorder or hide text (bidi
 * overrides, isolates and marks, zero-width characters, line separators,
 * the BOM) shown as "\u202e": text from documents cannot move the cursor,
 * recolour a terminal or disguise itself. */
void cli_print_clean(FILE *f, const char *s, bool keep_newlines);

/* Parses the comma-separated list in arg into out (appending). */
rg_status cli_split_list(const char *arg, rg_strlist *out);

#endif
