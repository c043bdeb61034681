/*
 * fmt_csv.c - CSV export and import: nodes.csv and edges.csv in a folder,
 * RFC 4180, UTF-8, with neo4j-admin import headers.
 *
 *   nodes.csv  id:ID,name,:LABEL,aliases:string[],<attrs as key[:long|:double|:boolean]>
 *   edges.csv  :START_ID,:END_ID,:TYPE,id,date,topics:string[],evidence_count:int,
 *              symmetric:boolean,<attrs>
 *
 * Beside them, when asked, kumu-elements.csv and kumu-connections.csv carry
 * the same rows under the headers Kumu's importer requires (ID first, then
 * Label / From, To; Direction "mutual" for symmetric types): one header row
 * cannot satisfy both tools, since neo4j needs "id:ID" where Kumu needs "ID".
 *
 * Lists are joined by '|' (neo4j-admin import --array-delimiter='|', and
 * Kumu's multi-value separator).  The tokenizer is our own: a small RFC 4180
 * state machine that knows the line and column of every field, which error
 * messages for hand-kept spreadsheets need.  (Debian's libcsv 3.0.3 parses
 * well but reports no positions, and its upstream has been quiet since 2013;
 * adding a system dependency for ~150 lines did not pay.)
 *
 * Import also takes hand-made headers: "id"/"ID" for the id, "type"/"Type"
 * for :LABEL, "name"/"Label" for the name, "From"/"To"/"Type" (Kumu) for
 * :START_ID/:END_ID/:TYPE.  Other columns become attrs, typed by their
 * neo4j suffix (:int/:long -> integer, :float/:double -> real, :boolean,
 * X[] -> list).  Every problem is reported as "FILE:LINE:COL: why".
 */
#include "interchange.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fold.h"

/* ---- writing ------------------------------------------------------------------ */

/* The unlocked stdio calls matter: a million-link export writes ten
 * million fields, and the locking calls were a tenth of the time. */
/* Writes prefix and s as one field; the quoting depends on s alone, as a
 * prefix never holds , " CR or LF. */
static void put_field(FILE *out, const char *prefix, const char *s, bool first)
{
    size_t n;

    if (!first)
        putc_unlocked(',', out);
    if (!s)
        return;
    n = strcspn(s, ",\"\r\n");
    if (!s[n]) {
        fputs_unlocked(prefix, out);
        fwrite_unlocked(s, 1, n, out);
        return;
    }
    putc_unlocked('"', out);
    fputs_unlocked(prefix, out);
    for (; *s; s++) {
        if (*s == '"')
            putc_unlocked('"', out);
        putc_unlocked(*s, out);
    }
    putc_unlocked('"', out);
}

void csv_put_field(FILE *out, const char *s, bool first)
{
    put_field(out, "", s, first);
}

