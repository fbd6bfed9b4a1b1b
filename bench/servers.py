"""The processes a benchmark drives: the real application server and nginx, on loopback."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 120
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_answering(url, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback)
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not 200
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def app_server(env, *, workers=2):
    """`manchette run` with production settings: granian and the background worker."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "manchette.cli", "run", "--host", HOST, "--port", str(port),
         "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:
        wait_until_answering(base + "/robots.txt")
        yield base, process.pid
    finally:
        # The supervisor alone: it stops granian and the worker, each once (a second signal
        # can leave granian hung in its handler).
        process.terminate()
        try:
            process.wait(timeout=60)
        finally:
            with suppress(ProcessLookupError):  # whatever of the group is left
                os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def nginx(site_config: str):
    """nginx in the foreground with the given server blocks, its files in a temporary prefix."""
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as prefix:
        conf = Path(prefix) / "nginx.conf"
        conf.write_text(
            "worker_processes 1;\n"
            f"pid {prefix}/nginx.pid;\n"
            f"error_log {prefix}/error.log;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n"
            "  access_log off;\n"
            f"  client_body_temp_path {prefix}/body;\n"
            f"  proxy_temp_path {prefix}/proxy;\n"
            f"{site_config}\n"
            "}\n"
        )
        process = subprocess.Popen(
            [NGINX, "-p", prefix, "-c", str(conf), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )
        try:
            yield prefix
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextmanager
def static_file_server(body: bytes, name="page.html"):
    """nginx handing out one file: the ceiling for serving the same bytes.

    With sendfile, as Debian's nginx.conf and deploy/nginx.conf have it: without, the ceiling
    copies each body through user space and is lower than what nginx really reaches.
    """
    with tempfile.TemporaryDirectory(prefix="bench-static-") as root:
        # nginx's workers run as another user: a private folder would answer 403, very fast.
        Path(root).chmod(0o755)
        (Path(root) / name).write_bytes(body)
        port = free_port()
        site = f"  server {{ listen {HOST}:{port}; root {root}; sendfile on; tcp_nopush on; }}"
        with nginx(site):
            url = f"http://{HOST}:{port}/{name}"
            wait_until_answering(url)
            yield url


def process_tree(pid):
    """The pids of a process and all its descendants, read from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def peak_memory_mb(pid):
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def command_line(pid):
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
