"""The shared page store: what the WSGI layer reads and writes, purges and the sweep delete.

Two stores with one small interface (get, set, purge, clear, sweep), so that every worker process
sees the same entries:

- FileStore (default): plain files in the data folder, laid out so that nginx serves a stored page
  straight from disk (deploy/nginx.conf);
- CacheStore: a Django cache, Redis when REDIS_URL is set.
"""

import functools
import hashlib
import json
import logging
import mmap
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.request import split_domain_port

from manchette.core import jobs
from manchette.core.renditions import saves_data

logger = logging.getLogger(__name__)

HOSTS_KEY = "manchette:page-hosts"
# Content type as the application sends it -> the file extension for which deploy/nginx.conf
# (`types`, `charset_types`) sends the very same header. Other types stay app-served.
NGINX_TYPES = {
    "text/html; charset=utf-8": "html",
    "application/rss+xml; charset=utf-8": "rss",
    "application/atom+xml; charset=utf-8": "atom",
    "application/xml": "xml",
    "text/plain; charset=utf-8": "txt",
}
# The headers deploy/nginx.conf sends with a page it serves (None: any value). A response with
# another header, or another value, stays app-served rather than lose it.
NGINX_HEADERS = {
    "content-type": set(NGINX_TYPES),
    "x-frame-options": {"SAMEORIGIN"},
    "x-content-type-options": {"nosniff"},
    "referrer-policy": {"strict-origin-when-cross-origin"},
    "cross-origin-opener-policy": {"same-origin"},
    "x-robots-tag": {"noindex, noodp, noarchive"},  # the sitemaps' ($manchette_robots)
    "last-modified": None,  # nginx sends the file's, that is when the page was rendered
}
SUFFIXES = {"identity": "", "gzip": ".gz", "br": ".br"}  # what gzip_static, brotli_static look for
# nginx cannot tell a file's age, so the worker's sweep deletes files this long before they
# outlive the lifetime: one tick, plus one more for the jobs that run in the same tick.
SWEEP_MARGIN = 2 * jobs.TICK_SECONDS
ENTRIES = ".entries"
CLAIMS = ".claims"
CHANGES = ".changes"  # the file store's change counter, beside its host folders
# An entry is renewed from three quarters of its lifetime on, while it is still served: with
# the default 60 s, at 45 s, before the sweep takes nginx's copy at 50 s.
REFRESH_FROM = 0.75
# Keys made once per process, for addresses up to a length: at most about 1 MB.
KEPT_KEYS = 1024
KEPT_KEY_LENGTH = 1024
# A claim to render a page lapses after this long: its holder has crashed or hangs.
CLAIM_SECONDS = 30


@dataclass(frozen=True)
class Key:
    host: str  # lower case, without port: nginx's $host
    path: str
    variant: str = ""  # whatever else changes the response (the query string); "" for nginx
    save_data: bool = False  # the lighter page for readers sending Save-Data: on

    @functools.cached_property  # keys are kept (`_kept_key`): worked out once per page and process
    def digest(self) -> str:
        light = "|save-data" if self.save_data else ""
        return hashlib.sha256(f"{self.host}|{self.path}?{self.variant}{light}".encode()).hexdigest()

    def with_save_data_variant(self):
        """This page and its lighter copy: what a purge must forget."""
        return [self, Key(self.host, self.path, self.variant, save_data=True)]


def cache_key(environ) -> Key | None:
    """What a response is stored under, or None when the request names no usable host."""
    request = (
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        environ.get("PATH_INFO", "/"),
        environ.get("QUERY_STRING", ""),
        saves_data(environ),
    )
    if sum(map(len, request[:3])) > KEPT_KEY_LENGTH:  # anyone can send a long address
        return _make_key(*request)
    return _kept_key(*request)


