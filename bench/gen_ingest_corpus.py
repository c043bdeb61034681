#!/usr/bin/env python3
"""Writes a synthetic corpus for bench_ingest.sh: documents built from our own
sentence templates and names taken from the pack's lexicon (cities, countries,
agencies, forums), in Vietnamese and English.  Deterministic (seeded).

Two profiles:

  dense  (default) every sentence states a fact, and its names are drawn from
         the whole lexicon, so a 40 kB document mentions ~700 entities and
         yields ~11,000 evidence rows per MB: a stress test of the store.
  prose  shaped like the articles analysts feed relgraph: each document is
         about one home city and a small cast of partners (scaled to its
         length), most sentences are context (figures, assessments, plans)
         and about one in seven states a fact.  Its density is set to match
         what the reference corpus yields per MB (bench_ingest.sh prints
         both, so the match can be checked); the sentences are our own.

Document sizes: dense writes DOC_KB-sized documents; prose varies each
between half and one and a half times DOC_KB, as real articles vary.

usage: gen_ingest_corpus.py LEXICON.json OUTDIR TOTAL_MB [DOC_KB] [--profile dense|prose]
"""
import json
import os
import random
import sys

VI = [
    "Năm {year}, {city} thiết lập quan hệ kết nghĩa với {city2} ({country}).",
    "Ông {person}, Giám đốc Sở Ngoại vụ {city}, cho biết hợp tác với {country} về {topic} đang được mở rộng.",
    "Tháng {month}/{year}, UBND {city} ký kết bản ghi nhớ hợp tác với {agency} về {topic}.",
    "{city} là thành viên của {forum} từ năm {year}.",
    "Chủ tịch UBND {city} {person} đã tham dự Diễn đàn Hợp tác {country} lần thứ {n} tại {city2}.",
    "{agency} hỗ trợ {city} trong lĩnh vực {topic} và đào tạo cán bộ.",
    "Chuyến thăm năm {year} của Tổng thống {country} {person} đã mở ra giai đoạn hợp tác mới với {city}.",
    "Các đối tác như {country}, {country2}, {agency} đã hợp tác với thành phố về {topic}.",
    "Thành phố cũng tổ chức Lễ hội Văn hóa {country} lần thứ {n} với sự tham gia của nhiều doanh nghiệp.",
    "Theo báo cáo, hoạt động đối ngoại của địa phương đạt nhiều kết quả tích cực trong năm qua.",
]
EN = [
    "In {year}, {city} signed a memorandum of understanding with {city2} ({country}) on {topic_en}.",
    "{city} became a member of the {forum} in {year}.",
    "Mayor {person} said the city would cooperate with {agency} on {topic_en}.",
    "The delegation visited {city2} in {monthname} {year}.",
    "The report notes that local diplomacy has grown steadily over the past decade.",
]
# Context sentences for the prose profile: what articles say around their
# facts.  Some name the home city (a mention, no link); most name nothing.
VI_CONTEXT = [
    "Hai bên nhất trí tiếp tục trao đổi đoàn và chia sẻ kinh nghiệm quản lý trong thời gian tới.",
    "Nhiều ý kiến cho rằng cần có cơ chế phối hợp rõ ràng hơn giữa các sở, ngành và quận, huyện.",
    "Trong giai đoạn {year}-{year2}, nguồn vốn vay ưu đãi dành cho các dự án hạ tầng giảm dần.",
    "{home} hiện có khoảng {n} dự án đang triển khai cùng các đối tác nước ngoài.",
    "Kết quả khảo sát cho thấy phần lớn doanh nghiệp nhỏ quan tâm đến thị trường trong khu vực.",
    "Các chuyên gia đề xuất tăng cường đào tạo ngoại ngữ và kỹ năng đàm phán cho cán bộ trẻ.",
    "Bên cạnh đó, công tác thông tin đối ngoại cần được đổi mới cả về nội dung lẫn hình thức.",
    "Đây là một trong những ưu tiên của chính quyền thành phố trong nhiệm kỳ này.",
    "Tổng kim ngạch xuất khẩu của địa phương tăng {n}% so với cùng kỳ năm trước.",
    "Việc huy động nguồn lực từ khu vực tư nhân cho các chương trình chung vẫn còn nhiều khó khăn.",
    "Theo đánh giá của lãnh đạo {home}, các chương trình trao đổi sinh viên mang lại hiệu quả thiết thực.",
    "Nhiều hoạt động giao lưu văn hóa, thể thao được tổ chức luân phiên hằng năm ở cả hai nơi.",
    "Tuy nhiên, một số thỏa thuận đã ký vẫn chưa có kế hoạch triển khai cụ thể và kinh phí đi kèm.",
    "Bài viết phân tích ba nhóm yếu tố ảnh hưởng đến hiệu quả hợp tác quốc tế ở cấp địa phương.",
    "Số liệu được tổng hợp từ báo cáo của các cơ quan chức năng đến hết tháng {month}/{year}.",
    "Người dân được hưởng lợi trực tiếp từ các công trình cấp nước và xử lý rác thải mới.",
    "Dự kiến đến năm {year2}, số lượt khách quốc tế đến {home} sẽ đạt khoảng {n} triệu.",
    "Các doanh nghiệp kiến nghị đơn giản hóa thủ tục cấp phép cho chuyên gia nước ngoài.",
    "Quan hệ giữa {home} và {city} được nhiều nhà nghiên cứu đánh giá là bền vững.",
    "Đoàn công tác của {agency} gồm {n} chuyên gia về {topic}.",
]
EN_CONTEXT = [
    "Officials on both sides agreed to keep exchanging delegations and sharing expertise.",
    "Funding comes partly from the municipal budget and partly from private partners.",
    "Analysts say the results so far are modest but encouraging.",
    "The survey covered {n} local firms that work with foreign partners.",
    "Much of the cooperation remains symbolic, the study concludes.",
    "{home} now hosts about {n} foreign-invested projects in manufacturing and services.",
    "Further talks are expected before the end of the year.",
    "Ties between {home} and {city} have deepened, researchers note.",
]
TOPICS = ["quy hoạch đô thị", "chống ngập", "giáo dục", "du lịch", "chuyển đổi số", "y tế", "thương mại"]
TOPICS_EN = ["urban planning", "flood control", "education", "tourism", "digital transformation"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Quốc", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Lan", "Mai", "Nam", "Phúc", "Tâm"]

