"""The `manchette` command as an operator uses it: a fresh data folder, then the real server."""

import json
import re
import stat
from pathlib import Path

import pytest

from tests.server import fetch, manchette, running_server

# A Python interpreter that only waits on two processes; with Django and the site, 150 MB.
SUPERVISOR_BUDGET_KB = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    with running_server(data_dir) as base:
        yield base, data_dir


def test_run_serves_the_front_page_in_french_with_debug_off(server):
    base, _ = server
    status, headers, body = fetch(base + "/")
    assert status == 200
    assert '<html lang="fr">' in body.decode()
    status, _, body = fetch(base + "/n-existe-pas/")
    assert status == 404
    assert "Page introuvable" in body.decode()  # not Django's debug page


def test_static_files_have_hashed_names_are_compressed_and_cached_for_a_year(server):
    base, data_dir = server
    manifest = json.loads((Path(data_dir) / "static" / "staticfiles.json").read_text())
    stylesheet = "/static/" + manifest["paths"]["manchette/css/comments.css"]
    assert re.fullmatch(r"/static/manchette/css/comments\.[0-9a-f]{12}\.css", stylesheet)
    status, headers, _ = fetch(base + stylesheet, {"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] in {"br", "gzip"}
    max_age = int(headers["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600


def test_data_folder_holds_a_private_secret_and_a_wal_database(server):
    _, data_dir = server
    secret = Path(data_dir) / "secret_key.txt"
    assert len(secret.read_text().strip()) >= 50
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    mode = manchette(
        data_dir,
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
    )
    assert mode.strip() == "wal"


def test_two_data_folders_never_share_a_secret(tmp_path):
    for name in ("one", "two"):
        manchette(tmp_path / name, "check")
    assert (tmp_path / "one/secret_key.txt").read_text() != (
        tmp_path / "two/secret_key.txt"
    ).read_text()


def test_every_django_command_is_reachable(tmp_path):
    assert "createsuperuser" in manchette(tmp_path, "help")
    assert "load_demo_data" in manchette(tmp_path, "help")


def processes_of(data_dir, *words):
    """The processes started for this data folder whose command line holds all these words."""
    marker = f"MANCHETTE_DATA_DIR={data_dir}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except (OSError, NotADirectoryError):
            continue
        if all(word.encode() in cmdline for word in words) and marker in environ:
            found.append(proc)
    return found


def test_run_starts_the_background_worker_beside_the_server(server):
    _, data_dir = server
    assert len(processes_of(data_dir, "manchette.cli", "worker")) == 1


def test_the_process_that_watches_server_and_worker_holds_no_site(server):
    _, data_dir = server
    [supervisor] = processes_of(data_dir, "manchette.supervisor")
    status = (supervisor / "status").read_text()
    resident_kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
    assert resident_kb < SUPERVISOR_BUDGET_KB


def test_the_real_server_answers_repeat_visits_from_the_page_cache(server):
    base, _ = server
    fetch(base + "/")
    status, headers, body = fetch(base + "/")
    assert status == 200
    assert headers["X-Cache"] == "HIT"
    assert '<html lang="fr">' in body.decode()
