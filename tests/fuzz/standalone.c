/*
 * standalone.c - a plain main() for the fuzz targets, so their inputs can
 * be replayed without libFuzzer: each argument is a file, or a folder
 * whose files are all read (in name order), and each file's bytes go to
 * LLVMFuzzerTestOneInput once, in a buffer of exactly that size so that
 * AddressSanitizer sees any read past the end.
 *
 * `make test-san` links every tests/fuzz/fuzz_*.c with this file and the
 * ASan+UBSan library and runs it over the target's seeds and saved
 * regressions (tests/fuzz/run-regressions.sh): every crash ever found stays
 * a test.  Prints "fuzz_<name>: N inputs ok"; a crash aborts with the
 * sanitizer's report after naming the file.
 */
#include <dirent.h>
#include <sanitizer/common_interface_defs.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static char current[4096];    /* the file being run, named when it crashes */

static void name_current(void)
{
    if (current[0])
        fprintf(stderr, "standalone: the input that failed: %s\n", current);
}

/* FUZZ_CHECK aborts; the sanitizers report through the death callback. */
static void on_abort(int sig)
{
    name_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long size;

    if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        if (f)
            fclose(f);
        return -1;
    }
    /* malloc(0) may return NULL; one spare byte keeps the pointer real
     * while the size passed stays exact */
    buf = malloc((size_t)size ? (size_t)size : 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    snprintf(current, sizeof current, "%s", path);
    LLVMFuzzerTestOneInput(buf, (size_t)size);
    current[0] = '\0';
    free(buf);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Runs path (a file or a folder of files); returns the number run or -1. */
static long run_path(const char *path)
{
    struct stat sb;
    struct dirent **list;
    long count = 0;
    int n;

    if (stat(path, &sb) != 0)
        return 0;   /* a target without regressions yet has no folder */
    if (!S_ISDIR(sb.st_mode))
        return run_file(path) == 0 ? 1 : -1;
    if ((n = scandir(path, &list, NULL, by_name)) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        char file[4096];
        if (list[i]->d_name[0] != '.' && count >= 0) {
            snprintf(file, sizeof file, "%s/%s", path, list[i]->d_name);
            count = run_file(file) == 0 ? count + 1 : -1;
        }
        free(list[i]);
    }
    free(list);
    return count;
}

int main(int argc, char **argv)
{
    long total = 0;
    const char *me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

    __sanitizer_set_death_callback(name_current);
    signal(SIGABRT, on_abort);
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        long n = run_path(argv[i]);
        if (n < 0)
            return 1;
        total += n;
    }
    printf("%s: %ld inputs ok\n", me, total);
    return 0;
}
