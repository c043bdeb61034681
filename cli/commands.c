/*
 * commands.c - the command table: every relgraph subcommand, by name, in the
 * order `relgraph --help` lists them.  Each is defined in its group's file.
 */
#include "cli.h"

extern const cli_command cli_cmd_init, cli_cmd_add, cli_cmd_entities, cli_cmd_links,
    cli_cmd_show, cli_cmd_alias, cli_cmd_merge, cli_cmd_rm, cli_cmd_stats, cli_cmd_export,
    cli_cmd_import, cli_cmd_ingest, cli_cmd_analyze, cli_cmd_path, cli_cmd_neighbors,
    cli_cmd_timeline, cli_cmd_render;

const cli_command *const cli_commands[] = {
    &cli_cmd_init,      /* cmd_init.c */
    &cli_cmd_ingest,    /* cmd_ingest.c */
    &cli_cmd_add,       /* cmd_add.c */
    &cli_cmd_entities,  /* cmd_query.c */
    &cli_cmd_links,     /* cmd_query.c */
    &cli_cmd_show,      /* cmd_query.c */
    &cli_cmd_stats,     /* cmd_query.c */
    &cli_cmd_alias,     /* cmd_curate.c */
    &cli_cmd_merge,     /* cmd_curate.c */
    &cli_cmd_rm,        /* cmd_curate.c */
    &cli_cmd_export,    /* cmd_io.c */
    &cli_cmd_import,    /* cmd_io.c */
    &cli_cmd_analyze,   /* cmd_analyze.c */
    &cli_cmd_path,      /* cmd_analyze.c */
    &cli_cmd_neighbors, /* cmd_analyze.c */
    &cli_cmd_timeline,  /* cmd_analyze.c */
    &cli_cmd_render,    /* cmd_render.c */
    NULL
};
