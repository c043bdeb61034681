/*
 * lexicon.c - builder stage 3: every known name in a text in one pass
 * (see lexicon.h for the contract).
 *
 * Compile: the added forms are folded (fold.h), sorted, and grouped so one
 * folded form holds all its payloads (those that need a capital last, so
 * the others are a prefix of the same array).  A byte trie is built from
 * the sorted forms in one sweep (each form shares its prefix with the one
 * before), its edges are stored compactly per node (CSR, sorted by byte),
 * and Aho-Corasick failure and dictionary-suffix links are set breadth
 * first.  The root has a dense 256-entry table.  A table of folded bytes
 * and character classes for code points below 0x2000 (Latin, Vietnamese,
 * Greek, Cyrillic...) makes folding the searched text cheap.
 *
 * Find: the text is decoded one code point at a time, folded, and each
 * folded byte is fed to the automaton.  A small ring buffer remembers, for
 * the last few folded bytes, which source code point they came from and
 * whether that code point starts or ends a word in the source, so a form
 * that the automaton reports can be checked against source word
 * boundaries and the capital-letter rule.  Characters that never occur
 * inside a name (line breaks, quotes, "!", "?", square brackets...) reset
 * the automaton so that a name cannot straddle them; commas, colons,
 * semicolons and parentheses may occur inside a name only when one of its
 * surface forms has them ("Bộ Văn hóa, Thể thao và Du lịch").  A candidate
 * is reported only once the next code point shows that a word ends there.
 * The valid candidates are then reduced to leftmost-longest
 * non-overlapping matches.
 */
#include "lexicon.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fold.h"

#define FOLD_TABLE_CPS 0x2000
#define FOLD_TABLE_BYTES 12
/* Hard breaks (is_break_cp) end any name; these soft ones end the names
 * whose surface forms lack them. */
#define SOFT_BREAKS ",;:()"

enum cp_class {
    CLS_WORD = 1 << 0,      /* a letter, digit or mark: part of a word */
    CLS_UPPER = 1 << 1,     /* an upper-case (or title-case) letter */
    CLS_BREAK = 1 << 2,     /* never inside a name: resets the automaton */
    CLS_SLOW = 1 << 3,      /* folded form too long for the table */
    CLS_SOFT = 1 << 4       /* inside a name only when the form has one too */
};

enum ring_flag {
    RF_WORD_START = 1 << 0, /* first folded byte of a code point starting a word */
    RF_UPPER = 1 << 1       /* that code point is a capital */
};

typedef struct raw_form {
    char *folded;
    size_t len;
    uint32_t payload;
    unsigned flags;
    bool soft;              /* the surface has a comma, bracket, colon... */
} raw_form;

typedef struct form {
    uint32_t pay_off;       /* first payload in lex->payloads */
    uint32_t n_all;         /* payloads reported at a capital */
    uint32_t n_plain;       /* payloads reported anywhere (a prefix) */
    uint32_t len;           /* folded length in bytes */
    unsigned flags_all, flags_plain;
    bool soft;              /* may span soft breaks ("Bộ Văn hóa, Thể thao...") */
} form;

struct rg_lexicon {
    raw_form *raw;
    size_t n_raw, cap_raw;
    bool compiled;

    form *forms;
    size_t n_forms;
    uint32_t *payloads;
    size_t max_len;

    size_t n_nodes;
    uint32_t *edge_start;   /* n_nodes + 1 */
    uint8_t *edge_byte;
    uint32_t *edge_child;
    uint32_t *fail;
    int32_t *form_of;       /* form index ending at the node, or -1 */
    uint32_t *dict;         /* nearest proper suffix node that ends a form, 0 = none */
    uint32_t root_next[256];

    uint8_t fold_len[FOLD_TABLE_CPS];
    uint8_t cls[FOLD_TABLE_CPS];
    char fold_bytes[FOLD_TABLE_CPS][FOLD_TABLE_BYTES];
};

rg_status lexicon_new(rg_lexicon **out, rg_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory creating a lexicon");
    return RG_OK;
}

