"""The default cache: files every worker of the machine shares, that can fail without a 500,
keyed by the code's version so that a deploy never serves answers cached before it."""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from config import cache as resilient
from config.cache import cache_settings, code_version
from relationships import cache as remembered

URLS = [
    "/api/countries/",
    "/api/countries/GB/relationships/",
    "/api/countries/GB/relationships/?view=tiers",
    "/api/agreements/",
    "/api/organisations/nato/",
]


def answers(client):
    return [client.get(url).status_code for url in URLS for _ in range(2)]


@pytest.fixture
def file_cache(tmp_path):
    """The file cache in a directory of the test's own, with no failure remembered."""

    def use(directory):
        resilient._down_until.clear()
        return override_settings(CACHES=cache_settings(None, directory, prefix="test"))

    yield use
    resilient._down_until.clear()


@pytest.mark.django_db
def test_without_redis_the_cache_is_files_that_outlive_the_process(world, file_cache, tmp_path):
    with file_cache(tmp_path / "cache"):
        cache.set("a-key", {"a": "value"})
        assert len(list((tmp_path / "cache").iterdir())) == 1
        cache._memory.clear()  # what another worker, or this one restarted, reads
        assert cache.get("a-key") == {"a": "value"}


@pytest.mark.django_db
def test_a_directory_that_cannot_be_used_means_uncached_answers_not_errors(
    client, world, file_cache, tmp_path
):
    blocked = tmp_path / "a-file-where-the-directory-should-be"
    blocked.write_text("")
    with file_cache(blocked):
        assert answers(client) == [200] * 10
        assert cache.get("anything") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "damage", [b"", b"\x80\x04garbage", bytes(range(7, 250, 3))], ids=["empty", "pickle", "noise"]
)
def test_a_damaged_cache_file_is_a_miss_not_an_error(client, world, file_cache, tmp_path, damage):
    directory = tmp_path / "cache"
    with file_cache(directory):
        first = [client.get(url).content for url in URLS]
        for path in directory.iterdir():
            path.write_bytes(damage)
        cache._memory.clear()  # read as another worker reads: from the files
        resilient._down_until.clear()
        assert [client.get(url).content for url in URLS] == first


def test_the_code_version_changes_with_a_module_or_a_template_and_not_with_a_test(tmp_path):
    for name in ["config/settings.py", "templates/page.html", "maps/tests/test_page.py"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("one")
    before = code_version(tmp_path)
    (tmp_path / "maps/tests/test_page.py").write_text("two")
    assert code_version(tmp_path) == before
    for name in ["config/settings.py", "templates/page.html"]:
        (tmp_path / name).write_text("two")
        assert code_version(tmp_path) != before
        before = code_version(tmp_path)


@pytest.mark.django_db
def test_a_deploy_that_changes_the_code_serves_no_answer_or_tag_from_before(
    client, world, settings
):
    url = "/api/countries/GB/relationships/"
    before = client.get(url)
    settings.CODE_VERSION = "deployed-later"
    settings.CACHES = cache_settings(None, cache._dir, prefix=settings.CODE_VERSION)
    remembered.forget()  # a deploy starts new processes: nothing in their own memory
    with CaptureQueriesContext(connection) as queries:
        after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200  # not a 304 for the old body
    assert after["ETag"] != before["ETag"]
    assert any("_agreementparty" in query["sql"] for query in queries)  # computed afresh


def test_past_its_size_the_cache_removes_the_entries_written_longest_ago(tmp_path, file_cache):
    with override_settings(
        CACHES={
            "default": {
                **cache_settings(None, tmp_path / "cache")["default"],
                "OPTIONS": {"MAX_ENTRIES": 9},
            }
        }
    ):
        for index in range(9):
            cache.set(f"old-{index}", index)
            path = cache._key_to_file(f"old-{index}")
            os.utime(path, (1_000_000 + index, 1_000_000 + index))  # written in order
        cache.set("new", "in use")  # over the size: the three oldest go
        cache._memory.clear()  # read from the files
        assert [cache.get(f"old-{index}") for index in range(9)] == [None] * 3 + list(range(3, 9))
        assert cache.get("new") == "in use"


def test_the_directory_is_listed_again_once_a_tenth_of_the_room_is_written(tmp_path, file_cache):
    with override_settings(
        CACHES={
            "default": {
                **cache_settings(None, tmp_path / "cache")["default"],
                "OPTIONS": {"MAX_ENTRIES": 1000},
            }
        }
    ):
        listings = []
        real = cache._list_cache_files
        cache._list_cache_files = lambda: listings.append(1) or real()
        for index in range(300):
            cache.set(f"key-{index}", index)
        # The room: 1,000, then 900, 810, 729... a listing each tenth of it written.
        assert 3 <= len(listings) <= 4
        assert len(real()) == 300
