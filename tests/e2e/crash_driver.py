#!/usr/bin/env python3
"""crash_driver.py - kills `relgraph ingest`, `import` and `merge` with
SIGKILL at seeded random moments and checks what each kill left behind
(used by test_crash.sh).

usage: crash_driver.py MODE WORKDIR KILLS SEED
  MODE      ingest | import | merge
  WORKDIR   an empty scratch folder (the corpus/graph is made in it)
  $RELGRAPH the command under test (may be "valgrind ... relgraph": split
            like a shell word list)

How each mode works:
- A reference run, uninterrupted, gives the expected export (relgraph's
  JSON) and, by reading the database with sqlite3, what every document
  contributed: its mentions and its evidence, each named by entity type and
  name (ids may differ between runs, names may not).
- ingest: a chain of runs on one database.  Each run starts where the last
  was killed and is killed after a random delay: in four runs of five in
  [0, (T - S) / 2] from its first write to the database (T = the reference run's
  time, S = the time of a run with nothing to store), else in [0, T] from
  its start.  Half the runs commit a group every 6 kB of text
  (--commit-every), so kills fall between committed groups and inside an
  open one; the others use the default groups.  A run that finishes before its kill moment is
  compared with the reference export, then the chain starts over from an
  empty database.  So every kill is followed by re-runs that go on from the
  state it left until one completes, and that completion is checked.
  After the last kill a final uninterrupted re-run must complete and match.
- import: imports the reference export into a new database, killed after a
  random delay; then the same import is re-run to completion and must store
  every row as the uninterrupted import did (the last re-run's export is
  compared with the reference too).
- merge: on a copy of a database where two entities share thousands of
  links, `merge` is killed after a random delay; the database must then be
  exactly the state before or after the merge (sqlite dump compared), and
  when it is before, re-running the merge must complete and store what the
  uninterrupted merge stored (the export is compared too, for the first
  re-run and the last kill).

After every kill: PRAGMA integrity_check is ok, PRAGMA foreign_key_check is
empty, nothing refers to a missing document, no document-made link is left
without evidence, and every document present holds exactly its reference
contribution (wholly present) while absent ones left nothing (wholly
absent).  Output: one "ok DESC" or "not ok DESC" line per check (counted by
test_crash.sh) and a summary line per mode.
"""
import json
import os
import random
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