def _make_key(host_header, path, query, save_data) -> Key | None:
    host, _port = split_domain_port(host_header)
    if not host or host.startswith("."):  # a folder name in the file store, never a way up
        return None
    return Key(host, path, query, save_data=save_data)


# A spike's readers ask for a few pages: each one's key (its host parsed, its digest hashed)
# is made once per process instead of once per hit.
_kept_key = functools.lru_cache(maxsize=KEPT_KEYS)(_make_key)


@dataclass(frozen=True)
class Entry:
    status: str
    headers: list  # (name, value) pairs without Date, Vary, Cache-Control or Content-Length
    etag: str
    stored: float  # when rendering started: the age that bounds how stale a page is
    seconds: int  # how long it may be served
    bodies: dict = field(repr=False)  # encoding ("identity", "gzip", "br") -> bytes
    # What of the request shaped the page (host header, scheme): absolute links are made from
    # it, and the worker's renewal (renewal.py) renders the page again with the same.
    request: dict = field(default_factory=dict)

    @functools.cached_property
    def header_names(self) -> frozenset:
        return frozenset(name.lower() for name, _value in self.headers)

    @property
    def content_type(self) -> str:
        return next((value for name, value in self.headers if name.lower() == "content-type"), "")

    def nginx_sends_the_same_headers(self) -> bool:
        return all(_nginx_sends(name, value) for name, value in self.headers)

    def fresh(self) -> bool:
        return time.time() < self.stored + self.seconds

    def due_for_refresh(self) -> bool:
        """In the last quarter of its life: one request renders the next edition meanwhile."""
        return time.time() >= self.stored + self.seconds * REFRESH_FROM


ENTRY_FIELDS = [name for name in Entry.__dataclass_fields__ if name != "bodies"]


def _nginx_sends(name, value) -> bool:
    values = NGINX_HEADERS.get(name.lower(), ())
    return values is None or value in values


class CacheStore:
    """Entries in a Django cache (Redis in production), which expires them itself."""

    def __init__(self, alias):
        self.alias = alias

    @property
    def cache(self):
        return caches[self.alias]  # Django gives each thread its own connection

    def get(self, key: Key) -> Entry | None:
        return self.cache.get(key.digest)

    def set(self, key: Key, entry: Entry) -> None:
        self.cache.set(key.digest, entry, entry.seconds)
        hosts = self.cache.get(HOSTS_KEY) or set()
        if key.host not in hosts:
            self.cache.set(HOSTS_KEY, hosts | {key.host}, None)

    def purge(self, paths) -> int:
        hosts = self.cache.get(HOSTS_KEY) or set()
        digests = [key.digest for key in _purged_keys(hosts, paths)]
        self.cache.delete_many(digests)
        return len(digests)

    def clear(self) -> None:
        self.cache.clear()

    def sweep(self, max_age: float) -> int:
        return 0

    def read_since_stored(self, min_age: float) -> list[tuple[str, dict, tuple]]:
        return []  # only the application serves these entries, and it renews them itself

    def claim(self, key: Key) -> bool:
        return self.cache.add(f"{key.digest}:claim", 1, CLAIM_SECONDS)  # Redis: SET NX

    def claimed(self, key: Key) -> bool:
        return self.cache.get(f"{key.digest}:claim") is not None

    def release(self, key: Key) -> None:
        self.cache.delete(f"{key.digest}:claim")


