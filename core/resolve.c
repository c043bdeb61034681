/*
 * resolve.c - builder stage: map mentions to the document's entities
 * (extract.h).
 *
 * In order of confidence:
 *   1. lexicon mentions join the entity of their lexicon entry; other named
 *      mentions join an entity of the same type with the same folded name or
 *      alias, else make a new one (a stripped city head's full form, "TP.
 *      Porto", becomes an alias of "Porto");
 *   2. "NAME (ACRONYM)" makes the acronym an alias, and every bare use of
 *      that acronym in the document then resolves to NAME;
 *   3. an organisation named with and without its city ("Sở Ngoại vụ" and
 *      "Sở Ngoại vụ TP.HCM") is one entity;
 *   4. the home city - the most mentioned city - takes every bare
 *      capitalised "Thành phố"; a bare "Sở", "Bộ", "Diễn đàn" takes the last
 *      entity named with that head before it.
 * Unresolved bare mentions are dropped.  Entities already in the database
 * are joined when the result is stored (builder.c), by folded name.
 *
 * Entities are found by folded name through a hash of every folded name and
 * alias (forms_insert); a mention's folded forms are the tokens' own
 * (tokens_fold), so only names made here (lexicon spellings, canonical
 * names) are folded with text_fold.
 */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"

/* The folded form of s (text_fold), NULL when out of memory. */
static char *fold_str(const rg_extract *x, const char *s)
{
    return scan_fold(&x->scan, s, strlen(s));
}

/* Whether entity e answers to the folded form f. */
static bool entity_has_form(const rg_xentity *e, const char *f)
{
    return rg_strlist_contains(&e->folds, f);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;     /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h ? h : 1;
}

/* Remembers that entity ent answers to fold (owned by the entity). */
static rg_status forms_insert(rg_extract *x, const char *fold, int32_t ent)
{
    uint64_t h = hash_str(fold);
    size_t mask;
    if (2 * (x->nforms + 1) > x->cap_forms) {
        size_t cap = x->cap_forms ? x->cap_forms * 2 : 256;
        struct rg_formslot *t = calloc(cap, sizeof *t);
        if (!t)
            return RG_ERR_NOMEM;
        for (size_t i = 0; i < x->cap_forms; i++) {
            if (!x->forms[i].h)
                continue;
            size_t j = x->forms[i].h & (cap - 1);
            while (t[j].h)
                j = (j + 1) & (cap - 1);
            t[j] = x->forms[i];
        }
        free(x->forms);
        x->forms = t;
        x->cap_forms = cap;
    }
    mask = x->cap_forms - 1;
    for (size_t j = h & mask;; j = (j + 1) & mask) {
        if (!x->forms[j].h) {
            x->forms[j].h = h;
            x->forms[j].fold = fold;
            x->forms[j].ent = ent;
            x->nforms++;
            return RG_OK;
        }
    }
}

static size_t lex_slot(const struct rg_lexslot *t, size_t cap, int32_t lex)
{
    size_t j = ((uint32_t)lex * 2654435761u) & (cap - 1);
    while (t[j].ent >= 0 && t[j].lex != lex)
        j = (j + 1) & (cap - 1);
    return j;
}

/* Records that entity ent has lexicon entry lex.  At most one entity has a
 * given entry: one is made or given the entry only when none has it. */
static rg_status set_entity_lex(rg_extract *x, int32_t ent, int32_t lex)
{
    x->e[ent].lex = lex;
    if (lex < 0)
        return RG_OK;
    if (2 * (x->nlexents + 1) > x->cap_lexents) {
        size_t cap = x->cap_lexents ? x->cap_lexents * 2 : 64;
        struct rg_lexslot *t = malloc(cap * sizeof *t);
        if (!t)
            return RG_ERR_NOMEM;
        for (size_t i = 0; i < cap; i++)
            t[i].ent = -1;
        for (size_t i = 0; i < x->cap_lexents; i++)
            if (x->lexents[i].ent >= 0)
                t[lex_slot(t, cap, x->lexents[i].lex)] = x->lexents[i];
        free(x->lexents);
        x->lexents = t;
        x->cap_lexents = cap;
    }
    {
        size_t j = lex_slot(x->lexents, x->cap_lexents, lex);
        if (x->lexents[j].ent < 0)
            x->nlexents++;
        x->lexents[j].lex = lex;
        x->lexents[j].ent = ent;
    }
    return RG_OK;
}

