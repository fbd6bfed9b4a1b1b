"""French search over published articles: analysed terms, filters, relevance with recency."""

import math
import re
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.search.query import And, Phrase, PlainText

from manchette.articles.models import ArticlePage

from .analysis import french_terms, parse_query

CANDIDATES = 200  # best matches re-ranked with recency
RECENCY_HALF_LIFE_DAYS = 30
SNIPPET_WORDS = 40


def articles_search(*, query, section=None, author=None, since=None, until=None):
    """Published articles matching the query, best first; [] when the query holds no word."""
    terms, phrases = parse_query(query)
    if not terms and not phrases:
        return []
    articles = ArticlePage.objects.published()
    if section is not None:
        articles = articles.descendant_of(section)
    if author is not None:
        articles = articles.filter(
            pk__in=list(ArticlePage.objects.by_author(author).values_list("pk", flat=True))
        )
    if since:
        articles = articles.filter(first_published_at__gte=_day_start(since))
    if until:
        articles = articles.filter(first_published_at__lt=_day_start(until) + timedelta(days=1))
    parts = [PlainText(" ".join(terms), operator="and")] if terms else []
    parts += [Phrase(" ".join(phrase)) for phrase in phrases]
    found = articles.search(And(parts) if len(parts) > 1 else parts[0]).annotate_score("_score")
    return sorted(found[:CANDIDATES], key=_ranking, reverse=True)


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _ranking(article):
    age_days = max((timezone.now() - article.first_published_at).total_seconds() / 86400, 0)
    recency = math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)
    return (article._score or 0) * (1 + recency)


def snippet(article, query):
    """The passage that best matches the query, escaped, with matched words in <mark>."""
    terms, phrases = parse_query(query)
    wanted = set(terms) | {term for phrase in phrases for term in phrase}
    words = re.split(r"(\s+)", f"{article.lede} {article.plain_text}".strip())
    tokens = words[::2]
    hits = [i for i, word in enumerate(tokens) if set(french_terms(word)) & wanted]
    start = max(hits[0] - 5, 0) if hits else 0
    window = tokens[start : start + SNIPPET_WORDS]
    html = " ".join(
        f"<mark>{escape(word)}</mark>" if set(french_terms(word)) & wanted else escape(word)
        for word in window
    )
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_WORDS < len(tokens) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 (each word escaped above)
