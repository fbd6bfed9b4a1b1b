"""French search over published articles: analysed terms, filters, relevance with recency."""

import json
import math
from datetime import datetime, time, timedelta
from html import escape
from itertools import chain, islice
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.search.models import IndexEntry

from manchette.articles.models import ArticlePage

from .analysis import matching_words, parse_query

CANDIDATES = 200  # best matches re-ranked with recency
# Scoring every match of a common word (a third of the archive) takes 100 ms or more on
# either database: only its newest matches are scored, MANCHETTE_SEARCH_WINDOW of them, in
# practice the matches of the last weeks (see _sqlite_best_matches and docs/performance.md).
FTS_CANDIDATES = 2 * CANDIDATES  # best scored in the window, then joined and filtered
# PostgreSQL first looks for the window's matches among this many times as many of the newest
# index entries: those of a word in a tenth of them fill it.
RECENT_ENTRIES_PER_WINDOW = 10
# Index entries by blocks of ids, as PostgreSQL's index of their texts has them.
ENTRY_BUCKET = 4096
TITLE_WEIGHT = 3  # as ArticlePage's search title is boosted
RECENCY_HALF_LIFE_DAYS = 30
SNIPPET_WORDS = 40
SNIPPET_LEAD_IN_WORDS = 5  # shown before the first matched word


class Found(NamedTuple):
    ids: tuple = ()  # the matching articles' ids, best first
    newest_only: bool = False  # only the query's newest matches were scored: older ones may match


def articles_search(*, query, section=None, author=None, since=None, until=None):
    """The published articles matching the query; none when it holds no word."""
    terms, phrases = parse_query(query)
    if not terms and not phrases:
        return Found()
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
    best, newest_only = _best_matches(articles, terms, phrases, filtered=bool(filtered))
    ranked = sorted(best, key=_ranking(timezone.now().timestamp()), reverse=True)
    return Found(tuple(pk for pk, _score, _published in ranked), newest_only)


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _best_matches(articles, terms, phrases, *, filtered=False):
    """(pk, score, first published in seconds since 1970) of the CANDIDATES best matches,
    higher scores first, and whether they were chosen among the window's newest matches only."""
    if connection.vendor == "sqlite":
        return _sqlite_best_matches(articles, terms, phrases, filtered=filtered)
    return _postgres_best_matches(articles, terms, phrases, filtered=filtered)