bool csv_formula_lead(const char *s)
{
    while (*s == '\'')
        s++;
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

void csv_put_text(FILE *out, const char *s, bool first)
{
    put_field(out, s && csv_formula_lead(s) ? "'" : "", s, first);
}

const char *csv_text_value(const char *cell)
{
    return cell[0] == '\'' && csv_formula_lead(cell + 1) ? cell + 1 : cell;
}

static const char *neo4j_suffix(rg_attr_kind k)
{
    switch (k) {
    case RG_AK_BOOL: return ":boolean";
    case RG_AK_LONG: return ":long";
    case RG_AK_DOUBLE: return ":double";
    default: return "";
    }
}

/* Column names of ours in either sheet pair (compared without case). */
static const char *const node_fixed[] = {"id", "name", "aliases", "type", "label", NULL};
static const char *const edge_fixed[] = {"id", "date", "topics", "evidence_count",
                                         "symmetric", "type", "from", "to", "direction",
                                         "evidence count", NULL};

/* Attribute column headers: typed by a neo4j suffix when `typed`, plain for
 * Kumu, which takes field names as they are. */
static void put_header_cols(FILE *out, const rg_attr_cols *c, const char *const *fixed,
                            const char *what, bool typed, rg_strlist *warnings)
{
    char name[300];

    for (size_t i = 0; i < c->n; i++) {
        bool clash = false;
        for (size_t f = 0; fixed[f]; f++)
            clash |= strcasecmp(fixed[f], c->cols[i].key) == 0;
        snprintf(name, sizeof name, "%s%s", clash ? "attr_" : "", c->cols[i].key);
        for (char *p = name; *p; p++)
            if (*p == ':')
                *p = '_';
        if (strcmp(name, c->cols[i].key) != 0)
            warn_add(warnings, "%s attribute '%s' cannot be a csv column name as it is "
                     "(clash with relgraph's own or a ':'): written as '%s'", what,
                     c->cols[i].key, name);
        if (typed)
            strncat(name, neo4j_suffix(c->cols[i].kind), sizeof name - strlen(name) - 1);
        csv_put_text(out, name, false);
    }
}

static void put_attr_cols(FILE *out, const rg_attr_cols *c, const char *attrs)
{
    json_t *obj = attrs && strcmp(attrs, "{}") != 0 ? json_loads(attrs, 0, NULL) : NULL;

    for (size_t i = 0; i < c->n; i++) {
        json_t *v = obj ? json_object_get(obj, c->cols[i].key) : NULL;
        char *text = v ? attr_value_text(v, c->cols[i].kind) : NULL;
        if (c->cols[i].kind == RG_AK_STRING || c->cols[i].kind == RG_AK_JSON)
            csv_put_text(out, text, false);
        else
            csv_put_field(out, text, false);
        free(text);
    }
    json_decref(obj);
}

typedef struct csv_writer {
    FILE *nodes, *edges;
    FILE *kelems, *kconns;      /* Kumu sheets, or NULL */
    const rg_source *src;
    const rg_attr_cols *nc, *ec;
    rg_strlist *warnings;
    bool warned_alias, warned_topic;
} csv_writer;

static rg_status put_node(void *ctx, const rg_entity *e, rg_error *err)
{
    csv_writer *cw = ctx;
    char id[32];
    char *aliases = list_join(&e->aliases, "alias", "csv", cw->warnings, &cw->warned_alias);

    if (!aliases)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    id_text(id, 'e', e->id);
    csv_put_field(cw->nodes, id, true);
    csv_put_text(cw->nodes, e->name, false);
    csv_put_field(cw->nodes, e->type, false);
    csv_put_text(cw->nodes, aliases, false);
    put_attr_cols(cw->nodes, cw->nc, e->attrs);
    fputs("\r\n", cw->nodes);
    if (cw->kelems) {
        csv_put_field(cw->kelems, id, true);
        csv_put_text(cw->kelems, e->name, false);
        csv_put_field(cw->kelems, e->type, false);
        csv_put_text(cw->kelems, aliases, false);
        put_attr_cols(cw->kelems, cw->nc, e->attrs);
        fputs("\r\n", cw->kelems);
    }
    free(aliases);
    return ferror(cw->nodes) ? rg_fail(err, RG_ERR_IO, "nodes.csv: write failed") : RG_OK;
}

static rg_status put_edge(void *ctx, const rg_link *l, rg_error *err)
{
    csv_writer *cw = ctx;
    const rg_link_type *lt = cw->src->pack ? pack_link_type(cw->src->pack, l->type) : NULL;
    char s[32], t[32], id[32], n[32];
    char *topics = list_join(&l->topics, "topic", "csv", cw->warnings, &cw->warned_topic);

    if (!topics)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    id_text(s, 'e', l->source);
    id_text(t, 'e', l->target);
    id_text(id, 'l', l->id);
    id_text(n, 0, (rg_id)l->n_evidence);
    csv_put_field(cw->edges, s, true);
    csv_put_field(cw->edges, t, false);
    csv_put_field(cw->edges, l->type, false);
    csv_put_field(cw->edges, id, false);
    csv_put_field(cw->edges, l->date, false);
    csv_put_text(cw->edges, topics, false);
    csv_put_field(cw->edges, n, false);
    csv_put_field(cw->edges, lt && lt->symmetric ? "true" : "false", false);
    put_attr_cols(cw->edges, cw->ec, l->attrs);
    fputs("\r\n", cw->edges);
    if (cw->kconns) {
        csv_put_field(cw->kconns, id, true);
        csv_put_field(cw->kconns, s, false);
        csv_put_field(cw->kconns, t, false);
        csv_put_field(cw->kconns, l->type, false);
        csv_put_field(cw->kconns, l->date, false);
        csv_put_text(cw->kconns, topics, false);
        csv_put_field(cw->kconns, n, false);
        csv_put_field(cw->kconns, lt && lt->symmetric ? "mutual" : "directed", false);
        put_attr_cols(cw->kconns, cw->ec, l->attrs);
        fputs("\r\n", cw->kconns);
    }
    free(topics);
    return ferror(cw->edges) ? rg_fail(err, RG_ERR_IO, "edges.csv: write failed") : RG_OK;
}

rg_status csv_write(const rg_source *src, FILE *nodes, FILE *edges, FILE *kumu_elements,
                    FILE *kumu_connections, rg_strlist *warnings, rg_error *err)
{
    rg_attr_cols nc = {0}, ec = {0};
    csv_writer cw = {nodes, edges, kumu_elements, kumu_connections, src, &nc, &ec, warnings,
                     false, false};
    rg_status rc;

    if ((rc = attr_cols_scan(src, &nc, &ec, err)) != RG_OK)
        goto done;
    if ((rc = attr_cols_warn(&nc, "entity", "csv", warnings)) != RG_OK
        || (rc = attr_cols_warn(&ec, "link", "csv", warnings)) != RG_OK) {
        rg_fail(err, rc, "out of memory");
        goto done;
    }
    fputs("id:ID,name,:LABEL,aliases:string[]", nodes);
    put_header_cols(nodes, &nc, node_fixed, "entity", true, warnings);
    fputs("\r\n", nodes);
    fputs(":START_ID,:END_ID,:TYPE,id,date,topics:string[],evidence_count:int,"
          "symmetric:boolean", edges);
    put_header_cols(edges, &ec, edge_fixed, "link", true, warnings);
    fputs("\r\n", edges);
    if (kumu_elements) {
        fputs("ID,Label,Type,Aliases", kumu_elements);
        put_header_cols(kumu_elements, &nc, node_fixed, "entity", false, warnings);
        fputs("\r\n", kumu_elements);
    }
    if (kumu_connections) {
        fputs("ID,From,To,Type,Date,Topics,Evidence Count,Direction", kumu_connections);
        put_header_cols(kumu_connections, &ec, edge_fixed, "link", false, warnings);
        fputs("\r\n", kumu_connections);
    }
    if ((rc = source_each_entity(src, RG_LOAD_ALIASES | RG_LOAD_ATTRS, put_node, &cw,
                                 err)) != RG_OK
        || (rc = source_each_link(src, RG_LOAD_TOPICS | RG_LOAD_ATTRS, put_edge, &cw,
                                  err)) != RG_OK)
        goto done;
    if (fflush(nodes) != 0 || fflush(edges) != 0 || (kumu_elements && fflush(kumu_elements) != 0)
        || (kumu_connections && fflush(kumu_connections) != 0))
        rc = rg_fail(err, RG_ERR_IO, "csv: write failed");
done:
    attr_cols_free(&nc);
    attr_cols_free(&ec);
    return rc;
}

/* ---- tokenizer -------------------------------------------------------------- */

void csv_reader_init(rg_csv_reader *r, FILE *in, const char *name)
{
    memset(r, 0, sizeof *r);
    r->in = in;
    r->name = name;
    r->line = 1;
    r->col = 1;
}

void csv_reader_free(rg_csv_reader *r)
{
    rg_strlist_free(&r->fields);
    free(r->field_cols);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

/* Next byte, keeping line and column (columns count characters: UTF-8
 * continuation bytes do not advance them). */
static int next_ch(rg_csv_reader *r)
{
    int c = getc(r->in);

    if (c == '\n') {
        r->line++;
        r->col = 1;
    } else if (c != EOF && (c & 0xC0) != 0x80) {
        r->col++;
    }
    return c;
}

static rg_status buf_put(rg_csv_reader *r, int c)
{
    if (r->len + 1 >= r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        char *p = realloc(r->buf, cap);
        if (!p)
            return RG_ERR_NOMEM;
        r->buf = p;
        r->cap = cap;
    }
    r->buf[r->len++] = (char)c;
    return RG_OK;
}

static rg_status end_field(rg_csv_reader *r, long col, rg_error *err)
{
    size_t bad;

    if (buf_put(r, '\0') != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    if (!text_utf8_valid(r->buf, r->len - 1, &bad))
        return rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: invalid UTF-8 (byte %zu of the "
                       "field); save the sheet as CSV UTF-8", r->name, r->row_line, col, bad);
    if (r->fields.len == r->cap_cols) {
        size_t cap = r->cap_cols ? r->cap_cols * 2 : 16;
        long *p = realloc(r->field_cols, cap * sizeof *p);
        if (!p)
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
        r->field_cols = p;
        r->cap_cols = cap;
    }
    r->field_cols[r->fields.len] = col;
    if (rg_strlist_push(&r->fields, r->buf) != RG_OK)
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    r->len = 0;
    return RG_OK;
}

rg_status csv_next(rg_csv_reader *r, bool *eof, rg_error *err)
{
    int c;
    rg_status rc;

    for (size_t i = 0; i < r->fields.len; i++)
        free(r->fields.items[i]);
    r->fields.len = 0;
    r->len = 0;
    *eof = false;
    if (r->line == 1 && r->col == 1) {          /* skip a UTF-8 byte order mark */
        c = getc(r->in);
        if (c == 0xEF) {
            if (getc(r->in) != 0xBB || getc(r->in) != 0xBF)
                return rg_fail(err, RG_ERR_INVALID, "%s:1:1: invalid UTF-8", r->name);
        } else if (c != EOF) {
            ungetc(c, r->in);
        }
    }
    r->row_line = r->line;
    c = next_ch(r);
    if (c == EOF) {
        *eof = true;
        return RG_OK;
    }
    for (;;) {
        long col = r->col - 1;                   /* column of c */
        if (c == '"') {
            long qline = r->line;
            for (;;) {
                c = next_ch(r);
                if (c == EOF)
                    return rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: quoted field never "
                                   "closed", r->name, qline, col);
                if (c == '"') {
                    c = next_ch(r);
                    if (c != '"')
                        break;
                }
                if (buf_put(r, c) != RG_OK)
                    return rg_fail(err, RG_ERR_NOMEM, "out of memory");
            }
            if (c != ',' && c != '\n' && c != '\r' && c != EOF)
                return rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: text after a closing quote "
                               "(a quote inside a quoted field must be doubled)", r->name,
                               r->line, r->col - 1);
        } else {
            while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                if (c == '"')
                    return rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: quote inside an "
                                   "unquoted field (quote the whole field and double the "
                                   "quote)", r->name, r->line, r->col - 1);
                if (buf_put(r, c) != RG_OK)
                    return rg_fail(err, RG_ERR_NOMEM, "out of memory");
                c = next_ch(r);
            }
        }
        if ((rc = end_field(r, col, err)) != RG_OK)
            return rc;
        if (c == ',') {
            c = next_ch(r);
            continue;
        }
        if (c == '\r') {
            c = next_ch(r);
            if (c != '\n' && c != EOF)
                ungetc(c, r->in), r->col--;
        }
        return RG_OK;
    }
}