class FileStore:
    """Plain files, one folder per host:

        <host>/.entries/<sha256>.json        every entry: status, headers, ETag, time, body files
        <host>/<path>index.<ext>[.gz|.br]    the body nginx serves for a path ending in "/"
        <host>/<path>/self.<ext>[.gz|.br]    ... for any other path (/sitemap.xml, /robots.txt)
        <host>/.entries/<sha256>.body[...]   bodies only the application serves (404s, queries)
        .changes                             the change counter (ChangeCounter), for all hosts

    Each file is written under a temporary name, then renamed, with the entry's time as its
    modification time: readers (other processes, nginx) see whole files, and the sweep dates them.
    """

    def __init__(self, root):
        self.root = Path(root)
        self.changes = ChangeCounter(self.root / CHANGES)

    def get(self, key: Key) -> Entry | None:
        # Read before the disk is: a change made meanwhile moves it again for the next request.
        changes = self.changes.read()
        name = (self.root, key.digest)
        entry = _recently_read.unchanged_since(name, changes) or self._check(key, name, changes)
        return entry if entry is not None and entry.fresh() else None

    def _check(self, key: Key, name: tuple, changes: bytes) -> Entry | None:
        """The entry on disk, read again only if its file is not the one this process read."""
        signature = self.signature(key)
        if signature is None:
            return None
        entry = _recently_read.get(name, signature) or self._read(key)
        if entry is not None:
            _recently_read.keep(name, signature, entry, changes)
        return entry

    def signature(self, key: Key) -> tuple | None:
        """The entry's file as it is now: a purge deletes it, a new page replaces it."""
        try:
            return _signature(os.stat(self._meta(key)))
        except (FileNotFoundError, NotADirectoryError):
            return None

    def _read(self, key: Key) -> Entry | None:
        folder = self.root / key.host
        try:
            meta = json.loads(self._meta(key).read_bytes())
            files = meta["files"]
            bodies = {encoding: _read_unseen(folder / name) for encoding, name in files.items()}
        except (FileNotFoundError, NotADirectoryError):  # absent, or purged while being read
            return None
        meta["headers"] = [tuple(pair) for pair in meta["headers"]]
        # Only the fields this version knows: a newer or older version may have written it.
        return Entry(**{name: meta[name] for name in ENTRY_FIELDS if name in meta}, bodies=bodies)

    def set(self, key: Key, entry: Entry) -> None:
        folder = self.root / key.host
        body = self._nginx_file(key, entry) or folder / ENTRIES / f"{key.digest}.body"
        files = {encoding: f"{body}{SUFFIXES[encoding]}" for encoding in entry.bodies}
        meta = {
            "status": entry.status,
            "headers": entry.headers,
            "etag": entry.etag,
            "stored": entry.stored,
            "seconds": entry.seconds,
            "request": entry.request,
            "path": key.path,
            "files": {encoding: os.path.relpath(name, folder) for encoding, name in files.items()},
        }
        try:
            # Over the former files, each replaced at once: nginx never finds the page missing.
            # The plain body last: nginx serves the page (and its .gz, .br) once it exists.
            for encoding in sorted(files, key=lambda encoding: encoding == "identity"):
                _write(Path(files[encoding]), entry.bodies[encoding], entry.stored)
            _write(self._meta(key), json.dumps(meta).encode(), entry.stored)
            # A body that is no longer compressed, or no longer nginx's.
            self._remove(key, keep={*files.values(), str(self._meta(key))})
        except OSError as error:  # the page is still answered, just not kept
            logger.warning("Page cache: %s not stored: %s", key.path, error)
        finally:
            self.changes.move()  # even half done: files were removed

    def purge(self, paths) -> int:
        hosts = [folder.name for folder in self.root.glob("*/")]
        keys = _purged_keys(hosts, paths)
        try:
            for key in keys:
                self._remove(key)
        finally:
            self.changes.move()  # even half done: files were removed
        return len(keys)

    def clear(self) -> None:
        try:
            for folder in self.root.glob("*/"):
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            self.changes.move()

    def sweep(self, max_age: float) -> int:
        """Delete every file older than max_age seconds, then the folders left empty."""
        removed = 0
        for folder, _folders, names in os.walk(self.root, topdown=False):
            cutoff = time.time() - max_age
            for name in names:
                path = os.path.join(folder, name)
                if path != self.changes.path:
                    removed += _unlink_older(path, cutoff)
            if folder != str(self.root):
                try:
                    os.rmdir(folder)  # only succeeds on an empty folder
                except OSError:
                    pass
        if removed:
            self.changes.move()
        return removed

    def read_since_stored(self, min_age: float) -> list[tuple[str, dict, tuple]]:
        """The pages nginx serves that were stored at least min_age seconds ago and read since:
        their path, the request that rendered them and their entry's signature, the busiest
        first (the sooner a page was first read after it was stored).

        "Read" is the file system's access time, later than the modification time once nginx
        has read a body file: Linux's default `relatime` mount option records that first read
        (the application reads them with O_NOATIME). On a file system mounted `noatime` no
        page is ever found read, which warn_if_reads_unseen() logs once.
        """
        warn_if_reads_unseen(self.root)
        cutoff = time.time() - min_age
        found = []
        for meta_path in self.root.glob(f"*/{ENTRIES}/*.json"):
            folder = meta_path.parent.parent
            try:
                stat = os.stat(meta_path)
                if stat.st_mtime > cutoff:
                    continue
                meta = json.loads(meta_path.read_bytes())
                first_read = self._first_read_after_stored(folder, meta)
            except (OSError, ValueError, KeyError):  # purged meanwhile, or another version's
                continue
            if first_read is not None and "path" in meta:
                found.append((first_read, meta["path"], meta.get("request", {}), _signature(stat)))
        found.sort(key=lambda item: item[0])
        return [(path, request, signature) for _delay, path, request, signature in found]

    @staticmethod
    def _first_read_after_stored(folder: Path, meta: dict) -> int | None:
        """How long after it was written a body file nginx serves was first read, if it was."""
        served = [name for name in meta["files"].values() if not name.startswith(ENTRIES)]
        files = [os.stat(folder / name) for name in served]
        delays = [file.st_atime_ns - file.st_mtime_ns for file in files]
        return min((delay for delay in delays if delay > 0), default=None)

    def claim(self, key: Key) -> bool:
        """Whether this process may render the page: an exclusive file, shared by all."""
        path = self._claim(key)
        for _attempt in range(2):
            try:
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                return True
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
            except FileExistsError:
                if not _unlink_older(str(path), time.time() - CLAIM_SECONDS):
                    return False
        return False

    def claimed(self, key: Key) -> bool:
        return self._claim(key).exists()

    def release(self, key: Key) -> None:
        self._claim(key).unlink(missing_ok=True)

    def _claim(self, key: Key) -> Path:
        return self.root / key.host / CLAIMS / key.digest

    def _meta(self, key: Key) -> Path:
        return self.root / key.host / ENTRIES / f"{key.digest}.json"

    def _nginx_stem(self, key: Key) -> Path | None:
        """Where deploy/nginx.conf looks for this page ($manchette_page), if it can."""
        if key.variant or key.save_data or not key.path.isascii() or not key.path.startswith("/"):
            return None
        *folders, last = key.path.split("/")[1:]
        folders += [last] if last else []
        if not all(_plain_folder_name(name) for name in folders):
            return None
        return self.root.joinpath(key.host, *folders, "self" if last else "index")

    def _nginx_file(self, key: Key, entry: Entry) -> Path | None:
        stem = self._nginx_stem(key)
        if (
            stem is None
            or not entry.status.startswith("200 ")
            or entry.content_type not in NGINX_TYPES
        ):
            return None
        # nginx would drop or change a header, or the sweep could not remove the file in time.
        if not entry.nginx_sends_the_same_headers() or entry.seconds <= SWEEP_MARGIN:
            return None
        return stem.with_name(f"{stem.name}.{NGINX_TYPES[entry.content_type]}")

    def _remove(self, key: Key, keep=frozenset()) -> None:
        stem = self._nginx_stem(key)
        served = list(stem.parent.glob(stem.name + ".*")) if stem else []
        # The plain bodies first: nginx looks for them before it looks for .gz or .br.
        served.sort(key=lambda path: path.suffix in (".gz", ".br"))
        own = (self.root / key.host / ENTRIES).glob(key.digest + ".*")
        for path in [*served, *own]:
            if str(path) not in keep:
                path.unlink(missing_ok=True)


