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

/* Whether the graph of text has a link of type between a and b. */
static bool text_links(const char *text, const char *type, const char *a, const char *b)
{
    rg_graph g;
    bool found;
    extract(text, &g);
    found = link_of(&g, type, a, b) != NULL;
    rg_graph_free(&g);
    return found;
}

/* Whether the graph of text has an entity answering to name. */
static bool names_entity(const char *text, const char *name)
{
    rg_graph g;
    bool found;
    extract(text, &g);
    found = entity(&g, name) != NULL;
    rg_graph_free(&g);
    return found;
}

/* Fails unless g has a link of type between a and b dated date. */
static void assert_dated(const rg_graph *g, const char *type, const char *a, const char *b,
                         const char *date)
{
    const rg_link *l = link_of(g, type, a, b);
    ck_assert_msg(l != NULL, "no %s link between %s and %s", type, a, b);
    ck_assert_str_eq(l->date, date);
}

/* Fails unless the graph of text has a link of type between a and b dated
 * date. */
static void assert_text_dates(const char *text, const char *type, const char *a, const char *b,
                              const char *date)
{
    rg_graph g;
    extract(text, &g);
    assert_dated(&g, type, a, b, date);
    rg_graph_free(&g);
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
    assert_text_dates("date 2024-02-02\nÔng Đỗ Văn Minh dự Lễ hội Hoa Đà Lạt hôm 22-12 tại TP. Đà Lạt.",
                      "participates_in", "Đỗ Văn Minh", "Lễ hội Hoa Đà Lạt", "2024-12-22");
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

/* English offices: "X, Chairman of the BODY", "Mayor X of CITY", "BODY
 * Director-General X"; "People's Committee" is one name; "the
 * Foundation's network" is the network's; "signed by" two people makes no
 * party of them; "provided a loan" supports. */
START_TEST(relate_english_offices_possessives_and_signatories)
{
    rg_graph g;
    extract("Tran Van Binh, Chairman of the Da Nang People's Committee, met Mayor Anna Berg of Hai Phong. "
            "UNESCO Director-General Maria Lopez praised Da Nang. "
            "Da Nang joined the Nordic Development Fund's Global Network of Learning Cities in 2015. "
            "The agreement was signed by Tran Van Binh and Anna Berg. "
            "The Nordic Development Fund provided a loan to Da Nang in 2019.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "leads", "Tran Van Binh", "Da Nang People's Committee"));
    ck_assert_ptr_nonnull(link_of(&g, "leads", "Anna Berg", "Hải Phòng"));
    ck_assert_ptr_nonnull(link_of(&g, "leads", "Maria Lopez", "UNESCO"));
    ck_assert_ptr_nonnull(entity(&g, "Maria Lopez"));
    assert_dated(&g, "member_of", "Đà Nẵng", "Global Network of Learning Cities", "2015");
    ck_assert_ptr_null(link_of(&g, "member_of", "Đà Nẵng", "Nordic Development Fund"));
    ck_assert_ptr_null(link_of(&g, "signed_with", "Tran Van Binh", "Anna Berg"));
    ck_assert_ptr_null(link_of(&g, "signed_with", "Đà Nẵng", "Tran Van Binh"));
    assert_dated(&g, "supports", "Nordic Development Fund", "Đà Nẵng", "2019");
    rg_graph_free(&g);
}
END_TEST

/* "kết nghĩa với A (...) từ năm 1996 và với B (...) từ năm 2007": each
 * partner named with "với" / "with", each with the date said of it. */
START_TEST(relate_partners_each_with_their_date)
{
    rg_graph g;
    extract("TP. Huế kết nghĩa với TP. Đà Nẵng (Việt Nam) từ năm 1996 và với TP. Hải Phòng từ năm 2007. "
            "Da Nang was twinned with Hue in 1999 and with Hai Phong since 2011.", &g);
    assert_dated(&g, "sister_city", "Huế", "Đà Nẵng", "1996");
    assert_dated(&g, "sister_city", "Huế", "Hải Phòng", "2007");
    assert_dated(&g, "sister_city", "Đà Nẵng", "Hải Phòng", "2011");
    rg_graph_free(&g);
}
END_TEST

/* A one-word gazetteer town between two capitalised words is a word of a
 * longer name ("the Hai Phong Imperial Citadel"); on its own it stays a
 * place. */
START_TEST(rule_gazetteer_town_inside_a_name)
{
    const char *inside = "Tourists from Da Nang visit the Hai Phong Imperial Citadel every year.";
    ck_assert(names_entity("The delegation of Da Nang flew to Imperial last week.", "Imperial"));
    ck_assert(!names_entity(inside, "Imperial"));
    ck_assert(names_entity(inside, "Hải Phòng"));
    /* a venue is no entity either (discover.json facility_heads) */
    ck_assert(!names_entity("Hội nghị diễn ra tại Trung tâm Hội nghị Quốc gia ở Hà Nội.",
                            "Trung tâm Hội nghị Quốc gia"));
}
END_TEST

/* Regions (discover.json "regions") are no entities and hide the places
 * inside their names; inside another name they are part of it. */
START_TEST(rule_regions_are_no_entities)
{
    rg_graph g;
    const char *text;
    extract("Hợp tác ở khu vực Thái Bình Dương và Đông Nam Á được đẩy mạnh.", &g);
    ck_assert_uint_eq(g.n_entities, 0);
    rg_graph_free(&g);
    ck_assert(names_entity("Đoàn tỉnh Thái Bình thăm TP. Hải Phòng.", "Thái Bình"));
    text = "TP. Hải Phòng là thành viên của Mạng lưới các thành phố cảng châu Á - Thái Bình Dương.";
    ck_assert(text_links(text, "member_of", "Hải Phòng", "Mạng lưới các thành phố cảng châu Á - Thái Bình Dương"));
    ck_assert(!names_entity(text, "Thái Bình") && !names_entity(text, "Bình Dương"));
}
END_TEST

/* A paper's title in capitals names only what the lexicon knows; an
 * author cited with a year is no entity; after the references heading
 * nothing is extracted. */
START_TEST(rule_capitals_citations_and_references)
{
    rg_graph g;
    extract("HỢP TÁC QUỐC TẾ THÀNH PHỐ CỦA HẢI PHÒNG TRONG BỐI CẢNH HỘI NHẬP\n"
            "Theo Trần Văn Bình (2020), Hải Phòng tham gia các mạng lưới như Mạng lưới Thành phố Xanh.\n"
            "Tài liệu tham khảo\n"
            "1. Lê Thị Hoa (2021), Đô thị và hội nhập, Nxb. Thế giới, Đà Nẵng.\n", &g);
    ck_assert_ptr_nonnull(entity(&g, "Hải Phòng"));
    ck_assert_ptr_nonnull(link_of(&g, "member_of", "Hải Phòng", "Mạng lưới Thành phố Xanh"));
    /* not "HỢP TÁC CỦA", the authors, Đà Nẵng; nor a city "Xanh" (a capitalised
     * "Thành phố" inside a name is a word of it) */
    ck_assert_uint_eq(g.n_entities, 2);
    rg_graph_free(&g);
    /* the same heading inside a sentence ends nothing */
    ck_assert(names_entity("Tài liệu tham khảo của Sở Ngoại vụ TP. Đà Nẵng được công bố.", "Đà Nẵng"));
}
END_TEST

/* "A và B (COUNTRY) thiết lập quan hệ thành phố kết nghĩa": the pair a few
 * words before the phrase. */
START_TEST(relate_pair_a_few_words_before_the_phrase)
{
    assert_text_dates("Năm 2016, TP. Huế và TP. Kyoto (Nhật Bản) thiết lập quan hệ thành phố kết nghĩa.",
                      "sister_city", "Huế", "Kyoto", "2016");
}
END_TEST

/* "X cho biết thành phố là thành viên của Y", "Y said the city would ...":
 * the reported clause has its own subject. */
START_TEST(relate_reported_clause_has_its_own_subject)
{
    const char *text = "TP. Huế mở cửa. Sở Ngoại vụ TP. Huế cho biết thành phố là thành viên của "
                       "Mạng lưới Đô thị Xanh từ năm 2018. Ông Trần Văn Bình khẳng định Sở Ngoại vụ "
                       "TP. Huế đã ký kết thỏa thuận với Ngân hàng Thế giới.";
    assert_text_dates(text, "member_of", "Huế", "Mạng lưới Đô thị Xanh", "2018");
    ck_assert(!text_links(text, "member_of", "Sở Ngoại vụ TP. Huế", "Mạng lưới Đô thị Xanh"));
    ck_assert(text_links(text, "signed_with", "Sở Ngoại vụ TP. Huế", "Ngân hàng Thế giới"));
}
END_TEST

/* "X đã có chuyến thăm và làm việc tại Y theo lời mời của Z": X visits Y;
 * Z, who invited, is the host. */
START_TEST(relate_visit_with_its_place_and_host)
{
    const char *text = "TP. Huế mở cửa. Ngày 10-3-2024, Chủ tịch UBND TP. Huế Trần Văn An đã có chuyến "
                       "thăm và làm việc tại Paris theo lời mời của Thị trưởng Paris Anne Hidalgo.";
    assert_text_dates(text, "visited", "Trần Văn An", "Paris", "2024-03-10");
    ck_assert(!text_links(text, "visited", "Anne Hidalgo", "Huế"));
    ck_assert(!text_links(text, "visited", "Anne Hidalgo", "Paris"));
    ck_assert(text_links(text, "leads", "Anne Hidalgo", "Paris"));
    ck_assert(!text_links("Đoàn đại biểu TP. Huế đã có chuyến thăm Lyon theo lời mời của Thị trưởng "
                          "Lyon Grégory Doucet.", "visited", "Grégory Doucet", "Lyon"));
}
END_TEST

/* An envoy (discover.json envoy_titles) represents a country and leads
 * none; a head of state leads it. */
START_TEST(relate_envoys_lead_no_country)
{
    const char *text = "Đại sứ Pháp Claire Montel đến thăm TP. Huế. Ông Ono Masuo, "
                       "Tổng Lãnh sự Nhật Bản tại TP. Huế, dự lễ. Tổng thống Pháp Emmanuel Macron phát biểu.";
    ck_assert(!text_links(text, "leads", "Claire Montel", "Pháp"));
    ck_assert(!text_links(text, "leads", "Ono Masuo", "Nhật Bản"));
    ck_assert(text_links(text, "leads", "Emmanuel Macron", "Pháp"));
    ck_assert(text_links(text, "visited", "Claire Montel", "Huế"));
}
END_TEST

/* "Tham dự X có A, title BODY, và B": A and B took part in X, not BODY. */
START_TEST(relate_attendees_after_co)
{
    const char *text = "Tham dự Lễ hội Hoa Đà Lạt có ông Trần Văn An, Chủ tịch UBND TP. Huế và bà Lê Thị Hoa.";
    ck_assert(text_links(text, "participates_in", "Trần Văn An", "Lễ hội Hoa Đà Lạt"));
    ck_assert(text_links(text, "participates_in", "Lê Thị Hoa", "Lễ hội Hoa Đà Lạt"));
    ck_assert(!text_links(text, "participates_in", "UBND TP. Huế", "Lễ hội Hoa Đà Lạt"));
}
END_TEST

/* "A phối hợp với B và C tổ chức X": all three organise X. */
START_TEST(relate_co_agents_joined_by_va)
{
    const char *text = "TP. Huế phối hợp với Bộ Công Thương và Ngân hàng Thế giới tổ chức Hội nghị Đầu tư Xanh.";
    const char *who[] = {"Huế", "Bộ Công Thương", "Ngân hàng Thế giới"};
    for (size_t k = 0; k < 3; k++)
        ck_assert_msg(text_links(text, "organizes", who[k], "Hội nghị Đầu tư Xanh"), "%s", who[k]);
}
END_TEST

/* "Đại diện của TP. X tham dự", "Representatives of X attended": X acts. */
START_TEST(relate_representatives_act_for_their_body)
{
    static const struct { const char *text, *body, *event; } cases[] = {
        {"Đại diện của TP. Huế tham dự Lễ hội Hoa Đà Lạt năm 2022.", "Huế", "Lễ hội Hoa Đà Lạt"},
        {"Lãnh đạo của TP. Huế dự Lễ hội Hoa Đà Lạt.", "Huế", "Lễ hội Hoa Đà Lạt"},
        {"Representatives of Da Nang attended the Hai Phong Culture Week.", "Đà Nẵng", "Hai Phong Culture Week"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        rg_graph g;
        extract(cases[k].text, &g);
        ck_assert_msg(link_of(&g, "participates_in", cases[k].body, cases[k].event) != NULL, "%s", cases[k].text);
        rg_graph_free(&g);
    }
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

/* Reporting verbs and time words end a name: "Trung tâm đầu tháng 10" is
 * the bare "Trung tâm" followed by a date. */
START_TEST(rule_verbs_and_time_words_end_a_name)
{
    rg_graph g;
    extract("Trung tâm Đổi mới Sáng tạo Vinh khai trương. Ông Lê Văn Tám thăm Trung tâm đầu tháng 10/2024.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Trung tâm Đổi mới Sáng tạo Vinh"));
    ck_assert_ptr_null(entity(&g, "Trung tâm đầu"));
    ck_assert_uint_eq(count_type(&g, "agency"), 1);
    rg_graph_free(&g);
}
END_TEST

/* A one-word lexicon form with diacritics needs them: "Nguyễn Huệ" holds no
 * "Huế", "Là" is not "L.A." */
START_TEST(rule_one_word_forms_keep_their_tones)
{
    rg_graph g;
    extract("Đường hoa Nguyễn Huệ mở cửa. Đây Là điểm hẹn. Du khách đến Huế.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Đường hoa Nguyễn Huệ"));
    ck_assert_uint_eq(count_type(&g, "city"), 1);
    ck_assert_ptr_nonnull(entity(&g, "Huế"));
    ck_assert_ptr_null(entity(&g, "Los Angeles"));
    rg_graph_free(&g);
}
END_TEST

/* A conference named as a dialogue or round table is a recurring series (a
 * forum); "giữa A và B" names both sides, up to the punctuation. */
START_TEST(rule_dialogue_and_round_table_conferences_are_forums)
{
    rg_graph g;
    extract("Hội nghị Bàn tròn Hàn Quốc và Hội nghị Đối thoại giữa Lãnh đạo TP. Cần Thơ và "
            "doanh nghiệp nước ngoài, được tổ chức hằng năm.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Hội nghị Bàn tròn Hàn Quốc"));
    ck_assert_str_eq(entity(&g, "Hội nghị Bàn tròn Hàn Quốc")->type, "forum");
    ck_assert_ptr_nonnull(entity(&g, "Hội nghị Đối thoại giữa Lãnh đạo TP. Cần Thơ và doanh nghiệp nước ngoài"));
    ck_assert_str_eq(entity(&g, "Hội nghị Đối thoại giữa Lãnh đạo TP. Cần Thơ và doanh nghiệp nước ngoài")->type,
                     "forum");
    rg_graph_free(&g);
}
END_TEST

/* An acronym after a name that ends with an organisation it embeds is that
 * organisation's. */
START_TEST(rule_acronym_after_an_embedded_organisation_is_its)
{
    rg_graph g;
    const rg_entity *e;
    extract("Đã diễn ra lễ ký kết giữa lãnh đạo TP. Cần Thơ và Chủ tịch Ngân hàng Phát triển Châu Á (ADB) hôm qua.", &g);
    e = entity(&g, "ADB");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->type, "agency");
    rg_graph_free(&g);
}
END_TEST

