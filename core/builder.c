/*
 * builder.c - the builder pipeline (builder.h): compile the pack's builder
 * data, run the extraction stages (scan -> discover -> resolve -> relate,
 * see extract.h) and convert their result into an rg_graph whose evidence
 * points into the document as code-point offsets; then store it: one
 * transaction per document (builder_ingest), or documents committed in
 * groups (ingest sessions), where a document that fails rolls the group
 * back and the group's other documents are stored again.
 */
#include "builder.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "extract.h"
#include "fold.h"
#include "gazetteer.h"
#include "normalize.h"

/* The gazetteer entries of the lexicon come from a table (gazetteer.h), not
 * JSON, and every entry's attrs text is made when an entity of its is
 * first put in a graph: making it for all 25,000 at start-up was a third of
 * the start-up, for the few hundred places a corpus names.  entity_attrs
 * gives the text. */
struct rg_builder {
    rg_rules r;
    rg_builder_limits limits;
    json_t *lex;                /* the pack's lexicon as merged: its entries' attrs */
    const json_t **pack_attrs;  /* r.lex[i]'s "attrs" in lex, for i < gaz_first */
    rg_gaz_table *gaz;          /* NULL without libgeonames data */
    size_t gaz_first;           /* r.lex[gaz_first + k] is table entry gaz_of[k] */
    size_t *gaz_of;
    size_t n_gaz;
    _Atomic(char *) *attrs;     /* r.lex[i]'s attrs text once made (NULL: not yet) */
    /* what normalising and scanning work out about Vietnamese's code
     * points, once for every document */
    rg_norm_facts *norm_facts;
    rg_scan_facts *scan_facts;
};

/* ---- compiling the pack ------------------------------------------------ */

/* Room for n lexicon entries in all. */
static rg_status reserve_lexentries(rg_rules *r, size_t n, rg_error *err)
{
    rg_lexentry *p;

    if (n <= r->cap_lex)
        return RG_OK;
    if (!(p = realloc(r->lex, n * sizeof *p)))
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    r->lex = p;
    r->cap_lex = n;
    return RG_OK;
}

/* A new entry named name: a copy of it, or with copy false name itself
 * (a gazetteer table's string, which the builder keeps; builder_free
 * leaves those names to the table). */
static rg_status add_lexentry(rg_rules *r, const char *type, const char *name, bool copy,
                              uint32_t *idx, rg_error *err)
{
    rg_status rc;

    if (r->nlex == r->cap_lex &&
        (rc = reserve_lexentries(r, r->cap_lex ? r->cap_lex * 2 : 256, err)) != RG_OK)
        return rc;
    memset(&r->lex[r->nlex], 0, sizeof r->lex[r->nlex]);
    rg_copy_fixed(r->lex[r->nlex].type, RG_TYPE_MAX, type);
    r->lex[r->nlex].name = copy ? strdup(name) : (char *)name;
    if (!r->lex[r->nlex].name)
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    *idx = (uint32_t)r->nlex++;
    return RG_OK;
}

/* Whether a one-word form has a letter outside ASCII or at most three
 * letters. */
static bool short_or_marked(const char *form)
{
    size_t letters = 0;
    for (const unsigned char *p = (const unsigned char *)form; *p; p++) {
        if (*p >= 0x80)
            return true;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
            letters++;
    }
    return letters <= 3;
}

/* A lexicon form (folded: its folded form, or NULL to fold it here);
 * one-letter forms ("Ý" for Italy) are left out, as they fold like the
 * first letter of too many words ("Y tế").  gazetteer: the entry is not
 * the pack's; ambiguous: the form is one of its "ambiguous_forms". */
static rg_status add_form(rg_rules *r, const char *form, const char *folded, uint32_t idx,
                          bool gazetteer, bool ambiguous, rg_error *err)
{
    char *own = NULL;
    bool tiny;
    rg_status rc;

    /* folded once: for the length check and as the phrase's key */
    if (!folded) {
        if ((rc = text_fold(form, strlen(form), &own, err)) != RG_OK)
            return rc;
        folded = own;
    }
    tiny = strlen(folded) < 2;
    rc = tiny ? RG_OK : phrases_add_folded(&r->lexicon, form, folded, idx, err);
    free(own);
    if (rc != RG_OK || tiny)
        return rc;
    /* a one-word gazetteer form must match with its diacritics: the city
     * "Ho" is not the Vietnamese name "Hồ"; so must a one-word form of the
     * pack that has diacritics (a Vietnamese syllable with another tone is
     * another word: "Huệ" is not "Huế") or is very short ("L.A." is not
     * "Là") */
    if (!strchr(form, ' ') && (gazetteer || short_or_marked(form)) &&
        (rc = phrases_last_exact(&r->lexicon, form, err)) != RG_OK)
        return rc;
    /* a form that is also an ordinary word ("Nice", "Hòa Bình") needs a
     * city head before it (gazetteer.h "ambiguous") */
    if (ambiguous)
        r->lexicon.v[r->lexicon.n - 1].flags |= PH_AMBIG;
    return RG_OK;
}

/* Whether form is one of a JSON entry's "ambiguous_forms". */
static bool json_form_ambiguous(const json_t *entry, const char *form)
{
    size_t k;
    json_t *a;

    if (!gazetteer_entry_has_flag(entry, RG_GAZ_FLAG_AMBIGUOUS))
        return false;
    json_array_foreach(json_object_get(entry, "ambiguous_forms"), k, a)
        if (json_is_string(a) && strcmp(json_string_value(a), form) == 0)
            return true;
    return false;
}

/* Table indexes by population, largest first, ties in table order: a
 * stable LSD radix sort on the 32-bit population (four byte passes) costs
 * a tenth of qsort's 350,000 comparisons through a function pointer. */
typedef struct pop_key {
    uint32_t key;           /* ~population: ascending keys, descending populations */
    uint32_t index;
} pop_key;

static rg_status population_order(const rg_gaz_table *t, size_t *order, rg_error *err)
{
    size_t n = gazetteer_table_size(t);
    pop_key *a = malloc((n + 1) * sizeof *a), *tmp = malloc((n + 1) * sizeof *tmp);

    if (!a || !tmp) {
        free(a);
        free(tmp);
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        a[i].key = ~(uint32_t)gazetteer_table_population(t, i);
        a[i].index = (uint32_t)i;
    }
    for (unsigned shift = 0; shift < 32; shift += 8) {
        size_t start[257] = {0};
        pop_key *swap;
        for (size_t i = 0; i < n; i++)
            start[((a[i].key >> shift) & 0xff) + 1]++;
        for (size_t k = 0; k < 256; k++)
            start[k + 1] += start[k];
        for (size_t i = 0; i < n; i++)
            tmp[start[(a[i].key >> shift) & 0xff]++] = a[i];
        swap = a;
        a = tmp;
        tmp = swap;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = a[i].index;
    free(a);
    free(tmp);
    return RG_OK;
}

/* The pack's lexicon completed with the gazetteer (geonames cities, ISO
 * countries): *lex the pack's entries (some completed with gazetteer attrs
 * and forms), then the table entries *rest[0..*n_rest), the most populous
 * of same-named places first, so that a bare "Springfield" is the largest
 * one.  *gaz is NULL when libgeonames has no data. */
static rg_status full_lexicon(const rg_pack *pack, json_t **lex, rg_gaz_table **gaz,
                              size_t **rest, size_t *n_rest, rg_error *err)
{
    /* the builder reads no homonym flag */
    const rg_gaz_options opt = {.skip_homonyms = true};
    size_t n, *order = NULL;
    rg_status rc;

    *lex = NULL;
    *gaz = NULL;
    *rest = NULL;
    *n_rest = 0;
    /* the merge replaces the entries it completes: the others stay shared */
    if (!(*lex = json_copy(pack->lexicon)))
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    if (gazetteer_table_load(gaz, &opt, NULL, NULL, err) != RG_OK) {
        /* no geonames data: the pack's lexicon alone still works */
        rg_error_clear(err);
        *gaz = NULL;
        return RG_OK;
    }
    n = gazetteer_table_size(*gaz);
    order = malloc((n + 1) * sizeof *order);
    *rest = malloc((n + 1) * sizeof **rest);
    if (!order || !*rest) {
        free(order);
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    }
    if ((rc = population_order(*gaz, order, err)) == RG_OK)
        rc = gazetteer_merge_table(*lex, *gaz, order, n, *rest, n_rest, NULL, err);
    free(order);
    return rc;
}

/* An entry's scalar attrs (coordinates, codes, population) as JSON text
 * (*out NULL when none).  Lists and objects are the pack's notes to the
 * builder (former names, merged provinces), as is "kind"; left out, every
 * attribute also fits the flat attribute model of GraphML, GEXF and CSV. */
static rg_status attrs_text(const json_t *attrs, char **out, rg_error *err)
{
    json_t *copy, *value;
    const char *key;
    void *tmp;

    *out = NULL;
    if (!json_is_object(attrs) || json_object_size(attrs) == 0)
        return RG_OK;
    if (!(copy = json_copy((json_t *)attrs)))
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    json_object_del(copy, "kind");
    json_object_foreach_safe(copy, tmp, key, value)
        if (json_is_array(value) || json_is_object(value))
            json_object_del(copy, key);
    if (json_object_size(copy) > 0 &&
        !(*out = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS | RG_JSON_REALS))) {
        json_decref(copy);
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    }
    json_decref(copy);
    return RG_OK;
}

