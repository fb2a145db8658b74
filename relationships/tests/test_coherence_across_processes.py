"""Every process sees a commit at once, and what one computes serves all: gunicorn with
three workers and the default cache.

Each test starts gunicorn on a free loopback port against the test database
(the default cache: files the workers share, in the test run's CACHE_DIR),
warms the cache, then changes the data from another process and reads
through every worker.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from relationships.tests.test_load_dataset import AGREEMENTS, JEF, write

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(settings.BASE_DIR)
HOST = "127.0.0.1"
WORKERS = 3
# Enough reads that each of the three workers answers several of them.
READS = 24


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"
        if not db.get("PASSWORD")
        else f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )


def environment():
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "1",
        "API_THROTTLE_ANON": "none",
        "API_THROTTLE_WRITE": "none",
        "AXES_ENABLED": "0",
    }
    env.pop("REDIS_URL", None)  # the default: files every worker shares
    return env


def get(port, path, timeout=10):
    request = urllib.request.Request(f"http://{HOST}:{port}{path}")  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read())


@pytest.fixture
def access_log(tmp_path):
    """Where gunicorn logs each request as "<worker pid> <path>"."""
    return tmp_path / "access.log"


@pytest.fixture
def gunicorn(world, access_log):
    """gunicorn, three sync workers, on a free loopback port for the test; stopped after."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(WORKERS)]
        + ["--bind", f"{HOST}:{port}", "--log-level", "warning"]
        + ["--access-logfile", str(access_log), "--access-logformat", "%(p)s %(U)s%(q)s"],
        cwd=BASE_DIR,
        env=environment(),
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(port, "/api/countries/", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def read_everywhere(port, path):
    """`READS` answers to `path`, several at a time, so that every worker gives some."""
    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        return list(pool.map(lambda _: get(port, path), range(READS)))


def titles(port, agreement):
    detail = [answer["title"] for answer in read_everywhere(port, f"/api/agreements/{agreement}/")]
    listed = [
        {row["title"] for row in answer["results"]}
        for answer in read_everywhere(port, "/api/agreements/?country=GB")
    ]
    return detail, listed


def test_an_edit_through_the_api_is_seen_by_every_worker_at_once(gunicorn, world, admin_user):
    from rest_framework.authtoken.models import Token

    raa = world["raa"]
    assert set(titles(gunicorn, raa.pk)[0]) == {"gb-jp-raa"}  # every worker has cached it
    token = Token.objects.create(user=admin_user)
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"http://{HOST}:{gunicorn}/api/agreements/{raa.pk}/",
        data=json.dumps({"title": "Edited through the API"}).encode(),
        method="PATCH",
        headers={"Authorization": f"Token {token.key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200
    detail, listed = titles(gunicorn, raa.pk)
    assert set(detail) == {"Edited through the API"}
    assert all("Edited through the API" in row for row in listed)


def test_an_edit_from_another_process_is_seen_by_every_worker_at_once(gunicorn, world):
    raa = world["raa"]
    titles(gunicorn, raa.pk)
    raa.title = "Edited from the shell"
    raa.save()
    detail, listed = titles(gunicorn, raa.pk)
    assert set(detail) == {"Edited from the shell"}
    assert all("Edited from the shell" in row for row in listed)


def test_reads_during_a_long_write_keep_nothing_stale_after_its_commit(gunicorn, world):
    raa = world["raa"]
    titles(gunicorn, raa.pk)
    during = []

    def read_while_the_transaction_is_open():
        during.extend(titles(gunicorn, raa.pk)[0])

    with transaction.atomic():
        raa.title = "Committed after a pause"
        raa.save()
        reader = threading.Thread(target=read_while_the_transaction_is_open)
        reader.start()
        reader.join(timeout=30)  # the readers cache what they saw while the write is open
    assert set(during) == {"gb-jp-raa"}  # nobody saw the uncommitted title
    detail, listed = titles(gunicorn, raa.pk)
    assert set(detail) == {"Committed after a pause"}
    assert all("Committed after a pause" in row for row in listed)


def test_load_dataset_in_another_process_is_seen_at_once(gunicorn, world, tmp_path):
    write(tmp_path, "organisations/jef.yaml", JEF)
    write(tmp_path, "agreements/test.yaml", AGREEMENTS)
    before = read_everywhere(gunicorn, "/api/agreements/?country=IT")
    assert all(answer["count"] == 0 for answer in before)
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "load_dataset", "--dir", str(tmp_path)],
        cwd=BASE_DIR,
        env=environment(),
        check=True,
        capture_output=True,
        timeout=120,
    )
    after = read_everywhere(gunicorn, "/api/agreements/?country=IT")
    keys = [{row["key"] for row in answer["results"]} for answer in after]
    assert all("gb-it-test-mou" in found for found in keys), keys


def test_an_answer_one_worker_computed_is_served_by_every_worker(gunicorn, world, access_log):
    # Each worker kept its own answers: one edit a second made each of the three
    # recompute the same ones (make load: 34% of the quiet rate, against 48% shared).
    path = "/api/countries/GB/relationships/"
    get(gunicorn, path)
    with transaction.atomic(), connection.cursor() as cursor:
        # A worker that computed the answer again would wait for this lock (and time out).
        cursor.execute("LOCK TABLE relationships_agreementparty IN ACCESS EXCLUSIVE MODE")
        with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
            answers = list(pool.map(lambda _: get(gunicorn, path, timeout=5), range(READS)))
    assert all(answer["partners"] for answer in answers)
    workers = {line.split()[0] for line in access_log.read_text().splitlines() if path in line}
    assert len(workers) > 1  # answered by more than the worker that computed it
