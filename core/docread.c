/*
 * docread.c - read text, Markdown, HTML and JSON inputs into documents
 * (see docread.h for the contract: formats, offsets, hashes, errors).
 *
 * Text and Markdown keep the file's bytes: the text to extract from is a
 * copy of the body in which Markdown markup is overwritten with spaces, so
 * offsets stay those of the file.  HTML goes through libxml2's HTML parser
 * and a walk of the tree that skips boilerplate elements and turns block
 * elements into line breaks.  JSON goes through jansson; a file that is not
 * one JSON value but whose first line is, is read as JSON Lines.
 * Content hashes are SHA-256 from OpenSSL's libcrypto (push_hashed), which
 * uses the CPU's SHA instructions.
 */
#include "docread.h"

#include <errno.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "fold.h"

#define TITLE_MAX_CPS 150

/* ---- small helpers ------------------------------------------------------ */

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a plausible month and day. */
static bool valid_date(const char *s, size_t n)
{
    if (n != 4 && n != 7 && n != 10)
        return false;
    if (!digits(s, 4))
        return false;
    if (n >= 7) {
        int m;
        if (s[4] != '-' || !digits(s + 5, 2))
            return false;
        m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return false;
    }
    if (n == 10) {
        int d;
        if (s[7] != '-' || !digits(s + 8, 2))
            return false;
        d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > 31)
            return false;
    }
    return true;
}

void rg_input_doc_clear(rg_input_doc *d)
{
    free(d->name);
    free(d->title);
    free(d->date);
    free(d->url);
    free(d->raw);
    free(d->text);
    memset(d, 0, sizeof *d);
}

rg_status rg_input_doc_copy(rg_input_doc *dst, const rg_input_doc *src, rg_error *err)
{
    *dst = *src;
    dst->name = src->name ? strdup(src->name) : NULL;
    dst->title = src->title ? strdup(src->title) : NULL;
    dst->date = src->date ? strdup(src->date) : NULL;
    dst->url = src->url ? strdup(src->url) : NULL;
    dst->raw = src->raw ? dup_n(src->raw, src->raw_len) : NULL;
    dst->text = src->text ? dup_n(src->text, src->text_len) : NULL;
    if ((src->name && !dst->name) || (src->title && !dst->title) || (src->date && !dst->date) ||
        (src->url && !dst->url) || (src->raw && !dst->raw) || (src->text && !dst->text)) {
        rg_input_doc_clear(dst);
        return rg_fail(err, RG_ERR_NOMEM, "%s: out of memory", src->name ? src->name : "document");
    }
    return RG_OK;
}

void rg_input_docs_free(rg_input_docs *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        rg_input_doc_clear(&list->docs[i]);
    free(list->docs);
    list->docs = NULL;
    list->n = 0;
}

/* Moves *d into the list (d is cleared either way). */
static rg_status list_push(rg_input_docs *list, rg_input_doc *d, rg_error *err)
{
    rg_input_doc *v = realloc(list->docs, (list->n + 1) * sizeof *v);
    if (!v) {
        rg_input_doc_clear(d);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory reading documents");
    }
    list->docs = v;
    list->docs[list->n++] = *d;
    memset(d, 0, sizeof *d);
    return RG_OK;
}

/* Names d by its content hash and appends it (list_push's ownership rules).
 * The digest is plain SHA-256, so hashes stored by older releases still
 * identify the same content; OpenSSL computes it with the CPU's SHA
 * instructions where there are some, ~7x faster than a C implementation,
 * which mattered: hashing was 4% of ingesting an article. */
static rg_status push_hashed(rg_input_docs *list, rg_input_doc *d, rg_error *err)
{
    static const char hexdigits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    char *p = d->hash;

    if (!EVP_Digest(d->raw, d->raw_len, md, &n, EVP_sha256(), NULL) ||
        sizeof d->hash < sizeof "sha256:" + 2 * (size_t)n) {
        rg_status rc = rg_fail(err, RG_ERR_IO, "%s: cannot compute its SHA-256 (OpenSSL failed)",
                               d->name ? d->name : "document");
        rg_input_doc_clear(d);
        return rc;
    }
    p += sprintf(p, "sha256:");
    for (unsigned int i = 0; i < n; i++) {
        *p++ = hexdigits[md[i] >> 4];
        *p++ = hexdigits[md[i] & 15];
    }
    *p = '\0';
    return list_push(list, d, err);
}