/* The entity that has lexicon entry lex, or -1. */
static int32_t entity_of_lex(const rg_extract *x, int32_t lex)
{
    if (!x->cap_lexents)
        return -1;
    return x->lexents[lex_slot(x->lexents, x->cap_lexents, lex)].ent;
}

/* The first entity (lowest index) of that type (NULL/"" = any) answering
 * to the folded form f, or -1.  O(1) expected. */
static int32_t find_entity_folded(const rg_extract *x, const char *type, const char *f)
{
    int32_t found = -1;
    uint64_t h;
    if (!f || !*f || !x->cap_forms)
        return -1;
    h = hash_str(f);
    for (size_t j = h & (x->cap_forms - 1); x->forms[j].h; j = (j + 1) & (x->cap_forms - 1)) {
        const struct rg_formslot *sl = &x->forms[j];
        if (sl->h == h && strcmp(sl->fold, f) == 0 &&
            (!type || !*type || strcmp(x->e[sl->ent].type, type) == 0) &&
            (found < 0 || sl->ent < found))
            found = sl->ent;
    }
    return found;
}

/* find_entity_folded with the folded form of surface. */
static int32_t find_entity(const rg_extract *x, const char *type, const char *surface)
{
    char *f = fold_str(x, surface);
    int32_t found = find_entity_folded(x, type, f);
    free(f);
    return found;
}

/* Gives entity id the alias (unless it is its name), whose folded form is
 * fold. */
static rg_status add_alias_folded(rg_extract *x, int32_t id, const char *alias, const char *fold)
{
    rg_xentity *e = &x->e[id];
    rg_status rc = RG_OK;
    if (*fold && (e->folds.len == 0 || strcmp(fold, e->folds.items[0]) != 0)) {
        rc = rg_strlist_push_unique(&e->aliases, alias);
        if (rc == RG_OK && !rg_strlist_contains(&e->folds, fold)) {
            rc = rg_strlist_push(&e->folds, fold);
            if (rc == RG_OK)
                rc = forms_insert(x, e->folds.items[e->folds.len - 1], id);
        }
    }
    return rc;
}

static rg_status add_alias_to(rg_extract *x, int32_t id, const char *alias)
{
    char *a = fold_str(x, alias);
    rg_status rc;
    if (!a)
        return RG_ERR_NOMEM;
    rc = add_alias_folded(x, id, alias, a);
    free(a);
    return rc;
}

/* The text of tokens [t0, t1) of the document as an alias of entity id. */
static rg_status add_alias_tokens(rg_extract *x, int32_t id, size_t t0, size_t t1)
{
    char *a = tokens_text(&x->scan, t0, t1), *f = tokens_fold(&x->scan, t0, t1);
    rg_status rc = a && f ? add_alias_folded(x, id, a, f) : RG_ERR_NOMEM;
    free(a);
    free(f);
    return rc;
}

/* A new entity named name, whose folded form is fold (NULL: fold it). */
static rg_status new_entity(rg_extract *x, const char *type, const char *name, const char *fold,
                            int32_t lex, int32_t *out, rg_error *err)
{
    rg_xentity *e;
    if (x->ne == x->cap_e) {
        size_t c = x->cap_e ? x->cap_e * 2 : 32;
        rg_xentity *p = realloc(x->e, c * sizeof *p);
        if (!p)
            return rg_fail(err, RG_ERR_NOMEM, "entities: out of memory");
        x->e = p;
        x->cap_e = c;
    }
    e = &x->e[x->ne];
    memset(e, 0, sizeof *e);
    rg_copy_fixed(e->type, sizeof e->type, type);
    e->name = strdup(name);
    e->lex = -1;
    if (!e->name || set_entity_lex(x, (int32_t)x->ne, lex) != RG_OK)
        goto nomem;
    {
        char *f = fold ? NULL : fold_str(x, name);
        if ((!fold && !f) || rg_strlist_push(&e->folds, fold ? fold : f) != RG_OK ||
            forms_insert(x, e->folds.items[0], (int32_t)x->ne) != RG_OK) {
            free(f);
            goto nomem;
        }
        free(f);
    }
    *out = (int32_t)x->ne++;
    return RG_OK;
nomem:
    /* not counted in x->ne, so extract_free would not free what it holds */
    free(e->name);
    rg_strlist_free(&e->folds);
    return rg_fail(err, RG_ERR_NOMEM, "entities: out of memory");
}