/* ---- import -------------------------------------------------------------- */

enum { COL_ATTR, COL_ID, COL_NAME, COL_TYPE, COL_ALIASES, COL_START, COL_END, COL_DATE,
       COL_TOPICS, COL_IGNORE };

typedef struct csv_col {
    int role;
    char *key;                  /* attrs key (COL_ATTR) */
    char vtype;                 /* 's' string, 'i' integer, 'r' real, 'b' boolean */
    bool list;                  /* X[] */
} csv_col;

static void cols_free(csv_col *cols, size_t n)
{
    for (size_t i = 0; cols && i < n; i++)
        free(cols[i].key);
    free(cols);
}

static bool is(const char *name, const char *a, const char *b)
{
    return strcasecmp(name, a) == 0 || (b && strcasecmp(name, b) == 0);
}

/* Reads one header cell "name:type" into col. */
static rg_status parse_header(rg_csv_reader *r, size_t i, bool edges, csv_col *col,
                              rg_error *err)
{
    const char *cell = csv_text_value(r->fields.items[i]);
    const char *colon = strrchr(cell, ':');
    char name[256], type[64] = "";
    size_t n = colon ? (size_t)(colon - cell) : strlen(cell);

    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), cell);
    if (colon)
        snprintf(type, sizeof type, "%s", colon + 1);
    memset(col, 0, sizeof *col);
    col->vtype = 's';
    if (is(type, "ID", NULL) || (!colon && is(name, "id", NULL) && !edges))
        col->role = COL_ID;
    else if (is(type, "LABEL", NULL) || (!colon && !edges && is(name, "type", NULL)))
        col->role = COL_TYPE;
    else if (is(type, "START_ID", NULL) || (!colon && edges && is(name, "from", NULL)))
        col->role = COL_START;
    else if (is(type, "END_ID", NULL) || (!colon && edges && is(name, "to", NULL)))
        col->role = COL_END;
    else if (is(type, "TYPE", NULL) || (!colon && edges && is(name, "type", NULL)))
        col->role = COL_TYPE;
    else if (is(type, "IGNORE", NULL))
        col->role = COL_IGNORE;
    else if (!edges && is(name, "name", "label"))
        col->role = COL_NAME;
    else if (!edges && is(name, "aliases", NULL))
        col->role = COL_ALIASES;
    else if (edges && is(name, "date", NULL))
        col->role = COL_DATE;
    else if (edges && is(name, "topics", NULL))
        col->role = COL_TOPICS;
    else if (edges && is(name, "id", NULL))
        col->role = COL_ID;
    else if (edges && (is(name, "evidence_count", "symmetric")
                       || is(name, "evidence count", "direction")))
        col->role = COL_IGNORE;   /* derived: from the evidence, from the pack */
    else {
        col->role = COL_ATTR;
        size_t tl = strlen(type);
        if (tl > 2 && strcmp(type + tl - 2, "[]") == 0) {
            col->list = true;
            type[tl - 2] = '\0';
        }
        if (!*type || is(type, "string", "char"))
            col->vtype = 's';
        else if (is(type, "int", "long") || is(type, "short", "byte"))
            col->vtype = 'i';
        else if (is(type, "float", "double"))
            col->vtype = 'r';
        else if (is(type, "boolean", NULL))
            col->vtype = 'b';
        else
            return rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: column '%s' has type '%s' "
                           "(use string, int, long, float, double or boolean)", r->name,
                           r->row_line, r->field_cols[i], cell, type);
        if (strncmp(name, "attr_", 5) == 0)   /* written so by export on a name clash */
            memmove(name, name + 5, strlen(name + 5) + 1);
        if (!*name)
            return rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: column without a name", r->name,
                           r->row_line, r->field_cols[i]);
        if (!(col->key = strdup(name)))
            return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    }
    return RG_OK;
}

