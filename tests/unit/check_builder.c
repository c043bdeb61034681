/*
 * check_builder.c - the builder's extraction stages on sentences written
 * for these tests: tokens and phrase matching (scan), mentions (discover),
 * entities (resolve), typed links with dates (relate), and the whole
 * pipeline with its evidence offsets and input checks (builder).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/builder.h"
#include "../../core/docread.h"
#include "../../core/extract.h"
#include "../../core/fold.h"
#include "testutil.h"

static rg_pack pack;
static rg_builder *b;

static void setup(void)
{
    rg_error err = {0};
    char dir[4096];
    const char *src = getenv("RELGRAPH_SRC");
    memset(&pack, 0, sizeof pack);
    tu_load_pack(&pack);
    /* a few known names of our own, so the tests do not depend on how much
     * the default lexicon holds */
    snprintf(dir, sizeof dir, "%s/tests/unit/data/builder-pack", src ? src : ".");
    ck_assert_msg(pack_load_dir(&pack, dir, &err) == RG_OK, "%s", err.msg);
    ck_assert_int_eq(builder_new(&pack, &b, &err), RG_OK);
}

static void teardown(void)
{
    builder_free(b);
    pack_free(&pack);
}

static void extract(const char *text, rg_graph *g)
{
    rg_error err = {0};
    memset(g, 0, sizeof *g);
    ck_assert_msg(builder_extract(b, text, strlen(text), g, &err) == RG_OK, "%s", err.msg);
}

static bool same_name(const char *a, const char *b2)
{
    char *fa = NULL, *fb = NULL;
    bool eq;
    text_fold(a, strlen(a), &fa, NULL);
    text_fold(b2, strlen(b2), &fb, NULL);
    eq = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return eq;
}

/* The entity answering to name (by name or alias), or NULL. */
static const rg_entity *entity(const rg_graph *g, const char *name)
{
    for (size_t i = 0; i < g->n_entities; i++) {
        if (same_name(g->entities[i].name, name))
            return &g->entities[i];
        for (size_t k = 0; k < g->entities[i].aliases.len; k++)
            if (same_name(g->entities[i].aliases.items[k], name))
                return &g->entities[i];
    }
    return NULL;
}

static const rg_link *link_of(const rg_graph *g, const char *type, const char *src, const char *dst)
{
    const rg_entity *s = entity(g, src), *d = entity(g, dst);
    if (!s || !d)
        return NULL;
    for (size_t i = 0; i < g->n_links; i++) {
        const rg_link *l = &g->links[i];
        if (strcmp(l->type, type) != 0)
            continue;
        if ((l->source == s->id && l->target == d->id) ||
            (pack_link_type(&pack, type)->symmetric && l->source == d->id && l->target == s->id))
            return l;
    }
    return NULL;
}

/* ---- scan ------------------------------------------------------------------- */

START_TEST(scan_splits_sentences_but_not_after_abbreviations)
{
    rg_scan s;
    rg_error err = {0};
    const char *t = "TP. Huế đón đoàn khách. Sau đó đoàn đi Đà Lạt.\nMột dòng mới";
    ck_assert_int_eq(scan_text(t, strlen(t), &s, &err), RG_OK);
    ck_assert_uint_eq(s.nsent, 3);
    ck_assert(tok_word(&s, s.sent[1].t0, "sau"));
    scan_free(&s);
}
END_TEST

START_TEST(phrases_respect_case_and_diacritics)
{
    rg_phrases p = {0};
    rg_scan s;
    rg_error err = {0};
    size_t hits[PH_MAX_HITS], n = 0;
    const char *t = "Đảng đang họp ở Sở";
    p.exact = true;
    ck_assert_int_eq(phrases_add(&p, "đang", 1, &err), RG_OK);
    ck_assert_int_eq(phrases_add(&p, "Sở", 2, &err), RG_OK);
    phrases_sort(&p);
    ck_assert_int_eq(scan_text(t, strlen(t), &s, &err), RG_OK);
    ck_assert_uint_eq(phrases_match(&p, &s, 0, s.ntok, hits, &n), 0);   /* Đảng is not đang */
    ck_assert_uint_eq(phrases_match(&p, &s, 1, s.ntok, hits, &n), 1);
    ck_assert_uint_eq(p.v[hits[0]].payload, 1);
    ck_assert_uint_eq(phrases_match(&p, &s, 4, s.ntok, hits, &n), 1);   /* "Sở" capitalised */
    phrases_free(&p);
    scan_free(&s);
}
END_TEST

/* ---- discover ------------------------------------------------------------------ */

