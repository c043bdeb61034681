/*
 * discover.c - builder stage: find the mentions of entities in a scanned
 * document (extract.h), both those the lexicon knows and those it does not.
 *
 * Sentence by sentence, left to right, at each token the longest of these
 * wins (the lexicon on a tie):
 *   - a lexicon form ("Hoa Kỳ", "TP.HCM");
 *   - a head noun that announces a type followed by the name it heads:
 *     "Sở Ngoại vụ TP. Hồ Chí Minh", "Mạng lưới đô thị thông minh ASEAN",
 *     "TP. Porto" (a city head is stripped from the name).  The name runs
 *     until punctuation, a word that ends names ("đã", "là", "với"...),
 *     a place it embeds that is not followed by "tại"/another place, or the
 *     start of a person's name;
 *   - a person: a run of capitalised words after a title or honorific
 *     ("Chủ tịch UBND TPHCM Nguyễn Văn Được", "ông Travis Mitchell"), or
 *     starting with a common family name;
 *   - a bare acronym (resolved later through the document's definitions).
 * "NAME (ACRONYM)" teaches an alias; "PLACE (COUNTRY)" marks the country as
 * parenthetical (relate.c turns it into located_in).  Titles are recorded
 * per token for relate.c (leads links).
 */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

rg_status mention_push(rg_extract *x, const rg_mention *m, rg_error *err)
{
    if (x->nm == x->cap_m) {
        size_t c = x->cap_m ? x->cap_m * 2 : 64;
        rg_mention *p = realloc(x->m, c * sizeof *p);
        if (!p)
            return rg_fail(err, RG_ERR_NOMEM, "mentions: out of memory");
        x->m = p;
        x->cap_m = c;
    }
    x->m[x->nm++] = *m;
    return RG_OK;
}

static void mention_init(rg_mention *m, size_t t0, size_t t1, size_t sent, const char *type)
{
    memset(m, 0, sizeof *m);
    m->t0 = (uint32_t)t0;
    m->t1 = (uint32_t)t1;
    m->name_t0 = (uint32_t)t0;
    m->sent = (uint32_t)sent;
    rg_copy_fixed(m->type, sizeof m->type, type);
    m->lex = -1;
    m->head = -1;
    m->entity = -1;
    m->parent = -1;
    m->acronym = -1;
}

static inline size_t stop_at(const rg_extract *x, size_t i, size_t lim);
static inline bool trigger_at(const rg_extract *x, size_t i, size_t lim);

static bool sentence_start(const rg_scan *s, size_t i)
{
    if (i == 0 || (s->tok[i].flags & TK_NL))
        return true;
    for (size_t k = i; k-- > 0;) {
        const rg_tok *t = &s->tok[k];
        if (!(t->flags & TK_PUNCT))
            return false;
        if (t->cp == '.' || t->cp == '!' || t->cp == '?' || t->cp == ':' || t->cp == 0x2026)
            return true;
        if (t->flags & TK_NL)
            return true;
    }
    return true;
}

/* Longest lexicon form at i: its length in tokens, the entry in *entry
 * (the first listed: pack entries before the gazetteer, larger places
 * first).  Forms that are also ordinary words count only with ambig. */
/* An English determiner before token i ("the Summit", "a Mobile app"): a
 * place name takes none. */
static bool determiner_before(const rg_scan *s, size_t i)
{
    static const char *const det[] = {"the", "a", "an", "this", "that", "these", "those", "its",
                                      "our", "their", "his", "her", "my", "your", "each", "every"};
    return i > 0 && tok_word_in(s, i - 1, det, sizeof det / sizeof *det);
}

static size_t lex_at_ctx(const rg_extract *x, size_t i, size_t lim, int32_t *entry, bool ambig)
{
    size_t hits[PH_MAX_HITS], count, n = phrases_match(&x->rules->lexicon, &x->scan, i, lim, hits, &count);
    size_t rhits[PH_MAX_HITS], rcount;
    bool context = ambig;       /* a city head before it (the caller knows) */
    if (!n)
        return 0;
    /* "Thái Bình Dương" is an ocean, not the province Thái Bình */
    if (phrases_match(&x->rules->regions, &x->scan, i, lim, rhits, &rcount) >= n)
        return 0;
    /* a capital in mid-sentence vouches for a form that is also a word
     * ("Pháp", "Đức"); at the start of a sentence it proves nothing, nor
     * after an English determiner ("the Summit") */
    if (!ambig && (x->scan.tok[i].flags & TK_CAP) && !sentence_start(&x->scan, i) &&
        !determiner_before(&x->scan, i)) {
        size_t nx = i + n;
        /* ... unless a lower-case word runs on from it ("Áo dài") */
        ambig = !(nx < lim && (x->scan.tok[nx].flags & TK_WORD) && !(x->scan.tok[nx].flags & TK_CAP) &&
                  !stop_at(x, nx, lim) && !trigger_at(x, nx, lim));
    }
    {
        int32_t best = -1;
        for (size_t h = 0; h < count; h++) {
            const rg_phrase *p = &x->rules->lexicon.v[hits[h]];
            if (!ambig && (p->flags & PH_AMBIG))
                continue;
            if (!context && (p->flags & PH_GENERIC))
                continue;
            if (best < 0 || (x->rules->lex[p->payload].preferred && !x->rules->lex[best].preferred))
                best = (int32_t)p->payload;
        }
        if (best < 0)
            return 0;
        *entry = best;
        return n;
    }
}

/* lex_at_ctx, remembered per token: the stages ask about the same token
 * many times.  A remembered match that would run past lim is recomputed.
 * Most tokens start no form at all: the list's filter says so before any
 * call (lex_at_ctx would find nothing, whatever the limit). */
static size_t lex_at_remembered(const rg_extract *x, size_t i, size_t lim, int32_t *entry,
                                bool ambig);
static inline size_t lex_at_memo(const rg_extract *x, size_t i, size_t lim, int32_t *entry,
                                 bool ambig)
{
    /* a city head followed by dots at the very end of the text ("... TP.")
     * asks about the token after the last one: sent_end[i] is then read
     * past its end and phrases_match past the tokens (ASan, found by
     * tests/fuzz/fuzz_builder); phrases_may_start is false there */
    if (!phrases_may_start(&x->rules->lexicon, &x->scan, i, lim))
        return 0;
    return lex_at_remembered(x, i, lim, entry, ambig);
}

