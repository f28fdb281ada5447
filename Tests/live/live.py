"""A live `parley serve` on 127.0.0.1 and the clients that talk to it, for the live tests and bench/soak.sh.

Python's standard library only: raw sockets where a test needs to send a request as no well-behaved client
would (a head a byte at a time, a body larger than it declares, a flood), http.client elsewhere. A client can
speak from any 127.x.y.z address, which Linux routes to the loopback, so that tests can stand for several
machines.
"""

import csv
import http.client
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

PASSWORD = "live test password"

# The accounts every live database has: username -> principal.
ACCOUNTS = {
    "admin": "admin",
    "official-ua": "official:UA",
    "official-ru": "official:RU",
    "liaison-ua": "liaison:UA",
    "observer": "observer:ICRC",
}


def parley_binary():
    """The parley to test: $PARLEY, else the debug build that scripts/test makes."""
    path = os.environ.get("PARLEY") or os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "parley")
    path = os.path.abspath(path)
    if not os.access(path, os.X_OK):
        raise SystemExit(f"{path}: no parley binary; build it with `swift build` or set PARLEY")
    return path


def run(*arguments, stdin=None, check=True):
    """`parley ARGUMENTS`, its standard output; a failure raises with what it printed."""
    done = subprocess.run([parley_binary(), *arguments], input=stdin, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"parley {' '.join(arguments)} exited {done.returncode}: {done.stderr.strip()}")
    return done


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_database(folder, held_per_side=60, seed=7):
    """A database in FOLDER with Ukraine, Russia and the ICRC, each belligerent's held persons (from Parley's own
    seeded generator), and one account per principal of ACCOUNTS, all with PASSWORD. Returns its path and the
    generated registry files by name (ua-held.csv, ru-held.csv, ...)."""
    path = os.path.join(folder, "live.sqlite")
    generated = os.path.join(folder, "generated")
    run("init", "--db", path)
    run("party", "add", "UA", "--name", "Ukraine", "--role", "belligerent", "--db", path, "--as", "admin")
    run("party", "add", "RU", "--name", "Russian Federation", "--role", "belligerent", "--db", path, "--as", "admin")
    run("party", "add", "ICRC", "--name", "ICRC", "--role", "observer", "--db", path, "--as", "admin")
    run("generate", "--out", generated, "--held-per-side", str(held_per_side), "--seed", str(seed))
    run("import", "--db", path, "--party", "UA", "--kind", "held", os.path.join(generated, "ua-held.csv"))
    run("import", "--db", path, "--party", "RU", "--kind", "held", os.path.join(generated, "ru-held.csv"))
    for username, principal in ACCOUNTS.items():
        run("user", "add", username, "--principal", principal, "--db", path, "--as", "admin", stdin=PASSWORD + "\n")
    files = {name: os.path.join(generated, name) for name in os.listdir(generated)}
    return path, files


def registry_rows(path):
    """The header and rows of a registry CSV file."""
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    return rows[0], rows[1:]


def registry_file(header, rows):
    """A registry CSV file's bytes, in UTF-8."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def with_references(header, rows, prefix):
    """ROWS with PREFIX before each reference, so that they are new persons to the registry."""
    column = header.index("id")
    return [row[:column] + [prefix + row[column]] + row[column + 1:] for row in rows]


class Server:
    """`parley serve --db PATH` on a free port of 127.0.0.1 with EXTRA options, until stop() or kill()."""

    def __init__(self, path, *extra, log=None):
        self.path = path
        self.port = free_port()
        self.log_path = log or path + ".serve.log"
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [parley_binary(), "serve", "--db", path, "--host", "127.0.0.1", "--port", str(self.port), *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"parley serve exited {self.process.returncode}: {self.log_text()[-2000:]}")
            try:
                status, _, _ = request(self.port, "GET", "/login", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.kill()
        raise AssertionError("parley serve did not answer within 120 s")

    def log_text(self):
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as file:
            return file.read()

    def memory(self, field="RssAnon"):
        """The server's FIELD from /proc/PID/status (RssAnon: its heap and other private memory), in MiB."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        raise AssertionError(f"no {field} in /proc/{self.process.pid}/status")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def kill(self):
        """SIGKILL: the server has no moment to finish anything."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.log.close()


def request(port, method, path, body=None, headers=None, source="127.0.0.1", timeout=30):
    """One request on a connection of its own from address SOURCE: (status, headers, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Session:
    """A user signed in through the API: the session cookie and the anti-forgery token."""

    def __init__(self, port, username, password=PASSWORD, source="127.0.0.1"):
        self.port = port
        self.source = source
        status, headers, body = request(
            port, "POST", "/api/v1/session", json.dumps({"username": username, "password": password}),
            {"Content-Type": "application/json"}, source=source)
        if status != 201:
            raise AssertionError(f"{username} could not sign in: {status} {body[:300]!r}")
        cookie = headers.get("Set-Cookie") or headers.get("set-cookie")
        self.cookie = cookie.split(";")[0]
        self.csrf = json.loads(body)["csrfToken"]

    def headers(self, extra=None):
        return {"Cookie": self.cookie, "X-CSRF-Token": self.csrf, **(extra or {})}

    def get(self, path, timeout=30):
        return request(self.port, "GET", path, headers=self.headers(), source=self.source, timeout=timeout)

    def post_json(self, path, value, timeout=60):
        return request(
            self.port, "POST", path, json.dumps(value), self.headers({"Content-Type": "application/json"}),
            source=self.source, timeout=timeout)

    def import_file(self, body, kind="held", file="upload.csv", timeout=120):
        return request(
            self.port, "POST", f"/api/v1/imports?kind={kind}&file={file}", body,
            self.headers({"Content-Type": "text/csv"}), source=self.source, timeout=timeout)


class RawConnection:
    """A socket to the server for sending a request as no browser would."""

    def __init__(self, port, source="127.0.0.1", timeout=30):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.socket.sendall(data)

    def closed_within(self, seconds):
        """Whether the server closed the connection within SECONDS (reading and dropping what it answered)."""
        self.socket.settimeout(0.2)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.socket.recv(65536) == b"":
                    return True
            except socket.timeout:
                continue
            except ConnectionResetError:
                return True
        return False

    def read_answer(self, seconds=10):
        """What the server sent within SECONDS, until it closed or went quiet after a whole head."""
        self.socket.settimeout(0.5)
        received = b""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                chunk = self.socket.recv(65536)
            except socket.timeout:
                if b"\r\n\r\n" in received:
                    break
                continue
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
        return received

    def close(self):
        self.socket.close()


def status_of(answer):
    """The status code of a raw HTTP answer, or None."""
    if not answer.startswith(b"HTTP/1.1 "):
        return None
    return int(answer[9:12])


def temporary_folder(prefix):
    folder = tempfile.mkdtemp(prefix=prefix)
    return folder, lambda: shutil.rmtree(folder, ignore_errors=True)