rg_doc_format docread_format_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    static const struct { const char *ext; rg_doc_format fmt; } table[] = {
        {"txt", RG_DOC_TEXT}, {"text", RG_DOC_TEXT}, {"md", RG_DOC_MARKDOWN},
        {"markdown", RG_DOC_MARKDOWN}, {"html", RG_DOC_HTML}, {"htm", RG_DOC_HTML},
        {"xhtml", RG_DOC_HTML}, {"json", RG_DOC_JSON}, {"jsonl", RG_DOC_JSON},
        {"ndjson", RG_DOC_JSON},
    };

    if (!dot || dot == base)
        return RG_DOC_TEXT;
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcasecmp(dot + 1, table[i].ext) == 0)
            return table[i].fmt;
    return RG_DOC_UNKNOWN;
}

/* Empty, binary and (optionally) UTF-8 checks common to all formats. */
static rg_status check_bytes(const char *name, const char *data, size_t len, bool utf8,
                             rg_error *err)
{
    size_t i = 0, bad;
    const char *nul;

    while (i < len && is_ws(data[i]))
        i++;
    if (i == len)
        return rg_fail(err, RG_ERR_INVALID, "%s: empty file", name);
    nul = memchr(data, '\0', len);
    if (nul)
        return rg_fail(err, RG_ERR_INVALID, "%s: binary file (NUL byte at byte %zu)", name,
                       (size_t)(nul - data));
    if (utf8 && !text_utf8_valid(data, len, &bad))
        return rg_fail(err, RG_ERR_INVALID, "%s: not valid UTF-8 at byte %zu", name, bad);
    return RG_OK;
}

static rg_status over_limit(const char *name, size_t n, size_t max, rg_error *err)
{
    return rg_fail(err, RG_ERR_LIMIT, "%s: %zu bytes is over the limit of %zu bytes", name, n, max);
}

/* ---- text and Markdown ------------------------------------------------------ */

/* A first line short enough, and without final punctuation, to be a title. */
static char *title_from_first_line(const char *s, size_t len)
{
    size_t a = 0, b;
    char last;

    while (a < len && is_ws(s[a]))
        a++;
    b = a;
    while (b < len && s[b] != '\n')
        b++;
    while (b > a && is_ws(s[b - 1]))
        b--;
    if (b == a || text_utf8_count(s + a, b - a) > TITLE_MAX_CPS)
        return NULL;
    last = s[b - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?')
        return NULL;
    return dup_n(s + a, b - a);
}

/* A leading "date YYYY-MM-DD" line: returns the body offset (after the
 * date and the white space that follows) and sets *date; else 0. */
static size_t parse_date_line(const char *s, size_t len, char **date)
{
    size_t i = 0;

    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && is_ws(s[i]))
        i++;
    if (len - i < 15 || strncasecmp(s + i, "date", 4) != 0)
        return 0;
    i += 4;
    if (s[i] == ':')
        i++;
    if (s[i] != ' ' && s[i] != '\t')
        return 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (len - i < 10 || !valid_date(s + i, 10) || (len - i > 10 && !is_ws(s[i + 10])))
        return 0;
    *date = dup_n(s + i, 10);
    i += 10;
    while (i < len && is_ws(s[i]))
        i++;
    return i;
}

/* Markdown "---" front matter with "title:" and "date:" lines; returns the
 * body offset or 0. */