static size_t lex_at_remembered(const rg_extract *x, size_t i, size_t lim, int32_t *entry,
                                bool ambig)
{
    uint64_t *slot;
    size_t n, k = 2 * i + (ambig ? 1 : 0);
    int32_t e = -1;
    slot = x->lexmemo ? &x->lexmemo[k] : NULL;
    if (slot && ((x->lexknown[k >> 6] >> (k & 63)) & 1)) {
        n = (size_t)(*slot >> 32);
        if (i + n <= lim) {
            if (n)
                *entry = (int32_t)(*slot & 0xffffffffu) - 1;
            return n;
        }
        return lex_at_ctx(x, i, lim, entry, ambig);
    }
    n = lex_at_ctx(x, i, x->scan.sent_end ? x->scan.sent_end[i] : lim, &e, ambig);
    if (slot) {
        *slot = ((uint64_t)n << 32) | (uint32_t)(e + 1);
        x->lexknown[k >> 6] |= (uint64_t)1 << (k & 63);
    }
    if (i + n > lim)
        return lex_at_ctx(x, i, lim, entry, ambig);
    if (n)
        *entry = e;
    return n;
}

static size_t lex_at(const rg_extract *x, size_t i, size_t lim, int32_t *entry)
{
    return lex_at_memo(x, i, lim, entry, false);
}

/* The list matchers below are asked at nearly every token, and nearly
 * every token starts nothing in their list: each is an inline filter
 * (phrases_may_start) before a call that matches. */

static size_t head_found(const rg_extract *x, size_t i, size_t lim, int32_t *head)
{
    size_t hits[PH_MAX_HITS], count, n = phrases_match_run(&x->rules->headp, &x->scan, i, lim, hits, &count);
    if (n)
        *head = (int32_t)x->rules->headp.v[hits[0]].payload;
    return n;
}

static inline size_t head_at(const rg_extract *x, size_t i, size_t lim, int32_t *head)
{
    return phrases_may_start(&x->rules->headp, &x->scan, i, lim) ? head_found(x, i, lim, head) : 0;
}

static size_t title_found(const rg_extract *x, size_t i, size_t lim, unsigned *flags)
{
    size_t hits[PH_MAX_HITS], count, n = phrases_match_run(&x->rules->titles, &x->scan, i, lim, hits, &count);
    if (n && flags) {
        *flags = 0;
        for (size_t h = 0; h < count; h++)
            *flags |= x->rules->titles.v[hits[h]].payload;
    }
    return n;
}

static inline size_t title_at(const rg_extract *x, size_t i, size_t lim, unsigned *flags)
{
    return phrases_may_start(&x->rules->titles, &x->scan, i, lim) ? title_found(x, i, lim, flags) : 0;
}

/* How many tokens of list p match at i (0: none). */
static size_t list_found(const rg_phrases *p, const rg_scan *s, size_t i, size_t lim)
{
    size_t hits[PH_MAX_HITS], count;
    return phrases_match_run(p, s, i, lim, hits, &count);
}

static inline size_t list_at(const rg_phrases *p, const rg_scan *s, size_t i, size_t lim)
{
    return phrases_may_start(p, s, i, lim) ? list_found(p, s, i, lim) : 0;
}

static inline size_t stop_at(const rg_extract *x, size_t i, size_t lim)
{
    return list_at(&x->rules->stops, &x->scan, i, lim);
}

static inline bool trigger_at(const rg_extract *x, size_t i, size_t lim)
{
    return list_at(&x->rules->trigp, &x->scan, i, lim) > 0;
}

static inline bool is_surname(const rg_extract *x, size_t i, size_t lim)
{
    return list_at(&x->rules->surnames, &x->scan, i, lim) == 1;
}

static inline bool is_notname(const rg_extract *x, size_t i, size_t lim)
{
    return list_at(&x->rules->notnames, &x->scan, i, lim) > 0;
}

static bool cap_word(const rg_scan *s, size_t i, size_t lim)
{
    return i < lim && (s->tok[i].flags & TK_WORD) && (s->tok[i].flags & (TK_CAP | TK_NUM | TK_ACRO));
}

/* A word with a capital, not a number. */
static bool capital_word(const rg_scan *s, size_t i)
{
    return (s->tok[i].flags & TK_WORD) && (s->tok[i].flags & TK_CAP) && !(s->tok[i].flags & TK_NUM);
}

static bool joiner(const rg_scan *s, size_t i)
{
    return tok_is(s, i, '-') || tok_is(s, i, 0x2013) || tok_is(s, i, '.') || tok_is(s, i, '&');
}

/* Length of the run of capitalised words at i (hyphens inside allowed),
 * at most max words; 0 when token i is not capitalised. */
static size_t cap_run(const rg_extract *x, size_t i, size_t lim, size_t max, bool place)
{
    const rg_scan *s = &x->scan;
    size_t j = i, words = 0;
    while (j < lim && words < max && (s->tok[j].flags & TK_WORD) && (s->tok[j].flags & TK_CAP) &&
           !(s->tok[j].flags & TK_NUM) && (j == i || !(s->tok[j].flags & TK_NL))) {
        int32_t e;
        size_t t;
        if (j > i && (head_at(x, j, lim, &e) || title_at(x, j, lim, NULL)))
            break;
        /* "tỉnh Lâm Đồng Trần Văn Hiệp": a family name starting a run of two
         * or more capitalised words begins another name */
        if (j > i && is_surname(x, j, lim) && j + 1 < lim && (s->tok[j + 1].flags & TK_CAP) &&
            (s->tok[j + 1].flags & TK_WORD) && place)
            break;
        /* "Trần Phước Anh": a one-word place inside a Vietnamese name is a
         * name; so is a one-word gazetteer town inside "Fidel Castro" */
        if (j > i && (t = lex_at(x, j, lim, &e)) != 0 &&
            !(t == 1 && !place && (is_surname(x, i, lim) || x->rules->lex[e].gazetteer)))
            break;
        words++;
        j++;
        if (j + 1 < lim && tok_is(s, j, '-') && !(s->tok[j].flags & TK_SPACE) &&
            (s->tok[j + 1].flags & TK_WORD) && !(s->tok[j + 1].flags & TK_SPACE)) {
            j++;
            if (!(s->tok[j].flags & TK_CAP)) {
                j++;    /* "Kim Min-su": a lower-case syllable joined by a hyphen */
                words++;
            }
        }
        (void)t;
    }
    while (j > i && !(s->tok[j - 1].flags & TK_WORD))
        j--;
    return j - i;
}

/* Whether the unknown capitalised run [j, j + r) after a city head is a
 * person's name rather than the city's: three words or more from a family
 * name on ("Chủ tịch UBND thành phố Trần Sỹ Thanh"); known places were
 * matched before, and few unknown ones are three words long. */
static bool person_not_place(const rg_extract *x, size_t j, size_t r, size_t lim)
{
    size_t words = 0;
    if (!is_surname(x, j, lim))
        return false;
    for (size_t k = j; k < j + r; k++)
        words += (x->scan.tok[k].flags & TK_WORD) != 0;
    return words >= 3;
}