static rg_status read_header(rg_csv_reader *r, bool edges, csv_col **cols, size_t *n,
                             rg_error *err)
{
    bool eof;
    rg_status rc = csv_next(r, &eof, err);

    *cols = NULL;
    *n = 0;
    if (rc != RG_OK)
        return rc;
    if (eof)
        return rg_fail(err, RG_ERR_INVALID, "%s: empty file (wanted a header row)", r->name);
    if (!(*cols = calloc(r->fields.len, sizeof **cols)))
        return rg_fail(err, RG_ERR_NOMEM, "out of memory");
    *n = r->fields.len;
    for (size_t i = 0; i < r->fields.len; i++) {
        if ((rc = parse_header(r, i, edges, &(*cols)[i], err)) != RG_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if ((*cols)[j].role == (*cols)[i].role && (*cols)[i].role != COL_ATTR
                && (*cols)[i].role != COL_IGNORE)
                return rg_fail(err, RG_ERR_INVALID, "%s:1:%ld: column '%s' has the same "
                               "role as column %zu", r->name, r->field_cols[i],
                               r->fields.items[i], j + 1);
    }
    return RG_OK;
}

static long find_role(const csv_col *cols, size_t n, int role)
{
    for (size_t i = 0; i < n; i++)
        if (cols[i].role == role)
            return (long)i;
    return -1;
}

static json_t *split(const char *text)
{
    json_t *arr = json_array();
    const char *p = text;

    while (arr && *text) {
        const char *bar = strchr(p, RG_LIST_SEP);
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len)
            json_array_append_new(arr, json_stringn(p, len));
        if (!bar)
            break;
        p = bar + 1;
    }
    return arr;
}

