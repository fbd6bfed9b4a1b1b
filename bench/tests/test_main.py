import os

import django

from bench.__main__ import prepare_django


def test_the_bench_measures_the_shipped_page_cache_whatever_the_shell_set(monkeypatch, tmp_path):
    for name in ("MANCHETTE_DATA_DIR", "DJANGO_SETTINGS_MODULE"):  # restored afterwards
        monkeypatch.setenv(name, os.environ.get(name, ""))
    monkeypatch.setenv("MANCHETTE_PAGE_CACHE_SECONDS", "0")
    monkeypatch.setattr(django, "setup", lambda: None)  # this process is set up already
    prepare_django(tmp_path)
    assert "MANCHETTE_PAGE_CACHE_SECONDS" not in os.environ
    assert os.environ["MANCHETTE_DATA_DIR"] == str(tmp_path)
