"""A hostile user against a live `parley serve` on 127.0.0.1, over real sockets: oversized bodies declared and
undeclared, uploads by someone who may not upload, parallel sign-ins, heads and bodies sent slowly, more
connections than the server serves, long bad values, another party's records, forged and GET-borne writes, and
markup in names. The server's limits are set low so that each proof takes seconds.

Run by scripts/live-test (which scripts/test runs): python3 -m unittest discover -s Tests/live
"""

import json
import os
import re
import threading
import time
import unittest

import live

HEAD_TIMEOUT = 2
IDLE_TIMEOUT = 3
MAX_CONNECTIONS = 24
MAX_UPLOAD_MIB = 8
MIB = 1024 * 1024

server = None
files = None
cleanup = None


def setUpModule():
    global server, files, cleanup
    folder, cleanup = live.temporary_folder("parley-live-")
    path, files = live.build_database(folder)
    server = live.Server(
        path, "--head-timeout", str(HEAD_TIMEOUT), "--idle-timeout", str(IDLE_TIMEOUT),
        "--max-connections", str(MAX_CONNECTIONS), "--max-upload-mib", str(MAX_UPLOAD_MIB))


def tearDownModule():
    if server:
        server.stop()
    if cleanup:
        cleanup()


def upload_head(session, length=None):
    """The head of an import through the API by SESSION, of a body declared LENGTH bytes long, or chunked."""
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    return (
        f"POST /api/v1/imports?kind=held HTTP/1.1\r\nHost: x\r\nCookie: {session.cookie}\r\n"
        f"X-CSRF-Token: {session.csrf}\r\nContent-Type: text/csv\r\n{framing}\r\n\r\n")


