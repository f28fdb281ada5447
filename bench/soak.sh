#!/usr/bin/env bash
# Soak (issue 15): 60 s of mixed load at the server's capacity against `parley serve` of the demo database, on a
# release build: searches (API and page), imports, review decisions, lists drafted, frozen and signed by three
# signers through the page's form, sign-ins and sign-outs. Reports requests served and answered 503 per kind,
# latency, errors (any answer but the expected and 503), the server's peak memory, and whether every acknowledged
# import and signature is in the database; then verifies the journal. Exits non-zero on an error, a missing
# acknowledged write or a journal that does not verify.
# Usage: bash bench/soak.sh [SECONDS]   PARLEY=path uses another build: scripts/test runs it for 20 s on the
# debug build (.build/debug/parley), as a proof rather than a measure.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out="bench/out/soak"
rm -rf "$out"
mkdir -p "$out"
if [ -z "${PARLEY:-}" ]; then
    swift build -c release --product parley --scratch-path .build-release >/dev/null
    PARLEY="$(pwd)/.build-release/release/parley"
fi
export PARLEY
db="$out/soak.sqlite"

echo "== building the demo database and $((seconds)) agreements to sign lists under"
"$PARLEY" demo --db "$db" >/dev/null
for account in official-ua:official:UA official-ru:official:RU observer:observer:ICRC mediator:mediator:US; do
    echo "live test password" | "$PARLEY" user add "${account%%:*}" --principal "${account#*:}" --db "$db" --as admin >/dev/null
done
for number in $(seq 1 "$seconds"); do
    "$PARLEY" agreement add --db "$db" --as mediator:US --round 2 --quantity 3 --basis per_side \
        --wording "soak agreement $number" >/dev/null
done
agreements=$(python3 -c "import sqlite3, sys; print(' '.join(str(i) for (i,) in sqlite3.connect(sys.argv[1]).execute(
    \"SELECT id FROM agreement WHERE wording LIKE 'soak agreement %' ORDER BY id\")))" "$db")
"$PARLEY" generate --out "$out/generated" --held-per-side 300 --seed 99 >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PARLEY" serve --db "$db" --host 127.0.0.1 --port "$port" >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
python3 - "$port" <<'PYTHON'
import sys, time, urllib.request
for _ in range(600):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/login", timeout=2)
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("parley serve did not answer within 2 minutes")
PYTHON

echo "== $seconds s of mixed load (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
status=0
SOAK_SERVER_PID=$server SOAK_IMPORT_FILE="$out/generated/ru-held.csv" \
    python3 bench/soak/soak.py "$port" "$db" "$db.keys" "$seconds" $agreements || status=$?
kill "$server"
wait "$server" 2>/dev/null || true
trap - EXIT

echo "== journal verify"
"$PARLEY" journal verify --db "$db" --as admin || status=1
exit $status
