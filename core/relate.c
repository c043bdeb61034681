/*
 * relate.c - builder stage: typed links between the resolved entities of a
 * document, each tied to the sentence that states it (extract.h).
 *
 * Structural links need no trigger:
 *   - "PLACE (COUNTRY)", "CITY, bang STATE, COUNTRY", "AGENCY ... tại/in CITY"
 *     give located_in; an organisation whose name ends with its city ("Sở
 *     Ngoại vụ TP.HCM") is part_of it, one that embeds another organisation
 *     ("Ban Cán sự đảng Bộ Ngoại giao") is part_of that one;
 *   - a person preceded by a chain of titles and the bodies they head
 *     ("Phó Bí thư Thành ủy, Chủ tịch UBND TP HCM Nguyễn Văn Được") or
 *     followed by ", title BODY" leads each body; a national title without a
 *     body ("Thủ tướng X") leads the home country.
 * Trigger phrases (the pack's triggers.json) give the other types: the
 * subject is the first mention of the sentence before the phrase that the
 * schema allows as source (else the home city, when the type says so, else
 * the first allowed mention after it), the objects are the first allowed
 * mention after the phrase and the enumeration that continues it ("gồm A,
 * B, C và D", "như: A, B").  "giữa A và B" names both sides.  A visit
 * without a named destination is to the home city.
 * "Hai thành phố", "hai bên", "the two cities" before a symmetric phrase
 * stand for the pair of the last symmetric link (rg_extract.pair).
 * Every link gets the date nearest to its arguments in the sentence ("năm
 * 1995", "tháng 4/1995", "4-1995", "9/2023", "22-8" with the document year)
 * and the topics the sentence names; a twinning in a sentence about its
 * anniversary dates back that many years, and a later sentence may state
 * a link's date more precisely.
 *
 * Cost: each sentence gets its own mentions from an index built once
 * (mentions_by_sentence), and a link already made is found by a hash of
 * (type, source, target), so the stage is linear in the document rather
 * than in sentences x mentions and links x links.
 */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t link_hash(const char *type, int32_t src, int32_t dst)
{
    uint64_t h = ((uint64_t)(uint32_t)src << 32 | (uint32_t)dst) * 0x9e3779b97f4a7c15ull;
    for (; *type; type++)
        h = (h ^ (unsigned char)*type) * 1099511628211ull;     /* FNV-1a */
    return h ^ (h >> 29);
}

/* The slot of link (type, src, dst) in x->lslots, or the empty slot where
 * it would go.  A link's slot is found by what it holds now: one dropped
 * (source -1) matches nothing. */
static size_t link_slot(const rg_extract *x, const char *type, int32_t src, int32_t dst)
{
    size_t mask = x->cap_lslots - 1, j = link_hash(type, src, dst) & mask;
    for (;; j = (j + 1) & mask) {
        const rg_xlink *l;
        if (!x->lslots[j])
            return j;
        l = &x->l[x->lslots[j] - 1];
        if (l->source == src && l->target == dst && strcmp(l->type, type) == 0)
            return j;
    }
}

/* Whether sentence sent also stated a link of type between l's ends (a
 * document has one link per type and ends). */
static bool stated_with(const rg_extract *x, const char *type, const rg_xlink *l, uint32_t sent)
{
    uint32_t k = x->lslots[link_slot(x, type, l->source, l->target)];
    return k && x->l[k - 1].sent_last == sent;
}

/* After sentence sent: a cooperation it stated without calling the pair
 * sister cities or signatories stands alone (relate_mentions drops the
 * others: "A và B ký kết thỏa thuận hợp tác" is a signing, not also a
 * cooperation). */
static void settle_sentence(rg_extract *x, uint32_t sent)
{
    for (size_t k = 0; k < x->ntouched; k++) {
        rg_xlink *l = &x->l[x->touched[k]];
        if (strcmp(l->type, "cooperates_with") == 0 && !stated_with(x, "sister_city", l, sent) &&
            !stated_with(x, "signed_with", l, sent))
            l->alone = true;
    }
    x->ntouched = 0;
}

/* Makes room in x->lslots for one more link, at most half full. */
static rg_status link_slots_reserve(rg_extract *x)
{
    size_t cap = x->cap_lslots ? x->cap_lslots : 64;
    uint32_t *old = x->lslots;
    if (x->lslots && 2 * (x->nl + 1) <= x->cap_lslots)
        return RG_OK;
    while (2 * (x->nl + 1) > cap)
        cap *= 2;
    if (x->nl >= UINT32_MAX - 1 || !(x->lslots = calloc(cap, sizeof *x->lslots))) {
        x->lslots = old;
        return RG_ERR_NOMEM;
    }
    x->cap_lslots = cap;
    for (size_t i = 0; i < x->nl; i++) {
        const rg_xlink *l = &x->l[i];
        x->lslots[link_slot(x, l->type, l->source, l->target)] = (uint32_t)i + 1;
    }
    free(old);
    return RG_OK;
}

/* Notes that the current sentence stated link i. */
static rg_status note_touched(rg_extract *x, uint32_t i)
{
    if (x->ntouched == x->cap_touched) {
        size_t c = x->cap_touched ? 2 * x->cap_touched : 16;
        uint32_t *p = realloc(x->touched, c * sizeof *p);
        if (!p)
            return RG_ERR_NOMEM;
        x->touched = p;
        x->cap_touched = c;
    }
    x->touched[x->ntouched++] = i;
    return RG_OK;
}

/* Whether link type's trigger rules say a person is never one of its
 * parties (triggers.json persons_not_parties). */
static bool takes_no_person(const rg_rules *r, const char *type)
{
    for (size_t k = 0; k < r->ntrig; k++)
        if (strcmp(r->trig[k].type, type) == 0)
            return r->trig[k].persons_not_parties;
    return false;
}

rg_status xlink_add(rg_extract *x, const char *type, int32_t src, int32_t dst,
                    const char *date, const rg_strlist *topics, uint32_t sent, rg_error *err)
{
    const rg_link_type *lt = pack_link_type(x->rules->pack, type);
    rg_xlink *l;
    size_t slot;

    if (src < 0 || dst < 0 || src == dst || !lt)
        return RG_OK;
    if (pack_check_link(x->rules->pack, type, x->e[src].type, x->e[dst].type, NULL) != RG_OK)
        return RG_OK;
    if ((strcmp(x->e[src].type, "person") == 0 || strcmp(x->e[dst].type, "person") == 0) &&
        takes_no_person(x->rules, type))
        return RG_OK;
    if (lt->symmetric && src > dst) {
        int32_t t = src;
        src = dst;
        dst = t;
    }
    if (link_slots_reserve(x) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "links: out of memory");
    slot = link_slot(x, type, src, dst);
    if (lt->symmetric) {
        x->pair[0] = src;
        x->pair[1] = dst;
    }
    if (x->lslots[slot]) {
        l = &x->l[x->lslots[slot] - 1];
        if (l->sent_last != sent && note_touched(x, x->lslots[slot] - 1) != RG_OK)
            return rg_fail(err, RG_ERR_NOMEM, "links: out of memory");
        l->sent_last = sent;
        /* the first date stays, unless a later one says the same more
         * precisely ("năm 1994", then "tháng 4/1994") */
        if (date && *date && (!l->date[0] || (strlen(date) > strlen(l->date) &&
                                              strncmp(date, l->date, strlen(l->date)) == 0)))
            rg_copy_fixed(l->date, sizeof l->date, date);
        for (size_t k = 0; topics && k < topics->len; k++)
            if (rg_strlist_push_unique(&l->topics, topics->items[k]) != RG_OK)
                return rg_fail(err, RG_ERR_NOMEM, "links: out of memory");
        return RG_OK;
    }
    if (x->nl == x->cap_l) {
        size_t c = x->cap_l ? x->cap_l * 2 : 32;
        rg_xlink *p = realloc(x->l, c * sizeof *p);
        if (!p)
            return rg_fail(err, RG_ERR_NOMEM, "links: out of memory");
        x->l = p;
        x->cap_l = c;
    }
    l = &x->l[x->nl];
    memset(l, 0, sizeof *l);
    rg_copy_fixed(l->type, sizeof l->type, type);
    l->source = src;
    l->target = dst;
    l->sent = l->sent_last = sent;
    if (note_touched(x, (uint32_t)x->nl) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "links: out of memory");
    if (date)
        rg_copy_fixed(l->date, sizeof l->date, date);
    if (topics && rg_strlist_copy(&l->topics, topics) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "links: out of memory");
    x->lslots[slot] = (uint32_t)++x->nl;
    return RG_OK;
}

static size_t words_between(const rg_scan *s, size_t a, size_t b);

/* ---- dates ----------------------------------------------------------------- */

typedef struct rdate {
    uint32_t t0, t1;
    char text[RG_DATE_MAX];
} rdate;

/* The value of token i when it is a number of at most four digits, else
 * -1.  Inline: asked at every token; most are no number. */
static inline int num(const rg_scan *s, size_t i)
{
    int v = 0;
    if (i >= s->ntok || !(s->tok[i].flags & TK_NUM) || s->tok[i].fold_len > 4)
        return -1;
    for (size_t k = 0; k < s->tok[i].fold_len; k++)
        v = v * 10 + (s->folds[s->tok[i].fold + k] - '0');
    return v;
}

static bool adjacent(const rg_scan *s, size_t i)
{
    return i < s->ntok && !(s->tok[i].flags & TK_SPACE);
}

static bool is_year(int y)
{
    return y >= 1800 && y <= 2100;
}

static bool sep(const rg_scan *s, size_t i)
{
    return (tok_is(s, i, '/') || tok_is(s, i, '-') || tok_is(s, i, '.')) && adjacent(s, i) &&
           adjacent(s, i + 1);
}

/* The month named just before token i ("October 2023", "October 10, 2023"),
 * or 0. */
static int month_before(const rg_extract *x, size_t i)
{
    const rg_scan *s = &x->scan;
    size_t hits[PH_MAX_HITS], n = 0;
    size_t cand[2] = {i - 1, 0};
    int k = 1;
    if (i >= 3 && tok_is(s, i - 1, ',') && num(s, i - 2) > 0)
        cand[0] = i - 3;
    else if (i >= 2 && num(s, i - 1) > 0 && num(s, i - 1) <= 31)
        cand[0] = i - 2;
    for (int q = 0; q < k; q++)
        if (cand[q] < s->ntok && phrases_match(&x->rules->months, s, cand[q], i, hits, &n) == 1)
            return (int)x->rules->months.v[hits[0]].payload;
    return 0;
}

