/*
 * gazetteer.h - lexicon entries from well-kept public data: the world's
 * cities from libgeonames and the countries of ISO 3166-1 from iso-codes,
 * each with its Vietnamese name where a translation exists.
 *
 * Every function appends jansson objects of the same shape as the entries
 * of a pack's lexicon.json, so the builder can treat both alike:
 *
 *   {"type": "city",                       entity type of the pack schema
 *    "name": "Wuhan",                      the English (geonames/ISO) name
 *    "aliases": ["Vũ Hán"],                other surface forms, strings
 *    "attrs": {"country": "CN", "lat": 30.58, "lon": 114.27,
 *              "population": 10392693, "geonames_id": "1791247",
 *              "admin1": "Hubei"},
 *    "flags": ["needs_capital"],           see below
 *    "source": "geonames"}                 "geonames" | "iso-codes" | "pack"
 *
 * Flags (strings in "flags"; an absent "flags" means none):
 *   needs_capital  match only where the text writes the form with an upper-
 *                  case first letter.  Set on every gazetteer entry:
 *                  gazetteer names are proper nouns and nothing else vouches
 *                  for them.  The builder does not read the flag itself:
 *                  its phrase lists give PH_CAP (extract.h) to every form
 *                  whose first letter is upper-case, and a PH_CAP form
 *                  matches only from a capitalised token, so a gazetteer
 *                  name, written with a capital, needs one in the text.
 *   ambiguous      some form of the entry is also an ordinary word or very
 *                  short ("Nice", "Mobile", "Reading", "Bath", "Hòa Bình" =
 *                  peace, "Bình Minh" = dawn).  The forms concerned are listed
 *                  in "ambiguous_forms"; the builder should accept a match of
 *                  such a form only with supporting context ("thành phố X",
 *                  "TP X", "X (Pháp)", a country named nearby).  Detected by
 *                  rule (a folded form of three letters or fewer, or a folded
 *                  form equal to a word of a built-in list of common English
 *                  and Vietnamese words, Vietnamese name syllables and common
 *                  family names -- "Mitchell", "Castro" -- or, for places in
 *                  Viet Nam, a name of two words or more that are all such
 *                  words -- "Xuân Mai"), never by a list of answers.
 *   homonym        another gazetteer entry shares a folded form (the many
 *                  Springfields; the city Singapore and the country
 *                  Singapore).  Prefer the entry with the larger "population"
 *                  or the one whose "country" the text names.
 * An entry without "source" comes from a pack (gazetteer_entry_source).
 *
 * Aliases: the Vietnamese translation (from the gettext catalogues
 * "geonames" and "iso_3166-1" of the installed packages), the same without
 * a generic prefix ("Thành phố Hồ Chí Minh" also gives "Hồ Chí Minh"), and
 * for countries the ISO common and official names and the alpha-3 code
 * (alpha-2 codes "IN", "IT", "NO" are too often ordinary words: they are in
 * attrs only; packs add "US", "UK" where wanted).  Aliases never repeat the
 * name's folded form.
 *
 * Translations are read with glibc's dgettext in the thread's own C.UTF-8
 * locale (uselocale) with LANGUAGE set to the wanted language for the
 * duration of the call and restored after: the functions are therefore not
 * safe to call while another thread reads the environment.  Where C.UTF-8
 * is missing, entries come without translations and stats->translated is 0.
 *
 * Ownership: `out` / `lexicon` arrays belong to the caller; the functions
 * only append (json_array_append_new) and, in gazetteer_merge, edit entries
 * in place.  On error the array may hold part of the new entries: callers
 * that need all-or-nothing pass a fresh array and append it on success.
 */
#ifndef RG_GAZETTEER_H
#define RG_GAZETTEER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "pack.h"

#define RG_GAZ_FLAG_NEEDS_CAPITAL "needs_capital"
#define RG_GAZ_FLAG_AMBIGUOUS     "ambiguous"
#define RG_GAZ_FLAG_HOMONYM       "homonym"

