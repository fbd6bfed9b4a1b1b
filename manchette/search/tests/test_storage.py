import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row storage"),
]


def table_options(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0] or []


def test_index_entries_keep_their_texts_out_of_line():
    # An article's entry then holds its ids and pointers to its texts: a search visiting
    # 67,000 matching entries reads 1,800 pages of them instead of 20,000
    # (docs/performance.md).
    assert "toast_tuple_target=128" in table_options("wagtailsearch_indexentry")
