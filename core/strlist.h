/*
 * strlist.h - a growable list of owned, NUL-terminated strings.
 *
 * Used for aliases, topics and type lists.  An all-zero rg_strlist is a valid
 * empty list.  The list owns its strings: push copies, free releases them.
 */
#ifndef RG_STRLIST_H
#define RG_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct rg_strlist {
    char **items;
    size_t len;
    size_t cap;
} rg_strlist;

/* Appends a copy of s.  O(1) amortised.  RG_ERR_NOMEM on failure (list unchanged). */
rg_status rg_strlist_push(rg_strlist *list, const char *s);

/* Appends a copy of s unless an identical string is present.  O(n). */
rg_status rg_strlist_push_unique(rg_strlist *list, const char *s);

/* True when an identical string is present.  O(n). */
bool rg_strlist_contains(const rg_strlist *list, const char *s);

/* Sorts by strcmp (byte order), for deterministic output. */
void rg_strlist_sort(rg_strlist *list);

/* Replaces dst's contents with copies of src's.  dst is left unchanged on failure. */
rg_status rg_strlist_copy(rg_strlist *dst, const rg_strlist *src);

/* Releases every string and the array; leaves an empty list. */
void rg_strlist_free(rg_strlist *list);

#endif
