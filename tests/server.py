"""Run the `manchette` command as an operator would: own data folder, real granian server."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

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


def fetch(url, headers=None, method="GET", timeout=10):
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
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
    try:
        yield wait_until_up(f"http://127.0.0.1:{port}", process, process.stdout.read)
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_until_up(base, process, output):
    """The base URL once it answers; the process's output if it stops or takes too long.

    Probed where no page is cached (nginx and the application answer /static/ from files), so
    that the tests see every page's first visit.
    """
    deadline = time.monotonic() + 90
    while True:
        try:
            fetch(base + "/static/")
            return base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(output()) from None
            time.sleep(0.3)


NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SITE_FILE = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"


def render_site(**values):
    """deploy/nginx.conf with its @PLACEHOLDERS@ filled in, as deploy/README.md tells operators."""
    text = SITE_FILE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    assert not re.search("^[^#]*@[A-Z_]+@", text, re.MULTILINE), "a placeholder is left"
    return text


@contextmanager
def running_nginx(prefix, data_dir, app_base, *, connections=64):
    """The shipped site file in front of the application, in a throwaway nginx on loopback."""
    port = free_port()
    (prefix / "site.conf").write_text(
        render_site(
            APP=app_base.removeprefix("http://"),
            LISTEN=f"127.0.0.1:{port}",
            SERVER_NAME="127.0.0.1 localhost",
            DATA_DIR=data_dir,
            PAGE_CACHE_SECONDS=60,
        )
    )
    (prefix / "nginx.conf").write_text(
        # As root, nginx's workers would become "nobody", who cannot read the tests' folders.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""
        daemon off;
        pid {prefix}/nginx.pid;
        load_module {BROTLI_MODULE};
        events {{ worker_connections {connections}; }}
        http {{
            access_log off;
            client_body_temp_path {prefix}/body;
            proxy_temp_path {prefix}/proxy;
            fastcgi_temp_path {prefix}/fastcgi;
            uwsgi_temp_path {prefix}/uwsgi;
            scgi_temp_path {prefix}/scgi;
            include {prefix}/site.conf;
        }}
        """
    )
    log = prefix / "error.log"
    process = subprocess.Popen(
        [NGINX, "-p", prefix, "-c", prefix / "nginx.conf", "-e", log],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        yield wait_until_up(f"http://127.0.0.1:{port}", process, log.read_text)
    finally:
        process.terminate()
        process.wait(timeout=20)
