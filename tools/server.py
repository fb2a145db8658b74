"""The production server on loopback, for `make bench` and `make load`.

One gunicorn (DEBUG off, whitenoise serving collected static files) on
127.0.0.1, started, waited for and stopped in one place, so that both
scripts measure the same server.
"""

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# What answers 200 once the workers have loaded the site (a small, public read).
READY_PATH = "/api/countries/"


def environment(static_root=None):
    """The production settings, switched on by environment, for a server on loopback only."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on loopback: no TLS redirect (production keeps it on).
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # Every client here shares one address: the anonymous limit would stop the run.
        "API_THROTTLE_ANON": "none",
    }
    if static_root is not None:
        env["STATIC_ROOT"] = str(static_root)
    return env


def collect_static(env):
    """Static files as production serves them (fingerprinted, compressed) into STATIC_ROOT."""
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


def fetch(port, path, gzip=True, timeout=30):
    """(body, headers) of one GET on the loopback server."""
    request = urllib.request.Request(f"http://{HOST}:{port}{path}")  # noqa: S310 - loopback only
    if gzip:
        request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read(), response.headers


def wait_until_up(process, port, deadline=30):
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {process.returncode} before answering")
        try:
            fetch(port, READY_PATH, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port} within {deadline} s")


@contextmanager
def serve(port, workers, static_root=None):
    """gunicorn with `workers` sync workers on 127.0.0.1:`port` for the `with` block.

    Collects the static files first (into `static_root` when given, else the
    settings' STATIC_ROOT), waits until the site answers, yields the master
    process (its workers are its children) and stops it at the end.
    """
    env = environment(static_root)
    collect_static(env)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env)  # noqa: S603 - fixed arguments
    try:
        wait_until_up(process, port)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
