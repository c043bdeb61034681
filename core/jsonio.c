/*
 * core/jsonio.c - PLACEHOLDER so the tree links; replaced by the real jsonio.
 */
#include "jsonio.h"

rg_status jsonio_export(rg_store *st, FILE *out, rg_error *err)
{
    (void)st;
    (void)out;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "jsonio_export: not implemented yet");
}

rg_status jsonio_import(rg_store *st, FILE *in, const char *name, rg_import_counts *counts, rg_error *err)
{
    (void)st;
    (void)in;
    (void)name;
    (void)counts;
    return rg_fail(err, RG_ERR_UNSUPPORTED, "jsonio_import: not implemented yet");
}
