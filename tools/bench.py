"""`make bench`: how close the site is to its performance limits, in one table.

Run by `make bench` (see README, "Performance"), against a dedicated
PostgreSQL database (`DATABASE_URL`, default `defence_map_bench`):

1. queries per endpoint on a cache miss, with the real dataset and with the
   synthetic one on top (`manage.py synthetic_data`): they must be equal;
2. requests per second and p50/p99 latency under gunicorn (production
   settings, whitenoise, a temporary STATIC_ROOT) at 16 connections, driven by
   wrk (or a small Python generator when wrk is missing), each endpoint as a
   ratio to a static file served by the same server in the same run;
3. bytes of the boundaries and of a cold map page (Chromium, CDP);
4. the time to the coloured map and from a click to the filled panel in
   headless Chromium, median of 20;
5. the time to answer each export of the largest views (every agreement or
   membership as CSV, the focus with the most partners as CSV and GeoJSON) on
   a cache miss, with the synthetic data, median of 3.

Everything targets 127.0.0.1 and every load run is bounded in time. The
figures are written to bench-results.json.
"""

import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from . import chromium, load, server

BASE_DIR = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8207"))
ORIGIN = f"http://{server.HOST}:{PORT}"
# The README's recommendation for this 2-core machine (see "Production").
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CONNECTIONS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
BROWSER_RUNS = int(os.environ.get("BENCH_BROWSER_RUNS", "20"))
RESULTS = BASE_DIR / "bench-results.json"

# What each figure must stay under (or above), at the synthetic scale.
TARGETS = {
    "queries": 6,
    "relationships_ratio": 0.3,
    "boundaries_ratio": 0.8,
    "p99_ms": 100,
    "boundaries_gzip_bytes": 150_000,
    "page_bytes": 400_000,
    "coloured_ms": 1000,
    "click_ms": 100,
    "export_ms": 2000,
}

QUERY_URLS = [
    "/api/countries/",
    "/api/countries/GB/",
    "/api/countries/GB/relationships/",
    "/api/countries/GB/relationships/?view=tiers",
    "/api/countries/GB/relationships/JP/",
    "/api/countries/GB/relationships.geojson",
    "/api/organisations/nato/",
    "/api/agreements/",
    "/api/agreements/?country=GB&ordering=title",
    "/api/memberships/",
    "/api/memberships.csv",
    "/api/countries/GB/relationships.csv",
    "/api/boundaries/",
]
# The exports of the largest views; `{focus}` is the country with the most partners.
EXPORT_URLS = [
    "/api/agreements.csv",
    "/api/memberships.csv",
    "/api/countries/{focus}/relationships.csv",
    "/api/countries/{focus}/relationships.geojson",
]
EXPORT_RUNS = 3
LOAD_URLS = {
    "relationships": "/api/countries/GB/relationships/",
    "agreements": "/api/agreements/",
    "boundaries": "/api/boundaries/",
}


def log(message):
    print(f"bench: {message}", flush=True)


# Setup ----------------------------------------------------------------------


def setup_django(static_root):
    """Run here on the server's settings, but not its host names (the client is "testserver")."""
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/defence_map_bench")
    os.environ.update(server.environment(static_root))
    del os.environ["ALLOWED_HOSTS"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare_data():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("import_boundaries", if_empty=True, verbosity=0)
    call_command("load_dataset", verbosity=0)


# 1. Queries -------------------------------------------------------------------


def query_counts():
    """Queries per URL on a cache miss (the cache is emptied before each)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for url in QUERY_URLS:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")
        counts[url] = len(queries)
    cache.clear()
    return counts


def busiest_country():
    """The ISO code of the state with the most partners today (the largest relationships view)."""
    from django.db.models import Count
    from django.utils import timezone

    from relationships.models import Country
    from relationships.ties import relationships_of

    today = timezone.localdate()
    states = Country.objects.filter(is_state=True)
    # Members of the most organisations and parties to the most agreements first; the
    # few heaviest are enough candidates.
    candidates = states.annotate(
        records=Count("memberships", distinct=True) + Count("agreement_parties", distinct=True)
    ).order_by("-records")[:5]
    return max(candidates, key=lambda c: len(relationships_of(c, today, details=False))).iso2


def export_times():
    """Milliseconds to answer each export in `EXPORT_URLS` on a cache miss (median), its size."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    focus = busiest_country()
    figures = {}
    for template in EXPORT_URLS:
        url = template.format(focus=focus)
        times = []
        for _ in range(EXPORT_RUNS):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"bench: {url} answered {response.status_code}")
        figures[url] = {"ms": round(statistics.median(times)), "bytes": len(response.content)}
    cache.clear()
    return figures


