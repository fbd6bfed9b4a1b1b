import pytest
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtail.models import Site

from manchette.core.jobs import WORKER_BACKEND
from manchette.core.models import NewsRendition
from manchette.sections.models import HomePage
from manchette.sections.tests.factories import SectionPageFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_default_cache():
    """Lists kept in the default cache (navigation, latest headlines…) start afresh each test."""
    caches["default"].clear()


@pytest.fixture
def keep_the_test_connection():
    """For tests that call a WSGI application directly: as Django's test client does, a request
    must not close the test's connection (on PostgreSQL, its transaction) when it starts or ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def home(db):
    """The front page the migrations create, as the default site's root."""
    return HomePage.objects.get()


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="International")


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database for the worker, as in production, instead of running at once."""
    settings.TASKS = {
        **settings.TASKS,
        WORKER_BACKEND: {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    # Image ids come back from one test to the next; Wagtail's rendition cache outlives them.
    NewsRendition.cache_backend.clear()
