/*
 * outfile.h - all-or-nothing output files.
 *
 * Output goes to a temporary file beside the target and is renamed over it
 * only on success, so a failed export or render never leaves a half-written
 * file.  The path "-" means standard output (written directly).
 */
#ifndef RG_OUTFILE_H
#define RG_OUTFILE_H

#include <stdio.h>

#include "error.h"

typedef struct rg_outfile {
    FILE *fp;                   /* write here */
    char *path;                 /* the target (NULL for stdout) */
    char *tmp;                  /* the temporary file (NULL for stdout) */
} rg_outfile;

/* Opens the temporary file (or stdout for "-").  RG_ERR_IO with
 * "PATH: why" when the folder is not writable. */
rg_status outfile_open(rg_outfile *of, const char *path, rg_error *err);

/* Flushes, syncs and renames the temporary file over the target. */
rg_status outfile_commit(rg_outfile *of, rg_error *err);

/* Closes and deletes the temporary file; the target is untouched.  Safe to
 * call after a commit or on a zeroed rg_outfile. */
void outfile_abort(rg_outfile *of);

#endif