def _postgres_best_matches(articles, terms, phrases, *, filtered):
    """The best matches as ts_rank scores them, among the window's newest matches.

    The same choices as on SQLite (see _sqlite_best_matches): a title hit weighs TITLE_WEIGHT
    times a text hit, the boosts' weight labels are ignored, the window holds the
    MANCHETTE_SEARCH_WINDOW newest matching articles by index entry id, and filters reach
    past it.

    Wagtail's backend matches `title || body`, which no index serves: every entry of the
    index was read and scored. Here `title @@ q OR body @@ q` is answered by the GIN indexes
    on both columns, and ts_rank only runs on the window, then on the filtered matches.
    A query's words must all be in the title, or all in the text; the text holds the
    analysed title too, so a word of the title is never missed.
    """
    tsquery, query_params = _postgres_tsquery(terms, phrases)
    every_word = [*terms, *chain.from_iterable(phrases)]
    words, words_params = _postgres_tsquery(every_word, [])
    any_word = " || ".join(["plainto_tsquery('simple', %s)"] * len(every_word))
    window = settings.MANCHETTE_SEARCH_WINDOW
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    articles_sql, articles_params = (
        articles.order_by().values("pk", "first_published_at").query.sql_with_params()
    )
    sql = {
        "entries": IndexEntry._meta.db_table,
        "articles": articles_sql,
        "query": tsquery,
        "score": _postgres_score(_POSTGRES_TITLE_RANK),
        "published": "date_part('epoch', a.first_published_at)",
    }
    ordered = any(len(phrase) > 1 for phrase in phrases)  # a quoted word is just a word
    window_sql = {  # with and without the test of the texts' id blocks (see window_best)
        by_blocks: _POSTGRES_WINDOW_BEST.format(
            words=words,
            any_word=any_word,
            newest_blocks=_POSTGRES_NEWEST_BLOCKS.format(bucket=ENTRY_BUCKET) if by_blocks else "",
            phrase_test=_POSTGRES_PHRASE_TEST if ordered else "",
            **sql | {"score": _postgres_score(_postgres_title_rank_if_a_word(sql["entries"]))},
        )
        for by_blocks in (False, True)
    }
    q_params = [*query_params, *words_params, *every_word]  # the window's `q`, in order
    with connection.cursor() as cursor:
        # The planner counts a match test as cheap, but it unpacks the entry's whole text:
        # for a word in most articles, it would read and test every entry rather than ask
        # the indexes (120 ms instead of 10 at 20,000 articles).
        # SET LOCAL lasts until the end of the transaction, a whole request at most.
        with transaction.atomic(savepoint=False):
            cursor.execute("SET LOCAL enable_seqscan = off")

            def window_best(after_entry, *, must_fill):
                """The window's best matches among the entries after this id; none when
                they must fill the window and do not."""
                fill = window if must_fill else -1
                bucket = [after_entry // ENTRY_BUCKET] if after_entry else []
                newest = [*bucket, content_type, after_entry, window + 1]
                hits = [window, fill]
                kept = [FTS_CANDIDATES, *articles_params]  # how many, which the filters keep
                cursor.execute(window_sql[bool(bucket)], [*q_params, *newest, *hits, *kept])
                return cursor.fetchall()

            recent_from = 0 if ordered else _recent_entries_from(cursor, window)
            rows = window_best(recent_from, must_fill=recent_from > 0)
            if recent_from and not rows:
                rows = window_best(0, must_fill=False)
        scores = {pk: score for _entry, pk, score, _oldest, _found, _kept, _published in rows}
        # The oldest entry id scored: the window's, 0 when the window holds every match (one
        # match more than it holds is looked for, not scored).
        scored_from = rows[0][3] if rows and rows[0][4] > window else 0
        best = [(pk, score, published) for _e, pk, score, _o, _f, kept, published in rows if kept]
        again_from = _scored_again_from(best, scores, scored_from, filtered=filtered)
        if again_from is not None:
            cursor.execute(
                _POSTGRES_BEST_MATCHES.format(**sql),
                [*query_params, *articles_params, content_type, again_from, CANDIDATES],
            )
            best, scored_from = cursor.fetchall(), again_from
    return _best_first(best), bool(scored_from)


def _recent_entries_from(cursor, window):
    """The id after which the newest RECENT_ENTRIES_PER_WINDOW * window index entries lie,
    0 when there are no more."""
    cursor.execute(f"SELECT max(id) FROM {IndexEntry._meta.db_table}")  # noqa: S608 (a constant)
    newest = cursor.fetchone()[0] or 0
    return max(newest - RECENT_ENTRIES_PER_WINDOW * window, 0)


def _scored_again_from(best, scores, window_from, *, filtered):
    """When the filters kept fewer than CANDIDATES of the window's FTS_CANDIDATES best, the
    oldest entry id from which every match is scored and filtered in one statement: the
    window's, or 0 for a filtered search, which so reaches older articles. None when the
    window's best will do."""
    if len(best) < CANDIDATES and (len(scores) == FTS_CANDIDATES or (filtered and window_from)):
        return 0 if filtered else window_from
    return None


def _best_first(matches):
    """The CANDIDATES best (pk, score, first published) of the matches, the best first."""
    matches.sort(key=lambda match: (match[1], match[0]), reverse=True)
    return matches[:CANDIDATES]


def _postgres_tsquery(terms, phrases):
    """The query as SQL and its parameters, parsed by the same 'simple' config as the index."""
    parts = ["plainto_tsquery('simple', %s)"] if terms else []
    parts += ["phraseto_tsquery('simple', %s)"] * len(phrases)
    params = [" ".join(terms)] if terms else []
    params += [" ".join(phrase) for phrase in phrases]
    return " && ".join(parts), params


def _postgres_score(title_rank):
    """Every weight label counts the same (SQLite ignores the boosts); normalisation 1 divides
    by 1 + the log of the length, so that a long text does not win by its length alone."""
    return f"({TITLE_WEIGHT} * {title_rank} + ts_rank('{{1,1,1,1}}', e.body, q.q, 1))"


_POSTGRES_TITLE_RANK = "ts_rank('{1,1,1,1}', e.title, q.q, 1)"


def _postgres_title_rank_if_a_word(entries):
    """The title's rank where the title index finds one of the query's words, else 0.

    A title holding none of them ranks 0 (5e-21 for several words, lost in the sum): the
    window so reads a few titles from TOAST rather than its 2,000 (2.5 µs each). The filters'
    statement scores the few entries they keep, and ranks their titles."""
    return (
        f"CASE WHEN e.id IN (SELECT t.id FROM {entries} t, q WHERE t.title @@ q.any_word)"  # noqa: S608 (a table name)
        f" THEN {_POSTGRES_TITLE_RANK} ELSE 0 END"
    )


# The GIN indexes find the matches and only the window's newest are scored. `id + 0`
# and `content_type_id + 0` keep the planner from walking the primary key or the content type
# index instead, which tests every entry on the way (unpacking its text): for a word in half
# the articles, at 100,000, 935 ms against 300 through the GIN indexes.
# A query without a phrase first looks for its matches among the newest entries only: every
# match the GIN indexes find enters the sort that keeps the newest, and the newest entries
# hold few of a common word's (67,668 for "Sénégal": 82 → 65 ms in-process). When they do
# not fill the window, nothing is scored (the last parameter but one: the count to exceed)
# and the caller looks among all the entries, which a rarer word's few matches make cheap.
# The indexes answer the query's words: they tell which entries hold them, but not where.
# A phrase is then tested on the newest of those only, until the window is full, rather than
# on each of them, which unpacks its text (4,187 for "transition énergétique": 34 → 19 ms).
# The best FTS_CANDIDATES are joined to the articles the filters keep in the same statement,
# each through its key: a second query, its 400 ids bound one by one, cost 3 ms more.
_POSTGRES_WINDOW_BEST = """
    WITH q AS NOT MATERIALIZED (SELECT {query} AS q, {words} AS words, {any_word} AS any_word),
    newest AS MATERIALIZED (
        SELECT c.id, c.object_id, c.title, c.body
        FROM (
            SELECT e.id, e.object_id, e.title, e.body
            FROM {entries} e, q
            WHERE (e.title @@ q.words OR (e.body @@ q.words{newest_blocks}))
                AND e.content_type_id + 0 = %s AND e.id + 0 > %s
            ORDER BY e.id + 0 DESC
            OFFSET 0
        ) c, q
        {phrase_test}
        LIMIT %s
    ),
    hits AS MATERIALIZED (
        SELECT e.id, e.object_id::integer AS pk, {score} AS score
        FROM (SELECT * FROM newest ORDER BY id DESC LIMIT %s) e, q
        WHERE (SELECT count(*) FROM newest) > %s
    )
    SELECT b.*, a.pk IS NOT NULL, {published}
    FROM (
        SELECT id, pk, score, min(id) OVER (), (SELECT count(*) FROM newest)
        FROM hits
        ORDER BY score DESC, id DESC
        LIMIT %s
    ) b
    LEFT JOIN ({articles}) a ON a.pk = b.pk
    ORDER BY b.score DESC, b.id DESC
"""
# The newest entries' texts, through the index of texts and id blocks (migration 0002): it
# hands over only the matches in the newest blocks, where an index of the texts alone hands
# over every match, each visited to test its id (67,668 visits for "Sénégal" where 15,241
# will do). Titles hold fewer matches: their own index hands them all over.
_POSTGRES_NEWEST_BLOCKS = " AND e.id / {bucket} >= %s"
# The text first: it holds the analysed title too, so a match there spares reading the title.
_POSTGRES_PHRASE_TEST = "WHERE c.body @@ q.q OR c.title @@ q.q"

# Only the matches the filters keep are scored. Through the unique (content type, object id)
# index, a filter that keeps few articles only reads their entries.
_POSTGRES_BEST_MATCHES = """
    WITH q AS NOT MATERIALIZED (SELECT {query} AS q)
    SELECT a.pk, {score} AS score, {published}
    FROM q, {entries} e
    JOIN ({articles}) a ON e.object_id = a.pk::text
    WHERE (e.title @@ q.q OR e.body @@ q.q) AND e.content_type_id = %s AND e.id >= %s
    ORDER BY score DESC, a.pk DESC
    LIMIT %s
"""


def _sqlite_best_matches(articles, terms, phrases, *, filtered):
    """The best matches as FTS5 scores them, among the window's newest matches.

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
        # Entry ids grow as pages are first indexed: the window starts at the id of its
        # last, the window-th newest match, if an older one follows (FTS5 walks its ids
        # backwards without scoring). Its matches are those of every indexed type.
        cursor.execute(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s "  # noqa: S608 (constants only)
            "ORDER BY rowid DESC LIMIT 2 OFFSET %s",
            [match, settings.MANCHETTE_SEARCH_WINDOW - 1],
        )
        last_and_older = cursor.fetchall()
        scored_from = last_and_older[0][0] if len(last_and_older) == 2 else 0
        cursor.execute(
            f"SELECT rowid, -{bm25} AS score FROM {fts} "  # noqa: S608 (constants only)
            f"WHERE {fts} MATCH %s AND rowid >= %s ORDER BY score DESC LIMIT %s",
            [match, scored_from, FTS_CANDIDATES],
        )
        scores = dict(cursor.fetchall())
        cursor.execute(
            _SQLITE_JOIN_BEST.format(
                entries=IndexEntry._meta.db_table,
                articles=articles_sql,
                published=_SQLITE_PUBLISHED,
            ),
            [*articles_params, json.dumps(list(scores)), content_type],
        )
        best = [(pk, scores[entry], published) for pk, published, entry in cursor.fetchall()]
        again_from = _scored_again_from(best, scores, scored_from, filtered=filtered)
        if again_from is not None:
            cursor.execute(
                _SQLITE_BEST_MATCHES.format(
                    score=f"-{bm25}",
                    fts=fts,
                    entries=IndexEntry._meta.db_table,
                    articles=articles_sql,
                    published=_SQLITE_PUBLISHED,
                ),
                [match, again_from, *articles_params, content_type, CANDIDATES],
            )
            best, scored_from = cursor.fetchall(), again_from
    return _best_first(best), bool(scored_from)


# The publication moments as seconds since 1970, as PostgreSQL's date_part('epoch') gives
# them: the ranking reads numbers, which load faster than the 400 dates of a search.
_SQLITE_PUBLISHED = "(julianday(a.first_published_at) - 2440587.5) * 86400"

_SQLITE_JOIN_BEST = """
    SELECT a.pk, {published}, e.id
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
    SELECT a.pk, hits.score, {published}
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


def _ranking(now):
    """The sort key of a match at this moment (seconds since 1970): its score, up to doubled
    when it is new."""

    def rank(match):
        _pk, score, published = match
        age_days = max((now - published) / 86400, 0)
        recency = math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)
        return (score or 0) * (1 + recency)

    return rank


