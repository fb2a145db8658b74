"""The load generator for `make bench` and `make load`: wrk when installed, else Python threads.

`run` sends GETs from a number of clients for a bounded time (and count),
each client picking its paths from a mix with its own seeded generator, and
records every latency and status. `measure` drives one path for the
benchmark: with wrk when it is installed (it measures the server, not the
client), with `run` otherwise. Only 127.0.0.1 is ever a target.
"""

import http.client
import itertools
import random
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field

from .server import HOST


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


@dataclass
class Result:
    """Latencies in seconds, the count of each status (an exception's name when none came)."""

    took: float = 0.0
    latencies: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)

    @property
    def errors(self):
        return len(self.latencies) - self.statuses.get(200, 0)

    @property
    def rate(self):
        """Requests per second (0 for a run that took no time)."""
        return len(self.latencies) / self.took if self.took else 0

    def add(self, other):
        """Count `other` (a later run of the same kind) in this one: its time, requests,
        statuses and failures."""
        self.took += other.took
        self.latencies += other.latencies
        for status, count in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count
        self.failures += other.failures
        return self


def run(port, mix, clients, seconds, max_requests=None, timeout=30, inspect=None):
    """GET paths chosen from `mix` from `clients` threads for `seconds` (at most `max_requests`).

    With `inspect`, `inspect(path)` is called as each request starts; when it
    returns a function, that function gets the answer's body (for `make load`'s
    check of each answer against the latest committed edit).
    """
    result = Result()
    lock = threading.Lock()
    counter = itertools.count()
    stop_at = time.monotonic() + seconds

    def client(seed):
        rng = random.Random(seed)  # noqa: S311 (a reproducible mix, not a secret)
        while time.monotonic() < stop_at and (max_requests is None or next(counter) < max_requests):
            path = rng.choice(mix)
            check = inspect(path) if inspect else None
            started = time.perf_counter()
            connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
            try:
                headers = {} if check else {"Accept-Encoding": "gzip"}
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                status = response.status
                if check and status == 200:
                    check(body)
            except OSError as error:
                status = type(error).__name__
            finally:
                connection.close()
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status != 200:
                    result.failures.append((status, path))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.took = time.monotonic() - began
    return result


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output):
    """Requests per second, p50 and p99 in ms and error counts from `wrk --latency`'s report."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))

    def ms(value):
        number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
        return round(float(number) * UNITS[unit], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": ms(latency["50"]),
        "p99_ms": ms(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
        "generator": "wrk",
    }


def wrk(port, path, connections, seconds):
    output = subprocess.run(  # noqa: S603 - fixed arguments
        [
            shutil.which("wrk"),
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "5s",
            "--latency",
            "--header",
            "Accept-Encoding: gzip",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    return parse_wrk(output)


def measure(port, path, connections, seconds):
    """One path under load: the same figures from wrk, or from `run` when wrk is missing."""
    if shutil.which("wrk"):
        return wrk(port, path, connections, seconds)
    result = run(port, [path], connections, seconds, timeout=5)
    latencies = sorted(result.latencies)
    return {
        "rps": round(len(latencies) / seconds, 2),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "errors": result.errors,
        "socket_errors": "",
        "generator": "python threads",
    }