static bool ascii_text(const char *t)
{
    for (; *t; t++)
        if ((unsigned char)*t >= 0x80)
            return false;
    return true;
}

static bool is_place(const char *type)
{
    return strcmp(type, "city") == 0 || strcmp(type, "country") == 0;
}

/* Appends string str to out[*len] (room checked by the caller), keeping
 * out terminated: names are put together often, and sprintf costs more
 * than the copy. */
static void put(char *out, size_t *len, const char *str)
{
    size_t n = strlen(str);
    memcpy(out + *len, str, n + 1);
    *len += n;
}

/* The name of a head mention with each known place inside it spelt the
 * lexicon's way: "Diễn đàn Kinh tế TP.HCM" and "Diễn đàn Kinh tế Thành phố
 * Hồ Chí Minh" both give "Diễn đàn Kinh tế Thành phố Hồ Chí Minh", so the
 * two spellings meet (in the document and, as an alias, in the store).
 * NULL when nothing inside is known. */
static char *canonical_name(const rg_extract *x, size_t self)
{
    const rg_mention *m = &x->m[self];
    size_t at = m->t0, len = 0, cap = 256;
    char *out = malloc(cap);
    bool any = false;
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t k = self + 1; k < x->nm && x->m[k].parent == (int32_t)self; k++) {
        const rg_mention *n = &x->m[k];
        const char *canon;
        char *before;
        size_t need;
        if (n->t0 < at)
            continue;
        /* nested mentions are resolved first: "TP. Hồ Chí Minh" inside a
         * name is spelt as its known entity is named */
        /* only places vary in spelling ("TP.HCM"), and the acronym of a
         * party to a joint body ("Nhóm công tác chung TP. X – WB") */
        if (!is_place(n->type) &&
            !(n->t1 == n->t0 + 1 && (x->scan.tok[n->t0].flags & TK_ACRO) && n->t0 > 0 &&
              (tok_is(&x->scan, n->t0 - 1, '-') || tok_is(&x->scan, n->t0 - 1, 0x2013))))
            continue;
        if (n->entity >= 0 && x->e[n->entity].lex >= 0)
            canon = x->e[n->entity].name;
        else if (n->lex >= 0)
            canon = x->rules->lex[n->lex].name;
        else
            continue;
        before = n->t0 > at ? tokens_text(&x->scan, at, n->t0) : strdup("");
        need = len + (before ? strlen(before) : 0) + strlen(canon) + 3;
        if (!before || (need > cap && !(out = realloc(out, cap = need * 2)))) {
            free(before);
            free(out);
            return NULL;
        }
        {
            bool space = *before || len;
            put(out, &len, before);
            if (space)
                put(out, &len, " ");
            put(out, &len, canon);
        }
        free(before);
        at = n->t1;
        any = true;
    }
    if (any && at < m->t1) {
        char *rest = tokens_text(&x->scan, at, m->t1);
        size_t need = len + (rest ? strlen(rest) : 0) + 2;
        if (!rest || (need > cap && !(out = realloc(out, need)))) {
            free(rest);
            free(out);
            return NULL;
        }
        put(out, &len, " ");
        put(out, &len, rest);
        free(rest);
    }
    if (!any) {
        free(out);
        return NULL;
    }
    return out;
}

/* Step 1: a named mention (lexicon, head, person) to its entity.  Folded
 * forms of the document's own words come from the tokens' folds
 * (tokens_fold), not from folding their text again. */
