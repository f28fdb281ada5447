"""The soak load of bench/soak.sh: SECONDS of mixed work against a live `parley serve` of the demo database, as many
requests as the server will take, then the proofs.

Workers, each a thread with its own sign-in, looping until the time is up:
  - searchers: a name, Latin or Cyrillic, through the API's registry search and through the registry page;
  - importers: registry files of 300 rows, each with references of its own, through the API;
  - reviewers: the observer confirming or rejecting pairs of the review queue, one by one;
  - a signer: for each of the agreements bench/soak.sh recorded, Ukraine's list drafted, filled, frozen and signed
    by the Ukrainian and Russian officials and by the mediator, each uploading their key file through the page's form;
  - sign-ins and sign-outs.

It reports requests served per kind, errors (any answer but the expected and 503), latency percentiles, and the
server's peak memory; then checks that every acknowledged import and signature is in the database and that the
journal verifies. Exits 1 when an error was answered, an acknowledged write is missing or the journal fails.

Usage: python3 bench/soak/soak.py URL-PORT DB KEYS SECONDS AGREEMENT-ID...
"""

import collections
import json
import os
import random
import sqlite3
import sys
import threading
import time
import traceback
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "live"))
import live  # noqa: E402

port, db, keys, seconds = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
agreements = [int(value) for value in sys.argv[5:]]
server_pid = int(os.environ["SOAK_SERVER_PID"])
deadline = time.monotonic() + seconds
lock = threading.Lock()
served = collections.Counter()
busy = collections.Counter()
errors = []
latencies = collections.defaultdict(list)
imports_acknowledged = []
signatures_acknowledged = []


def timed(kind, call, expected):
    """CALL's answer, counted under KIND; an answer not in EXPECTED (nor 503) is an error."""
    started = time.monotonic()
    try:
        status, headers, body = call()
    except OSError as error:
        with lock:
            errors.append((kind, "connection", str(error)))
        return None, None, None
    took = time.monotonic() - started
    with lock:
        latencies[kind].append(took)
        if status in expected:
            served[kind] += 1
        elif status == 503:
            busy[kind] += 1
        else:
            errors.append((kind, status, body[:300]))
    return status, headers, body


def names():
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "SELECT surname FROM record WHERE party = 'UA' AND kind = 'held' ORDER BY id LIMIT 2000").fetchall()
    connection.close()
    return [surname for (surname,) in rows]


def searcher(surnames):
    session = live.Session(port, "observer")
    while time.monotonic() < deadline:
        query = urllib.parse.quote_plus(random.choice(surnames))
        timed("search (API)", lambda: session.get(f"/api/v1/records?q={query}&limit=20"), (200,))
        timed("search (page)", lambda: live.request(
            port, "GET", f"/registry?q={query}", headers={"Cookie": session.cookie}), (200,))


def importer(lane, header, rows):
    session = live.Session(port, "official-ru")
    number = 0
    while time.monotonic() < deadline:
        prefix = f"SOAK{lane}N{number}{uuid.uuid4().hex[:6]}-"
        body = live.registry_file(header, live.with_references(header, rows, prefix))
        status, _, _ = timed("import", lambda: session.import_file(body, file=f"{prefix}.csv"), (201,))
        if status == 201:
            with lock:
                imports_acknowledged.append((prefix, len(rows)))
        number += 1


def reviewer():
    session = live.Session(port, "observer")
    while time.monotonic() < deadline:
        _, _, body = timed("review queue", lambda: session.get("/api/v1/review?seeking=UA&limit=20"), (200,))
        pairs = json.loads(body) if body else []
        if not pairs:
            time.sleep(0.2)
            continue
        pair = pairs[0]["pair"]
        verdict = random.choice(["confirmed", "rejected"])
        timed("review decision", lambda: session.post_json(f"/api/v1/review/{pair}", {"verdict": verdict}), (200, 409))