/* Whether token i is a lower-case word that is not a stop word: what a
 * range of numbers counts ("5-7 tỷ đô-la"), not what follows a date. */
static bool counted_after(const rg_extract *x, size_t i)
{
    const rg_scan *s = &x->scan;
    size_t hits[PH_MAX_HITS], n = 0;
    return i < s->ntok && (s->tok[i].flags & TK_WORD) && !(s->tok[i].flags & (TK_CAP | TK_NUM)) &&
           !phrases_match(&x->rules->stops, s, i, s->ntok, hits, &n);
}

/* The month named by token i ("September"), or 0. */
static int month_at(const rg_extract *x, size_t i)
{
    size_t hits[PH_MAX_HITS], n = 0;
    if (i >= x->scan.ntok || phrases_match(&x->rules->months, &x->scan, i, i + 1, hits, &n) != 1)
        return 0;
    return (int)x->rules->months.v[hits[0]].payload;
}

/* Dates of the sentence [t0, t1) into out (at most cap). */
static size_t find_dates(const rg_extract *x, size_t t0, size_t t1, rdate *out, size_t cap)
{
    const rg_scan *s = &x->scan;
    size_t n = 0;
    for (size_t i = t0; i < t1 && n < cap; i++) {
        int a = num(s, i), b, c;
        rdate d = {(uint32_t)i, (uint32_t)i + 1, ""};
        if (a < 0)
            continue;
        b = sep(s, i + 1) ? num(s, i + 2) : -1;
        c = (b >= 0 && sep(s, i + 3)) ? num(s, i + 4) : -1;
        if (a >= 1 && a <= 31 && b > a && b <= 31 && (tok_is(s, i + 1, '-') || tok_is(s, i + 1, 0x2013)) &&
            (month_at(x, i + 3) || (i > t0 && month_at(x, i - 1)))) {
            /* a range of days: "10-11 September 2024", "September 10-11, 2024"
             * is dated by its first day */
            int mo = month_at(x, i + 3) ? month_at(x, i + 3) : month_at(x, i - 1);
            size_t y = month_at(x, i + 3) ? i + 4 : (tok_is(s, i + 3, ',') ? i + 4 : i + 3);
            int year = is_year(num(s, y)) ? num(s, y) : x->doc_year;
            if (!year) {
                i += 2;
                continue;
            }
            snprintf(d.text, sizeof d.text, "%04d-%02d-%02d", year, mo, a);
            d.t1 = (uint32_t)(is_year(num(s, y)) ? y + 1 : i + 3);
        } else if (c >= 0 && is_year(c) && a >= 1 && a <= 31 && b >= 1 && b <= 12) {
            snprintf(d.text, sizeof d.text, "%04d-%02d-%02d", c, b, a);   /* 22/8/2025 */
            d.t1 = (uint32_t)i + 5;
        } else if (b >= 0 && is_year(b) && a >= 1 && a <= 12) {
            snprintf(d.text, sizeof d.text, "%04d-%02d", b, a);           /* 4/1995, 4-1995 */
            d.t1 = (uint32_t)i + 3;
        } else if (b >= 0 && is_year(a) && is_year(b)) {
            i += 2;                                                        /* a range 2020-2025 */
            continue;
        } else if (b >= 1 && b <= 12 && a >= 1 && a <= 31 && c < 0 && x->doc_year &&
                   !is_year(a) && !counted_after(x, i + 3)) {
            snprintf(d.text, sizeof d.text, "%04d-%02d-%02d", x->doc_year, b, a); /* 22-8 */
            d.t1 = (uint32_t)i + 3;
        } else if (a >= 1 && a <= 12 && i > t0 && tok_word(s, i - 1, "thang") && tok_word(s, i + 1, "nam") &&
                   is_year(num(s, i + 2))) {
            /* [ngày D] tháng M năm YYYY */
            int day = (i >= t0 + 3 && tok_word(s, i - 3, "ngay")) ? num(s, i - 2) : -1;
            if (day >= 1 && day <= 31)
                snprintf(d.text, sizeof d.text, "%04d-%02d-%02d", num(s, i + 2), a, day);
            else
                snprintf(d.text, sizeof d.text, "%04d-%02d", num(s, i + 2), a);
            d.t1 = (uint32_t)i + 3;
        } else if (is_year(a) && b < 0 && i > t0 && month_before(x, i) > 0) {
            /* October 2023, 10 October 2023, October 10, 2023 */
            int mo = month_before(x, i), day = -1;
            size_t mstart = i - 1;
            if (tok_is(s, i - 1, ',') && i >= t0 + 3) {
                day = num(s, i - 2);
                mstart = i - 3;
            } else if (i >= t0 + 2) {
                day = num(s, i - 2);
            }
            (void)mstart;
            if (day >= 1 && day <= 31)
                snprintf(d.text, sizeof d.text, "%04d-%02d-%02d", a, mo, day);
            else
                snprintf(d.text, sizeof d.text, "%04d-%02d", a, mo);
        } else if (is_year(a) && b < 0 && i > t0 &&
                   (tok_word(s, i - 1, "nam") || tok_word(s, i - 1, "in") ||
                    tok_word(s, i - 1, "since") || tok_is(s, i - 1, '('))) {
            snprintf(d.text, sizeof d.text, "%04d", a);
        } else {
            continue;
        }
        /* a range "28.8.1945 - 28.8.2025" or "1975 - 2025" dates nothing */
        if ((tok_is(s, d.t1, '-') || tok_is(s, d.t1, 0x2013)) && num(s, d.t1 + 1) >= 0) {
            i = d.t1 + 1;
            while (i + 1 < t1 && (num(s, i + 1) >= 0 || sep(s, i + 1)))
                i++;
            continue;
        }
        /* "đến năm 2030", "by 2030": a target, not when it happened */
        if (i >= t0 + 2 && tok_word(s, i - 1, "nam") &&
            (tok_word(s, i - 2, "den") || tok_word(s, i - 2, "toi")))
            continue;
        if (i >= t0 + 1 && (tok_word(s, i - 1, "by") || tok_word(s, i - 1, "until")))
            continue;
        if (rg_date_valid(d.text))
            out[n++] = d;
        i = d.t1 - 1;
    }
    return n;
}

static const char *nearest_date(const rdate *d, size_t n, const rg_mention *a, const rg_mention *b,
                                size_t trig)
{
    long best = -1;
    const char *r = NULL;
    for (size_t k = 0; k < n; k++) {
        long dist = 1L << 30;
        /* the object's date first: the subject is often far away */
        const rg_mention *ms[2] = {b ? NULL : a, b};
        for (int q = 0; q < 2; q++) {
            long v;
            if (!ms[q])
                continue;
            v = d[k].t0 >= ms[q]->t1 ? (long)d[k].t0 - ms[q]->t1 : (long)ms[q]->t0 - d[k].t1;
            if (v < dist)
                dist = v;
        }
        if (!a && !b)
            dist = labs((long)d[k].t0 - (long)trig);
        if (best < 0 || dist < best) {
            best = dist;
            r = d[k].text;
        }
    }
    return r;
}

/* ---- helpers ----------------------------------------------------------------- */

/* Whether entity ent's type is among types; ent -2 asks about "person". */
static bool fits(const rg_extract *x, const rg_strlist *types, int32_t ent)
{
    if (ent == -2)
        return types->len == 0 || rg_strlist_contains(types, "person");
    if (ent < 0)
        return false;
    if (types->len == 0)
        return true;
    return rg_strlist_contains(types, x->e[ent].type);
}

/* Whether the words before token i ("của", "of") name people who act
 * for what follows: "đại diện", "lãnh đạo", "đoàn đại biểu",
 * "representatives", "a delegation". */
static bool acts_for(const rg_scan *s, size_t i)
{
    static const char *const eng[] = {"representatives", "representative", "delegation",
                                      "delegations", "leaders", "officials"};
    if (i < 1)
        return false;
    if (tok_word_in(s, i - 1, eng, sizeof eng / sizeof *eng) || tok_word(s, i - 1, "doan"))
        return true;
    return i >= 2 && ((tok_word(s, i - 2, "dai") && (tok_word(s, i - 1, "dien") || tok_word(s, i - 1, "bieu"))) ||
                      (tok_word(s, i - 2, "lanh") && tok_word(s, i - 1, "dao")));
}

/* A mention right after "của"/"thuộc"/"of" names an owner ("Chỉ thị của
 * Ban Bí thư", "địa phương đầu tiên của Việt Nam"), not a party; so does
 * one before "'s". */
static bool owner_s(const rg_extract *x, const rg_mention *m)
{
    const rg_scan *s = &x->scan;
    /* "the Rockefeller Foundation's 100 Resilient Cities network" */
    return (tok_is(s, m->t1, '\'') || tok_is(s, m->t1, 0x2019)) && tok_word(s, m->t1 + 1, "s") &&
           !(s->tok[m->t1].flags & TK_SPACE);
}

static bool possessor(const rg_extract *x, const rg_mention *m)
{
    const rg_scan *s = &x->scan;
    if (owner_s(x, m))
        return true;
    if (!(m->t0 > 0 && (tok_word(s, m->t0 - 1, "cua") || tok_word(s, m->t0 - 1, "thuoc") ||
                        tok_word(s, m->t0 - 1, "of"))))
        return false;
    /* "đại diện của TP. Huế", "representatives of Hue": who acts for it */
    return !acts_for(s, m->t0 - 1);
}

static bool top_level(const rg_mention *m)
{
    return m->entity >= 0 && !(m->flags & (M_NESTED | M_DEAD)) && m->acronym < 0;
}

/* Whether the tokens between two mentions only continue an enumeration. */
static bool enumeration_gap(const rg_extract *x, size_t a, size_t b)
{
    const rg_scan *s = &x->scan;
    int paren = 0, words = 0;
    for (size_t i = a; i < b; i++) {
        const rg_tok *t = &s->tok[i];
        if (t->flags & TK_PUNCT) {
            if (t->cp == '(')
                paren++;
            else if (t->cp == ')')
                paren--;
            else if (!paren && t->cp != ',' && t->cp != 0x2026 && t->cp != ':' && t->cp != '-' &&
                     t->cp != 0x2013 && t->cp != '.')
                return false;
            continue;
        }
        if (paren)
            continue;
        if (tok_word(s, i, "va") || tok_word(s, i, "cung") || tok_word(s, i, "voi") ||
            tok_word(s, i, "hoac") || tok_word(s, i, "and") || tok_word(s, i, "or") ||
            tok_word(s, i, "phoi") || tok_word(s, i, "hop") || tok_word(s, i, "cac") ||
            tok_word(s, i, "the"))
            words++;
        else
            return false;
    }
    return words <= 3;
}

