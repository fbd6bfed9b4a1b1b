"""Drive a URL (or a set of paths picked at random) with wrk and read its summary."""

import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

WRK = shutil.which("wrk") or "/usr/bin/wrk"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int

    def as_dict(self):
        return asdict(self)


def wrk(url, *, connections, duration, threads=2, paths=None, headers=None):
    """One wrk run; with `paths`, each request picks one of them at random."""
    threads = min(threads, connections)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory() as folder:
        if paths:
            script = Path(folder) / "paths.lua"
            script.write_text(_random_paths_script(paths))
            command += ["-s", str(script)]
        output = subprocess.run(
            [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
        ).stdout
    return parse(output)


def median_of(runs, *, url, **kwargs):
    """The run whose throughput is the median of several, so one figure comes from one run."""
    return interleaved(runs, {url: url}, **kwargs)[url]


def interleaved(runs, urls, **kwargs):
    """The median run of each named URL, loaded in turn run after run.

    Figures compared with each other are measured alternately: a machine whose speed drifts
    over minutes then weighs on each of them alike, instead of on whichever came last.
    """
    found = {name: [] for name in urls}
    for _run in range(runs):
        for name, url in urls.items():
            found[name].append(wrk(url, **kwargs))
    return {name: _median_run(results) for name, results in found.items()}


def _median_run(results):
    middle = sorted(results, key=_throughput)[len(results) // 2]
    middle.errors = sum(result.errors for result in results)
    return middle


def _throughput(result):
    return result.requests_per_second


def _random_paths_script(paths):
    quoted = ",\n".join(f'  "{path}"' for path in paths)
    return (
        f"local paths = {{\n{quoted}\n}}\n"
        "request = function()\n"
        '  return wrk.format("GET", paths[math.random(#paths)])\n'
        "end\n"
    )


def parse(output):
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+\w+)", output, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return LoadResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_milliseconds(percentiles["50"]),
        p99_ms=_milliseconds(percentiles["99"]),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
    )


def _milliseconds(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * UNITS[unit]


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def median(samples):
    return statistics.median(samples)