static rg_status compile_lexicon(rg_builder *b, const json_t *lexicon, const rg_pack *pack,
                                 rg_error *err)
{
    rg_rules *r = &b->r;
    size_t i;
    json_t *e;

    b->pack_attrs = calloc(json_array_size(lexicon) + 1, sizeof *b->pack_attrs);
    if (!b->pack_attrs)
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    json_array_foreach(lexicon, i, e) {
        const char *type = json_string_value(json_object_get(e, "type"));
        const char *name = json_string_value(json_object_get(e, "name"));
        bool gazetteer = strcmp(gazetteer_entry_source(e), RG_GAZ_SOURCE_PACK) != 0;
        uint32_t idx = 0;
        rg_status rc;
        if (!type || !name || !pack_entity_type(pack, type))
            continue;
        if ((rc = add_lexentry(r, type, name, true, &idx, err)) != RG_OK)
            return rc;
        r->lex[idx].gazetteer = gazetteer;
        b->pack_attrs[idx] = json_object_get(e, "attrs");
        {
            /* the guide: city-states acting as cities are cities */
            const char *kind = json_string_value(json_object_get(json_object_get(e, "attrs"), "kind"));
            r->lex[idx].preferred = kind && strcmp(kind, "city-state") == 0;
        }
        if ((rc = add_form(r, name, NULL, idx, gazetteer, json_form_ambiguous(e, name), err)) != RG_OK)
            return rc;
        {
            size_t k;
            json_t *a;
            json_array_foreach(json_object_get(e, "aliases"), k, a) {
                const char *form = json_string_value(a);
                if (form && (rc = add_form(r, form, NULL, idx, gazetteer,
                                           json_form_ambiguous(e, form), err)) != RG_OK)
                    return rc;
            }
        }
    }
    /* what follows is the gazetteer's */
    b->gaz_first = r->nlex;
    return RG_OK;
}

/* The table entries rest[0..n) after the pack's: their attrs wait for
 * entity_attrs. */
static rg_status compile_gazetteer(rg_builder *b, const size_t *rest, size_t n, rg_error *err)
{
    rg_rules *r = &b->r;
    const rg_gaz_table *t = b->gaz;
    rg_status rc;

    b->gaz_of = malloc((n + 1) * sizeof *b->gaz_of);
    if (!b->gaz_of)
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    if ((rc = reserve_lexentries(r, r->nlex + n, err)) != RG_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const char *type = gazetteer_table_type(t, rest[i]);
        uint32_t idx = 0;
        if (!pack_entity_type(r->pack, type))
            continue;
        if ((rc = add_lexentry(r, type, gazetteer_table_form(t, rest[i], 0, NULL, NULL), false,
                               &idx, err)) != RG_OK)
            return rc;
        r->lex[idx].gazetteer = true;
        b->gaz_of[b->n_gaz++] = rest[i];
        for (size_t k = 0; k < gazetteer_table_n_forms(t, rest[i]); k++) {
            const char *folded;
            bool ambiguous;
            const char *form = gazetteer_table_form(t, rest[i], k, &folded, &ambiguous);
            if ((rc = add_form(r, form, folded, idx, true, ambiguous, err)) != RG_OK)
                return rc;
        }
    }
    return RG_OK;
}

/* The attrs texts, none made yet. */
static rg_status attrs_init(rg_builder *b, rg_error *err)
{
    b->attrs = calloc(b->r.nlex + 1, sizeof *b->attrs);
    if (!b->attrs)
        return rg_fail(err, RG_ERR_NOMEM, "lexicon: out of memory");
    for (size_t i = 0; i < b->r.nlex; i++)
        atomic_init(&b->attrs[i], NULL);
    return RG_OK;
}

/* Lexicon entry lex's attrs text (NULL: none; owned by the builder), made
 * on first use and kept; extraction may run in several threads, so the
 * first to finish publishes it and the others free theirs. */
static rg_status entity_attrs(const rg_builder *b, int32_t lex, char **out, rg_error *err)
{
    char *text = NULL, *expected = NULL;
    json_t *attrs = NULL;
    rg_status rc;

    *out = NULL;
    if (lex < 0)
        return RG_OK;
    if ((*out = atomic_load(&b->attrs[lex])))
        return RG_OK;
    if ((size_t)lex < b->gaz_first)
        attrs = json_incref((json_t *)b->pack_attrs[lex]);
    else if ((rc = gazetteer_table_attrs(b->gaz, b->gaz_of[(size_t)lex - b->gaz_first], &attrs,
                                         err)) != RG_OK)
        return rc;
    rc = attrs_text(attrs, &text, err);
    json_decref(attrs);
    if (rc != RG_OK || !text)
        return rc;
    if (!atomic_compare_exchange_strong(&b->attrs[lex], &expected, text)) {
        free(text);
        text = expected;
    }
    *out = text;
    return RG_OK;
}

static rg_status compile_discover(rg_rules *r, const json_t *d, rg_error *err)
{
    const json_t *heads = json_object_get(d, "heads"), *h;
    size_t i;
    rg_status rc;

    if (json_is_array(heads)) {
        r->heads = calloc(json_array_size(heads) + 1, sizeof *r->heads);
        if (!r->heads)
            return rg_fail(err, RG_ERR_NOMEM, "builder rules: out of memory");
        json_array_foreach(heads, i, h) {
            rg_head *hd = &r->heads[r->nheads];
            const char *type = json_string_value(json_object_get(h, "type"));
            if (!type)
                return rg_fail(err, RG_ERR_INVALID, "discover.json: heads[%zu]: no \"type\"", i);
            rg_copy_fixed(hd->type, sizeof hd->type, type);
            hd->flags = (json_is_true(json_object_get(h, "strip")) ? HEAD_STRIP : 0) |
                        (json_is_true(json_object_get(h, "bare")) ? HEAD_BARE_OK : 0) |
                        (json_is_true(json_object_get(h, "self")) ? HEAD_SELF : 0);
            if ((rc = phrases_add_json(&r->headp, json_object_get(h, "words"),
                                       (uint32_t)r->nheads, err)) != RG_OK)
                return rc;
            r->nheads++;
        }
    }
    {
        const json_t *nh = json_object_get(d, "name_heads");
        size_t n0 = r->nheads;
        rg_head *p = realloc(r->heads, (n0 + json_array_size(nh) + 1) * sizeof *p);
        if (!p)
            return rg_fail(err, RG_ERR_NOMEM, "builder rules: out of memory");
        r->heads = p;
        json_array_foreach(nh, i, h) {
            const char *type = json_string_value(json_object_get(h, "type"));
            if (!type)
                return rg_fail(err, RG_ERR_INVALID, "discover.json: name_heads[%zu]: no \"type\"", i);
            memset(&r->heads[r->nheads], 0, sizeof r->heads[r->nheads]);
            rg_copy_fixed(r->heads[r->nheads].type, RG_TYPE_MAX, type);
            if ((rc = phrases_add_json(&r->name_heads, json_object_get(h, "words"),
                                       (uint32_t)r->nheads, err)) != RG_OK)
                return rc;
            r->nheads++;
        }
        if ((rc = phrases_add_json(&r->name_joiners, json_object_get(d, "name_joiners"), 0, err)) != RG_OK ||
            (rc = phrases_add_json(&r->name_modifiers, json_object_get(d, "name_modifiers"), 0, err)) != RG_OK ||
            (rc = phrases_add_json(&r->located_heads, json_object_get(d, "located_heads"), 0, err)) != RG_OK ||
            (rc = phrases_add_json(&r->facility_heads, json_object_get(d, "facility_heads"), 0, err)) != RG_OK ||
            (rc = phrases_add_json(&r->name_continuations, json_object_get(d, "name_continuations"), 0, err)) != RG_OK ||
            (rc = phrases_add_json(&r->visit_heads, json_object_get(d, "visit_heads"), 0, err)) != RG_OK)
            return rc;
    }
    if ((rc = phrases_add_json(&r->titles, json_object_get(d, "titles"), 0, err)) != RG_OK ||
        (rc = phrases_add_json(&r->titles, json_object_get(d, "national_titles"), TITLE_NATIONAL, err)) != RG_OK ||
        (rc = phrases_add_json(&r->titles, json_object_get(d, "envoy_titles"), TITLE_ENVOY, err)) != RG_OK ||
        (rc = phrases_add_json(&r->titles, json_object_get(d, "honorifics"), TITLE_HONORIFIC, err)) != RG_OK ||
        (rc = phrases_add_json(&r->titles, json_object_get(d, "foreign_titles"), 0, err)) != RG_OK ||
        (rc = phrases_add_json(&r->stops, json_object_get(d, "stops"), 0, err)) != RG_OK ||
        (rc = phrases_add_json(&r->surnames, json_object_get(d, "surnames"), 0, err)) != RG_OK ||
        (rc = phrases_add_json(&r->notnames, json_object_get(d, "notnames"), 0, err)) != RG_OK ||
        (rc = phrases_add_json(&r->regions, json_object_get(d, "regions"), 0, err)) != RG_OK ||
        (rc = phrases_add_json(&r->back_matter, json_object_get(d, "back_matter"), 0, err)) != RG_OK)
        return rc;
    {
        const json_t *hc = json_object_get(d, "home_country");
        if (json_is_object(hc)) {
            r->home_lang = json_string_value(json_object_get(hc, "language"));
            r->home_country = json_string_value(json_object_get(hc, "country"));
        }
    }
    {
        const json_t *months = json_object_get(d, "months");
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)months, k, v)
            if (json_is_integer(v) && (rc = phrases_add(&r->months, k, (uint32_t)json_integer_value(v), err)) != RG_OK)
                return rc;
    }
    return RG_OK;
}

