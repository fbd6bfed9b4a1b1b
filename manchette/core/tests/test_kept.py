"""The lists every page shows are kept in the shared cache and read once per page."""

import pytest
from pytest_django.asserts import assertContains
from wagtail.models import Site

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.core import kept
from manchette.core.models import NewsImage, NewsroomSettings
from manchette.core.tests.factories import NewsImageFactory
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db


def test_a_page_showing_the_sections_twice_reads_them_once(client, site, section, monkeypatch):
    client.get("/recherche/", {"q": "xylophone"})  # keeps the lists
    reads = []
    read = kept.cache.get
    monkeypatch.setattr(
        kept.cache,
        "get",
        lambda key, *args, **kwargs: reads.append(key) or read(key, *args, **kwargs),
    )

    page = client.get("/recherche/", {"q": "xylophone"})

    assertContains(page, f'<a href="{section.url}">{section.title}</a>', count=2)  # menu, hint
    assert reads.count(kept._key("navigation", site.pk)) == 1


def test_the_kept_newsroom_setting_carries_its_logo_renditions(client, site, monkeypatch):
    newsroom = NewsroomSettings.for_site(site)
    newsroom.logo = NewsImageFactory(title="Logo")
    newsroom.save()
    client.get("/")  # keeps the setting
    made = []
    make = NewsImage.generate_rendition_file
    monkeypatch.setattr(
        NewsImage,
        "generate_rendition_file",
        lambda image, spec, **kwargs: made.append(spec.spec) or make(image, spec, **kwargs),
    )

    front, search = client.get("/"), client.get("/recherche/")

    for page in (front, search):
        assertContains(page, 'class="site-header__logo"')
        assertContains(page, ".height-48.")
    assert made == []  # each page found them in its copy of the setting, none made again


def test_each_host_gets_its_own_site_and_a_renamed_site_shows_at_once(client, site, home):
    other_home = SectionPageFactory(parent=home, title="Édition locale")
    Site.objects.create(hostname="127.0.0.1", root_page=other_home, site_name="Manchette Locale")
    assertContains(client.get("/"), '<span class="site-header__name">Manchette</span>')
    assertContains(
        client.get("/", HTTP_HOST="127.0.0.1"),
        '<span class="site-header__name">Manchette Locale</span>',
    )

    site.site_name = "La Manchette du soir"
    site.save()

    assertContains(client.get("/"), '<span class="site-header__name">La Manchette du soir</span>')


def test_a_process_reads_its_own_copies_until_another_forgets(client, site, section):
    """Each process keeps copies of the lists; another process forgetting them (an editor's
    change served by another worker) shows from this process's next request on."""
    for _ in range(3):  # the first request makes the site's settings, which forgets the rest
        client.get("/")
    menu = f'<a href="{section.url}">{{}}</a>'
    # What the other process changes: the database, without this process's signals...
    type(section).objects.filter(pk=section.pk).update(title="Monde")
    kept.cache.delete_many([kept._key(name, site.pk) for name in kept.PAGE_LISTS])

    assertContains(client.get("/"), menu.format(section.title))  # this process's copy

    # ...and then what its forgetting does to the shared cache.
    kept.cache.set(kept.GENERATION, "another process forgot")

    assertContains(client.get("/"), menu.format("Monde"))


def test_links_follow_a_new_site_root_at_once_and_pages_read_the_roots_once(
    client, site, section, monkeypatch
):
    article = ArticlePageFactory(parent=section, title="Le port rouvre")
    assertContains(client.get(section.url), f'href="/{section.slug}/{article.slug}/"')
    reads = []
    read = Site.get_site_root_paths
    monkeypatch.setattr(Site, "get_site_root_paths", lambda: reads.append(1) or read())

    site.root_page = section  # the newsroom's site now starts at the section
    site.save()

    assertContains(client.get("/"), f'href="/{article.slug}/"')
    assertContains(client.get("/"), f'href="/{article.slug}/"')
    assert len(reads) == 1  # then each page reads this process's copy
