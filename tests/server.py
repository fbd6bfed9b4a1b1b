"""Run the `manchette` command as an operator would: own data folder, real granian server."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

MANCHETTE = [sys.executable, "-m", "manchette.cli"]


def manchette_env(data_dir):
    # The server gets its own SQLite database in its data folder, never the tests' one.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["MANCHETTE_DATA_DIR"] = str(data_dir)
    return env


def manchette(data_dir, *args):
    return subprocess.run(
        [*MANCHETTE, *args],
        env=manchette_env(data_dir),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(data_dir):
    """`manchette run` on a free port; yields the base URL once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [*MANCHETTE, "run", "--port", str(port), "--workers", "1"],
        env=manchette_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                fetch(base + "/")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stdout.read()) from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