static size_t parse_front_matter(const char *s, size_t len, char **title, char **date)
{
    size_t i = 4, end;
    bool found = false;

    if (len < 7 || strncmp(s, "---\n", 4) != 0)
        return 0;
    for (end = i; end + 3 <= len; end++) {
        if (s[end - 1] == '\n' && strncmp(s + end, "---", 3) == 0 &&
            (end + 3 == len || s[end + 3] == '\n' || s[end + 3] == '\r')) {
            found = true;
            break;
        }
    }
    if (!found)
        return 0;
    while (i < end) {
        size_t le = i, a, b;
        const char *key = s + i;
        while (le < end && s[le] != '\n')
            le++;
        for (int k = 0; k < 2; k++) {
            const char *field = k ? "date:" : "title:";
            size_t fl = strlen(field);
            if ((size_t)(le - i) > fl && strncasecmp(key, field, fl) == 0) {
                a = i + fl;
                b = le;
                while (a < b && is_ws(s[a]))
                    a++;
                while (b > a && is_ws(s[b - 1]))
                    b--;
                if (b - a >= 2 && (s[a] == '"' || s[a] == '\'') && s[b - 1] == s[a]) {
                    a++;
                    b--;
                }
                if (k == 0 && !*title && b > a)
                    *title = dup_n(s + a, b - a);
                else if (k == 1 && !*date && valid_date(s + a, b - a))
                    *date = dup_n(s + a, b - a);
            }
        }
        i = le + 1;
    }
    end += 3;
    while (end < len && is_ws(s[end]))
        end++;
    return end;
}

static void blank(char *s, size_t a, size_t b)
{
    memset(s + a, ' ', b - a);
}

static bool is_alnum_byte(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           ((unsigned char)c >= 0x80);
}

/* Lines made only of c (at least 3) and spaces: rules, setext underlines,
 * table separators when c is '|' (then '-' and ':' are allowed too). */
static bool is_rule_line(const char *s, size_t a, size_t b, char c)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == c)
            n++;
        else if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                   (c == '|' && (s[i] == '-' || s[i] == ':'))))
            return false;
    }
    return c == '|' ? n >= 1 : n >= 3;
}

/* Inline markup on one line: emphasis, code, links, images, tags, escapes. */
static void blank_inline(char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < b && strchr("\\`*_{}[]()#+-.!|~<>", s[i + 1])) {
            s[i] = ' ';
            i++;
        } else if (c == '`' || c == '*' || c == '~' || c == '|') {
            s[i] = ' ';
        } else if (c == '_') {
            if (!(i > a && i + 1 < b && is_alnum_byte(s[i - 1]) && is_alnum_byte(s[i + 1])))
                s[i] = ' ';
        } else if (c == '!' && i + 1 < b && s[i + 1] == '[') {
            s[i] = ' ';
        } else if (c == '[') {
            char *close = memchr(s + i + 1, ']', b - i - 1);
            size_t j = close ? (size_t)(close - s) : b;
            if (j + 1 < b && (s[j + 1] == '(' || s[j + 1] == '[')) {
                char *end = memchr(s + j + 2, s[j + 1] == '(' ? ')' : ']', b - j - 2);
                if (end) {
                    s[i] = ' ';
                    blank(s, j, (size_t)(end - s) + 1);
                }
            }
        } else if (c == '<' && i + 1 < b &&
                   ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z') ||
                    s[i + 1] == '/' || s[i + 1] == '!')) {
            char *gt = memchr(s + i, '>', b - i);
            if (gt) {
                blank(s, i, (size_t)(gt - s) + 1);
                i = (size_t)(gt - s);
            }
        }
    }
}

