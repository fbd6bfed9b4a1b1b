"""The lists every page shows are kept in the shared cache and read once per page."""

import pytest
from pytest_django.asserts import assertContains

from manchette.core import kept

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
