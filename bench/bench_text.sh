#!/bin/sh
# bench_text.sh - throughput of the builder's text stages (normalize,
# scan, phrase matching) on generated text, against a plain byte pass
# measured in the same run.  Builds bench/bench_text.c against
# build/librelgraph.a (make builds the library first).
#   usage: sh bench/bench_text.sh [MEGABYTES]   (default 8)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
lib="$root/build/librelgraph.a"
[ -f "$lib" ] || make -C "$root" -s build/librelgraph.a
out="${TMPDIR:-/tmp}/relgraph-bench-text.$$"
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2046
cc -std=c11 -O2 -D_GNU_SOURCE -o "$out" "$here/bench_text.c" "$lib" \
  $(pkg-config --cflags --libs libutf8proc jansson libxml-2.0 geonames libcrypto) -lm
"$out" "${1:-8}"