static rg_status resolve_named(rg_extract *x, rg_mention *m, rg_error *err)
{
    char *surface = tokens_text(&x->scan, m->t0, m->t1);
    char *sfold = tokens_fold(&x->scan, m->t0, m->t1);
    char *name = NULL, *nfold = NULL, *canon = NULL;
    int32_t id = -1;
    rg_status rc = RG_OK;

    if (!surface || !sfold)
        goto nomem;
    if (m->lex < 0 && (m->flags & M_HEAD)) {
        /* "Mạng lưới thành phố lớn C40" names the known forum C40 */
        size_t self = (size_t)(m - x->m);
        for (size_t k = self + 1; k < x->nm && x->m[k].parent == (int32_t)self; k++)
            if (x->m[k].lex >= 0 && strcmp(x->rules->lex[x->m[k].lex].type, m->type) == 0 &&
                x->m[k].t1 == m->t1 && x->m[k].t1 == x->m[k].t0 + 1 &&
                (x->scan.tok[x->m[k].t0].flags & TK_ACRO) && x->m[k].t0 > 0 &&
                (x->scan.tok[x->m[k].t0 - 1].flags & TK_WORD))
                m->lex = x->m[k].lex;   /* not "Nhóm công tác chung TP. X – WB": a joint body */
    }
    if (m->lex >= 0) {
        id = entity_of_lex(x, m->lex);
        if (id < 0) {
            const rg_lexentry *le = &x->rules->lex[m->lex];
            char *lfold = fold_str(x, le->name);
            if (!lfold)
                goto nomem;
            id = find_entity_folded(x, le->type, lfold);
            if (id < 0)
                rc = new_entity(x, le->type, le->name, lfold, m->lex, &id, err);
            else if (x->e[id].lex < 0 && set_entity_lex(x, id, m->lex) != RG_OK)
                rc = rg_fail(err, RG_ERR_NOMEM, "entities: out of memory");
            free(lfold);
        }
    } else {
        bool stripped = m->name_t0 > m->t0;
        name = stripped ? tokens_text(&x->scan, m->name_t0, m->t1) : strdup(surface);
        nfold = stripped ? tokens_fold(&x->scan, m->name_t0, m->t1) : strdup(sfold);
        if (!name || !nfold)
            goto nomem;
        /* Vietnamese names only: an English name ("Consulate General of the
         * Republic of Korea") keeps the English spelling of its places */
        canon = (m->flags & M_HEAD) && m->head >= 0 && !ascii_text(surface) ?
                canonical_name(x, (size_t)(m - x->m)) : NULL;
        id = find_entity_folded(x, m->type, nfold);
        if (id < 0)
            id = find_entity_folded(x, m->type, sfold);
        if (id < 0 && canon)
            id = find_entity(x, m->type, canon);
        if (id < 0)
            rc = new_entity(x, m->type, name, nfold, -1, &id, err);
        if (rc == RG_OK && canon && (rc = add_alias_to(x, id, canon)) != RG_OK)
            goto nomem;
    }
    if (rc == RG_OK && (rc = add_alias_folded(x, id, surface, sfold)) != RG_OK)
        goto nomem;
    /* "Tổ Công tác chung X" is also called "Tổ công tác X": a joint body's
     * "chung"/"joint" may be left out */
    if (rc == RG_OK && (m->flags & M_HEAD) && m->lex < 0)
        for (size_t k = m->t0 + 1; k + 1 < m->t1; k++)
            if (tok_word(&x->scan, k, "chung") || tok_word(&x->scan, k, "joint")) {
                char *a = tokens_text(&x->scan, m->t0, k), *b = tokens_text(&x->scan, k + 1, m->t1);
                char *both = a && b ? malloc(strlen(a) + strlen(b) + 2) : NULL;
                if (both) {
                    sprintf(both, "%s %s", a, b);
                    rc = add_alias_to(x, id, both);
                }
                free(a);
                free(b);
                free(both);
                if (rc != RG_OK)
                    goto nomem;
                break;
            }
    if (rc == RG_OK) {
        m->entity = id;
        x->e[id].count++;
    }
    free(surface);
    free(sfold);
    free(name);
    free(nfold);
    free(canon);
    return rc;
nomem:
    free(surface);
    free(sfold);
    free(name);
    free(nfold);
    free(canon);
    return rg_fail(err, RG_ERR_NOMEM, "entities: out of memory");
}

/* Entity a's mentions, names and count move to entity into. */
static void merge_into(rg_extract *x, int32_t a, int32_t into)
{
    for (size_t k = 0; k < x->nm; k++)
        if (x->m[k].entity == a)
            x->m[k].entity = into;
    add_alias_to(x, into, x->e[a].name);
    for (size_t k = 0; k < x->e[a].aliases.len; k++)
        add_alias_to(x, into, x->e[a].aliases.items[k]);
    x->e[into].count += x->e[a].count;
    x->e[a].count = 0;      /* unused from now on */
}

