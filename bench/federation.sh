#!/usr/bin/env bash
# Federation benchmarks (issue 12), on a release build:
#   - a party node transmits a registry of RECORDS (default 100,000) to the hub on a carried file, end to
#     end: signing and queueing (transmit), encrypting (outbox export), opening, verifying, applying and
#     journaling on the hub (inbox import), and the receipt back (export on the hub, import on the party);
#     and the same over loopback HTTPS (`parley sync` to the hub's `parley serve`); target: under 10 s;
#   - a witness cosigns a checkpoint of a 1,000,000-entry journal with a consistency proof (target: under 50 ms).
# Usage: bash bench/federation.sh [RECORDS]
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-100000}"
out="$(pwd)/bench/out/federation-$records"
rm -rf "$out" && mkdir -p "$out"

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
swift build -c release --product parley --scratch-path .build-release >/dev/null
swift build -c release --product witness-bench --scratch-path .build-release >/dev/null
parley="$(pwd)/.build-release/release/parley"

measure() {
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/last.log" 2>&1 || { cat "$out/last.log"; exit 1; }
    read -r seconds kib <"$out/time.txt"
    printf '| %-52s | %8.2f s | %6.0f MiB |\n' "$label" "$seconds" "$((kib / 1024))"
    total=$(awk "BEGIN { print $total + $seconds }")
}

cd "$out"
"$parley" generate --out generated --held-per-side "$records" >/dev/null

# Two nodes, UA and the hub, with UA's registry imported: PREFIX-ua.db and PREFIX-hub.db; with a port,
# each also gets an address and a certificate, and each registers the other as `node show` prints it.
make_nodes() {
    local prefix="$1" port="${2:-}"
    for node in ua hub; do
        "$parley" init --db "$prefix-$node.db" >/dev/null
        "$parley" party add UA --name Ukraine --role belligerent --db "$prefix-$node.db" --as admin >/dev/null
        "$parley" party add ICRC --name ICRC --role observer --db "$prefix-$node.db" --as admin >/dev/null
        "$parley" party add US --name "United States" --role mediator --db "$prefix-$node.db" --as admin >/dev/null
    done
    local ua_url=() hub_url=()
    if [ -n "$port" ]; then
        ua_url=(--url "https://127.0.0.1:$((port + 1))")
        hub_url=(--url "https://127.0.0.1:$port")
    fi
    "$parley" node init --db "$prefix-ua.db" --node UA --kind party "${ua_url[@]}" --as admin >/dev/null
    "$parley" node init --db "$prefix-hub.db" --node ICRC --kind hub --speaks-for ICRC,US "${hub_url[@]}" --as admin >/dev/null
    # `node show` prints the identity line, then the command that registers the node on a peer.
    local ua_add hub_add
    ua_add="$("$parley" node show --db "$prefix-ua.db" | tail -1)"
    hub_add="$("$parley" node show --db "$prefix-hub.db" | tail -1)"
    eval "\"$parley\" ${hub_add#parley } --db $prefix-ua.db --as admin" >/dev/null
    eval "\"$parley\" ${ua_add#parley } --db $prefix-hub.db --as admin" >/dev/null
    "$parley" import --db "$prefix-ua.db" --party UA --kind held generated/ua-held.csv --as official:UA >/dev/null
}

make_nodes carried
sync
total=0
echo "| step ($records records, UA to the hub on a carried file)    |     wall   |  peak  |"
echo "|------------------------------------------------------|------------|--------|"
measure "UA: transmit records (read, sign, queue, journal)" "$parley" transmit records --to ICRC --db carried-ua.db --as admin
measure "UA: outbox export (encrypt to the hub)" "$parley" outbox export --to ICRC --out to-hub.age --db carried-ua.db --as admin
measure "hub: inbox import (open, verify, apply, journal, receipt)" "$parley" inbox import to-hub.age --db carried-hub.db --as admin
measure "hub: outbox export (the receipt)" "$parley" outbox export --to UA --out to-ua.age --db carried-hub.db --as admin
measure "UA: inbox import (keep the receipt)" "$parley" inbox import to-ua.age --db carried-ua.db --as admin
printf '| %-52s | %8.2f s |        |\n' "end to end" "$total"
echo "carried file: $(stat -c %s to-hub.age) bytes"

echo
port=$((20000 + RANDOM % 20000))
make_nodes online "$port"
"$parley" serve --db online-hub.db --port $((port + 2)) --federation-host 127.0.0.1 >hub-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
sync
total=0
echo "| step ($records records, UA to the hub over loopback HTTPS) |     wall   |  peak  |"
echo "|------------------------------------------------------|------------|--------|"
measure "UA: transmit records (read, sign, queue, journal)" "$parley" transmit records --to ICRC --db online-ua.db --as admin
measure "UA: sync (send; the hub checks, applies, journals; receipts back)" "$parley" sync --db online-ua.db --as admin
printf '| %-52s | %8.2f s |        |\n' "end to end" "$total"
grep -o "ICRC: .*" "$out/last.log" || true
hub_rss=$(ps -o rss= -p $server)
echo "hub's parley serve after the sync: $((hub_rss / 1024)) MiB resident"
kill $server
cd - >/dev/null

echo
.build-release/release/witness-bench 1000000 200