START_TEST(discover_heads_persons_and_acronyms)
{
    rg_graph g;
    extract("Bà Phan Thị Lan, Giám đốc Sở Văn hóa và Thể thao tỉnh Quảng Nam, dự "
            "Hội nghị Xúc tiến Du lịch lần thứ 5. Hiệp hội Du lịch Quảng Nam (QTA) "
            "cũng tham gia; QTA có 200 hội viên.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Phan Thị Lan"));
    ck_assert_str_eq(entity(&g, "Phan Thị Lan")->type, "person");
    ck_assert_ptr_nonnull(entity(&g, "Quảng Nam"));
    ck_assert_str_eq(entity(&g, "Quảng Nam")->type, "city");
    ck_assert_ptr_nonnull(entity(&g, "Hội nghị Xúc tiến Du lịch lần thứ 5"));
    ck_assert_str_eq(entity(&g, "Hội nghị Xúc tiến Du lịch lần thứ 5")->type, "event");
    ck_assert_ptr_nonnull(entity(&g, "QTA"));
    ck_assert_str_eq(entity(&g, "QTA")->name, "Hiệp hội Du lịch Quảng Nam");
    ck_assert_str_eq(entity(&g, "QTA")->type, "agency");
    rg_graph_free(&g);
}
END_TEST

START_TEST(discover_stops_names_at_verbs_and_keeps_one_tail_syllable)
{
    rg_graph g;
    extract("Sở Ngoại vụ tỉnh Khánh Hòa đảm nhiệm việc đón khách. "
            "Diễn đàn Hợp tác Mê Kông đã khai mạc.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Sở Ngoại vụ tỉnh Khánh Hòa"));
    ck_assert_ptr_null(entity(&g, "Sở Ngoại vụ tỉnh Khánh Hòa đảm nhiệm"));
    ck_assert_ptr_nonnull(entity(&g, "Diễn đàn Hợp tác Mê Kông"));
    rg_graph_free(&g);
}
END_TEST

/* ---- resolve -------------------------------------------------------------------- */

START_TEST(resolve_home_city_and_bare_heads)
{
    rg_graph g;
    const rg_entity *city;
    extract("TP. Cần Thơ đón đoàn. TP. Cần Thơ ký thỏa thuận. Thành phố cũng mở rộng hợp tác.\n"
            "Sở Công Thương TP. Cần Thơ chủ trì. Sở cho biết kết quả tốt.", &g);
    city = entity(&g, "Cần Thơ");
    ck_assert_ptr_nonnull(city);
    ck_assert(rg_strlist_contains(&city->aliases, "Thành phố"));
    ck_assert(rg_strlist_contains(&entity(&g, "Sở Công Thương TP. Cần Thơ")->aliases, "Sở"));
    rg_graph_free(&g);
}
END_TEST

START_TEST(resolve_same_body_with_and_without_its_city)
{
    rg_graph g;
    size_t n = 0;
    extract("Sở Tư pháp TP. Vinh họp. Sau đó Sở Tư pháp báo cáo.", &g);
    for (size_t i = 0; i < g.n_entities; i++)
        n += strcmp(g.entities[i].type, "agency") == 0;
    ck_assert_uint_eq(n, 1);
    rg_graph_free(&g);
}
END_TEST

/* ---- relate ----------------------------------------------------------------------- */

START_TEST(relate_enumeration_with_home_city_and_dates)
{
    rg_graph g;
    const rg_link *l;
    extract("date 2021-03-01\nTP. Huế là điểm đến văn hóa. TP. Huế được nhắc nhiều.\n"
            "Tháng 6/2018, thành phố thiết lập quan hệ kết nghĩa với TP. Kyoto (Nhật Bản) và TP. Gyeongju.", &g);
    l = link_of(&g, "sister_city", "Huế", "Kyoto");
    ck_assert_ptr_nonnull(l);
    ck_assert_str_eq(l->date, "2018-06");
    ck_assert_ptr_nonnull(link_of(&g, "sister_city", "Huế", "Gyeongju"));
    ck_assert_ptr_nonnull(link_of(&g, "located_in", "Kyoto", "Nhật Bản"));
    ck_assert_ptr_null(link_of(&g, "sister_city", "Huế", "Nhật Bản"));
    rg_graph_free(&g);
}
END_TEST