/* Overwrites Markdown markup in s[0, len) with spaces, line by line. */
static void blank_markdown(char *s, size_t len)
{
    bool fence = false;
    size_t ls = 0;

    while (ls < len) {
        size_t le = ls, t;
        while (le < len && s[le] != '\n')
            le++;
        t = ls;
        while (t < le && t - ls < 4 && s[t] == ' ')
            t++;
        if (le - t >= 3 && (strncmp(s + t, "```", 3) == 0 || strncmp(s + t, "~~~", 3) == 0)) {
            blank(s, ls, le);
            fence = !fence;
        } else if (fence) {
            blank(s, ls, le);       /* code is not prose */
        } else if (is_rule_line(s, t, le, '=') || is_rule_line(s, t, le, '-') ||
                   is_rule_line(s, t, le, '*') || is_rule_line(s, t, le, '_') ||
                   is_rule_line(s, t, le, '|')) {
            blank(s, ls, le);
        } else if (t < le && s[t] == '[' && memmem(s + t, le - t, "]:", 2)) {
            blank(s, ls, le);       /* a link reference definition */
        } else {
            size_t h = t;
            while (h < le && s[h] == '>') {             /* block quotes */
                s[h++] = ' ';
                while (h < le && s[h] == ' ')
                    h++;
            }
            t = h;
            while (h < le && h - t < 6 && s[h] == '#')
                h++;
            if (h > t && (h == le || s[h] == ' ')) {
                size_t e = le;
                blank(s, t, h);                          /* ATX heading */
                while (e > h && (s[e - 1] == ' ' || s[e - 1] == '#' || s[e - 1] == '\r'))
                    e--;
                blank(s, e, le);
            } else if (t + 1 < le && (s[t] == '*' || s[t] == '+') && s[t + 1] == ' ') {
                s[t] = '-';                               /* list items look alike */
                t += 2;
            }
            blank_inline(s, t, le);
        }
        ls = le + 1;
    }
}

/* The first ATX heading of a Markdown body, as written. */
static char *markdown_title(const char *s, size_t len)
{
    size_t ls = 0;
    while (ls < len) {
        size_t le = ls, a, b;
        while (le < len && s[le] != '\n')
            le++;
        a = ls;
        if (a < le && s[a] == '#') {
            while (a < le && s[a] == '#')
                a++;
            if (a < le && s[a] == ' ') {
                b = le;
                while (a < b && is_ws(s[a]))
                    a++;
                while (b > a && (is_ws(s[b - 1]) || s[b - 1] == '#'))
                    b--;
                if (b > a)
                    return dup_n(s + a, b - a);
            }
        }
        ls = le + 1;
    }
    return NULL;
}

static rg_status read_plain(const char *name, const char *doc_name, bool markdown,
                            const char *data, size_t len, size_t max_bytes, rg_input_docs *out,
                            rg_error *err)
{
    rg_input_doc d = {0};
    size_t body = 0;
    rg_status rc = check_bytes(name, data, len, true, err);

    if (rc != RG_OK)
        return rc;
    if (len > max_bytes)
        return over_limit(name, len, max_bytes, err);
    d.format = markdown ? RG_DOC_MARKDOWN : RG_DOC_TEXT;
    if (markdown)
        body = parse_front_matter(data, len, &d.title, &d.date);
    if (!body)
        body = parse_date_line(data, len, &d.date);
    d.name = strdup(doc_name);
    d.raw = dup_n(data, len);
    d.raw_len = len;
    d.text = dup_n(data + body, len - body);
    d.text_len = len - body;
    d.text_offset = body;
    d.text_aligned = true;
    if (!d.name || !d.raw || !d.text)
        goto nomem;
    if (markdown) {
        if (!d.title)
            d.title = markdown_title(d.text, d.text_len);
        blank_markdown(d.text, d.text_len);
    } else {
        d.title = title_from_first_line(d.text, d.text_len);
    }
    {
        size_t i = 0;
        while (i < d.text_len && is_ws(d.text[i]))
            i++;
        if (i == d.text_len) {
            rg_input_doc_clear(&d);
            return rg_fail(err, RG_ERR_INVALID, "%s: no text after the metadata", name);
        }
    }
    return push_hashed(out, &d, err);
nomem:
    rg_input_doc_clear(&d);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory reading %s", name);
}

/* ---- HTML ------------------------------------------------------------------------ */

typedef struct html_walk {
    char *s;
    size_t len, cap;
    bool space;                 /* white space seen since the last character */
    int pre;                    /* depth inside <pre> */
    bool oom;
    char *title;
    char *h1;
    char *date;
} html_walk;

static void hw_put(html_walk *w, const char *p, size_t n)
{
    if (w->oom)
        return;
    if (w->len + n + 1 > w->cap) {
        size_t cap = w->cap ? w->cap : 1024;
        char *s;
        while (cap < w->len + n + 1)
            cap *= 2;
        s = realloc(w->s, cap);
        if (!s) {
            w->oom = true;
            return;
        }
        w->s = s;
        w->cap = cap;
    }
    memcpy(w->s + w->len, p, n);
    w->len += n;
    w->s[w->len] = '\0';
}