typedef struct sctx {
    rg_extract *x;
    size_t sent, t0, t1;
    size_t mcs;             /* main_clause_start, worked out once: the stages ask it
                               for every trigger and every mention around one */
    const size_t *sm;       /* indexes of all the sentence's mentions, ascending */
    size_t nsm;
    size_t *ms;             /* indexes of the sentence's top-level mentions */
    size_t nms;
    rdate dates[16];
    size_t ndates;
    const char *event_day;  /* a full date of the last few sentences, for events */
    const char *date_hint;  /* the date of the link at hand when known, else NULL */
    rg_strlist topics;
    bool topics_found;      /* topics is filled (sentence_topics): on the first link
                               that takes them, since most sentences make none */
} sctx;

static rg_status sentence_topics(sctx *c, rg_error *err);

/* The N of an anniversary the sentence speaks of ("kỷ niệm 30 năm", "the
 * 30th anniversary"), or 0. */
static int anniversary_years(const sctx *c)
{
    const rg_scan *s = &c->x->scan;
    for (size_t i = c->t0; i + 2 < c->t1; i++) {
        if (tok_word(s, i, "ky") && tok_word(s, i + 1, "niem")) {
            int n = num(s, i + 2);
            if (n > 0 && n <= 500 && tok_word(s, i + 3, "nam"))
                return n;
        }
        if (tok_word(s, i + 1, "anniversary") && (s->tok[i].flags & TK_WORD)) {
            /* "30th": its digits, then two letters */
            const char *f = s->folds + s->tok[i].fold;
            size_t len = s->tok[i].fold_len, k = 0;
            int n = 0;
            while (k < len && k < 3 && f[k] >= '0' && f[k] <= '9')
                n = n * 10 + (f[k++] - '0');
            if (k > 0 && len == k + 2 && n > 0)
                return n;
        }
    }
    return 0;
}

static rg_status link_dated(sctx *c, const char *type, const rg_mention *a, const rg_mention *b,
                            int32_t src, int32_t dst, size_t trig, bool with_topics, rg_error *err)
{
    const char *date = c->date_hint ? c->date_hint : nearest_date(c->dates, c->ndates, a, b, trig);
    char began[RG_DATE_MAX];
    int years;
    /* "Lễ kỷ niệm 30 năm thiết lập quan hệ hữu nghị ... ngày 7-11-2024": the
     * twinning began thirty years before the day the sentence gives */
    if (date && strcmp(type, "sister_city") == 0 && (years = anniversary_years(c)) > 0 &&
        atoi(date) - years >= 1800) {
        snprintf(began, sizeof began, "%04d", atoi(date) - years);
        date = began;
    }
    /* an event is a dated one-off: a sentence about it that gives no date
     * means the day the text last gave, within fifteen sentences ("Ngày
     * 22-8, ... Lễ kỷ niệm ... Cũng trong khuôn khổ sự kiện, ... khai mạc
     * triển lãm") */
    if (!date && dst >= 0 && strcmp(c->x->e[dst].type, "event") == 0 && c->event_day)
        date = c->event_day;
    if (with_topics && !c->topics_found) {
        rg_status rc = sentence_topics(c, err);
        if (rc != RG_OK)
            return rc;
    }
    return xlink_add(c->x, type, src, dst, date, with_topics ? &c->topics : NULL,
                     (uint32_t)c->sent, err);
}

/* ---- structural links ------------------------------------------------------------ */

static bool joiner_tok(const rg_scan *s, size_t i)
{
    return tok_is(s, i, '-') || tok_is(s, i, 0x2013) || tok_is(s, i, '&');
}

/* Whether an organisation's name says it is an institution in a city
 * (a university, a company, a consulate: discover.json located_heads), not
 * an organ of the city's government: its first words in Vietnamese, its
 * last in English. */
static bool located_institution(const rg_extract *x, const rg_mention *o)
{
    size_t hits[PH_MAX_HITS], n = 0;
    if (phrases_match(&x->rules->located_heads, &x->scan, o->t0, o->t1, hits, &n))
        return true;
    for (size_t k = o->t0 + 1; k < o->t1; k++)
        if (phrases_match(&x->rules->located_heads, &x->scan, k, o->t1, hits, &n) &&
            (x->scan.tok[k].flags & TK_CAP) && o->head < 0)
            return true;
    return false;
}

static rg_status structural(sctx *c, rg_error *err)
{
    rg_extract *x = c->x;
    const rg_scan *s = &x->scan;
    rg_status rc;

    for (size_t q = 0; q < c->nsm; q++) {
        rg_mention *m = &x->m[c->sm[q]];
        if (m->entity < 0 || (m->flags & M_DEAD))
            continue;
        /* nested: the last place of an organisation's name, or an embedded body */
        if ((m->flags & M_NESTED) && m->parent >= 0 && x->m[m->parent].entity >= 0) {
            rg_mention *o = &x->m[m->parent];
            bool at_end = m->t1 == o->t1;
            bool tai = m->t0 > 0 && tok_word(s, m->t0 - 1, "tai");
            const char *et = x->e[m->entity].type;
            if (strcmp(et, "agency") == 0 && m->t0 > 0 && joiner_tok(s, m->t0 - 1))
                rc = RG_OK;     /* "Nhóm công tác chung TP. X - Ngân hàng Thế giới": a party, not an owner */
            else if (strcmp(et, "agency") == 0)
                rc = xlink_add(x, "part_of", o->entity, m->entity, NULL, NULL, (uint32_t)c->sent, err);
            else if (at_end && tai)
                rc = xlink_add(x, "located_in", o->entity, m->entity, NULL, NULL, (uint32_t)c->sent, err);
            else if (at_end && strcmp(et, "city") == 0 && located_institution(x, o))
                rc = xlink_add(x, "located_in", o->entity, m->entity, NULL, NULL, (uint32_t)c->sent, err);
            else if (m->t0 == o->t0 && o->head < 0 && !(o->flags & M_VISIT) && strcmp(et, "city") == 0 &&
                     located_institution(x, o))
                rc = xlink_add(x, "located_in", o->entity, m->entity, NULL, NULL, (uint32_t)c->sent, err);
            else if ((at_end || (m->t0 == o->t0 && o->head < 0 && !(o->flags & M_VISIT))) &&
                     strcmp(et, "city") == 0)
                /* "Sở Ngoại vụ TP.HCM"; in English the place comes first:
                 * "Da Nang Department of Foreign Affairs" */
                rc = xlink_add(x, "part_of", o->entity, m->entity, NULL, NULL, (uint32_t)c->sent, err);
            else
                rc = RG_OK;
            if (rc != RG_OK)
                return rc;
            continue;
        }
        if (!top_level(m) || (m->flags & M_PAREN))
            continue;
        /* PLACE (COUNTRY); skip an acronym definition first */
        {
            size_t j = m->t1;
            if (tok_is(s, j, '(') && j + 2 < c->t1 && tok_is(s, j + 2, ')') &&
                (s->tok[j + 1].flags & TK_ACRO))
                j += 3;
            if (tok_is(s, j, '(')) {
                for (size_t q = 0; q < c->nms; q++) {
                    rg_mention *p = &x->m[c->ms[q]];
                    if (p->t0 == j + 1 && tok_is(s, p->t1, ')') &&
                        (strcmp(x->e[p->entity].type, "country") == 0 ||
                         strcmp(x->e[p->entity].type, "city") == 0)) {
                        if ((rc = xlink_add(x, "located_in", m->entity, p->entity, NULL, NULL,
                                            (uint32_t)c->sent, err)) != RG_OK)
                            return rc;
                    }
                    /* "Trường Quản lý Nhà nước Kennedy (Đại học Harvard)": the
                     * body it belongs to */
                    if (p->t0 == j + 1 && tok_is(s, p->t1, ')') && p->t1 - p->t0 > 1 &&
                        strcmp(x->e[p->entity].type, "agency") == 0 &&
                        strcmp(x->e[m->entity].type, "agency") == 0 &&
                        (rc = xlink_add(x, "part_of", m->entity, p->entity, NULL, NULL,
                                        (uint32_t)c->sent, err)) != RG_OK)
                        return rc;
                }
            }
            /* AGENCY tại CITY */
            if ((tok_word(s, j, "tai") || tok_word(s, j, "in")) && strcmp(x->e[m->entity].type, "agency") == 0) {
                for (size_t q = 0; q < c->nms; q++) {
                    rg_mention *p = &x->m[c->ms[q]];
                    if (p->t0 == j + 1 && (rc = xlink_add(x, "located_in", m->entity, p->entity, NULL,
                                                          NULL, (uint32_t)c->sent, err)) != RG_OK)
                        return rc;
                }
            }
            /* CITY, bang STATE[, COUNTRY] */
            if (tok_is(s, m->t1, ',') && strcmp(x->e[m->entity].type, "city") == 0) {
                for (size_t q = 0; q < c->nms; q++) {
                    rg_mention *p = &x->m[c->ms[q]];
                    if (p->t0 != m->t1 + 1 || !(p->flags & M_HEAD) ||
                        strcmp(x->e[p->entity].type, "city") != 0 || p->name_t0 == p->t0)
                        continue;
                    if ((rc = xlink_add(x, "located_in", m->entity, p->entity, NULL, NULL,
                                        (uint32_t)c->sent, err)) != RG_OK)
                        return rc;
                    if (tok_is(s, p->t1, ',') && q + 1 < c->nms) {
                        rg_mention *r = &x->m[c->ms[q + 1]];
                        if (r->t0 == p->t1 + 1 && strcmp(x->e[r->entity].type, "country") == 0) {
                            if ((rc = xlink_add(x, "located_in", m->entity, r->entity, NULL, NULL,
                                                (uint32_t)c->sent, err)) != RG_OK ||
                                (rc = xlink_add(x, "located_in", p->entity, r->entity, NULL, NULL,
                                                (uint32_t)c->sent, err)) != RG_OK)
                                return rc;
                        }
                    }
                }
            }
        }
    }
    return RG_OK;
}

/* ---- leads ------------------------------------------------------------------------- */

static size_t title_ending_at(const rg_extract *x, size_t t0, size_t end, unsigned *flags)
{
    /* the longest title that ends exactly at `end` */
    for (size_t st = end > t0 + 4 ? end - 4 : t0; st < end; st++) {
        size_t hits[PH_MAX_HITS], count, n = phrases_match(&x->rules->titles, &x->scan, st, end, hits, &count);
        if (n && st + n == end) {
            *flags = 0;
            for (size_t h = 0; h < count; h++)
                *flags |= x->rules->titles.v[hits[h]].payload;
            return n;
        }
    }
    return 0;
}

