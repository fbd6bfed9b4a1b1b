"""The order of the benchmark: seed, then the cached server's figures, then the uncached ones.

A figure that fails (a timeout, a refused publish) is recorded with its error and the
benchmark goes on, so one slow path never hides every other figure.
"""

import os
import platform
import subprocess
from datetime import UTC, datetime

import requests
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from tqdm import tqdm

from manchette.caching.store import page_store

from . import instructions, measures, servers
from .seed import Scale, bench_newsroom_seed

WARM_TIMEOUT = 300


class Recorder:
    """Runs each measurement under a progress bar and keeps its result or its error."""

    def __init__(self, total):
        self.results = {}
        self.progress = tqdm(total=total, desc="Bench", unit="figure")

    def __call__(self, key, measure, *args, **kwargs):
        self.progress.set_description(f"Bench: {key}")
        try:
            self.results[key] = measure(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 (reported in the table, not fatal)
            self.results[key] = {"error": f"{type(error).__name__}: {error}"[:300]}
        self.progress.update()
        return self.results[key]


def bench_run(options):
    scale = Scale(options.articles, options.authors, options.sections, options.comments)
    call_command("migrate", interactive=False, verbosity=0)
    bench_newsroom_seed(scale)
    call_command("collectstatic", interactive=False, verbosity=0)
    page_store().clear()
    record = Recorder(total=14)
    record.results["about"] = _about(scale, options)
    timing = {"duration": options.duration, "runs": options.runs}
    article = measures.showcase_article().url
    section = measures.busiest_section().url
    password = (settings.DATA_DIR / "admin-password.txt").read_text().strip()
    with servers.app_server(dict(os.environ)) as (base, pid):
        _warm(base, [article, "/", section])
        record("cached_article", measures.cached_side_by_side, base, article, **timing)
        record("cached_front", _load, base, "/", 64, timing)
        record("cached_section", _load, base, section, 64, timing)
        record("spike_256_connections", measures.spike, base, article, duration=options.duration)
        record("bytes_on_wire", measures.bytes_on_wire, base, article)
        record("publish_to_visible_s", measures.publish_to_visible, base, password)
        memory = measures.worker_memory(pid)
    # Every page rendered, as for a reader the page cache misses; the lists every page shows
    # stay kept for MANCHETTE_LISTS_SECONDS, as in production.
    uncached_env = {**os.environ, "MANCHETTE_PAGE_CACHE_SECONDS": "0"}
    with servers.app_server(uncached_env) as (base, pid):
        sample = measures.sample_articles(measures.UNCACHED_SAMPLE)
        record("warm_sample", _warm, base, sample)
        record("uncached_article", _load, base, sample[0], 1, timing, paths=sample)
        record("uncached_front", _load, base, "/", 1, timing)
        record("uncached_section", _load, base, section, 1, timing)
        record("search", measures.search_latency, base)
        for role, peak in measures.worker_memory(pid).items():
            memory[role] = max(memory.get(role, 0), peak)
    record("peak_memory_mb", dict, memory)
    shortest, longest = measures.article_sizes()
    pages = {"shortest article": shortest, "longest article": longest, "front page": "/",
             "section": section}  # fmt: skip
    record("queries_per_page", measures.queries_per_page, pages)
    counted = measures.sample_articles(instructions.ARTICLES)
    record("uncached_article_instructions", instructions.per_render, counted)
    record.progress.close()
    return record.results


def _warm(base, paths):
    for path in paths:
        requests.get(base + path, timeout=WARM_TIMEOUT)
    return len(paths)


def _load(base, path, connections, timing, paths=None):
    return measures.load(base, path, connections=connections, paths=paths, **timing).as_dict()


def _about(scale, options):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "database": connection.vendor,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "scale": scale.__dict__,
        "wrk_seconds_per_run": options.duration,
        "runs_per_figure": options.runs,
    }
