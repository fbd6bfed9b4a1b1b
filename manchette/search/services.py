"""French search over published articles: analysed terms, filters, relevance with recency."""

import json
import math
import re
from datetime import UTC, datetime, time, timedelta

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
# On SQLite, scoring every match of a common word (a third of the archive) takes 100 ms or
# more, however it is joined: only the newest SCORED_MATCHES matches are scored, in practice
# the matches of the last weeks (see _sqlite_best_matches and docs/performance.md).
SCORED_MATCHES = 5_000
FTS_CANDIDATES = 2 * CANDIDATES  # best scored by FTS5, then joined and filtered
TITLE_WEIGHT = 3  # as ArticlePage's search title is boosted
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
    filtered = section is not None or author is not None or since or until
    best = _best_matches(articles, terms, phrases, filtered=bool(filtered))
    return [pk for pk, _score, _published in sorted(best, key=_ranking, reverse=True)]


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _best_matches(articles, terms, phrases, *, filtered=False):
    """(pk, score, first published) of the CANDIDATES best matches, as the backend scores them."""
    if connection.vendor == "sqlite":
        return _sqlite_best_matches(articles, terms, phrases, filtered=filtered)
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


def _sqlite_best_matches(articles, terms, phrases, *, filtered):
    """The best matches as FTS5 scores them, among the SCORED_MATCHES newest matches.

    FTS5's bm25() is negative, lower for better matches: the score is its opposite, so that
    higher is better on both databases. A title hit weighs TITLE_WEIGHT times a body hit, as
    the article's boosted search title means to (the backend ignores boosts).

    Scoring and sorting run in FTS5 alone, in C, without joins; the database then only joins
    and filters its FTS_CANDIDATES best. When the filters leave fewer than CANDIDATES of them,
    every match is joined, filtered and scored, as one statement: so a reader who filters by
    section, author or dates reaches the older articles the window leaves out. Without
    filters (only the pages that are not published articles drop), the window is kept.
    """
    from wagtail.search.models import SQLiteFTSIndexEntry  # only defined on SQLite

    fts = SQLiteFTSIndexEntry._meta.db_table
    parts = [" AND ".join(_fts_string([term]) for term in terms)] if terms else []
    parts += [_fts_string(phrase) for phrase in phrases]
    match = "{title body} : (" + " AND ".join(parts) + ")"
    bm25 = f"bm25({fts}, 0.0, 1.0, {TITLE_WEIGHT:.1f})"  # columns: autocomplete, body, title
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    articles_sql, articles_params = (
        articles.order_by().values("pk", "first_published_at").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        # Entry ids grow as pages are first indexed: the window starts at the id of the
        # SCORED_MATCHES-th newest match (FTS5 walks its ids backwards without scoring).
        cursor.execute(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s "  # noqa: S608 (constants only)
            "ORDER BY rowid DESC LIMIT 1 OFFSET %s",
            [match, SCORED_MATCHES - 1],
        )
        oldest = (cursor.fetchone() or [0])[0]
        cursor.execute(
            f"SELECT rowid, -{bm25} AS score FROM {fts} "  # noqa: S608 (constants only)
            f"WHERE {fts} MATCH %s AND rowid >= %s ORDER BY score DESC LIMIT %s",
            [match, oldest, FTS_CANDIDATES],
        )
        scores = dict(cursor.fetchall())
        cursor.execute(
            _SQLITE_JOIN_BEST.format(entries=IndexEntry._meta.db_table, articles=articles_sql),
            [*articles_params, json.dumps(list(scores)), content_type],
        )
        best = [(pk, scores[entry], published) for pk, published, entry in cursor.fetchall()]
        if len(best) < CANDIDATES and (len(scores) == FTS_CANDIDATES or (filtered and oldest)):
            cursor.execute(
                _SQLITE_BEST_MATCHES.format(
                    score=f"-{bm25}",
                    fts=fts,
                    entries=IndexEntry._meta.db_table,
                    articles=articles_sql,
                ),
                [match, 0 if filtered else oldest, *articles_params, content_type, CANDIDATES],
            )
            best = cursor.fetchall()
    best.sort(key=lambda match: (match[1], match[0]), reverse=True)
    return [(pk, score, _aware(published)) for pk, score, published in best[:CANDIDATES]]


def _aware(value):
    """A datetime the database returned as text (raw cursors do not convert)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


_SQLITE_JOIN_BEST = """
    SELECT a.pk, a.first_published_at, e.id
    FROM {entries} e
    JOIN ({articles}) a ON a.pk = CAST(e.object_id AS INTEGER)
    WHERE e.id IN (SELECT value FROM json_each(%s)) AND +e.content_type_id = %s
"""

# Materialised, so that FTS5 drives the join: otherwise SQLite walks the index entries and
# asks FTS5 for each one, which reads the whole match list every time.
_SQLITE_BEST_MATCHES = """
    WITH hits AS MATERIALIZED (
        SELECT rowid AS id, ({score}) AS score FROM {fts} WHERE {fts} MATCH %s AND rowid >= %s
    )
    SELECT a.pk, hits.score, a.first_published_at
    FROM hits
    JOIN {entries} e ON e.id = hits.id
    JOIN ({articles}) a ON a.pk = CAST(e.object_id AS INTEGER)
    WHERE +e.content_type_id = %s
    ORDER BY hits.score DESC, a.pk DESC
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