/* Step 3: "Sở Ngoại vụ" and "Sở Ngoại vụ TP.HCM" are one entity when the
 * longer name is the shorter plus a place.  The agencies and the places
 * are listed once first: most of a document's entities are neither. */
static rg_status merge_city_suffixed(rg_extract *x)
{
    size_t *ag = malloc((x->ne + 1) * sizeof *ag), *pl = malloc((x->ne + 1) * sizeof *pl);
    size_t nag = 0, npl = 0;

    if (!ag || !pl) {
        free(ag);
        free(pl);
        return RG_ERR_NOMEM;
    }
    for (size_t e = 0; e < x->ne; e++) {
        if (x->e[e].folds.len && strcmp(x->e[e].type, "agency") == 0)
            ag[nag++] = e;
        else if (strcmp(x->e[e].type, "city") == 0 || strcmp(x->e[e].type, "country") == 0)
            pl[npl++] = e;
    }
    /* merging changes neither types nor first folded names, so the lists hold */
    for (size_t i = 0; i < nag; i++) {
        size_t a = ag[i];
        const char *fa;
        size_t la;
        int32_t into = -1;
        int hits = 0;
        if (x->e[a].lex >= 0)
            continue;
        fa = x->e[a].folds.items[0];
        la = strlen(fa);
        for (size_t k = 0; k < nag; k++) {
            size_t b = ag[k];
            const char *fb = x->e[b].folds.items[0];
            if (b == a || (la && fb[0] != fa[0]))
                continue;
            if (strncmp(fb, fa, la) == 0 && fb[la]) {
                /* the rest must be the name of a place entity of this document */
                for (size_t q = 0; q < npl; q++)
                    if (entity_has_form(&x->e[pl[q]], fb + la)) {
                        into = (int32_t)b;
                        hits++;
                        break;
                    }
            }
        }
        if (hits == 1)
            merge_into(x, (int32_t)a, into);
    }
    free(ag);
    free(pl);
    return RG_OK;
}

/* A city named by a head that the lexicon does not know, whose two or more
 * words end a known city's name in this document, is that city miswritten
 * or shortened ("Thành phố Chí Minh" beside "TP. Hồ Chí Minh"). */
static void merge_tail_cities(rg_extract *x)
{
    for (size_t a = 0; a < x->ne; a++) {
        const char *fa;
        size_t la;
        if (x->e[a].lex >= 0 || x->e[a].count == 0 || strcmp(x->e[a].type, "city") != 0 ||
            !strchr(x->e[a].name, ' ') || !x->e[a].folds.len)
            continue;
        fa = x->e[a].folds.items[0];
        la = strlen(fa);
        for (size_t b = 0; b < x->ne; b++) {
            bool tail = false;
            if (b == a || x->e[b].lex < 0 || x->e[b].count == 0 || strcmp(x->e[b].type, "city") != 0)
                continue;
            for (size_t k = 0; k < x->e[b].folds.len && !tail; k++) {
                const char *fb = x->e[b].folds.items[k];
                size_t lb = strlen(fb);
                tail = lb > la && strcmp(fb + lb - la, fa) == 0;
            }
            if (tail) {
                merge_into(x, (int32_t)a, (int32_t)b);
                break;
            }
        }
    }
}

static int32_t most_mentioned(const rg_extract *x, const char *type)
{
    int32_t best = -1;
    for (size_t i = 0; i < x->ne; i++)
        if (strcmp(x->e[i].type, type) == 0 && x->e[i].count > 0 &&
            (best < 0 || x->e[i].count > x->e[best].count))
            best = (int32_t)i;
    return best;
}

/* The country a document speaks from: for a text in a language the pack
 * maps to a country ("vi": "Việt Nam"), that country when the text names it;
 * else the most mentioned country. */
static int32_t home_country(rg_extract *x)
{
    const char *lang = x->rules->home_lang;
    if (lang && x->rules->home_country) {
        size_t words = x->scan.words, marked = x->scan.words_marked;
        if (words > 0 && marked * 10 >= words) {
            int32_t id = find_entity(x, "country", x->rules->home_country);
            if (id >= 0 && x->e[id].count > 0) {
                x->home_country_by_language = true;
                return id;
            }
        }
    }
    return most_mentioned(x, "country");
}

/* Whether mention m starts with the same words (folded) as bare: one head
 * entry lists many words ("Sở", "Bộ", "Trung tâm"), and a bare "Trung tâm"
 * refers back to a "Trung tâm ...", not to the last "Sở ...". */