static rg_status compile_triggers(rg_rules *r, const json_t *t, rg_error *err)
{
    const char *type;
    json_t *v;
    size_t n = json_object_size(t);

    r->trig = calloc(n + 1, sizeof *r->trig);
    if (!r->trig)
        return rg_fail(err, RG_ERR_NOMEM, "triggers: out of memory");
    json_object_foreach((json_t *)t, type, v) {
        rg_trigger *tr;
        const rg_link_type *lt;
        rg_status rc;
        if (type[0] == '_' || !json_is_object(v))
            continue;
        tr = &r->trig[r->ntrig];
        rg_copy_fixed(tr->type, sizeof tr->type, type);
        tr->subject_home = json_is_true(json_object_get(v, "home_subject"));
        tr->persons_not_parties = json_is_true(json_object_get(v, "persons_not_parties"));
        if ((rc = phrases_add_json(&r->trigp, json_object_get(v, "phrases"), (uint32_t)r->ntrig, err)) != RG_OK)
            return rc;
        lt = pack_link_type(r->pack, type);
        if (lt && lt->symmetric &&
            (rc = phrases_add_json(&r->symtrigp, json_object_get(v, "phrases"), (uint32_t)r->ntrig, err)) != RG_OK)
            return rc;
        r->ntrig++;
    }
    return RG_OK;
}

static rg_status compile_topics(rg_rules *r, const json_t *t, rg_error *err)
{
    const json_t *topics = json_object_get(t, "topics");
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)topics, name, v) {
        rg_status rc;
        if (rg_strlist_push(&r->topic_names, name) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "topics: out of memory");
        if ((rc = phrases_add_json(&r->topics, v, (uint32_t)(r->topic_names.len - 1), err)) != RG_OK)
            return rc;
    }
    return RG_OK;
}

/* Whether the sorted list p holds key, for keys asked in ascending order:
 * *at only moves forward, so checking every key of a sorted list is one
 * merge-like walk of p, not a binary search per key. */
static bool has_key_from(const rg_phrases *p, size_t *at, const char *key)
{
    int c = 1;
    while (*at < p->n && (c = strcmp(p->v[*at].key, key)) < 0)
        (*at)++;
    return *at < p->n && c == 0;
}

/* A gazetteer place named like a head noun, a title or a month
 * ("University", Florida; "Summit", New Jersey; "March", England) is far
 * more often the common word, capitalised because English capitalises
 * names' words and months: PH_GENERIC (see discover.c).  All the lists are
 * sorted by key (phrases_sort), the lexicon too. */
static void mark_generic_forms(rg_rules *r)
{
    size_t at[4] = {0};

    for (size_t i = 0; i < r->lexicon.n; i++) {
        rg_phrase *p = &r->lexicon.v[i];
        if (!r->lex[p->payload].gazetteer)
            continue;
        if (has_key_from(&r->headp, &at[0], p->key) ||
            has_key_from(&r->name_heads, &at[1], p->key) ||
            has_key_from(&r->titles, &at[2], p->key) || has_key_from(&r->months, &at[3], p->key))
            p->flags |= PH_GENERIC | PH_AMBIG;
    }
}

static void rules_free(rg_rules *r)
{
    for (size_t i = 0; i < r->nlex; i++)
        free(r->lex[i].name);
    free(r->lex);
    free(r->heads);
    free(r->trig);
    phrases_free(&r->lexicon);
    phrases_free(&r->headp);
    phrases_free(&r->titles);
    phrases_free(&r->stops);
    phrases_free(&r->surnames);
    phrases_free(&r->name_heads);
    phrases_free(&r->name_joiners);
    phrases_free(&r->name_modifiers);
    phrases_free(&r->located_heads);
    phrases_free(&r->facility_heads);
    phrases_free(&r->name_continuations);
    phrases_free(&r->visit_heads);
    phrases_free(&r->notnames);
    phrases_free(&r->regions);
    phrases_free(&r->symtrigp);
    phrases_free(&r->back_matter);
    phrases_free(&r->trigp);
    phrases_free(&r->topics);
    phrases_free(&r->months);
    rg_strlist_free(&r->topic_names);
}

rg_status builder_new(const rg_pack *pack, rg_builder **out, rg_error *err)
{
    rg_builder *b = calloc(1, sizeof *b);
    json_t *lex = NULL;
    size_t *rest = NULL, n_rest = 0;
    rg_status rc;

    if (!b)
        return rg_fail(err, RG_ERR_NOMEM, "builder: out of memory");
    b->r.pack = pack;
    builder_set_limits(b, NULL);
    /* names vary in diacritics ("Campuchia", "Cam-pu-chia") and match folded;
     * function words do not: "đang" is not "Đảng", "to" is not "Tổ" */
    b->r.name_heads.exact = b->r.name_joiners.exact = b->r.visit_heads.exact = true;
    b->r.name_modifiers.exact = b->r.located_heads.exact = b->r.name_continuations.exact = true;
    b->r.facility_heads.exact = true;
    b->r.headp.exact = b->r.titles.exact = b->r.stops.exact = b->r.surnames.exact = true;
    b->r.notnames.exact = b->r.trigp.exact = b->r.topics.exact = b->r.months.exact = true;
    b->r.symtrigp.exact = true;
    if ((rc = full_lexicon(pack, &lex, &b->gaz, &rest, &n_rest, err)) != RG_OK ||
        (rc = compile_lexicon(b, lex, pack, err)) != RG_OK ||
        (b->gaz && (rc = compile_gazetteer(b, rest, n_rest, err)) != RG_OK) ||
        (rc = attrs_init(b, err)) != RG_OK ||
        (rc = compile_discover(&b->r, json_object_get(pack->rules, "discover"), err)) != RG_OK ||
        (rc = compile_triggers(&b->r, pack->triggers, err)) != RG_OK ||
        (rc = compile_topics(&b->r, json_object_get(pack->rules, "topics"), err)) != RG_OK)
        goto fail;
    phrases_sort(&b->r.lexicon);
    phrases_sort(&b->r.headp);
    phrases_sort(&b->r.titles);
    phrases_sort(&b->r.stops);
    phrases_sort(&b->r.surnames);
    phrases_sort(&b->r.name_heads);
    phrases_sort(&b->r.name_joiners);
    phrases_sort(&b->r.name_modifiers);
    phrases_sort(&b->r.located_heads);
    phrases_sort(&b->r.facility_heads);
    phrases_sort(&b->r.name_continuations);
    phrases_sort(&b->r.visit_heads);
    phrases_sort(&b->r.notnames);
    phrases_sort(&b->r.regions);
    phrases_sort(&b->r.back_matter);
    phrases_sort(&b->r.trigp);
    phrases_sort(&b->r.symtrigp);
    phrases_sort(&b->r.topics);
    phrases_sort(&b->r.months);
    mark_generic_forms(&b->r);
    if (!(b->norm_facts = norm_facts_new()) || !(b->scan_facts = scan_facts_new())) {
        rc = rg_fail(err, RG_ERR_NOMEM, "builder: out of memory");
        goto fail;
    }
    b->lex = lex;
    free(rest);
    *out = b;
    return RG_OK;
fail:
    json_decref(lex);
    free(rest);
    builder_free(b);
    return rc;
}

void builder_free(rg_builder *b)
{
    if (!b)
        return;
    /* the gazetteer entries' names are the table's */
    for (size_t k = 0; k < b->n_gaz; k++)
        b->r.lex[b->gaz_first + k].name = NULL;
    for (size_t i = 0; b->attrs && i < b->r.nlex; i++)
        free(atomic_load(&b->attrs[i]));
    free(b->attrs);
    rules_free(&b->r);
    free(b->pack_attrs);
    json_decref(b->lex);
    free(b->gaz_of);
    gazetteer_table_free(b->gaz);
    norm_facts_free(b->norm_facts);
    scan_facts_free(b->scan_facts);
    free(b);
}

