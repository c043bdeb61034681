#!/usr/bin/python3
"""lexicon_report.py - coverage counts for a pack lexicon (default: the
city-diplomacy pack), and, when the reference corpus is present, how many
gold entities of each type the lexicon knows by some folded form.

usage: tests/lexicon_report.py [--lexicon FILE] [--corpus DIR] [--gazetteer FILE]

--gazetteer takes a JSON array of gazetteer entries (any file in the
lexicon.json shape) to count alongside.  Names are compared folded, as
the corpus guide says: NFD, lower case, marks dropped, d-stroke to d,
only letters and digits kept.  Prints counts only, never corpus text
beyond the names of what the lexicon misses (for curating).
"""
import argparse
import collections
import glob
import json
import os
import sys
import unicodedata


def fold(s):
    out = []
    for ch in unicodedata.normalize('NFD', s).lower():
        if unicodedata.category(ch).startswith('M'):
            continue
        if ch == 'đ':
            ch = 'd'
        if ch.isalnum():
            out.append(ch)
    return ''.join(out)


def forms(e):
    return [e['name']] + [a for a in e.get('aliases', []) if isinstance(a, str)]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lexicon', default=os.path.join(src, 'data/packs/city-diplomacy/lexicon.json'))
    ap.add_argument('--corpus', default=os.path.join(
        os.environ.get('RELGRAPH_SHARED', os.path.join(src, '../shared')), 'corpus'))
    ap.add_argument('--gazetteer', help='JSON array of gazetteer entries to include')
    ap.add_argument('--misses', action='store_true', help='list gold entities the lexicon misses')
    args = ap.parse_args()

    lex = json.load(open(args.lexicon, encoding='utf-8'))
    by_type = collections.Counter(e['type'] for e in lex)
    n_forms = collections.Counter()
    flags = collections.Counter()
    for e in lex:
        n_forms[e['type']] += len(forms(e))
        for f in e.get('flags', []):
            flags[f] += 1
    print('lexicon: %s (%d entries)' % (args.lexicon, len(lex)))
    for t, n in sorted(by_type.items()):
        print('  %-8s %5d entries %6d forms' % (t, n, n_forms[t]))
    print('  flags:', ', '.join('%s %d' % kv for kv in sorted(flags.items())))
    vn = [e for e in lex if e['type'] == 'city' and e.get('attrs', {}).get('province')]
    merged = [e for e in vn if e['attrs'].get('merged_into_2025')]
    print('  Vietnamese provinces and centrally-run cities: %d (before 2025), %d after the 2025 merger'
          % (len(vn), len(vn) - len(merged)))
    print('  countries with iso2: %d' % sum(1 for e in lex if e['type'] == 'country'
                                           and e.get('attrs', {}).get('iso2')))

    known = {}
    for e in lex:
        for f in forms(e):
            known.setdefault((e['type'], fold(f)), 'pack')
    if args.gazetteer:
        gaz = json.load(open(args.gazetteer, encoding='utf-8'))
        print('gazetteer: %d entries' % len(gaz))
        for e in gaz:
            for f in forms(e):
                known.setdefault((e['type'], fold(f)), e.get('source', 'gazetteer'))

    gold_files = sorted(glob.glob(os.path.join(args.corpus, 'gold', '*.json')))
    if not gold_files:
        print('corpus: not found at %s (skipping gold coverage)' % args.corpus)
        return 0
    total = collections.Counter()
    hit = collections.Counter()
    misses = []
    for p in gold_files:
        for e in json.load(open(p, encoding='utf-8'))['entities']:
            t = e['type']
            total[t] += 1
            if any((t, fold(f)) in known for f in forms(e)):
                hit[t] += 1
            else:
                misses.append((t, e['name']))
    print('gold coverage (%d gold files; an entity counts when one of its forms is known):'
          % len(gold_files))
    for t in sorted(total):
        print('  %-8s %3d / %3d' % (t, hit[t], total[t]))
    if args.misses:
        for t, name in misses:
            print('  miss %-8s %s' % (t, name))
    return 0


if __name__ == '__main__':
    sys.exit(main())
