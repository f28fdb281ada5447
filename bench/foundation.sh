#!/usr/bin/env bash
# Foundation benchmarks (issue 2), on a release build:
#   - import 1,000,000 records from CSV (target: under 20 s), with peak memory, three times;
#   - `parley journal verify` over the resulting 1,000,000+ entries (target: under 3 s), with peak memory, three times.
# Usage: bash bench/foundation.sh [RECORDS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-1000000}"
out="bench/out/foundation-$records"
rm -rf "$out" && mkdir -p "$out"

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
swift build -c release --product parley --scratch-path .build-release >/dev/null
parley=".build-release/release/parley"
db="$out/bench.sqlite"

# Measures one command: wall seconds and peak resident memory in MiB.
measure() {
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/last.log" 2>&1 || { cat "$out/last.log"; exit 1; }
    read -r seconds kib <"$out/time.txt"
    printf '| %-44s | %8.2f s | %8.0f MiB |\n' "$label" "$seconds" "$((kib / 1024))"
}

"$parley" generate --out "$out" --held-per-side "$records" >/dev/null

echo "| step ($records records)                      |     wall   |  peak memory |"
echo "|----------------------------------------------|------------|--------------|"
# This machine's speed varies from minute to minute by a fifth or more: each step is timed three times, the
# import each time into a new database.
for run in 1 2 3; do
    rm -f "$db" "$db-wal" "$db-shm"
    "$parley" init --db "$db" >/dev/null
    "$parley" party add UA --name Ukraine --role belligerent --db "$db" --as admin >/dev/null
    # The generated files (more than 600 MB) and the last database are flushed to disk first, so that their
    # writeback is not timed as this import's.
    sync
    measure "import $(wc -l <"$out/ua-held.csv") lines of CSV, run $run" "$parley" import --db "$db" --party UA --kind held "$out/ua-held.csv"
done
sync
for run in 1 2 3; do
    measure "journal verify ($records+ entries, all rows), run $run" "$parley" journal verify --db "$db" --as admin
done
measure "re-import of the same file (adds nothing)" "$parley" import --db "$db" --party UA --kind held "$out/ua-held.csv"
grep -E "entries|added" "$out/last.log" || true