void builder_set_limits(rg_builder *b, const rg_builder_limits *limits)
{
    rg_builder_limits l = {0};
    if (limits)
        l = *limits;
    b->limits.max_doc = l.max_doc ? l.max_doc : RG_BUILDER_MAX_DOC;
    b->limits.max_sentence = l.max_sentence ? l.max_sentence : RG_BUILDER_MAX_SENTENCE;
    b->limits.max_name = l.max_name ? l.max_name : RG_BUILDER_MAX_NAME;
    b->limits.max_links = l.max_links ? l.max_links : RG_BUILDER_MAX_LINKS;
}

void builder_limits(const rg_builder *b, rg_builder_limits *out)
{
    *out = b->limits;
}

/* ---- checking input ---------------------------------------------------- */

static rg_status invalid_utf8(rg_error *err, size_t bad)
{
    return rg_fail(err, RG_ERR_INVALID, "not valid UTF-8 at byte offset %zu", bad);
}

/* The checks of builder_check_text; with utf8 false, all but the one of
 * UTF-8, which text_normalize makes anyway while it copies the text
 * (builder_extract_doc words its error as this one does). */
static rg_status check_text(const char *text, size_t len, size_t max_doc, bool utf8, rg_error *err)
{
    size_t bad, line = 0;
    bool blank = true;

    if (len == 0)
        return rg_fail(err, RG_ERR_INVALID, "empty file");
    if (len > max_doc)
        return rg_fail(err, RG_ERR_LIMIT, "document too large (%zu bytes; the limit is %zu; "
                       "raise it with --max-doc-size)", len, max_doc);
    {
        const char *nul = memchr(text, '\0', len);
        if (nul)
            return rg_fail(err, RG_ERR_INVALID, "binary file (NUL byte at offset %zu)",
                           (size_t)(nul - text));
    }
    /* line by line with memchr: this looks at every byte of every document */
    for (size_t i = 0; i < len; i = line + 1) {
        const char *nl = memchr(text + i, '\n', len - i);
        line = nl ? (size_t)(nl - text) : len;      /* where the line ends */
        if (line - i > RG_BUILDER_MAX_LINE)
            return rg_fail(err, RG_ERR_LIMIT, "line too long at byte %zu (the limit is %u bytes per line)",
                           i + RG_BUILDER_MAX_LINE, RG_BUILDER_MAX_LINE);
    }
    for (size_t i = 0; i < len && blank; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
            blank = false;
    if (utf8 && !text_utf8_valid(text, len, &bad))
        return invalid_utf8(err, bad);
    if (blank)
        return rg_fail(err, RG_ERR_INVALID, "empty file (only white space)");
    return RG_OK;
}

rg_status builder_check_text(const char *text, size_t len, rg_error *err)
{
    return check_text(text, len, RG_BUILDER_MAX_DOC, true, err);
}

/* Sentences over the limit are refused before the costly stages run. */
static rg_status check_sentences(const rg_builder *b, const rg_scan *s, rg_error *err)
{
    for (size_t i = 0; i < s->nsent; i++) {
        size_t start, end;
        if (s->sent[i].t1 <= s->sent[i].t0)
            continue;
        start = s->tok[s->sent[i].t0].start;
        end = s->tok[s->sent[i].t1 - 1].end;
        if (end - start > b->limits.max_sentence)
            return rg_fail(err, RG_ERR_LIMIT, "sentence too long at byte %zu (%zu bytes; the limit "
                           "is %zu; raise it with --max-sentence)", start, end - start,
                           b->limits.max_sentence);
    }
    return RG_OK;
}

/* Names and per-sentence link counts over the limits refuse the document:
 * both come from text an attacker shapes (a run of capitalised words, a
 * list of thousands of partners). */
static rg_status check_extraction(const rg_builder *b, const rg_extract *x, rg_error *err)
{
    uint32_t *per_sent;
    rg_status rc = RG_OK;

    for (size_t i = 0; i < x->ne; i++) {
        const rg_xentity *e = &x->e[i];
        for (size_t k = 0; e->count > 0 && k <= e->aliases.len; k++) {
            const char *name = k == 0 ? e->name : e->aliases.items[k - 1];
            size_t n = strlen(name);
            if (n > b->limits.max_name) {
                /* quote the start of the name, cut at a character boundary */
                int shown = n > 40 ? 40 : (int)n;
                while (shown > 0 && shown < (int)n && (name[shown] & 0xc0) == 0x80)
                    shown--;
                return rg_fail(err, RG_ERR_LIMIT, "name too long (%zu bytes, \"%.*s%s\"; the "
                               "limit is %zu; raise it with --max-name)", n, shown, name,
                               shown < (int)n ? "..." : "", b->limits.max_name);
            }
        }
    }
    if (x->nl <= b->limits.max_links)
        return RG_OK;
    per_sent = calloc(x->scan.nsent + 1, sizeof *per_sent);
    if (!per_sent)
        return rg_fail(err, RG_ERR_NOMEM, "builder: out of memory");
    for (size_t i = 0; i < x->nl && rc == RG_OK; i++) {
        uint32_t s = x->l[i].sent;
        if (s < x->scan.nsent && ++per_sent[s] > b->limits.max_links)
            rc = rg_fail(err, RG_ERR_LIMIT, "too many links in the sentence at byte %u (over %zu; "
                         "raise the limit with --max-links-per-sentence)",
                         x->scan.tok[x->scan.sent[s].t0].start, b->limits.max_links);
    }
    free(per_sent);
    return rc;
}

/* ---- extraction ----------------------------------------------------------- */

static rg_status run_stages(const rg_builder *b, const rg_text *t, rg_extract *x, rg_error *err)
{
    rg_status rc;
    memset(x, 0, sizeof *x);
    x->rules = &b->r;
    x->home_city = x->home_country = -1;
    x->pair[0] = x->pair[1] = -1;
    if ((rc = scan_text_with(t->text, t->len, b->scan_facts, &x->scan, err)) != RG_OK ||
        (rc = check_sentences(b, &x->scan, err)) != RG_OK ||
        (rc = discover_mentions(x, err)) != RG_OK ||
        (rc = resolve_mentions(x, err)) != RG_OK ||
        (rc = relate_mentions(x, err)) != RG_OK ||
        (rc = check_extraction(b, x, err)) != RG_OK)
        return rc;
    return RG_OK;
}

typedef struct eorder {
    int32_t idx;
    const rg_xentity *e;
} eorder;

static int by_type_name(const void *a, const void *b)
{
    const eorder *x = a, *y = b;
    int c = strcmp(x->e->type, y->e->type);
    return c ? c : strcmp(x->e->name, y->e->name);
}

static int by_link(const void *a, const void *b)
{
    const rg_link *x = a, *y = b;
    int c = strcmp(x->type, y->type);
    if (c)
        return c;
    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    return x->target < y->target ? -1 : x->target > y->target;
}

/* Code points of the original text before the original offset of
 * normalised byte i; orig_pos/orig_count carry a running position so a
 * pass over increasing offsets is linear. */
static int64_t orig_cp(const rg_text *t, const char *orig, size_t i, size_t *pos, int64_t *count)
{
    size_t at = text_orig_offset(t, i);
    if (at < *pos) {
        *pos = 0;
        *count = 0;
    }
    *count += (int64_t)text_utf8_count(orig + *pos, at - *pos);
    *pos = at;
    return *count;
}

static rg_status to_graph(const rg_builder *b, const rg_extract *x, const rg_text *t,
                          const char *orig, rg_graph *out, rg_error *err)
{
    eorder *ord = calloc(x->ne + 1, sizeof *ord);
    rg_id *ids = calloc(x->ne + 1, sizeof *ids);
    int64_t *cp = calloc(2 * x->scan.nsent + 1, sizeof *cp);
    char *sent_text = NULL;
    uint32_t text_sent = UINT32_MAX;
    size_t n = 0;
    rg_status rc = RG_OK;

    if (!ord || !ids || !cp) {
        rc = rg_fail(err, RG_ERR_NOMEM, "builder: out of memory");
        goto done;
    }
    for (size_t i = 0; i < x->ne; i++)
        if (x->e[i].count > 0) {
            ord[n].idx = (int32_t)i;
            ord[n].e = &x->e[i];
            n++;
        }
    qsort(ord, n, sizeof *ord, by_type_name);
    for (size_t k = 0; k < n; k++) {
        rg_entity e = {0};
        const rg_xentity *xe = ord[k].e;
        ids[ord[k].idx] = (rg_id)(k + 1);
        e.id = (rg_id)(k + 1);
        rg_copy_fixed(e.type, sizeof e.type, xe->type);
        e.name = xe->name;
        if ((rc = entity_attrs(b, xe->lex, &e.attrs, err)) != RG_OK)
            goto done;
        e.aliases = xe->aliases;
        rg_strlist_sort((rg_strlist *)&xe->aliases);
        if ((rc = rg_graph_add_entity(out, &e)) != RG_OK) {
            rc = rg_fail(err, RG_ERR_NOMEM, "builder: out of memory");
            goto done;
        }
    }
    /* code-point offsets in the original document of every sentence's
     * start and end, in one pass */
    {
        size_t pos = 0;
        int64_t count = 0;
        for (size_t s = 0; s < x->scan.nsent; s++) {
            cp[2 * s] = orig_cp(t, orig, x->scan.tok[x->scan.sent[s].t0].start, &pos, &count);
            cp[2 * s + 1] = orig_cp(t, orig, x->scan.tok[x->scan.sent[s].t1 - 1].end, &pos, &count);
        }
    }
    for (size_t i = 0; i < x->nl; i++) {
        const rg_xlink *xl = &x->l[i];
        const rg_sent *s = &x->scan.sent[xl->sent];
        rg_link l = {0};
        rg_evidence ev = {0};
        if (xl->source < 0 || xl->target < 0 || !ids[xl->source] || !ids[xl->target])
            continue;
        rg_copy_fixed(l.type, sizeof l.type, xl->type);
        l.source = ids[xl->source];
        l.target = ids[xl->target];
        if (pack_link_type(x->rules->pack, xl->type)->symmetric && l.source > l.target) {
            rg_id t = l.source;
            l.source = l.target;
            l.target = t;
        }
        rg_copy_fixed(l.date, sizeof l.date, xl->date);
        l.topics = xl->topics;
        l.n_evidence = 1;
        l.evidence = &ev;
        ev.start = cp[2 * xl->sent];
        ev.end = cp[2 * xl->sent + 1];
        /* a sentence's links are made together: its text once for them */
        if (xl->sent != text_sent) {
            free(sent_text);
            sent_text = tokens_text(&x->scan, s->t0, s->t1);
            text_sent = xl->sent;
        }
        if (!sent_text) {
            rc = rg_fail(err, RG_ERR_NOMEM, "builder: out of memory");
            goto done;
        }
        ev.text = sent_text;
        rc = rg_graph_add_link(out, &l);     /* copies the evidence */
        if (rc != RG_OK) {
            rc = rg_fail(err, RG_ERR_NOMEM, "builder: out of memory");
            goto done;
        }
    }
    if (out->n_links > 1)   /* links is NULL when there are none */
        qsort(out->links, out->n_links, sizeof *out->links, by_link);
    for (size_t i = 0; i < out->n_links; i++)
        out->links[i].id = (rg_id)(i + 1);
done:
    free(ord);
    free(ids);
    free(cp);
    free(sent_text);
    return rc;
}

/* builder_extract, with evidence offsets counted in the code points of
 * orig: len bytes aligned byte for byte with text (text itself, or for
 * Markdown the file's bytes the blanked text came from). */
static rg_status extract_counted_in(const rg_builder *b, const char *text, size_t len,
                                    const char *orig, rg_graph *out, rg_error *err)
{
    rg_extract x;
    rg_text t = {0};
    rg_status rc = text_normalize_with(text, len, b->norm_facts, &t, err);
    if (rc != RG_OK)
        return rc;
    rc = run_stages(b, &t, &x, err);
    if (rc == RG_OK)
        rc = to_graph(b, &x, &t, orig, out, err);
    extract_free(&x);
    rg_text_free(&t);
    if (rc != RG_OK)
        rg_graph_free(out);
    return rc;
}

rg_status builder_extract(const rg_builder *b, const char *text, size_t len, rg_graph *out,
                          rg_error *err)
{
    return extract_counted_in(b, text, len, text, out, err);
}

/* ---- JSON rendering --------------------------------------------------------- */

static json_t *strlist_json(const rg_strlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->len; i++)
        json_array_append_new(a, json_string(l->items[i]));
    return a;
}