rg_status lexicon_add(rg_lexicon *lex, const char *surface, uint32_t payload,
                      unsigned flags, rg_error *err)
{
    char *folded = NULL;
    rg_status rc;

    if (lex->compiled)
        return rg_fail(err, RG_ERR_USAGE, "lexicon: cannot add \"%s\" after compiling", surface);
    rc = text_fold(surface, strlen(surface), &folded, err);
    if (rc != RG_OK)
        return rg_error_prefix(err, "lexicon form \"%s\"", surface);
    if (!*folded) {
        free(folded);
        return RG_OK;
    }
    if (lex->n_raw == lex->cap_raw) {
        size_t cap = lex->cap_raw ? lex->cap_raw * 2 : 256;
        raw_form *v = realloc(lex->raw, cap * sizeof *v);
        if (!v) {
            free(folded);
            return rg_fail(err, RG_ERR_NOMEM, "out of memory adding a lexicon form");
        }
        lex->raw = v;
        lex->cap_raw = cap;
    }
    lex->raw[lex->n_raw].folded = folded;
    lex->raw[lex->n_raw].len = strlen(folded);
    lex->raw[lex->n_raw].payload = payload;
    lex->raw[lex->n_raw].flags = flags;
    lex->raw[lex->n_raw].soft = strpbrk(surface, SOFT_BREAKS) != NULL;
    lex->n_raw++;
    return RG_OK;
}

static int raw_cmp(const void *a, const void *b)
{
    const raw_form *x = a, *y = b;
    int c = strcmp(x->folded, y->folded);
    unsigned xc = x->flags & RG_LEX_NEEDS_CAPITAL, yc = y->flags & RG_LEX_NEEDS_CAPITAL;

    if (c)
        return c;
    if (xc != yc)
        return xc < yc ? -1 : 1;
    return x->payload < y->payload ? -1 : x->payload > y->payload;
}

static bool is_break_cp(int32_t cp)
{
    switch (cp) {
    case '\n': case '\r': case '!': case '?': case '[': case ']': case '{': case '}': case '"':
    case '|': case 0x201C: case 0x201D: case 0x00AB: case 0x00BB: case 0x2026:
        return true;
    default:
        return false;
    }
}

static unsigned classify_cp(int32_t cp, size_t folded_cps)
{
    unsigned c = 0;
    utf8proc_category_t cat = utf8proc_category(cp);

    if (folded_cps > 0 || cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
        cat == UTF8PROC_CATEGORY_ME)
        c |= CLS_WORD;
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
        c |= CLS_UPPER;
    if (is_break_cp(cp))
        c |= CLS_BREAK;
    if (cp > 0 && cp < 0x80 && strchr(SOFT_BREAKS, (int)cp))
        c |= CLS_SOFT;
    return c;
}

/* Folded UTF-8 of cp into out (at least 32 bytes); returns its length. */
static size_t fold_to_bytes(int32_t cp, char *out, size_t *n_cps)
{
    int32_t parts[8];
    size_t n = text_fold_codepoint(cp, parts, 8), len = 0;

    for (size_t i = 0; i < n; i++)
        len += (size_t)utf8proc_encode_char(parts[i], (utf8proc_uint8_t *)out + len);
    *n_cps = n;
    return len;
}

static void build_fold_table(rg_lexicon *lex)
{
    for (int32_t cp = 0; cp < FOLD_TABLE_CPS; cp++) {
        char buf[32];
        size_t ncps, len = fold_to_bytes(cp, buf, &ncps);
        lex->cls[cp] = (uint8_t)classify_cp(cp, ncps);
        if (len > FOLD_TABLE_BYTES) {
            lex->cls[cp] |= CLS_SLOW;
            len = 0;
        }
        lex->fold_len[cp] = (uint8_t)len;
        memcpy(lex->fold_bytes[cp], buf, len);
    }
}

/* Groups the sorted raw forms into forms with their payloads. */
static rg_status group_forms(rg_lexicon *lex, const char **texts, rg_error *err)
{
    size_t nf = 0, np = 0;

    lex->forms = malloc((lex->n_raw ? lex->n_raw : 1) * sizeof *lex->forms);
    lex->payloads = malloc((lex->n_raw ? lex->n_raw : 1) * sizeof *lex->payloads);
    if (!lex->forms || !lex->payloads)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory compiling the lexicon");
    for (size_t i = 0; i < lex->n_raw; i++) {
        const raw_form *r = &lex->raw[i];
        form *f;
        bool cap = r->flags & RG_LEX_NEEDS_CAPITAL;

        if (i == 0 || strcmp(r->folded, lex->raw[i - 1].folded) != 0) {
            texts[nf] = r->folded;
            f = &lex->forms[nf++];
            memset(f, 0, sizeof *f);
            f->pay_off = (uint32_t)np;
            f->len = (uint32_t)r->len;
            if (r->len > lex->max_len)
                lex->max_len = r->len;
        } else {
            f = &lex->forms[nf - 1];
            f->soft |= r->soft;
            if (lex->raw[i - 1].payload == r->payload &&
                (lex->raw[i - 1].flags & RG_LEX_NEEDS_CAPITAL) == (r->flags & RG_LEX_NEEDS_CAPITAL)) {
                f->flags_all |= r->flags;
                if (!cap)
                    f->flags_plain |= r->flags;
                continue;       /* the same payload twice */
            }
        }
        lex->payloads[np++] = r->payload;
        f->soft |= r->soft;
        f->n_all++;
        f->flags_all |= r->flags;
        if (!cap) {
            f->n_plain++;
            f->flags_plain |= r->flags;
        }
    }
    lex->n_forms = nf;
    return RG_OK;
}