/* A place named at i: a lexicon city or country, or a city head with the
 * name it heads ("tỉnh Quảng Nam", "TP. Vinh").  Returns its length in
 * tokens (0: none); *lex gets the lexicon entry or -1. */
static size_t place_at(const rg_extract *x, size_t i, size_t lim, int32_t *lex)
{
    const rg_scan *s = &x->scan;
    int32_t e = -1, h = -1;
    size_t n = lex_at(x, i, lim, &e), nh = head_at(x, i, lim, &h);
    *lex = -1;
    if (nh && strcmp(x->rules->heads[h].type, "city") == 0) {
        size_t j = i + nh, ni;
        int32_t inner = -1;
        while (j < lim && tok_is(s, j, '.'))
            j++;
        if ((ni = lex_at_memo(x, j, lim, &inner, true)) != 0 && is_place_type(x->rules->lex[inner].type)) {
            *lex = inner;
            return j + ni - i;
        }
        if (cap_word(s, j, lim) && !(s->tok[j].flags & TK_NUM) && !is_notname(x, j, lim)) {
            size_t r = cap_run(x, j, lim, 4, true);
            /* a lexicon form as long ("TP. Hồ Chí Minh") knows the place */
            if (r && !(n >= j + r - i && is_place_type(x->rules->lex[e].type)) &&
                !person_not_place(x, j, r, lim))
                return j + r - i;
        }
    }
    if (n && is_place_type(x->rules->lex[e].type)) {
        *lex = e;
        return n;
    }
    return 0;
}

/* Whether a person's name starts at i: two to five capitalised words that
 * are not a known place or head. */
static size_t person_at(const rg_extract *x, size_t i, size_t lim, bool titled)
{
    const rg_scan *s = &x->scan;
    size_t n;
    if (!(s->tok[i].flags & TK_CAP) || (s->tok[i].flags & TK_ACRO) || is_notname(x, i, lim))
        return 0;
    n = cap_run(x, i, lim, 5, false);
    if (n == 0)
        return 0;
    {
        size_t words = 0;
        for (size_t k = i; k < i + n; k++)
            words += (s->tok[k].flags & TK_WORD) != 0;
        if (words < 2)
            return 0;
        if (!titled && (!is_surname(x, i, lim) || words > 4))
            return 0;
    }
    return n;
}

/* A name with capitalised words keeps at most one lower-case syllable after
 * the last of them in Vietnamese ("Ngân hàng Thế giới"), so a verb phrase that follows
 * without punctuation ("Sở Ngoại vụ đảm nhiệm chức năng") is not taken in;
 * then the modifiers that go on with names ("Trung tâm Tài chính quốc tế").
 * A number ends a name ("Festival Huế 2024 khép lại"), but for the years it
 * counts ("80 năm").  An all lower-case name ("Diễn đàn đô thị thế giới") is
 * kept whole. */
static size_t trim_tail(const rg_extract *x, size_t i, size_t end)
{
    const rg_scan *s = &x->scan;
    size_t last = 0;
    for (size_t k = i; k < end; k++)
        if ((s->tok[k].flags & TK_WORD) && (s->tok[k].flags & (TK_CAP | TK_NUM | TK_ACRO)))
            last = k + 1;
        else if ((s->tok[k].flags & TK_PUNCT) && (s->tok[k].cp == '"' || s->tok[k].cp == 0x201d))
            last = k + 1;
    if (last == 0 || tok_is(s, end, '('))
        return end;
    {
        size_t lower = 0;
        for (size_t k = last; k < end; k++)
            lower += (s->tok[k].flags & TK_WORD) != 0;
        if (lower <= 3 && end < s->ntok && (tok_is(s, end, ',') || tok_is(s, end, ';') ||
                                            tok_is(s, end, ':') || tok_is(s, end, ')')))
            return end;     /* "Hội chợ Du lịch quốc tế, ..." (a verb would end a clause) */
    }
    if (last < end && (s->tok[last].flags & TK_WORD) &&
        (!(s->tok[last - 1].flags & TK_NUM) || tok_word(s, last, "nam")) && !tokens_ascii(s, i, last + 1))
        last++;     /* not in English: "Summit of Port Cities opened" */
    while (last < end) {
        size_t hits[PH_MAX_HITS], nh, n = phrases_match(&x->rules->name_modifiers, s, last, end, hits, &nh);
        if (!n)
            n = phrases_match(&x->rules->name_continuations, s, last, end, hits, &nh);
        if (!n && tok_word(s, last, "va") &&
            (n = phrases_match(&x->rules->name_modifiers, s, last + 1, end, hits, &nh)) != 0)
            n++;    /* "Ủy ban Đoàn kết và hữu nghị" */
        if (!n)
            break;
        last += n;
    }
    /* "Sở Ngoại vụ thành phố", "UBND tỉnh": a city head that ends the name
     * is the body's own city, named before (a person may follow) */
    if (last < end) {
        int32_t h;
        size_t nh = head_at(x, last, end, &h);
        if (nh && last + nh == end && strcmp(x->rules->heads[h].type, "city") == 0)
            last = end;
    }
    return last < end ? last : end;
}

/* Whether token i is a Roman numeral ("X", "XIII"). */
static bool roman_numeral(const rg_scan *s, size_t i)
{
    if (i >= s->ntok || !(s->tok[i].flags & TK_WORD))
        return false;
    for (size_t k = s->tok[i].start; k < s->tok[i].end; k++)
        if (!strchr("IVXLC", s->text[k]))
            return false;
    return true;
}

/* The end of a run of lower-case words (no stop, no trigger) that ends
 * with a proper name of two or more capitalised words that is not a known
 * name, a head or a title, followed by punctuation or a word that ends
 * names; 0 when the words at i are not that. */
static size_t proper_name_ahead(const rg_extract *x, size_t i, size_t lim)
{
    const rg_scan *s = &x->scan;
    size_t k = i, caps = 0;
    int32_t e;
    while (k < lim && k < i + 12 && (s->tok[k].flags & TK_WORD) && !(s->tok[k].flags & (TK_CAP | TK_NUM)) &&
           !stop_at(x, k, lim) && !trigger_at(x, k, lim))
        k++;
    if (k == i || k >= lim || !(s->tok[k].flags & TK_CAP) || lex_at(x, k, lim, &e) || head_at(x, k, lim, &e) ||
        title_at(x, k, lim, NULL))
        return 0;
    while (k < lim && (s->tok[k].flags & TK_WORD) && (s->tok[k].flags & TK_CAP)) {
        k++;
        caps++;
    }
    if (caps < 2 || (k < lim && (s->tok[k].flags & TK_WORD) && !stop_at(x, k, lim)))
        return 0;
    return k;
}

/* Whether the name [i, j) after a head is all lower-case words and what
 * follows token j is one to four lower-case words (no stop word, no
 * trigger) up to punctuation, the end or "và". */