# 2. Throughput ------------------------------------------------------------------


def fetch(path, gzip=True):
    return server.fetch(PORT, path, gzip=gzip)


def throughput(static_path):
    paths = {**LOAD_URLS, "static": static_path}
    for path in paths.values():  # every worker computes and caches its payloads once
        for _ in range(WORKERS * 3):
            fetch(path)
    results = {}
    for name, path in paths.items():
        log(f"load: {name} {path} for {SECONDS} s at {CONNECTIONS} connections")
        results[name] = {"path": path, **load.measure(PORT, path, CONNECTIONS, SECONDS)}
    for result in results.values():
        result["ratio"] = round(result["rps"] / results["static"]["rps"], 3)
    return results


# 3 and 4. The page in Chromium -------------------------------------------------

# Records, relative to the navigation, when the map is coloured and when a
# click fills the panel (after the frame that shows it).
TIMING_SCRIPT = """
window.__bench = {coloured: null, click: null, panel: null};
new MutationObserver(() => {
  if (window.__bench.coloured === null && document.body && document.body.dataset.coloured) {
    requestAnimationFrame(() => { window.__bench.coloured = performance.now(); });
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-coloured"]});
document.addEventListener("click", () => {
  if (window.__bench.click === null) window.__bench.click = performance.now();
}, true);
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("partners");
  new MutationObserver(() => {
    if (window.__bench.panel === null && window.__bench.click !== null
        && list.querySelector("li.partner")) {
      requestAnimationFrame(() => { window.__bench.panel = performance.now(); });
    }
  }).observe(list, {childList: true});
});
"""


def browser_figures():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        try:
            page_bytes = cold_page(browser)
            coloured, clicks = [], []
            for _ in range(BROWSER_RUNS):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.add_init_script(TIMING_SCRIPT)
                page = context.new_page()
                page.goto(ORIGIN + "/")
                page.wait_for_function("() => window.__bench && window.__bench.coloured !== null")
                page.locator("path.country-JP").first.click(force=True)
                page.locator("#partners li.partner").first.wait_for(state="visible")
                page.wait_for_function("() => window.__bench.panel !== null")
                timings = page.evaluate("() => window.__bench")
                coloured.append(timings["coloured"])
                clicks.append(timings["panel"] - timings["click"])
                context.close()
        finally:
            browser.close()
    return page_bytes, {
        "runs": BROWSER_RUNS,
        "coloured_ms": round(statistics.median(coloured), 1),
        "click_ms": round(statistics.median(clicks), 1),
        "coloured_ms_all": [round(t, 1) for t in coloured],
        "click_ms_all": [round(t, 1) for t in clicks],
    }


