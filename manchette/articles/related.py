"""Suggested related articles: computed when an article is published, stored, read by pages."""

import sys
from collections import Counter
from itertools import chain

from django.db import transaction
from django_tasks import task

from manchette.core.jobs import WORKER_BACKEND

from .models import ArticlePage, ArticleTerms, SuggestedRelation
from .similarity import Document, inverse_document_frequencies, most_similar

SUGGESTIONS_KEPT = 10
CANDIDATE_POOL = 2000  # the newest articles an article is compared with
POOL_CHUNK = 200
NEIGHBOURS_REFRESHED = 5


def _analysed_terms(article):
    # The title counts double: it says what the article is about.
    return f"{article.search_title()} {article.search_title()} {article.search_text()}"


def _document(article, terms):
    return Document(
        pk=article.pk,
        # Counted, with shared strings: 2,000 articles' words as lists weigh on the worker.
        terms=Counter(map(sys.intern, terms.split())),
        tags=frozenset(tag.pk for tag in article.tags.all()),
        section=article.path[: -ArticlePage.steplen],  # the parent's tree path
        published=article.first_published_at,
    )


def related_refresh(*, article) -> list[int]:
    """Store the articles most similar to this one, and offer it to its closest neighbours.

    The pool is read twice, a chunk at a time: once for the words' frequencies, once to
    compare. Holding 2,000 articles' counted words at once doubled the task's peak memory
    (32 MB against 17, by tracemalloc, at 100,000 articles).
    """
    terms = _analysed_terms(article)
    ArticleTerms.objects.update_or_create(article=article, defaults={"terms": terms})
    target = _document(article, terms)
    pool = _pool_with_terms(article)
    idf = inverse_document_frequencies(chain([target], _documents(pool)))
    ranked = most_similar(target, _documents(pool), SUGGESTIONS_KEPT, idf=idf)
    with transaction.atomic():
        SuggestedRelation.objects.filter(article=article).delete()
        SuggestedRelation.objects.bulk_create(
            SuggestedRelation(article=article, related_id=pk, score=score) for pk, score in ranked
        )
        _offer_to_neighbours(article, ranked[:NEIGHBOURS_REFRESHED])
    return [pk for pk, _score in ranked]


def _pool_with_terms(article):
    """The ids of the articles compared with this one, each with its terms stored.

    The terms are stored first, not while the pool is being read: SQLite refuses a write on a
    connection whose open read started before another connection's write.
    """
    pool = list(
        ArticlePage.objects.live()
        .exclude(pk=article.pk)
        .newest_first()
        .values_list("pk", flat=True)[:CANDIDATE_POOL]
    )
    for unstored in ArticlePage.objects.filter(pk__in=pool, terms__isnull=True):
        # Published before terms were kept.
        ArticleTerms.objects.create(article=unstored, terms=_analysed_terms(unstored))
    return pool


def _documents(pool):
    """The pool's documents, read from the database a chunk at a time."""
    articles = (
        ArticlePage.objects.filter(pk__in=pool)
        .select_related("terms")
        # Only what the comparison reads, not 2,000 bodies.
        .only("path", "first_published_at", "terms__terms")
        .prefetch_related("tags")
    )
    for doc in articles.iterator(chunk_size=POOL_CHUNK):
        yield _document(doc, doc.terms.terms)


def _offer_to_neighbours(article, ranked):
    # Similarity is symmetric: the new article joins its neighbours' lists if it scores
    # better than what they keep, without recomputing those lists.
    for pk, score in ranked:
        SuggestedRelation.objects.update_or_create(
            article_id=pk, related=article, defaults={"score": score}
        )
        beyond = SuggestedRelation.objects.filter(article_id=pk).order_by("-score", "pk")
        surplus = list(beyond.values_list("pk", flat=True)[SUGGESTIONS_KEPT:])
        SuggestedRelation.objects.filter(pk__in=surplus).delete()


@task(backend=WORKER_BACKEND)
def related_refresh_task(article_id: int):
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is not None:
        related_refresh(article=article)
