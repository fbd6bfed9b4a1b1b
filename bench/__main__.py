"""`make bench`: seed a bench newsroom, serve it with production settings, load it, report.

Usage: python -m bench [--articles N] [--authors N] [--sections N] [--comments N]
                       [--duration S] [--runs N] [--data-dir PATH]
The bench database lives in its own data folder (var/bench by default) and is seeded once
per scale; later runs reuse it. DATABASE_URL, if set, points the bench at PostgreSQL.
"""

import argparse
import json
import os
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def arguments():
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--authors", type=int, default=300)
    parser.add_argument("--sections", type=int, default=50)
    parser.add_argument("--comments", type=int, default=500_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median kept)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench")
    return parser.parse_args()


def prepare_django(data_dir):
    os.environ["MANCHETTE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "manchette.settings.production"
    # The cached figures measure the shipped page cache: a lifetime left in the shell (0
    # turns the cache off) had the "cached" server render every page, at 19 requests/s.
    os.environ.pop("MANCHETTE_PAGE_CACHE_SECONDS", None)
    import django

    django.setup()


def main():
    options = arguments()
    options.data_dir.mkdir(parents=True, exist_ok=True)
    prepare_django(options.data_dir)
    from .run import bench_run

    results = bench_run(options)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    from .report import table

    print(table(results))
    print(f"\nResults written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
