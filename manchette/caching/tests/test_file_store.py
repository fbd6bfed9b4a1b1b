"""The file store: the layout nginx serves (deploy/nginx.conf), atomic writes and the sweep."""

import gzip
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from manchette.caching import renewal
from manchette.caching import store as store_module
from manchette.caching.store import (
    ChangeCounter,
    Entry,
    FileStore,
    Key,
    RecentEntries,
    cache_key,
    page_store,
)
from manchette.caching.tests.client import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MANCHETTE_PAGE_CACHE_DIR = tmp_path / "pagecache"
    return tmp_path / "pagecache" / "testserver"


def served_by_nginx(root):
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and ".entries" not in path.parts
    )


@pytest.mark.parametrize(
    ("path", "file", "content_type"),
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/rss/", "rss/index.rss", "application/rss+xml; charset=utf-8"),
        ("/atom/", "atom/index.atom", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "sitemap.xml/self.xml", "application/xml"),
        ("/robots.txt", "robots.txt/self.txt", "text/plain; charset=utf-8"),
    ],
)
def test_pages_are_written_where_nginx_finds_them_named_for_their_type(
    home, root, path, file, content_type
):
    page = get(path)
    assert page.headers["Content-Type"] == content_type
    assert (root / file).read_bytes() == page.raw
    if (root / f"{file}.gz").exists():
        assert gzip.decompress((root / f"{file}.gz").read_bytes()) == page.raw
    assert get(path).headers["X-Cache"] == "HIT"


def test_the_front_page_is_precompressed_for_nginx(home, root):
    page = get("/")
    assert served_by_nginx(root) == ["index.html", "index.html.br", "index.html.gz"]
    assert gzip.decompress((root / "index.html.gz").read_bytes()) == page.raw


def test_not_found_and_query_strings_are_left_to_the_application(home, root):
    get("/nulle-part/")
    get("/?page=2")
    assert served_by_nginx(root) == []
    assert get("/nulle-part/").headers["X-Cache"] == "HIT"
    assert get("/?page=2").headers["X-Cache"] == "HIT"


def test_a_purge_removes_the_files_nginx_serves(home, root):
    get("/")
    page_store().purge(["/"])
    assert served_by_nginx(root) == []
    assert get("/").headers["X-Cache"] == "MISS"


def test_a_lifetime_the_sweep_cannot_keep_is_never_left_to_nginx(home, root, settings):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 10
    get("/")
    assert served_by_nginx(root) == []
    assert get("/").headers["X-Cache"] == "HIT"


def test_files_are_readable_by_nginx_and_dated_when_rendering_started(home, root):
    before = time.time()
    get("/")
    assert not list(root.rglob(".tmp-*"))
    html = (root / "index.html").stat()
    assert html.st_mode & 0o777 == 0o644
    assert before <= html.st_mtime <= time.time()


def test_a_failed_write_keeps_no_partial_file(home, root, monkeypatch):
    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    assert get("/").status == 200
    assert not [path for path in root.rglob("*") if path.is_file()]


def test_an_entry_that_shrinks_loses_its_compressed_files(tmp_path):
    store, key = FileStore(tmp_path), Key("example.org", "/")
    store.set(key, entry(bodies={"identity": b"<p>long</p>", "gzip": b"gz", "br": b"br"}))
    store.set(key, entry(bodies={"identity": b"<p>short</p>"}))
    assert sorted(path.name for path in (tmp_path / "example.org").iterdir()) == [
        ".entries",
        "index.html",
    ]
    assert store.get(key).bodies == {"identity": b"<p>short</p>"}


@pytest.mark.parametrize(
    "path", ["/a/index.html/", "/.entries/", "/a//b/", "/café/", "/a/self.txt"]
)
def test_paths_that_could_clash_with_the_layout_stay_app_served(tmp_path, path):
    store, key = FileStore(tmp_path), Key("example.org", path)
    store.set(key, entry())
    assert sorted(p.name for p in (tmp_path / "example.org").iterdir()) == [".entries"]
    assert store.get(key).bodies == {"identity": b"<p>page</p>"}


@pytest.mark.parametrize("host", ["..", ".", "", "a/b"])
def test_hosts_that_are_no_folder_name_are_not_cached(host):
    assert cache_key({"HTTP_HOST": host, "PATH_INFO": "/"}) is None