#define RG_GAZ_SOURCE_GEONAMES "geonames"
#define RG_GAZ_SOURCE_ISO      "iso-codes"
#define RG_GAZ_SOURCE_PACK     "pack"

/* Where iso-codes keeps ISO 3166-1 (Debian package iso-codes). */
#define RG_GAZ_ISO3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

typedef struct rg_gaz_options {
    unsigned long min_population; /* cities below this are skipped; 0 = all */
    const char *iso3166_path;     /* NULL = RG_GAZ_ISO3166_JSON */
    const char *language;         /* translations wanted; NULL = "vi" */
    bool drop_ambiguous;          /* leave out ambiguous forms, and entries
                                     whose name is one (for builders that do
                                     not weigh context) */
    bool skip_homonyms;           /* do not look for homonyms (no entry gets
                                     the flag; stats->homonyms is 0): for
                                     callers that never read it */
} rg_gaz_options;

typedef struct rg_gaz_stats {
    size_t entries;     /* entries appended */
    size_t translated;  /* of which with a translated alias */
    size_t ambiguous;   /* of which flagged ambiguous */
    size_t homonyms;    /* of which flagged homonym */
} rg_gaz_stats;

/* Appends one city entry per libgeonames city (24,361 in Debian 12's
 * libgeonames 0.3) with at least opt->min_population inhabitants; opt may be
 * NULL.  Flags ambiguous and homonym (among the cities appended by this
 * call).  stats (may be NULL) is overwritten.  RG_ERR_NOMEM, RG_ERR_INTERNAL
 * when libgeonames has no data.  O(cities); about 0.1 s (making the JSON
 * is most of it: see gazetteer_table_load). */
rg_status gazetteer_add_cities(json_t *out, const rg_gaz_options *opt, rg_gaz_stats *stats,
                               rg_error *err);

/* Appends one country entry per ISO 3166-1 code (249) with attrs iso2, iso3,
 * numeric and, when `cities` (may be NULL) holds city entries of that
 * country, the coordinates of the most populous of them as lat/lon with
 * "coords_of" naming it (geonames marks no capitals).  RG_ERR_IO when the
 * iso-codes file is missing, RG_ERR_INVALID when it is malformed. */
rg_status gazetteer_add_countries(json_t *out, const json_t *cities, const rg_gaz_options *opt,
                                  rg_gaz_stats *stats, rg_error *err);

/* Both of the above into a new array *out (caller json_decref()s it), and
 * marks cities that share a folded form with a country ("Singapore",
 * "Mexico") as homonym.  cities/countries stats may be NULL. */
rg_status gazetteer_load(json_t **out, const rg_gaz_options *opt, rg_gaz_stats *cities,
                         rg_gaz_stats *countries, rg_error *err);

/* Merges gazetteer entries into a pack lexicon: a gazetteer entry that
 * shares a folded form with a lexicon entry of the same type (and, when both
 * give a "country"/"iso2" attr, the same one; and never a gazetteer city
 * into a subdivision: attrs "kind": "state" or "province": "province", whose
 * namesake city is its capital, not itself) completes that entry -- its
 * missing attrs are copied and its new forms become aliases -- and is not
 * appended; when several gazetteer entries match one lexicon entry only the
 * most populous completes it.  Every other gazetteer entry is appended (a
 * new reference).  The pack's forms win: a pack entry never gets the
 * gazetteer's flags.  *merged (may be NULL) gets the number of gazetteer
 * entries folded into pack entries.  Where a form then names both a pack
 * entry and gazetteer entries, prefer the pack entry.  A pack entry may list "not_forms":
 * forms the merge must never add to it (the city "Thành phố Hồ Chí Minh"
 * refuses the bare "Hồ Chí Minh", a person).  O(total forms).  RG_ERR_INVALID when
 * an entry is not an object with string "type" and "name". */
rg_status gazetteer_merge(json_t *lexicon, const json_t *gazetteer, size_t *merged,
                          rg_error *err);

