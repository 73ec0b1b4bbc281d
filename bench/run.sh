#!/usr/bin/env bash
# `make bench`: compiles the C references into a temp dir, then runs bench/bench.py (table on stdout, bench/results.json).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_TOOLS=${BENCH_TOOLS:-${TMPDIR:-/tmp}/parley-bench-tools}
export PARLEY_BIN=${PARLEY_BIN:-$here/../.build/release/parley}
mkdir -p "$BENCH_TOOLS"
for t in wrk sqlite3 gcc python3; do command -v $t >/dev/null || { echo "bench: $t is missing (apt-get install wrk sqlite3 gcc python3)"; exit 1; }; done
gcc -O2 -Wall -o "$BENCH_TOOLS/hello" "$here/hello.c" -lmicrohttpd
gcc -O2 -Wall -o "$BENCH_TOOLS/ref_ingest" "$here/ref_ingest.c" -lmicrohttpd -lsqlite3 -lcrypto -lpthread
ulimit -n 65536 2>/dev/null || true
exec python3 "$here/bench.py"
