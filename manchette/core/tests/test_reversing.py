"""Our reverse() answers exactly as Django's, whatever the arguments, prefix or URLs."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, path, set_script_prefix
from django.urls import reverse as django_reverse
from wagtail.models import Page, Site

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.core.reversing import reverse


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("comments:flag", (123,), {}),
        ("comments:reply", (5, 123), {}),
        ("authors:detail", (), {"slug": "ana-diallo"}),
        ("articles:archive_day", (2026, 12, 4), {}),
        ("articles:tag", ("élections",), {}),  # quoted, as Django quotes it
        ("articles:tag", ("50%",), {}),
        ("search:search", (), {}),
        ("wagtail_serve", ("politique/un-article/",), {}),
    ],
)
def test_the_url_is_the_one_django_gives(name, args, kwargs):
    expected = django_reverse(name, args=args, kwargs=kwargs)

    assert reverse(name, *args, **kwargs) == expected


def test_the_url_follows_the_script_prefix():
    set_script_prefix("/journal/")
    try:
        assert reverse("comments:flag", 7) == "/journal/commentaires/signaler/7/"
    finally:
        clear_script_prefix()
    assert reverse("comments:flag", 7) == "/commentaires/signaler/7/"


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("comments:flag", ("abc",), {}),  # not a number
        ("comments:flag", (1, 2), {}),  # one argument too many
        ("authors:detail", (), {"name": "ana"}),  # no such argument
        ("authors:detail", (), {"slug": "hélène côté"}),  # not a slug
        ("comments:nowhere", (1,), {}),
        ("nowhere:flag", (1,), {}),
    ],
)
def test_arguments_the_url_refuses_raise_djangos_error(name, args, kwargs):
    with pytest.raises(NoReverseMatch):
        reverse(name, *args, **kwargs)


def page(request, path):
    raise AssertionError("never called")


urlpatterns = [path("pages/<path:path>", page, name="wagtail_serve")]


def test_a_changed_url_configuration_is_followed(settings):
    assert reverse("wagtail_serve", "politique/") == "/politique/"

    settings.ROOT_URLCONF = __name__

    assert reverse("wagtail_serve", "politique/") == "/pages/politique/"


@pytest.mark.django_db
def test_pages_have_the_urls_wagtail_gives_them(rf, site, home, section):
    """Pages' URLs are reversed by ours: the same as Wagtail's, on one site or two."""
    article = ArticlePageFactory(parent=section)
    Page.objects.filter(pk=article.pk).update(url_path=f"{section.url_path}député-élu/")
    article.refresh_from_db()
    pages = [home, section, article]
    for page in pages:
        assert page.get_url_parts() == Page.get_url_parts(page)
    assert article.get_url() == f"/{section.slug}/d%C3%A9put%C3%A9-%C3%A9lu/"

    Site.objects.create(hostname="edition.example", root_page=home, site_name="Édition")
    request = rf.get("/", HTTP_HOST="edition.example")
    for page in pages:
        assert page.get_url_parts(request) == Page.get_url_parts(page, request)
