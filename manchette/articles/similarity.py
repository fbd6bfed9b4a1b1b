"""Which articles are alike: TF-IDF cosine on analysed French words, plus tags, section, time.

Pure functions on plain data, so the ranking is tested without a database.
"""

import math
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

TAG_BONUS = 0.1
SECTION_BONUS = 0.05
RECENCY_HALF_LIFE_DAYS = 60


@dataclass
class Document:
    pk: int
    terms: Collection[str]  # the analysed words, or their counts
    tags: frozenset
    section: str
    published: datetime


def _weights(terms, idf):
    counts = Counter(terms)
    vector = {term: (1 + math.log(n)) * idf.get(term, 0.0) for term, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {term: w / norm for term, w in vector.items()}


def inverse_document_frequencies(documents: Iterable[Document]) -> dict[str, float]:
    """Read once, one document at a time: the documents may come straight from the database."""
    frequency, total = Counter(), 0
    for doc in documents:
        frequency.update(set(doc.terms))
        total += 1
    return {term: math.log((1 + total) / (1 + n)) + 1 for term, n in frequency.items()}


def most_similar(
    target: Document, candidates: Iterable[Document], limit: int, idf: dict[str, float]
) -> list[tuple[int, float]]:
    """The candidates closest to the target, best first, as (pk, score), read one at a time.

    `idf` comes from inverse_document_frequencies() over the target and the same candidates.
    """
    target_vector = _weights(target.terms, idf)
    scored = []
    for doc in candidates:
        if doc.pk == target.pk:
            continue
        vector = _weights(doc.terms, idf)
        cosine = sum(w * vector.get(term, 0.0) for term, w in target_vector.items())
        score = cosine + TAG_BONUS * len(target.tags & doc.tags)
        score += SECTION_BONUS if doc.section == target.section else 0.0
        age_days = abs((target.published - doc.published).total_seconds()) / 86400
        score *= math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)
        if score > 0:
            scored.append((doc.pk, score))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