class RecentEntries:
    """The entries a process read last, each with the signature of its file when read and the
    change counter's reading when that file was last found on disk, up to a total size of
    their bodies: the oldest read go first."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = {}  # name -> _Kept, oldest read first
        self.size = 0
        self.lock = threading.Lock()  # granian serves from several threads

    def get(self, name, signature):
        kept = self._kept(name)
        return kept.entry if kept and kept.signature == signature else None

    def unchanged_since(self, name, changes):
        """The entry, if the store has not changed since its file was last found on disk."""
        kept = self._kept(name)
        return kept.entry if kept and kept.changes == changes else None

    def _kept(self, name):
        with self.lock:
            return self.entries.get(name)

    def keep(self, name, signature, entry, changes):
        size = sum(len(body) for body in entry.bodies.values())
        with self.lock:
            self._forget(name)
            if size > self.max_bytes:
                return
            self.entries[name] = _Kept(signature, entry, size, changes)
            self.size += size
            while self.size > self.max_bytes:
                self._forget(next(iter(self.entries)))

    def _forget(self, name):
        kept = self.entries.pop(name, None)
        if kept:
            self.size -= kept.size


class _Kept(NamedTuple):
    signature: tuple  # of the entry's file when it was read
    entry: Entry
    size: int  # of its bodies
    changes: bytes | object  # the change counter's reading when the file was last found


class ChangeCounter:
    """A value in a small file that every process maps into its memory, given a new value by
    each change to the file store (a page stored, purged, cleared or swept).

    While it keeps the value it had when this process last found a page's file on disk, the
    copy of the page this process holds is still the stored one: a hit then makes no call to
    the file system. Each such call released the GIL, and the request paid for getting it back
    from the worker's other threads: without it, a worker answered about a third more hits.
    """

    SIZE = 8
    # How often a process checks that the file it maps is still the store's: someone may have
    # deleted the whole folder, and the counter written from then on is another file.
    RECHECK_SECONDS = 1.0

    def __init__(self, path: Path):
        self.path = str(path)
        self._view = None
        self._inode = None
        self._recheck_at = 0.0

    def read(self) -> bytes | object:
        view, now = self._view, time.monotonic()
        if now >= self._recheck_at:
            self._recheck_at = now + self.RECHECK_SECONDS
            view = self._view = self._current_view(view)
        if view is None:  # hits look at the disk, as they would have to, until the next check
            return object()  # equal to no earlier reading
        return view[: self.SIZE]

    def move(self) -> None:
        """A new random value: two processes moving it at once still change it."""
        try:
            descriptor = self._open(os.O_RDWR)
            try:
                os.pwrite(descriptor, os.urandom(self.SIZE), 0)
            finally:
                os.close(descriptor)
        except OSError as error:
            # Readers in other processes may answer removed pages until their lifetime ends.
            logger.error("Page cache: change counter %s not moved: %s", self.path, error)

    def _current_view(self, view):
        """The mapping to read from now on: this one, the file's new one, or None."""
        if view is not None and self._still_mapped():
            return view
        try:
            descriptor = self._open(os.O_RDONLY)
            try:
                self._inode = os.fstat(descriptor).st_ino
                return mmap.mmap(descriptor, self.SIZE, access=mmap.ACCESS_READ)
            finally:
                os.close(descriptor)
        except (OSError, ValueError) as error:  # ValueError: shortened by hand
            logger.warning("Page cache: no change counter at %s: %s", self.path, error)
            return None

    def _still_mapped(self) -> bool:
        try:
            return os.stat(self.path).st_ino == self._inode
        except OSError:
            return False

    def _open(self, mode) -> int:
        try:
            return os.open(self.path, mode)
        except FileNotFoundError:
            self._create()
            return os.open(self.path, mode)

    def _create(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        # Writable by whoever may write the store, as far as the umask allows.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o666)
        try:
            if os.fstat(descriptor).st_size < self.SIZE:
                os.ftruncate(descriptor, self.SIZE)  # zeros; never shortens another's value
        finally:
            os.close(descriptor)


# A spike's readers want the same few pages: a hit then reads none of its files. 8 MB holds
# about a hundred pages with their compressed copies, in each process.
_recently_read = RecentEntries(max_bytes=8 * 1024 * 1024)


def _purged_keys(hosts, paths):
    return [
        variant
        for host in hosts
        for path in set(paths)
        for variant in Key(host, path).with_save_data_variant()
    ]


def _plain_folder_name(name: str) -> bool:
    # Never hidden (.entries, temporary files), never a body file's name (index.html).
    return bool(name) and not name.startswith((".", "index.", "self."))


def _write(path: Path, data: bytes, mtime: float) -> None:
    """Write atomically: several processes share the store, and nginx reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)  # nginx's workers run as another user
        os.utime(temporary, (mtime, mtime))
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _signature(found: os.stat_result) -> tuple:
    return (found.st_ino, found.st_mtime_ns, found.st_size)


@functools.cache  # once per process and folder
def warn_if_reads_unseen(root: Path) -> None:
    """Log a warning when reading a file in `root` does not move its access time past its
    modification time: the renewal could not find what nginx served. A probe that fails is
    logged too, and changes nothing else: a diagnostic must not stop the renewal."""
    try:
        found = _probe_read(root)
    except OSError as error:
        logger.warning("Page cache: could not probe %s for recorded reads: %s", root, error)
        return
    if found.st_atime <= found.st_mtime:
        logger.warning(
            "Page cache: the file system of %s does not record reads (mounted noatime?): the "
            "pages nginx serves are swept at the end of their lifetime instead of being "
            "renewed, and their readers wait for the application then (docs/performance.md)",
            root,
        )


def _probe_read(root: Path) -> os.stat_result:
    """A probe file's times after it was dated as written and not read since, then read."""
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".reads-probe-") as probe:
        probe.write(b"probe")
        probe.flush()
        written = time.time() - 2  # recent: no sweep takes it for an expired page
        os.utime(probe.name, (written - 1, written))
        with open(probe.name, "rb") as reader:
            reader.read()
        return os.stat(probe.name)