static bool described_tail(const rg_extract *x, size_t i, size_t j, size_t lim)
{
    const rg_scan *s = &x->scan;
    size_t k = j + 1, n = 0;
    for (size_t q = i; q < j; q++)
        if (!(s->tok[q].flags & TK_WORD) || (s->tok[q].flags & (TK_CAP | TK_ACRO)))
            return false;
    while (k < lim && (s->tok[k].flags & TK_WORD) && !(s->tok[k].flags & (TK_CAP | TK_NUM)) &&
           !stop_at(x, k, lim) && !trigger_at(x, k, lim)) {
        k++;
        n++;
    }
    return n >= 1 && n <= 4 && (k >= lim || !(s->tok[k].flags & TK_WORD) || tok_word(s, k, "va"));
}

/* Where a name that follows a head at i ends (exclusive), for an entity of
 * type `type`.  Returns i when nothing follows. */
static size_t extend_name(const rg_extract *x, size_t i, size_t lim, const char *type)
{
    const rg_scan *s = &x->scan;
    size_t j = i, end = i, words = 0;
    bool agency = strcmp(type, "agency") == 0, event = strcmp(type, "event") == 0, between = false;
    /* "giữa A và B" names both sides of an event or a dialogue series:
     * between is set after "giữa", joined after its "và" */
    bool series = event || strcmp(type, "forum") == 0, joined = false;

    while (j < lim && words < 14) {
        const rg_tok *t = &s->tok[j];
        int32_t e;
        size_t n, hits[PH_MAX_HITS], nh;
        if (j > i && (t->flags & TK_NL))
            break;
        /* "Tổ Công tác với Mỹ": a body named for its partner */
        if (agency && j == i && tok_word(s, j, "voi") && (n = place_at(x, j + 1, lim, &e)) != 0) {
            j += 1 + n;
            end = j;
            break;
        }
        /* "Consulate General of the Republic of Korea" */
        if (j == i && j > 0 && tok_word(s, j - 1, "of") && tok_word(s, j, "the") && cap_word(s, j + 1, lim)) {
            j++;
            continue;
        }
        if (!(t->flags & TK_WORD)) {
            /* "4.0", "Nhật - Việt", "TP. HCM": a joiner between words */
            if (joiner(s, j) && j > i && cap_word(s, j + 1, lim)) {
                j++;
                continue;
            }
            /* a quoted title right after the head: triển lãm ảnh "..." */
            if (!agency && words <= 2 && (t->cp == '"' || t->cp == 0x201c)) {
                size_t q = j + 1;
                while (q < lim && q < j + 30 && !tok_is(s, q, '"') && !tok_is(s, q, 0x201d))
                    q++;
                if (q < lim && q < j + 30)
                    end = q + 1;
            }
            break;
        }
        /* "Mạng lưới các thành phố cảng châu Á - Thái Bình Dương": a
         * region inside a name is part of it */
        if (j > i && (n = list_at(&x->rules->regions, s, j, lim)) != 0) {
            j += n;
            end = j;
            words += n;
            continue;
        }
        if ((n = place_at(x, j, lim, &e)) != 0) {
            j += n;
            end = j;
            words++;
            /* a place ends the name unless "tại" (agencies) or another place follows */
            if (agency && tok_word(s, j, "tai") && place_at(x, j + 1, lim, &e)) {
                j++;
                continue;
            }
            if (joiner(s, j) && place_at(x, j + 1, lim, &e)) {
                j++;
                continue;
            }
            /* "Nhóm công tác chung TP. Hồ Chí Minh – WB", "... - Ngân hàng Thế
             * giới": a joint body of a place and an organisation */
            if (agency && joiner(s, j) && j + 1 < lim && (s->tok[j + 1].flags & TK_ACRO)) {
                j += 2;
                end = j;
                break;
            }
            if (agency && joiner(s, j) && (n = lex_at(x, j + 1, lim, &e)) != 0 &&
                !is_place_type(x->rules->lex[e].type)) {
                j += 1 + n;
                end = j;
                break;
            }
            if (place_at(x, j, lim, &e))
                continue;
            if (series && between && !joined && tok_word(s, j, "va") && j + 1 < lim &&
                (s->tok[j + 1].flags & TK_WORD)) {
                j++;
                joined = true;
                continue;
            }
            /* "Lễ hội Áo dài", "Hội nghị ... của TPHCM giai đoạn 2020-2025":
             * an event or forum name goes on after a place */
            if (!agency && j < lim && (s->tok[j].flags & TK_WORD) && !(s->tok[j].flags & TK_CAP) &&
                !stop_at(x, j, lim) && !trigger_at(x, j, lim))
                continue;
            if (!agency && joiner(s, j) && cap_word(s, j + 1, lim)) {
                j++;
                continue;
            }
            break;
        }
        n = lex_at(x, j, lim, &e);
        if (n && !is_place_type(x->rules->lex[e].type) && j > i) {
            /* an organisation named inside: "Ban Cán sự đảng Bộ Ngoại giao" */
            j += n;
            end = j;
            break;
        }
        if (j > i && head_at(x, j, lim, &e) && (s->tok[j].flags & TK_CAP) &&
            !is_place_type(x->rules->heads[e].type)) {
            /* another organisation starts: stop here unless it is embedded
             * ("Ban Cán sự đảng Bộ Ngoại giao") - keep it as part */
            if (j > i && tok_word(s, j - 1, "va"))
                break;
        }
        if (j > i && (n = title_at(x, j, lim, NULL)) != 0 && cap_word(s, j + n, lim)) {
            /* "giữa A và Chủ tịch WEF": the second side is an office */
            int32_t o;
            if (joined && lex_at(x, j + n, lim, &o)) {
                j += n;
                end = j;
                words += n;
                continue;
            }
            break;
        }
        if (!(t->flags & TK_CAP) && !(j > i && (tok_word(s, j - 1, "cac") || tok_word(s, j - 1, "nhung"))) &&
            !event && trigger_at(x, j, lim)) {
            break;
        }
        /* "lễ ký ... giữa A và B": both sides belong to the event's name */
        if (series && between && !joined && tok_word(s, j, "va") && j + 1 < lim &&
            (s->tok[j + 1].flags & TK_WORD)) {
            j++;
            joined = true;
            continue;
        }
        if (series && tok_word(s, j, "giua") && j + 1 < lim && (s->tok[j + 1].flags & TK_WORD)) {
            between = true;
            j++;
            continue;
        }
        /* "50 năm", "lần thứ 20": counted things belong to the name */
        if (j > i && (s->tok[j - 1].flags & TK_NUM) && tok_word(s, j, "nam")) {
            j++;
            end = j;
            words++;
            continue;
        }
        if (tok_word(s, j, "lan") && tok_word(s, j + 1, "thu") && (s->tok[j + 2].flags & TK_NUM) &&
            j + 2 < lim) {
            j += 3;
            end = j;
            words += 3;
            continue;
        }
        /* "Ban Chấp hành Đảng bộ thành phố khóa X": a term of office ends
         * the body's name */
        if (agency && j > i && (tok_word(s, j, "khoa") || tok_word(s, j, "nhiem")) && j + 1 < lim &&
            (roman_numeral(s, j + 1) || (s->tok[j + 1].flags & TK_NUM) || tok_word(s, j + 1, "ky")))
            break;
        if ((n = phrases_match(&x->rules->name_continuations, s, j, lim, hits, &nh)) != 0 && agency && j > i) {
            /* "Ủy ban Đoàn kết và Hữu nghị với nhân dân các nước" */
            j += n;
            end = j;
            words += n;
            continue;
        }
        /* "Hội nghị kêu gọi đầu tư cho tăng trưởng xanh", "Hội thảo về biến
         * đổi khí hậu": a described event or series says what it is for */
        if (series && !between && j > i && (tok_word(s, j, "cho") || tok_word(s, j, "ve")) &&
            described_tail(x, i, j, lim)) {
            j++;
            continue;
        }
        if ((n = stop_at(x, j, lim)) != 0) {
            size_t np, pn;
            /* "Trung tâm Tài chính quốc tế tại TP HCM", "Văn phòng đại diện
             * tại Hà Nội": an office named with where it is */
            if (agency && j > i && tok_word(s, j, "tai") && (np = place_at(x, j + 1, lim, &e)) != 0) {
                j += 1 + np;
                end = j;
                break;
            }
            /* "và" joins two capitalised parts of one name:
             * "Phòng Thương mại và Công nghiệp" */
            if (agency && tok_word(s, j, "va") && cap_word(s, j + 1, lim) &&
                !head_at(x, j + 1, lim, &e) && !lex_at(x, j + 1, lim, &e)) {
                j++;
                continue;
            }
            /* ... or a modifier of names: "Ủy ban Đoàn kết và hữu nghị" */
            if (agency && tok_word(s, j, "va") && j > i &&
                phrases_match(&x->rules->name_modifiers, s, j + 1, lim, hits, &nh)) {
                j++;
                continue;
            }
            /* "Trung tâm nghiên cứu và lập bản đồ ... toàn cầu Startup Blink":
             * a described body whose name ends with its proper name */
            if (agency && tok_word(s, j, "va") && j > i && (pn = proper_name_ahead(x, j + 1, lim)) != 0) {
                j = pn;
                end = j;
                break;
            }
            break;
        }
        if (j > i && words > 0 && is_surname(x, j, lim) && person_at(x, j, lim, true))
            break;
        j++;
        end = j;
        words++;
    }
    /* "giữa A và doanh nghiệp nước ngoài," : the second side runs to the
     * punctuation that closes it */
    if (joined && end == j && (j >= lim || (!(s->tok[j].flags & TK_WORD) && !tok_is(s, j, '('))))
        return end;
    return trim_tail(x, i, end);
}

