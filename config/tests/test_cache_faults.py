"""A Redis cache that goes away or hangs: answers come uncached and quickly, never a 500.

Each test starts its own redis-server on a free loopback port (never the
shared one) and kills or freezes it.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from config import cache as resilient
from config.cache import cache_settings

URLS = [
    "/api/countries/",
    "/api/countries/GB/relationships/",
    "/api/agreements/",
    "/api/organisations/nato/",
    "/about/",
]

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of our own on a free loopback port, with nothing saved to disk."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    try:
        with override_settings(CACHES=cache_settings(f"redis://127.0.0.1:{port}/0")):
            resilient._down_until.clear()
            yield process
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
        process.wait(timeout=10)
        resilient._down_until.clear()


def answers(client):
    started = time.monotonic()
    statuses = [client.get(url).status_code for url in URLS for _ in range(3)]
    return statuses, time.monotonic() - started


@pytest.mark.django_db
def test_the_cache_is_redis_when_it_is_up(client, world, redis_server):
    assert answers(client)[0] == [200] * 15
    assert cache.get("relationships:nothing") is None
    cache.set("a-key", "a value")
    assert cache.get("a-key") == "a value"


@pytest.mark.django_db
def test_redis_stopped_means_uncached_answers_not_errors(client, world, redis_server):
    assert answers(client)[0] == [200] * 15  # cached in Redis
    redis_server.kill()
    redis_server.wait(timeout=10)
    statuses, took = answers(client)
    assert statuses == [200] * 15
    assert took < 5


@pytest.mark.django_db
def test_redis_frozen_costs_one_bounded_timeout_not_a_hang(client, world, redis_server):
    assert answers(client)[0] == [200] * 15
    os.kill(redis_server.pid, signal.SIGSTOP)
    statuses, took = answers(client)
    assert statuses == [200] * 15
    # One timeout (0.25 s), then Redis is left alone for a while: not 15 requests x n calls.
    assert took < 5


@pytest.mark.django_db
def test_the_site_uses_redis_again_when_it_comes_back(client, world, redis_server, monkeypatch):
    os.kill(redis_server.pid, signal.SIGSTOP)
    assert answers(client)[0] == [200] * 15
    os.kill(redis_server.pid, signal.SIGCONT)
    monkeypatch.setattr(resilient, "DOWN_SECONDS", 0)
    resilient._down_until.clear()
    cache.set("back", "again")
    assert cache.get("back") == "again"