def snippet(article, query):
    """The passage around the first matched word, escaped, with matched words in <mark>.

    The text is read block by block up to that passage only: a long article's later
    paragraphs are never stripped of their markup. Each block's distinct words are tested
    once, so a block without a match costs a split and a set, not a test per word.
    """
    terms, phrases = parse_query(query)
    wanted = frozenset(terms) | {term for phrase in phrases for term in phrase}
    texts = chain([article.lede], article.plain_text_parts())
    read = []  # the words of the blocks before the match
    for text in texts:
        words = text.split()
        found = _first_match(words, wanted)
        if found is None:
            read.extend(words)
            continue
        before = [*read[-SNIPPET_LEAD_IN_WORDS:], *words[:found]][-SNIPPET_LEAD_IN_WORDS:]
        start = len(read) + found - len(before)
        rest = chain(words[found:], (word for text in texts for word in text.split()))
        window = [*before, *islice(rest, SNIPPET_WORDS - len(before))]
        more = next(rest, None) is not None
        break
    else:  # no word of the text matches (the title did): its beginning
        start, window, more = 0, read[:SNIPPET_WORDS], len(read) > SNIPPET_WORDS
    marked = matching_words(window, wanted)
    # The standard library's escape: Django's checks each word for a lazy translation first.
    html = " ".join(
        f"<mark>{escape(word)}</mark>" if word in marked else escape(word) for word in window
    )
    prefix = "… " if start else ""
    suffix = " …" if more else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 (each word escaped above)


def _first_match(words, wanted):
    """The position of the first word matching one of the wanted terms, or None."""
    matching = matching_words(words, wanted)
    if matching:
        return next(index for index, word in enumerate(words) if word in matching)
    return None