def cold_page(browser):
    """Every request a fresh browser makes for the map page, until it is coloured."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    requests, transferred, decoded = {}, {}, {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda event: requests.__setitem__(event["requestId"], event["request"]["url"]),
    )
    cdp.on(
        "Network.dataReceived",
        lambda event: decoded.__setitem__(
            event["requestId"], decoded.get(event["requestId"], 0) + event["dataLength"]
        ),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    page.goto(ORIGIN + "/")
    page.wait_for_selector("body[data-coloured]")
    page.wait_for_load_state("networkidle")
    by_url = sorted(
        ((requests.get(rid, "?").removeprefix(ORIGIN), size) for rid, size in transferred.items()),
        key=lambda item: -item[1],
    )
    context.close()
    return {
        "requests": len(transferred),
        "transferred_bytes": int(sum(transferred.values())),
        "decoded_bytes": int(sum(decoded.values())),
        "largest": [{"url": url, "bytes": int(size)} for url, size in by_url[:6]],
    }


# The table ------------------------------------------------------------------------


def verdict(ok):
    return "met" if ok else "NOT MET"


def table(results):
    rows = [("figure", "real data", "synthetic", "target", "")]
    real, synthetic = results["queries"]["real"], results["queries"]["synthetic"]
    for url in QUERY_URLS:
        ok = real[url] == synthetic[url] and synthetic[url] <= TARGETS["queries"]
        rows.append((f"queries {url}", real[url], synthetic[url], "equal, <= 6", verdict(ok)))
    measured = results["throughput"]
    for name in ["static", *LOAD_URLS]:
        figure = measured[name]
        target, ok = "", True
        if name == "relationships":
            target, ok = ">= 0.3 x static", figure["ratio"] >= TARGETS["relationships_ratio"]
        if name == "boundaries":
            target, ok = ">= 0.8 x static", figure["ratio"] >= TARGETS["boundaries_ratio"]
        rows.append(
            (
                f"req/s {name}",
                "",
                f"{figure['rps']:.0f} ({figure['ratio']:.2f} x static)",
                target,
                verdict(ok) if target else "",
            )
        )
        rows.append(
            (
                f"p50 / p99 ms {name}",
                "",
                f"{figure['p50_ms']} / {figure['p99_ms']}",
                "p99 < 100",
                verdict(figure["p99_ms"] < TARGETS["p99_ms"] and not figure["errors"]),
            )
        )
    payload = results["payload"]
    rows.append(
        (
            "boundaries bytes raw / gzip",
            "",
            f"{payload['boundaries_raw']:,} / {payload['boundaries_gzip']:,}",
            "gzip <= 150 KB",
            verdict(payload["boundaries_gzip"] <= TARGETS["boundaries_gzip_bytes"]),
        )
    )
    page = payload["page"]
    rows.append(
        (
            "cold page bytes sent / decoded",
            "",
            f"{page['transferred_bytes']:,} / {page['decoded_bytes']:,} ({page['requests']} req)",
            "sent <= 400 KB",
            verdict(page["transferred_bytes"] <= TARGETS["page_bytes"]),
        )
    )
    browser = results["browser"]
    rows.append(
        (
            "navigation to coloured map ms",
            "",
            f"{browser['coloured_ms']} (median of {browser['runs']})",
            "< 1000",
            verdict(browser["coloured_ms"] < TARGETS["coloured_ms"]),
        )
    )
    rows.append(
        (
            "click to filled panel ms",
            "",
            f"{browser['click_ms']} (median of {browser['runs']})",
            "< 100",
            verdict(browser["click_ms"] < TARGETS["click_ms"]),
        )
    )
    for url, figure in results["exports"].items():
        rows.append(
            (
                f"export ms {url}",
                "",
                f"{figure['ms']} ({figure['bytes']:,} bytes, median of {EXPORT_RUNS})",
                "< 2000",
                verdict(figure["ms"] < TARGETS["export_ms"]),
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
    lines = [
        " | ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main():
    started = time.monotonic()
    load_before = os.getloadavg()
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    try:
        setup_django(static_root)
        from django.conf import settings
        from django.core.files.storage import storages
        from django.db import connections

        from relationships import synthetic

        log("preparing the database")
        prepare_data()
        synthetic.remove(log=log)
        real = query_counts()
        synthetic.generate(log=log)
        queries = {"real": real, "synthetic": query_counts()}
        log("timing the exports of the largest views")
        exports = export_times()
        connections.close_all()

        log(f"collecting static files and starting gunicorn with {WORKERS} workers on {ORIGIN}")
        with server.serve(PORT, WORKERS, static_root):
            # A fresh storage reads the manifest the server was started with.
            static = storages.create_storage(settings.STORAGES["staticfiles"])
            measured = throughput(static.url("maps/js/main.js"))
            plain, _ = fetch("/api/boundaries/", gzip=False)
            packed, headers = fetch("/api/boundaries/")
            assert headers.get("Content-Encoding") == "gzip"
            log(f"browser: a cold page, then {BROWSER_RUNS} runs")
            page, browser = browser_figures()
        results = {
            "workers": WORKERS,
            "connections": CONNECTIONS,
            "seconds_per_load_run": SECONDS,
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "queries": queries,
            "throughput": measured,
            "payload": {
                "boundaries_raw": len(plain),
                "boundaries_gzip": len(packed),
                "page": page,
            },
            "browser": browser,
            "exports": exports,
        }
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    results["duration_s"] = round(time.monotonic() - started, 1)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    print()
    print(
        f"{WORKERS} gunicorn workers, {CONNECTIONS} connections, {SECONDS} s per load run, "
        f"{os.cpu_count()} CPUs, load average {results['load_average_before'][0]} before and "
        f"{results['load_average_after'][0]} after; {results['duration_s']} s in all. "
        f"Written to {RESULTS.name}."
    )


if __name__ == "__main__":
    main()