/* A gazetteer place named like a head noun, title or month ("Summit",
 * "University", "March") is never a place by its capital alone; nor is any
 * word-like place after an English determiner. */
START_TEST(rule_generic_words_are_no_places)
{
    rg_graph g;
    extract("On 1 March 2023 the Summit opened in Da Nang. He studied at the University "
            "and at Keimyung University in Da Nang.", &g);
    ck_assert_uint_eq(count_type(&g, "city"), 1);
    ck_assert_ptr_null(entity(&g, "Summit"));
    ck_assert_ptr_null(entity(&g, "University"));
    ck_assert_ptr_null(entity(&g, "March"));
    rg_graph_free(&g);
}
END_TEST

/* A range of days is dated by its first day, in both orders. */
START_TEST(rule_day_range_takes_its_first_day)
{
    rg_graph g;
    extract("date 2024-09-12\nDa Nang hosted the ASEAN Smart Cities Network on 10-11 September 2024.\n"
            "Hai Phong hosted the ASEAN Smart Cities Network on September 3-4, 2023.", &g);
    ck_assert_str_eq(link_of(&g, "organizes", "Da Nang", "ASEAN Smart Cities Network")->date, "2024-09-10");
    ck_assert_str_eq(link_of(&g, "organizes", "Hai Phong", "ASEAN Smart Cities Network")->date, "2023-09-03");
    /* the date is no part of the network's name */
    ck_assert_uint_eq(count_type(&g, "forum"), 1);
    rg_graph_free(&g);
}
END_TEST

