from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, DataError, connection, connections, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from manchette.articles.models import ArticlePage
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.core.compiled import STAND_IN_PK, compiled_queryset, stand_in_words

pytestmark = pytest.mark.django_db


def _titled(pk):
    return ArticlePage.objects.filter(pk=pk).only("title")


def test_compiled_queryset_runs_with_each_calls_values(section):
    first = ArticlePageFactory(parent=section, title="Premier")
    second = ArticlePageFactory(parent=section, title="Second")

    titles = [
        [page.title for page in compiled_queryset(_titled, (), [STAND_IN_PK], [article.pk])]
        for article in (first, second)
    ]

    assert titles == [["Premier"], ["Second"]]


def test_compiled_queryset_refuses_to_be_refined(section):
    article = ArticlePageFactory(parent=section)
    compiled = compiled_queryset(_titled, (), [STAND_IN_PK], [article.pk])

    with pytest.raises(TypeError, match="runs as it is"):
        compiled.filter(title="Autre")


def test_a_query_that_drops_its_stand_in_is_refused():
    with pytest.raises(ValueError, match="stand-in is missing"):
        compiled_queryset(lambda pk: ArticlePage.objects.all(), (), [STAND_IN_PK], [1])


def _dated(pk):
    return ArticlePage.objects.filter(pk=pk).only("first_published_at", "show_in_menus")


def _date_and_menu_of(article):
    [page] = compiled_queryset(_dated, (), [STAND_IN_PK], [article.pk])
    return page.first_published_at, page.show_in_menus


def _in_another_thread(article):
    try:
        return _date_and_menu_of(article)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_run_on_each_connection_converts_what_the_database_gives(section):
    when = datetime(2025, 3, 18, 13, 5, tzinfo=UTC)
    article = ArticlePageFactory(parent=section, first_published_at=when, show_in_menus=True)

    here = [_date_and_menu_of(article) for _run in range(2)]
    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread has a connection of its own
        there = pool.submit(_in_another_thread, article).result()

    assert here == [(when, True), (when, True)]
    assert there == (when, True)


def _prepared_statements_reading(table):
    """(statement, generic plans, custom plans) of each statement reading the table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            [f'%"{table}"%'],
        )
        return cursor.fetchall()


def _statements_reading(table):
    return [statement for statement, *_plans in _prepared_statements_reading(table)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_on_postgresql_a_compiled_query_is_prepared_once_and_django_queries_are_not(section):
    first = ArticlePageFactory(parent=section, title="Premier")
    second = ArticlePageFactory(parent=section, title="Second")

    titles = [
        [page.title for page in compiled_queryset(_titled, (), [STAND_IN_PK], [article.pk])]
        for article in (first, second, first)
    ]
    for _run in range(6):  # more than psycopg's threshold, were Django's queries preparable
        list(ArticlePage.objects.filter(pk=first.pk).values_list("kicker"))

    with CaptureQueriesContext(connection) as logged:  # as DEBUG and the tests log queries
        compiled_queryset(_titled, (), [STAND_IN_PK], [second.pk])

    assert titles == [["Premier"], ["Second"], ["Premier"]]
    [statement] = _statements_reading("articles_articlepage")
    assert "$1" in statement
    assert '"kicker"' not in statement
    [query] = logged.captured_queries
    assert query["sql"] == statement


def _alter_title_length(length):
    """As another process's migration would: on a connection of its own."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                f"ALTER TABLE wagtailcore_page ALTER COLUMN title TYPE varchar({length})"
            )
    finally:
        other.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("generic_plan", [False, True])
def test_a_statement_prepared_before_another_process_migrates_runs_again_after(
    section, generic_plan
):
    article = ArticlePageFactory(parent=section, title="Avant la migration")
    for _run in range(2):
        compiled_queryset(_titled, (), [STAND_IN_PK], [article.pk], generic_plan=generic_plan)
    assert _statements_reading("articles_articlepage")

    _alter_title_length(300)  # the prepared statement's result type is no longer the table's
    try:
        [page] = compiled_queryset(
            _titled, (), [STAND_IN_PK], [article.pk], generic_plan=generic_plan
        )
    finally:
        _alter_title_length(255)

    assert page.title == "Avant la migration"
    assert connection.close_at == 0  # the connection and its statements go with the request


def _plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_on_postgresql_the_related_block_is_planned_once_for_every_article(client, section):
    articles = [ArticlePageFactory(parent=section, title=f"Article {n}") for n in range(8)]

    pages = [client.get(article.url).content.decode() for article in articles]
    related = [page[page.index('id="related-title"') :] for page in pages]

    # PostgreSQL would plan it for each article's values: five times at least.
    [(_statement, generic, custom)] = _prepared_statements_reading("articles_suggestedrelation")
    assert (generic, custom) == (len(articles) - 1, 0)  # prepared at its second run
    assert all("Article 7" in block for block in related[:7])  # the section's newest
    assert _plan_cache_mode() == "auto"  # the other statements keep PostgreSQL's choice


def _divided_by_zero(pk):
    return ArticlePage.objects.filter(pk=pk).annotate(ratio=1 / (F("pk") - pk)).only("pk")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_failed_query_leaves_the_connection_planning_as_usual(section):
    article = ArticlePageFactory(parent=section, title="Premier")

    with pytest.raises(DataError):
        compiled_queryset(_divided_by_zero, (), [STAND_IN_PK], [article.pk], generic_plan=True)

    assert _plan_cache_mode() == "auto"
    [page] = compiled_queryset(_titled, (), [STAND_IN_PK], [article.pk], generic_plan=True)
    assert page.title == "Premier"


def _titled_as(title):
    return ArticlePage.objects.filter(title=title).only("title")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_value_refused_before_it_is_sent_leaves_the_planning_as_usual(section):
    ArticlePageFactory(parent=section, title="Premier")
    [title] = stand_in_words(1)

    with pytest.raises(DataError):  # PostgreSQL's text holds no NUL character
        compiled_queryset(_titled_as, (), [title], ["Pre\x00mier"], generic_plan=True)

    assert _plan_cache_mode() == "auto"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_query_failing_on_its_second_run_leaves_later_runs_working(section):
    article = ArticlePageFactory(parent=section, title="Premier")
    absent = article.pk + 1000

    compiled_queryset(_divided_by_zero, (), [STAND_IN_PK], [absent], generic_plan=True)
    with pytest.raises(DataError):
        compiled_queryset(_divided_by_zero, (), [STAND_IN_PK], [article.pk], generic_plan=True)
    with transaction.atomic():  # where a statement lost by the failure could not be run again
        later = compiled_queryset(_divided_by_zero, (), [STAND_IN_PK], [absent], generic_plan=True)

    assert list(later) == []
    assert _plan_cache_mode() == "auto"
    assert connection.close_at != 0  # not taken for a stale statement
