import pytest
from django.db import connection

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.search import services

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's storage and indexes"
    ),
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


def test_the_first_look_asks_the_index_of_texts_for_the_newest_blocks_only(section, monkeypatch):
    """With the id tested after each visit, a word in two thirds of 100,000 articles cost
    67,668 visits instead of 15,241 (docs/performance.md)."""
    for n in range(6):
        ArticlePageFactory(parent=section, title=f"Sécheresse {n}", lede="La sécheresse dure.")
    monkeypatch.setattr(services, "RECENT_ENTRIES_PER_WINDOW", 1)
    monkeypatch.setattr(services.settings, "MANCHETTE_SEARCH_WINDOW", 2)
    blocks = f"(id / {services.ENTRY_BUCKET})"
    plans = []

    def explained(execute, sql, params, many, context):
        if f"e.id / {services.ENTRY_BUCKET}" in sql and not sql.startswith("EXPLAIN"):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}", params)
                plans.append([row[0].strip() for row in cursor.fetchall()])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explained):
        assert len(services.articles_search(query="sécheresse").ids) == 2
    [plan] = plans  # the newest entries filled the window: no second look
    conditions = [line for line in plan if line.startswith("Index Cond: ((body @@")]
    assert conditions and f"AND ({blocks} >=" in conditions[0]


def test_the_index_of_texts_holds_the_id_blocks_the_search_asks_for():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'wagtailsear_body_90c85d_gin'"
        )
        (definition,) = cursor.fetchone()
    assert f"gin (body, ((id / {services.ENTRY_BUCKET})))" in definition