/* The typed JSON value of one cell; NULL (and an error) when it does not
 * parse as its column's type. */
static json_t *cell_value(rg_csv_reader *r, const csv_col *col, size_t i, rg_error *err)
{
    const char *s = r->fields.items[i];
    char *end;

    if (col->list || col->vtype == 's') {
        s = csv_text_value(s);
        if (col->list && col->vtype != 's') {
            rg_fail(err, RG_ERR_UNSUPPORTED, "%s:%ld:%ld: lists of numbers or booleans are "
                    "not supported (use string[])", r->name, r->row_line, r->field_cols[i]);
            return NULL;
        }
        return col->list ? split(s) : json_string(s);
    }
    if (col->vtype == 'i') {
        long long v = strtoll(s, &end, 10);
        if (!*end)
            return json_integer(v);
    } else if (col->vtype == 'r') {
        double v = strtod(s, &end);
        if (!*end)
            return json_real(v);
    } else if (strcasecmp(s, "true") == 0) {
        return json_true();
    } else if (strcasecmp(s, "false") == 0) {
        return json_false();
    }
    rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: '%s' is not a%s %s", r->name, r->row_line,
            r->field_cols[i], s, col->vtype == 'i' ? "n" : "",
            col->vtype == 'i' ? "integer" : col->vtype == 'r' ? "number" : "boolean");
    return NULL;
}

