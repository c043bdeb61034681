/*
 * fuzzutil.h - helpers shared by the libFuzzer targets in tests/fuzz/.
 *
 * Every target is one fuzz_<name>.c defining LLVMFuzzerTestOneInput (and,
 * when it needs a fixture such as the default pack, LLVMFuzzerInitialize).
 * The same file is linked either with libFuzzer (clang, `make fuzz`) or with
 * tests/fuzz/standalone.c, a plain main() that feeds files to it (gcc +
 * ASan/UBSan, the regression run in `make test-san`).
 *
 * The library keeps no global mutable state, so a target creates and frees
 * everything per input.  What these helpers hold across inputs (a loaded
 * pack, a scratch folder) is the harness's own per-process fixture.
 */
#ifndef RG_FUZZUTIL_H
#define RG_FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property the library promises was broken: report and abort, which
 * libFuzzer and the standalone driver both record as a crash. */
#define FUZZ_CHECK(cond)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                     \
            abort();                                                            \
        }                                                                       \
    } while (0)

/* Points RELGRAPH_DATA at the source tree's data/ when the caller did not
 * set it, so pack_load_default finds the default pack from build/fuzz/. */
static inline void fuzz_set_data_dir(void)
{
#ifdef FUZZ_DATA_DIR
    if (!getenv("RELGRAPH_DATA"))
        setenv("RELGRAPH_DATA", FUZZ_DATA_DIR, 1);
#endif
}

/* A fixture that could not be set up is a broken harness, not a finding. */
static inline void fuzz_die(const char *what, const rg_error *err)
{
    fprintf(stderr, "fuzz fixture: %s: %s\n", what, err ? err->msg : "failed");
    exit(2);
}

/* A NUL-terminated copy of the input (caller frees); exits on no memory. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        exit(2);
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Splits data at the first occurrence of sep: [data, *first_len) and
 * [*rest, *rest + *rest_len).  Without sep the whole input is the first
 * part and the rest is NULL. */
static inline void fuzz_split(const uint8_t *data, size_t size, const char *sep,
                              size_t *first_len, const uint8_t **rest, size_t *rest_len)
{
    const uint8_t *p = size ? memmem(data, size, sep, strlen(sep)) : NULL;
    if (!p) {
        *first_len = size;
        *rest = NULL;
        *rest_len = 0;
        return;
    }
    *first_len = (size_t)(p - data);
    *rest = p + strlen(sep);
    *rest_len = size - *first_len - strlen(sep);
}

/* A scratch folder for this process, made once: readers that only take a
 * path (GraphML, CSV, pack folders) get the input written to a file there.
 * One folder per process, not per input, because mkdtemp + rmdir per input
 * would cost more than most parses; it is removed at exit. */
static char fuzz_scratch[64];

static inline void fuzz_scratch_cleanup(void)
{
    char cmd[128];
    if (fuzz_scratch[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_scratch);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: could not remove %s\n", fuzz_scratch);
    }
}

static inline const char *fuzz_scratch_dir(void)
{
    if (!fuzz_scratch[0]) {
        strcpy(fuzz_scratch, "/tmp/relgraph-fuzz-XXXXXX");
        if (!mkdtemp(fuzz_scratch))
            fuzz_die("mkdtemp", NULL);
        atexit(fuzz_scratch_cleanup);
    }
    return fuzz_scratch;
}

/* Writes size bytes to <scratch>/<name> and returns the path (static
 * buffer, valid until the next call); exits when the write fails. */
static inline const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[256];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", fuzz_scratch_dir(), name);
    if (!(f = fopen(path, "wb")) || (size && fwrite(data, 1, size, f) != size) ||
        fclose(f) != 0)
        fuzz_die(path, NULL);
    return path;
}

/* Removes <scratch>/<name> when it exists. */
static inline void fuzz_remove_file(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", fuzz_scratch_dir(), name);
    unlink(path);
}

#endif