/* A name that holds a comma matches across it; other names do not join
 * two words across a comma. */
START_TEST(rule_a_comma_inside_a_known_name)
{
    rg_graph g;
    extract("Tổ chức Giáo dục, Khoa học và Văn hóa Liên Hợp Quốc (UNESCO) hỗ trợ TP. Vinh.", &g);
    ck_assert_ptr_nonnull(entity(&g, "UNESCO"));
    ck_assert_str_eq(entity(&g, "UNESCO")->name, "Tổ chức Giáo dục, Khoa học và Văn hóa Liên Hợp Quốc");
    ck_assert_uint_eq(count_type(&g, "agency"), 1);
    rg_graph_free(&g);
}
END_TEST

/* Modifiers go on with a name ("quốc tế"), an office takes where it is
 * ("tại TP. X"), a number ends a name. */
START_TEST(rule_name_modifiers_places_and_numbers)
{
    rg_graph g;
    extract("Thành phố xây dựng Trung tâm Tài chính quốc tế tại TP. Vinh theo lộ trình. "
            "Festival Đà Nẵng 2024 khép lại.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Trung tâm Tài chính quốc tế tại TP. Vinh"));
    ck_assert_ptr_nonnull(link_of(&g, "located_in", "Trung tâm Tài chính quốc tế tại TP. Vinh", "Vinh"));
    ck_assert_ptr_nonnull(entity(&g, "Festival Đà Nẵng 2024"));
    rg_graph_free(&g);
}
END_TEST