RELGRAPH = shlex.split(os.environ.get("RELGRAPH", "relgraph"))
SRC = os.environ.get("RELGRAPH_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.environ.get("RELGRAPH_DATA", os.path.join(SRC, "data"))

results = {"ok": 0, "fail": 0}


def check(cond, desc, detail=""):
    if cond:
        results["ok"] += 1
        print("ok " + desc)
    else:
        results["fail"] += 1
        print("not ok " + desc + (": " + detail if detail else ""))
    sys.stdout.flush()
    return cond


def rg(db, *args, check_rc=True):
    p = subprocess.run(RELGRAPH + ["-d", db] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if check_rc and p.returncode != 0:
        raise RuntimeError("relgraph %s failed (%d): %s" % (" ".join(args), p.returncode,
                                                            p.stderr.decode(errors="replace")))
    return p


def export(db, out):
    rg(db, "export", "--format", "json", "-o", out)
    with open(out, "rb") as f:
        return f.read()


def remove_db(db):
    for side in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + side):
            os.unlink(db + side)


def wal_state(db):
    try:
        st = os.stat(db + "-wal")
        return (st.st_size, st.st_mtime_ns)
    except OSError:
        return None


def run_killed(db, args, delay, after_first_write=False):
    """Starts relgraph; SIGKILLs it after delay seconds (counted from its
    first write to the database when after_first_write).  Returns (killed,
    returncode, elapsed)."""
    t0 = time.monotonic()
    wal0 = wal_state(db)
    p = subprocess.Popen(RELGRAPH + ["-d", db] + args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, start_new_session=True)
    if after_first_write:
        # opening creates an empty log; the first commit writes to it
        # (one reading per test: the run may end and remove the log between two)
        def not_written(w):
            return w in (None, wal0) or w[0] == 0
        while p.poll() is None and not_written(wal_state(db)):
            time.sleep(0.002)
    try:
        p.wait(timeout=delay)
        p.stderr.read()
        p.stderr.close()
        return False, p.returncode, time.monotonic() - t0
    except subprocess.TimeoutExpired:
        # the whole process group, so a wrapper (valgrind) dies with it
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        p.stderr.close()
        return True, -9, time.monotonic() - t0


# ---- reading a database directly ------------------------------------------

def connect(db):
    # read-write so that a hot WAL is recovered as relgraph would
    return sqlite3.connect(db, isolation_level=None)


def integrity(db):
    if not os.path.exists(db):
        return "ok"
    con = connect(db)
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    if rows != ["ok"]:
        return "integrity_check: " + "; ".join(rows[:3])
    if fk:
        return "foreign_key_check: %d rows" % len(fk)
    return "ok"


def has_schema(con):
    return con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'documents'").fetchone()[0] > 0


def contributions(db):
    """{doc hash: (mentions, evidence)} with entities named by type and name."""
    con = connect(db)
    out = {}
    try:
        if not has_schema(con):
            return out
        docs = con.execute("SELECT id, hash FROM documents").fetchall()
        ment, evid = {}, {}
        for doc, etype, name in con.execute(
                "SELECT m.doc_id, e.type, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id"):
            ment.setdefault(doc, []).append((etype, name))
        for row in con.execute(
                "SELECT v.doc_id, l.type, s.type, s.name, t.type, t.name, v.start, v.\"end\", v.text"
                " FROM evidence v JOIN links l ON l.id = v.link_id"
                " JOIN entities s ON s.id = l.source JOIN entities t ON t.id = l.target"):
            evid.setdefault(row[0], []).append(row[1:])
        for doc, h in docs:
            out[h] = (sorted(ment.get(doc, [])), sorted(evid.get(doc, [])))
    finally:
        con.close()
    return out


def dangling(db):
    """What refers to a document that is not there, or a document's link
    left without evidence: the marks of a half-stored document."""
    if not os.path.exists(db):
        return []
    con = connect(db)
    problems = []
    try:
        if not has_schema(con):
            return []
        queries = {
            "evidence of a missing document":
                "SELECT count(*) FROM evidence WHERE doc_id <> 0 AND doc_id NOT IN (SELECT id FROM documents)",
            "entities from a missing document":
                "SELECT count(*) FROM entities WHERE origin_doc <> 0 AND origin_doc NOT IN (SELECT id FROM documents)",
            "links from a missing document":
                "SELECT count(*) FROM links WHERE origin_doc <> 0 AND origin_doc NOT IN (SELECT id FROM documents)",
            "aliases from a missing document":
                "SELECT count(*) FROM aliases WHERE origin_doc <> 0 AND origin_doc NOT IN (SELECT id FROM documents)",
            "document links without evidence":
                "SELECT count(*) FROM links WHERE origin_doc <> 0 AND id NOT IN (SELECT link_id FROM evidence)",
        }
        for what, q in queries.items():
            n = con.execute(q).fetchone()[0]
            if n:
                problems.append("%d %s" % (n, what))
    finally:
        con.close()
    return problems


def counts(db):
    if not os.path.exists(db):
        return None
    con = connect(db)
    try:
        if not has_schema(con):
            return None
        return tuple(con.execute("SELECT count(*) FROM " + t).fetchone()[0]
                     for t in ("entities", "aliases", "links", "link_topics", "evidence",
                               "documents", "mentions"))
    finally:
        con.close()


def dump(db):
    """Every row of every relgraph table, sorted: the database's content."""
    con = connect(db)
    try:
        out = []
        for t in ("entities", "aliases", "links", "link_topics", "evidence", "documents", "mentions"):
            # a document's ingested_at is the clock's, not content
            cols = "id, name, hash, title, date" if t == "documents" else "*"
            out.append((t, sorted(con.execute("SELECT %s FROM %s" % (cols, t)).fetchall(), key=repr)))
        return out
    finally:
        con.close()


def check_kill_state(db, ref, label):
    """The invariants every kill must leave; returns the number of documents present."""
    ok = True
    msg = integrity(db)
    ok &= check(msg == "ok", label + ": integrity", msg)
    probs = dangling(db)
    ok &= check(not probs, label + ": nothing half-stored", "; ".join(probs))
    got = contributions(db) if os.path.exists(db) else {}
    wrong = [h for h, c in got.items() if ref.get(h) != c]
    ok &= check(not wrong, label + ": %d documents wholly present, the others absent" % len(got),
                "%d documents differ from the reference, first %s" % (len(wrong), wrong[:1]))
    return len(got), ok


# ---- the corpus --------------------------------------------------------------

def make_corpus(out, mb, doc_kb):
    subprocess.run([sys.executable, os.path.join(SRC, "bench", "gen_ingest_corpus.py"),
                    os.path.join(DATA, "packs", "city-diplomacy", "lexicon.json"), out,
                    str(mb), str(doc_kb)], check=True, stdout=subprocess.DEVNULL)
    return len(os.listdir(out))


def reference_ingest(work):
    corpus = os.path.join(work, "corpus")
    ndocs = make_corpus(corpus, 0.42, 2)
    ref_db = os.path.join(work, "ref.db")
    t0 = time.monotonic()
    rg(ref_db, "ingest", "--quiet", corpus)
    elapsed = time.monotonic() - t0
    ref_export = export(ref_db, os.path.join(work, "ref.json"))
    return corpus, ndocs, ref_db, ref_export, elapsed


# ---- modes ----------------------------------------------------------------------

def mode_ingest(work, kills, rnd):
    corpus, ndocs, ref_db, ref_export, T = reference_ingest(work)
    ref = contributions(ref_db)
    # the time a run takes before its first write (loading the pack, reading
    # the documents already stored): most kills should fall after it
    t0 = time.monotonic()
    rg(ref_db, "ingest", "--quiet", corpus)
    S = min(time.monotonic() - t0, T)
    print("# ingest: %d documents, reference run %.2f s, a run with nothing to do %.2f s"
          % (ndocs, T, S))
    db = os.path.join(work, "chain.db")
    killed = passed = mid = completions = 0
    while killed < kills:
        before = counts(db)
        # four kills in five fall while documents are being stored (timed
        # from the run's first write), the others anywhere in the run
        # half the runs commit every few documents, so that kills fall
        # between groups and inside them; the others use the default groups
        group = rnd.choice([[], ["--commit-every", "6K"]])
        args = ["ingest", "--quiet"] + group + [corpus]
        how = " (--commit-every 6K)" if group else ""
        if rnd.random() < 0.8:
            delay, when = rnd.uniform(0, (T - S) / 2), "after the first write" + how
            was_killed, rc, _ = run_killed(db, args, delay, True)
        else:
            delay, when = rnd.uniform(0, T), "after the start" + how
            was_killed, rc, _ = run_killed(db, args, delay)
        if not was_killed:
            completions += 1
            check(rc == 0, "ingest run %d completed after earlier kills: exit %d" % (completions, rc))
            check(export(db, os.path.join(work, "chain.json")) == ref_export,
                  "ingest run %d completed after earlier kills: export same as uninterrupted" % completions)
            remove_db(db)
            continue
        killed += 1
        label = "ingest kill %d at %.3f s %s" % (killed, delay, when)
        present, ok = check_kill_state(db, ref, label)
        if counts(db) != before:
            mid += 1
        passed += ok
    final = rg(db, "ingest", "--quiet", corpus, check_rc=False)
    check(final.returncode == 0, "ingest: the final re-run completes", final.stderr.decode(errors="replace"))
    check(export(db, os.path.join(work, "chain.json")) == ref_export,
          "ingest: the final re-run's export is the uninterrupted run's")
    print("# ingest: %d/%d kills left a sound database (%d of them while documents were"
          " being stored; %d re-runs completed mid-chain)" % (passed, killed, mid, completions))
    return passed, killed


def mode_import(work, kills, rnd):
    _, _, _, ref_export, _ = reference_ingest(work)
    src = os.path.join(work, "ref.json")
    db = os.path.join(work, "imp.db")
    t0 = time.monotonic()
    rg(db, "import", src)
    T = time.monotonic() - t0
    check(export(db, os.path.join(work, "imp.json")) == ref_export,
          "import: an uninterrupted import exports like the original")
    # what an import stores (an export carries no mentions, for one)
    ref = contributions(db)
    full = counts(db)
    ref_dump = dump(db)
    print("# import: %d entities, %d links; uninterrupted import %.2f s" % (full[0], full[2], T))
    passed = 0
    for k in range(1, kills + 1):
        remove_db(db)
        delay = rnd.uniform(0, T)
        was_killed, rc, _ = run_killed(db, ["import", src], delay)
        label = "import kill %d at %.3f s" % (k, delay)
        if not was_killed:
            check(rc == 0, label + ": finished before the kill: exit %d" % rc)
        present, ok = check_kill_state(db, ref, label)
        c = counts(db)
        ok &= check(c in (None, (0,) * 7, full), label + ": all or nothing imported", repr(c))
        again = rg(db, "import", src, check_rc=False)
        ok &= check(again.returncode == 0, label + ": the re-run completes",
                    again.stderr.decode(errors="replace"))
        # every row as the uninterrupted import's (cheaper than an export,
        # and stricter); the last re-run's export is compared too
        ok &= check(dump(db) == ref_dump, label + ": the re-run stores what the uninterrupted import does")
        if k == kills:
            ok &= check(export(db, os.path.join(work, "imp.json")) == ref_export,
                        label + ": the re-run exports like the uninterrupted import")
        passed += ok
    print("# import: %d/%d kills left a sound database and a working re-run" % (passed, kills))
    return passed, kills


def merge_graph(path, n):
    """Two cities that are one (Alpha, Alpha City), each linked to n others,
    with evidence: merging them moves and merges thousands of rows."""
    ents = [{"id": "e1", "type": "city", "name": "Alpha", "aliases": [], "attrs": {}},
            {"id": "e2", "type": "city", "name": "Alpha City", "aliases": [], "attrs": {}}]
    links = []
    for i in range(n):
        ents.append({"id": "e%d" % (i + 3), "type": "city", "name": "Town %d" % i,
                     "aliases": [], "attrs": {}})
    for i in range(n):
        for who in (1, 2):
            if who == 2 and i % 3 == 0:
                continue  # one in three links only Alpha has: not every link merges
            links.append({"id": "l%d" % (len(links) + 1), "type": "sister_city", "source": "e%d" % who,
                          "target": "e%d" % (i + 3), "date": "20%02d" % (i % 25) if who == 1 else None,
                          "topics": ["trade"] if who == 2 else [], "attrs": {},
                          "evidence": [{"doc": "d1", "start": i * 10, "end": i * 10 + 9,
                                        "text": "Alpha%s and Town %d are sister cities." %
                                                (" City" if who == 2 else "", i)}]})
    graph = {"format": "relgraph", "version": 1, "entities": ents, "links": links,
             "documents": [{"id": "d1", "name": "merge.txt", "hash": "sha256:" + "0" * 64,
                            "title": None, "date": None}]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(graph, f, ensure_ascii=False)


def mode_merge(work, kills, rnd):
    gfile = os.path.join(work, "merge.json")
    merge_graph(gfile, 4000)
    base = os.path.join(work, "base.db")
    rg(base, "import", gfile)
    before = dump(base)
    ref_db = os.path.join(work, "merged.db")
    shutil.copy(base, ref_db)
    t0 = time.monotonic()
    rg(ref_db, "merge", "Alpha", "Alpha City")
    T = time.monotonic() - t0
    after = dump(ref_db)
    ref_export = export(ref_db, os.path.join(work, "merged.json"))
    ref_before = contributions(base)
    ref_after = contributions(ref_db)
    check(before != after, "merge: the uninterrupted merge changes the database")
    print("# merge: %d links touch the two entities; uninterrupted merge %.2f s"
          % (len(before[2][1]), T))
    db = os.path.join(work, "m.db")
    passed = n_before = n_after = 0
    for k in range(1, kills + 1):
        remove_db(db)
        shutil.copy(base, db)
        delay = rnd.uniform(0, T)
        was_killed, rc, _ = run_killed(db, ["merge", "Alpha", "Alpha City"], delay)
        label = "merge kill %d at %.3f s" % (k, delay)
        if not was_killed:
            check(rc == 0, label + ": finished before the kill: exit %d" % rc)
        ok = check(integrity(db) == "ok", label + ": integrity", integrity(db))
        state = dump(db)
        is_before, is_after = state == before, state == after
        ok &= check(is_before or is_after, label + ": the database is exactly before or after the merge")
        if is_before:
            n_before += 1
            ok &= check(contributions(db) == ref_before, label + ": the document's contribution is intact")
            again = rg(db, "merge", "Alpha", "Alpha City", check_rc=False)
            ok &= check(again.returncode == 0, label + ": the re-run completes",
                        again.stderr.decode(errors="replace"))
            ok &= check(dump(db) == after, label + ": the re-run stores what the uninterrupted merge does")
        else:
            n_after += 1
            ok &= check(contributions(db) == ref_after, label + ": the document's contribution is intact")
        if k == kills or (is_before and n_before == 1):
            ok &= check(export(db, os.path.join(work, "m.json")) == ref_export,
                        label + ": exports like the uninterrupted merge")
        passed += ok
    print("# merge: %d/%d kills left the database before (%d) or after (%d) the merge"
          % (passed, kills, n_before, n_after))
    return passed, kills


def main():
    mode, work, kills, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rnd = random.Random("%s-%d" % (mode, seed))
    os.makedirs(work, exist_ok=True)
    print("# %s: %d kills, seed %d" % (mode, kills, seed))
    try:
        {"ingest": mode_ingest, "import": mode_import, "merge": mode_merge}[mode](work, kills, rnd)
    except Exception as e:  # a failed setup step is a failed test, not a traceback
        check(False, mode + ": setup", str(e))
    return 0 if results["fail"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