static rg_status push_acronym(rg_extract *x, size_t open, size_t lim, size_t sent,
                              int32_t owner, size_t *next, rg_error *err)
{
    const rg_scan *s = &x->scan;
    rg_mention m;
    /* "(WB)", "(C4IR)" : one acronym-like word in parentheses */
    if (!(tok_is(s, open, '(') && open + 2 < lim && (s->tok[open + 1].flags & TK_ACRO) &&
          tok_is(s, open + 2, ')')))
        return RG_OK;
    /* a name that ends with an organisation it embeds ("lễ ký ... và Chủ
     * tịch Diễn đàn Kinh tế thế giới (WEF)"): the acronym is that one's */
    for (size_t k = x->nm; k-- > (size_t)owner + 1;) {
        const rg_mention *n = &x->m[k];
        if (n->parent != owner)
            continue;
        if (n->t1 == x->m[owner].t1 && !is_place_type(n->type) && n->lex >= 0 &&
            n->t1 - n->t0 > 1)
            owner = (int32_t)k;
        break;
    }
    mention_init(&m, open + 1, open + 2, sent, x->m[owner].type);
    m.flags = M_ACRO | M_PAREN;
    m.acronym = owner;
    *next = open + 3;
    return mention_push(x, &m, err);
}

/* The places and organisations named inside an organisation's name
 * ("Sở Ngoại vụ TP.HCM" holds TP.HCM, "Ban Cán sự đảng Bộ Ngoại giao" holds
 * Bộ Ngoại giao), as nested mentions for part_of / located_in. */
static rg_status push_nested(rg_extract *x, int32_t outer, rg_error *err)
{
    size_t t0 = x->m[outer].t0, t1 = x->m[outer].t1, sent = x->m[outer].sent;
    /* an event is named by what it is about ("lễ ký ... giữa A và B"): the
     * places in its name take part in the sentence like any other mention */
    unsigned nested = strcmp(x->m[outer].type, "event") == 0 ? 0 : M_NESTED;
    /* nothing is named inside the head itself: "Tổng Lãnh sự quán" holds no
     * "Lãnh sự quán", "Trường Đại học" no "Đại học" */
    size_t first = t0 + 1;
    /* an English name is typed by its last words ("Da Nang Department of
     * Foreign Affairs", "World Health Cities Alliance"): it may start with a
     * place, and an organisation that ends it is its own head, not a body
     * it embeds */
    bool english = x->m[outer].head < 0 && !(x->m[outer].flags & M_VISIT);
    if (x->m[outer].head >= 0) {
        int32_t h;
        size_t nh = head_at(x, t0, t1, &h);
        if (nh > 1)
            first = t0 + nh;
    } else if (english) {
        first = t0;
    }
    for (size_t j = first; j < t1; j++) {
        int32_t e = -1, h = -1;
        size_t n;
        rg_mention m;
        if ((n = list_at(&x->rules->regions, &x->scan, j, t1)) != 0) {
            j += n - 1;     /* "... cảng châu Á - Thái Bình Dương": no Bình Dương inside */
            continue;
        }
        if ((n = place_at(x, j, t1, &e)) != 0 && e < 0 && (x->scan.tok[j].flags & TK_CAP) &&
            !(x->scan.tok[j].flags & TK_ACRO)) {
            /* "Diễn đàn Thành phố Thông minh", "Mạng lưới Thành phố Xanh": a
             * capitalised head before an unknown name is a word of the name
             * (smart city, green city), not a city inside it */
            j += n - 1;
            continue;
        }
        if (n != 0 || (n = lex_at(x, j, t1, &e)) != 0) {
            int32_t hh = -1;
            if (english && e >= 0 && !is_place_type(x->rules->lex[e].type) &&
                (j + n == t1 || (j + n + 1 == t1 && (x->scan.tok[j + n].flags & TK_NUM))))
                break;      /* "World Cities Summit 2024": an edition, not a body inside */
            size_t nh = head_at(x, j, t1, &hh);
            mention_init(&m, j, j + n, sent, e >= 0 ? x->rules->lex[e].type : "city");
            m.lex = e;
            m.flags = (e >= 0 ? M_LEX : M_HEAD) | nested;
            if (nh && strcmp(x->rules->heads[hh].type, "city") == 0) {
                /* "tỉnh Quảng Nam": the name proper follows the head */
                size_t k = j + nh;
                while (k < j + n && tok_is(&x->scan, k, '.'))
                    k++;
                m.name_t0 = (uint32_t)k;
                m.head = hh;
                if (e < 0 || k + 1 <= j + n)
                    m.flags |= M_HEAD;
            }
            m.parent = outer;
            if (mention_push(x, &m, err) != RG_OK)
                return err->code;
            j += n - 1;
        } else if ((n = head_at(x, j, t1, &h)) != 0 && (x->scan.tok[j].flags & TK_CAP) &&
                   strcmp(x->rules->heads[h].type, "agency") == 0) {
            size_t end = extend_name(x, j + n, t1, "agency");
            if (english && end == t1)
                break;
            if (end > j + n) {
                mention_init(&m, j, end, sent, "agency");
                m.head = h;
                m.flags = M_HEAD | M_NESTED;
                m.parent = outer;
                if (mention_push(x, &m, err) != RG_OK)
                    return err->code;
                j = end - 1;
            }
        }
    }
    return RG_OK;
}

