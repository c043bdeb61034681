/*
 * error.h - the one error enum of relgraph and the error record that carries
 * a human-readable message from the library up to the CLI.
 *
 * Every library function that can fail returns an rg_status and, when it
 * fails, fills the caller's rg_error (which may be NULL when the caller does
 * not care).  Only cli/ prints messages or exits; the library never does.
 * Messages follow the convention "what: why" (or "FILE:LINE: why" for input
 * files) and never end with a newline, so the CLI can print
 * "relgraph: <msg>".
 */
#ifndef RG_ERROR_H
#define RG_ERROR_H

#include <stddef.h>

typedef enum rg_status {
    RG_OK = 0,
    RG_ERR_NOMEM,       /* allocation failed */
    RG_ERR_IO,          /* file system: missing, unreadable, unwritable */
    RG_ERR_DB,          /* SQLite reported an error, or the file is no relgraph db */
    RG_ERR_INVALID,     /* bad input: malformed text, JSON, UTF-8, date, ... */
    RG_ERR_NOT_FOUND,   /* a named entity, link, document or type does not exist */
    RG_ERR_AMBIGUOUS,   /* a name matches more than one entity */
    RG_ERR_EXISTS,      /* the thing to create exists already */
    RG_ERR_SCHEMA,      /* a type or link is not allowed by the domain pack */
    RG_ERR_USAGE,       /* the caller asked for something meaningless (CLI exit 2) */
    RG_ERR_LIMIT,       /* a safety limit was hit (size, length, count, time) */
    RG_ERR_UNSUPPORTED, /* valid request, not supported (format, option) */
    RG_ERR_INTERNAL     /* a third-party library failed in an unexpected way */
} rg_status;

#define RG_ERROR_MSG_MAX 1024

typedef struct rg_error {
    rg_status code;
    char msg[RG_ERROR_MSG_MAX];
} rg_error;

/* Records code and a printf-formatted message in err (when err is not NULL)
 * and returns code, so a failure path can say `return rg_fail(err, ...)`. */
rg_status rg_fail(rg_error *err, rg_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in err with "prefix: " (used to add context
 * such as a file name as an error travels up).  Returns err->code. */
rg_status rg_error_prefix(rg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears err to RG_OK and an empty message. */
void rg_error_clear(rg_error *err);

/* A stable lower-case name for a status ("not found", "out of memory"). */
const char *rg_status_str(rg_status code);

#endif