def test_the_worker_sweeps_pages_before_nginx_would_serve_them_too_old(home, root, settings):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 60
    get("/")
    age_files(root, 40)
    call_command("worker", "--once", stdout=StringIO())
    assert served_by_nginx(root) == ["index.html", "index.html.br", "index.html.gz"]

    age_files(root, 51)  # older than the lifetime minus two ticks of the worker
    call_command("worker", "--once", stdout=StringIO())
    assert served_by_nginx(root) == []
    assert get("/").headers["X-Cache"] == "MISS"


def age_files(root, seconds):
    then = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def test_pages_read_through_nginx_are_rendered_again_before_the_sweep(home, root, settings):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 60
    site = root.parent / "localhost"
    get("/", HTTP_HOST="localhost:8443", secure=True)
    age_files(site, 51)  # this tick's sweep deletes it, unless it is renewed first
    read_by_nginx(site / "index.html.br")
    call_command("worker", "--once", stdout=StringIO())
    page = site / "index.html"
    assert time.time() - page.stat().st_mtime < 5
    # Rendered for the host and scheme of the reader it was first rendered for.
    assert '<link rel="canonical" href="https://localhost:8443/">' in page.read_text()
    age_files(site, 40)
    call_command("worker", "--once", stdout=StringIO())  # not read since: neither renewed...
    assert time.time() - page.stat().st_mtime > 39
    age_files(site, 51)
    call_command("worker", "--once", stdout=StringIO())  # ...nor kept
    assert not page.exists()


def test_pages_nobody_read_since_they_were_stored_are_left_to_the_sweep(home, root, settings):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 60
    get("/")
    age_files(root, 46)
    call_command("worker", "--once", stdout=StringIO())
    assert time.time() - (root / "index.html").stat().st_mtime > 45


def test_renewals_stop_at_the_time_a_tick_may_spend(home, root, settings, monkeypatch):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(renewal, "RENEW_SECONDS_PER_TICK", 0)
    get("/")
    age_files(root, 51)
    read_by_nginx(root / "index.html")
    call_command("worker", "--once", stdout=StringIO())
    assert served_by_nginx(root) == []


def test_the_busiest_pages_are_renewed_first(tmp_path):
    # relatime records a file's first read after it was written: the sooner, the busier.
    store = FileStore(tmp_path)
    for path in ("/a/", "/b/", "/c/", "/d/"):
        store.set(Key("example.org", path), entry(stored=time.time() - 50))
    store.set(Key("example.org", "/e/"), entry())  # too young to be renewed yet
    store.set(Key("example.org", "/a/", "page=2"), entry(stored=time.time() - 50))  # app's own
    site = tmp_path / "example.org"
    read_by_nginx(site / "a/index.html", seconds_after_stored=30)
    read_by_nginx(site / "b/index.html", seconds_after_stored=0.01)
    read_by_nginx(site / "e/index.html")
    found = store.read_since_stored(45)
    assert [path for path, _request, _signature in found] == ["/b/", "/a/"]


def test_a_page_purged_while_it_is_renewed_is_not_stored_again(home, root, settings):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 60
    get("/")
    age_files(root, 46)
    read_by_nginx(root / "index.html")
    store = page_store()
    [(path, request, signature)] = store.read_since_stored(45)
    store.purge(["/"])  # a publish, between the listing and the rendering
    environ = renewal._replayed_request(path, request)
    assert renewal._application().renew(environ, signature) is False
    assert served_by_nginx(root) == []


def test_a_page_is_never_missing_for_nginx_while_it_is_stored_again(tmp_path, monkeypatch):
    store = FileStore(tmp_path)
    key = Key("example.org", "/")
    store.set(key, entry({"identity": b"<p>first edition</p>"}))
    page = tmp_path / "example.org/index.html"
    seen = []
    write = store_module._write

    def write_and_look(*args):
        seen.append(page.read_bytes() if page.exists() else None)
        write(*args)

    monkeypatch.setattr(store_module, "_write", write_and_look)
    store.set(key, entry({"identity": b"<p>second edition</p>"}))
    # Before the new body is written, then before its sidecar is.
    assert seen == [b"<p>first edition</p>", b"<p>second edition</p>"]


