"""The index the articles' queries rely on, on a table of Wagtail's."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_pages_are_indexed_by_date_with_their_path_and_live_flag():
    """A section's newest articles are found in this index alone (migration 0006): a rebuild
    of the page table by a later migration must not leave it out."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")

    index = constraints["manchette_page_newest"]
    assert index["index"]
    assert index["columns"] == ["first_published_at", "path", "live"]