rg_status builder_write_json(const rg_graph *g, FILE *out, rg_error *err)
{
    json_t *root = json_object(), *ents = json_array(), *links = json_array();
    rg_status rc = RG_OK;
    char id[32];

    if (!root || !ents || !links) {
        json_decref(root);
        json_decref(ents);
        json_decref(links);
        return rg_fail(err, RG_ERR_NOMEM, "builder: out of memory");
    }
    json_object_set_new(root, "entities", ents);
    json_object_set_new(root, "links", links);
    for (size_t i = 0; i < g->n_entities; i++) {
        const rg_entity *e = &g->entities[i];
        json_t *o = json_object();
        snprintf(id, sizeof id, "e%lld", (long long)e->id);
        json_object_set_new(o, "id", json_string(id));
        json_object_set_new(o, "type", json_string(e->type));
        json_object_set_new(o, "name", json_string(e->name));
        json_object_set_new(o, "aliases", strlist_json(&e->aliases));
        json_array_append_new(ents, o);
    }
    for (size_t i = 0; i < g->n_links; i++) {
        const rg_link *l = &g->links[i];
        json_t *o = json_object(), *ev = json_array();
        snprintf(id, sizeof id, "e%lld", (long long)l->source);
        json_object_set_new(o, "type", json_string(l->type));
        json_object_set_new(o, "source", json_string(id));
        snprintf(id, sizeof id, "e%lld", (long long)l->target);
        json_object_set_new(o, "target", json_string(id));
        json_object_set_new(o, "date", l->date[0] ? json_string(l->date) : json_null());
        json_object_set_new(o, "topics", strlist_json(&l->topics));
        for (size_t k = 0; k < l->n_evidence && l->evidence; k++) {
            json_t *v = json_object();
            json_object_set_new(v, "start", json_integer(l->evidence[k].start));
            json_object_set_new(v, "end", json_integer(l->evidence[k].end));
            json_object_set_new(v, "text", json_string(l->evidence[k].text));
            json_array_append_new(ev, v);
        }
        json_object_set_new(o, "evidence", ev);
        json_array_append_new(links, o);
    }
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0) != 0 ||
        fputc('\n', out) == EOF)
        rc = rg_fail(err, RG_ERR_IO, "writing JSON: write error");
    json_decref(root);
    return rc;
}

/* ---- storing ------------------------------------------------------------------- */

/* The cache of stored entities (builder.h): open addressing over keys
 * "TYPE\x1fFOLDED"; id 0 records that no entity of the type answers to the
 * form.  The id kept is the lowest, as store_lookup_entities orders them. */
typedef struct cache_slot {
    uint64_t h;             /* 0: empty */
    char *key;
    rg_id id;
} cache_slot;

/* A link stored in this run: (type, source, target) as the builder asked
 * for it -> its id, so that a link met again skips the INSERT that would
 * fail on the unique key and the query for the id that follows it. */
typedef struct link_slot {
    const rg_link_type *type;   /* the store's pack's; NULL: empty */
    rg_id source, target, id;
    bool dated;                 /* the link has a date: no date to fill */
} link_slot;

/* An open-addressing table of string keys. */
typedef struct slot_table {
    cache_slot *v;
    size_t n, cap;
} slot_table;

struct rg_builder_cache {
    const rg_store *st;     /* the store the entries describe (NULL: none yet) */
    int64_t data_version;
    slot_table names;       /* "TYPE\x1fFOLDED" -> entity id */
    slot_table folds;       /* form as written -> its folded form (in .key's
                               second string, after the form's NUL) */
    link_slot *links;
    size_t n_links, cap_links;
};

rg_status builder_cache_new(rg_builder_cache **out, rg_error *err)
{
    *out = calloc(1, sizeof **out);
    return *out ? RG_OK : rg_fail(err, RG_ERR_NOMEM, "out of memory");
}

static void links_clear(rg_builder_cache *c)
{
    free(c->links);
    c->links = NULL;
    c->n_links = c->cap_links = 0;
}

static void table_clear(slot_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->v[i].key);
    free(t->v);
    memset(t, 0, sizeof *t);
}

static void cache_clear(rg_builder_cache *c)
{
    table_clear(&c->names);
    links_clear(c);
}

void builder_cache_free(rg_builder_cache *c)
{
    if (!c)
        return;
    cache_clear(c);
    table_clear(&c->folds);
    free(c);
}

/* Drops the cache when it describes another store or another process has
 * written since it was filled.  Called inside the document's transaction,
 * whose write lock keeps others out until it ends. */
static rg_status cache_check(rg_builder_cache *c, rg_store *st, rg_error *err)
{
    int64_t v = 0;
    rg_status rc = store_data_version(st, &v, err);
    if (rc != RG_OK)
        return rc;
    if (c->st != st || c->data_version != v || c->names.n > RG_BUILDER_CACHE_MAX)
        cache_clear(c);
    else if (c->n_links > RG_BUILDER_CACHE_MAX)
        links_clear(c);
    if (c->folds.n > RG_BUILDER_CACHE_MAX)
        table_clear(&c->folds);
    c->st = st;
    c->data_version = v;
    return RG_OK;
}

