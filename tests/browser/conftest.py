import pytest
from playwright.sync_api import sync_playwright

from tests.server import fetch, manchette, running_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo newsroom served by `manchette run`, as `make run` sets it up."""
    data_dir = tmp_path_factory.mktemp("demo")
    manchette(data_dir, "migrate", "--no-input")
    manchette(data_dir, "demo", "--no-progress")
    with running_server(data_dir) as base:
        # The demo's photo renditions wait in the worker's queue; the first front page makes
        # the ones it shows (13 s here, more on a busy machine) before any browser's timeout.
        fetch(base + "/", timeout=180)
        yield {"url": base, "admin_password": (data_dir / "admin-password.txt").read_text()}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A small phone with JavaScript off: the site must read without it."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="fr-FR"
    )
    yield context.new_page()
    context.close()