/* An English-style name: a run of capitalised words (with "of", "and"...
 * inside) that holds a word typing it: "Asian Development Bank", "UNESCO
 * Global Network of Learning Cities".  Returns the run's end (or i) and the
 * head in *head. */
static size_t capitalised_name(const rg_extract *x, size_t i, size_t lim, int32_t *head)
{
    const rg_scan *s = &x->scan;
    size_t j = i, end = i;
    *head = -1;
    if (!x->rules->name_heads.n || !(s->tok[i].flags & TK_CAP) || tok_word(s, i, "the"))
        return i;
    while (j < lim) {
        size_t hits[PH_MAX_HITS], n = 0;
        if (j > i && (s->tok[j].flags & TK_NL))
            break;
        if ((s->tok[j].flags & TK_WORD) && (s->tok[j].flags & (TK_CAP | TK_ACRO | TK_NUM))) {
            if (phrases_match(&x->rules->name_heads, s, j, lim, hits, &n))
                *head = (int32_t)x->rules->name_heads.v[hits[0]].payload;
            j++;
            end = j;
            continue;
        }
        /* "Korea-Vietnam Culture Week" */
        if (j > i && (tok_is(s, j, '-') || tok_is(s, j, 0x2013)) && !(s->tok[j].flags & TK_SPACE) &&
            cap_word(s, j + 1, lim) && !(s->tok[j + 1].flags & TK_SPACE)) {
            j++;
            continue;
        }
        /* "People's Committee", "Women's Union": a possessive inside the name */
        if (j > i && (tok_is(s, j, '\'') || tok_is(s, j, 0x2019)) && !(s->tok[j].flags & TK_SPACE) &&
            tok_word(s, j + 1, "s") && !(s->tok[j + 1].flags & TK_SPACE) && cap_word(s, j + 2, lim) &&
            !(s->tok[j + 2].flags & TK_NUM) && !phrases_match(&x->rules->name_heads, s, j - 1, j, hits, &n)) {
            j += 2;
            continue;
        }
        /* "... Network on September 10", "... on 3 May": a date is no part of a name */
        if (j > i && phrases_match(&x->rules->name_joiners, s, j, lim, hits, &n) && cap_word(s, j + 1, lim) &&
            !(s->tok[j + 1].flags & TK_NUM) && !phrases_match(&x->rules->months, s, j + 1, lim, hits, &n)) {
            j++;
            continue;
        }
        break;
    }
    return *head >= 0 ? end : i;
}

/* Pushes the lexicon entry lex's mention at [i, i + n), with flags besides
 * M_LEX. */
static rg_status push_lex_mention(rg_extract *x, size_t i, size_t n, int32_t lex, size_t sent,
                                  unsigned flags, rg_error *err)
{
    rg_mention m;
    mention_init(&m, i, i + n, sent, x->rules->lex[lex].type);
    m.lex = lex;
    m.flags = M_LEX | flags;
    return mention_push(x, &m, err);
}

/* Whether a year in brackets follows at i: "Nguyễn Văn Hùng (2019)", "Le
 * (2021: 14)" cite a work. */
static bool cited(const rg_scan *s, size_t i, size_t lim)
{
    return i + 2 < lim && tok_is(s, i, '(') && (s->tok[i + 1].flags & TK_NUM) &&
           s->tok[i + 1].fold_len == 4 && (tok_is(s, i + 2, ')') || tok_is(s, i + 2, ':') ||
                                           tok_is(s, i + 2, ','));
}

/* Whether sentence [t0, t1) is in capitals ("NGOẠI GIAO THÀNH PHỐ CỦA CẦN
 * THƠ"): four words in five of two letters or more.  Capitals say nothing
 * of names there. */
static bool in_capitals(const rg_scan *s, size_t t0, size_t t1)
{
    size_t words = 0, caps = 0;
    for (size_t i = t0; i < t1; i++)
        if ((s->tok[i].flags & TK_WORD) && !(s->tok[i].flags & TK_NUM) && s->tok[i].fold_len >= 2) {
            words++;
            caps += (s->tok[i].flags & TK_ACRO) != 0;
        }
    return words >= 3 && 5 * caps >= 4 * words;
}

/* Mentions of a sentence in capitals: the lexicon's names alone. */
static rg_status discover_in_capitals(rg_extract *x, size_t sent, size_t t0, size_t t1, rg_error *err)
{
    for (size_t i = t0; i < t1;) {
        int32_t lex = -1;
        size_t nl = lex_at(x, i, t1, &lex);
        rg_status rc;
        if (!nl) {
            i++;
            continue;
        }
        if ((rc = push_lex_mention(x, i, nl, lex, sent, 0, err)) != RG_OK)
            return rc;
        i += nl;
    }
    return RG_OK;
}

