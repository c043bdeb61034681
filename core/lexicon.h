/*
 * lexicon.h - builder stage 3: find every known name in a text at once.
 *
 * All surface forms of all known entities are compiled into one
 * Aho-Corasick automaton over their folded forms (fold.h).  The text is
 * folded the same way while a map keeps each folded byte's source offset
 * and whether a word starts or ends there, so a match is reported only when
 * it begins at a word start and ends at a word end in the source ("Nam" does
 * not match inside "Vietnamese"; "TP.HCM" matches the form "tphcm").
 * Overlapping matches are resolved leftmost-longest.  A name never spans a
 * line break, quote, "!", "?" or square bracket, and spans a comma, colon,
 * semicolon or parenthesis only when one of its surface forms has one
 * ("Bộ Văn hóa, Thể thao và Du lịch"), so "Hà, Nội" is not "Hà Nội".
 *
 * Each form carries one or more payloads (the caller's entry numbers): a
 * form shared by several entries ("Georgia") reports all of them, and the
 * caller disambiguates.  A form added with RG_LEX_NEEDS_CAPITAL matches only
 * where the source text starts with an upper-case letter (place names that
 * are also ordinary words: "hòa bình", "Nice").
 */
#ifndef RG_LEXICON_H
#define RG_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct rg_lexicon rg_lexicon;

enum {
    RG_LEX_NEEDS_CAPITAL = 1 << 0
};

typedef struct rg_lex_match {
    size_t start, end;          /* byte offsets into the searched text */
    const uint32_t *payloads;   /* owned by the lexicon; valid until it is freed */
    size_t n_payloads;
    unsigned flags;             /* union of the flags of the matched form */
} rg_lex_match;

rg_status lexicon_new(rg_lexicon **out, rg_error *err);

/* Adds a surface form with a payload.  Forms that fold to "" are ignored.
 * Must be called before lexicon_compile. */
rg_status lexicon_add(rg_lexicon *lex, const char *surface, uint32_t payload,
                      unsigned flags, rg_error *err);

/* Builds the automaton.  O(total folded length of the forms). */
rg_status lexicon_compile(rg_lexicon *lex, rg_error *err);

/* Finds all non-overlapping leftmost-longest matches at word boundaries in
 * the len bytes of text.  *out (caller frees the array, not the payloads)
 * gets *n matches in text order.  O(len + matches). */
rg_status lexicon_find(const rg_lexicon *lex, const char *text, size_t len,
                       rg_lex_match **out, size_t *n, rg_error *err);

size_t lexicon_size(const rg_lexicon *lex);   /* number of distinct forms */

void lexicon_free(rg_lexicon *lex);

#endif