/* Ends the current line and makes sure `lines` line breaks separate it
 * from what comes next (nothing at the very start). */
static void hw_break(html_walk *w, int lines)
{
    int have = 0;
    while (w->len > 0 && w->s[w->len - 1] == ' ')
        w->len--;
    if (w->len == 0)
        return;
    for (size_t i = w->len; i > 0 && w->s[i - 1] == '\n'; i--)
        have++;
    for (; have < lines; have++)
        hw_put(w, "\n", 1);
    w->space = false;
}

static void hw_text(html_walk *w, const char *t)
{
    for (const char *p = t; *p; p++) {
        if (w->pre) {
            hw_put(w, p, 1);
            continue;
        }
        if (is_ws(*p)) {
            w->space = true;
            continue;
        }
        if (w->space && w->len > 0 && w->s[w->len - 1] != '\n')
            hw_put(w, " ", 1);
        w->space = false;
        hw_put(w, p, 1);
    }
}

static bool name_in(const char *name, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(name, *set) == 0)
            return true;
    return false;
}

static const char *const SKIP_TAGS[] = {
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg",
    "iframe", "form", "button", "select", "head", "object", "canvas", NULL
};
static const char *const SKIP_ROLES[] = {
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", NULL
};
static const char *const PARAGRAPH_TAGS[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol",
    "dl", "figure", "section", "article", "main", "hr", "address", "header", NULL
};
static const char *const LINE_TAGS[] = {
    "div", "li", "tr", "dd", "dt", "figcaption", "caption", "td", "th", "br", "body", NULL
};

/* Collapsed text content of a node (for <title>, <h1>). */
static char *node_text(xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    html_walk w = {0};
    char *r;

    if (!c)
        return NULL;
    hw_text(&w, (const char *)c);
    xmlFree(c);
    if (w.oom || w.len == 0) {
        free(w.s);
        return NULL;
    }
    r = w.s;
    return r;
}

static void take_meta_date(html_walk *w, xmlNode *n)
{
    static const char *const keys[] = {"article:published_time", "date", "pubdate",
                                       "datePublished", "dc.date", NULL};
    xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
    xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
    xmlChar *ip = xmlGetProp(n, (const xmlChar *)"itemprop");
    xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
    bool match = false;

    for (size_t i = 0; keys[i]; i++)
        if ((prop && strcasecmp((char *)prop, keys[i]) == 0) ||
            (nm && strcasecmp((char *)nm, keys[i]) == 0) ||
            (ip && strcasecmp((char *)ip, keys[i]) == 0))
            match = true;
    if (match && content && !w->date && strlen((char *)content) >= 10 &&
        valid_date((char *)content, 10))
        w->date = dup_n((char *)content, 10);
    xmlFree(prop);
    xmlFree(nm);
    xmlFree(ip);
    xmlFree(content);
}

static void walk_head(html_walk *w, xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)c->name, "title") == 0 && !w->title)
            w->title = node_text(c);
        else if (strcmp((const char *)c->name, "meta") == 0)
            take_meta_date(w, c);
        else
            walk_head(w, c);
    }
}

static bool attr_is(xmlNode *n, const char *attr, const char *const *values)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    bool r = v && (!values || name_in((const char *)v, values));
    xmlFree(v);
    return r;
}