static inline uint32_t goto_child(const rg_lexicon *lex, uint32_t node, uint8_t c)
{
    uint32_t lo = lex->edge_start[node], hi = lex->edge_start[node + 1];

    if (node == 0)
        return lex->root_next[c];
    while (hi - lo > 8) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lex->edge_byte[mid] < c)
            lo = mid + 1;
        else
            hi = mid + 1;       /* keep mid: it may be the edge */
    }
    for (; lo < hi; lo++)
        if (lex->edge_byte[lo] == c)
            return lex->edge_child[lo];
    return 0;
}

/* Builds the trie of the sorted distinct forms and its CSR edge arrays. */
static rg_status build_trie(rg_lexicon *lex, const char *const *texts, rg_error *err)
{
    size_t total = 1, n_nodes = 1, n_edges = 0, prev_len = 0;
    uint32_t *path = NULL, *e_parent = NULL, *e_child = NULL, *count = NULL;
    uint8_t *e_byte = NULL;
    const char *prev = "";

    for (size_t i = 0; i < lex->n_forms; i++)
        total += lex->forms[i].len;
    path = malloc((lex->max_len + 1) * sizeof *path);
    e_parent = malloc(total * sizeof *e_parent);
    e_child = malloc(total * sizeof *e_child);
    e_byte = malloc(total);
    lex->form_of = malloc(total * sizeof *lex->form_of);
    if (!path || !e_parent || !e_child || !e_byte || !lex->form_of)
        goto nomem;
    path[0] = 0;
    lex->form_of[0] = -1;
    for (size_t f = 0; f < lex->n_forms; f++) {
        const char *s = texts[f];
        size_t len = lex->forms[f].len, lcp = 0;
        while (lcp < len && lcp < prev_len && s[lcp] == prev[lcp])
            lcp++;
        for (size_t d = lcp; d < len; d++) {
            uint32_t node = (uint32_t)n_nodes++;
            lex->form_of[node] = -1;
            e_parent[n_edges] = path[d];
            e_byte[n_edges] = (uint8_t)s[d];
            e_child[n_edges] = node;
            n_edges++;
            path[d + 1] = node;
        }
        lex->form_of[path[len]] = (int32_t)f;
        prev = s;
        prev_len = len;
    }
    lex->n_nodes = n_nodes;
    lex->edge_start = calloc(n_nodes + 1, sizeof *lex->edge_start);
    lex->edge_byte = malloc(n_edges ? n_edges : 1);
    lex->edge_child = malloc((n_edges ? n_edges : 1) * sizeof *lex->edge_child);
    count = calloc(n_nodes + 1, sizeof *count);
    if (!lex->edge_start || !lex->edge_byte || !lex->edge_child || !count)
        goto nomem;
    for (size_t e = 0; e < n_edges; e++)
        lex->edge_start[e_parent[e] + 1]++;
    for (size_t v = 0; v < n_nodes; v++)
        lex->edge_start[v + 1] += lex->edge_start[v];
    for (size_t e = 0; e < n_edges; e++) {          /* stable: bytes stay sorted */
        uint32_t at = lex->edge_start[e_parent[e]] + count[e_parent[e]]++;
        lex->edge_byte[at] = e_byte[e];
        lex->edge_child[at] = e_child[e];
    }
    for (uint32_t e = lex->edge_start[0]; e < lex->edge_start[1]; e++)
        lex->root_next[lex->edge_byte[e]] = lex->edge_child[e];
    free(path);
    free(e_parent);
    free(e_child);
    free(e_byte);
    free(count);
    return RG_OK;
nomem:
    free(path);
    free(e_parent);
    free(e_child);
    free(e_byte);
    free(count);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory compiling the lexicon");
}