# prose: the share of sentences that state a fact, and the cast's size per
# kB of document (the reference articles name 1.3 to 4 entities per kB).
# Tuned so that evidence and mention rows per MB come out as the reference
# corpus's (bench_ingest.sh prints both).
PROSE_FACT_SHARE = 0.14
PROSE_CAST_PER_KB = 1.8


def person(rnd):
    return f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"


def fill(rnd, tpl, names, home=""):
    """names: type -> list to draw this sentence's names from."""
    # the draws' order is fixed: the dense corpus stays the same from run to run
    values = dict(
        year=rnd.randint(1990, 2025), month=rnd.randint(1, 12), n=rnd.randint(2, 30),
        monthname=rnd.choice(MONTHS), city=rnd.choice(names["city"]), city2=rnd.choice(names["city"]),
        country=rnd.choice(names["country"]), country2=rnd.choice(names["country"]),
        agency=rnd.choice(names["agency"]), forum=rnd.choice(names["forum"]),
        topic=rnd.choice(TOPICS), topic_en=rnd.choice(TOPICS_EN),
        person=rnd.choice(names["person"]) if "person" in names else person(rnd))
    if home:
        values.update(home=home, year2=rnd.randint(2026, 2035))
    return tpl.format(**values)


def dense_doc(rnd, by, doc_kb):
    parts, size = [], 0
    while size < doc_kb * 1000:
        s = fill(rnd, rnd.choice(VI if rnd.random() < 0.75 else EN), by)
        parts.append(s)
        size += len(s.encode("utf-8")) + 1
        if rnd.random() < 0.2:
            parts.append("\n")
    return parts


def prose_cast(rnd, by, size_kb):
    """A home city and partners for one document: fact sentences draw their
    names from here, so names recur within a document as in an article."""
    n = max(6, round(size_kb * PROSE_CAST_PER_KB))
    cast = {"city": rnd.sample(by["city"], max(2, n * 2 // 5)),
            "country": rnd.sample(by["country"], max(2, n // 5)),
            "agency": rnd.sample(by["agency"], max(1, n // 5)),
            "forum": rnd.sample(by["forum"], max(1, n // 10)),
            "person": [person(rnd) for _ in range(max(1, n // 10))]}
    home = cast["city"][0]
    # the home city is the subject of most facts: weight it
    cast["city"] = [home] * len(cast["city"]) + cast["city"]
    return home, cast


def prose_doc(rnd, by, doc_kb):
    target = rnd.uniform(0.5, 1.5) * doc_kb * 1000
    home, cast = prose_cast(rnd, by, target / 1000)
    parts, size = [f"{home}: hợp tác quốc tế năm {rnd.randint(2015, 2025)}", "\n"], 0
    while size < target:
        vi = rnd.random() < 0.75
        if rnd.random() < PROSE_FACT_SHARE:
            s = fill(rnd, rnd.choice(VI[:-1] if vi else EN[:-1]), cast)
        else:
            s = fill(rnd, rnd.choice(VI_CONTEXT if vi else EN_CONTEXT), cast, home)
        parts.append(s)
        size += len(s.encode("utf-8")) + 1
        if rnd.random() < 0.15:
            parts.append("\n")
    return parts


def main():
    args = [a for a in sys.argv[1:]]
    profile = "dense"
    if "--profile" in args:
        i = args.index("--profile")
        profile = args[i + 1]
        del args[i:i + 2]
    if profile not in ("dense", "prose") or len(args) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    lex_path, out, total_mb = args[0], args[1], float(args[2])
    doc_kb = int(args[3]) if len(args) > 3 else 40
    rnd = random.Random(42)
    lex = json.load(open(lex_path, encoding="utf-8"))
    by = {}
    for e in lex:
        by.setdefault(e["type"], []).append(e["name"])
    for t in ("city", "country", "agency", "forum"):
        by.setdefault(t, ["Ví dụ"])
    make_doc = dense_doc if profile == "dense" else prose_doc
    os.makedirs(out, exist_ok=True)
    written, k = 0, 0
    while written < total_mb * 1e6:
        text = " ".join(make_doc(rnd, by, doc_kb)).replace(" \n ", "\n\n") + "\n"
        with open(os.path.join(out, f"doc{k:05d}.txt"), "w", encoding="utf-8") as fh:
            fh.write(text)
        written += len(text.encode("utf-8"))
        k += 1
    print(f"{k} documents, {written / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
