/*
 * testutil.h - shared helpers for the Check suites: temporary folders,
 * loading the default pack, running a suite with Check's standard output.
 */
#ifndef RG_TESTUTIL_H
#define RG_TESTUTIL_H

#include <check.h>
#include <stddef.h>

#include "../../core/pack.h"

/* A fresh temporary folder (mkdtemp); the path is written into buf. */
void tu_tmpdir(char *buf, size_t n);

/* Loads the default pack (RELGRAPH_DATA is set by the Makefile); fails the
 * test when it cannot. */
void tu_load_pack(rg_pack *pack);

/* $RELGRAPH_SHARED/corpus when it exists, else NULL (tests then skip and
 * say so). */
const char *tu_corpus_dir(void);

/* Reads a whole file into a NUL-terminated buffer (caller frees); NULL on error. */
char *tu_read_file(const char *path, size_t *len);

/* Runs the suite with CK_NORMAL output; returns the process exit status. */
int tu_run_suite(Suite *s);

#endif