/* Failure and dictionary-suffix links, breadth first. */
static rg_status link_automaton(rg_lexicon *lex, rg_error *err)
{
    uint32_t *queue = malloc(lex->n_nodes * sizeof *queue);
    size_t head = 0, tail = 0;

    lex->fail = calloc(lex->n_nodes, sizeof *lex->fail);
    lex->dict = calloc(lex->n_nodes, sizeof *lex->dict);
    if (!queue || !lex->fail || !lex->dict) {
        free(queue);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory compiling the lexicon");
    }
    queue[tail++] = 0;
    while (head < tail) {
        uint32_t u = queue[head++];
        for (uint32_t e = lex->edge_start[u]; e < lex->edge_start[u + 1]; e++) {
            uint32_t v = lex->edge_child[e], f;
            uint8_t c = lex->edge_byte[e];
            if (u == 0) {
                f = 0;
            } else {
                uint32_t g = lex->fail[u];
                for (;;) {
                    uint32_t t = goto_child(lex, g, c);
                    if (t) {
                        f = t;
                        break;
                    }
                    if (g == 0) {
                        f = 0;
                        break;
                    }
                    g = lex->fail[g];
                }
            }
            lex->fail[v] = f;
            lex->dict[v] = lex->form_of[f] >= 0 ? f : lex->dict[f];
            queue[tail++] = v;
        }
    }
    free(queue);
    return RG_OK;
}

static void free_raw(rg_lexicon *lex)
{
    for (size_t i = 0; i < lex->n_raw; i++)
        free(lex->raw[i].folded);
    free(lex->raw);
    lex->raw = NULL;
    lex->n_raw = lex->cap_raw = 0;
}

rg_status lexicon_compile(rg_lexicon *lex, rg_error *err)
{
    const char **texts;
    rg_status rc;

    if (lex->compiled)
        return rg_fail(err, RG_ERR_USAGE, "lexicon: compiled twice");
    if (lex->n_raw > 1)
        qsort(lex->raw, lex->n_raw, sizeof *lex->raw, raw_cmp);
    texts = malloc((lex->n_raw ? lex->n_raw : 1) * sizeof *texts);
    if (!texts)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory compiling the lexicon");
    rc = group_forms(lex, texts, err);
    if (rc == RG_OK)
        rc = build_trie(lex, texts, err);
    free(texts);
    if (rc != RG_OK)
        return rc;
    rc = link_automaton(lex, err);
    if (rc != RG_OK)
        return rc;
    build_fold_table(lex);
    free_raw(lex);
    lex->compiled = true;
    return RG_OK;
}

size_t lexicon_size(const rg_lexicon *lex)
{
    return lex->compiled ? lex->n_forms : lex->n_raw;
}

void lexicon_free(rg_lexicon *lex)
{
    if (!lex)
        return;
    free_raw(lex);
    free(lex->forms);
    free(lex->payloads);
    free(lex->edge_start);
    free(lex->edge_byte);
    free(lex->edge_child);
    free(lex->fail);
    free(lex->form_of);
    free(lex->dict);
    free(lex);
}

/* ---- search ----------------------------------------------------------------- */

typedef struct ring_entry {
    size_t src_start;
    unsigned flags;
} ring_entry;

typedef struct candidates {
    rg_lex_match *v;
    size_t n, cap;
} candidates;

static bool candidates_push(candidates *c, size_t start, size_t end, const rg_lexicon *lex,
                            const form *f, bool capital)
{
    rg_lex_match *m;
    uint32_t n = capital ? f->n_all : f->n_plain;

    if (n == 0)
        return true;            /* every payload needs a capital */
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        rg_lex_match *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return false;
        c->v = v;
        c->cap = cap;
    }
    m = &c->v[c->n++];
    m->start = start;
    m->end = end;
    m->payloads = lex->payloads + f->pay_off;
    m->n_payloads = n;
    m->flags = capital ? f->flags_all : f->flags_plain;
    return true;
}

static int match_cmp(const void *a, const void *b)
{
    const rg_lex_match *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return 0;
}

/* Decodes the code point at s[i] (1 byte on invalid input) and returns its
 * class and folded bytes (pointer into the table or into buf). */
static inline unsigned read_cp(const rg_lexicon *lex, const unsigned char *s, size_t len,
                               size_t i, size_t *step, const char **fold, size_t *fold_len,
                               char *buf)
{
    int32_t cp = s[i];

    if (cp < 0x80) {
        *step = 1;
    } else {
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            *step = 1;
            *fold_len = 0;
            return 0;
        }
        *step = (size_t)n;
    }
    if (cp < FOLD_TABLE_CPS && !(lex->cls[cp] & CLS_SLOW)) {
        *fold = lex->fold_bytes[cp];
        *fold_len = lex->fold_len[cp];
        return lex->cls[cp];
    } else {
        size_t ncps;
        *fold_len = fold_to_bytes(cp, buf, &ncps);
        *fold = buf;
        return classify_cp(cp, ncps);
    }
}