/* English names: typed by their last words, they may start with their
 * place (part_of it) and are not split at an organisation that ends them;
 * hyphens join capitalised words; "of the" after an English head. */
START_TEST(rule_english_names)
{
    rg_graph g;
    extract("The Consulate General of the Republic of Korea in Da Nang co-organized the "
            "Korea-Vietnam Culture Week 2023 with the Da Nang Department of Foreign Affairs.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Consulate General of the Republic of Korea"));
    ck_assert_ptr_nonnull(link_of(&g, "located_in", "Consulate General of the Republic of Korea", "Da Nang"));
    ck_assert_ptr_nonnull(entity(&g, "Korea-Vietnam Culture Week 2023"));
    ck_assert_ptr_nonnull(link_of(&g, "part_of", "Da Nang Department of Foreign Affairs", "Da Nang"));
    ck_assert_ptr_null(entity(&g, "Department of Foreign Affairs"));
    rg_graph_free(&g);
}
END_TEST

/* "the Mayor of X, NAME": the title stands for the name after its body;
 * "A and B (COUNTRY) have been sister cities" names both parties before
 * the phrase. */
START_TEST(rule_english_titles_and_parties_before_the_phrase)
{
    rg_graph g;
    extract("Da Nang and Daegu (South Korea) have been sister cities since 2013. A delegation led "
            "by the Mayor of Daegu, Park Sung-min, visited Da Nang.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "sister_city", "Da Nang", "Daegu"));
    ck_assert_str_eq(link_of(&g, "sister_city", "Da Nang", "Daegu")->date, "2013");
    ck_assert_ptr_nonnull(link_of(&g, "leads", "Park Sung-min", "Daegu"));
    ck_assert_ptr_nonnull(link_of(&g, "visited", "Park Sung-min", "Da Nang"));
    rg_graph_free(&g);
}
END_TEST

/* The subject of the main clause is not in a leading time clause; objects
 * stop at a tense marker that starts another predicate. */
START_TEST(rule_clauses_bound_subjects_and_objects)
{
    rg_graph g;
    extract("Ngay sau khi Việt Nam và Hàn Quốc nâng cấp quan hệ, TP. Cần Thơ ký bản ghi nhớ với TP. Suwon. "
            "Việc Bộ Công Thương chủ trì phiên họp đã tạo ra sức hút cho Diễn đàn Mê Kông.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "signed_with", "Cần Thơ", "Suwon"));
    ck_assert_ptr_null(link_of(&g, "signed_with", "Việt Nam", "Suwon"));
    ck_assert_ptr_null(link_of(&g, "organizes", "Bộ Công Thương", "Diễn đàn Mê Kông"));
    rg_graph_free(&g);
}
END_TEST

/* A passive phrase names its agent after it: "với sự hỗ trợ từ X",
 * "funded by X". */
START_TEST(rule_passive_agent)
{
    rg_graph g;
    extract("TP. Cần Thơ được nhắc nhiều. Năm 2001, ông Lê Văn Tám tuyên bố, Hiệp hội Doanh nghiệp Đức "
            "được thành lập tại TP. Cần Thơ với sự hỗ trợ tích cực từ chính quyền Thành phố.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "supports", "Cần Thơ", "Hiệp hội Doanh nghiệp Đức"));
    ck_assert_ptr_null(link_of(&g, "supports", "Lê Văn Tám", "Cần Thơ"));
    rg_graph_free(&g);
}
END_TEST

/* A visitor named before the phrase does nothing else in between; a
 * co-agent ("A phối hợp với B khai mạc X") acts too. */
START_TEST(rule_visitors_and_co_agents)
{
    rg_graph g;
    extract("TP. Cần Thơ được nhắc nhiều. Ông Lê Văn Tám chủ trì lễ khánh thành và đoàn doanh nghiệp "
            "đã đến thăm Thành phố. UBND TP. Cần Thơ phối hợp với Bộ Công Thương khai mạc Hội chợ Nông sản Mê Kông.", &g);
    ck_assert_ptr_null(link_of(&g, "visited", "Lê Văn Tám", "Cần Thơ"));
    ck_assert_ptr_nonnull(link_of(&g, "organizes", "UBND TP. Cần Thơ", "Hội chợ Nông sản Mê Kông"));
    ck_assert_ptr_nonnull(link_of(&g, "organizes", "Bộ Công Thương", "Hội chợ Nông sản Mê Kông"));
    rg_graph_free(&g);
}
END_TEST

/* "cũng trong năm này" dates by the year the text last named; an event
 * without a date in its sentence takes the day the text last gave. */
START_TEST(rule_dates_from_earlier_sentences)
{
    rg_graph g;
    extract("Năm 1998, TP. Cần Thơ mở cửa. Cũng trong năm này, Trường Đại học Cần Thơ hợp tác với Đại học Kyoto.\n"
            "Ngày 5-6-2024, TP. Cần Thơ tổ chức Lễ hội Bánh dân gian. Bộ Công Thương cũng khai mạc Triển lãm Nông sản.", &g);
    ck_assert_str_eq(link_of(&g, "cooperates_with", "Trường Đại học Cần Thơ", "Đại học Kyoto")->date, "1998");
    ck_assert_str_eq(link_of(&g, "organizes", "Bộ Công Thương", "Triển lãm Nông sản")->date, "2024-06-05");
    rg_graph_free(&g);
}
END_TEST

/* After a title, "UBND thành phố" or "Sở Ngoại vụ thành phố" followed by a
 * person's name: the body ends with the city head, the name is the
 * person's, who leads the body. */
START_TEST(rule_person_after_a_bodys_city_head)
{
    rg_graph g;
    extract("TP. Huế mở cửa. Chủ tịch UBND thành phố Trần Văn An phát biểu. "
            "Giám đốc Sở Ngoại vụ thành phố Lê Thị Bình tiếp đoàn.", &g);
    for (int k = 0; k < 2; k++) {
        const char *person = k ? "Lê Thị Bình" : "Trần Văn An";
        const rg_entity *e = entity(&g, person);
        ck_assert_msg(e && strcmp(e->type, "person") == 0, "%s is no person", person);
        ck_assert_ptr_nonnull(link_of(&g, "leads", person, k ? "Sở Ngoại vụ thành phố" : "UBND thành phố"));
    }
    rg_graph_free(&g);
    /* a known place keeps its head: "TP. Hồ Chí Minh" starts with a family name */
    extract("Chủ tịch UBND TP. Hồ Chí Minh Phan Văn Mãi phát biểu.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "leads", "Phan Văn Mãi", "UBND TP. Hồ Chí Minh"));
    rg_graph_free(&g);
}
END_TEST

/* "Hai thành phố", "the two cities", "hai bên" stand for the pair the text
 * last related; a later, more precise date of the same link refines it; an
 * anniversary dates the twinning back; a cooperation a sentence states on
 * its own stays beside the twinning. */
START_TEST(rule_the_two_cities_and_their_dates)
{
    rg_graph g;
    extract("TP. Huế và TP. Kyoto ký kết thỏa thuận năm 2001.\n"
            "Hai thành phố chính thức kết nghĩa năm 1995. Hai thành phố kết nghĩa vào tháng 6/1995. "
            "Từ đó, hai bên đã hợp tác trong lĩnh vực du lịch.", &g);
    assert_dated(&g, "sister_city", "Huế", "Kyoto", "1995-06");
    ck_assert_ptr_nonnull(link_of(&g, "cooperates_with", "Huế", "Kyoto"));
    rg_graph_free(&g);

    extract("On 3 March 2021, the City of Da Nang and the City of Hai Phong signed a memorandum on trade. "
            "The two cities established friendly relations in 2015.", &g);
    assert_dated(&g, "signed_with", "Đà Nẵng", "Hải Phòng", "2021-03-03");
    assert_dated(&g, "sister_city", "Đà Nẵng", "Hải Phòng", "2015");
    rg_graph_free(&g);

    /* "hai thành phố" asks for two cities: a pair of agencies is not it */
    extract("Bộ Công Thương và Ngân hàng Thế giới ký kết thỏa thuận năm 2001. Hai thành phố kết nghĩa năm 1995.", &g);
    ck_assert_uint_eq(g.n_links, 1);
    rg_graph_free(&g);

    extract("Ngày 9-10-2023, TP. Huế tổ chức lễ kỷ niệm 25 năm thiết lập quan hệ hữu nghị với TP. Kyoto.", &g);
    assert_dated(&g, "sister_city", "Huế", "Kyoto", "1998");
    rg_graph_free(&g);
}
END_TEST

/* Joint bodies, terms of office, described bodies and events. */
START_TEST(rule_joint_described_and_termed_bodies)
{
    rg_graph g;
    extract("TP. Cần Thơ lập Nhóm công tác chung TP. Cần Thơ - Ngân hàng Phát triển Châu Á. "
            "Báo cáo của Ban Chấp hành Đảng bộ tỉnh Hậu Giang khóa XIV được thông qua. "
            "TP. Cần Thơ được Viện nghiên cứu và xếp hạng đô thị Global Cities Index đánh giá cao. "
            "TP. Cần Thơ tổ chức Hội nghị xúc tiến đầu tư cho nông nghiệp sạch và đón nhiều đoàn khách.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Nhóm công tác chung TP. Cần Thơ - Ngân hàng Phát triển Châu Á"));
    ck_assert_ptr_null(link_of(&g, "part_of", "Nhóm công tác chung TP. Cần Thơ - Ngân hàng Phát triển Châu Á",
                               "Ngân hàng Phát triển Châu Á"));
    ck_assert_ptr_nonnull(entity(&g, "Ban Chấp hành Đảng bộ tỉnh Hậu Giang"));
    ck_assert_ptr_nonnull(entity(&g, "Viện nghiên cứu và xếp hạng đô thị Global Cities Index"));
    ck_assert_ptr_nonnull(link_of(&g, "organizes", "Cần Thơ", "Hội nghị xúc tiến đầu tư cho nông nghiệp sạch"));
    rg_graph_free(&g);
}
END_TEST

/* Friendship organisations: "và hữu nghị", "với nhân dân các nước". */
START_TEST(rule_friendship_organisation_names)
{
    rg_graph g;
    extract("Năm 1980, TP. Cần Thơ thành lập Ủy ban Đoàn kết và hữu nghị với nhân dân các nước, "
            "trực thuộc UBND TP. Cần Thơ.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Ủy ban Đoàn kết và hữu nghị với nhân dân các nước"));
    ck_assert_ptr_nonnull(link_of(&g, "part_of", "Ủy ban Đoàn kết và hữu nghị với nhân dân các nước",
                                  "UBND TP. Cần Thơ"));
    rg_graph_free(&g);
}
END_TEST

/* Venues are no entities; an unknown city that ends a known city's name
 * is that city; a joint body answers without its "chung". */
START_TEST(rule_venues_city_tails_and_joint_bodies)
{
    rg_graph g;
    extract("TP. Hồ Chí Minh khai mạc triển lãm tại Công viên Lam Sơn. Hội nghị Đối thoại hữu nghị "
            "Thành phố Chí Minh được tổ chức. TP. Hồ Chí Minh lập Tổ Công tác chung TP. Hồ Chí Minh - Hàn Quốc. "
            "Sau đó Tổ công tác TP. Hồ Chí Minh - Hàn Quốc họp.", &g);
    ck_assert_ptr_null(entity(&g, "Lam Sơn"));
    ck_assert_uint_eq(count_type(&g, "person"), 0);
    ck_assert_uint_eq(count_type(&g, "city"), 1);
    ck_assert_uint_eq(count_type(&g, "agency"), 1);
    rg_graph_free(&g);
}
END_TEST

/* A body named for its partner ("Tổ Công tác với Hàn Quốc") and referred
 * back to by its head; a delegation of an organisation visits; "các thành
 * viên của X" is nobody's membership. */
START_TEST(rule_partner_bodies_delegations_and_members)
{
    rg_graph g;
    extract("TP. Cần Thơ được nhắc nhiều. Thành phố đã thành lập Tổ Công tác với Hàn Quốc. Tổ Công tác đã "
            "đón đoàn Chủ tịch Hiệp hội Doanh nghiệp Hàn Quốc và các thành viên của Hiệp hội, "
            "hợp tác với Cơ quan Hợp tác Quốc tế Hàn Quốc.", &g);
    ck_assert_ptr_nonnull(entity(&g, "Tổ Công tác với Hàn Quốc"));
    ck_assert_ptr_nonnull(link_of(&g, "cooperates_with", "Tổ Công tác với Hàn Quốc", "Cơ quan Hợp tác Quốc tế Hàn Quốc"));
    ck_assert_ptr_nonnull(link_of(&g, "visited", "Hiệp hội Doanh nghiệp Hàn Quốc", "Cần Thơ"));
    ck_assert_ptr_null(link_of(&g, "member_of", "Tổ Công tác với Hàn Quốc", "Hiệp hội Doanh nghiệp Hàn Quốc"));
    rg_graph_free(&g);
}
END_TEST

/* A target year is not the text's year; a range of numbers is no date. */
START_TEST(rule_target_years_and_number_ranges)
{
    rg_graph g;
    extract("Năm 2020, TP. Cần Thơ ban hành chiến lược, tầm nhìn đến năm 2045. Khoản vay 5-7 tỷ đô-la được "
            "giải ngân. Bộ Công Thương tổ chức Hội chợ Nông sản Mê Kông hôm 22-8.", &g);
    ck_assert_str_eq(link_of(&g, "organizes", "Bộ Công Thương", "Hội chợ Nông sản Mê Kông")->date, "2020-08-22");
    rg_graph_free(&g);
    extract("Năm 2020, TP. Cần Thơ vay 5-7 tỷ đô-la. Bộ Công Thương cũng khai mạc Triển lãm Nông sản.", &g);
    ck_assert_str_eq(link_of(&g, "organizes", "Bộ Công Thương", "Triển lãm Nông sản")->date, "");
    rg_graph_free(&g);
}
END_TEST

/* "A và B đã ký kết ..." names both parties even when a mention follows;
 * "các đối tác" is a group, no partner. */
START_TEST(rule_parties_before_win_and_plural_nouns)
{
    rg_graph g;
    extract("TP. Cần Thơ được nhắc nhiều. Tháng 4/2023, Thành phố và Bộ Công Thương đã ký kết quy chế "
            "phối hợp, sau đó được Ban Cán sự Đảng Bộ Tư pháp ký với Ban Thường vụ Tỉnh ủy. "
            "Thành phố có cơ chế đối thoại với các đối tác nước ngoài như Tổ công tác TP. Cần Thơ - Hàn Quốc.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "signed_with", "Cần Thơ", "Bộ Công Thương"));
    ck_assert_str_eq(link_of(&g, "signed_with", "Cần Thơ", "Bộ Công Thương")->date, "2023-04");
    ck_assert_ptr_null(link_of(&g, "signed_with", "Cần Thơ", "Ban Cán sự Đảng Bộ Tư pháp"));
    ck_assert_ptr_null(link_of(&g, "cooperates_with", "Cần Thơ", "Tổ công tác TP. Cần Thơ - Hàn Quốc"));
    rg_graph_free(&g);
}
END_TEST

/* English reports: an edition is no body inside ("World Cities Summit
 * 2024"), a company named after its city is located_in it, "Ministry of X
 * of COUNTRY" is the known ministry, ", funded by Z" starts another clause,
 * "Under the agreement" signs nothing; "Đại sứ Pháp tại Việt Nam NAME": the
 * title stands across "tại", and the person acts. */
START_TEST(rule_english_reports_and_titled_persons)
{
    rg_graph g;
    extract("Its delegation attended the World Cities Summit 2024 in Singapore. The Da Nang Water Supply Company "
            "met the Ministry of Construction of Vietnam. The Centre for Liveable Cities of Singapore supported "
            "Da Nang with a course, funded by the Singapore Cooperation Programme. Under the agreement, Keimyung "
            "University Dongsan Hospital will support Da Nang Hospital.", &g);
    ck_assert_ptr_null(link_of(&g, "participates_in", "World Cities Summit 2024", "World Cities Summit"));
    ck_assert_ptr_nonnull(link_of(&g, "located_in", "Da Nang Water Supply Company", "Da Nang"));
    ck_assert_ptr_null(entity(&g, "Ministry of Construction of Vietnam"));
    ck_assert_ptr_null(link_of(&g, "supports", "Centre for Liveable Cities of Singapore",
                               "Singapore Cooperation Programme"));
    ck_assert_ptr_null(link_of(&g, "signed_with", "Da Nang", "Keimyung University Dongsan Hospital"));
    ck_assert_ptr_nonnull(link_of(&g, "supports", "Keimyung University Dongsan Hospital", "Da Nang Hospital"));
    rg_graph_free(&g);
    extract("Đại sứ Pháp tại Việt Nam Claire Montel tham dự Festival Huế 2024.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "participates_in", "Claire Montel", "Festival Huế 2024"));
    ck_assert_ptr_null(link_of(&g, "participates_in", "Pháp", "Festival Huế 2024"));
    rg_graph_free(&g);
}
END_TEST

/* "A, B (...)… được Thành phố tổ chức": the whole enumeration is organised;
 * a joint body named with an acronym meets its spelt-out name. */
START_TEST(rule_enumeration_before_passive_and_joint_acronyms)
{
    rg_graph g;
    extract("TP. Cần Thơ được nhắc nhiều. Hội nghị Đối thoại Mê Kông, Hội nghị Bàn tròn Hàn Quốc (đã qua 5 lần "
            "tổ chức)… được Thành phố tổ chức hàng năm.", &g);
    ck_assert_ptr_nonnull(link_of(&g, "organizes", "Cần Thơ", "Hội nghị Đối thoại Mê Kông"));
    ck_assert_ptr_nonnull(link_of(&g, "organizes", "Cần Thơ", "Hội nghị Bàn tròn Hàn Quốc"));
    rg_graph_free(&g);
    extract("Ngân hàng Phát triển Châu Á (ADB) họp. Thành phố lập Nhóm công tác chung TP. Cần Thơ – ADB. "
            "Sau đó Nhóm công tác chung TP. Cần Thơ - Ngân hàng Phát triển Châu Á họp.", &g);
    ck_assert_uint_eq(count_type(&g, "agency"), 2);
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

/* builder_extract_doc leaves the UTF-8 check to text_normalize, which
 * validates as it copies: a document that is not UTF-8 must still get
 * builder_check_text's error (the same first bad byte) for every kind of
 * bad sequence, at the start, in ASCII and in Vietnamese text, after a
 * combining mark and cut short at the end; and another fault that
 * builder_check_text finds first (a NUL byte) still wins. */
START_TEST(extract_doc_refuses_bad_utf8_as_check_text_does)
{
    static const char *const bad[] = {"\xff", "\x80", "\xc3", "\xc0\xaf", "\xe0\x80\xaf",
                                      "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe1\xbb",
                                      "\xf0\x9f\x98", "\xc3\x28"};
    static const char *const around[] = {"", "TP. Hồ Chí Minh ký kết ", "a\xcc\x81", "x\n\ny ",
                                         "Hà Nội\r\n"};
    size_t tried = 0;
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        for (size_t a = 0; a < sizeof around / sizeof *around; a++)
            for (int tail = 0; tail < 3; tail++) {
                char text[256];
                rg_input_doc doc;
                rg_error want = {0}, got = {0};
                rg_graph g = {0};
                char expect[600];
                snprintf(text, sizeof text, "%s%s%s", around[a], bad[k],
                         tail == 0 ? "" : tail == 1 ? " hợp tác với Hà Nội." : "\0z");
                memset(&doc, 0, sizeof doc);
                doc.name = "d.txt";
                doc.text = text;
                doc.text_len = strlen(text) + (tail == 2 ? 2 : 0);
                ck_assert_int_eq(builder_check_text(doc.text, doc.text_len, &want), RG_ERR_INVALID);
                ck_assert_int_eq(builder_extract_doc(b, &doc, &g, &got), RG_ERR_INVALID);
                snprintf(expect, sizeof expect, "d.txt: %s", want.msg);
                ck_assert_str_eq(got.msg, expect);
                rg_graph_free(&g);
                tried++;
            }
    ck_assert_uint_eq(tried, 150);
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
    tcase_add_test(rule, rule_verbs_and_time_words_end_a_name);
    tcase_add_test(rule, rule_one_word_forms_keep_their_tones);
    tcase_add_test(rule, rule_dialogue_and_round_table_conferences_are_forums);
    tcase_add_test(rule, rule_acronym_after_an_embedded_organisation_is_its);
    tcase_add_test(rule, rule_generic_words_are_no_places);
    tcase_add_test(rule, rule_day_range_takes_its_first_day);
    tcase_add_test(rule, rule_a_comma_inside_a_known_name);
    tcase_add_test(rule, rule_name_modifiers_places_and_numbers);
    tcase_add_test(rule, rule_english_names);
    tcase_add_test(rule, rule_english_titles_and_parties_before_the_phrase);
    tcase_add_test(rule, rule_clauses_bound_subjects_and_objects);
    tcase_add_test(rule, rule_passive_agent);
    tcase_add_test(rule, rule_visitors_and_co_agents);
    tcase_add_test(rule, rule_dates_from_earlier_sentences);
    tcase_add_test(rule, rule_the_two_cities_and_their_dates);
    tcase_add_test(rule, rule_person_after_a_bodys_city_head);
    tcase_add_test(rule, relate_english_offices_possessives_and_signatories);
    tcase_add_test(rule, relate_representatives_act_for_their_body);
    tcase_add_test(rule, relate_partners_each_with_their_date);
    tcase_add_test(rule, rule_gazetteer_town_inside_a_name);
    tcase_add_test(rule, rule_regions_are_no_entities);
    tcase_add_test(rule, rule_capitals_citations_and_references);
    tcase_add_test(rule, relate_pair_a_few_words_before_the_phrase);
    tcase_add_test(rule, relate_reported_clause_has_its_own_subject);
    tcase_add_test(rule, relate_visit_with_its_place_and_host);
    tcase_add_test(rule, relate_envoys_lead_no_country);
    tcase_add_test(rule, relate_co_agents_joined_by_va);
    tcase_add_test(rule, relate_attendees_after_co);
    tcase_add_test(rule, rule_joint_described_and_termed_bodies);
    tcase_add_test(rule, rule_friendship_organisation_names);
    tcase_add_test(rule, rule_venues_city_tails_and_joint_bodies);
    tcase_add_test(rule, rule_partner_bodies_delegations_and_members);
    tcase_add_test(rule, rule_target_years_and_number_ranges);
    tcase_add_test(rule, rule_parties_before_win_and_plural_nouns);
    tcase_add_test(rule, rule_english_reports_and_titled_persons);
    tcase_add_test(rule, rule_enumeration_before_passive_and_joint_acronyms);
    tcase_add_test(bld, builder_evidence_points_into_the_original_text);
    tcase_add_test(bld, builder_refuses_bad_input_with_a_reason);
    tcase_add_test(bld, builder_evidence_of_a_dated_text_counts_from_the_file_start);
    tcase_add_test(bld, extract_doc_refuses_bad_utf8_as_check_text_does);
    return s;
}

int main(void)
{
    return tu_run_suite(builder_suite());
}
