/*
 * extract.h - the shapes the builder's extraction stages share (internal to
 * core/: scan.c, discover.c, resolve.c, relate.c, builder.c).
 *
 * Extraction works on tokens, not bytes: scan.c cuts the document into word
 * and punctuation tokens (each with its folded and lower-cased forms, worked
 * out once, and a capitalisation flag) and into sentences (token ranges).  Every name list the stages use
 * (lexicon forms, head nouns, titles, trigger phrases, topic words) is an
 * rg_phrases: sorted folded keys with a hash table of their prefixes,
 * matched over runs of tokens, so "TP.HCM", "TP HCM" and "TPHCM" all meet
 * the key "tphcm".
 *
 * Pipeline: scan -> discover (mentions: lexicon matches, head-noun names,
 * persons, acronym definitions) -> resolve (mentions to document entities)
 * -> relate (typed links between entities with a date and topics).
 *
 * Speed: the stages ask many lists at every token, so phrases_match is an
 * inline filter (a token whose first folded bytes begin no key costs a few
 * instructions; a lower-case token is checked against the keys that need
 * no capital only, so ordinary words skip the lists of names) before the
 * look-ups of the run's prefixes; folded and lower-cased forms are worked out once per token
 * (and once per distinct code point; the letters of Vietnamese are decoded
 * and classified without utf8proc), never per comparison; what a sentence
 * asks often (where its main clause starts) is worked out once; entities,
 * lexicon entries and links are found by hash.
 */
#ifndef RG_EXTRACT_H
#define RG_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "error.h"
#include "model.h"
#include "pack.h"
#include "strlist.h"

/* ---- tokens and sentences (scan.c) ------------------------------------ */

enum {
    TK_WORD = 1 << 0,       /* letters/digits */
    TK_CAP = 1 << 1,        /* starts with an upper-case letter */
    TK_ACRO = 1 << 2,       /* acronym-like: AmCham, WB, C40, HCM */
    TK_NUM = 1 << 3,        /* all digits */
    TK_PUNCT = 1 << 4,      /* one punctuation or symbol code point */
    TK_NL = 1 << 5,         /* a line break precedes this token */
    TK_SPACE = 1 << 6,      /* white space precedes this token */
    TK_WIDE_SPACE = 1 << 7  /* ... and some of it is not ASCII (no-break space) */
};

typedef struct rg_tok {
    uint32_t start, end;    /* byte offsets in the scanned text */
    uint32_t fold, fold_len;/* folded form in rg_scan.folds */
    uint32_t low, low_len;  /* word: lower-cased form (text_lower) in rg_scan.lows */
    uint32_t cp;            /* for punctuation: the code point */
    /* a word's place in the phrase lists' bitmaps (phrases_may_start),
     * worked out once here rather than at every list a stage asks:
     * first two folded bytes (b0 << 8 | b1; b0 << 8 for a one-byte word,
     * 0 for a word that folds away) and the hash of the first three
     * (phrases_triple less 65536; 0 for a shorter word) */
    uint16_t pair, triple;
    uint8_t flags;
    /* a word's folded form's hash (phrases_hash: the run of folds that
     * ends with it hashes to hash of the run before times hpow, plus
     * hash), so phrases_match_run looks a run up one token at a time */
    uint64_t hash, hpow;
} rg_tok;

typedef struct rg_sent {
    uint32_t t0, t1;        /* token range, t1 exclusive */
} rg_sent;

typedef struct rg_scan {
    const char *text;       /* borrowed */
    size_t len;
    rg_tok *tok;
    size_t ntok, cap_tok;
    char *folds;
    size_t folds_len, folds_cap;
    char *lows;
    size_t lows_len, lows_cap;
    rg_sent *sent;
    size_t nsent, cap_sent;
    uint32_t *sent_end;     /* per token: the end of its sentence */
    /* words, and those with a letter of Vietnamese's own (ă đ ơ ư and the
     * tone-marked vowels: U+0102-0111, U+01A0-01B0, U+1E80-1EFF), counted while
     * scanning, which tells a Vietnamese text without another pass */
    size_t words, words_marked;
    struct rg_cpmemo *cpmemo;   /* the text's non-ASCII code points' forms (scan.c) */
} rg_scan;

rg_status scan_text(const char *text, size_t len, rg_scan *out, rg_error *err);

/* What scan_text works out about each non-ASCII code point it meets (its
 * folded and lower-cased forms, its kind), worked out once ahead for the
 * letters and marks of Vietnamese: a scan otherwise works them out again
 * for each document.  Read-only once made: any number of scans, in any
 * threads, may share it.  NULL when out of memory. */
