/*
 * session.h - how a subcommand uses the database for exactly one command:
 * a read session, or one write transaction that either commits everything
 * or leaves the file exactly as it was.
 *
 * A write session opens with RG_OPEN_CREATE (so `relgraph -d new.db add ...`
 * works without `init`), refuses a database file that is marked read-only
 * (even for root, who could write it anyway), and begins a transaction.
 * What the command wants to tell the user goes to s->out, a memory buffer
 * that reaches stdout only after the commit: a command never reports a
 * change that was then rolled back.  When the command fails, the
 * transaction is rolled back, and a database file that this very command
 * created is removed again.
 *
 * Also here: option parsing shared by the subcommands (getopt_long with
 * relgraph's error messages) and the id formats "e12", "l7", "d3".
 */
#ifndef RG_CLI_SESSION_H
#define RG_CLI_SESSION_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"

typedef struct cli_session {
    rg_store *st;
    bool writing;
    bool created;       /* the database file did not exist before this command */
    FILE *out;          /* write sessions: buffered report, printed on commit;
                           read sessions: ctx->out */
    char *buf;          /* the memory behind out (write sessions) */
    size_t buf_len;
} cli_session;

/* Opens the database read-only.  Prints the error and returns its exit code
 * on failure (a missing database is "no such database"); CLI_OK otherwise. */
int cli_session_read(cli_ctx *ctx, cli_session *s);

/* Opens (creating when missing) and begins one transaction.  Prints the
 * error and returns its exit code on failure; CLI_OK otherwise. */
int cli_session_write(cli_ctx *ctx, cli_session *s);

/* Ends the session.  With rc == RG_OK: commits (write sessions), prints the
 * buffered report and returns CLI_OK.  Otherwise: rolls back, removes a
 * database file created by this command, prints err (cli_fail) and returns
 * its exit code.  Always closes the store. */
int cli_session_end(cli_ctx *ctx, cli_session *s, rg_status rc, const rg_error *err);

/* Ends a session after a usage error that was already printed: rolls back
 * and closes like a failure, prints nothing more, returns code. */
int cli_session_abort(cli_ctx *ctx, cli_session *s, int code);

/* Removes a database file (and SQLite's side files) that this command
 * created, so that a failed first command leaves no trace. */
void cli_remove_created(const char *path);

/* getopt_long for subcommands: resets the parser (optind = 0), then call in
 * a loop like getopt_long.  On an unknown option or a missing argument it
 * prints "relgraph: CMD: ..." with the --help hint and returns '?';
 * shortopts must not start with ':' (this adds it). */
void cli_opt_reset(void);
int cli_next_option(cli_ctx *ctx, int argc, char **argv, const char *shortopts,
                    const struct option *longopts);

/* Parses "l7" or "7" (prefix is 'l', 'e' or 'd'); false when it is not one. */
bool cli_parse_id(const char *text, char prefix, rg_id *out);

/* Checks what the user typed as a name: valid UTF-8 and not empty.
 * RG_ERR_INVALID with "WHAT: ..." otherwise. */
rg_status cli_check_text(const char *what, const char *text, rg_error *err);

#endif
