"""Suggested related articles: computed when an article is published, stored, read by pages."""

import sys
from collections import Counter

from django.db import transaction
from django_tasks import task

from manchette.core.jobs import WORKER_BACKEND

from .models import ArticlePage, ArticleTerms, SuggestedRelation
from .similarity import Document, most_similar

SUGGESTIONS_KEPT = 10
CANDIDATE_POOL = 2000  # the newest articles an article is compared with
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
    """Store the articles most similar to this one, and offer it to its closest neighbours."""
    terms = _analysed_terms(article)
    ArticleTerms.objects.update_or_create(article=article, defaults={"terms": terms})
    pool = list(
        ArticlePage.objects.live()
        .exclude(pk=article.pk)
        .newest_first()
        .select_related("terms")
        # Only what the comparison reads, not 2,000 bodies.
        .only("path", "first_published_at", "terms__terms")
        .prefetch_related("tags")[:CANDIDATE_POOL]
    )
    candidates = [_document(doc, _stored_terms(doc)) for doc in pool]
    ranked = most_similar(_document(article, terms), candidates, SUGGESTIONS_KEPT)
    with transaction.atomic():
        SuggestedRelation.objects.filter(article=article).delete()
        SuggestedRelation.objects.bulk_create(
            SuggestedRelation(article=article, related_id=pk, score=score) for pk, score in ranked
        )
        _offer_to_neighbours(article, ranked[:NEIGHBOURS_REFRESHED])
    return [pk for pk, _score in ranked]


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


def _stored_terms(article):
    try:
        return article.terms.terms
    except ArticleTerms.DoesNotExist:  # published before terms were kept
        return ArticleTerms.objects.create(article=article, terms=_analysed_terms(article)).terms


@task(backend=WORKER_BACKEND)
def related_refresh_task(article_id: int):
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is not None:
        related_refresh(article=article)