/* Fills attrs from the attribute columns of the current row (empty = absent). */
static rg_status row_attrs(rg_csv_reader *r, const csv_col *cols, json_t *attrs, rg_error *err)
{
    for (size_t i = 0; i < r->fields.len; i++) {
        if (cols[i].role != COL_ATTR || !r->fields.items[i][0])
            continue;
        json_t *v = cell_value(r, &cols[i], i, err);
        if (!v)
            return err ? err->code : RG_ERR_INVALID;
        json_object_set_new(attrs, cols[i].key, v);
    }
    return RG_OK;
}

static bool blank_row(const rg_csv_reader *r)
{
    return r->fields.len == 1 && r->fields.items[0][0] == '\0';
}

static rg_status check_width(rg_csv_reader *r, size_t want, rg_error *err)
{
    if (r->fields.len == want)
        return RG_OK;
    return rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: %zu fields, the header has %zu",
                   r->name, r->row_line,
                   r->fields.len > want ? r->field_cols[want] : 1L, r->fields.len, want);
}

typedef struct csv_import {
    const rg_pack *pack;
    json_t *entities, *links;
    json_t *ids;                /* file id -> {"type", "line"} */
} csv_import;

static rg_status read_nodes(csv_import *ci, FILE *in, const char *name, rg_error *err)
{
    rg_csv_reader r;
    csv_col *cols = NULL;
    size_t n = 0;
    long cid, cname, ctype, calias;
    bool eof;
    rg_status rc;

    csv_reader_init(&r, in, name);
    if ((rc = read_header(&r, false, &cols, &n, err)) != RG_OK)
        goto done;
    cid = find_role(cols, n, COL_ID);
    cname = find_role(cols, n, COL_NAME);
    ctype = find_role(cols, n, COL_TYPE);
    calias = find_role(cols, n, COL_ALIASES);
    bool edge_cols = false;
    for (size_t i = 0; i < r.fields.len; i++)
        edge_cols |= strcasecmp(r.fields.items[i], ":START_ID") == 0
                     || strcasecmp(r.fields.items[i], "From") == 0;
    if (edge_cols || find_role(cols, n, COL_START) >= 0 || find_role(cols, n, COL_END) >= 0) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s:1: this is an edges file (it has :START_ID "
                     "or From), not a nodes file; import the folder holding nodes.csv and "
                     "edges.csv", name);
        goto done;
    }
    if (cid < 0 || cname < 0 || ctype < 0) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s:1: not a nodes file: it needs an id column "
                     "('id:ID'), a 'name' column and a type column (':LABEL')", name);
        goto done;
    }
    while ((rc = csv_next(&r, &eof, err)) == RG_OK && !eof) {
        if (blank_row(&r))
            continue;
        if ((rc = check_width(&r, n, err)) != RG_OK)
            goto done;
        const char *id = r.fields.items[cid], *nm = csv_text_value(r.fields.items[cname]),
                   *type = r.fields.items[ctype];
        json_t *prev, *attrs, *ent;
        if (!*id) {
            rc = rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: missing id", name, r.row_line,
                         r.field_cols[cid]);
            goto done;
        }
        if ((prev = json_object_get(ci->ids, id))) {
            rc = rg_fail(err, RG_ERR_EXISTS, "%s:%ld:%ld: id '%s' already used on line %lld",
                         name, r.row_line, r.field_cols[cid], id,
                         (long long)json_integer_value(json_object_get(prev, "line")));
            goto done;
        }
        if (!*nm) {
            rc = rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: missing name", name, r.row_line,
                         r.field_cols[cname]);
            goto done;
        }
        if ((rc = pack_check_entity_type(ci->pack, type, err)) != RG_OK) {
            rg_error_prefix(err, "%s:%ld:%ld", name, r.row_line, r.field_cols[ctype]);
            goto done;
        }
        if (!(attrs = json_object()))
            goto nomem;
        if ((rc = row_attrs(&r, cols, attrs, err)) != RG_OK) {
            json_decref(attrs);
            goto done;
        }
        ent = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", id, "type", type, "name", nm,
                        "aliases", split(calias >= 0 ? csv_text_value(r.fields.items[calias]) : ""),
                        "attrs", attrs);
        if (!ent || json_array_append_new(ci->entities, ent) != 0
            || json_object_set_new(ci->ids, id, json_pack("{s:s, s:I}", "type", type, "line",
                                                          (json_int_t)r.row_line)) != 0)
            goto nomem;
    }
    goto done;