static const rg_mention *mention_ending_at(const sctx *c, size_t end)
{
    for (size_t q = 0; q < c->nms; q++)
        if (c->x->m[c->ms[q]].t1 == end)
            return &c->x->m[c->ms[q]];
    return NULL;
}

static const rg_mention *mention_starting_at(const sctx *c, size_t start)
{
    for (size_t q = 0; q < c->nms; q++)
        if (c->x->m[c->ms[q]].t0 == start)
            return &c->x->m[c->ms[q]];
    return NULL;
}

/* The body named at k after "of" (and "the"): "Mayor X of Gainesville",
 * "Chairman of the People's Committee"; not a person. */
static const rg_mention *body_after_of(const sctx *c, size_t k)
{
    const rg_scan *s = &c->x->scan;
    const rg_mention *m;
    if (!tok_word(s, k, "of"))
        return NULL;
    k += tok_word(s, k + 1, "the") ? 2 : 1;
    m = mention_starting_at(c, k);
    return m && strcmp(c->x->e[m->entity].type, "person") != 0 ? m : NULL;
}

static rg_status leads(sctx *c, const rg_mention *p, rg_error *err)
{
    rg_extract *x = c->x;
    const rg_scan *s = &x->scan;
    size_t j = p->t0;
    const rg_mention *pending = NULL, *of_body;
    int32_t country = -1;       /* a country the chain named ("Chủ tịch nước Trung Quốc") */
    rg_status rc;

    /* backwards: [title [BODY]] ([,|kiêm] title [BODY])* PERSON */
    while (j > c->t0) {
        const rg_mention *m = mention_ending_at(c, j);
        unsigned fl = 0;
        size_t n;
        if (m && !pending && strcmp(x->e[m->entity].type, "person") != 0) {
            pending = m;
            j = m->t0;
            continue;
        }
        if ((n = title_ending_at(x, c->t0, j, &fl)) != 0) {
            if (!(fl & TITLE_HONORIFIC)) {
                int32_t target = pending ? pending->entity : -1;
                const rg_mention *before = j - n > c->t0 ? mention_ending_at(c, j - n) : NULL;
                if (pending && strcmp(x->e[pending->entity].type, "country") == 0)
                    country = pending->entity;
                if (!pending && (fl & TITLE_NATIONAL))
                    target = country >= 0 ? country : x->home_country;
                /* English puts the body first: "UNESCO Director-General X" */
                if (target < 0 && before && strcmp(x->e[before->entity].type, "person") != 0 &&
                    tokens_ascii(s, j - n, j))
                    target = before->entity;
                /* ... or after the name: "Mayor Lauren Poe of Gainesville" */
                if (target < 0 && j == p->t0 && (of_body = body_after_of(c, p->t1)) != NULL)
                    target = of_body->entity;
                /* "Đại sứ Pháp X", "Tổng Lãnh sự Nhật Bản tại TP.HCM X": an
                 * envoy represents the country, and leads none */
                if ((fl & TITLE_ENVOY) && target >= 0 && strcmp(x->e[target].type, "country") == 0)
                    target = -1;
                if ((rc = xlink_add(x, "leads", p->entity, target, NULL, NULL, (uint32_t)c->sent, err)) != RG_OK)
                    return rc;
            }
            pending = NULL;
            j -= n;
            continue;
        }
        /* "the Mayor of Daegu, X", "Chủ tịch của Hội X" */
        if (pending && j - 1 > c->t0 && (tok_word(s, j - 1, "of") || tok_word(s, j - 1, "cua"))) {
            j--;
            continue;
        }
        if (j - 1 > c->t0 && (tok_is(s, j - 1, ',') || tok_word(s, j - 1, "kiem") ||
                              tok_is(s, j - 1, '-') || tok_is(s, j - 1, 0x2013))) {
            if (pending)
                break;
            j--;
            continue;
        }
        break;
    }
    /* forwards: PERSON, [quyền] title BODY */
    j = p->t1;
    if (tok_is(s, j, ',')) {
        j++;
        for (int hop = 0; hop < 4 && j < c->t1; hop++) {
            size_t hits[PH_MAX_HITS], count, n = phrases_match(&x->rules->titles, s, j, c->t1, hits, &count);
            unsigned fl = 0;
            const rg_mention *m;
            if (!n) {
                if (tok_word(s, j, "kiem") || tok_is(s, j, ','))
                    j++;
                else
                    break;
                continue;
            }
            for (size_t h = 0; h < count; h++)
                fl |= x->rules->titles.v[hits[h]].payload;
            j += n;
            if (tok_word(s, j, "dieu") && tok_word(s, j + 1, "hanh"))
                j += 2;
            m = mention_starting_at(c, j);
            if (!m && (m = body_after_of(c, j)) != NULL)
                j = m->t0;      /* "X, Chairman of the Da Nang People's Committee" */
            if (m && (fl & TITLE_ENVOY) && strcmp(x->e[m->entity].type, "country") == 0) {
                j = m->t1;      /* "X, Đại sứ Pháp": represents it */
                continue;
            }
            if (m) {
                if ((rc = xlink_add(x, "leads", p->entity, m->entity, NULL, NULL, (uint32_t)c->sent, err)) != RG_OK)
                    return rc;
                j = m->t1;
            } else if (fl & TITLE_NATIONAL) {
                if ((rc = xlink_add(x, "leads", p->entity, x->home_country, NULL, NULL, (uint32_t)c->sent, err)) != RG_OK)
                    return rc;
            }
        }
    }
    return RG_OK;
}

/* ---- trigger phrases ------------------------------------------------------------------ */

/* Whether the tokens between two persons continue a list of visitors:
 * "X và Thủ tướng Đức Y" (connectors, titles, a country). */
static bool person_continues(const rg_extract *x, size_t a, size_t b)
{
    size_t words = 0;
    for (size_t i = a; i < b; i++) {
        size_t hits[PH_MAX_HITS], n = 0, nt = phrases_match(&x->rules->titles, &x->scan, i, b, hits, &n);
        if (nt) {
            i += nt - 1;
            continue;
        }
        if (tok_is(&x->scan, i, ',') || tok_word(&x->scan, i, "va") || tok_word(&x->scan, i, "and"))
            continue;
        if (x->scan.tok[i].flags & TK_CAP) {
            words++;
            continue;
        }
        return false;
    }
    return words <= 3;
}

/* Whether another trigger phrase (a verb of its own) stands in [a, b). */
static bool verb_between(const rg_extract *x, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        size_t hits[PH_MAX_HITS], n = 0;
        if (phrases_match(&x->rules->trigp, &x->scan, i, b, hits, &n))
            return true;
    }
    return false;
}

/* Whether "lời mời" / "invitation" stands in [a, b): who follows it
 * invited the visit. */
static bool host_named(const rg_scan *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if ((tok_word(s, i, "loi") && tok_word(s, i + 1, "moi")) || tok_word(s, i, "invitation"))
            return true;
    return false;
}

static rg_status visit(sctx *c, size_t trig, size_t tlen, rg_error *err)
{
    rg_extract *x = c->x;
    const rg_mention *dest = NULL;
    rg_status rc;
    /* a destination right after the phrase ("chuyến thăm TPHCM của ..."),
     * else the home city */
    for (size_t q = 0; q < c->nms; q++) {
        const rg_mention *m = &x->m[c->ms[q]];
        if (m->t0 > trig && m->t0 <= trig + tlen + 1 && is_place_type(x->e[m->entity].type))
            dest = m;
    }
    /* "chuyến thăm và làm việc tại Paris", "a visit to Paris" */
    for (size_t q = 0; q < c->nms && !dest; q++) {
        const rg_mention *m = &x->m[c->ms[q]];
        const rg_scan *s = &x->scan;
        if (m->t0 > trig + tlen && m->t0 <= trig + tlen + 5 && is_place_type(x->e[m->entity].type) &&
            (tok_word(s, m->t0 - 1, "tai") || tok_word(s, m->t0 - 1, "den") ||
             tok_word(s, m->t0 - 1, "sang") || tok_word(s, m->t0 - 1, "to")) &&
            !host_named(s, trig + tlen, m->t0))
            dest = m;
    }
    /* the visitors: the persons named after the phrase ("chuyến thăm của
     * Tổng thống X và Thủ tướng Y"), else the nearest one before it */
    {
        const rg_mention *prev = NULL, *before = NULL;
        bool any = false;
        /* "X ... đến thăm Việt Nam": a named destination right after the
         * phrase makes it a verb, whose visitor is the nearest person before */
        bool noun = trig > c->t0 && tok_word(&x->scan, trig - 1, "chuyen");
        if (dest && !noun) {
            for (size_t q = 0; q < c->nms; q++) {
                const rg_mention *m = &x->m[c->ms[q]];
                if (strcmp(x->e[m->entity].type, "person") == 0 && m->t1 <= trig &&
                    !verb_between(x, m->t1, trig))
                    before = m;
            }
            if (before)
                return link_dated(c, "visited", before, NULL, before->entity, dest->entity, trig,
                                  false, err);
        }
        for (size_t q = 0; q < c->nms; q++) {
            const rg_mention *m = &x->m[c->ms[q]];
            if (strcmp(x->e[m->entity].type, "person") != 0)
                continue;
            if (m->t1 <= trig) {
                /* "X chủ trì khánh thành ... và Y đã đến thăm": X does
                 * something else; the visitor is nearer */
                if (!verb_between(x, m->t1, trig))
                    before = m;
                continue;
            }
            if (prev && !person_continues(x, prev->t1, m->t0))
                break;
            if (host_named(&x->scan, trig + tlen, m->t0))
                break;  /* "theo lời mời của Thị trưởng Paris X": the host */
            rc = link_dated(c, "visited", m, NULL, m->entity, dest ? dest->entity : x->home_city,
                            trig, false, err);
            if (rc != RG_OK)
                return rc;
            prev = m;
            any = true;
        }
        if (!any && before && !noun)
            return link_dated(c, "visited", before, NULL, before->entity,
                              dest ? dest->entity : x->home_city, trig, false, err);
        /* "đón đoàn Chủ tịch Hiệp hội X": a delegation of an organisation
         * or country visits */
        if (!any && !dest)
            for (size_t q = 0; q < c->nms; q++) {
                const rg_mention *m = &x->m[c->ms[q]];
                const char *t = x->e[m->entity].type;
                if (m->t0 < trig + tlen)
                    continue;
                if (m->t0 <= trig + tlen + 4 && words_between(&x->scan, trig + tlen, m->t0) <= 3 &&
                    strcmp(t, "agency") == 0)
                    return link_dated(c, "visited", m, NULL, m->entity, x->home_city, trig, false, err);
                break;
            }
    }
    return RG_OK;
}

