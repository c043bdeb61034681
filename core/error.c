/*
 * error.c - formatting of rg_error records.  See error.h for the contract.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

rg_status rg_fail(rg_error *err, rg_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

rg_status rg_error_prefix(rg_error *err, const char *fmt, ...)
{
    char prefix[RG_ERROR_MSG_MAX], old[RG_ERROR_MSG_MAX];
    va_list ap;

    if (!err)
        return RG_ERR_INTERNAL;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    snprintf(err->msg, sizeof err->msg, "%s: %s", prefix, old);
    return err->code;
}

void rg_error_clear(rg_error *err)
{
    if (err) {
        err->code = RG_OK;
        err->msg[0] = '\0';
    }
}

const char *rg_status_str(rg_status code)
{
    switch (code) {
    case RG_OK: return "ok";
    case RG_ERR_NOMEM: return "out of memory";
    case RG_ERR_IO: return "input/output error";
    case RG_ERR_DB: return "database error";
    case RG_ERR_INVALID: return "invalid input";
    case RG_ERR_NOT_FOUND: return "not found";
    case RG_ERR_AMBIGUOUS: return "ambiguous";
    case RG_ERR_EXISTS: return "already exists";
    case RG_ERR_SCHEMA: return "not allowed by the schema";
    case RG_ERR_USAGE: return "usage error";
    case RG_ERR_LIMIT: return "limit exceeded";
    case RG_ERR_UNSUPPORTED: return "unsupported";
    case RG_ERR_INTERNAL: return "internal error";
    }
    return "unknown error";
}
