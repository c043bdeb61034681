#!/usr/bin/env python3
"""hostile_check.py - checks one output of relgraph made from hostile names
and documents (used by test_hostile.sh).  Prints nothing and exits 0 when
the output is safe; prints what is wrong and exits 1 otherwise.

usage: hostile_check.py KIND FILE [NAMES.json]
  xml FILE        well-formed XML (parsed by python's expat, like xmllint);
                  no element named script, iframe, object, embed or
                  foreignObject; no on* event attribute; no href or
                  xlink:href whose value (trimmed, case folded) starts with
                  javascript:, data: or vbscript:
  json FILE NAMES parses strictly (no NaN, no lone surrogates); every name of
                  NAMES.json is an entity name, byte for byte
  csv DIR NAMES   nodes.csv and edges.csv parse with python's csv; every row
                  has the header's column count; every name is there exactly
  terminal FILE   no C0 or C1 control character but newline, no DEL, no ESC,
                  no bidi override, embedding, isolate or mark, no zero-width
                  character, no line separator, no BOM
  dot FILE NAMES  (after `dot -Tsvg` accepted it) the names are node labels
                  as written: none was cut short or turned into a statement
"""
import csv
import json
import re
import sys
import xml.parsers.expat

BAD_ELEMENTS = {"script", "iframe", "object", "embed", "foreignobject"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f"
                       "\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")


def check_xml(path):
    problems = []

    def start(name, attrs):
        local = name.split(":")[-1].lower()
        if local in BAD_ELEMENTS:
            problems.append("element <%s>" % name)
        for k, v in attrs.items():
            lk = k.split(":")[-1].lower()
            if lk.startswith("on"):
                problems.append("event attribute %s on <%s>" % (k, name))
            if lk == "href":
                val = re.sub(r"[\s\x00-\x1f]", "", v).lower()
                if val.startswith(BAD_SCHEMES):
                    problems.append("live link %s=%r" % (k, v[:40]))

    p = xml.parsers.expat.ParserCreate()
    p.StartElementHandler = start
    try:
        with open(path, "rb") as f:
            p.ParseFile(f)
    except xml.parsers.expat.ExpatError as e:
        problems.append("not well-formed XML: %s" % e)
    return problems


def load_names(path):
    with open(path, encoding="utf-8") as f:
        return [n["name"] for n in json.load(f)]


def check_json(path, names_path):
    def no_const(c):
        raise ValueError("non-JSON constant " + c)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8", errors="strict")
        data = json.loads(text, parse_constant=no_const)
    except (UnicodeDecodeError, ValueError) as e:
        return ["does not parse: %s" % e]
    problems = []
    if re.search(r"\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])", text, re.I):
        problems.append("a lone surrogate escape")
    names = {e["name"] for e in data.get("entities", [])}
    for n in load_names(names_path):
        if n not in names:
            problems.append("name not carried exactly: %r" % n[:40])
    return problems


def check_csv(folder, names_path):
    problems = []
    for name in ("nodes.csv", "edges.csv"):
        with open("%s/%s" % (folder, name), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, strict=True))
        if not rows:
            problems.append(name + " is empty")
            continue
        width = len(rows[0])
        for i, r in enumerate(rows[1:], 2):
            if len(r) != width:
                problems.append("%s row %d has %d fields, the header %d" % (name, i, len(r), width))
        for i, r in enumerate(rows, 1):
            for c in r:
                if c[:1] in FORMULA_LEAD and not is_number(c):
                    problems.append("%s row %d: a spreadsheet would run %r as a formula"
                                    % (name, i, c[:40]))
        if name == "nodes.csv":
            cells = {c for r in rows for c in r}
            for n in load_names(names_path):
                if csv_text(n) not in cells:
                    problems.append("name not carried exactly: %r" % n[:40])
    return problems


# A cell that starts with one of these is a formula to a spreadsheet
# (=HYPERLINK("javascript:...") a live link); the CSV writer puts an
# apostrophe before such text, and one more before text that already
# starts with apostrophes followed by one of them, which import takes off.
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def is_number(cell):
    """Numeric columns (coordinates, metrics) may be negative; a number is
    no formula."""
    try:
        float(cell)
        return True
    except ValueError:
        return False


def csv_text(value):
    return "'" + value if value.lstrip("'")[:1] in FORMULA_LEAD else value


def check_terminal(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        return ["not UTF-8: %s" % e]
    text = text.replace("\n", "")
    found = sorted({"U+%04X" % ord(c) for c in INVISIBLE.findall(text)})
    return ["raw %s" % ", ".join(found)] if found else []


def check_dot(path, names_path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    problems = []
    if "pwned" in text and 'label="pwned"' in text.replace('\\"', ""):
        problems.append("a name became a DOT statement")
    return problems


def main():
    kind, path = sys.argv[1], sys.argv[2]
    extra = sys.argv[3] if len(sys.argv) > 3 else None
    problems = {"xml": lambda: check_xml(path), "json": lambda: check_json(path, extra),
                "csv": lambda: check_csv(path, extra), "terminal": lambda: check_terminal(path),
                "dot": lambda: check_dot(path, extra)}[kind]()
    for p in problems[:5]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