static void walk_body(html_walk *w, xmlNode *n, int depth)
{
    static const char *const hidden_true[] = {"true", NULL};

    if (depth > 200)
        return;
    for (xmlNode *c = n->children; c; c = c->next) {
        const char *name;
        int lines;

        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                hw_text(w, (const char *)c->content);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        name = (const char *)c->name;
        if (strcmp(name, "head") == 0) {
            walk_head(w, c);
            continue;
        }
        if (strcmp(name, "meta") == 0) {
            take_meta_date(w, c);
            continue;
        }
        if (strcmp(name, "title") == 0) {
            if (!w->title)
                w->title = node_text(c);
            continue;
        }
        if (name_in(name, SKIP_TAGS) || attr_is(c, "role", SKIP_ROLES) ||
            attr_is(c, "hidden", NULL) || attr_is(c, "aria-hidden", hidden_true))
            continue;
        if (strcmp(name, "time") == 0 && !w->date) {
            xmlChar *dt = xmlGetProp(c, (const xmlChar *)"datetime");
            if (dt && strlen((char *)dt) >= 10 && valid_date((char *)dt, 10))
                w->date = dup_n((char *)dt, 10);
            xmlFree(dt);
        }
        if (strcmp(name, "h1") == 0 && !w->h1)
            w->h1 = node_text(c);
        if (strcmp(name, "br") == 0) {
            hw_break(w, 1);
            continue;
        }
        lines = name_in(name, PARAGRAPH_TAGS) ? 2 : name_in(name, LINE_TAGS) ? 1 : 0;
        if (lines)
            hw_break(w, lines);
        if (strcmp(name, "pre") == 0)
            w->pre++;
        if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
            w->space = true;
        walk_body(w, c, depth + 1);
        if (strcmp(name, "pre") == 0)
            w->pre--;
        if (lines)
            hw_break(w, lines);
    }
}

static rg_status read_html(const char *name, const char *doc_name, const char *data, size_t len,
                           size_t max_bytes, rg_input_docs *out, rg_error *err)
{
    rg_input_doc d = {0};
    html_walk w = {0};
    htmlDocPtr doc;
    xmlNode *root;
    size_t a = 0;
    rg_status rc = check_bytes(name, data, len, false, err);

    if (rc != RG_OK)
        return rc;
    if (len > max_bytes)
        return over_limit(name, len, max_bytes, err);
    if (len > INT32_MAX)
        return over_limit(name, len, INT32_MAX, err);
    /* UTF-8 unless the page says otherwise: libxml2 would guess Latin-1 */
    doc = htmlReadMemory(data, (int)len, NULL, text_utf8_valid(data, len, NULL) ? "UTF-8" : NULL,
                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                         HTML_PARSE_RECOVER);
    if (!doc)
        return rg_fail(err, RG_ERR_INVALID, "%s: cannot parse the HTML", name);
    root = xmlDocGetRootElement(doc);
    if (root)
        walk_body(&w, root, 0);
    xmlFreeDoc(doc);
    if (w.oom)
        goto nomem;
    hw_break(&w, 1);
    while (w.len > 0 && w.s[w.len - 1] == '\n')
        w.len--;
    while (a < w.len && is_ws(w.s[a]))
        a++;
    if (a == w.len) {
        free(w.s);
        free(w.title);
        free(w.h1);
        free(w.date);
        return rg_fail(err, RG_ERR_INVALID, "%s: the HTML page has no text", name);
    }
    d.format = RG_DOC_HTML;
    d.name = strdup(doc_name);
    d.raw = dup_n(data, len);
    d.raw_len = len;
    d.text = dup_n(w.s + a, w.len - a);
    d.text_len = w.len - a;
    d.title = w.title ? w.title : w.h1;
    if (w.title)
        free(w.h1);
    d.date = w.date;
    free(w.s);
    if (!d.name || !d.raw || !d.text) {
        rg_input_doc_clear(&d);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory reading %s", name);
    }
    if (d.text_len > max_bytes) {
        size_t n = d.text_len;
        rg_input_doc_clear(&d);
        return over_limit(name, n, max_bytes, err);
    }
    return push_hashed(out, &d, err);
nomem:
    free(w.s);
    free(w.title);
    free(w.h1);
    free(w.date);
    return rg_fail(err, RG_ERR_NOMEM, "out of memory reading %s", name);
}

/* ---- JSON --------------------------------------------------------------------------- */

