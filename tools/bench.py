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
5. the forces layer (`/api/presences.geojson`): payload bytes, time and
   queries of a world view and of a zoomed-in view on a cache miss, with the
   real data and with 20,000 synthetic presences (server-side clustering
   keeps the payload bounded);
6. the page with the forces and exercises layers on (`?forces=1&exercises=1`):
   the cold page's bytes, the time to the coloured map and to the markers,
   and from a click on a presence's marker to the panel showing it.
7. the time to answer each export of the largest views (every agreement or
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
    "forces_page_bytes": 400_000,
    "forces_coloured_ms": 1000,
    "marker_click_ms": 100,
    "export_ms": 2000,
}
# The map page with the forces and exercises layers on.
FORCES_PAGE = "/?forces=1&exercises=1"

QUERY_URLS = [
    "/api/countries/",
    "/api/countries/GB/",
    "/api/countries/GB/relationships/",
    "/api/countries/GB/relationships/?view=tiers",
    "/api/countries/GB/relationships/?view=tier_changes&from=2014-01-01",
    "/api/countries/GB/changes/?from=2014-01-01",
    "/api/organisations/nato/changes/?from=2014-01-01",
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
# The forces layer's requests as the map makes them: the whole world at zoom 2,
# and central Europe at zoom 6.
FORCES_URLS = {
    "world view": "/api/presences.geojson?zoom=2",
    "zoomed-in view": "/api/presences.geojson?zoom=6&bbox=5,47,25,56",
    "country panel": "/api/countries/GB/forces/",
}
FORCES_TARGETS = {"gzip_bytes": 50_000, "ms": 250, "queries": 11}
FORCES_RUNS = 5
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

    from relationships.api import boundaries

    client = Client()
    counts = {}
    for url in QUERY_URLS:
        cache.clear()
        boundaries._loaded = (None, None)  # the process's copy of the boundaries, too
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")
        counts[url] = len(queries)
    cache.clear()
    return counts


def forces_figures():
    """Bytes (raw, gzip), median ms of FORCES_RUNS cache misses, queries and features of
    each forces URL, in-process."""
    import gzip

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    figures = {}
    for name, url in FORCES_URLS.items():
        times = []
        for _ in range(FORCES_RUNS):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"bench: {url} answered {response.status_code}")
        body = response.content
        data = json.loads(body)
        figures[name] = {
            "url": url,
            "raw_bytes": len(body),
            "gzip_bytes": len(gzip.compress(body)),
            "ms": round(statistics.median(times), 1),
            "queries": len(queries),
            "features": len(data["features"]) if "features" in data else None,
            "clustered": bool(data.get("clustered")),
        }
    cache.clear()
    return figures


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


