/*
 * docread.h - builder stage 0: read one input file into documents.
 *
 * Formats (chosen by extension, see docread_format_for):
 *  - plain text (.txt, .text, or no extension);
 *  - Markdown (.md, .markdown): markup is blanked out, see below;
 *  - HTML (.html, .htm, .xhtml): libxml2's forgiving HTML parser; the page's
 *    text without script/style/nav/header/footer/aside (and ARIA
 *    navigation/banner/contentinfo/complementary) boilerplate; block
 *    elements become line breaks, headings and paragraphs are separated by
 *    blank lines; <title> (else the first <h1>) is the title; the date comes
 *    from <meta property="article:published_time">, <meta name="date"> or
 *    the first <time datetime>;
 *  - JSON (.json, .jsonl, .ndjson): one object {"title","date","url","text"},
 *    an array of such objects, or one object per line (JSON Lines).  Only
 *    "text" is required; "date" must be YYYY, YYYY-MM or YYYY-MM-DD.
 *
 * Text and Markdown may start with a metadata line "date YYYY-MM-DD"
 * (leading white space allowed; the body may follow on the same line).  It
 * gives the document date and is not part of the text to extract from.
 * Markdown may instead start with "---" front matter with "title:" and
 * "date:" lines.
 *
 * Offsets.  For text and Markdown the text to extract from is aligned with
 * the original file: text byte i is file byte text_offset + i
 * (text_aligned is true).  The date line is skipped by text_offset, and
 * Markdown markup (#, *, _, `, link targets, ...) is replaced by spaces of
 * the same length rather than removed, so the alignment holds.  For HTML
 * and JSON the text is extracted (text_aligned is false, text_offset 0):
 * evidence offsets are then offsets into this extracted text, which is
 * what the builder stores and shows.
 *
 * Content hash.  "sha256:<64 hex>" (GLib's GChecksum) of raw: the file's
 * bytes for text, Markdown and HTML; for a JSON document the record
 * re-serialised compactly with sorted keys, so a reformatted file keeps its
 * hashes.
 *
 * Errors (messages start with the file name):
 *  - RG_ERR_IO "FILE: cannot read: <strerror>";
 *  - RG_ERR_INVALID "FILE: empty file" (no bytes, or only white space),
 *    "FILE: binary file (NUL byte at byte N)",
 *    "FILE: not valid UTF-8 at byte N" (text, Markdown, JSON; HTML may
 *    declare another charset), "FILE:LINE:COL: <jansson's reason>" for
 *    malformed JSON, "FILE:LINE: ..." (JSON Lines) or "FILE: document N:
 *    ..." (JSON array) for a record without a "text" string or with a bad
 *    "date";
 *  - RG_ERR_LIMIT "FILE: N bytes is over the limit of M bytes" when a
 *    document (a text/Markdown/HTML file, or a JSON record's text) is longer
 *    than max_bytes.  A JSON file holding many documents may be larger, up
 *    to RG_DOCREAD_FILE_MAX;
 *  - RG_ERR_UNSUPPORTED for an unknown extension.
 * On error *out is left empty.  Time and memory O(file size).
 */
#ifndef RG_DOCREAD_H
#define RG_DOCREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define RG_DOCREAD_FILE_MAX ((size_t)1 << 30)

typedef enum rg_doc_format {
    RG_DOC_UNKNOWN = 0,
    RG_DOC_TEXT,
    RG_DOC_MARKDOWN,
    RG_DOC_HTML,
    RG_DOC_JSON
} rg_doc_format;

typedef struct rg_input_doc {
    char *name;             /* the file name; "FILE#N" for the N-th (from 1) JSON record */
    char *title;            /* NULL when none */
    char *date;             /* "YYYY", "YYYY-MM" or "YYYY-MM-DD"; NULL when none */
    char *url;              /* JSON "url"; NULL when none */
    char *raw;              /* the bytes hashed (see above), NUL-terminated */
    size_t raw_len;
    char hash[72];          /* "sha256:" + 64 hex digits */
    char *text;             /* the text to extract from, UTF-8, NUL-terminated */
    size_t text_len;
    size_t text_offset;     /* file offset of text[0] when text_aligned */
    bool text_aligned;      /* text byte i is raw byte text_offset + i */
    rg_doc_format format;
} rg_input_doc;

typedef struct rg_input_docs {
    rg_input_doc *docs;      /* owned; release with rg_input_docs_free */
    size_t n;
} rg_input_docs;

/* The format for path's extension (case-insensitive); RG_DOC_TEXT when it
 * has none, RG_DOC_UNKNOWN when it is not one of ours. */
rg_doc_format docread_format_for(const char *path);

/* Reads the file at path into *out (one document, or several for JSON). */
rg_status docread_file(const char *path, size_t max_bytes, rg_input_docs *out, rg_error *err);

/* The same for len bytes already in memory; name is used for messages and
 * document names.  data need not be NUL-terminated. */
rg_status docread_memory(const char *name, rg_doc_format format, const char *data, size_t len,
                         size_t max_bytes, rg_input_docs *out, rg_error *err);

/* A deep copy of src into *dst (the caller then owns it: rg_input_doc_clear).
 * RG_ERR_NOMEM leaves *dst empty.  O(size of the document). */
rg_status rg_input_doc_copy(rg_input_doc *dst, const rg_input_doc *src, rg_error *err);

/* Frees what d holds and leaves it empty. */
void rg_input_doc_clear(rg_input_doc *d);

void rg_input_docs_free(rg_input_docs *list);

#endif
