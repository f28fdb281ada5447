#!/usr/bin/env bash
# Web benchmarks (issue 5), on a release build, with RECORDS persons in the registry (default 1,000,000):
#   - registry search latency through the API (target: p99 under 50 ms), names in Latin and Cyrillic
#     and reference prefixes, one request at a time over a kept-alive connection;
#   - wrk -t2 -c64 against a record page and against a search page (target: 3,000 requests/s each, no errors).
# Usage: bash bench/web.sh [RECORDS]   The registry is built once into bench/out/web-RECORDS/ and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-1000000}"
out="bench/out/web-$records"
mkdir -p "$out"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product parley --scratch-path .build-release >/dev/null
parley=".build-release/release/parley"
db="$out/web.sqlite"

if [ ! -f "$out/ready" ]; then
    echo "== building a registry of $records synthetic persons (once)"
    rm -f "$db" "$db-wal" "$db-shm"
    "$parley" generate --out "$out" --held-per-side "$records" >/dev/null
    "$parley" init --db "$db" >/dev/null
    "$parley" party add UA --name Ukraine --role belligerent --db "$db" --as admin >/dev/null
    "$parley" party add ICRC --name ICRC --role observer --db "$db" --as admin >/dev/null
    "$parley" import --db "$db" --party UA --kind held "$out/ua-held.csv" >/dev/null
    echo "benchmark password" | "$parley" user add bench --principal observer:ICRC --db "$db" --as admin >/dev/null
    rm -f "$out"/*.csv
    touch "$out/ready"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$parley" serve --db "$db" --host 127.0.0.1 --port "$port" >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/login" 2>/dev/null && break; sleep 0.2; done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/web/search_latency.py "http://127.0.0.1:$port" "$out/session.txt"
cookie=$(cat "$out/session.txt")
record=$(curl -fsS -H "Cookie: parley_session=$cookie" "http://127.0.0.1:$port/api/v1/records?limit=1&offset=$((records / 2))" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["records"][0]["id"])')
for target in "/records/$record" "/registry?q=Oleksandr"; do
    echo "== wrk -t2 -c64 -d20s $target"
    wrk -t2 -c64 -d20s -H "Cookie: parley_session=$cookie" "http://127.0.0.1:$port$target" | tee "$out/wrk.txt" |
        grep -E "Requests/sec|Non-2xx|Socket errors|Latency"
done
# The pages above are rendered once per version of the database and then served as kept. For what a search costs
# when it is not, every request here asks for another full name (the registry's distinct ones, up to 50,000).
python3 - "$db" "$out/names.txt" <<'PYTHON'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT DISTINCT surname || ' ' || given_name FROM record WHERE given_name IS NOT NULL LIMIT 50000")
open(sys.argv[2], "w").write("\n".join(name for (name,) in rows) + "\n")
PYTHON
echo "== wrk -t2 -c64 -d20s /registry?q=<a different full name each time> ($(wc -l <"$out/names.txt") names)"
NAMES="$out/names.txt" wrk -t2 -c64 -d20s -s bench/web/distinct_searches.lua -H "Cookie: parley_session=$cookie" \
    "http://127.0.0.1:$port" | grep -E "Requests/sec|Non-2xx|Socket errors|Latency"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
