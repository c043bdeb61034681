/*
 * select.h - the SELECTION options every analysis and rendering command
 * shares (--types, --entity-types, --as-of, --dated-only, --min-evidence,
 * --ego, --depth), their parser, and the function that cuts a sub-graph out
 * of an rg_graph with them.
 *
 * Used from any command's getopt_long loop:
 *
 *     static const struct option opts[] = {
 *         {"json", no_argument, NULL, 'j'},
 *         RG_SELECT_LONG_OPTIONS,
 *         {0}};
 *     rg_selection sel = {0};
 *     ...
 *     if (select_is_option(c)) {
 *         if (select_parse_option(&sel, c, optarg, &err) != RG_OK)
 *             -> usage error (err.code is RG_ERR_USAGE)
 *     }
 *     ...
 *     select_check(&sel, pack, &err);            types known to the pack?
 *     select_resolve(&sel, store, &err);         --ego NAME -> entity id
 *     select_apply(&sel, &whole, &sub, &err);    or select_filter in place
 *     select_free(&sel);
 *
 * Semantics (documented for users in Documentation/relgraph-analyze.md):
 * - --types T,...        keep links of these types only;
 * - --entity-types T,... keep entities of these types only (and links whose
 *                        both ends are kept);
 * - --as-of DATE         keep links dated on or before DATE; partial dates
 *                        compare on their common prefix, so a link dated
 *                        "2015" is kept for --as-of 2015-03-01 and a link
 *                        dated 2015-06-03 for --as-of 2015; undated links are
 *                        kept unless --dated-only;
 * - --dated-only         drop undated links;
 * - --min-evidence N     keep links with at least N evidence sentences;
 * - --ego E --depth N    keep only what lies within N links of entity E
 *                        (ignoring direction; default depth 1), after the
 *                        other filters.
 * When a link filter is active (--types, --as-of, --dated-only,
 * --min-evidence), entities left without any link are dropped too, so the
 * sub-graph shows the network those links make; with no link filter every
 * entity of the kept types stays, isolated or not.  The ego entity itself is
 * always kept when it passes the entity-type filter.
 *
 * No igraph here: this header is shared with render/.
 */
#ifndef RG_SELECT_H
#define RG_SELECT_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "../core/error.h"
#include "../core/model.h"
#include "../core/pack.h"
#include "../core/store.h"
#include "../core/strlist.h"

typedef struct rg_selection {
    rg_strlist link_types;      /* empty = every link type */
    rg_strlist entity_types;    /* empty = every entity type */
    char as_of[RG_DATE_MAX];    /* "" = no date limit */
    bool dated_only;
    long min_evidence;          /* 0 = no limit */
    char *ego;                  /* as the user typed it; NULL = no ego filter */
    rg_id ego_id;               /* set by select_resolve (or by the caller) */
    int depth;                  /* ego radius; 0 means the default (1), -1 the
                                   ego alone (what --depth 0 records) */
} rg_selection;

/* getopt_long codes of the selection options; above any short option. */
enum {
    RG_SELOPT_TYPES = 0x5e100,
    RG_SELOPT_ENTITY_TYPES,
    RG_SELOPT_AS_OF,
    RG_SELOPT_DATED_ONLY,
    RG_SELOPT_MIN_EVIDENCE,
    RG_SELOPT_EGO,
    RG_SELOPT_DEPTH
};

/* Put this inside a command's `struct option` array. */
#define RG_SELECT_LONG_OPTIONS                                            \
    {"types", required_argument, NULL, RG_SELOPT_TYPES},                  \
    {"entity-types", required_argument, NULL, RG_SELOPT_ENTITY_TYPES},    \
    {"as-of", required_argument, NULL, RG_SELOPT_AS_OF},                  \
    {"dated-only", no_argument, NULL, RG_SELOPT_DATED_ONLY},              \
    {"min-evidence", required_argument, NULL, RG_SELOPT_MIN_EVIDENCE},    \
    {"ego", required_argument, NULL, RG_SELOPT_EGO},                      \
    {"depth", required_argument, NULL, RG_SELOPT_DEPTH}