typedef struct rg_scan_facts rg_scan_facts;
rg_scan_facts *scan_facts_new(void);
void scan_facts_free(rg_scan_facts *f);

/* scan_text, starting from facts (NULL: none).  The same result. */
rg_status scan_text_with(const char *text, size_t len, const rg_scan_facts *facts, rg_scan *out,
                         rg_error *err);
void scan_free(rg_scan *s);

/* NFC, case-folded, white space collapsed to single spaces: the n bytes
 * at s as a new string (caller frees), NULL when out of memory or not
 * UTF-8.  How diacritic-exact phrases compare. */
char *text_lower(const char *s, size_t n);

/* The folded form (fold.h) of the text of tokens [t0, t1), from the
 * tokens' folds: the same bytes as text_fold of tokens_text(s, t0, t1).
 * A new string (caller frees), NULL when out of memory. */
char *tokens_fold(const rg_scan *s, size_t t0, size_t t1);

/* text_fold of the n bytes at str (the same bytes), with the forms of the
 * code points the scanned text holds already worked out: for names made
 * of the document's words.  A new string (caller frees); NULL when out of
 * memory or str is not UTF-8. */
char *scan_fold(const rg_scan *s, const char *str, size_t n);

/* True when token i is punctuation cp.  Inline: asked at most tokens. */
static inline bool tok_is(const rg_scan *s, size_t i, uint32_t cp)
{
    return i < s->ntok && (s->tok[i].flags & TK_PUNCT) && s->tok[i].cp == cp;
}
/* True when token i's folded form equals the ASCII word w.  Inline: the
 * stages ask it for many words at every token, always with a literal w,
 * whose length the compiler then knows: the lengths turn most tokens away,
 * and the rest is a memcmp of a known small size (no strncmp call). */
static inline bool tok_word(const rg_scan *s, size_t i, const char *w)
{
    const rg_tok *t;
    size_t n = strlen(w);
    if (i >= s->ntok || !(s->tok[i].flags & TK_WORD))
        return false;
    t = &s->tok[i];
    return t->fold_len == n && memcmp(s->folds + t->fold, w, n) == 0;
}
/* Whether entity type t is a place: a city or a country. */
static inline bool is_place_type(const char *t)
{
    return strcmp(t, "city") == 0 || strcmp(t, "country") == 0;
}

/* Whether the text of tokens [a, b) is all ASCII (English, in our texts). */
static inline bool tokens_ascii(const rg_scan *s, size_t a, size_t b)
{
    for (size_t k = a; k < b && k < s->ntok; k++)
        for (uint32_t q = s->tok[k].start; q < s->tok[k].end; q++)
            if ((unsigned char)s->text[q] >= 0x80)
                return false;
    return true;
}

/* True when token i's folded form equals one of the n ASCII words w[]: for
 * lists of words, whose lengths the compiler does not know; the first byte
 * turns most of them away before any length is counted. */
static inline bool tok_word_in(const rg_scan *s, size_t i, const char *const *w, size_t n)
{
    const rg_tok *t;
    const char *f;
    if (i >= s->ntok || !(s->tok[i].flags & TK_WORD))
        return false;
    t = &s->tok[i];
    f = s->folds + t->fold;
    for (size_t k = 0; k < n; k++)
        if ((t->fold_len == 0 || w[k][0] == f[0]) && strlen(w[k]) == t->fold_len &&
            memcmp(f, w[k], t->fold_len) == 0)
            return true;
    return false;
}

/* ---- phrase lists (scan.c) ---------------------------------------------- */

enum {
    PH_CAP = 1 << 0,        /* the first token must be capitalised */
    PH_AMBIG = 1 << 1,      /* also an ordinary word: needs supporting context */
    PH_GENERIC = 1 << 2,    /* a gazetteer form that is also a head noun, title or month
                               ("University", "Summit", "March"): only a city head
                               before it makes it a place, never its capital alone */
    PH_COMMA = 1 << 3       /* the surface holds a comma: may match across one */
};

typedef struct rg_phrase {
    char *key;              /* folded */
    uint32_t keylen;
    char *exact;            /* lower-cased surface when diacritics matter (always in an
                               exact list; for chosen phrases of others), else NULL */
    uint32_t payload;
    uint8_t flags;
} rg_phrase;