/* The usual call for an ingest: gazetteer_load, then gazetteer_merge into
 * pack->lexicon.  All or nothing: on error pack->lexicon is unchanged.  The
 * stats and merged pointers may be NULL.  About 0.2 s of CPU for the
 * default pack, nearly all of it making JSON (the builder uses the table
 * functions below instead). */
rg_status gazetteer_extend_pack(rg_pack *pack, const rg_gaz_options *opt, rg_gaz_stats *cities,
                                rg_gaz_stats *countries, size_t *merged, rg_error *err);

/* ---- the same entries without JSON (for the builder) ------------------
 *
 * gazetteer_load builds about 25,000 JSON objects whose attrs a builder
 * needs only for the few places a document names.  A table holds the same
 * entries compactly: forms (surface and folded), flags, type and
 * population; attrs are made on request (a city's admin1 and coordinates
 * are read again from libgeonames then).  Entry i of the table is entry i
 * of gazetteer_load with the same options: gazetteer_table_entry(t, i)
 * gives exactly that JSON object. */
typedef struct rg_gaz_table rg_gaz_table;

/* Loads cities and countries and flags them as gazetteer_load does.
 * *out is freed with gazetteer_table_free.  Errors as gazetteer_load. */
rg_status gazetteer_table_load(rg_gaz_table **out, const rg_gaz_options *opt,
                               rg_gaz_stats *cities, rg_gaz_stats *countries, rg_error *err);
void gazetteer_table_free(rg_gaz_table *t);

/* Accessors; i < gazetteer_table_size(t).  Strings belong to the table. */
size_t gazetteer_table_size(const rg_gaz_table *t);
const char *gazetteer_table_type(const rg_gaz_table *t, size_t i);     /* "city" | "country" */
unsigned long gazetteer_table_population(const rg_gaz_table *t, size_t i); /* 0: none */
/* Forms: k = 0 is the name, then the aliases in order. */
size_t gazetteer_table_n_forms(const rg_gaz_table *t, size_t i);
/* The surface form k; *folded (may be NULL) gets its folded form and
 * *ambiguous (may be NULL) whether it is one of "ambiguous_forms". */
const char *gazetteer_table_form(const rg_gaz_table *t, size_t i, size_t k, const char **folded,
                                 bool *ambiguous);

/* A new JSON object: entry i's "attrs" / the whole entry.  Safe to call
 * from several threads at once (the table is only read).  RG_ERR_NOMEM,
 * RG_ERR_INTERNAL when libgeonames no longer has the city. */
rg_status gazetteer_table_attrs(const rg_gaz_table *t, size_t i, json_t **out, rg_error *err);
rg_status gazetteer_table_entry(const rg_gaz_table *t, size_t i, json_t **out, rg_error *err);

/* gazetteer_merge of the table entries order[0..n) (in that order, as if
 * they were the JSON array `gazetteer`) into lexicon: a pack entry to
 * complete is replaced by a completed copy, so the array's entries are
 * never modified (lexicon may be a json_copy sharing them with the pack);
 * the table indexes of the entries gazetteer_merge would append go to
 * rest[0..*n_rest) (rest has room for n), in order. */
rg_status gazetteer_merge_table(json_t *lexicon, const rg_gaz_table *t, const size_t *order,
                                size_t n, size_t *rest, size_t *n_rest, size_t *merged,
                                rg_error *err);

/* True when the name, folded (fold.h), is three letters or fewer or equals
 * a common English or Vietnamese word of the built-in list.  Builds the
 * word set for each call: O(list size); for tests and one-off checks. */
rg_status gazetteer_is_ordinary_word(const char *name, bool *out, rg_error *err);

/* True when entry's "flags" array holds flag. */
bool gazetteer_entry_has_flag(const json_t *entry, const char *flag);

/* The entry's "source", or RG_GAZ_SOURCE_PACK when it has none. */
const char *gazetteer_entry_source(const json_t *entry);

#endif
