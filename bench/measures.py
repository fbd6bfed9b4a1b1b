"""Each figure of the benchmark, measured against the running server.

The bench process has Django set up on the bench database, so it can pick URLs, count
queries in-process and create the draft an editor publishes.
"""

import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from manchette.articles.models import ArticlePage
from manchette.demo.builder import ADMIN_USERNAME
from manchette.sections.models import SectionPage
from tests.server import running_nginx

from . import admin, servers
from .wrk import interleaved, median_of, percentile, wrk

SEARCH_QUERIES = [
    "négociations", "budget", "élections municipales", "climat", "Sénégal",
    "cessez-le-feu", "intelligence artificielle", "hôpital", "grève", "football",
    "sécheresse", "université", "prix de l'énergie", "Assemblée nationale", "inondations",
    "\"transition énergétique\"", "agriculteurs", "ETATS-UNIS", "festival", "réforme des retraites",
]  # fmt: skip
SEARCH_REPEATS = 5
CACHED_CONNECTIONS = 64
SPIKE_CONNECTIONS = 256
UNCACHED_SAMPLE = 200
PUBLISHES = 3
POLL_SECONDS = 0.02
VISIBLE_TIMEOUT = 30
PHONE = {"width": 412, "height": 915}
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def sample_articles(count):
    """Published articles spread over the whole archive, oldest to newest."""
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    step = max(len(ids) // count, 1)
    chosen = ArticlePage.objects.filter(pk__in=ids[::step][:count])
    return [article.url for article in chosen]


def showcase_article():
    """The newest article with a photo gallery: what readers rush to in a spike."""
    return (
        ArticlePage.objects.live().filter(gallery_images__isnull=False).latest("first_published_at")
    )


def busiest_section():
    return max(SectionPage.objects.live(), key=lambda s: s.numchild)


def cached_side_by_side(base, path, *, duration, runs):
    """Cache hits from the application and through deploy/nginx.conf, next to the ceiling.

    The ceiling is nginx serving the same bytes from a plain file. The three are loaded in
    turn, run after run, so that each ratio compares figures of the same minutes.
    """
    url = urljoin(base, path)
    body = requests.get(url, timeout=30).content
    with (
        servers.static_file_server(body) as static_url,
        tempfile.TemporaryDirectory(prefix="bench-deploy-") as prefix,
        running_nginx(Path(prefix), settings.DATA_DIR, base, connections=4096) as front,
    ):
        deploy_url = urljoin(front, path)
        for _visit in range(2):  # the first stores the page, the second is read from disk
            verdict = requests.get(deploy_url, timeout=30).headers.get("X-Cache")
        if verdict != "HIT-nginx":
            raise RuntimeError(f"nginx did not serve {path} from disk ({verdict})")
        urls = {"app": url, "nginx_static_file": static_url, "deploy_nginx": deploy_url}
        found = interleaved(runs, urls, connections=CACHED_CONNECTIONS, duration=duration)
    errors = {name: result.errors for name, result in found.items()}
    if any(errors.values()):
        raise RuntimeError(f"errors while loading: {errors}")
    ceiling = found["nginx_static_file"].requests_per_second
    return {
        **{name: result.as_dict() for name, result in found.items()},
        "ratio": round(found["app"].requests_per_second / ceiling, 3),
        "deploy_ratio": round(found["deploy_nginx"].requests_per_second / ceiling, 3),
    }


def load(base, path, *, connections, duration, runs, paths=None):
    url = urljoin(base, path)
    return median_of(runs, url=url, connections=connections, duration=duration, paths=paths)


def spike(base, path, *, duration):
    """Many more readers than threads: nothing may be refused."""
    url = urljoin(base, path)
    return wrk(url, connections=SPIKE_CONNECTIONS, duration=duration).as_dict()


def queries_per_page(pages):
    """SQL queries per uncached render, counted in-process, for each named path."""
    client = Client(HTTP_HOST=servers.HOST)
    counts = {}
    for name, path in pages.items():
        client.get(path)  # the first render may create renditions
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[name] = len(queries)
    return counts


def article_sizes():
    """The shortest and the longest articles, to show queries do not grow with size."""
    articles = list(ArticlePage.objects.live().only("pk", "body", "url_path")[:2000])
    ordered = sorted(articles, key=lambda article: len(article.body.raw_data))
    return ordered[0].url, ordered[-1].url


def search_latency(base):
    """Milliseconds per search, each query asked several times after a first warm-up."""
    session = requests.Session()
    samples = {}
    for query in SEARCH_QUERIES:
        url = urljoin(base, "/recherche/")
        session.get(url, params={"q": query}, timeout=60)
        timings = []
        for _repeat in range(SEARCH_REPEATS):
            started = time.perf_counter()
            answer = session.get(url, params={"q": query}, timeout=60)
            timings.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
        samples[query] = timings
    every = [timing for timings in samples.values() for timing in timings]
    return {
        "p50_ms": round(percentile(every, 0.5), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "per_query_median_ms": {q: round(sorted(t)[len(t) // 2], 1) for q, t in samples.items()},
    }


def publish_to_visible(base, password):
    """Seconds from the editor's "Publish" to the headline on the front page, section and feed.

    The median of PUBLISHES publishes: one swings by half a second with what the machine does.
    """
    section = busiest_section()
    watched = {"front page": "/", "section": section.url, "section feed": section.url + "rss/"}
    session = admin.logged_in_session(base, ADMIN_USERNAME, password)
    samples = [_one_publish(base, session, section, watched, n) for n in range(PUBLISHES)]
    return {name: _median_seconds([sample[name] for sample in samples]) for name in watched}


def _one_publish(base, session, section, watched, number):
    headline = f"Dernière minute {number} {timezone.now():%H%M%S} : la crue atteint le centre-ville"
    draft = ArticlePage(title=headline, lede="Les pompiers évacuent les quais.", live=False)
    section.add_child(instance=draft)
    draft.save_revision()
    for path in watched.values():
        requests.get(urljoin(base, path), timeout=30)  # in the page cache before the publish
    fields = admin.publish_form(session, base, draft.pk, "Le fleuve est sorti de son lit.")
    started = time.perf_counter()  # the editor presses "Publish"
    admin.press_publish(session, base, draft.pk, fields)
    # Each page is watched by its own reader, so that one page's wait is not added to the next.
    with ThreadPoolExecutor(max_workers=len(watched)) as readers:
        shown = {
            name: readers.submit(_seconds_until_shown, urljoin(base, path), headline, started)
            for name, path in watched.items()
        }
    return {name: future.result() for name, future in shown.items()}


def _median_seconds(samples):
    """The median, a headline never shown (None) counting as the slowest."""
    ordered = sorted(samples, key=lambda seconds: (seconds is None, seconds or 0))
    return ordered[len(ordered) // 2]


def _seconds_until_shown(url, headline, started):
    escaped = headline.replace("'", "&#x27;")
    while time.perf_counter() - started < VISIBLE_TIMEOUT:
        text = requests.get(url, timeout=30).text
        if headline in text or escaped in text:
            return round(time.perf_counter() - started, 3)
        time.sleep(POLL_SECONDS)
    return None


def bytes_on_wire(base, path):
    """What a phone downloads on a first visit, by kind, as Chromium reports it."""
    from playwright.sync_api import sync_playwright

    sizes = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport=PHONE)
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(urljoin(base, path), wait_until="networkidle")
        for response in responses:
            kind = _resource_kind(response.request.resource_type)
            transferred = response.request.sizes()["responseBodySize"]
            sizes[kind] = sizes.get(kind, 0) + transferred
        browser.close()
    text_kinds = ("html", "css", "js", "font")
    sizes["text_total"] = sum(sizes.get(kind, 0) for kind in text_kinds)
    return sizes


def _resource_kind(resource_type):
    return {
        "document": "html",
        "stylesheet": "css",
        "script": "js",
        "font": "font",
        "image": "images",
    }.get(resource_type, "other")


def worker_memory(pid):
    """Peak resident memory of each process `manchette run` started, by role."""
    peaks = {}
    for child in servers.process_tree(pid)[1:]:
        role = _role(servers.command_line(child))
        peaks[role] = max(peaks.get(role, 0), round(servers.peak_memory_mb(child), 1))
    return peaks


def _role(command):
    if re.search(r"\bworker\b", command) and "granian" not in command:
        return "background worker"
    return "web worker" if "granian" in command else "other"