/* Mentions of one sentence [t0, t1). */
static rg_status discover_sentence(rg_extract *x, size_t sent, size_t t0, size_t t1, rg_error *err)
{
    const rg_scan *s = &x->scan;
    size_t i = t0;
    int paren = 0;
    bool titled = false;        /* a title or honorific precedes (for persons) */
    rg_status rc;

    if (in_capitals(s, t0, t1))
        return discover_in_capitals(x, sent, t0, t1, err);

    /* a sentence wholly in parentheses ("(Trích phát biểu của ... tại ...)")
     * is a sentence, not an aside */
    if (t1 > t0 + 2 && tok_is(s, t0, '(') &&
        (tok_is(s, t1 - 1, ')') || (tok_is(s, t1 - 2, ')') && (s->tok[t1 - 1].flags & TK_PUNCT)))) {
        int depth = 0;
        bool whole = true;
        for (size_t k = t0; k < t1 && whole; k++) {
            if (tok_is(s, k, '('))
                depth++;
            else if (tok_is(s, k, ')') && --depth == 0 && k + 2 < t1)
                whole = false;
        }
        if (whole)
            i = t0 + 1;
    }

    while (i < t1) {
        const rg_tok *t = &s->tok[i];
        int32_t lex = -1, head = -1;
        size_t nl, nh, nt, end = i;
        unsigned tflags = 0;
        rg_mention m;

        if (t->flags & TK_PUNCT) {
            if (t->cp == '(')
                paren++;
            else if (t->cp == ')' && paren > 0)
                paren--;
            if (t->cp != ',' && t->cp != '-' && t->cp != 0x2013)
                titled = false;
            i++;
            continue;
        }
        nl = lex_at(x, i, t1, &lex);
        nh = head_at(x, i, t1, &head);
        nt = title_at(x, i, t1, &tflags);

        if (nt && nt >= nl && nt >= nh) {
            titled = true;
            i += nt;
            continue;
        }
        {
            /* a region is no entity, nor any place inside it ("khu vực Thái
             * Bình Dương": not Bình Dương) */
            size_t nr = (t->flags & TK_CAP) || tok_word(s, i, "chau") ?
                        list_at(&x->rules->regions, s, i, t1) : 0;
            if (nr && nr >= nh) {
                i += nr;
                continue;
            }
        }
        {
            /* "Công viên Lam Sơn", "Nhà hát Thành phố", "Đường Lê Lợi": a
             * venue is named after a person or a place but is neither */
            size_t hits[PH_MAX_HITS], nf_hits, nf = (t->flags & TK_CAP) ?
                phrases_match(&x->rules->facility_heads, s, i, t1, hits, &nf_hits) : 0;
            if (nf && nf >= nl && nf >= nh && cap_word(s, i + nf, t1)) {
                i += nf;
                while (i < t1 && (s->tok[i].flags & TK_WORD) && (s->tok[i].flags & (TK_CAP | TK_NUM)))
                    i++;
                titled = false;
                continue;
            }
        }
        if (nh) {
            const rg_head *h = &x->rules->heads[head];
            if (strcmp(h->type, "city") == 0) {
                int32_t inner = -1;
                size_t ni, j = i + nh;
                while (j < t1 && tok_is(s, j, '.'))
                    j++;
                if ((ni = lex_at_memo(x, j, t1, &inner, true)) != 0 && is_place_type(x->rules->lex[inner].type))
                    end = j + ni;
                else if (cap_word(s, j, t1) && !(s->tok[j].flags & TK_NUM) && !is_notname(x, j, t1)) {
                    size_t r = cap_run(x, j, t1, 4, true);
                    if (!person_not_place(x, j, r, t1))
                        end = j + r;
                }
                if (end > i && end > i + nl) {
                    mention_init(&m, i, end, sent, "city");
                    m.head = head;
                    m.name_t0 = (uint32_t)j;
                    m.lex = (ni && j + ni == end) ? inner : -1;
                    m.flags = M_HEAD | (m.lex >= 0 ? M_LEX : 0) | (paren ? M_PAREN : 0);
                    if ((rc = mention_push(x, &m, err)) != RG_OK)
                        return rc;
                    i = end;
                    continue;
                }
                if (end == i && !nl && (t->flags & TK_CAP) && nh == 2 &&
                    (h->flags & HEAD_STRIP)) {
                    /* a bare capitalised "Thành phố": the document's own city */
                    mention_init(&m, i, i + nh, sent, "city");
                    m.flags = M_BARE;
                    m.head = head;
                    if ((rc = mention_push(x, &m, err)) != RG_OK)
                        return rc;
                    i += nh;
                    continue;
                }
            } else if ((h->flags & HEAD_SELF) && nh >= nl && (t->flags & TK_CAP)) {
                /* a name on its own ("Thành ủy", "Quốc hội"), with its place
                 * when one follows ("Thành ủy TP.HCM") */
                int32_t pl = -1;
                size_t np = place_at(x, i + nh, t1, &pl);
                int32_t owner = (int32_t)x->nm;
                mention_init(&m, i, i + nh + np, sent, h->type);
                m.head = head;
                m.flags = M_HEAD | (paren ? M_PAREN : 0);
                if ((rc = mention_push(x, &m, err)) != RG_OK)
                    return rc;
                if (np && (rc = push_nested(x, owner, err)) != RG_OK)
                    return rc;
                i += nh + np;
                continue;
            } else if (sentence_start(s, i) && !cap_word(s, i + nh, t1) && !tok_is(s, i + nh, '(') &&
                       !(h->flags & HEAD_BARE_OK && (i + nh >= t1 || stop_at(x, i + nh, t1)))) {
                /* "Trung tâm đầu tư ..." opening a sentence: the capital is the
                 * sentence's, not a name's */
                end = i;
            } else {
                end = extend_name(x, i + nh, t1, h->type);
                /* a known name at the head ("Bộ Ngoại giao") wins unless the
                 * name goes on with capitalised words */
                if (nl && end > i + nl && !cap_word(s, i + nl, t1))
                    end = i + nl;
                if (end > i + nh && end > i + nl) {
                    mention_init(&m, i, end, sent, h->type);
                    m.head = head;
                    m.flags = M_HEAD | (paren ? M_PAREN : 0);
                    int32_t owner = (int32_t)x->nm;
                    if ((rc = mention_push(x, &m, err)) != RG_OK)
                        return rc;
                    if ((rc = push_nested(x, owner, err)) != RG_OK)
                        return rc;
                    i = end;
                    rc = push_acronym(x, i, t1, sent, owner, &i, err);
                    if (rc != RG_OK)
                        return rc;
                    continue;
                }
                if (end == i + nh && !nl && (h->flags & HEAD_BARE_OK) && (t->flags & TK_CAP)) {
                    mention_init(&m, i, end, sent, h->type);
                    m.head = head;
                    m.flags = M_BARE;
                    if ((rc = mention_push(x, &m, err)) != RG_OK)
                        return rc;
                    i = end;
                    continue;
                }
            }
        }
        {
            int32_t nhd;
            size_t ce = capitalised_name(x, i, t1, &nhd);
            int32_t pl;
            /* "Ministry of Construction of Vietnam" is the known ministry */
            if (nl && !is_place_type(x->rules->lex[lex].type) && tok_word(s, i + nl, "of") &&
                place_at(x, i + nl + 1, t1, &pl) == ce - (i + nl + 1))
                ce = i;
            if (ce > i + nl && ce > i + 1) {
                int32_t owner = (int32_t)x->nm;
                mention_init(&m, i, ce, sent, x->rules->heads[nhd].type);
                m.flags = M_HEAD | (paren ? M_PAREN : 0);
                if ((rc = mention_push(x, &m, err)) != RG_OK)
                    return rc;
                if ((rc = push_nested(x, owner, err)) != RG_OK)
                    return rc;
                i = ce;
                if ((rc = push_acronym(x, i, t1, sent, owner, &i, err)) != RG_OK)
                    return rc;
                continue;
            }
        }
        /* "Mayor Anna Berg": after a title, a one-word gazetteer town that
         * starts a run of capitalised words is the person's given name */
        if (nl == 1 && titled && x->rules->lex[lex].gazetteer && cap_word(s, i + 1, t1) &&
            person_at(x, i, t1, true) >= 2)
            nl = 0;
        /* "the Hue Imperial Citadel": a one-word gazetteer town between two
         * capitalised words is a word of a longer name */
        if (nl == 1 && x->rules->lex[lex].gazetteer && i > t0 && capital_word(s, i - 1) &&
            !(s->tok[i].flags & TK_NL) && i + 1 < t1 && capital_word(s, i + 1) &&
            !(s->tok[i + 1].flags & TK_NL))
            nl = 0;
        if (nl) {
            if ((rc = push_lex_mention(x, i, nl, lex, sent, paren ? M_PAREN : 0, err)) != RG_OK)
                return rc;
            i += nl;
            rc = push_acronym(x, i, t1, sent, (int32_t)x->nm - 1, &i, err);
            if (rc != RG_OK)
                return rc;
            continue;
        }
        if ((t->flags & TK_CAP) && (end = person_at(x, i, t1, titled)) != 0) {
            if (cited(s, i + end, t1)) {
                i += end;   /* "Theo Nguyễn Văn Hùng (2019)": an author cited */
                continue;
            }
            mention_init(&m, i, i + end, sent, "person");
            m.flags = M_PERSON | (paren ? M_PAREN : 0);
            if ((rc = mention_push(x, &m, err)) != RG_OK)
                return rc;
            i += end;
            titled = false;
            continue;
        }
        if ((t->flags & TK_ACRO) && !(t->flags & TK_NUM)) {
            mention_init(&m, i, i + 1, sent, "");
            m.flags = M_ACRO | (paren ? M_PAREN : 0);
            if ((rc = mention_push(x, &m, err)) != RG_OK)
                return rc;
        }
        /* "Chủ tịch kiêm ...", "the Mayor of Daegu, Park Sung-min": the
         * title still stands for the name that follows */
        if (!tok_word(s, i, "kiem") && !tok_word(s, i, "of") && !tok_word(s, i, "the") &&
            !tok_word(s, i, "tai"))
            titled = false;     /* "Đại sứ Pháp tại Việt Nam Claire Montel" */
        i++;
    }
    return RG_OK;
}

