"""Instructions an uncached article render executes, counted by callgrind.

Time on these shared machines moves by a third or more from one run to the next; the number
of instructions does not move with what else the machine does, so runs of different days and
machines compare. Each count runs this module under `valgrind --tool=callgrind`: Django set
up as the server is (production settings, page cache off), the articles rendered twice to
warm up, then `--passes` more times. Two counts, with no pass and with one, differ by the
renders alone: startup and warm-up cancel out.

    python -m bench.instructions --passes 1 /politique/un-article/ ...
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

VALGRIND = "/usr/bin/valgrind"
ARTICLES = 20
TIMEOUT_SECONDS = 1800  # about 3 minutes each on these machines, under valgrind
COUNTING_ENV = {
    "MANCHETTE_PAGE_CACHE_SECONDS": "0",
    "PYTHONHASHSEED": "0",
    # Time runs some fifty times slower under valgrind: the lists every page shows, kept a
    # minute, would expire every few renders and be drawn again in some counts, not others.
    "MANCHETTE_LISTS_SECONDS": "3600",
}


def per_render(paths):
    """Millions of instructions per uncached render of these articles."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        without, with_one = pool.map(lambda passes: _count(paths, passes), (0, 1))
    return {"articles": len(paths), "millions": round((with_one - without) / len(paths) / 1e6, 1)}


def _count(paths, passes):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            [VALGRIND, "--tool=callgrind", f"--callgrind-out-file={out}",
             sys.executable, "-m", "bench.instructions", "--passes", str(passes), *paths],
            env={**os.environ, **COUNTING_ENV},
            capture_output=True, check=True, timeout=TIMEOUT_SECONDS,
        )  # fmt: skip
        return int(re.search(r"^summary: (\d+)", out.read_text(), re.M).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--passes", type=int, required=True)
    parser.add_argument("paths", nargs="+")
    options = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for _pass in range(2 + options.passes):
        for path in options.paths:
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path}: {response.status_code}")


if __name__ == "__main__":
    main()
