#!/usr/bin/env python3
"""Writes a synthetic corpus for bench_ingest.sh: documents built from our own
sentence templates and names taken from the pack's lexicon (cities, countries,
agencies, forums), in Vietnamese and English.  Deterministic (seeded).

usage: gen_ingest_corpus.py LEXICON.json OUTDIR TOTAL_MB [DOC_KB]
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
TOPICS = ["quy hoạch đô thị", "chống ngập", "giáo dục", "du lịch", "chuyển đổi số", "y tế", "thương mại"]
TOPICS_EN = ["urban planning", "flood control", "education", "tourism", "digital transformation"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Quốc", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Lan", "Mai", "Nam", "Phúc", "Tâm"]


def main():
    lex_path, out, total_mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    doc_kb = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    rnd = random.Random(42)
    lex = json.load(open(lex_path, encoding="utf-8"))
    by = {}
    for e in lex:
        by.setdefault(e["type"], []).append(e["name"])
    for t in ("city", "country", "agency", "forum"):
        by.setdefault(t, ["Ví dụ"])
    os.makedirs(out, exist_ok=True)
    written, k = 0, 0
    while written < total_mb * 1e6:
        parts, size = [], 0
        while size < doc_kb * 1000:
            tpl = rnd.choice(VI if rnd.random() < 0.75 else EN)
            s = tpl.format(
                year=rnd.randint(1990, 2025), month=rnd.randint(1, 12), n=rnd.randint(2, 30),
                monthname=rnd.choice(MONTHS), city=rnd.choice(by["city"]), city2=rnd.choice(by["city"]),
                country=rnd.choice(by["country"]), country2=rnd.choice(by["country"]),
                agency=rnd.choice(by["agency"]), forum=rnd.choice(by["forum"]),
                topic=rnd.choice(TOPICS), topic_en=rnd.choice(TOPICS_EN),
                person=f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}")
            parts.append(s)
            size += len(s.encode("utf-8")) + 1
            if rnd.random() < 0.2:
                parts.append("\n")
        text = " ".join(parts).replace(" \n ", "\n\n") + "\n"
        with open(os.path.join(out, f"doc{k:05d}.txt"), "w", encoding="utf-8") as fh:
            fh.write(text)
        written += len(text.encode("utf-8"))
        k += 1
    print(f"{k} documents, {written / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