/* "chuyến thăm [lịch sử] [năm 1995] của Tổng thống Pháp X [năm 1993]": a
 * visit is an event named from the phrase to its visitor (and the year
 * right after).  Only titles, places, "của", "năm YYYY" and a few words may
 * stand between the phrase and the person. */
static rg_status visit_events(rg_extract *x, size_t sent, size_t t0, size_t t1, size_t first,
                              rg_error *err)
{
    const rg_scan *s = &x->scan;
    for (size_t i = t0; i < t1; i++) {
        size_t hits[PH_MAX_HITS], nh = 0, n = phrases_match(&x->rules->visit_heads, s, i, t1, hits, &nh);
        const rg_mention *person = NULL;
        size_t end;
        rg_mention m;
        if (!n)
            continue;
        for (size_t k = first; k < x->nm; k++) {
            const rg_mention *p = &x->m[k];
            if (p->t0 >= i + n && p->t0 <= i + n + 10 && strcmp(p->type, "person") == 0 &&
                !(p->flags & M_NESTED)) {
                person = p;
                break;
            }
        }
        if (!person)
            continue;
        {
            bool broken = false;
            for (size_t k = i + n; k < person->t0 && !broken; k++)
                broken = tok_is(s, k, ',') || tok_is(s, k, ';') || tok_is(s, k, '.');
            if (broken)
                continue;
        }
        end = person->t1;
        if (end + 1 < t1 && tok_word(s, end, "nam") && (s->tok[end + 1].flags & TK_NUM))
            end += 2;
        mention_init(&m, i, end, sent, "event");
        m.flags = M_HEAD | M_VISIT;
        if (mention_push(x, &m, err) != RG_OK)
            return err->code;
        i = end - 1;
    }
    return RG_OK;
}

/* Whether sentence [t0, t1) is a heading of the pack's back_matter alone
 * ("Tài liệu tham khảo", "5. References", "REFERENCES:"). */
static bool back_matter_at(const rg_extract *x, size_t t0, size_t t1)
{
    const rg_scan *s = &x->scan;
    size_t i = t0, n;
    while (i < t1 && (!(s->tok[i].flags & TK_WORD) || (s->tok[i].flags & TK_NUM)))
        i++;    /* a number or punctuation before it */
    if (i >= t1 || !(n = list_at(&x->rules->back_matter, s, i, t1)))
        return false;
    for (i += n; i < t1; i++)   /* ... or after it: "1." of the first entry */
        if ((s->tok[i].flags & TK_WORD) && !(s->tok[i].flags & TK_NUM))
            return false;
    return true;
}

rg_status discover_mentions(rg_extract *x, rg_error *err)
{
    /* the memo's slots are looked at for the few tokens that may start a
     * lexicon form: a bitmap says which are filled, so that the slots
     * need no clearing */
    x->lexmemo = malloc((2 * x->scan.ntok + 2) * sizeof *x->lexmemo);
    x->lexknown = calloc((2 * x->scan.ntok + 2) / 64 + 1, sizeof *x->lexknown);
    if (!x->lexmemo || !x->lexknown)
        return rg_fail(err, RG_ERR_NOMEM, "mentions: out of memory");
    for (size_t k = 0; k < x->scan.nsent; k++) {
        size_t first = x->nm;
        rg_status rc;
        if (back_matter_at(x, x->scan.sent[k].t0, x->scan.sent[k].t1))
            break;      /* the references name what others wrote, where */
        rc = discover_sentence(x, k, x->scan.sent[k].t0, x->scan.sent[k].t1, err);
        if (rc == RG_OK && x->rules->visit_heads.n)
            rc = visit_events(x, k, x->scan.sent[k].t0, x->scan.sent[k].t1, first, err);
        if (rc != RG_OK)
            return rc;
    }
    return RG_OK;
}
