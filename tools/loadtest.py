"""A bounded load run against the production server on loopback: `make load`.

Starts gunicorn (DEBUG off, the production settings) on 127.0.0.1, sends a
mix of the map's reads from LOAD_CLIENTS threads for LOAD_SECONDS (capped at
LOAD_MAX_REQUESTS), samples the workers' memory at the start and the end, stops
the server and prints the figures. It exits non-zero on any error response
or failed request. Only 127.0.0.1 is ever a target.
"""

import datetime
import os
import statistics
from pathlib import Path

from . import load, server

PORT = int(os.environ.get("PORT", "8308"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "200000"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))

COUNTRIES = ["GB", "FR", "DE", "JP", "US", "PL", "AU", "IN", "FI", "TR"]
DATES = ["1990-01-01", "2010-06-01", "2023-04-06", "2023-10-15", ""]
ORGANISATIONS = ["nato", "eu", "jef", "aukus", "gcap", "five-eyes", "quad", "sco"]
AGREEMENT_FILTERS = [
    "country=GB",
    "country=JP&kind=agreement,treaty",
    "organisation=nato",
    "search=defence",
    "domain=cyber&page_size=100",
    "country=FR&partner=GB&ordering=-signed_on",
    "active_on=2015-01-01&status=in_force",
]


def paths():
    """The mix: a few pages and boundaries, mostly relationships and agreement lists."""
    mix = [("/", 2), ("/api/boundaries/", 2), ("/api/countries/", 1)]
    for country in COUNTRIES:
        for date in DATES:
            query = f"?as_of={date}" if date else ""
            mix.append((f"/api/countries/{country}/relationships/{query}", 1))
    mix += [(f"/api/agreements/?{query}", 3) for query in AGREEMENT_FILTERS]
    mix += [(f"/api/organisations/{slug}/", 2) for slug in ORGANISATIONS]
    return [path for path, weight in mix for _ in range(weight)]


def rss_kib(pid):
    """Resident memory of a process, in KiB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers_of(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def memory(master):
    return {pid: rss_kib(pid) for pid in workers_of(master)}


def main():
    with server.serve(PORT, WORKERS) as process:
        # Warm each worker's cache a little, then take the starting memory.
        for path in ["/", "/api/boundaries/", "/api/countries/GB/relationships/"] * WORKERS:
            server.fetch(PORT, path, gzip=False)
        start_memory = memory(process.pid)
        run = load.run(PORT, paths(), CLIENTS, SECONDS, max_requests=MAX_REQUESTS)
        end_memory = memory(process.pid)

    total, took = len(run.latencies), run.took
    print(f"load run on {server.HOST}:{PORT}, {datetime.datetime.now():%Y-%m-%d %H:%M}")
    print(f"  gunicorn workers      {WORKERS}, clients {CLIENTS}, {took:.1f} s")
    print(f"  requests              {total} ({total / took:.1f} per second)")
    print(f"  statuses              {dict(sorted(run.statuses.items(), key=str))}")
    print(f"  errors                {run.errors}")
    if total:
        print(f"  latency p50           {load.percentile(run.latencies, 0.50) * 1000:.1f} ms")
        print(f"  latency p99           {load.percentile(run.latencies, 0.99) * 1000:.1f} ms")
        print(
            f"  latency mean / max    {statistics.fmean(run.latencies) * 1000:.1f} / "
            f"{max(run.latencies) * 1000:.1f} ms"
        )
    start_total, end_total = sum(start_memory.values()), sum(end_memory.values())
    print(f"  worker RSS start      {start_total / 1024:.1f} MiB {sorted(start_memory.values())}")
    print(f"  worker RSS end        {end_total / 1024:.1f} MiB {sorted(end_memory.values())}")
    for status, path in run.failures[:10]:
        print(f"  failed: {status} {path}")
    if run.errors or not total:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