@pytest.fixture
def noatime_folder(tmp_path):
    """A real file system mounted noatime, where this machine lets the tests mount one."""
    folder = tmp_path / "noatime"
    folder.mkdir()
    mounted = subprocess.run(  # noqa: S603 (fixed arguments)
        ["/usr/bin/mount", "-t", "tmpfs", "-o", "noatime,size=4m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"no noatime file system can be mounted here: {mounted.stderr.strip()}")
    yield folder
    subprocess.run(["/usr/bin/umount", str(folder)], check=True)  # noqa: S603


def test_a_file_system_that_records_no_reads_is_announced_once(noatime_folder, caplog):
    store = FileStore(noatime_folder / "pages")
    store.set(Key("example.org", "/"), entry(stored=time.time() - 50))
    (noatime_folder / "pages/example.org/index.html").read_bytes()  # as nginx does
    assert store.read_since_stored(45) == []  # nginx's reads cannot be seen: swept, not renewed
    assert store.read_since_stored(45) == []
    warnings = [record for record in caplog.records if "does not record reads" in record.message]
    assert len(warnings) == 1
    assert str(noatime_folder / "pages") in warnings[0].message
    assert not list((noatime_folder / "pages").glob(".reads-probe-*"))


def test_a_folder_that_cannot_be_probed_does_not_stop_the_renewal(tmp_path, caplog):
    (tmp_path / "not-a-folder").write_text("")
    store = FileStore(tmp_path / "not-a-folder" / "pages")
    assert store.read_since_stored(45) == []
    assert "could not probe" in caplog.text


def test_reading_a_page_file_counts_as_a_read(tmp_path, caplog):
    probe = tmp_path / "probe"
    probe.write_bytes(b"x")
    os.utime(probe, (time.time() - 10, time.time() - 10))
    probe.read_bytes()
    if probe.stat().st_atime <= probe.stat().st_mtime:
        pytest.skip("this file system does not record reads (mounted noatime)")
    store = FileStore(tmp_path / "pages")
    store.set(Key("example.org", "/"), entry(stored=time.time() - 50))
    assert store.read_since_stored(45) == []
    FileStore(tmp_path / "pages").get(Key("example.org", "/"))  # as the application does
    assert store.read_since_stored(45) == []  # the application renews its own hits
    (tmp_path / "pages/example.org/index.html").read_bytes()  # as nginx does
    assert [path for path, _request, _signature in store.read_since_stored(45)] == ["/"]
    assert "does not record reads" not in caplog.text


def read_by_nginx(path, seconds_after_stored=None):
    stored = path.stat().st_mtime
    read = time.time() if seconds_after_stored is None else stored + seconds_after_stored
    os.utime(path, (read, stored))


def test_the_sweep_removes_whole_entries_and_empty_folders(tmp_path):
    store = FileStore(tmp_path)
    store.set(Key("example.org", "/a/b/"), entry(stored=time.time() - 100))
    store.set(Key("example.org", "/c/"), entry())
    assert store.sweep(max_age=50) == 2  # the body and its sidecar
    assert store.get(Key("example.org", "/a/b/")) is None
    assert not (tmp_path / "example.org/a").exists()
    assert store.get(Key("example.org", "/c/")) is not None


def test_expired_entries_are_never_answered(tmp_path):
    store = FileStore(tmp_path)
    store.set(Key("example.org", "/"), entry(stored=time.time() - 61))
    assert store.get(Key("example.org", "/")) is None


def entry(bodies=None, stored=None):
    return Entry(
        status="200 OK",
        headers=[("Content-Type", "text/html; charset=utf-8")],
        etag='"e"',
        stored=time.time() if stored is None else stored,
        seconds=60,
        bodies=bodies or {"identity": b"<p>page</p>"},
    )


@pytest.mark.parametrize(
    "header", [("Content-Language", "fr"), ("X-Frame-Options", "DENY"), ("Link", "</a>")]
)
def test_responses_with_headers_nginx_would_not_send_stay_app_served(tmp_path, header):
    store = FileStore(tmp_path)
    page = entry()
    store.set(Key("example.org", "/"), replace(page, headers=[*page.headers, header]))
    assert sorted(p.name for p in (tmp_path / "example.org").iterdir()) == [".entries"]


def test_a_page_another_process_stores_again_replaces_what_this_one_remembers(tmp_path):
    key = Key("example.org", "/")
    here, elsewhere = FileStore(tmp_path), FileStore(tmp_path)
    here.set(key, entry({"identity": b"<p>first edition</p>"}))
    assert here.get(key).bodies["identity"] == b"<p>first edition</p>"
    elsewhere.set(key, entry({"identity": b"<p>corrected edition</p>"}))
    assert here.get(key).bodies["identity"] == b"<p>corrected edition</p>"
    elsewhere.purge(["/"])
    assert here.get(key) is None


def entry_of(size):
    return Entry("200 OK", [], '"e"', time.time(), 60, bodies={"identity": b"x" * size})


def test_a_process_keeps_the_entries_it_read_last_within_a_size():
    recent = RecentEntries(max_bytes=100)
    for name in ("a", "b", "c"):
        recent.keep(name, 1, entry_of(40), b"reading")
    recent.keep("huge", 1, entry_of(101), b"reading")

    assert recent.get("a", 1) is None  # the oldest read made room
    assert recent.get("b", 1).bodies == recent.get("c", 1).bodies == {"identity": b"x" * 40}
    assert recent.get("b", 2) is None  # the file changed on disk since
    assert recent.unchanged_since("b", b"reading") is recent.get("b", 1)
    assert recent.unchanged_since("b", b"moved on") is None  # the store changed since
    assert recent.get("huge", 1) is None
    assert recent.size == 80


def test_a_kept_page_is_answered_without_the_file_system_until_the_store_changes(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(ChangeCounter, "RECHECK_SECONDS", 3600)  # however slow the machine
    key, other = Key("example.org", "/"), Key("example.org", "/autre/")
    here, elsewhere = FileStore(tmp_path), FileStore(tmp_path)
    here.set(key, entry({"identity": b"<p>first edition</p>"}))
    here.get(key)
    with mock.patch.object(os, "stat", wraps=os.stat) as stat:
        assert here.get(key).bodies["identity"] == b"<p>first edition</p>"
        assert stat.call_count == 0
        elsewhere.set(other, entry())  # any change: the next hit looks at the disk again
        stat.reset_mock()
        assert here.get(key).bodies["identity"] == b"<p>first edition</p>"
        assert stat.call_count == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda store: store.purge(["/"]),
        lambda store: store.clear(),
        lambda store: (age_files(store.root, 100), store.sweep(max_age=50)),
    ],
    ids=["purge", "clear", "sweep"],
)
def test_a_page_removed_by_another_process_is_no_longer_answered(tmp_path, change):
    key = Key("example.org", "/")
    here, elsewhere = FileStore(tmp_path), FileStore(tmp_path)
    here.set(key, entry())
    assert here.get(key) is not None
    change(elsewhere)
    assert here.get(key) is None
    here.set(key, entry({"identity": b"<p>rendered again</p>"}))
    assert elsewhere.get(key).bodies["identity"] == b"<p>rendered again</p>"


def test_the_sweep_keeps_the_change_counter(tmp_path):
    store = FileStore(tmp_path)
    store.set(Key("example.org", "/"), entry())
    counter = (tmp_path / ".changes").stat().st_ino
    age_files(tmp_path, 100)
    assert store.sweep(max_age=50) == 2  # the page's body and its sidecar, not the counter
    assert (tmp_path / ".changes").stat().st_ino == counter


def test_a_purge_in_another_process_is_seen_at_the_next_hit(tmp_path):
    key = Key("example.org", "/")
    store = FileStore(tmp_path)
    store.set(key, entry())
    assert store.get(key) is not None
    purge = (
        "import django; django.setup();"
        "from manchette.caching.store import FileStore;"
        f"FileStore({str(tmp_path)!r}).purge(['/'])"
    )
    subprocess.run([sys.executable, "-c", purge], check=True, timeout=60)  # noqa: S603
    assert store.get(key) is None


def test_long_addresses_are_keyed_like_the_others():
    long_query = "q=" + "x" * 5000
    environ = {"HTTP_HOST": "Example.org:8000", "PATH_INFO": "/", "QUERY_STRING": long_query}
    assert cache_key(environ) == Key("example.org", "/", long_query)


def test_a_store_that_cannot_be_written_answers_misses_without_failing(tmp_path):
    not_a_folder = tmp_path / "pagecache"
    not_a_folder.write_text("")
    store = FileStore(not_a_folder)
    key = Key("example.org", "/")
    assert store.get(key) is None
    store.set(key, entry())
    assert store.purge(["/"]) == 0
    assert store.get(key) is None


def test_a_store_whose_folder_was_deleted_sees_the_changes_made_after(tmp_path, monkeypatch):
    monkeypatch.setattr(ChangeCounter, "RECHECK_SECONDS", 0)  # rather than wait a second
    key = Key("example.org", "/")
    here, elsewhere = FileStore(tmp_path / "pagecache"), FileStore(tmp_path / "pagecache")
    here.set(key, entry())
    assert here.get(key) is not None
    shutil.rmtree(tmp_path / "pagecache")  # by hand, while serving
    elsewhere.set(key, entry({"identity": b"<p>after</p>"}))
    assert here.get(key).bodies["identity"] == b"<p>after</p>"