/* Where the main clause starts when the sentence opens with a subordinate
 * clause of time ("Ngay sau khi A và B nâng cấp quan hệ, C ký ...", "After
 * A and B ..., C signed ..."): after the comma that closes it; else the
 * sentence's start. */
static size_t main_clause_start(const sctx *c)
{
    const rg_scan *s = &c->x->scan;
    static const char *const sub[] = {"khi", "after", "when", "while", "before", "since"};
    size_t at = SIZE_MAX;
    for (size_t i = c->t0; i < c->t1 && i < c->t0 + 8 && at == SIZE_MAX; i++)
        if (tok_word_in(s, i, sub, sizeof sub / sizeof *sub))
            at = i;
    if (at == SIZE_MAX)
        return c->t0;
    for (size_t i = at; i < c->t1; i++) {
        if (tok_is(s, i, '('))
            return c->t0;
        if (tok_is(s, i, ','))
            return i + 1;
    }
    return c->t0;
}

/* Where the objects of the phrase at trig may be looked for: not past the
 * end of the subordinate clause the phrase is in, nor past a tense marker
 * that starts another predicate ("X chủ trì Y đã tạo ra sức hút cho Z": Z
 * is not what X chairs). */
static size_t object_limit(const sctx *c, size_t trig, size_t tlen)
{
    const rg_scan *s = &c->x->scan;
    size_t mcs = c->mcs, lim = c->t1;
    if (mcs > c->t0 && trig < mcs)
        lim = mcs;
    for (size_t i = trig + tlen; i < lim; i++) {
        size_t th[PH_MAX_HITS], tn = 0;
        /* "X supported Y with a course, funded by Z": another verb after a
         * comma starts another clause */
        if (tok_is(s, i, ',') && i + 1 < lim && phrases_match(&c->x->rules->trigp, s, i + 1, lim, th, &tn))
            return i;
        if (tok_word(s, i, "da") || tok_word(s, i, "dang") || tok_word(s, i, "se")) {
            /* the lower-case Vietnamese markers only: "đã", "đang", "sẽ" */
            size_t hits[PH_MAX_HITS], n = 0;
            if (!(s->tok[i].flags & TK_CAP) && phrases_match(&c->x->rules->stops, s, i, i + 1, hits, &n))
                return i;
        }
    }
    return lim;
}

/* Words in [a, b), leaving out a parenthesised group ("Daegu (South
 * Korea) have been sister cities"). */
static size_t words_between(const rg_scan *s, size_t a, size_t b)
{
    size_t words = 0;
    int paren = 0;
    for (size_t i = a; i < b; i++) {
        if (tok_is(s, i, '('))
            paren++;
        else if (tok_is(s, i, ')') && paren > 0)
            paren--;
        else if (!paren && (s->tok[i].flags & TK_WORD))
            words++;
    }
    return words;
}

/* "A và B (COUNTRY) đã ký kết", "A and B have been sister cities": the
 * index in c->ms of A when two fitting parties joined by "và"/"and" end
 * at most six words before the phrase ("A và B (...) chính thức thiết lập
 * quan hệ thành phố kết nghĩa"), else SIZE_MAX. */
static size_t before_pair(const sctx *c, const rg_link_type *lt, size_t trig)
{
    const rg_extract *x = c->x;
    const rg_scan *s = &x->scan;
    for (size_t q = 0; q + 1 < c->nms; q++) {
        const rg_mention *a = &x->m[c->ms[q]], *b = &x->m[c->ms[q + 1]];
        /* "A and the City of B" */
        size_t the = tok_word(s, a->t1, "and") && tok_word(s, a->t1 + 1, "the") ? 1 : 0;
        if (b->t1 <= trig && (tok_word(s, a->t1, "va") || tok_word(s, a->t1, "and")) &&
            b->t0 == a->t1 + 1 + the && words_between(s, b->t1, trig) <= 6 && a->entity != b->entity &&
            fits(x, &lt->source_types, a->entity) && fits(x, &lt->target_types, b->entity))
            return q;
    }
    return SIZE_MAX;
}

/* Whether token i may start a pair noun, by its length and first two
 * letters: asked at every word of most sentences, so inline and first. */
static inline bool may_start_pair_noun(const rg_scan *s, size_t i)
{
    const rg_tok *t;
    if (i >= s->ntok)
        return false;
    t = &s->tok[i];
    /* "hai", "the", "both" */
    return (t->fold_len == 3 && (t->pair == ('h' << 8 | 'a') || t->pair == ('t' << 8 | 'h'))) ||
           (t->fold_len == 4 && t->pair == ('b' << 8 | 'o'));
}

/* Whether token i starts "hai thành phố", "hai bên", "the two cities",
 * "both sides"...: 0 for no, 1 for a pair of anything, 2 for a pair of
 * cities. */
static int pair_noun_lookup(const rg_scan *s, size_t i)
{
    /* by their second word, the one that turns most candidates away ("the"
     * is common, "the two" is not); kind 2 for a pair of cities */
    static const struct {
        const char *second, *first, *third;
        int kind;
    } nouns[] = {
        {"two", "the", "cities", 2}, {"two", "the", "sides", 1}, {"two", "the", "partners", 1},
        {"cities", "both", NULL, 2}, {"sides", "both", NULL, 1}, {"thanh", "hai", "pho", 2},
        {"dia", "hai", "phuong", 2}, {"ben", "hai", NULL, 1}, {"nuoc", "hai", NULL, 1},
        {"to", "hai", "chuc", 1}};
    for (size_t k = 0; k < sizeof nouns / sizeof *nouns; k++)
        if (tok_word(s, i + 1, nouns[k].second) && tok_word(s, i, nouns[k].first) &&
            (!nouns[k].third || tok_word(s, i + 2, nouns[k].third)))
            return nouns[k].kind;
    return 0;
}

/* pair_noun_lookup behind the inline test that turns away most tokens. */
static inline int pair_noun_at(const rg_scan *s, size_t i)
{
    return may_start_pair_noun(s, i) ? pair_noun_lookup(s, i) : 0;
}

/* pair_noun_at for the subject of the phrase at trig: a few words before
 * it ("hai bên đã chính thức ký kết"), in its clause, no mention between. */
static int pair_noun_before(const sctx *c, size_t trig)
{
    const rg_scan *s = &c->x->scan;
    size_t from = trig > c->t0 + 8 ? trig - 8 : c->t0;
    for (size_t i = trig; i-- > from;) {
        int k;
        if (tok_is(s, i, ',') || tok_is(s, i, ';'))
            return 0;
        for (size_t q = 0; q < c->nms; q++) {
            const rg_mention *m = &c->x->m[c->ms[q]];
            if (m->t0 <= i && i < m->t1)
                return 0;
        }
        if ((k = pair_noun_at(s, i)) != 0)
            return k;
    }
    return 0;
}

/* When nothing fitting follows the phrase, the parties may precede it:
 * "A và B đã ký kết ..." (both sides before a symmetric phrase), or
 * "X được Thành phố tổ chức", "X (... lần tổ chức)" (the object before, the
 * subject after "được" or the home city). */
static rg_status trigger_before(sctx *c, const rg_trigger *tr, const rg_link_type *lt, size_t trig,
                                bool topics, rg_error *err)
{
    rg_extract *x = c->x;
    const rg_scan *s = &x->scan;
    const rg_mention *obj = NULL, *agent = NULL;

    if (lt->symmetric) {
        size_t q = before_pair(c, lt, trig);
        if (q != SIZE_MAX) {
            const rg_mention *a = &x->m[c->ms[q]], *b = &x->m[c->ms[q + 1]];
            return link_dated(c, tr->type, a, b, a->entity, b->entity, trig, topics, err);
        }
        return RG_OK;
    }
    if (strcmp(tr->type, "organizes") != 0)
        return RG_OK;
    size_t qo = SIZE_MAX;
    for (size_t q = 0; q < c->nms; q++) {
        const rg_mention *m = &x->m[c->ms[q]];
        if (m->t1 > trig)
            break;
        if (m->t0 > 0 && tok_word(s, m->t0 - 1, "duoc") && fits(x, &lt->source_types, m->entity))
            agent = m;
        else if (fits(x, &lt->target_types, m->entity)) {
            obj = m;
            qo = q;
        }
    }
    if (!obj || (!agent && trig - obj->t1 > 12))
        return RG_OK;
    /* "A, B (...), C… được Thành phố tổ chức": the whole enumeration */
    if (agent)
        for (size_t q = qo; q-- > 0;) {
            const rg_mention *m = &x->m[c->ms[q]], *next = &x->m[c->ms[q + 1]];
            rg_status rc;
            if (m->flags & M_PAREN)
                continue;
            if (!enumeration_gap(x, m->t1, next->t0) && !(next->flags & M_PAREN))
                break;
            if (fits(x, &lt->target_types, m->entity) &&
                (rc = link_dated(c, tr->type, agent, m, agent->entity, m->entity, trig, topics, err)) != RG_OK)
                return rc;
        }
    return link_dated(c, tr->type, agent, obj, agent ? agent->entity : x->home_city, obj->entity,
                      trig, topics, err);
}

/* A phrase used in the passive names its agent after it: "với sự hỗ trợ
 * (tích cực) của/từ X", "funded by X", "with the support of X".  Returns
 * the index in c->ms of the agent's mention, or SIZE_MAX. */
static size_t passive_agent(const sctx *c, size_t trig, size_t tlen)
{
    const rg_scan *s = &c->x->scan;
    size_t from = trig + tlen, k = from;
    bool noun = trig > c->t0 && (tok_word(s, trig - 1, "su") ||
                                 (trig > c->t0 + 1 && tok_word(s, trig - 1, "the") &&
                                  tok_word(s, trig - 2, "with")));
    if (!noun && !tok_word(s, from, "by"))
        return SIZE_MAX;
    /* up to "của", "từ", "of", "by" and one or two adverbs */
    while (k < c->t1 && k < from + 4 && !(tok_word(s, k, "cua") || tok_word(s, k, "tu") ||
                                          tok_word(s, k, "of") || tok_word(s, k, "by")))
        k++;
    if (k >= c->t1 || k >= from + 4)
        return SIZE_MAX;
    k++;
    while (k < c->t1 && (tok_word(s, k, "the") || tok_word(s, k, "chinh") || tok_word(s, k, "quyen")))
        k++;        /* "từ chính quyền Thành phố": the government stands for its city */
    for (size_t q = 0; q < c->nms; q++)
        if (c->x->m[c->ms[q]].t0 == k)
            return q;
    return SIZE_MAX;
}

