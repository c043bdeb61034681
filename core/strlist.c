/*
 * strlist.c - growable list of owned strings (see strlist.h).
 */
#include "strlist.h"

#include <stdlib.h>
#include <string.h>

rg_status rg_strlist_push(rg_strlist *list, const char *s)
{
    char *copy;

    if (list->len == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 4;
        char **items = realloc(list->items, cap * sizeof *items);
        if (!items)
            return RG_ERR_NOMEM;
        list->items = items;
        list->cap = cap;
    }
    copy = strdup(s);
    if (!copy)
        return RG_ERR_NOMEM;
    list->items[list->len++] = copy;
    return RG_OK;
}

rg_status rg_strlist_push_unique(rg_strlist *list, const char *s)
{
    return rg_strlist_contains(list, s) ? RG_OK : rg_strlist_push(list, s);
}

bool rg_strlist_contains(const rg_strlist *list, const char *s)
{
    for (size_t i = 0; i < list->len; i++)
        if (strcmp(list->items[i], s) == 0)
            return true;
    return false;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void rg_strlist_sort(rg_strlist *list)
{
    if (list->len > 1)
        qsort(list->items, list->len, sizeof *list->items, compare_strings);
}

rg_status rg_strlist_copy(rg_strlist *dst, const rg_strlist *src)
{
    rg_strlist tmp = {0};

    for (size_t i = 0; i < src->len; i++) {
        if (rg_strlist_push(&tmp, src->items[i]) != RG_OK) {
            rg_strlist_free(&tmp);
            return RG_ERR_NOMEM;
        }
    }
    rg_strlist_free(dst);
    *dst = tmp;
    return RG_OK;
}

void rg_strlist_free(rg_strlist *list)
{
    for (size_t i = 0; i < list->len; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->len = list->cap = 0;
}
