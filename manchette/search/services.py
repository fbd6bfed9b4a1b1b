"""French search over published articles: analysed terms, filters, relevance with recency."""

import math
import re
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Phrase, PlainText

from manchette.articles.models import ArticlePage

from .analysis import parse_query, word_matches

CANDIDATES = 200  # best matches re-ranked with recency
RECENCY_HALF_LIFE_DAYS = 30
SNIPPET_WORDS = 40


def articles_search(*, query, section=None, author=None, since=None, until=None):
    """Ids of the published articles matching the query, best first; [] when it holds no word."""
    terms, phrases = parse_query(query)
    if not terms and not phrases:
        return []
    articles = ArticlePage.objects.published()
    if section is not None:
        articles = articles.descendant_of(section)
    if author is not None:
        articles = articles.filter(pk__in=ArticlePage.objects.by_author(author).values("pk"))
    if since:
        articles = articles.filter(first_published_at__gte=_day_start(since))
    if until:
        articles = articles.filter(first_published_at__lt=_day_start(until) + timedelta(days=1))
    best = _best_matches(articles, terms, phrases)
    return [pk for pk, _score, _published in sorted(best, key=_ranking, reverse=True)]


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _best_matches(articles, terms, phrases):
    """(pk, score, first published) of the CANDIDATES best matches, as the backend scores them."""
    if connection.vendor == "sqlite":
        return _sqlite_best_matches(articles, terms, phrases)
    parts = [PlainText(" ".join(terms), operator="and")] if terms else []
    parts += [Phrase(" ".join(phrase)) for phrase in phrases]
    # Only what ranking needs: the displayed page loads its own few articles.
    found = (
        articles.only("first_published_at")
        .search(And(parts) if len(parts) > 1 else parts[0])
        .annotate_score("_score")
    )
    return [
        (article.pk, article._score, article.first_published_at) for article in found[:CANDIDATES]
    ]


def _sqlite_best_matches(articles, terms, phrases):
    """The backend's own FTS5 match and BM25 score, ranked in one statement.

    The backend scores each article in a subquery comparing the index's text object_id with
    an integer id, which no index serves: a scan of the whole index per matching article.
    """
    from wagtail.search.models import SQLiteFTSIndexEntry  # only defined on SQLite

    parts = [" AND ".join(_fts_string([term]) for term in terms)] if terms else []
    parts += [_fts_string(phrase) for phrase in phrases]
    bm25 = f"bm25({SQLiteFTSIndexEntry._meta.db_table})"
    # As the backend combines the parts of an And: product of (1 + score), minus 1.
    score = " * ".join([f"(1 + {bm25})"] * len(parts)) + " - 1" if len(parts) > 1 else bm25
    articles_sql, articles_params = (
        articles.order_by().values("pk", "first_published_at").query.sql_with_params()
    )
    sql = _SQLITE_BEST_MATCHES.format(  # noqa: S608 (constants and compiled SQL only)
        score=score,
        fts=SQLiteFTSIndexEntry._meta.db_table,
        entries=IndexEntry._meta.db_table,
        articles=articles_sql,
    )
    params = [
        *articles_params,
        "{title body} : (" + " AND ".join(parts) + ")",
        ContentType.objects.get_for_model(ArticlePage).pk,
        CANDIDATES,
    ]
    return [
        (article.pk, article._score, article.first_published_at)
        for article in ArticlePage.objects.raw(sql, params)
    ]


_SQLITE_BEST_MATCHES = """
    SELECT a.pk AS page_ptr_id, a.first_published_at, ({score}) * (e.title_norm + 1) AS _score
    FROM {fts} f
    JOIN {entries} e ON e.id = f.rowid
    JOIN ({articles}) a ON a.pk = CAST(e.object_id AS INTEGER)
    WHERE {fts} MATCH %s AND e.content_type_id = %s
    ORDER BY _score, a.pk DESC
    LIMIT %s
"""


def _fts_string(words):
    """Words as one FTS5 string: a phrase when there are several."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def _ranking(match):
    _pk, score, published = match
    age_days = max((timezone.now() - published).total_seconds() / 86400, 0)
    recency = math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)
    return (score or 0) * (1 + recency)


def snippet(article, query):
    """The passage that best matches the query, escaped, with matched words in <mark>."""
    terms, phrases = parse_query(query)
    wanted = frozenset(terms) | {term for phrase in phrases for term in phrase}
    tokens = re.split(r"\s+", f"{article.lede} {article.plain_text}".strip())
    first_hit = next((i for i, word in enumerate(tokens) if word_matches(word, wanted)), None)
    start = max(first_hit - 5, 0) if first_hit is not None else 0
    window = tokens[start : start + SNIPPET_WORDS]
    html = " ".join(
        f"<mark>{escape(word)}</mark>" if word_matches(word, wanted) else escape(word)
        for word in window
    )
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_WORDS < len(tokens) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 (each word escaped above)
