"""Crash points of a served write load: `parley serve` killed with SIGKILL at 20 moments while clients import
registry files through the API and sign in and out. After each kill, as after a power cut, the journal verifies,
every import the server acknowledged is whole in the registry, and every other is whole or absent. The server is
then started again on the same database, as an operator would, for the next moment.

(The kills of `parley import` on the command line are CrashPointTests, among the Swift tests.)
"""

import sqlite3
import sys
import threading
import time
import unittest

import live

MOMENTS = 20
IMPORTERS = 2
ROWS_PER_IMPORT = 400


def records_by_prefix(path):
    """How many records each import's reference prefix (`K3L1N7-`) has in the registry."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT substr(reference, 1, instr(reference, '-')), count(*) FROM record "
            "WHERE reference LIKE 'K%' GROUP BY 1").fetchall()
    finally:
        connection.close()
    return dict(rows)


class ServedCrashPoints(unittest.TestCase):
    def test_sigkill_at_20_moments_of_a_served_write_load(self):
        folder, cleanup = live.temporary_folder("parley-crash-")
        self.addCleanup(cleanup)
        path, files = live.build_database(folder, held_per_side=ROWS_PER_IMPORT)
        header, rows = live.registry_rows(files["ua-held.csv"])
        rows = rows[:ROWS_PER_IMPORT]
        interrupted = 0
        acknowledged_in_all = 0

        for moment in range(MOMENTS):
            server = live.Server(path, log=f"{folder}/serve-{moment}.log")
            official = live.Session(server.port, "official-ua")
            acknowledged, attempted, unexpected = [], [], []
            stop = threading.Event()

            def importer(lane):
                number = 0
                while not stop.is_set():
                    prefix = f"K{moment}L{lane}N{number}-"
                    attempted.append(prefix)
                    try:
                        status, _, body = official.import_file(
                            live.registry_file(header, live.with_references(header, rows, prefix)), timeout=60)
                    except OSError:
                        return
                    if status == 201:
                        acknowledged.append(prefix)
                    elif status != 503:
                        unexpected.append((prefix, status, body[:300]))
                    number += 1

            def signer():
                while not stop.is_set():
                    try:
                        session = live.Session(server.port, "official-ru")
                        live.request(server.port, "DELETE", "/api/v1/session", headers=session.headers())
                    except (OSError, AssertionError):
                        return

            threads = [threading.Thread(target=importer, args=(lane,)) for lane in range(IMPORTERS)]
            threads.append(threading.Thread(target=signer))
            for thread in threads:
                thread.start()
            # Moments spread over the first few seconds of load: before the first import is written, in the middle
            # of one, between two.
            time.sleep(0.15 + (moment * 7 % MOMENTS) * 0.15)
            server.kill()
            stop.set()
            for thread in threads:
                thread.join()

            self.assertEqual(unexpected, [], f"moment {moment}: answers other than 201 and 503")
            verify = live.run("journal", "verify", "--db", path, "--as", "admin", check=False)
            self.assertEqual(verify.returncode, 0, f"moment {moment}: {verify.stdout} {verify.stderr}")
            counts = records_by_prefix(path)
            for prefix in acknowledged:
                self.assertEqual(counts.get(prefix, 0), len(rows), f"moment {moment}: acknowledged import {prefix}")
            for prefix in attempted:
                self.assertIn(counts.get(prefix, 0), (0, len(rows)), f"moment {moment}: import {prefix} half-written")
            interrupted += len(set(attempted) - set(acknowledged))
            acknowledged_in_all += len(acknowledged)

        print(f"\n{MOMENTS} kills: {acknowledged_in_all} imports acknowledged, {interrupted} interrupted", file=sys.stderr)
        # The kills really did land while imports were in flight, and the load really did write.
        self.assertGreaterEqual(interrupted, MOMENTS)
        self.assertGreater(acknowledged_in_all, 0)


if __name__ == "__main__":
    unittest.main()