/* A prefix of some key in the table phrases_sort builds: the keys that
 * start with it are v[lo1 - 1, ...) (they are contiguous, sorted), the
 * first neq of them equal to it. */
typedef struct rg_phprefix {
    uint64_t hash;          /* phrases_hash of the prefix (no two prefixes share one) */
    uint32_t lo1;           /* 1 + the first key with it (0: an empty slot) */
    uint32_t neq;
} rg_phprefix;

/* The polynomial hash of folded bytes: h(empty) = 0, h(s b) = h(s) P + b,
 * so h(s t) = h(s) P^|t| + h(t). */
#define PH_HASH_P 0x100000001b3ull
static inline uint64_t phrases_hash(uint64_t h, const char *f, size_t n)
{
    for (size_t k = 0; k < n; k++)
        h = h * PH_HASH_P + (unsigned char)f[k];
    return h;
}

typedef struct rg_phrases {
    rg_phrase *v;
    size_t n, cap;
    bool exact;             /* compare lower-cased surfaces, not folded forms */
    rg_phprefix *prefix;    /* every prefix of every key (the empty one too), by
                               hash, open addressing; built by phrases_sort.
                               NULL: binary search (also when two prefixes
                               share a hash, which a look-up by hash alone
                               could not tell apart) */
    size_t prefix_mask;     /* slots - 1 (a power of two, at most two thirds full; a
                               quarter for small lists) */
    /* bit (h * PH_PRESENT_MIX) >> present_shift: some prefix's hash h lands
     * there.  Eight bits per slot, so a look-up that will find nothing (the
     * one that ends every run) is mostly turned away here: this array stays
     * in the cache, and the table of prefixes (4 MB for the lexicon) does
     * not.  NULL with prefix */
    uint64_t *present;
    unsigned present_shift;
    uint64_t *pairs;        /* bit (b0 << 8 | b1): some key starts with bytes b0 b1;
                               bit b0 << 8: some key starts with b0 (a one-byte word
                               may start it); then 65536 bits more, bit
                               phrases_triple(b0, b1, b2): some key may start with
                               those three (a hash: false positives only); then
                               PH_PAIR_BITS bits more, the same for the keys without
                               PH_CAP only (what a token that is not capitalised may
                               start), but for the b0 << 8 bits, which are the same.
                               Bit 0 and bit 65536 are set: the rg_tok.pair and .triple
                               of words too short to be turned away.  NULL: no filter
                               (and no table of prefixes) */
} rg_phrases;

#define PH_PAIR_BITS (2 * 65536)    /* bits of one bitmap of rg_phrases.pairs */

/* Adds surface (folded) with payload.  A surface whose first letter is
 * upper-case gets PH_CAP, so "Sở" matches "Sở" and not "sở".  In an exact
 * list (p->exact) diacritics matter too: "đang" does not match "Đảng". */
rg_status phrases_add(rg_phrases *p, const char *surface, uint32_t payload, rg_error *err);
/* phrases_add when the caller has surface's folded form (text_fold) at
 * hand already: the builder's 25,000 gazetteer forms are folded once, not
 * twice. */
rg_status phrases_add_folded(rg_phrases *p, const char *surface, const char *folded,
                             uint32_t payload, rg_error *err);
/* Makes the last added phrase diacritic-exact ("Ho" does not match "Hồ"). */
rg_status phrases_last_exact(rg_phrases *p, const char *surface, rg_error *err);
void phrases_sort(rg_phrases *p);
void phrases_free(rg_phrases *p);

#define PH_MAX_HITS 16

/* Longest phrase starting at token i and ending before token lim.  Returns
 * its length in tokens (0: none); hits[0..*nhits) get the indexes of the
 * phrases of that length whose case (and, when exact, diacritics) rule the
 * text satisfies. */
size_t phrases_match_run(const rg_phrases *p, const rg_scan *s, size_t i, size_t lim,
                         size_t *hits, size_t *nhits);

/* Where in rg_phrases.pairs the bit of the first three bytes of a key is. */
static inline uint32_t phrases_triple(const unsigned char *f)
{
    return 65536 + ((((uint32_t)f[0] << 16 | (uint32_t)f[1] << 8 | f[2]) * 2654435761u) >> 16);
}

/* False when no phrase can start at token i: a word whose first two (or
 * three) folded bytes begin no key (no key without PH_CAP, when the word
 * is not capitalised: phrases_match_run would turn those keys away for
 * their case).  Most tokens are turned away here, without a call; the
 * stages ask many lists at every token, so the token's bits were found by
 * the scanner (rg_tok.pair and .triple) and this is two bit tests. */