START_TEST(relate_leads_from_title_chains)
{
    rg_graph g;
    extract("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lâm Đồng Trần Văn Hiệp tiếp đoàn.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "leads", "Trần Văn Hiệp", "UBND tỉnh Lâm Đồng"));
    ck_assert_ptr_nonnull(link_of(&g, "part_of", "UBND tỉnh Lâm Đồng", "Lâm Đồng"));
    rg_graph_free(&g);
}
END_TEST

START_TEST(relate_day_month_takes_the_document_year)
{
    rg_graph g;
    const rg_link *l;
    extract("date 2024-02-02\nÔng Đỗ Văn Minh dự Lễ hội Hoa Đà Lạt hôm 22-12 tại TP. Đà Lạt.", &g);
    l = link_of(&g, "participates_in", "Đỗ Văn Minh", "Lễ hội Hoa Đà Lạt");
    ck_assert_ptr_nonnull(l);
    ck_assert_str_eq(l->date, "2024-12-22");
    rg_graph_free(&g);
}
END_TEST

START_TEST(relate_english_member_and_support)
{
    rg_graph g;
    const rg_link *l;
    extract("In May 2022, the City of Vinh became a member of the Global Network of Learning Cities. "
            "The Nordic Development Fund (NDF) supported the City of Vinh with a loan.", &g);
    l = link_of(&g, "member_of", "Vinh", "Global Network of Learning Cities");
    ck_assert_ptr_nonnull(l);
    ck_assert_str_eq(l->date, "2022-05");
    ck_assert_ptr_nonnull(link_of(&g, "supports", "NDF", "Vinh"));
    rg_graph_free(&g);
}
END_TEST

START_TEST(relate_parties_before_the_phrase)
{
    rg_graph g;
    extract("TP. Cần Thơ được nhắc đến nhiều. Tháng 5/2021, TP. Cần Thơ và Bộ Công Thương đã ký kết "
            "quy chế làm việc. Hội chợ Nông sản Mê Kông được Thành phố tổ chức hằng năm.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "signed_with", "Cần Thơ", "Bộ Công Thương"));
    ck_assert_str_eq(link_of(&g, "signed_with", "Cần Thơ", "Bộ Công Thương")->date, "2021-05");
    ck_assert_ptr_nonnull(link_of(&g, "organizes", "Cần Thơ", "Hội chợ Nông sản Mê Kông"));
    rg_graph_free(&g);
}
END_TEST

/* ---- general rules (one test per rule) ------------------------------------------- */

static size_t count_type(const rg_graph *g, const char *type)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_entities; i++)
        n += strcmp(g->entities[i].type, type) == 0;
    return n;
}

/* A bare head ("Trung tâm") refers back to the last name with the same
 * head words, not to the last name of the same head family ("Sở ..."). */
START_TEST(rule_bare_head_refers_to_the_same_head_words)
{
    rg_graph g;
    extract("Trung tâm Đổi mới Sáng tạo Vinh khai trương. Sở Khoa học TP. Vinh chủ trì. "
            "Trung tâm cho biết sẽ mở rộng.", &g);
    ck_assert(rg_strlist_contains(&entity(&g, "Trung tâm Đổi mới Sáng tạo Vinh")->aliases, "Trung tâm"));
    ck_assert(!rg_strlist_contains(&entity(&g, "Sở Khoa học TP. Vinh")->aliases, "Trung tâm"));
    rg_graph_free(&g);
}
END_TEST

/* Nothing is named inside a head: "Tổng Lãnh sự quán" holds no "Lãnh sự
 * quán", "Trường Đại học" no "Đại học". */
START_TEST(rule_no_name_inside_a_head)
{
    rg_graph g;
    extract("Tổng Lãnh sự quán Pháp tại TP. Vinh và Trường Đại học Y Hải Phòng ký kết thỏa thuận.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Tổng Lãnh sự quán Pháp tại TP. Vinh"));
    ck_assert_ptr_null(entity(&g, "Lãnh sự quán Pháp tại TP. Vinh"));
    ck_assert_ptr_nonnull(entity(&g, "Trường Đại học Y Hải Phòng"));
    ck_assert_ptr_null(entity(&g, "Đại học Y Hải Phòng"));
    ck_assert_uint_eq(count_type(&g, "agency"), 2);
    rg_graph_free(&g);
}
END_TEST

/* A known place inside a name is spelt the lexicon's way in an alias, so
 * "X TP. Hồ Chí Minh" and "X TP.HCM" are one entity, also across documents. */
START_TEST(rule_spellings_of_a_known_place_inside_a_name_meet)
{
    rg_graph g;
    extract("Diễn đàn Kinh tế TP. Hồ Chí Minh khai mạc. Sau đó Diễn đàn Kinh tế TP.HCM bế mạc.", &g);
    ck_assert_uint_eq(count_type(&g, "forum"), 1);
    ck_assert_ptr_nonnull(entity(&g, "Diễn đàn Kinh tế Thành phố Hồ Chí Minh"));
    rg_graph_free(&g);
    /* two places in a row keep a space between their spellings */
    extract("Ủy ban Hữu nghị Việt Nam TP.HCM họp.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Ủy ban Hữu nghị Việt Nam Thành phố Hồ Chí Minh"));
    rg_graph_free(&g);
}
END_TEST