/* Candidates that end at the code point just read wait here until the next
 * code point shows whether a word ends there. */
typedef struct pending {
    size_t start;
    const form *f;
    bool capital;
} pending;

rg_status lexicon_find(const rg_lexicon *lex, const char *text, size_t len,
                       rg_lex_match **out, size_t *n, rg_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    candidates cand = {0};
    ring_entry *ring = NULL;
    pending *pend = NULL;
    size_t ring_mask = 1, pos = 0, folded = 0, n_pend = 0, pend_end = 0, cap_pend = 16;
    char buf[64];
    bool prev_word = false, seen_soft = false;
    uint32_t state = 0;
    size_t last_soft = 0;   /* offset of the last soft break, when seen_soft */

    *out = NULL;
    *n = 0;
    if (!lex->compiled)
        return rg_fail(err, RG_ERR_USAGE, "lexicon: find before compile");
    if (len == 0 || lex->n_forms == 0)
        return RG_OK;
    while (ring_mask < lex->max_len + 1)
        ring_mask <<= 1;
    ring = malloc(ring_mask * sizeof *ring);
    pend = malloc(cap_pend * sizeof *pend);
    if (!ring || !pend)
        goto nomem;
    ring_mask--;

    while (pos < len) {
        size_t step, fold_len;
        const char *fold;
        unsigned cls = read_cp(lex, s, len, pos, &step, &fold, &fold_len, buf);
        bool word = cls & CLS_WORD;

        /* the candidates waiting on this code point */
        if (n_pend) {
            if (!word)
                for (size_t k = 0; k < n_pend; k++)
                    if (!candidates_push(&cand, pend[k].start, pend_end, lex, pend[k].f,
                                         pend[k].capital))
                        goto nomem;
            n_pend = 0;
        }
        if (cls & CLS_BREAK)
            state = 0;
        if (cls & CLS_SOFT) {
            seen_soft = true;
            last_soft = pos;
        }
        for (size_t b = 0; b < fold_len; b++) {
            uint8_t c = (uint8_t)fold[b];
            ring_entry *r = &ring[folded & ring_mask];
            uint32_t t;

            r->src_start = pos;
            r->flags = (b == 0 && !prev_word ? RF_WORD_START : 0) | (cls & CLS_UPPER ? RF_UPPER : 0);
            for (;;) {
                uint32_t g = goto_child(lex, state, c);
                if (g || state == 0) {
                    state = g;
                    break;
                }
                state = lex->fail[state];
            }
            folded++;
            if (b + 1 < fold_len || !state)
                continue;
            t = lex->form_of[state] >= 0 ? state : lex->dict[state];
            for (; t; t = lex->dict[t]) {
                const form *f = &lex->forms[lex->form_of[t]];
                const ring_entry *first = &ring[(folded - f->len) & ring_mask];
                if (!(first->flags & RF_WORD_START))
                    continue;
                if (seen_soft && last_soft > first->src_start && !f->soft)
                    continue;       /* "Hà, Nội" is not "Hà Nội" */
                if (n_pend == cap_pend) {
                    pending *v = realloc(pend, cap_pend * 2 * sizeof *v);
                    if (!v)
                        goto nomem;
                    pend = v;
                    cap_pend *= 2;
                }
                pend[n_pend].start = first->src_start;
                pend[n_pend].f = f;
                pend[n_pend].capital = first->flags & RF_UPPER;
                n_pend++;
            }
        }
        prev_word = word;
        pos += step;
        pend_end = pos;
    }
    for (size_t k = 0; k < n_pend; k++)     /* the text ends a word */
        if (!candidates_push(&cand, pend[k].start, pend_end, lex, pend[k].f, pend[k].capital))
            goto nomem;
    free(ring);
    free(pend);
    if (cand.n > 1)
        qsort(cand.v, cand.n, sizeof *cand.v, match_cmp);
    {
        size_t kept = 0, last_end = 0;
        for (size_t i = 0; i < cand.n; i++) {
            if (kept > 0 && cand.v[i].start < last_end)
                continue;
            cand.v[kept++] = cand.v[i];
            last_end = cand.v[i].end;
        }
        cand.n = kept;
    }
    *out = cand.v;
    *n = cand.n;
    return RG_OK;
nomem:
    free(ring);
    free(pend);
    free(cand.v);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory searching the lexicon");
}