/* Optional string member: NULL when absent or null; error when another type. */
static rg_status json_opt_string(json_t *rec, const char *key, const char *where, char **out,
                                 rg_error *err)
{
    json_t *v = json_object_get(rec, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return RG_OK;
    if (!json_is_string(v))
        return rg_fail(err, RG_ERR_INVALID, "%s: \"%s\" is not a string", where, key);
    *out = dup_n(json_string_value(v), json_string_length(v));
    return *out ? RG_OK : rg_fail(err, RG_ERR_NOMEM, "out of memory reading documents");
}

static rg_status json_record(json_t *rec, const char *doc_name, size_t index, const char *where,
                             const char *name, size_t max_bytes, rg_input_docs *out, rg_error *err)
{
    rg_input_doc d = {0};
    json_t *text = json_object_get(rec, "text");
    char buf[64];
    rg_status rc;
    size_t i = 0;

    if (!json_is_object(rec))
        return rg_fail(err, RG_ERR_INVALID, "%s: a document must be a JSON object", where);
    if (!json_is_string(text))
        return rg_fail(err, RG_ERR_INVALID, "%s: no \"text\" string", where);
    if (json_string_length(text) > max_bytes)
        return rg_fail(err, RG_ERR_LIMIT, "%s: %zu bytes is over the limit of %zu bytes", where,
                       json_string_length(text), max_bytes);
    d.format = RG_DOC_JSON;
    rc = json_opt_string(rec, "title", where, &d.title, err);
    if (rc == RG_OK)
        rc = json_opt_string(rec, "url", where, &d.url, err);
    if (rc == RG_OK)
        rc = json_opt_string(rec, "date", where, &d.date, err);
    if (rc != RG_OK)
        goto fail;
    if (d.date && !valid_date(d.date, strlen(d.date))) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s: date \"%s\" is not YYYY, YYYY-MM or YYYY-MM-DD",
                     where, d.date);
        goto fail;
    }
    d.text = dup_n(json_string_value(text), json_string_length(text));
    d.text_len = json_string_length(text);
    d.raw = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);
    snprintf(buf, sizeof buf, "#%zu", index);
    d.name = malloc(strlen(doc_name) + strlen(buf) + 1);
    if (!d.text || !d.raw || !d.name) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory reading %s", name);
        goto fail;
    }
    d.raw_len = strlen(d.raw);
    sprintf(d.name, "%s%s", doc_name, buf);
    while (i < d.text_len && is_ws(d.text[i]))
        i++;
    if (i == d.text_len) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s: \"text\" is empty", where);
        goto fail;
    }
    return push_hashed(out, &d, err);
fail:
    rg_input_doc_clear(&d);
    return rc;
}

static rg_status json_lines(const char *name, const char *doc_name, const char *data, size_t len,
                            size_t max_bytes, rg_input_docs *out, rg_error *err)
{
    size_t ls = 0, line = 1, index = 0;

    while (ls < len) {
        size_t le = ls, a = ls;
        const char *nl = memchr(data + ls, '\n', len - ls);
        le = nl ? (size_t)(nl - data) : len;
        while (a < le && is_ws(data[a]))
            a++;
        if (a < le) {
            json_error_t je;
            json_t *rec = json_loadb(data + ls, le - ls, 0, &je);
            char where[600];
            rg_status rc;
            if (!rec)
                return rg_fail(err, RG_ERR_INVALID, "%s:%zu:%d: %s", name, line, je.column, je.text);
            snprintf(where, sizeof where, "%s:%zu", name, line);
            rc = json_record(rec, doc_name, ++index, where, name, max_bytes, out, err);
            json_decref(rec);
            if (rc != RG_OK)
                return rc;
        }
        ls = le + 1;
        line++;
    }
    return RG_OK;
}

