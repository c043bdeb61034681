/*
 * testutil.c - helpers for the Check suites (see testutil.h).
 */
#include "testutil.h"

#include "../../core/jsonio.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void tu_tmpdir(char *buf, size_t n)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, n, "%s/rgtest.XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(buf));
}

void tu_load_pack(rg_pack *pack)
{
    rg_error err = {0};
    rg_status rc = pack_load_default(pack, &err);
    ck_assert_msg(rc == RG_OK, "default pack: %s", err.msg);
}

const char *tu_corpus_dir(void)
{
    static char path[4096];
    struct stat st;
    const char *shared = getenv("RELGRAPH_SHARED");

    if (!shared)
        return NULL;
    snprintf(path, sizeof path, "%s/corpus", shared);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? path : NULL;
}

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)size + 1);
        if (buf && fread(buf, 1, (size_t)size, f) == (size_t)size) {
            buf[size] = '\0';
            if (len)
                *len = (size_t)size;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

int tu_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void tu_load_builder(rg_pack *pack, rg_builder **b)
{
    rg_error err = {0};
    memset(pack, 0, sizeof *pack);
    tu_load_pack(pack);
    ck_assert_msg(builder_new(pack, b, &err) == RG_OK, "%s", err.msg);
}

void tu_free_builder(rg_pack *pack, rg_builder *b)
{
    builder_free(b);
    pack_free(pack);
}

char *tu_export_without_clock(rg_store *st)
{
    char *buf = NULL, *out;
    size_t len = 0, k = 0;
    FILE *f = open_memstream(&buf, &len);
    rg_error err = {0};
    ck_assert_ptr_nonnull(f);
    ck_assert_msg(jsonio_export(st, f, &err) == RG_OK, "%s", err.msg);
    fclose(f);
    out = malloc(len + 1);
    ck_assert_ptr_nonnull(out);
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
        if (!strstr(line, "ingested_at"))
            k += (size_t)sprintf(out + k, "%s\n", line);
    out[k] = '\0';
    free(buf);
    return out;
}

void tu_glue_pieces(unsigned *seed, const char *const *pieces, size_t npieces, int n, char *out,
                    size_t *len)
{
    for (int k = 0; k < n; k++) {
        const char *p;
        *seed = *seed * 1103515245u + 12345u;
        p = pieces[(*seed >> 16) % npieces];
        memcpy(out + *len, p, strlen(p));
        *len += strlen(p);
    }
    out[*len] = '\0';
}

/* A read-only connection to path with sql prepared on it. */
static sqlite3_stmt *query_on(const char *path, const char *sql, sqlite3 **db)
{
    sqlite3_stmt *q = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_msg(sqlite3_prepare_v2(*db, sql, -1, &q, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(*db));
    return q;
}

int tu_rows_on(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = query_on(path, sql, &db);
    int n = 0;
    while (sqlite3_step(q) == SQLITE_ROW)
        n++;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

char *tu_text_on(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = query_on(path, sql, &db);
    char *text = NULL;
    if (sqlite3_step(q) == SQLITE_ROW) {
        text = strdup(sqlite3_column_text(q, 0) ? (const char *)sqlite3_column_text(q, 0) : "");
        ck_assert_ptr_nonnull(text);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return text;
}

const char *const tu_vietnamese_pieces[] = {
    "ÀÁÂÃÄÅÆÇ", "ÈÉÊËÌÍÎÏ", "ÐÑÒÓÔÕÖØ", "ÙÚÛÜÝÞßà", "áâãäåæçè", "éêëìíîïð",
    "ñòóôõöøù", "úûüýþÿĂă", "ĐđĨĩŨũƠơ", "ƯưẠạẢảẤấ", "ẦầẨẩẪẫẬậ", "ẮắẰằẲẳẴẵ",
    "ẶặẸẹẺẻẼẽ", "ẾếỀềỂểỄễ", "ỆệỈỉỊịỌọ", "ỎỏỐốỒồỔổ", "ỖỗỘộỚớỜờ", "ỞởỠỡỢợỤụ",
    "ỦủỨứỪừỬử", "ỮữỰựỲỳỴỵ", "ỶỷỸỹ", "à", "á", "ã",
    "ả", "ạ", "̀", "́", "̃", "̉",
    "̣", "Ō", "ǅ", "ﬁ", "Ω", "東京",
    "Straße", "İ", "ŉ", " ", "\n", "\r\n",
    ".", ",", "\xc2\xa0", "TP.HCM", "2025", "x",
    "-",
};
const size_t tu_vietnamese_npieces = sizeof tu_vietnamese_pieces / sizeof *tu_vietnamese_pieces;