nomem:
    rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
done:
    cols_free(cols, n);
    csv_reader_free(&r);
    return rc;
}

static rg_status endpoint_type(csv_import *ci, rg_csv_reader *r, long c, const char **type,
                               rg_error *err)
{
    const char *id = r->fields.items[c];
    json_t *n = json_object_get(ci->ids, id);

    if (!*id)
        return rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: missing id", r->name, r->row_line,
                       r->field_cols[c]);
    if (!n)
        return rg_fail(err, RG_ERR_NOT_FOUND, "%s:%ld:%ld: no node has id '%s' in nodes.csv",
                       r->name, r->row_line, r->field_cols[c], id);
    *type = json_string_value(json_object_get(n, "type"));
    return RG_OK;
}

static rg_status read_edges(csv_import *ci, FILE *in, const char *name, rg_error *err)
{
    rg_csv_reader r;
    csv_col *cols = NULL;
    size_t n = 0;
    long cs, ce, ct, cd, ctp, cid;
    json_t *seen = json_object();
    bool eof;
    rg_status rc;

    csv_reader_init(&r, in, name);
    if (!seen) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    if ((rc = read_header(&r, true, &cols, &n, err)) != RG_OK)
        goto done;
    cs = find_role(cols, n, COL_START);
    ce = find_role(cols, n, COL_END);
    ct = find_role(cols, n, COL_TYPE);
    cd = find_role(cols, n, COL_DATE);
    ctp = find_role(cols, n, COL_TOPICS);
    cid = find_role(cols, n, COL_ID);
    if (cs < 0 || ce < 0 || ct < 0) {
        rc = rg_fail(err, RG_ERR_INVALID, "%s:1: not an edges file: it needs ':START_ID', "
                     "':END_ID' and ':TYPE' columns (or From, To, Type)", name);
        goto done;
    }
    while ((rc = csv_next(&r, &eof, err)) == RG_OK && !eof) {
        if (blank_row(&r))
            continue;
        if ((rc = check_width(&r, n, err)) != RG_OK)
            goto done;
        const char *st, *et, *type = r.fields.items[ct];
        const char *date = cd >= 0 ? r.fields.items[cd] : "";
        const char *s = r.fields.items[cs], *e = r.fields.items[ce];
        const rg_link_type *lt;
        char key[1024], rkey[1024];
        json_t *attrs, *link, *prev;
        if ((rc = endpoint_type(ci, &r, cs, &st, err)) != RG_OK
            || (rc = endpoint_type(ci, &r, ce, &et, err)) != RG_OK)
            goto done;
        if ((rc = pack_check_link(ci->pack, type, st, et, err)) != RG_OK) {
            rg_error_prefix(err, "%s:%ld:%ld", name, r.row_line, r.field_cols[ct]);
            goto done;
        }
        if (strcmp(s, e) == 0) {
            rc = rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: the edge joins '%s' to itself",
                         name, r.row_line, r.field_cols[ce], s);
            goto done;
        }
        if (*date && !rg_date_valid(date)) {
            rc = rg_fail(err, RG_ERR_INVALID, "%s:%ld:%ld: date '%s' is not YYYY, YYYY-MM or "
                         "YYYY-MM-DD", name, r.row_line, r.field_cols[cd], date);
            goto done;
        }
        lt = pack_link_type(ci->pack, type);
        snprintf(key, sizeof key, "%s\x1f%s\x1f%s", type, s, e);
        snprintf(rkey, sizeof rkey, "%s\x1f%s\x1f%s", type, e, s);
        if ((prev = json_object_get(seen, key))
            || (lt && lt->symmetric && (prev = json_object_get(seen, rkey)))) {
            rc = rg_fail(err, RG_ERR_EXISTS, "%s:%ld:1: duplicate of the %s edge on line %lld",
                         name, r.row_line, type, (long long)json_integer_value(prev));
            goto done;
        }
        json_object_set_new(seen, key, json_integer(r.row_line));
        if (!(attrs = json_object()))
            goto nomem;
        if ((rc = row_attrs(&r, cols, attrs, err)) != RG_OK) {
            json_decref(attrs);
            goto done;
        }
        link = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:[]}",
                         "id", cid >= 0 ? r.fields.items[cid] : "",
                         "type", type, "source", s, "target", e,
                         "date", *date ? json_string(date) : json_null(),
                         "topics", split(ctp >= 0 ? csv_text_value(r.fields.items[ctp]) : ""),
                         "attrs", attrs, "evidence");
        if (!link || json_array_append_new(ci->links, link) != 0)
            goto nomem;
    }
    goto done;