def coherence(reads=2000):
    """What answers coherent across processes cost each request: the queries of a
    cached answer (the data-version read) and that read's time, median of `reads`."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from relationships import cache as versions

    client = Client()
    client.get("/api/countries/GB/relationships/", HTTP_ACCEPT_ENCODING="gzip")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/countries/GB/relationships/", HTTP_ACCEPT_ENCODING="gzip")
    timings = []
    for _ in range(reads):
        started = time.perf_counter()
        versions._read()
        timings.append(time.perf_counter() - started)
    return {
        "queries_per_cached_answer": len(queries),
        "version_read_us": round(statistics.median(timings) * 1e6, 1),
        "version_read_p99_us": round(sorted(timings)[int(reads * 0.99)] * 1e6, 1),
    }


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
            layers = layers_figures(browser)
        finally:
            browser.close()
    return page_bytes, {
        "layers": layers,
        "runs": BROWSER_RUNS,
        "coloured_ms": round(statistics.median(coloured), 1),
        "click_ms": round(statistics.median(clicks), 1),
        "coloured_ms_all": [round(t, 1) for t in coloured],
        "click_ms_all": [round(t, 1) for t in clicks],
    }


# With the layers on: when the markers are drawn, and when a click on a marker
# shows its presence in the panel (after the frame that shows it).
FORCES_TIMING_SCRIPT = """
window.__forces = {markers: null, click: null, panel: null};
new MutationObserver(() => {
  if (window.__forces.markers === null && document.body && document.body.dataset.forces) {
    requestAnimationFrame(() => { window.__forces.markers = performance.now(); });
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-forces"]});
document.addEventListener("click", (event) => {
  if (event.target.closest(".presence-marker")) window.__forces.click = performance.now();
}, true);
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("partners");
  new MutationObserver(() => {
    if (window.__forces.panel === null && window.__forces.click !== null
        && list.querySelector("li.presence-detail")) {
      requestAnimationFrame(() => { window.__forces.panel = performance.now(); });
    }
  }).observe(list, {childList: true});
});
"""


def clickable(markers):
    """The first of `markers` a click reaches (not under the legend or the panel)."""
    from playwright.sync_api import TimeoutError as Covered

    for index in range(markers.count()):
        marker = markers.nth(index)
        try:
            marker.click(trial=True, timeout=300)
            return marker
        except Covered:
            pass
    raise SystemExit("bench: every marker is covered")


def zoom_to_a_presence(page):
    """Clicks clusters (each zooms in) until a presence's own marker is drawn."""
    for _ in range(8):
        if page.locator(".presence-marker").count():
            return clickable(page.locator(".presence-marker"))
        view = page.evaluate("() => document.body.dataset.forcesView")
        clickable(page.locator(".presences-cluster")).click()
        page.wait_for_function(
            "(view) => document.body.dataset.forces && document.body.dataset.forcesView !== view",
            arg=view,
        )
    raise SystemExit("bench: no presence marker after zooming in 8 times")


def layers_figures(browser):
    """The page with the layers on: bytes, time to colours and markers, marker click to panel."""
    page_bytes = cold_page(browser, FORCES_PAGE, wait_for="body[data-forces]")
    coloured, markers, clicks = [], [], []
    for _ in range(BROWSER_RUNS):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(TIMING_SCRIPT)
        context.add_init_script(FORCES_TIMING_SCRIPT)
        page = context.new_page()
        page.goto(ORIGIN + FORCES_PAGE)
        page.wait_for_function("() => window.__bench && window.__bench.coloured !== null")
        page.wait_for_function("() => window.__forces.markers !== null")
        timings = page.evaluate("() => ({...window.__bench, ...window.__forces})")
        zoom_to_a_presence(page).click()
        page.wait_for_function("() => window.__forces.panel !== null")
        clicked = page.evaluate("() => window.__forces")
        coloured.append(timings["coloured"])
        markers.append(timings["markers"])
        clicks.append(clicked["panel"] - clicked["click"])
        context.close()
    return {
        "page": page_bytes,
        "runs": BROWSER_RUNS,
        "coloured_ms": round(statistics.median(coloured), 1),
        "markers_ms": round(statistics.median(markers), 1),
        "marker_click_ms": round(statistics.median(clicks), 1),
        "coloured_ms_all": [round(t, 1) for t in coloured],
        "markers_ms_all": [round(t, 1) for t in markers],
        "marker_click_ms_all": [round(t, 1) for t in clicks],
    }


def cold_page(browser, path="/", wait_for="body[data-coloured]"):
    """Every request a fresh browser makes for the map page, until it is drawn."""
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
    page.goto(ORIGIN + path)
    page.wait_for_selector("body[data-coloured]")
    page.wait_for_selector(wait_for, state="attached")
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
    coherent = results["coherence"]
    rows.append(
        (
            "coherence: queries per cached answer",
            coherent["queries_per_cached_answer"],
            "",
            "1 (the data versions)",
            verdict(coherent["queries_per_cached_answer"] <= 1),
        )
    )
    rows.append(
        (
            "coherence: version read µs p50 / p99",
            f"{coherent['version_read_us']} / {coherent['version_read_p99_us']}",
            "",
            "",
            "",
        )
    )
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
    forces = results["forces"]
    for name in FORCES_URLS:
        real, synthetic = forces["real"][name], forces["synthetic"][name]

        def shown(figure):
            kind = "clusters" if figure["clustered"] else "features"
            count = f", {figure['features']} {kind}" if figure["features"] is not None else ""
            return f"{figure['raw_bytes']:,} / {figure['gzip_bytes']:,}{count}"

        rows.append(
            (
                f"forces {name} bytes raw / gzip",
                shown(real),
                shown(synthetic),
                f"gzip <= {FORCES_TARGETS['gzip_bytes'] // 1000} KB",
                verdict(synthetic["gzip_bytes"] <= FORCES_TARGETS["gzip_bytes"]),
            )
        )
        rows.append(
            (
                f"forces {name} ms (cache miss) / queries",
                f"{real['ms']} / {real['queries']}",
                f"{synthetic['ms']} / {synthetic['queries']}",
                f"< {FORCES_TARGETS['ms']} ms, <= {FORCES_TARGETS['queries']} queries",
                verdict(
                    synthetic["ms"] < FORCES_TARGETS["ms"]
                    and max(real["queries"], synthetic["queries"]) <= FORCES_TARGETS["queries"]
                ),
            )
        )
    layers = browser["layers"]
    rows.append(
        (
            "layers on: cold page bytes sent",
            "",
            f"{layers['page']['transferred_bytes']:,} ({layers['page']['requests']} req)",
            "sent <= 400 KB",
            verdict(layers["page"]["transferred_bytes"] <= TARGETS["forces_page_bytes"]),
        )
    )
    rows.append(
        (
            "layers on: navigation to coloured map ms",
            "",
            f"{layers['coloured_ms']} (median of {layers['runs']})",
            "< 1000",
            verdict(layers["coloured_ms"] < TARGETS["forces_coloured_ms"]),
        )
    )
    rows.append(
        (
            "layers on: navigation to markers ms",
            "",
            f"{layers['markers_ms']} (median of {layers['runs']})",
            "",
            "",
        )
    )
    rows.append(
        (
            "layers on: marker click to panel ms",
            "",
            f"{layers['marker_click_ms']} (median of {layers['runs']})",
            "< 100",
            verdict(layers["marker_click_ms"] < TARGETS["marker_click_ms"]),
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
        real_forces = forces_figures()
        coherent = coherence()
        synthetic.generate(log=log)
        queries = {"real": real, "synthetic": query_counts()}
        forces = {"real": real_forces, "synthetic": forces_figures()}
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
            "forces": forces,
            "coherence": coherent,
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