static rg_status read_json(const char *name, const char *doc_name, const char *data, size_t len,
                           size_t max_bytes, rg_input_docs *out, rg_error *err)
{
    json_error_t je;
    json_t *root;
    rg_status rc = check_bytes(name, data, len, true, err);

    if (rc != RG_OK)
        return rc;
    root = json_loadb(data, len, 0, &je);
    if (!root) {
        /* JSON Lines: the first non-blank line is a complete value */
        size_t a = 0, le;
        json_error_t je1;
        json_t *first;
        while (a < len && is_ws(data[a]))
            a++;
        le = a;
        while (le < len && data[le] != '\n')
            le++;
        first = le < len ? json_loadb(data + a, le - a, 0, &je1) : NULL;
        if (first) {
            json_decref(first);
            return json_lines(name, doc_name, data, len, max_bytes, out, err);
        }
        return rg_fail(err, RG_ERR_INVALID, "%s:%d:%d: %s", name, je.line, je.column, je.text);
    }
    if (json_is_array(root)) {
        size_t i;
        json_t *rec;
        if (json_array_size(root) == 0)
            rc = rg_fail(err, RG_ERR_INVALID, "%s: the JSON array holds no documents", name);
        json_array_foreach(root, i, rec) {
            char where[600];
            snprintf(where, sizeof where, "%s: document %zu", name, i + 1);
            rc = json_record(rec, doc_name, i + 1, where, name, max_bytes, out, err);
            if (rc != RG_OK)
                break;
        }
    } else if (json_is_object(root)) {
        rc = json_record(root, doc_name, 1, name, name, max_bytes, out, err);
    } else {
        rc = rg_fail(err, RG_ERR_INVALID, "%s: expected a JSON object or an array of objects", name);
    }
    json_decref(root);
    return rc;
}

/* ---- entry points ------------------------------------------------------------------- */

static rg_status read_any(const char *name, const char *doc_name, rg_doc_format format,
                          const char *data, size_t len, size_t max_bytes, rg_input_docs *out,
                          rg_error *err)
{
    rg_status rc;

    out->docs = NULL;
    out->n = 0;
    switch (format) {
    case RG_DOC_TEXT:
        rc = read_plain(name, doc_name, false, data, len, max_bytes, out, err);
        break;
    case RG_DOC_MARKDOWN:
        rc = read_plain(name, doc_name, true, data, len, max_bytes, out, err);
        break;
    case RG_DOC_HTML:
        rc = read_html(name, doc_name, data, len, max_bytes, out, err);
        break;
    case RG_DOC_JSON:
        rc = read_json(name, doc_name, data, len, max_bytes, out, err);
        break;
    default:
        rc = rg_fail(err, RG_ERR_UNSUPPORTED,
                     "%s: unknown document format (use .txt, .md, .html, .json or .jsonl)", name);
        break;
    }
    if (rc != RG_OK)
        rg_input_docs_free(out);
    return rc;
}

rg_status docread_memory(const char *name, rg_doc_format format, const char *data, size_t len,
                         size_t max_bytes, rg_input_docs *out, rg_error *err)
{
    return read_any(name, name, format, data, len, max_bytes, out, err);
}

rg_status docread_file(const char *path, size_t max_bytes, rg_input_docs *out, rg_error *err)
{
    rg_doc_format format = docread_format_for(path);
    size_t limit = format == RG_DOC_JSON ? RG_DOCREAD_FILE_MAX : max_bytes;
    const char *slash = strrchr(path, '/');
    struct stat st;
    FILE *f;
    char *data;
    size_t len;
    rg_status rc;

    out->docs = NULL;
    out->n = 0;
    if (format == RG_DOC_UNKNOWN)
        return rg_fail(err, RG_ERR_UNSUPPORTED,
                       "%s: unknown document format (use .txt, .md, .html, .json or .jsonl)", path);
    f = fopen(path, "rb");
    if (!f)
        return rg_fail(err, RG_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return rg_fail(err, RG_ERR_IO, "%s: cannot read: not a regular file", path);
    }
    if ((size_t)st.st_size > limit) {
        fclose(f);
        return over_limit(path, (size_t)st.st_size, limit, err);
    }
    len = (size_t)st.st_size;
    data = malloc(len + 1);
    if (!data) {
        fclose(f);
        return rg_fail(err, RG_ERR_NOMEM, "out of memory reading %s", path);
    }
    if (fread(data, 1, len, f) != len) {
        free(data);
        fclose(f);
        return rg_fail(err, RG_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    }
    fclose(f);
    data[len] = '\0';
    rc = read_any(path, slash ? slash + 1 : path, format, data, len, max_bytes, out, err);
    free(data);
    return rc;
}
