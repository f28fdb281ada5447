"""Registry search latency through Parley's API: signs in, runs searches one at a time over a kept-alive
connection, and prints the percentiles. Writes the session token to SESSION_FILE for wrk.

Usage: python3 search_latency.py URL SESSION_FILE [REQUESTS]
"""

import http.client
import json
import statistics
import sys
import time
import urllib.parse

url, session_file = sys.argv[1], sys.argv[2]
requests = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
parsed = urllib.parse.urlparse(url)
connection = http.client.HTTPConnection(parsed.hostname, parsed.port)

connection.request(
    "POST", "/api/v1/session", json.dumps({"username": "bench", "password": "benchmark password"}),
    {"Content-Type": "application/json"})
response = connection.getresponse()
response.read()
assert response.status == 201, f"sign-in answered {response.status}"
token = response.getheader("Set-Cookie").split(";")[0].split("=", 1)[1]
open(session_file, "w").write(token)

# What people type: given names and surnames in Latin and Cyrillic, a name with the start of another, references.
queries = [
    "Oleksandr", "Олександр", "Александр", "Shevchenko", "Шевченко", "Kovalenko", "Бондаренко", "Ткаченко",
    "Mykola", "Николай", "Serhii", "Сергей", "Ivanovych", "Петрович", "Melnyk", "Мельник", "Kravchenko Oleks",
    "Smirnov", "Смирнов", "Kuznetsov", "Кузнецов", "Popov", "Volkov Ivan", "Морозов", "Dmytro", "Дмитрий",
    "UA-H-1", "UA-H-5000", "UA-H-99999", "ua-h-123456", "Zzyzx", "Єрмоленко",
]
timings = {query: [] for query in queries}
headers = {"Cookie": f"parley_session={token}"}
for number in range(requests):
    query = queries[number % len(queries)]
    started = time.perf_counter()
    connection.request("GET", "/api/v1/records?" + urllib.parse.urlencode({"q": query, "limit": 50}), headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status == 200, f"{query}: {response.status} {body[:200]}"
    timings[query].append(elapsed)

every = sorted(t for values in timings.values() for t in values)


def percentile(values, fraction):
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


print(f"== registry search through GET /api/v1/records?q=…&limit=50: {requests} requests, {len(queries)} queries")
print(f"p50 {percentile(every, 0.50):.1f} ms · p95 {percentile(every, 0.95):.1f} ms · "
      f"p99 {percentile(every, 0.99):.1f} ms · max {every[-1]:.1f} ms · mean {statistics.mean(every):.1f} ms")
slowest = sorted(timings, key=lambda q: -statistics.median(timings[q]))[:5]
print("slowest queries (median ms): " + ", ".join(f"{q} {statistics.median(timings[q]):.1f}" for q in slowest))