/* ---- builder ----------------------------------------------------------------------- */

START_TEST(builder_evidence_points_into_the_original_text)
{
    rg_graph g;
    const char *t = "Tiêu đề ngắn\n\nTP. Hạ Long ký kết thỏa thuận hợp tác với TP. Ōita.";
    const rg_link *l;
    extract(t, &g);
    l = link_of(&g, "signed_with", "Hạ Long", "Ōita");
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(l->n_evidence, 1);
    /* "Tiêu đề ngắn" is 12 code points, then two line breaks */
    ck_assert_int_eq(l->evidence[0].start, 14);
    ck_assert_int_eq(l->evidence[0].end, (int64_t)text_utf8_count(t, strlen(t)));
    ck_assert_str_eq(l->evidence[0].text, "TP. Hạ Long ký kết thỏa thuận hợp tác với TP. Ōita.");
    rg_graph_free(&g);
}
END_TEST

START_TEST(builder_refuses_bad_input_with_a_reason)
{
    rg_error err = {0};
    ck_assert_int_eq(builder_check_text("", 0, &err), RG_ERR_INVALID);
    ck_assert(strstr(err.msg, "empty") != NULL);
    ck_assert_int_eq(builder_check_text("ab\0cd", 5, &err), RG_ERR_INVALID);
    ck_assert(strstr(err.msg, "binary") != NULL);
    ck_assert_int_eq(builder_check_text("ok \xff no", 7, &err), RG_ERR_INVALID);
    ck_assert(strstr(err.msg, "byte offset 3") != NULL);
    ck_assert_int_eq(builder_check_text("  \n\t ", 5, &err), RG_ERR_INVALID);
    ck_assert_int_eq(builder_check_text("fine", 4, &err), RG_OK);
}
END_TEST

START_TEST(builder_evidence_of_a_dated_text_counts_from_the_file_start)
{
    rg_input_docs docs = {0};
    rg_graph g = {0};
    rg_error err = {0};
    const char *t = "date 2020-02-02\nTP. Vinh ký kết thỏa thuận hợp tác với TP. Sendai.";
    const rg_link *l;
    ck_assert_int_eq(docread_memory("a.txt", RG_DOC_TEXT, t, strlen(t), 1 << 20, &docs, &err), RG_OK);
    ck_assert_int_eq(builder_extract_doc(b, &docs.docs[0], &g, &err), RG_OK);
    l = link_of(&g, "signed_with", "Vinh", "Sendai");
    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(l->evidence[0].start, 16);     /* after "date 2020-02-02\n" */
    rg_graph_free(&g);
    rg_input_docs_free(&docs);
}
END_TEST

static Suite *builder_suite(void)
{
    Suite *s = suite_create("builder");
    TCase *scan = tcase_create("scan"), *disc = tcase_create("discover"),
          *res = tcase_create("resolve"), *rel = tcase_create("relate"), *bld = tcase_create("builder"),
          *rule = tcase_create("rules");
    TCase *all[] = {scan, disc, res, rel, bld, rule};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        tcase_add_checked_fixture(all[i], setup, teardown);
        suite_add_tcase(s, all[i]);
    }
    tcase_add_test(scan, scan_splits_sentences_but_not_after_abbreviations);
    tcase_add_test(scan, phrases_respect_case_and_diacritics);
    tcase_add_test(disc, discover_heads_persons_and_acronyms);
    tcase_add_test(disc, discover_stops_names_at_verbs_and_keeps_one_tail_syllable);
    tcase_add_test(res, resolve_home_city_and_bare_heads);
    tcase_add_test(res, resolve_same_body_with_and_without_its_city);
    tcase_add_test(rel, relate_enumeration_with_home_city_and_dates);
    tcase_add_test(rel, relate_leads_from_title_chains);
    tcase_add_test(rel, relate_day_month_takes_the_document_year);
    tcase_add_test(rel, relate_english_member_and_support);
    tcase_add_test(rel, relate_parties_before_the_phrase);
    tcase_add_test(rule, rule_bare_head_refers_to_the_same_head_words);
    tcase_add_test(rule, rule_no_name_inside_a_head);
    tcase_add_test(rule, rule_spellings_of_a_known_place_inside_a_name_meet);
    tcase_add_test(bld, builder_evidence_points_into_the_original_text);
    tcase_add_test(bld, builder_refuses_bad_input_with_a_reason);
    tcase_add_test(bld, builder_evidence_of_a_dated_text_counts_from_the_file_start);
    return s;
}

int main(void)
{
    return tu_run_suite(builder_suite());
}