def send_until_refused(connection, total, chunk=64 * 1024, chunked=False):
    """Sends up to TOTAL bytes of body, as chunks of the chunked coding or plainly, until the server stops taking
    them; the bytes it took."""
    block = b"a" * chunk
    sent = 0
    try:
        while sent < total:
            connection.send(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            sent += len(block)
    except (BrokenPipeError, ConnectionResetError):
        pass
    return sent


class OversizedBodies(unittest.TestCase):
    def test_a_declared_oversized_sign_in_is_refused_before_its_body(self):
        before = server.memory()
        connection = live.RawConnection(server.port)
        connection.send(
            "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 500000000\r\n\r\n")
        answer = connection.read_answer(5)
        connection.close()
        self.assertEqual(live.status_of(answer), 413, answer[:300])
        self.assertLess(server.memory() - before, 16)

    def test_an_undeclared_oversized_sign_in_is_cut_off_at_its_limit(self):
        before = server.memory()
        connection = live.RawConnection(server.port)
        connection.send(
            "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")
        sent = send_until_refused(connection, 200 * MIB, chunked=True)
        answer = connection.read_answer(5)
        connection.close()
        # The answer may be lost when the server closes on a client still sending; the bytes taken may not.
        if answer:
            self.assertEqual(live.status_of(answer), 413, answer[:300])
        self.assertLess(sent, 50 * MIB, "the server kept reading a sign-in body far past its 8 KiB")
        self.assertLess(server.memory() - before, 16)

    def test_an_upload_over_the_maximum_is_refused_declared_or_not(self):
        official = live.Session(server.port, "official-ua")
        before = server.memory()
        declared = live.RawConnection(server.port)
        declared.send(upload_head(official, MAX_UPLOAD_MIB * MIB + 1))
        answer = declared.read_answer(5)
        declared.close()
        self.assertEqual(live.status_of(answer), 413, answer[:300])
        self.assertIn(b"8 MiB", answer)

        undeclared = live.RawConnection(server.port)
        undeclared.send(upload_head(official))
        sent = send_until_refused(undeclared, 200 * MIB, chunked=True)
        undeclared.close()
        self.assertLess(sent, 100 * MIB)
        # Uploads go to a file on disk as they arrive, not to the heap.
        self.assertLess(server.memory() - before, 24)

    def test_someone_who_may_not_import_makes_the_server_read_none_of_the_upload(self):
        liaison = live.Session(server.port, "liaison-ua")
        connection = live.RawConnection(server.port)
        connection.send(upload_head(liaison, MAX_UPLOAD_MIB * MIB))
        answer = connection.read_answer(5)
        connection.close()
        self.assertEqual(live.status_of(answer), 403, answer[:300])

    def test_an_error_answer_quotes_at_most_100_characters_of_a_bad_value(self):
        official = live.Session(server.port, "official-ua")
        header, rows = live.registry_rows(files["ua-held.csv"])
        bad = live.with_references(header, rows[:3], "LONG-")
        bad[1][header.index("date_of_birth")] = "9" * 200_000
        status, _, body = official.import_file(live.registry_file(header, bad))
        self.assertEqual(status, 422, body[:300])
        self.assertLess(len(body), 4000)
        problem = json.loads(body)["problems"][0]
        self.assertEqual((problem["line"], problem["column"]), (3, "date_of_birth"))
        self.assertEqual(problem["value"], "9" * 100 + "… (200,000 characters)")


class SignIns(unittest.TestCase):
    def test_parallel_guesses_wait_as_sequential_ones_and_the_holder_still_signs_in(self):
        # Seven wrong guesses at once from one address: the first four go through, then 1, 2 and 4 s, as if made
        # one after the other (the throttle's delays: none for three failures, then 1, 2, 4 ... s).
        finished = []

        def guess(number):
            status, _, _ = live.request(
                server.port, "POST", "/api/v1/session",
                json.dumps({"username": "official-ru", "password": f"wrong guess {number}"}),
                {"Content-Type": "application/json"}, source="127.0.0.2", timeout=60)
            finished.append((time.monotonic(), status))

        started = time.monotonic()
        guesses = [threading.Thread(target=guess, args=(number,)) for number in range(7)]
        for thread in guesses:
            thread.start()
        time.sleep(0.5)
        # Meanwhile the account's holder signs in from another address, at once.
        holder_started = time.monotonic()
        live.Session(server.port, "official-ru", source="127.0.0.3")
        holder_took = time.monotonic() - holder_started
        for thread in guesses:
            thread.join()
        self.assertEqual(sorted(status for _, status in finished), [401] * 7)
        self.assertGreaterEqual(max(at for at, _ in finished) - started, 6.5)
        self.assertLess(holder_took, 3, "the flood from another address locked the account's holder out")

    def test_guesses_at_different_unknown_names_are_slowed_alike(self):
        finished = []

        def guess(number):
            live.request(
                server.port, "POST", "/api/v1/session",
                json.dumps({"username": f"nobody-{number}", "password": "wrong guess"}),
                {"Content-Type": "application/json"}, source="127.0.0.4", timeout=60)
            finished.append(time.monotonic())

        started = time.monotonic()
        guesses = [threading.Thread(target=guess, args=(number,)) for number in range(6)]
        for thread in guesses:
            thread.start()
        for thread in guesses:
            thread.join()
        self.assertGreaterEqual(max(finished) - started, 2.5)


    def test_a_flood_from_one_address_past_eight_waiting_is_refused_at_once(self):
        answers = []

        def guess(number):
            started = time.monotonic()
            try:
                status, headers, _ = live.request(
                    server.port, "POST", "/api/v1/session",
                    json.dumps({"username": "observer", "password": f"flood {number}"}),
                    {"Content-Type": "application/json"}, source="127.0.0.5", timeout=120)
            except OSError:
                return  # the server stopped at the end of the tests with this one still waiting its turn
            answers.append((status, headers.get("Retry-After"), time.monotonic() - started))

        # The admitted ones wait their turns for many seconds; only the refused ones are awaited here.
        for number in range(16):
            threading.Thread(target=guess, args=(number,), daemon=True).start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and sum(1 for status, _, _ in answers if status == 429) < 2:
            time.sleep(0.1)
        refused = [answer for answer in answers if answer[0] == 429]
        self.assertGreaterEqual(len(refused), 2, answers)
        for _, retry_after, took in refused:
            self.assertGreaterEqual(int(retry_after), 1)
            self.assertLess(took, 5)


class SlowClients(unittest.TestCase):
    def test_a_head_sent_a_byte_at_a_time_is_cut_off_at_the_head_timeout(self):
        connection = live.RawConnection(server.port)
        head = b"GET /login HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"s" * 200
        started = time.monotonic()
        closed = False
        for byte in head:
            try:
                connection.send(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            if connection.closed_within(0.5):
                closed = True
                break
        took = time.monotonic() - started
        connection.close()
        # A byte every half second keeps the idle timeout from ever firing; the head timeout does not wait for it.
        self.assertTrue(closed)
        self.assertLess(took, HEAD_TIMEOUT + 1.5)
        self.assertGreater(took, HEAD_TIMEOUT - 0.5)

    def test_a_connection_that_sends_nothing_is_closed(self):
        connection = live.RawConnection(server.port)
        started = time.monotonic()
        self.assertTrue(connection.closed_within(IDLE_TIMEOUT + 2))
        self.assertLess(time.monotonic() - started, IDLE_TIMEOUT + 2)
        connection.close()

    def test_a_half_sent_body_is_closed_at_the_idle_timeout(self):
        connection = live.RawConnection(server.port)
        connection.send(
            "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 100\r\n\r\nusername=")
        started = time.monotonic()
        self.assertTrue(connection.closed_within(IDLE_TIMEOUT + 2))
        self.assertGreater(time.monotonic() - started, IDLE_TIMEOUT - 0.5)
        connection.close()

    def test_connections_beyond_the_maximum_wait_to_be_served(self):
        status, _, _ = live.request(server.port, "GET", "/login")
        self.assertEqual(status, 200)
        held = [live.RawConnection(server.port) for _ in range(MAX_CONNECTIONS)]
        time.sleep(0.3)
        started = time.monotonic()
        status, _, _ = live.request(server.port, "GET", "/login", timeout=30)
        waited = time.monotonic() - started
        for connection in held:
            connection.close()
        self.assertEqual(status, 200)
        # Served only once the head timeout closed the idle connections that held every place.
        self.assertGreater(waited, HEAD_TIMEOUT - 1)


class Boundaries(unittest.TestCase):
    def test_another_partys_records_are_refused(self):
        ua = live.Session(server.port, "official-ua")
        ru = live.Session(server.port, "official-ru")
        _, _, body = ua.get("/api/v1/records?party=UA&kind=held&limit=5")
        ids = [record["id"] for record in json.loads(body)["records"]]
        self.assertTrue(ids)
        for record in ids:
            status, _, _ = ru.get(f"/api/v1/records/{record}")
            self.assertIn(status, (403, 404))
            status, _, page = live.request(server.port, "GET", f"/records/{record}", headers={"Cookie": ru.cookie})
            self.assertIn(status, (403, 404))

    def test_forged_and_get_borne_writes_change_nothing(self):
        admin = live.Session(server.port, "admin")
        _, _, before = admin.get("/api/v1/users")
        # Without the anti-forgery token
        status, _, _ = live.request(
            server.port, "POST", "/api/v1/users/official-ua/disable", headers={"Cookie": admin.cookie})
        self.assertEqual(status, 403)
        # With a wrong one
        status, _, _ = live.request(
            server.port, "POST", "/api/v1/users/official-ua/disable",
            headers={"Cookie": admin.cookie, "X-CSRF-Token": "0" * 43})
        self.assertEqual(status, 403)
        # As a GET
        status, _, _ = admin.get("/api/v1/users/official-ua/disable")
        self.assertIn(status, (404, 405))
        _, _, after = admin.get("/api/v1/users")
        self.assertEqual(json.loads(before), json.loads(after))

    def test_markup_in_a_name_is_shown_as_text_and_no_name_reaches_the_log(self):
        official = live.Session(server.port, "official-ua")
        header, rows = live.registry_rows(files["ua-held.csv"])
        marked = live.with_references(header, rows[:1], "MARKUP-")
        marked[0][header.index("surname")] = '<script>alert("x")</script>'
        status, _, body = official.import_file(live.registry_file(header, marked), file="markup.csv")
        self.assertIn(status, (201, 422), body[:300])
        if status == 201:
            _, _, page = official.get("/registry?q=MARKUP")
            self.assertNotIn(b'<script>alert("x")</script>', page)
        log = server.log_text()
        for row in rows[:20]:
            self.assertNotIn(row[header.index("surname")], log)


if __name__ == "__main__":
    unittest.main()