static uint64_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603ull;     /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h ? h : 1;
}

/* The slot of key in t (which has room): its entry, or the empty slot
 * where it would go. */
static cache_slot *table_slot(const slot_table *t, const char *key, uint64_t h)
{
    size_t mask = t->cap - 1;
    for (size_t j = h & mask;; j = (j + 1) & mask)
        if (!t->v[j].h || (t->v[j].h == h && strcmp(t->v[j].key, key) == 0))
            return &t->v[j];
}

static const cache_slot *table_get(const slot_table *t, const char *key, uint64_t h)
{
    const cache_slot *sl;
    if (!t->cap)
        return NULL;
    sl = table_slot(t, key, h);
    return sl->h ? sl : NULL;
}

/* Makes room for one more entry; false when out of memory. */
static bool table_reserve(slot_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024, ocap = t->cap;
    cache_slot *old = t->v, *nv;

    if (2 * (t->n + 1) <= t->cap)
        return true;
    if (!(nv = calloc(cap, sizeof *nv)))
        return false;
    t->v = nv;
    t->cap = cap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].h)
            *table_slot(t, old[i].key, old[i].h) = old[i];
    free(old);
    return true;
}

static const cache_slot *cache_get(const rg_builder_cache *c, const char *key)
{
    return table_get(&c->names, key, hash_key(key));
}

/* Records key -> id (key is copied).  Out of memory only loses the entry. */
static void cache_put(rg_builder_cache *c, const char *key, rg_id id)
{
    uint64_t h = hash_key(key);
    cache_slot *sl;
    if (!table_reserve(&c->names))
        return;
    sl = table_slot(&c->names, key, h);
    if (sl->h) {
        sl->id = id;
        return;
    }
    if (!(sl->key = strdup(key)))
        return;
    sl->h = h;
    sl->id = id;
    c->names.n++;
}

/* The slot of link (type, source, target): its entry, or the empty slot
 * where it would go; NULL when the table has no room (no entries yet). */
static link_slot *link_slot_of(const rg_builder_cache *c, const rg_link_type *type, rg_id source,
                               rg_id target)
{
    uint64_t h = ((uint64_t)source * 0x9e3779b97f4a7c15ull) ^
                 ((uint64_t)target * 0xc2b2ae3d27d4eb4full) ^ (uint64_t)(uintptr_t)type;
    size_t mask = c->cap_links - 1;

    if (!c->cap_links)
        return NULL;
    h ^= h >> 29;
    for (size_t j = h & mask;; j = (j + 1) & mask) {
        link_slot *sl = &c->links[j];
        if (!sl->type || (sl->type == type && sl->source == source && sl->target == target))
            return sl;
    }
}

/* Records a stored link.  Out of memory only loses the entry. */
static void link_put(rg_builder_cache *c, const rg_link_type *type, rg_id source, rg_id target,
                     rg_id id, bool dated)
{
    link_slot *sl;
    if (2 * (c->n_links + 1) > c->cap_links) {
        size_t cap = c->cap_links ? c->cap_links * 2 : 1024, ocap = c->cap_links;
        link_slot *old = c->links, *nv = calloc(cap, sizeof *nv);
        if (!nv)
            return;
        c->links = nv;
        c->cap_links = cap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].type)
                *link_slot_of(c, old[i].type, old[i].source, old[i].target) = old[i];
        free(old);
    }
    sl = link_slot_of(c, type, source, target);
    if (!sl->type)
        c->n_links++;
    *sl = (link_slot){type, source, target, id, dated};
}

/* The folded form of form, from the memo of folds (a name recurs in
 * most documents, and folding is most of what finding its entity costs),
 * else folded and remembered; NULL when out of memory or not UTF-8.  The
 * memo depends on nothing stored: only its size clears it. */
static const char *fold_form(rg_builder_cache *c, const char *form)
{
    uint64_t h = hash_key(form);
    size_t len = strlen(form);
    const cache_slot *known = table_get(&c->folds, form, h);
    cache_slot *sl;
    char *f = NULL, *entry;

    if (known)
        return known->key + len + 1;
    if (text_fold(form, len, &f, NULL) != RG_OK)
        return NULL;
    if (!table_reserve(&c->folds) || !(entry = malloc(len + strlen(f) + 2))) {
        free(f);
        return NULL;
    }
    memcpy(entry, form, len + 1);
    strcpy(entry + len + 1, f);
    free(f);
    sl = table_slot(&c->folds, form, h);
    *sl = (cache_slot){h, entry, 0};
    c->folds.n++;
    return entry + len + 1;
}

/* "TYPE\x1fFOLDED" for form, or NULL when form folds to nothing (or out of
 * memory: the caller then asks the store). */
static char *cache_key(rg_builder_cache *c, const char *type, const char *form)
{
    const char *f = fold_form(c, form);
    char *key;
    size_t lt, lf;

    if (!f || !*f)
        return NULL;
    lt = strlen(type);
    lf = strlen(f);
    if (!(key = malloc(lt + lf + 2)))
        return NULL;
    memcpy(key, type, lt);
    key[lt] = '\x1f';
    memcpy(key + lt + 1, f, lf + 1);
    return key;
}

/* The lowest stored entity of type answering to form, or 0: from the cache
 * when it knows, else from the store (and then remembered). */
static rg_status lookup_form(rg_store *st, rg_builder_cache *c, const char *type, const char *form,
                             rg_id *out, rg_error *err)
{
    char *key = c ? cache_key(c, type, form) : NULL;
    const cache_slot *sl = key ? cache_get(c, key) : NULL;
    rg_id *ids = NULL;
    size_t n = 0;
    rg_status rc = RG_OK;

    if (sl) {
        *out = sl->id;
    } else if ((rc = store_lookup_entities(st, form, type, &ids, &n, err)) == RG_OK) {
        *out = n > 0 ? ids[0] : 0;
        if (key)
            cache_put(c, key, *out);
    }
    free(ids);
    free(key);
    return rc;
}

/* After the entity id came to answer to form: the forms no entity had now
 * have it (those another entity has keep their lower id). */
static void cache_note_form(rg_builder_cache *c, const char *type, const char *form, rg_id id)
{
    char *key = c ? cache_key(c, type, form) : NULL;
    const cache_slot *sl = key ? cache_get(c, key) : NULL;
    if (sl && sl->id == 0)
        cache_put(c, key, id);
    free(key);
}

/* The stored entity for extracted entity e: one with the same type and a
 * folded name or alias in common, else a new one. */
static rg_status store_entity(rg_store *st, rg_builder_cache *c, const rg_entity *e, rg_id doc,
                              rg_id *out, rg_ingest_result *res, rg_error *err)
{
    rg_status rc;
    *out = 0;
    for (size_t k = 0; k <= e->aliases.len && !*out; k++) {
        const char *f = k == 0 ? e->name : e->aliases.items[k - 1];
        if ((rc = lookup_form(st, c, e->type, f, out, err)) != RG_OK)
            return rc;
    }
    if (*out) {
        res->entities_found++;
        for (size_t k = 0; k < e->aliases.len; k++) {
            rg_error e2 = {0};
            char *key = c ? cache_key(c, e->type, e->aliases.items[k]) : NULL;
            const cache_slot *sl = key ? cache_get(c, key) : NULL;
            rg_id known = sl ? sl->id : -1;
            free(key);
            /* a form an entity answers to already: store_add_alias would
             * change nothing (it is this one's) or refuse (another's) */
            if (known > 0)
                continue;
            rc = store_add_alias(st, *out, e->aliases.items[k], &e2);
            if (rc != RG_OK && rc != RG_ERR_EXISTS) {
                *err = e2;
                return rc;
            }
            if (rc == RG_OK && known == 0)
                cache_note_form(c, e->type, e->aliases.items[k], *out);
        }
        return RG_OK;
    }
    rc = store_add_entity(st, e->type, e->name, &e->aliases, e->attrs, doc, out, err);
    if (rc == RG_ERR_EXISTS) {
        rg_error_clear(err);
        res->entities_found++;
        return RG_OK;
    }
    if (rc == RG_OK) {
        res->entities_added++;
        cache_note_form(c, e->type, e->name, *out);
        for (size_t k = 0; k < e->aliases.len; k++)
            cache_note_form(c, e->type, e->aliases.items[k], *out);
    }
    return rc;
}

