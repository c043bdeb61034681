/*
 * formats.c - the interchange format table (see formats.h).
 */
#include "formats.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "outfile.h"

static rg_status json_export_to(rg_store *st, const char *path, rg_error *err)
{
    rg_outfile of;
    rg_status rc = outfile_open(&of, path, err);

    if (rc != RG_OK)
        return rc;
    rc = jsonio_export(st, of.fp, err);
    if (rc != RG_OK) {
        outfile_abort(&of);
        return rc;
    }
    return outfile_commit(&of, err);
}

static rg_status json_import_from(rg_store *st, const char *path, rg_import_counts *counts,
                                  rg_error *err)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    rg_status rc;

    if (!in)
        return rg_fail(err, RG_ERR_IO, "%s: cannot open", path);
    rc = jsonio_import(st, in, in == stdin ? "<stdin>" : path, counts, err);
    if (in != stdin)
        fclose(in);
    return rc;
}

static const rg_format json_format = {
    "json", ".json", "relgraph's JSON interchange format", json_export_to, json_import_from,
};

const rg_format *const rg_formats[] = {
    &json_format,
    NULL
};

const rg_format *format_find(const char *name)
{
    for (size_t i = 0; rg_formats[i]; i++)
        if (strcasecmp(rg_formats[i]->name, name) == 0)
            return rg_formats[i];
    return NULL;
}

const rg_format *format_for_path(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

    if (!dot || (slash && dot < slash))
        return NULL;
    for (size_t i = 0; rg_formats[i]; i++) {
        const char *exts = rg_formats[i]->extensions;
        size_t n = strlen(dot);
        for (const char *p = strstr(exts, dot); p; p = strstr(p + 1, dot))
            if ((p == exts || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
                return rg_formats[i];
    }
    return NULL;
}
