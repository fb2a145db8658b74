"""A bounded load run against the production server on loopback: `make load`.

Starts gunicorn (DEBUG off, the production settings) on 127.0.0.1, asks once for
each path of the mix (so neither run starts from an empty cache), then sends a
mix of the map's reads from LOAD_CLIENTS threads, in LOAD_ROUNDS rounds of two
runs: one without writes, then one while an editor (this process, through the
ORM: another process than the workers) saves one agreement every
LOAD_EDIT_SECONDS. Each run lasts LOAD_SECONDS / LOAD_ROUNDS (capped at
LOAD_MAX_REQUESTS / LOAD_ROUNDS requests), and the paths are asked for once
again after each run with writes, unmeasured. Taking the two kinds of run in
turns puts the machine's own swings (the quiet rate of the same code moved by a
third between consecutive minutes) into both. Every read of the edited
agreement is checked against the latest edit committed before the read started
(a stale read is an older title). Samples the workers' memory at the start and
the end, stops the server and prints the figures, each round's ratio
included. It exits non-zero on any error response, failed request or stale
read. Only 127.0.0.1 is ever a target.
"""

import datetime
import json
import os
import re
import statistics
import threading
from pathlib import Path

from . import load, server

PORT = int(os.environ.get("PORT", "8308"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "200000"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))
EDIT_SECONDS = float(os.environ.get("LOAD_EDIT_SECONDS", "1"))
ROUNDS = max(1, int(os.environ.get("LOAD_ROUNDS", "4")))
EDIT_MARK = re.compile(r" \[edit (\d+)\]$")

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
    """The mix: the map page's own requests, and researchers' lists.

    The page, the boundaries and the countries; for each country and date, what
    the map asks for when it is the focus (its tiers, `colourings.js`) and when
    it is clicked (its relationships and its forces, `main.js`); the
    agreement lists and organisations' details researchers ask for.
    """
    mix = [("/", 2), ("/api/boundaries/", 2), ("/api/countries/", 1)]
    for country in COUNTRIES:
        for date in DATES:
            as_of = f"as_of={date}" if date else ""
            base = f"/api/countries/{country}"
            mix.append(
                (f"{base}/relationships/?{'&'.join(filter(None, [as_of, 'view=tiers']))}", 1)
            )
            mix.append((f"{base}/relationships/{'?' + as_of if as_of else ''}", 1))
            mix.append((f"{base}/forces/{'?' + as_of if as_of else ''}", 1))
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


class Editor:
    """Saves one agreement's title every EDIT_SECONDS, numbering each committed edit."""

    def __init__(self):
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")  # this process only; the server runs DEBUG off
        django.setup()
        from relationships.models import Agreement

        self.agreement = Agreement.objects.order_by("pk").first()
        self.title = EDIT_MARK.sub("", self.agreement.title)
        self.committed = 0
        self.checked = self.stale = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = None

    @property
    def path(self):
        return f"/api/agreements/{self.agreement.pk}/"

    def start(self):
        self.stop.clear()
        self.thread = threading.Thread(target=self.edit)
        self.thread.start()

    def finish(self):
        self.stop.set()
        self.thread.join()

    def edit(self):
        from django.db import connection

        while not self.stop.wait(EDIT_SECONDS):
            number = self.committed + 1
            self.agreement.title = f"{self.title} [edit {number}]"
            self.agreement.save()  # autocommit: committed (and the version bumped) on return
            with self.lock:
                self.committed = number
        connection.close()

    def inspect(self, path):
        if path != self.path:
            return None
        with self.lock:
            at_start = self.committed

        def check(body):
            found = EDIT_MARK.search(json.loads(body)["title"])
            seen = int(found.group(1)) if found else 0
            with self.lock:
                self.checked += 1
                if seen < at_start:
                    self.stale += 1

        return check


def report(name, run):
    total, took = len(run.latencies), run.took
    print(f"  {name}")
    print(f"    requests            {total} ({run.rate:.1f} per second, {took:.1f} s)")
    print(f"    statuses            {dict(sorted(run.statuses.items(), key=str))}")
    print(f"    errors              {run.errors}")
    if total:
        print(
            f"    latency p50 / p99   {load.percentile(run.latencies, 0.50) * 1000:.1f} / "
            f"{load.percentile(run.latencies, 0.99) * 1000:.1f} ms"
        )
        print(
            f"    latency mean / max  {statistics.fmean(run.latencies) * 1000:.1f} / "
            f"{max(run.latencies) * 1000:.1f} ms"
        )
    for status, path in run.failures[:10]:
        print(f"    failed: {status} {path}")
    return run.rate


def warm(paths):
    """Ask once for each path: what the runs measure is the site with its cache in use."""
    for path in dict.fromkeys(paths):
        server.fetch(PORT, path)


def main():
    editor = Editor()
    mix = paths() + [editor.path] * 4
    seconds, max_requests = SECONDS / ROUNDS, MAX_REQUESTS // ROUNDS
    quiet, busy, rounds = load.Result(), load.Result(), []
    with server.serve(PORT, WORKERS) as process:
        warm(mix)
        start_memory = memory(process.pid)
        for _ in range(ROUNDS):
            without = load.run(PORT, mix, CLIENTS, seconds, max_requests=max_requests)
            editor.start()
            try:
                with_writes = load.run(
                    PORT, mix, CLIENTS, seconds, max_requests=max_requests, inspect=editor.inspect
                )
            finally:
                editor.finish()
            warm(mix)
            quiet.add(without)
            busy.add(with_writes)
            rounds.append(with_writes.rate / without.rate if without.rate else 0)
        end_memory = memory(process.pid)

    print(f"load run on {server.HOST}:{PORT}, {datetime.datetime.now():%Y-%m-%d %H:%M}")
    print(
        f"  gunicorn workers {WORKERS}, clients {CLIENTS}, {SECONDS:.0f} s per kind of run "
        f"in {ROUNDS} rounds"
    )
    without = report("without writes", quiet)
    with_writes = report(f"with an edit every {EDIT_SECONDS:g} s", busy)
    print(f"    edits committed     {editor.committed}")
    print(f"    reads checked       {editor.checked} of the edited agreement, {editor.stale} stale")
    if without:
        print(f"  throughput with writes {with_writes / without:.0%} of without")
        print(f"    round by round      {', '.join(f'{ratio:.0%}' for ratio in rounds)}")
    start_total, end_total = sum(start_memory.values()), sum(end_memory.values())
    print(f"  worker RSS start      {start_total / 1024:.1f} MiB {sorted(start_memory.values())}")
    print(f"  worker RSS end        {end_total / 1024:.1f} MiB {sorted(end_memory.values())}")
    if quiet.errors or busy.errors or editor.stale or not quiet.latencies:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