def multipart_sign(session, list_id, digest, key_path):
    boundary = uuid.uuid4().hex
    key = open(key_path, "rb").read()
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"digest\"\r\n\r\n{digest}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"key\"; filename=\"{os.path.basename(key_path)}\"\r\n"
        f"Content-Type: application/json\r\n\r\n").encode() + key + f"\r\n--{boundary}--\r\n".encode()
    return live.request(
        port, "POST", f"/lists/{list_id}/approvals?_csrf={session.csrf}", body,
        {"Cookie": session.cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"})


def signer():
    ua = live.Session(port, "official-ua")
    ru = live.Session(port, "official-ru")
    mediator = live.Session(port, "mediator")
    # Each signer's session and principal; their demo key files are named for the principal (official-UA.key).
    signers = [(ua, "official:UA"), (ru, "official:RU"), (mediator, "mediator:US")]
    key_files = {name: os.path.join(keys, name.replace(":", "-") + ".key") for _, name in signers}
    for name, path in key_files.items():
        if not os.path.exists(path):
            raise SystemExit(f"{path}: no demo key file for {name}; found {sorted(os.listdir(keys))}")
    for agreement in agreements:
        if time.monotonic() >= deadline:
            return
        status, _, body = timed("list draft", lambda: ua.post_json("/api/v1/lists", {"agreement": agreement}), (201,))
        if status != 201:
            continue
        list_id = json.loads(body)["summary"]["list"]
        _, _, page = timed("list candidates", lambda: ua.get(
            "/api/v1/records?party=UA&kind=held&status=registered&limit=3&offset=" + str(random.randrange(500))), (200,))
        references = [record["reference"] for record in json.loads(page)["records"]] if page else []
        timed("list add", lambda: ua.post_json(f"/api/v1/lists/{list_id}/entries", {"references": references}), (200,))
        status, _, body = timed("list freeze", lambda: ua.post_json(f"/api/v1/lists/{list_id}/freeze", {}), (200, 409))
        if status != 200:
            continue
        digest = json.loads(body)["summary"]["digest"]
        for session, name in signers:
            status, _, _ = timed(
                "signature", lambda: multipart_sign(session, list_id, digest, key_files[name]), (303,))
            if status == 303:
                with lock:
                    signatures_acknowledged.append((list_id, name))


def signing_in():
    while time.monotonic() < deadline:
        status, headers, body = timed("sign-in", lambda: live.request(
            port, "POST", "/api/v1/session", json.dumps({"username": "official-ua", "password": live.PASSWORD}),
            {"Content-Type": "application/json"}), (201,))
        if status == 201:
            cookie = (headers.get("Set-Cookie") or "").split(";")[0]
            token = json.loads(body)["csrfToken"]
            timed("sign-out", lambda: live.request(
                port, "DELETE", "/api/v1/session", headers={"Cookie": cookie, "X-CSRF-Token": token}), (204,))


def thread_of(target, *arguments):
    """TARGET run as a thread whose failure is an error of the soak, not a thread that quietly stops."""

    def run():
        try:
            target(*arguments)
        except Exception:
            with lock:
                errors.append((target.__name__, "exception", traceback.format_exc(limit=3)))

    return threading.Thread(target=run)


def peak_memory():
    peak = 0
    while time.monotonic() < deadline + 5:
        try:
            with open(f"/proc/{server_pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
        except FileNotFoundError:
            break
        time.sleep(0.5)
    return peak


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0


def main():
    header, rows = live.registry_rows(os.environ["SOAK_IMPORT_FILE"])
    rows = rows[:300]
    surnames = names()
    workers = [thread_of(searcher, surnames) for _ in range(4)]
    workers += [thread_of(importer, lane, header, rows) for lane in range(2)]
    workers += [thread_of(reviewer), thread_of(signer), thread_of(signing_in)]
    memory = {}
    watcher = threading.Thread(target=lambda: memory.update(peak=peak_memory()))
    started = time.monotonic()
    watcher.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    watcher.join()

    print(f"== {elapsed:.0f} s of mixed load")
    print(f"{'kind':<18} {'served':>7} {'503':>5} {'p50 ms':>8} {'p99 ms':>8}")
    for kind in sorted(set(served) | set(busy) | set(latencies)):
        print(f"{kind:<18} {served[kind]:>7} {busy[kind]:>5} {percentile(latencies[kind], 0.5) * 1000:>8.1f} "
              f"{percentile(latencies[kind], 0.99) * 1000:>8.1f}")
    total = sum(served.values())
    print(f"requests served: {total} ({total / elapsed:.0f}/s); answered 503: {sum(busy.values())}; "
          f"errors: {len(errors)}; server's peak memory (VmHWM): {memory.get('peak', 0):.0f} MiB")
    for error in errors[:10]:
        print("error:", error)

    # Every acknowledged write is in the database.
    connection = sqlite3.connect(db)
    missing = []
    for prefix, count in imports_acknowledged:
        found = connection.execute("SELECT count(*) FROM record WHERE reference LIKE ? || '%'", (prefix,)).fetchone()[0]
        if found != count:
            missing.append(f"import {prefix}: {found} of {count} records")
    for list_id, signer_name in signatures_acknowledged:
        found = connection.execute(
            "SELECT count(*) FROM approval a JOIN list_version v ON v.id = a.version WHERE v.list = ? AND a.signer = ?",
            (list_id, signer_name)).fetchone()[0]
        if found == 0:
            missing.append(f"signature of list {list_id} by {signer_name}")
    connection.close()
    print(f"acknowledged imports: {len(imports_acknowledged)}; acknowledged signatures: {len(signatures_acknowledged)}; "
          f"missing: {len(missing)}")
    for line in missing[:10]:
        print("missing:", line)
    return 1 if errors or missing else 0


if __name__ == "__main__":
    sys.exit(main())
