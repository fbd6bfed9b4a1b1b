"""The order of the benchmark: seed, then the cached server's figures, then the uncached ones."""

import os
import platform
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from tqdm import tqdm

from manchette.caching.store import purge_all

from . import measures, servers
from .seed import Scale, bench_newsroom_seed

STEPS = 12


def bench_run(options):
    with tqdm(total=STEPS, desc="Bench", unit="step") as progress:
        step = _stepper(progress)
        with step("seed"):
            scale = Scale(options.articles, options.authors, options.sections, options.comments)
            call_command("migrate", interactive=False, verbosity=0)
            bench_newsroom_seed(scale)
            call_command("collectstatic", interactive=False, verbosity=0)
            purge_all()
        results = {"about": _about(scale, options)}
        timing = {"duration": options.duration, "runs": options.runs}
        article = measures.showcase_article().url
        section = measures.busiest_section().url
        password = (settings.DATA_DIR / "admin-password.txt").read_text().strip()
        with servers.app_server(dict(os.environ)) as (base, pid):
            for path in (article, "/", section):
                measures.requests.get(base + path, timeout=120)
            with step("cached article vs nginx"):
                results["cached_article"] = measures.cached_versus_static(base, article, **timing)
            with step("cached front and section"):
                results["cached_front"] = _load(base, "/", 64, timing)
                results["cached_section"] = _load(base, section, 64, timing)
            with step("256 connections"):
                results["spike_256_connections"] = measures.spike(
                    base, article, duration=options.duration
                )
            with step("bytes on the wire"):
                results["bytes_on_wire"] = measures.bytes_on_wire(base, article)
            with step("publish to visible"):
                results["publish_to_visible_s"] = measures.publish_to_visible(base, password)
            memory = measures.worker_memory(pid)
        uncached_env = {**os.environ, "MANCHETTE_PAGE_CACHE_SECONDS": "0"}
        with servers.app_server(uncached_env) as (base, pid):
            sample = measures.sample_articles(measures.UNCACHED_SAMPLE)
            with step("warm the sample"):
                for path in sample:
                    measures.requests.get(base + path, timeout=120)
            with step("uncached article"):
                results["uncached_article"] = _load(base, sample[0], 1, timing, paths=sample)
            with step("uncached front and section"):
                results["uncached_front"] = _load(base, "/", 1, timing)
                results["uncached_section"] = _load(base, section, 1, timing)
            with step("search"):
                results["search"] = measures.search_latency(base)
            for role, peak in measures.worker_memory(pid).items():
                memory[role] = max(memory.get(role, 0), peak)
        results["peak_memory_mb"] = memory
        with step("queries per page"):
            shortest, longest = measures.article_sizes()
            results["queries_per_page"] = measures.queries_per_page(
                {"shortest article": shortest, "longest article": longest, "front page": "/",
                 "section": section}
            )  # fmt: skip
    return results


def _stepper(progress):
    @contextmanager
    def step(name):
        progress.set_description(f"Bench: {name}")
        yield
        progress.update()

    return step


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
