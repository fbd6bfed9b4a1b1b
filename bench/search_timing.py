"""Time /recherche/ on typical French queries: median and p95 in ms, and SQL queries per page.

    MANCHETTE_DATA_DIR=/tmp/search-bench DJANGO_SETTINGS_MODULE=manchette.settings.production \
        .venv/bin/python -m bench.search_timing [--runs 3] [--profile "climat"]

Each query is asked once to warm the caches, then timed `--runs` times; the figures are over
every timed request. Section and author filters use the first ones the database holds.
"""

import argparse
import cProfile
import gc
import pstats
import statistics
import time

import django

from bench.wrk import percentile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", help="profile this query instead of timing the set")
    args = parser.parse_args()
    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/recherche/")
    gc.freeze()  # as manchette/wsgi.py does: no full collection of the loaded code mid-request
    if args.profile:
        _profile(client, {"q": args.profile})
        return
    samples, counts = [], {}
    for params in _requests():
        client.get("/recherche/", params)
        for _run in range(args.runs):
            elapsed, queries = _timed(client, params)
            samples.append(elapsed)
        counts[_label(params)] = queries
        print(f"{elapsed:8.1f} ms {queries:3d} queries  {_label(params)}")
    p95 = percentile(samples, 0.95)
    print(f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, ", end="")
    print(f"queries {min(counts.values())}-{max(counts.values())}")


def _requests():
    from manchette.authors.models import Author
    from manchette.sections.models import SectionPage

    section = SectionPage.objects.live().order_by("path").first()
    author = Author.objects.order_by("pk").first()
    from bench.measures import SEARCH_QUERIES  # the benchmark's own queries

    yield from ({"q": query} for query in SEARCH_QUERIES)
    yield {"q": "budget", "rubrique": section.pk}
    yield {"q": "climat", "auteur": author.slug}


def _timed(client, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get("/recherche/", params)
        elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{params}: status {response.status_code}")
    return elapsed, len(captured)


def _profile(client, params):
    client.get("/recherche/", params)
    profiler = cProfile.Profile()
    profiler.runcall(client.get, "/recherche/", params)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def _label(params):
    return " ".join(f"{key}={value}" for key, value in params.items())


if __name__ == "__main__":
    main()