/* The help lines for these options, to paste into a command's --help text. */
#define RG_SELECT_HELP                                                          \
    "Selection (shared by analyze, path, neighbors, timeline and render):\n"    \
    "  --types T,...         only links of these types\n"                       \
    "  --entity-types T,...  only entities of these types\n"                    \
    "  --as-of DATE          only links dated on or before DATE (YYYY[-MM[-DD]]);\n" \
    "                        undated links are kept unless --dated-only\n"      \
    "  --dated-only          drop undated links\n"                              \
    "  --min-evidence N      only links with at least N evidence sentences\n"   \
    "  --ego ENTITY          only what lies within --depth links of ENTITY\n"   \
    "  --depth N             radius for --ego (default 1)\n"

/* True when a getopt_long return value is one of the selection options. */
bool select_is_option(int opt);

/* Records one selection option (opt from getopt_long, arg its optarg).
 * Lists are comma-separated and accumulate over repeats.  RG_ERR_USAGE with
 * a message such as "--as-of: '2015-13' is not a date (YYYY[-MM[-DD]])" for
 * a bad value; RG_ERR_NOMEM. */
rg_status select_parse_option(rg_selection *sel, int opt, const char *arg, rg_error *err);

/* True when any option narrows the graph. */
bool select_is_active(const rg_selection *sel);

/* Checks the type names against the pack: RG_ERR_USAGE "--types: unknown
 * link type 'x' (valid: ...)"; pack may be NULL (no type check).  Also
 * RG_ERR_USAGE for --depth without --ego. */
rg_status select_check(const rg_selection *sel, const rg_pack *pack, rg_error *err);

/* Resolves sel->ego to sel->ego_id with store_resolve_entity (so an unknown
 * name fails with its "did you mean" message, prefixed "--ego: ").  A no-op
 * without --ego. */
rg_status select_resolve(rg_selection *sel, rg_store *st, rg_error *err);

/* Loads into the empty *out (store flags as for store_load_graph) what the
 * selection can keep: with an ego (sel->ego_id resolved), only the ball of
 * its depth around it (store_load_ball), else the whole graph.  It does
 * not cut: call select_filter after, which gives the same result as on the
 * whole graph.  A ball of more than SELECT_BALL_MAX entities is dropped for
 * the whole graph, which one scan reads faster than that many lookups. */
#define SELECT_BALL_MAX 20000
rg_status select_load(const rg_selection *sel, rg_store *st, unsigned flags, rg_graph *out,
                      rg_error *err);

/* Fills the empty graph *out with deep copies of the entities and links of g
 * that the selection keeps (documents are copied whole).  g's arrays must be
 * sorted by id.  With --ego, sel->ego_id must be set; RG_ERR_NOT_FOUND when
 * that entity is not in g or is removed by the entity-type filter.  *out is
 * left empty on error.  O(n + m). */
rg_status select_apply(const rg_selection *sel, const rg_graph *g, rg_graph *out,
                       rg_error *err);

/* The same, in place: removes (and frees) what the selection drops from g,
 * keeping order.  Cheaper than select_apply for a million links.  On error g
 * is unchanged. */
rg_status select_filter(const rg_selection *sel, rg_graph *g, rg_error *err);

/* True when link l passes the link filters (types, dates, evidence) alone. */
bool select_keeps_link(const rg_selection *sel, const rg_link *l);

/* True when date (possibly "", partial) is on or before limit (partial or
 * full), comparing on the common prefix; "" is never on or before. */
bool select_date_on_or_before(const char *date, const char *limit);

/* Releases the lists and the ego text; leaves an empty selection. */
void select_free(rg_selection *sel);

#endif
