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
   headless Chromium, median of 20.

Everything targets 127.0.0.1 and every load run is bounded in time. The
figures are written to bench-results.json.
"""

import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8207"))
ORIGIN = f"http://127.0.0.1:{PORT}"
# The README's recommendation for this 2-core machine (see "Production").
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CONNECTIONS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
BROWSER_RUNS = int(os.environ.get("BENCH_BROWSER_RUNS", "20"))
RESULTS = BASE_DIR / "bench-results.json"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

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
    "/api/boundaries/",
]
LOAD_URLS = {
    "relationships": "/api/countries/GB/relationships/",
    "agreements": "/api/agreements/",
    "boundaries": "/api/boundaries/",
}


def log(message):
    print(f"bench: {message}", flush=True)


# Setup ----------------------------------------------------------------------


def setup_django(static_root):
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/defence_map_bench")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    # Plain HTTP on loopback, and every request from one address: no TLS redirect and
    # no anonymous rate limit (production keeps both; the server below inherits these).
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["API_THROTTLE_ANON"] = "none"
    os.environ["STATIC_ROOT"] = str(static_root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare_data():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("import_boundaries", if_empty=True, verbosity=0)
    call_command("load_dataset", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


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


# 2. Throughput ------------------------------------------------------------------


def start_server(static_root):
    env = {**os.environ, "STATIC_ROOT": str(static_root), "DJANGO_DEBUG": "0"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(gunicorn),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fetch("/api/countries/")
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"bench: gunicorn did not answer on {ORIGIN} within 30 s")


def fetch(path, gzip=True):
    request = urllib.request.Request(ORIGIN + path)  # noqa: S310 - loopback only
    if gzip:
        request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read(), response.headers


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(path):
    output = subprocess.run(  # noqa: S603 - fixed arguments
        [
            shutil.which("wrk"),
            "--threads",
            "2",
            "--connections",
            str(CONNECTIONS),
            "--duration",
            f"{SECONDS}s",
            "--timeout",
            "5s",
            "--latency",
            "--header",
            "Accept-Encoding: gzip",
            ORIGIN + path,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=SECONDS + 30,
    ).stdout
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


def run_python_load(path):
    """A bounded fallback when wrk is missing: 16 threads, one connection each."""
    import http.client

    stop = time.monotonic() + SECONDS
    latencies, errors = [], [0]
    lock = threading.Lock()

    def worker():
        mine = []
        while time.monotonic() < stop:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
            finally:
                connection.close()
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rps": round(len(latencies) / SECONDS, 2),
        "p50_ms": round(latencies[len(latencies) // 2], 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 2),
        "errors": errors[0],
        "socket_errors": "",
        "generator": "python threads",
    }


def throughput(static_path):
    load = run_wrk if shutil.which("wrk") else run_python_load
    paths = {**LOAD_URLS, "static": static_path}
    for path in paths.values():  # every worker computes and caches its payloads once
        for _ in range(WORKERS * 3):
            fetch(path)
    results = {}
    for name, path in paths.items():
        log(f"load: {name} {path} for {SECONDS} s at {CONNECTIONS} connections")
        results[name] = {"path": path, **load(path)}
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
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page_bytes = cold_page(browser)
            coloured, clicks = [], []
            for _ in range(BROWSER_RUNS):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.add_init_script(TIMING_SCRIPT)
                page = context.new_page()
                page.goto(ORIGIN + "/")
                page.wait_for_function("window.__bench && window.__bench.coloured !== null")
                page.locator("path.country-JP").first.click(force=True)
                page.locator("#partners li.partner").first.wait_for(state="visible")
                page.wait_for_function("window.__bench.panel !== null")
                timings = page.evaluate("window.__bench")
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
    load = results["throughput"]
    for name in ["static", *LOAD_URLS]:
        figure = load[name]
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
    server = None
    try:
        setup_django(static_root)
        from django.contrib.staticfiles.storage import staticfiles_storage
        from django.db import connections

        from relationships import synthetic

        log("preparing the database and static files")
        prepare_data()
        synthetic.remove(log=log)
        real = query_counts()
        synthetic.generate(log=log)
        queries = {"real": real, "synthetic": query_counts()}
        static_path = staticfiles_storage.url("maps/js/main.js")
        connections.close_all()

        log(f"starting gunicorn with {WORKERS} workers on {ORIGIN}")
        server = start_server(static_root)
        load = throughput(static_path)
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
            "throughput": load,
            "payload": {
                "boundaries_raw": len(plain),
                "boundaries_gzip": len(packed),
                "page": page,
            },
            "browser": browser,
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
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