/* "AmCham được thành lập tại TP.HCM với sự hỗ trợ từ chính quyền Thành
 * phố": the agent after the phrase acts on the first fitting mention before
 * it (else the home city). */
static rg_status trigger_passive(sctx *c, const rg_trigger *tr, const rg_link_type *lt, size_t trig,
                                 size_t tlen, bool topics, rg_error *err)
{
    rg_extract *x = c->x;
    const rg_scan *s = &x->scan;
    const rg_mention *agent = &x->m[c->ms[passive_agent(c, trig, tlen)]], *patient = NULL;
    size_t from = trig;
    /* the subject of the clause the phrase ends: after the last comma
     * before it, not a person, not a place after "tại"/"in" */
    while (from > c->t0 && !tok_is(s, from - 1, ',') && !tok_is(s, from - 1, ';'))
        from--;
    for (int pass = 0; pass < 2 && !patient; pass++)
        for (size_t q = 0; q < c->nms && !patient; q++) {
            const rg_mention *m = &x->m[c->ms[q]];
            if (m->t1 > trig)
                break;
            if (pass == 0 && (m->t0 < from || strcmp(x->e[m->entity].type, "person") == 0 ||
                              (m->t0 > 0 && (tok_word(s, m->t0 - 1, "tai") || tok_word(s, m->t0 - 1, "in")))))
                continue;
            if (!(m->flags & M_PAREN) && m->entity != agent->entity && fits(x, &lt->target_types, m->entity))
                patient = m;
        }
    if (!fits(x, &lt->source_types, agent->entity))
        return RG_OK;
    return link_dated(c, tr->type, agent, patient, agent->entity, patient ? patient->entity : x->home_city,
                      trig, topics, err);
}

/* Where the clause a reporting verb opens starts, for the phrase at trig:
 * after the last "cho biết", "khẳng định", "nhấn mạnh", "said", "noted"...
 * before it (and a "rằng" / "that"), or SIZE_MAX. */
static size_t reported_from(const sctx *c, size_t trig)
{
    static const char *const verbs[][2] = {{"cho", "biet"}, {"khang", "dinh"}, {"nhan", "manh"},
                                           {"said", NULL}, {"noted", NULL}, {"stressed", NULL},
                                           {"announced", NULL}};
    const rg_scan *s = &c->x->scan;
    size_t from = SIZE_MAX;
    for (size_t i = c->t0; i < trig; i++)
        for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++)
            if (tok_word(s, i, verbs[k][0]) && (!verbs[k][1] || tok_word(s, i + 1, verbs[k][1]))) {
                from = i + (verbs[k][1] ? 2 : 1);
                if (tok_word(s, from, "rang") || tok_word(s, from, "that"))
                    from++;
                break;
            }
    return from < trig ? from : SIZE_MAX;
}

/* Whether the words at i name the document's city without its name:
 * "thành phố", "the city". */
static bool names_the_city(const rg_scan *s, size_t i)
{
    return (tok_word(s, i, "thanh") && tok_word(s, i + 1, "pho") && !(s->tok[i].flags & TK_CAP)) ||
           (tok_word(s, i, "the") && tok_word(s, i + 1, "city"));
}

/* Whether mention m follows "với" / "with": a partner named on its own. */
static bool partner_with(const rg_scan *s, const rg_mention *m)
{
    return m->t0 > 0 && (tok_word(s, m->t0 - 1, "voi") || tok_word(s, m->t0 - 1, "with"));
}

/* The date said of the partner c->ms[q] alone: the first between it and
 * the next partner named with "với" / "with" (or lim), else NULL ("with
 * Blois since 1996 and with Gyeongju since 2007"). */
static const char *date_of_partner(const sctx *c, size_t q, size_t lim)
{
    const rg_mention *m = &c->x->m[c->ms[q]];
    size_t end = lim;
    for (size_t r = q + 1; r < c->nms; r++)
        if (partner_with(&c->x->scan, &c->x->m[c->ms[r]])) {
            end = c->x->m[c->ms[r]].t0;
            break;
        }
    for (size_t k = 0; k < c->ndates; k++)
        if (c->dates[k].t0 >= m->t1 && c->dates[k].t0 < end)
            return c->dates[k].text;
    return NULL;
}

/* A sentence that opens with the phrase ("Tham dự / Dự X có A, B"): the
 * event or forum between the phrase and "có" is what the persons after
 * "có" took part in (their titles' bodies did not).  Without such a "có",
 * the usual search is left to run, as a sentence opening with the phrase
 * finds no subject before it anyway.  *done says whether it was this form. */
static rg_status attendees_after_co(sctx *c, const rg_trigger *tr, const rg_link_type *lt, size_t trig,
                                    size_t tlen, bool *done, rg_error *err)
{
    rg_extract *x = c->x;
    const rg_scan *s = &x->scan;
    const rg_mention *what = NULL;
    size_t co = SIZE_MAX;
    rg_status rc;
    for (size_t i = trig + tlen; i < c->t1 && i < trig + tlen + 20 && co == SIZE_MAX; i++)
        if (tok_word(s, i, "co") && !(s->tok[i].flags & TK_CAP))
            co = i;
    for (size_t q = 0; q < c->nms && co != SIZE_MAX && !what; q++) {
        const rg_mention *m = &x->m[c->ms[q]];
        if (m->t0 >= trig + tlen && m->t1 <= co && !(m->flags & M_PAREN) &&
            fits(x, &lt->target_types, m->entity))
            what = m;
    }
    if (!what)
        return RG_OK;               /* not this form: *done stays false */
    *done = true;
    for (size_t q = 0; q < c->nms; q++) {
        const rg_mention *m = &x->m[c->ms[q]];
        if (m->t0 > co && strcmp(x->e[m->entity].type, "person") == 0 && !(m->flags & M_PAREN) &&
            fits(x, &lt->source_types, m->entity) &&
            (rc = link_dated(c, tr->type, m, what, m->entity, what->entity, trig, false, err)) != RG_OK)
            return rc;
    }
    return RG_OK;
}

enum { CO_AGENTS_MAX = 4 };

/* Those who act with the subject (c->ms[qs]) before the phrase at trig:
 * the mention after "với" / "cùng" and the enumeration that continues it,
 * ending at most two words before the phrase ("phối hợp với B và C khai
 * mạc X").  Fills co, returns how many (at most CO_AGENTS_MAX). */
static size_t co_agents(const sctx *c, const rg_link_type *lt, size_t qs, int32_t subj_ent, size_t trig,
                        const rg_mention **co)
{
    const rg_extract *x = c->x;
    const rg_scan *s = &x->scan;
    size_t n = 0;
    for (size_t q = qs + 1; q < c->nms; q++) {
        const rg_mention *m = &x->m[c->ms[q]];
        if (m->t0 >= trig)
            break;
        if (m->flags & M_PAREN)
            continue;
        if (n == 0 ? !(m->t0 > 0 && (tok_word(s, m->t0 - 1, "voi") || tok_word(s, m->t0 - 1, "cung")))
                   : !enumeration_gap(x, co[n - 1]->t1, m->t0)) {
            if (n)
                break;
            continue;
        }
        if (m->entity == subj_ent || !fits(x, &lt->source_types, m->entity))
            break;
        co[n++] = m;
        if (n == CO_AGENTS_MAX)
            break;
    }
    return n && words_between(s, co[n - 1]->t1, trig) <= 2 ? n : 0;
}