static inline bool phrases_may_start(const rg_phrases *p, const rg_scan *s, size_t i, size_t lim)
{
    const rg_tok *t;
    const uint64_t *bits;
    if (!p->n || i >= lim || !(s->tok[i].flags & TK_WORD))
        return false;
    if (!p->pairs)
        return true;
    t = &s->tok[i];
    bits = (t->flags & TK_CAP) ? p->pairs : p->pairs + PH_PAIR_BITS / 64;
    return ((bits[t->pair >> 6] >> (t->pair & 63)) & 1) &&
           ((bits[(65536 + t->triple) >> 6] >> (t->triple & 63)) & 1);
}

static inline size_t phrases_match(const rg_phrases *p, const rg_scan *s, size_t i, size_t lim,
                                   size_t *hits, size_t *nhits)
{
    return phrases_may_start(p, s, i, lim) ? phrases_match_run(p, s, i, lim, hits, nhits) : 0;
}

/* Adds every string of a JSON array (or nothing when arr is not one). */
rg_status phrases_add_json(rg_phrases *p, const json_t *arr, uint32_t payload, rg_error *err);

/* ---- compiled pack data (builder.c) ------------------------------------ */

typedef struct rg_lexentry {
    char type[RG_TYPE_MAX];
    char *name;
    bool gazetteer;         /* from geonames / iso-codes, not curated by the pack */
    bool preferred;         /* wins a shared form (a city-state over its country) */
} rg_lexentry;

enum { HEAD_STRIP = 1 << 0, HEAD_BARE_OK = 1 << 1, HEAD_SELF = 1 << 2 };

typedef struct rg_head {
    char type[RG_TYPE_MAX];
    unsigned flags;
} rg_head;

enum { TITLE_NATIONAL = 1 << 0, TITLE_HONORIFIC = 1 << 1, TITLE_ENVOY = 1 << 2 };

typedef struct rg_trigger {
    char type[RG_TYPE_MAX];     /* link type */
    int subject_home;           /* the home city may stand in for the subject */
    bool persons_not_parties;   /* people sign or cooperate for bodies, not as parties */
} rg_trigger;

typedef struct rg_rules {
    const rg_pack *pack;        /* borrowed */
    rg_lexentry *lex;
    size_t nlex, cap_lex;
    rg_phrases lexicon;         /* payload: index into lex */
    rg_head *heads;
    size_t nheads;
    rg_phrases headp;           /* payload: index into heads */
    rg_phrases titles;          /* payload: TITLE_* flags */
    rg_phrases stops;           /* words that end a name */
    rg_phrases surnames;        /* Vietnamese family names */
    rg_phrases name_heads;      /* words that type a capitalised name they end or sit in
                                   ("Asian Development Bank"): payload index into heads */
    rg_phrases name_joiners;    /* lower-case words inside such names ("of", "and") */
    rg_phrases name_continuations;  /* phrases that go on with an organisation's name though
                                       they start with a word that ends names */
    rg_phrases facility_heads;  /* venues named after a person or place ("Công viên") */
    rg_phrases located_heads;   /* institutions that are in a city, not part of its
                                   government: "Trường Đại học X TP.HCM" is located_in */
    rg_phrases name_modifiers;  /* lower-case words that go on with a capitalised name
                                   ("quốc tế", "thế giới"): never a verb that follows it */
    rg_phrases visit_heads;     /* "chuyến thăm": a visit event named by its visitor */
    rg_phrases notnames;        /* capitalised words that are not names */
    rg_phrases back_matter;     /* headings after which a text names nothing it
                                   is about ("Tài liệu tham khảo", "References") */
    rg_phrases regions;         /* continents, oceans, regions: no entities, and no
                                   place inside them ("Thái Bình Dương") */
    rg_trigger *trig;
    size_t ntrig;
    rg_phrases trigp;           /* payload: index into trig */
    rg_phrases symtrigp;        /* the phrases of symmetric types alone (same payload):
                                   all a sentence that names nothing can use */
    rg_strlist topic_names;
    rg_phrases topics;          /* payload: index into topic_names */
    rg_phrases months;          /* month words: payload month number */
    const char *home_lang;      /* a language code, "vi" (borrowed from the pack) */
    const char *home_country;   /* the country a text in that language speaks from */
} rg_rules;

/* ---- mentions and document entities ------------------------------------ */