static bool starts_with_words_of(const rg_scan *s, const rg_mention *m, const rg_mention *bare)
{
    size_t n = bare->t1 - bare->t0;
    if (m->t1 - m->t0 <= n)
        return false;
    for (size_t k = 0; k < n; k++) {
        const rg_tok *a = &s->tok[m->t0 + k], *b = &s->tok[bare->t0 + k];
        if (a->fold_len != b->fold_len || memcmp(s->folds + a->fold, s->folds + b->fold, a->fold_len) != 0)
            return false;
    }
    return true;
}

/* Step 4: a bare head refers back to the last entity named with it. */
static int32_t last_with_head(const rg_extract *x, size_t upto, const rg_mention *bare)
{
    for (size_t k = upto; k-- > 0;) {
        const rg_mention *m = &x->m[k];
        /* a known name with the same first words counts too ("Hiệp hội Bán
         * dẫn Mỹ ... các thành viên của Hiệp hội") */
        if (m->entity < 0 || (m->head != bare->head && !(m->lex >= 0 && !(m->flags & M_ACRO))) ||
            (m->flags & M_BARE) || !starts_with_words_of(&x->scan, m, bare) ||
            strcmp(x->e[m->entity].type, bare->type) != 0)
            continue;
        return m->entity;
    }
    return -1;
}

rg_status resolve_mentions(rg_extract *x, rg_error *err)
{
    rg_status rc;

    /* the names inside names first, so that canonical_name can spell them */
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < x->nm; k++) {
            rg_mention *m = &x->m[k];
            if ((m->flags & (M_ACRO | M_BARE)) || (m->parent >= 0) != (pass == 0))
                continue;
            if ((rc = resolve_named(x, m, err)) != RG_OK)
                return rc;
        }
    /* acronym definitions */
    for (size_t k = 0; k < x->nm; k++) {
        rg_mention *m = &x->m[k];
        if ((m->flags & M_ACRO) && m->acronym >= 0 && x->m[m->acronym].entity >= 0) {
            int32_t id = x->m[m->acronym].entity;
            if (add_alias_tokens(x, id, m->t0, m->t1) != RG_OK)
                return rg_fail(err, RG_ERR_NOMEM, "entities: out of memory");
            m->entity = id;
            rg_copy_fixed(m->type, sizeof m->type, x->e[id].type);
        }
    }
    if (merge_city_suffixed(x) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "entities: out of memory");
    merge_tail_cities(x);
    for (size_t k = 0; k < x->nm; k++) {
        rg_mention *m = &x->m[k];
        if ((m->flags & M_ACRO) && m->entity < 0) {
            char *f = tokens_fold(&x->scan, m->t0, m->t1);
            int32_t id = find_entity_folded(x, NULL, f);
            free(f);
            if (id >= 0) {
                m->entity = id;
                rg_copy_fixed(m->type, sizeof m->type, x->e[id].type);
                x->e[id].count++;
            } else {
                m->flags |= M_DEAD;
            }
        }
    }
    x->home_city = most_mentioned(x, "city");
    x->home_country = home_country(x);
    for (size_t k = 0; k < x->nm; k++) {
        rg_mention *m = &x->m[k];
        int32_t id = -1;
        if (!(m->flags & M_BARE))
            continue;
        if (strcmp(m->type, "city") == 0)
            id = x->home_city;
        else
            id = last_with_head(x, k, m);
        if (id >= 0) {
            m->entity = id;
            add_alias_tokens(x, id, m->t0, m->t1);
        } else {
            m->flags |= M_DEAD;
        }
    }
    return RG_OK;
}

void extract_free(rg_extract *x)
{
    for (size_t i = 0; i < x->ne; i++) {
        free(x->e[i].name);
        rg_strlist_free(&x->e[i].aliases);
        rg_strlist_free(&x->e[i].folds);
    }
    for (size_t i = 0; i < x->nl; i++)
        rg_strlist_free(&x->l[i].topics);
    free(x->e);
    free(x->l);
    free(x->m);
    free(x->lexmemo);
    free(x->lexknown);
    free(x->forms);
    free(x->lexents);
    free(x->lslots);
    free(x->touched);
    scan_free(&x->scan);
    memset(x, 0, sizeof *x);
}