static rg_status trigger(sctx *c, const rg_trigger *tr, size_t trig, size_t tlen, rg_error *err)
{
    rg_extract *x = c->x;
    const rg_scan *s = &x->scan;
    const rg_link_type *lt = pack_link_type(x->rules->pack, tr->type);
    const rg_mention *subj = NULL;
    int32_t subj_ent = -1;
    size_t first_obj = SIZE_MAX, qs = SIZE_MAX, obj_lim, said, qpair;
    int pair;
    rg_status rc;
    bool topics = strcmp(tr->type, "cooperates_with") == 0 || strcmp(tr->type, "member_of") == 0 ||
                  strcmp(tr->type, "organizes") == 0;

    if (!lt)
        return RG_OK;
    if (strcmp(tr->type, "visited") == 0)
        return visit(c, trig, tlen, err);
    if (!lt->symmetric && passive_agent(c, trig, tlen) != SIZE_MAX)
        return trigger_passive(c, tr, lt, trig, tlen, topics, err);
    /* "các thành viên của X", "members of X": a group, nobody's membership */
    if (strcmp(tr->type, "member_of") == 0 && trig > c->t0 &&
        (tok_word(s, trig - 1, "cac") || tok_word(s, trig - 1, "nhung") || tok_word(s, trig, "members")))
        return RG_OK;

    /* "Tham dự Lễ hội X có ông A, Chủ tịch ..., và bà B": who took part
     * follows "có" */
    if (strcmp(tr->type, "participates_in") == 0 && trig <= c->t0 + 1) {
        bool done = false;
        if ((rc = attendees_after_co(c, tr, lt, trig, tlen, &done, err)) != RG_OK || done)
            return rc;
    }
    /* "Under the agreement, ...", "Theo thỏa thuận, ...": a reference to a
     * signing, not one */
    if (strcmp(tr->type, "signed_with") == 0 && trig > c->t0 &&
        (tok_word(s, trig - 1, "theo") || (trig > c->t0 + 1 && tok_word(s, trig - 1, "the") &&
                                           (tok_word(s, trig - 2, "under") || tok_word(s, trig - 2, "to")))))
        return RG_OK;
    /* "The agreement was signed by A and B": the pair after "by", or none
     * (not the home city and the first of them) */
    if (lt->symmetric && tok_word(s, trig + tlen, "by")) {
        for (size_t q = 0; q + 1 < c->nms; q++) {
            const rg_mention *a = &x->m[c->ms[q]], *b = &x->m[c->ms[q + 1]];
            if (a->t0 > trig + tlen && a->t0 <= trig + tlen + 3 && tok_word(s, a->t1, "and") &&
                b->t0 > a->t1 && b->t0 <= a->t1 + 3 && fits(x, &lt->source_types, a->entity) &&
                fits(x, &lt->target_types, b->entity))
                return link_dated(c, tr->type, a, b, a->entity, b->entity, trig, topics, err);
        }
        return RG_OK;
    }
    /* "A và B đã ký kết ...": both parties named right before the phrase */
    if (lt->symmetric && (qpair = before_pair(c, lt, trig)) != SIZE_MAX) {
        const rg_mention *a = &x->m[c->ms[qpair]], *b = &x->m[c->ms[qpair + 1]];
        return link_dated(c, tr->type, a, b, a->entity, b->entity, trig, topics, err);
    }
    /* "Hai thành phố kết nghĩa năm 1994", "the two cities established
     * ...": the pair the text last related */
    if (lt->symmetric && x->pair[0] >= 0 && (pair = pair_noun_before(c, trig)) != 0 &&
        fits(x, &lt->source_types, x->pair[0]) && fits(x, &lt->target_types, x->pair[1]) &&
        (pair == 1 || (strcmp(x->e[x->pair[0]].type, "city") == 0 &&
                       strcmp(x->e[x->pair[1]].type, "city") == 0)))
        return link_dated(c, tr->type, NULL, NULL, x->pair[0], x->pair[1], trig, topics, err);
    /* "các đối tác", "những thành viên": a group named by the phrase's noun,
     * no relation of the subject's */
    if ((strcmp(tr->type, "cooperates_with") == 0 || strcmp(tr->type, "member_of") == 0) && trig > c->t0 &&
        (tok_word(s, trig - 1, "cac") || tok_word(s, trig - 1, "nhung")))
        return RG_OK;
    /* "giữa A và B" */
    for (size_t i = trig; i + 1 < c->t1 && i < trig + tlen + 12; i++) {   /* "hợp tác giữa" holds it */
        if (!tok_word(s, i, "giua"))
            continue;
        /* A within a few words after "giữa" ("giữa lãnh đạo TP. X"), B within
         * a few words after the "và" that follows A ("và Chủ tịch WEF") */
        for (size_t q = 0; q + 1 < c->nms; q++) {
            const rg_mention *a = &x->m[c->ms[q]];
            if (a->t0 <= i || a->t0 > i + 4 || !fits(x, &lt->source_types, a->entity))
                continue;
            for (size_t r = q + 1; r < c->nms; r++) {
                const rg_mention *b = &x->m[c->ms[r]];
                if (b->flags & M_PAREN)
                    continue;
                if (tok_word(s, a->t1, "va") && b->t0 > a->t1 && b->t0 <= a->t1 + 4 &&
                    fits(x, &lt->target_types, b->entity))
                    return link_dated(c, tr->type, a, b, a->entity, b->entity, trig, topics, err);
            }
            break;
        }
        break;
    }
    /* "Sở Ngoại vụ cho biết thành phố là thành viên của X", "the Mayor
     * said the city would join X": the reported clause has its own subject,
     * a mention in it or the city it names in words */
    if ((said = reported_from(c, trig)) != SIZE_MAX) {
        for (size_t q = 0; q < c->nms && !subj; q++) {
            const rg_mention *m = &x->m[c->ms[q]];
            if (m->t0 >= said && m->t1 <= trig && !(m->flags & M_PAREN) && !possessor(x, m) &&
                fits(x, &lt->source_types, m->entity)) {
                subj = m;
                subj_ent = m->entity;
                qs = q;
            }
        }
        if (!subj && names_the_city(s, said) && fits(x, &lt->source_types, x->home_city))
            subj_ent = x->home_city;
    }
    /* subject: the first allowed mention before the phrase in the main
     * clause ("ngay sau khi A và B nâng cấp quan hệ, C ký ... với D" is C's),
     * else in the sentence; where the home city may stand in, a person who only
     * speaks about it is no subject ("Mayor X said the city would cooperate
     * with Y") */
    for (int pass = 0; pass < 2 && subj_ent < 0; pass++)
    for (size_t q = 0; q < c->nms; q++) {
        const rg_mention *m = &x->m[c->ms[q]];
        if (m->t1 > trig)
            break;
        if (pass == 0 && m->t0 < c->mcs && c->mcs < trig)
            continue;
        if (tr->subject_home && strcmp(x->e[m->entity].type, "person") == 0)
            continue;
        if (possessor(x, m) && strcmp(tr->type, "part_of") != 0)
            continue;
        if (!(m->flags & M_PAREN) && fits(x, &lt->source_types, m->entity)) {
            subj = m;
            subj_ent = m->entity;
            qs = q;
            break;
        }
    }
    /* "Đại sứ Pháp tại Việt Nam Claire Montel tham dự X": a person right
     * before the phrase is who acts, not the country of the title */
    if (subj && !tr->subject_home)
        for (size_t q = qs + 1; q < c->nms; q++) {
            const rg_mention *m = &x->m[c->ms[q]];
            if (m->t1 > trig)
                break;
            if (strcmp(x->e[m->entity].type, "person") == 0 && words_between(s, m->t1, trig) <= 2 &&
                !(m->flags & M_PAREN) && fits(x, &lt->source_types, m->entity)) {
                subj = m;
                subj_ent = m->entity;
                qs = q;
                break;
            }
        }
    /* "WB đã hỗ trợ Thành phố tổ chức Hội nghị ...": a mention right before
     * the phrase that is the object of an earlier verb is this one's agent */
    if (subj && !lt->symmetric) {
        for (size_t q = qs + 1; q < c->nms; q++) {
            const rg_mention *m = &x->m[c->ms[q]];
            if (m->t1 > trig)
                break;
            if (m->t1 == trig && !(m->flags & M_PAREN) && fits(x, &lt->source_types, m->entity) &&
                !possessor(x, m) && !(tr->subject_home && strcmp(x->e[m->entity].type, "person") == 0) &&
                m->t0 > 0 && verb_between(x, subj->t1, m->t0) && !tok_word(s, m->t0 - 1, "va") &&
                !tok_is(s, m->t0 - 1, ',')) {
                subj = m;
                subj_ent = m->entity;
                qs = q;
                break;
            }
        }
    }
    if (!subj && tr->subject_home && fits(x, &lt->source_types, x->home_city))
        subj_ent = x->home_city;
    if (subj_ent < 0) {
        /* "phát biểu của Phó Thủ tướng X tại Y": the subject follows; a
         * person first, when the type allows one */
        bool person = fits(x, &lt->source_types, -2);
        for (int pass = person ? 0 : 1; pass < 2 && subj_ent < 0; pass++)
        for (size_t q = 0; q < c->nms; q++) {
            const rg_mention *m = &x->m[c->ms[q]];
            if (pass == 0 && strcmp(x->e[m->entity].type, "person") != 0)
                continue;
            if (m->t0 > trig && !(m->flags & M_PAREN) &&
                fits(x, &lt->source_types, m->entity)) {
                subj = m;
                subj_ent = m->entity;
                qs = q;
                break;
            }
        }
        if (subj_ent < 0)
            return RG_OK;
    }
    /* objects: the first allowed mention after the phrase (and the subject), and its enumeration */
    obj_lim = object_limit(c, trig, tlen);
    for (size_t q = 0; q < c->nms; q++) {
        const rg_mention *m = &x->m[c->ms[q]];
        if (m->t0 <= trig || (qs != SIZE_MAX && q <= qs) || (m->flags & M_PAREN))
            continue;
        if (m->t0 >= obj_lim)
            break;
        if (m->entity == subj_ent)
            continue;
        if ((possessor(x, m) && strcmp(tr->type, "part_of") != 0 && strcmp(tr->type, "visited") != 0 &&
             strcmp(tr->type, "member_of") != 0) || owner_s(x, m))
            continue;
        if (fits(x, &lt->target_types, m->entity)) {
            first_obj = q;
            break;
        }
    }
    if (first_obj == SIZE_MAX)
        return trigger_before(c, tr, lt, trig, topics, err);
    {
        const rg_mention *prev = &x->m[c->ms[first_obj]];
        /* "A phối hợp với B khai mạc X", "A cùng B tổ chức X", "A phối hợp
         * với B và C khai mạc X": they act too */
        const rg_mention *co[CO_AGENTS_MAX];
        size_t nco = (subj && !lt->symmetric) ? co_agents(c, lt, qs, subj_ent, trig, co) : 0;
        if ((rc = link_dated(c, tr->type, subj, prev, subj_ent, prev->entity, trig, topics, err)) != RG_OK)
            return rc;
        for (size_t k = 0; k < nco; k++)
            if ((rc = link_dated(c, tr->type, co[k], prev, co[k]->entity, prev->entity, trig, topics, err)) != RG_OK)
                return rc;
        for (size_t q = first_obj + 1; q < c->nms; q++) {
            const rg_mention *m = &x->m[c->ms[q]];
            if (m->flags & M_PAREN)
                continue;
            if (!enumeration_gap(x, prev->t1, m->t0))
                break;
            if (fits(x, &lt->target_types, m->entity)) {
                if ((rc = link_dated(c, tr->type, subj, m, subj_ent, m->entity, trig, topics, err)) != RG_OK)
                    return rc;
                for (size_t k = 0; k < nco; k++)
                    if ((rc = link_dated(c, tr->type, co[k], m, co[k]->entity, m->entity, trig, topics, err)) != RG_OK)
                        return rc;
            }
            prev = m;
        }
    }
    /* "hợp tác ... với A về ..., ... với B", "twinned with A in 1996 and
     * with B since 2007": each partner named with "với" / "with" */
    if (strcmp(tr->type, "cooperates_with") == 0 || strcmp(tr->type, "sister_city") == 0 ||
        strcmp(tr->type, "signed_with") == 0) {
        for (size_t q = 0; q < c->nms; q++) {
            const rg_mention *m = &x->m[c->ms[q]];
            if (m->t0 <= trig + tlen || m->t0 >= obj_lim || (m->flags & M_PAREN) || m->entity == subj_ent ||
                !partner_with(s, m) || !fits(x, &lt->target_types, m->entity))
                continue;
            c->date_hint = date_of_partner(c, q, obj_lim);
            rc = link_dated(c, tr->type, subj, m, subj_ent, m->entity, trig, topics, err);
            c->date_hint = NULL;
            if (rc != RG_OK)
                return rc;
        }
    }
    return RG_OK;
}