static rg_status store_graph(rg_store *st, rg_builder_cache *c, const rg_graph *g, rg_id doc,
                             rg_ingest_result *res, rg_error *err)
{
    rg_id *ids = calloc(g->n_entities + 1, sizeof *ids);
    rg_evidence_row *ev;
    size_t n_ev = 0, max_ev = 0;
    rg_status rc = RG_OK;

    for (size_t i = 0; i < g->n_links; i++)
        max_ev += g->links[i].n_evidence;
    ev = malloc((max_ev + 1) * sizeof *ev);
    if (!ids || !ev) {
        free(ids);
        free(ev);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < g->n_entities && rc == RG_OK; i++)
        rc = store_entity(st, c, &g->entities[i], doc, &ids[i], res, err);
    if (rc == RG_OK)
        rc = store_add_mentions(st, doc, ids, g->n_entities, err);
    for (size_t i = 0; i < g->n_links && rc == RG_OK; i++) {
        const rg_link *l = &g->links[i];
        rg_id lid = 0, s = ids[l->source - 1], t = ids[l->target - 1];
        const rg_link_type *lt = c ? pack_link_type(store_pack(st), l->type) : NULL;
        link_slot *known = lt ? link_slot_of(c, lt, s, t) : NULL;
        const char *date = l->date[0] ? l->date : NULL;
        bool created = false;
        if (s == t)
            continue;
        if (known && known->type) {
            /* stored in this run: only its date and topics can change */
            lid = known->id;
            rc = store_reinforce_link(st, lid, known->dated ? NULL : date, &l->topics, doc, err);
            if (rc == RG_OK && date)
                known->dated = true;
        } else {
            /* ids[i] is an entity of g's type: looked up or created by type */
            rc = store_add_link_typed(st, l->type, s, g->entities[l->source - 1].type, t,
                                      g->entities[l->target - 1].type, date, &l->topics, doc,
                                      &lid, &created, err);
            if (rc == RG_OK && lt)
                link_put(c, lt, s, t, lid, date != NULL);
        }
        if (rc == RG_ERR_SCHEMA) {
            /* joined to a stored entity of another shape: skip, not fail */
            rg_error_clear(err);
            rc = RG_OK;
            continue;
        }
        if (rc != RG_OK)
            break;
        if (created)
            res->links_added++;
        else
            res->links_merged++;
        for (size_t k = 0; k < l->n_evidence; k++)
            ev[n_ev++] = (rg_evidence_row){lid, l->evidence[k].start, l->evidence[k].end,
                                           l->evidence[k].text};
    }
    /* the document's evidence in one statement, once its links exist */
    if (rc == RG_OK)
        rc = store_add_evidence_rows(st, doc, ev, n_ev, err);
    free(ev);
    free(ids);
    return rc;
}

rg_status builder_extract_doc(const rg_builder *b, const rg_input_doc *doc, rg_graph *out,
                              rg_error *err)
{
    rg_status rc = check_text(doc->text, doc->text_len, b->limits.max_doc, false, err);
    size_t bad;
    if (rc != RG_OK)
        return rg_error_prefix(err, "%s", doc->name);
    /* Markdown markup is blanked byte for byte, so a blanked "ký" is three
     * spaces but two code points in the file: count offsets in the file's
     * own bytes, or evidence drifts past its sentence and even past the end
     * of the file (found by tests/fuzz/fuzz_builder). */
    rc = extract_counted_in(b, doc->text, doc->text_len,
                            doc->text_aligned && doc->raw ? doc->raw + doc->text_offset
                                                          : doc->text, out, err);
    /* text_normalize found the text not UTF-8: the error check_text gives */
    if (rc == RG_ERR_INVALID && !text_utf8_valid(doc->text, doc->text_len, &bad))
        rc = invalid_utf8(err, bad);
    if (rc != RG_OK)
        return rg_error_prefix(err, "%s", doc->name);
    /* evidence counted from the start of the file when the text is the
     * file's (a "date" line before it) */
    if (doc->text_aligned && doc->text_offset > 0 && doc->raw) {
        int64_t shift = (int64_t)text_utf8_count(doc->raw, doc->text_offset);
        for (size_t i = 0; i < out->n_links; i++)
            for (size_t k = 0; k < out->links[i].n_evidence; k++) {
                out->links[i].evidence[k].start += shift;
                out->links[i].evidence[k].end += shift;
            }
    }
    return RG_OK;
}

rg_status builder_ingest(const rg_builder *b, rg_store *st, const rg_input_doc *doc,
                         rg_ingest_result *res, rg_error *err)
{
    return builder_ingest_cached(b, st, NULL, doc, res, err);
}

/* Stores the extracted graph g of doc inside the caller's open transaction
 * (and unit, when the caller needs to undo it alone): nothing when its
 * content is stored already (res->unchanged), else after removing the older
 * version under its name.  On error the caller rolls back. */
static rg_status store_document(rg_store *st, rg_builder_cache *cache, const rg_input_doc *doc,
                                const rg_graph *g, rg_ingest_result *res, rg_error *err)
{
    rg_document d = {0};
    rg_id old = 0;
    rg_status rc;

    rc = store_find_document_by_hash(st, doc->hash, &res->doc, err);
    if (rc == RG_OK) {
        res->unchanged = true;
        return RG_OK;
    }
    if (rc != RG_ERR_NOT_FOUND)
        return rc;
    rg_error_clear(err);
    rc = store_find_document_by_name(st, doc->name, &old, err);
    if (rc == RG_OK) {
        /* removing a document may remove entities and aliases */
        if (cache)
            cache_clear(cache);
        if ((rc = store_remove_document(st, old, err)) != RG_OK)
            return rc;
        res->replaced = true;
    } else if (rc != RG_ERR_NOT_FOUND) {
        return rc;
    }
    rg_error_clear(err);
    rg_copy_fixed(d.hash, sizeof d.hash, doc->hash);
    d.name = doc->name;
    d.title = doc->title;
    if (doc->date)
        rg_copy_fixed(d.date, sizeof d.date, doc->date);
    if ((rc = store_add_document(st, &d, &res->doc, err)) != RG_OK)
        return rc;
    return store_graph(st, cache, g, res->doc, res, err);
}

/* Whether the document's content is stored already (*res then says so);
 * RG_ERR_NOT_FOUND when not. */
static rg_status find_unchanged(rg_store *st, const rg_input_doc *doc, rg_ingest_result *res,
                                rg_error *err)
{
    rg_status rc = store_find_document_by_hash(st, doc->hash, &res->doc, err);
    if (rc == RG_OK)
        res->unchanged = true;
    else if (rc == RG_ERR_NOT_FOUND)
        rg_error_clear(err);
    else
        rg_error_prefix(err, "%s", doc->name);
    return rc;
}

rg_status builder_ingest_cached(const rg_builder *b, rg_store *st, rg_builder_cache *cache,
                                const rg_input_doc *doc, rg_ingest_result *res, rg_error *err)
{
    rg_graph g = {0};
    rg_status rc;

    memset(res, 0, sizeof *res);
    /* content already stored: skip the extraction (a re-run after an
     * interrupted ingest then costs only the reading of what was done);
     * checked again inside the transaction, against a concurrent writer */
    rc = find_unchanged(st, doc, res, err);
    if (rc != RG_ERR_NOT_FOUND)
        return rc;
    /* extraction needs no lock: do it before the transaction */
    if ((rc = builder_extract_doc(b, doc, &g, err)) != RG_OK)
        return rc;
    if ((rc = store_begin(st, err)) != RG_OK)
        goto done;
    if (cache && (rc = cache_check(cache, st, err)) != RG_OK)
        goto rollback;
    if ((rc = store_document(st, cache, doc, &g, res, err)) != RG_OK)
        goto rollback;
    if (res->unchanged) {
        store_rollback(st);
        goto done;
    }
    if ((rc = store_commit(st, err)) != RG_OK)
        goto rollback;
    goto done;
rollback:
    store_rollback(st);
    /* the cache may hold what the rolled-back transaction wrote */
    if (cache)
        cache_clear(cache);
    rg_error_prefix(err, "%s", doc->name);
done:
    rg_graph_free(&g);
    return rc;
}

/* ---- ingest sessions ----------------------------------------------------- */

struct rg_ingest_session {
    const rg_builder *b;
    rg_store *st;
    rg_builder_cache *cache;        /* borrowed; may be NULL */
    rg_ingest_bounds bounds;
    bool open;                      /* a group's transaction is open */
    size_t group_docs, group_bytes;
    struct timespec started;        /* when the open group began */
    rg_ingest_totals committed, pending;
    size_t lost;
    rg_input_doc *kept;             /* copies of the open group's stored documents */
    size_t n_kept, cap_kept;
};

