/*
 * outfile.c - write to PATH.tmp.XXXXXX, rename on success (see outfile.h).
 */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

rg_status outfile_open(rg_outfile *of, const char *path, rg_error *err)
{
    int fd;
    size_t n;

    memset(of, 0, sizeof *of);
    if (strcmp(path, "-") == 0) {
        of->fp = stdout;
        return RG_OK;
    }
    n = strlen(path);
    of->path = strdup(path);
    of->tmp = malloc(n + 16);
    if (!of->path || !of->tmp)
        goto nomem;
    snprintf(of->tmp, n + 16, "%s.tmp.XXXXXX", path);
    fd = mkstemp(of->tmp);
    if (fd < 0) {
        rg_fail(err, RG_ERR_IO, "%s: cannot write there: %s", path, strerror(errno));
        goto fail;
    }
    fchmod(fd, 0644);
    of->fp = fdopen(fd, "w");
    if (!of->fp) {
        close(fd);
        unlink(of->tmp);
        goto nomem;
    }
    return RG_OK;
nomem:
    rg_fail(err, RG_ERR_NOMEM, "out of memory");
fail:
    free(of->path);
    free(of->tmp);
    memset(of, 0, sizeof *of);
    return err ? err->code : RG_ERR_IO;
}

rg_status outfile_commit(rg_outfile *of, rg_error *err)
{
    rg_status rc = RG_OK;

    if (!of->fp)
        return rg_fail(err, RG_ERR_INTERNAL, "output file is not open");
    if (!of->tmp) {
        if (fflush(of->fp) != 0)
            rc = rg_fail(err, RG_ERR_IO, "cannot write to standard output: %s", strerror(errno));
        of->fp = NULL;
        return rc;
    }
    if (fflush(of->fp) != 0 || fsync(fileno(of->fp)) != 0 || ferror(of->fp))
        rc = rg_fail(err, RG_ERR_IO, "%s: write failed: %s", of->path, strerror(errno));
    if (fclose(of->fp) != 0 && rc == RG_OK)
        rc = rg_fail(err, RG_ERR_IO, "%s: write failed: %s", of->path, strerror(errno));
    of->fp = NULL;
    if (rc == RG_OK && rename(of->tmp, of->path) != 0)
        rc = rg_fail(err, RG_ERR_IO, "%s: cannot replace: %s", of->path, strerror(errno));
    if (rc != RG_OK)
        unlink(of->tmp);
    free(of->path);
    free(of->tmp);
    of->path = of->tmp = NULL;
    return rc;
}

void outfile_abort(rg_outfile *of)
{
    if (of->fp && of->tmp)
        fclose(of->fp);
    if (of->tmp)
        unlink(of->tmp);
    free(of->path);
    free(of->tmp);
    memset(of, 0, sizeof *of);
}