static rg_status sentence_topics(sctx *c, rg_error *err)
{
    const rg_rules *r = c->x->rules;
    for (size_t i = c->t0; i < c->t1; i++) {
        size_t hits[PH_MAX_HITS], count, n = phrases_match(&r->topics, &c->x->scan, i, c->t1, hits, &count);
        if (!n)
            continue;
        for (size_t h = 0; h < count; h++)
            if (rg_strlist_push_unique(&c->topics, r->topic_names.items[r->topics.v[hits[h]].payload]) != RG_OK)
                return rg_fail(err, RG_ERR_NOMEM, "topics: out of memory");
        i += n - 1;
    }
    rg_strlist_sort(&c->topics);
    c->topics_found = true;
    return RG_OK;
}

/* Where a sentence that names nothing may still relate the pair the text
 * last related: from its first "hai thành phố", "the two sides"... to a
 * few words past its last (pair_noun_before looks no further back).
 * [*from, *to) is empty when it has none. */
static void pair_window(const sctx *c, size_t *from, size_t *to)
{
    *from = *to = c->t0;
    for (size_t i = c->t0; i < c->t1; i++)
        if (pair_noun_at(&c->x->scan, i)) {
            if (*to == c->t0)
                *from = i;
            *to = i + 10 < c->t1 ? i + 10 : c->t1;
        }
}

/* Whether the phrase of n tokens at i lies in a title: one that starts a
 * few tokens before it and runs past its start ("Tổng Thư ký" holds "ký"
 * but signs nothing), or one at i longer than it.  Asked at phrases only,
 * which are far fewer than tokens. */
static bool in_title(const sctx *c, size_t i, size_t n)
{
    for (size_t j = i > c->t0 + 4 ? i - 4 : c->t0; j <= i; j++) {
        size_t th[PH_MAX_HITS], tn = 0, nt = phrases_match(&c->x->rules->titles, &c->x->scan, j, c->t1, th, &tn);
        if (j < i ? j + nt > i : nt > n)
            return true;
    }
    return false;
}

/* Relates the mentions of sentence sent: sm[0..nsm) are its mentions (in
 * ascending order), buf room for as many indexes. */
static rg_status relate_sentence(rg_extract *x, size_t sent, const size_t *sm, size_t nsm,
                                 size_t *buf, rg_error *err)
{
    sctx c;
    rg_status rc = RG_OK;
    size_t scan_from, scan_to;  /* where triggers are looked for */
    const rg_phrases *phrases;  /* and which */

    memset(&c, 0, sizeof c);
    c.x = x;
    c.sent = sent;
    c.t0 = x->scan.sent[sent].t0;
    c.t1 = x->scan.sent[sent].t1;
    c.sm = sm;
    c.nsm = nsm;
    c.ms = buf;
    for (size_t q = 0; q < nsm; q++) {
        size_t k = sm[q];
        if (top_level(&x->m[k])) {
            /* in text order (visit events are found after their visitors) */
            size_t at = c.nms++;
            while (at > 0 && x->m[c.ms[at - 1]].t0 > x->m[k].t0) {
                c.ms[at] = c.ms[at - 1];
                at--;
            }
            c.ms[at] = k;
        }
    }
    c.ndates = find_dates(x, c.t0, c.t1, c.dates, 16);
    /* "cũng trong năm này", "cùng năm", "the same year": the year the text
     * last named */
    if (x->last_year && c.ndates < 16 && c.nms > 0)     /* else it changes nothing */
        for (size_t i = c.t0; i + 1 < c.t1; i++)
            if ((tok_word(&x->scan, i, "nam") && (tok_word(&x->scan, i + 1, "nay") ||
                                                  tok_word(&x->scan, i + 1, "do") ||
                                                  (i > c.t0 && tok_word(&x->scan, i - 1, "cung")))) ||
                (tok_word(&x->scan, i, "same") && tok_word(&x->scan, i + 1, "year"))) {
                rdate *d = &c.dates[c.ndates++];
                d->t0 = (uint32_t)i;
                d->t1 = (uint32_t)i + 2;
                snprintf(d->text, sizeof d->text, "%04d", x->last_year);
                break;
            }
    c.event_day = NULL;
    if (x->last_day[0] && sent - x->last_day_sent <= 15)
        c.event_day = x->last_day;
    for (size_t k = 0; k < c.ndates; k++) {
        x->last_year = atoi(c.dates[k].text);
        if (strlen(c.dates[k].text) == 10) {
            rg_copy_fixed(x->last_day, sizeof x->last_day, c.dates[k].text);
            x->last_day_sent = sent;
        }
    }
    if ((rc = structural(&c, err)) != RG_OK)
        goto done;
    for (size_t q = 0; q < c.nms; q++) {
        const rg_mention *m = &x->m[c.ms[q]];
        if (strcmp(x->e[m->entity].type, "person") == 0 && (rc = leads(&c, m, err)) != RG_OK)
            goto done;
    }
    /* no mention, no link: each link takes one of the sentence's mentions
     * at least (the home city stands in for one end only); most sentences
     * of an article name nothing */
    scan_from = c.t0;
    scan_to = c.t1;
    if (c.nms == 0 && x->pair[0] >= 0)
        pair_window(&c, &scan_from, &scan_to);
    if (scan_from == scan_to)
        goto done;
    c.mcs = main_clause_start(&c);
    /* a sentence that names nothing may only relate the last pair */
    phrases = c.nms ? &x->rules->trigp : &x->rules->symtrigp;
    for (size_t i = scan_from; i < scan_to; i++) {
        size_t hits[PH_MAX_HITS], count, n = phrases_match(phrases, &x->scan, i, c.t1, hits, &count);
        bool inside = false;
        if (!n || in_title(&c, i, n))
            continue;
        /* a phrase inside a name ("Tổ chức ...") is no trigger */
        for (size_t q = 0; q < c.nms && !inside; q++)
            inside = x->m[c.ms[q]].t0 <= i && i < x->m[c.ms[q]].t1 && !(x->m[c.ms[q]].flags & M_VISIT) &&
                     strcmp(x->e[x->m[c.ms[q]].entity].type, "event") != 0;
        if (inside)
            continue;
        for (size_t h = 0; h < count; h++)
            if ((rc = trigger(&c, &x->rules->trig[phrases->v[hits[h]].payload], i, n, err)) != RG_OK)
                goto done;
        i += n - 1;
    }
done:
    settle_sentence(x, (uint32_t)sent);
    rg_strlist_free(&c.topics);
    return rc;
}

static void guess_doc_year(rg_extract *x)
{
    const rg_scan *s = &x->scan;
    int best = 0;
    /* a "date YYYY-MM-DD" header wins; else the latest year the text names */
    for (size_t i = 0; i + 1 < s->ntok && i < 8; i++)
        if (tok_word(s, i, "date") && num(s, i + 1) > 0 && is_year(num(s, i + 1))) {
            x->doc_year = num(s, i + 1);
            return;
        }
    for (size_t i = 0; i < s->ntok; i++) {
        int y = num(s, i);
        if (!is_year(y) || y <= best || y > 2100)
            continue;
        /* "tầm nhìn đến năm 2045", "by 2030": a target, not the text's time */
        if (i >= 2 && tok_word(s, i - 1, "nam") && (tok_word(s, i - 2, "den") || tok_word(s, i - 2, "toi")))
            continue;
        if (i >= 1 && (tok_word(s, i - 1, "by") || tok_word(s, i - 1, "until")))
            continue;
        best = y;
    }
    x->doc_year = best;
}

/* The mentions of each sentence: sentence k's are order[first[k] ..
 * first[k + 1]), ascending (a counting sort), so that no sentence looks
 * through every mention of the document. */
static rg_status mentions_by_sentence(const rg_extract *x, size_t **first, size_t **order)
{
    size_t ns = x->scan.nsent;
    *first = calloc(ns + 2, sizeof **first);
    *order = malloc((x->nm + 1) * sizeof **order);
    if (!*first || !*order)
        return RG_ERR_NOMEM;
    for (size_t k = 0; k < x->nm; k++)
        if (x->m[k].sent < ns)
            (*first)[x->m[k].sent + 2]++;
    for (size_t k = 2; k < ns + 2; k++)
        (*first)[k] += (*first)[k - 1];
    /* first[k + 1] is now where sentence k's mentions go; filling moves it
     * to where they end, which is first[k + 1] in the final layout */
    for (size_t k = 0; k < x->nm; k++)
        if (x->m[k].sent < ns)
            (*order)[(*first)[x->m[k].sent + 1]++] = k;
    return RG_OK;
}

rg_status relate_mentions(rg_extract *x, rg_error *err)
{
    size_t *buf = malloc((x->nm + 1) * sizeof *buf), *first = NULL, *order = NULL;
    rg_status rc = RG_OK;

    if (!buf || mentions_by_sentence(x, &first, &order) != RG_OK) {
        free(buf);
        free(first);
        free(order);
        return rg_fail(err, RG_ERR_NOMEM, "links: out of memory");
    }
    if (!x->doc_year)
        guess_doc_year(x);
    for (size_t k = 0; k < x->scan.nsent && rc == RG_OK; k++)
        rc = relate_sentence(x, k, order + first[k], first[k + 1] - first[k], buf, err);
    free(first);
    free(order);
    /* a pair that a sentence calls sister cities or signatories is not also
     * merely "cooperating" by the same sentence; a sentence that says they
     * cooperate, and no more, keeps it ("Hai thành phố kết nghĩa năm 1994.
     * Từ đó, hai bên đã hợp tác trong ...") */
    for (size_t i = 0; rc == RG_OK && i < x->nl; i++) {
        rg_xlink *l = &x->l[i];
        if (strcmp(l->type, "cooperates_with") == 0 && l->source >= 0 && !l->alone)
            l->source = l->target = -1;     /* dropped when converted */
    }
    /* a city's dealings with its own country are not foreign relations:
     * only "located_in" joins the home city to the home country */
    for (size_t i = 0; rc == RG_OK && x->home_country_by_language && i < x->nl; i++) {
        rg_xlink *l = &x->l[i];
        bool pair = (l->source == x->home_city && l->target == x->home_country) ||
                    (l->source == x->home_country && l->target == x->home_city);
        if (pair && strcmp(l->type, "located_in") != 0)
            l->source = l->target = -1;
    }
    /* the home city lies in the home country */
    if (rc == RG_OK && x->home_city >= 0 && x->home_country >= 0 && x->home_country_by_language) {
        uint32_t sent = 0;
        for (size_t k = 0; k < x->nm; k++)
            if (x->m[k].entity == x->home_country) {
                sent = x->m[k].sent;
                break;
            }
        rc = xlink_add(x, "located_in", x->home_city, x->home_country, NULL, NULL, sent, err);
    }
    free(buf);
    return rc;
}