nomem:
    rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
done:
    json_decref(seen);
    cols_free(cols, n);
    csv_reader_free(&r);
    return rc;
}

rg_status csv_read(const char *nodes_path, const char *edges_path, const rg_pack *pack,
                   json_t **doc, rg_strlist *warnings, rg_error *err)
{
    csv_import ci = {pack, json_array(), json_array(), json_object()};
    FILE *in = NULL;
    rg_status rc;

    (void)warnings;
    *doc = NULL;
    if (!ci.entities || !ci.links || !ci.ids) {
        rc = rg_fail(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (!(in = fopen(nodes_path, "rb"))) {
        rc = rg_fail(err, RG_ERR_IO, "%s: cannot open: %s", nodes_path, strerror(errno));
        goto done;
    }
    rc = read_nodes(&ci, in, nodes_path, err);
    fclose(in);
    if (rc != RG_OK)
        goto done;
    if (edges_path) {
        if (!(in = fopen(edges_path, "rb"))) {
            rc = rg_fail(err, RG_ERR_IO, "%s: cannot open: %s", edges_path, strerror(errno));
            goto done;
        }
        rc = read_edges(&ci, in, edges_path, err);
        fclose(in);
        if (rc != RG_OK)
            goto done;
    }
    rc = doc_finish(ci.entities, ci.links, doc, err);
done:
    json_decref(ci.entities);
    json_decref(ci.links);
    json_decref(ci.ids);
    return rc;
}
