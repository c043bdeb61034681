/*
 * testutil.h - shared helpers for the Check suites: temporary folders,
 * loading the default pack, running a suite with Check's standard output.
 */
#ifndef RG_TESTUTIL_H
#define RG_TESTUTIL_H

#include <check.h>
#include <stddef.h>

#include "../../core/builder.h"
#include "../../core/pack.h"
#include "../../core/store.h"

/* A fresh temporary folder (mkdtemp); the path is written into buf. */
void tu_tmpdir(char *buf, size_t n);

/* Loads the default pack (RELGRAPH_DATA is set by the Makefile); fails the
 * test when it cannot. */
void tu_load_pack(rg_pack *pack);

/* Loads the default pack into *pack and compiles a builder over it into *b
 * (the fixture of the builder suites); fails the test when either fails.
 * tu_free_builder frees both. */
void tu_load_builder(rg_pack *pack, rg_builder **b);
void tu_free_builder(rg_pack *pack, rg_builder *b);

/* st's JSON export without the lines holding ingestion times (a clock, not
 * content), for comparing two databases; the caller frees it.  Fails the
 * test when the export fails. */
char *tu_export_without_clock(rg_store *st);

/* $RELGRAPH_SHARED/corpus when it exists, else NULL (tests then skip and
 * say so). */
const char *tu_corpus_dir(void);

/* Reads a whole file into a NUL-terminated buffer (caller frees); NULL on error. */
char *tu_read_file(const char *path, size_t *len);

/* Appends n pieces chosen from pieces[0..npieces) by a linear congruential
 * generator (*seed, advanced) to out at *len (the caller makes room) and
 * NUL-terminates it: the random texts of the fast-path tests. */
void tu_glue_pieces(unsigned *seed, const char *const *pieces, size_t npieces, int n, char *out,
                    size_t *len);

/* Runs the suite with CK_NORMAL output; returns the process exit status. */
/* The rows that sql answers on the database file at path, through a
 * read-only connection of the test's own (what was committed, whatever
 * the store under test says). */
int tu_rows_on(const char *path, const char *sql);

/* The first column of the first row sql answers on the database file at
 * path, as text (a new string; NULL when there is no row), through the
 * same kind of connection. */
char *tu_text_on(const char *path, const char *sql);

/* Pieces of text for the tests that glue random texts (tu_glue_pieces):
 * every letter of Vietnamese beyond ASCII, both cases, the combining tone
 * marks alone and after a letter, and neighbours that are not Vietnamese
 * (other Latin letters, Greek, CJK, a ligature, white space, punctuation):
 * tu_vietnamese_npieces of them. */
extern const char *const tu_vietnamese_pieces[];
extern const size_t tu_vietnamese_npieces;

int tu_run_suite(Suite *s);

#endif
