"""A database that hangs rather than stops: a quick 503 with Retry-After, never a hung worker.

Each test runs the site in a subprocess with the real settings (read from the
environment): against a stand-in that accepts connections and never answers,
and against the test database with a short statement timeout.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection

# The request a subprocess makes, printing (status, Retry-After, body, seconds).
REQUEST = """
import json, time, django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client().get("/api/countries/")
print(json.dumps([response.status_code, response.get("Retry-After"),
                  response.content.decode(), time.monotonic() - started]))
"""

SLOW_QUERY = """
import json, time, django
django.setup()
from django.db import connection, OperationalError
started = time.monotonic()
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    error = None
except OperationalError as exception:
    error = type(exception).__name__
print(json.dumps([error, time.monotonic() - started]))
"""


@pytest.fixture
def silent_server():
    """A TCP server on loopback that accepts every connection and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for sock in held:
        sock.close()
    listener.close()


def run(code, database_url, **env):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        **env,
    }
    environment.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_database_that_accepts_and_never_answers_is_a_quick_503(silent_server):
    started = time.monotonic()
    status, retry_after, body, took = run(
        REQUEST,
        f"postgres://postgres@127.0.0.1:{silent_server}/nowhere",
        DATABASE_CONNECT_TIMEOUT="2",
    )
    assert status == 503
    assert retry_after == "30"
    assert "database is unavailable" in json.loads(body)["detail"]
    assert took < 10  # the connect timeout (2 s, once or twice), not forever
    assert time.monotonic() - started < 30


@pytest.mark.django_db
def test_a_query_longer_than_the_statement_timeout_is_cancelled():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    error, took = run(SLOW_QUERY, url, DATABASE_STATEMENT_TIMEOUT_MS="300")
    assert error == "OperationalError"
    assert took < 3
