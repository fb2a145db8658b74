"""The load generator shared by `make bench` and `make load`, without a server of ours."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tools import load

WRK_REPORT = """Running 10s test @ http://127.0.0.1:8207/api/agreements/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.21ms    3.02ms  48.10ms   90.12%
    Req/Sec     1.25k   120.33     1.51k    71.00%
  Latency Distribution
     50%    5.43ms
     75%    6.80ms
     90%    8.91ms
     99%   15.02ms
  24905 requests in 10.01s, 61.23MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   2488.11
Transfer/sec:      6.12MB
"""


def test_a_wrk_report_gives_the_rate_the_two_percentiles_and_the_errors():
    assert load.parse_wrk(WRK_REPORT) == {
        "rps": 2488.11,
        "p50_ms": 5.43,
        "p99_ms": 15.02,
        "errors": 3,
        "socket_errors": "",
        "generator": "wrk",
    }


def test_wrk_latencies_in_microseconds_and_seconds_are_given_in_milliseconds():
    report = WRK_REPORT.replace("5.43ms", "830.00us").replace("15.02ms", "1.20s")
    figures = load.parse_wrk(report)
    assert (figures["p50_ms"], figures["p99_ms"]) == (0.83, 1200.0)


def test_a_percentile_is_taken_from_the_sorted_values():
    values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
    assert load.percentile(values, 0.5) == 6
    assert load.percentile(values, 0.99) == 10


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status = 404 if self.path == "/missing" else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_run_counts_every_status_and_names_each_failed_path(port):
    result = load.run(port, ["/", "/missing"], clients=2, seconds=5, max_requests=40)
    assert len(result.latencies) == sum(result.statuses.values())
    assert set(result.statuses) == {200, 404}
    assert result.errors == result.statuses[404] > 0
    assert {path for _, path in result.failures} == {"/missing"}


def test_a_run_stops_at_its_request_cap(port):
    result = load.run(port, ["/"], clients=3, seconds=30, max_requests=25)
    assert len(result.latencies) == 25


def test_without_wrk_one_path_is_measured_by_python_threads(port, monkeypatch):
    monkeypatch.setattr(load.shutil, "which", lambda name: None)
    figures = load.measure(port, "/", connections=2, seconds=0.5)
    assert figures["generator"] == "python threads"
    assert figures["rps"] > 0 and figures["errors"] == 0
    assert 0 < figures["p50_ms"] <= figures["p99_ms"]


def test_runs_added_together_count_every_request_and_all_their_time():
    first = load.Result(took=10.0, latencies=[0.1, 0.2], statuses={200: 2})
    second = load.Result(
        took=5.0, latencies=[0.3, 0.4, 0.5], statuses={200: 2, 503: 1}, failures=[(503, "/x")]
    )
    total = first.add(second)
    assert total is first
    assert (total.took, len(total.latencies), total.statuses) == (15.0, 5, {200: 4, 503: 1})
    assert (total.errors, total.failures) == (1, [(503, "/x")])
    assert total.rate == 5 / 15