static double ms_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) * 1e3 + (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

static void totals_add(rg_ingest_totals *t, const rg_ingest_result *r)
{
    if (r->unchanged)
        t->unchanged++;
    else
        t->stored++;
    t->replaced += r->replaced;
    t->entities_added += r->entities_added;
    t->entities_found += r->entities_found;
    t->links_added += r->links_added;
    t->links_merged += r->links_merged;
}

static void totals_sum(rg_ingest_totals *t, const rg_ingest_totals *u)
{
    t->stored += u->stored;
    t->unchanged += u->unchanged;
    t->replaced += u->replaced;
    t->entities_added += u->entities_added;
    t->entities_found += u->entities_found;
    t->links_added += u->links_added;
    t->links_merged += u->links_merged;
}

rg_status builder_session_begin(const rg_builder *b, rg_store *st, rg_builder_cache *cache,
                                const rg_ingest_bounds *bounds, rg_ingest_session **out,
                                rg_error *err)
{
    rg_ingest_session *s;
    rg_status rc;

    *out = NULL;
    if ((rc = store_trust_references(st, true, err)) != RG_OK)
        return rc;
    if (!(s = calloc(1, sizeof *s))) {
        store_trust_references(st, false, NULL);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    s->b = b;
    s->st = st;
    s->cache = cache;
    if (bounds)
        s->bounds = *bounds;
    if (!s->bounds.bytes)
        s->bounds.bytes = RG_INGEST_GROUP_BYTES;
    if (!s->bounds.ms)
        s->bounds.ms = RG_INGEST_GROUP_MS;
    *out = s;
    return RG_OK;
}

static void kept_clear(rg_ingest_session *s)
{
    for (size_t i = 0; i < s->n_kept; i++)
        rg_input_doc_clear(&s->kept[i]);
    s->n_kept = 0;
}

/* The group is over (committed, or replayed): nothing of it is pending. */
static void group_reset(rg_ingest_session *s)
{
    kept_clear(s);
    memset(&s->pending, 0, sizeof s->pending);
    s->group_docs = s->group_bytes = 0;
    s->open = false;
}

/* Keeps a copy of doc, so that a group the database lost can be replayed
 * (session_recover_group). */
static rg_status keep_doc(rg_ingest_session *s, const rg_input_doc *doc, rg_error *err)
{
    if (s->n_kept == s->cap_kept) {
        size_t cap = s->cap_kept ? 2 * s->cap_kept : 64;
        rg_input_doc *v = realloc(s->kept, cap * sizeof *v);
        if (!v)
            return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", doc->name);
        s->kept = v;
        s->cap_kept = cap;
    }
    /* what extraction reads: the raw bytes only when offsets count in them */
    rg_input_doc need = *doc;
    need.url = NULL;
    if (!doc->text_aligned) {
        need.raw = NULL;
        need.raw_len = 0;
    }
    if (rg_input_doc_copy(&s->kept[s->n_kept], &need, err) != RG_OK)
        return RG_ERR_NOMEM;
    s->n_kept++;
    return RG_OK;
}

/* The open group is gone (rolled back, by us or by SQLite: the database
 * failed).  Its documents are stored again one transaction each, as
 * builder_ingest would, until one fails: so a failing database keeps what
 * fitted before it, as without groups.  The rest are lost. */
static void session_recover_group(rg_ingest_session *s)
{
    size_t done = 0;

    store_rollback(s->st);
    /* the cache may hold what the group wrote */
    if (s->cache)
        cache_clear(s->cache);
    s->committed.unchanged += s->pending.unchanged;
    for (; done < s->n_kept; done++) {
        rg_ingest_result res;
        rg_error e = {0};
        if (builder_ingest_cached(s->b, s->st, s->cache, &s->kept[done], &res, &e) != RG_OK)
            break;
        totals_add(&s->committed, &res);
    }
    s->lost += s->n_kept - done;
    group_reset(s);
}

rg_status builder_session_flush(rg_ingest_session *s, rg_error *err)
{
    rg_status rc;
    if (!s->open)
        return RG_OK;
    if (!store_in_transaction(s->st)) {
        session_recover_group(s);
        return rg_fail(err, RG_ERR_DB, "%s: the transaction was rolled back", store_path(s->st));
    }
    if ((rc = store_commit(s->st, err)) != RG_OK) {
        session_recover_group(s);
        return rc;
    }
    totals_sum(&s->committed, &s->pending);
    group_reset(s);
    return RG_OK;
}

/* Opens a group: the write lock, and a cache that another process's
 * commits may have made stale is dropped. */
static rg_status session_open_group(rg_ingest_session *s, rg_error *err)
{
    rg_status rc = store_begin(s->st, err);
    if (rc != RG_OK)
        return rc;
    if (s->cache && (rc = cache_check(s->cache, s->st, err)) != RG_OK) {
        store_rollback(s->st);
        return rc;
    }
    s->open = true;
    s->group_docs = s->group_bytes = 0;
    clock_gettime(CLOCK_MONOTONIC, &s->started);
    return RG_OK;
}

/* Stores the group's kept documents again in a new group, after the old
 * one was rolled back for a document that failed: they were stored once,
 * so only the database can refuse them now.  RG_OK: the group is open again
 * with them pending, and its bounds count from where they were. */
static rg_status session_restore_group(rg_ingest_session *s)
{
    rg_ingest_totals pending = {0};
    size_t docs = s->group_docs, bytes = s->group_bytes;
    struct timespec started = s->started;
    rg_error e = {0};
    rg_status rc;

    pending.unchanged = s->pending.unchanged;
    if ((rc = session_open_group(s, &e)) != RG_OK)
        return rc;
    for (size_t i = 0; i < s->n_kept && rc == RG_OK; i++) {
        rg_graph g = {0};
        rg_ingest_result res;
        memset(&res, 0, sizeof res);
        if ((rc = builder_extract_doc(s->b, &s->kept[i], &g, &e)) == RG_OK &&
            (rc = store_document(s->st, s->cache, &s->kept[i], &g, &res, &e)) == RG_OK)
            totals_add(&pending, &res);
        rg_graph_free(&g);
    }
    if (rc != RG_OK)
        return rc;
    s->pending = pending;
    s->group_docs = docs;
    s->group_bytes = bytes;
    s->started = started;
    return RG_OK;
}

/* After storing the document failed with rc: undo it alone.  There is no
 * savepoint per document to roll back to (it copied every page a document
 * touched into the statement journal: a fifth of ingest time on a dense
 * corpus), so the group is rolled back and its other documents stored
 * again; when that fails too, the database is failing and the others are
 * replayed one transaction each (session_recover_group). */
static rg_status session_undo_document(rg_ingest_session *s, const rg_input_doc *doc,
                                       rg_status rc, rg_error *err)
{
    size_t lost = s->lost;

    /* it is the last one kept (keep_doc ran before it was stored) */
    rg_input_doc_clear(&s->kept[--s->n_kept]);
    rg_error_prefix(err, "%s", doc->name);
    store_rollback(s->st);
    /* the cache may hold what the rolled-back group wrote */
    if (s->cache)
        cache_clear(s->cache);
    s->open = false;
    if (session_restore_group(s) != RG_OK) {
        session_recover_group(s);
        if (s->lost > lost && rc != RG_ERR_IO && rc != RG_ERR_DB)
            err->code = rc = RG_ERR_DB;
    }
    return rc;
}

rg_status builder_session_ingest(rg_ingest_session *s, const rg_input_doc *doc,
                                 rg_ingest_result *res, rg_error *err)
{
    rg_graph g = {0};
    rg_status rc;

    memset(res, 0, sizeof *res);
    /* content already stored: skip the extraction.  Outside a group this
     * is checked again once the group holds the write lock. */
    rc = find_unchanged(s->st, doc, res, err);
    if (rc == RG_OK && s->open) {
        /* it may be one of the group's: it stands or falls with them */
        totals_add(&s->pending, res);
        s->group_docs++;
    } else if (rc == RG_OK) {
        totals_add(&s->committed, res);
    }
    if (rc != RG_ERR_NOT_FOUND)
        goto done;
    if ((rc = builder_extract_doc(s->b, doc, &g, err)) != RG_OK)
        goto done;
    if (!s->open && (rc = session_open_group(s, err)) != RG_OK)
        goto done;
    if ((rc = keep_doc(s, doc, err)) != RG_OK)
        goto done;
    if ((rc = store_document(s->st, s->cache, doc, &g, res, err)) != RG_OK) {
        rc = session_undo_document(s, doc, rc, err);
        goto done;
    }
    totals_add(&s->pending, res);
    s->group_docs++;
    s->group_bytes += doc->text_len;
    if (s->group_bytes >= s->bounds.bytes || ms_since(&s->started) >= s->bounds.ms)
        rc = builder_session_flush(s, err);
done:
    rg_graph_free(&g);
    /* the database failed: keep what the group stored before, if it still
     * takes a commit (the caller stops; its error stays the first one) */
    if ((rc == RG_ERR_IO || rc == RG_ERR_DB) && s->open) {
        rg_error ferr = {0};
        builder_session_flush(s, &ferr);
    }
    return rc;
}

void builder_session_totals(const rg_ingest_session *s, rg_ingest_totals *committed,
                            rg_ingest_totals *pending, size_t *lost)
{
    if (committed)
        *committed = s->committed;
    if (pending)
        *pending = s->pending;
    if (lost)
        *lost = s->lost;
}

void builder_session_free(rg_ingest_session *s)
{
    if (!s)
        return;
    /* a group left open is given up, not replayed */
    if (s->open) {
        store_rollback(s->st);
        if (s->cache)
            cache_clear(s->cache);
        s->lost += s->group_docs;
    }
    store_trust_references(s->st, false, NULL);
    kept_clear(s);
    free(s->kept);
    free(s);
}