def _read_unseen(path: Path) -> bytes:
    """A body's bytes, leaving its access time alone where the file system allows: the worker
    takes a read for nginx's (FileStore.read_since_stored)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOATIME", 0))
    except PermissionError:  # O_NOATIME needs the file's owner
        descriptor = os.open(path, os.O_RDONLY)
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read()


def _unlink_older(path: str, cutoff: float) -> int:
    try:
        if os.stat(path).st_mtime < cutoff:
            os.unlink(path)
            return 1
    except FileNotFoundError:  # purged meanwhile
        pass
    return 0


@functools.cache
def page_store() -> CacheStore | FileStore:
    # Asked for by every page-cache hit: the settings are read once, not on each request.
    if "pages" in settings.CACHES:
        return CacheStore("pages")
    return FileStore(settings.MANCHETTE_PAGE_CACHE_DIR)


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting in ("CACHES", "MANCHETTE_PAGE_CACHE_DIR"):
        page_store.cache_clear()


def purge_paths(paths) -> int:
    """Forget the given paths (without query string) for every host pages were stored for."""
    return page_store().purge(paths)


def sweep_expired() -> int:
    """The worker's job (each tick): files go before nginx could serve them past the lifetime."""
    return page_store().sweep(lifetime() - SWEEP_MARGIN)


def lifetime() -> int:
    return settings.MANCHETTE_PAGE_CACHE_SECONDS