enum {
    M_LEX = 1 << 0,         /* from the lexicon */
    M_HEAD = 1 << 1,        /* from a head noun */
    M_PERSON = 1 << 2,      /* a person name */
    M_ACRO = 1 << 3,        /* a bare acronym */
    M_BARE = 1 << 4,        /* a bare head ("Thành phố", "Sở") */
    M_NESTED = 1 << 5,      /* inside another mention */
    M_PAREN = 1 << 6,       /* inside parentheses */
    M_DEAD = 1 << 7,        /* dropped */
    M_VISIT = 1 << 8        /* a visit named by its visitor ("chuyến thăm của X năm Y") */
};

typedef struct rg_mention {
    uint32_t t0, t1;        /* tokens */
    uint32_t sent;
    char type[RG_TYPE_MAX];
    int32_t lex;            /* lexicon entry or -1 */
    int32_t head;           /* head entry or -1 */
    uint32_t name_t0;       /* first token of the name proper (after a stripped head) */
    int32_t entity;         /* resolved document entity or -1 */
    int32_t parent;         /* enclosing mention or -1 */
    int32_t acronym;        /* a mention that defines this one's acronym, or -1 */
    unsigned flags;
} rg_mention;

typedef struct rg_xentity {
    char type[RG_TYPE_MAX];
    char *name;
    rg_strlist aliases;     /* surface forms other than name */
    rg_strlist folds;       /* folded name and aliases, for lookups */
    int count;              /* mentions */
    int32_t lex;
    rg_id db_id;            /* known in the database (0: new) */
} rg_xentity;

typedef struct rg_xlink {
    char type[RG_TYPE_MAX];
    int32_t source, target; /* document entities */
    char date[RG_DATE_MAX];
    rg_strlist topics;
    uint32_t sent;          /* the sentence that first stated it (its evidence) */
    uint32_t sent_last;     /* the last sentence that stated it */
    bool alone;             /* a sentence stated it without calling its ends sister
                               cities or signatories (relate.c) */
} rg_xlink;

typedef struct rg_extract {
    const rg_rules *rules;
    rg_scan scan;
    rg_mention *m;
    size_t nm, cap_m;
    rg_xentity *e;
    size_t ne, cap_e;
    rg_xlink *l;
    size_t nl, cap_l;
    int32_t home_city;      /* entity index or -1 */
    int32_t home_country;
    bool home_country_by_language;  /* found by the pack's language rule, not by count */
    int doc_year;           /* 0 when unknown */
    int last_year;          /* the year of the last date a sentence gave (relate.c) */
    char last_day[RG_DATE_MAX];     /* the last full date (YYYY-MM-DD) a sentence gave */
    size_t last_day_sent;           /* ... and that sentence */
    int32_t pair[2];        /* the ends of the last symmetric link (relate.c), -1: none */
    uint32_t *touched;      /* the links the current sentence stated (relate.c) */
    size_t ntouched, cap_touched;
    /* lexicon matches per token, computed once up to the sentence's end:
     * lexmemo[2*i + ambig] = length << 32 | entry + 1, once bit 2*i + ambig
     * of lexknown is set (computed) */
    uint64_t *lexmemo;
    uint64_t *lexknown;
    /* folded name/alias -> entity, open addressing (resolve.c) */
    struct rg_formslot { uint64_t h; const char *fold; int32_t ent; } *forms;
    size_t nforms, cap_forms;
    /* (type, source, target) -> 1 + the link's index, open addressing (relate.c) */
    uint32_t *lslots;
    size_t cap_lslots;
    /* lexicon entry -> the one entity that has it, open addressing (resolve.c) */
    struct rg_lexslot { int32_t lex, ent; } *lexents;
    size_t nlexents, cap_lexents;
} rg_extract;

rg_status mention_push(rg_extract *x, const rg_mention *m, rg_error *err);
/* Surface text of tokens [t0, t1) as a new string (caller frees). */
char *tokens_text(const rg_scan *s, size_t t0, size_t t1);

/* The stages. */
rg_status discover_mentions(rg_extract *x, rg_error *err);
rg_status resolve_mentions(rg_extract *x, rg_error *err);
rg_status relate_mentions(rg_extract *x, rg_error *err);

/* Adds a link unless an identical (type, endpoints) link exists; then only
 * fills a missing date and unites topics. */
rg_status xlink_add(rg_extract *x, const char *type, int32_t src, int32_t dst,
                    const char *date, const rg_strlist *topics, uint32_t sent, rg_error *err);

void extract_free(rg_extract *x);

#endif
