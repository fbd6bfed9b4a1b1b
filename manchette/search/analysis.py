"""French text analysis shared by the index and the queries: fold, split, drop, stem.

Both SQLite and PostgreSQL index the output as plain words, so both behave the same.
"""

import functools
import re
import unicodedata

import snowballstemmer

from manchette.core.slugs import fold_to_ascii

MAX_QUERY_LENGTH = 500
MAX_TERMS = 20

_stemmer = snowballstemmer.stemmer("french")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du elle en et il ils l la le les leur lui ma mais me "
    "meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t "
    "ta te tes toi ton tu un une vos votre vous y est sont ete etre".split()
)


@functools.lru_cache(maxsize=100_000)
def _stem(word):
    return fold_to_ascii(_stemmer.stemWord(word)).strip()


def french_terms(text: str, *, compounds: bool = True) -> list[str]:
    """'Les négociations' -> ['negoci']; 'cessez-le-feu' -> its parts, and whole if compounds."""
    text = unicodedata.normalize("NFKC", text).lower()
    terms = []
    for match in _WORD.finditer(text):
        parts = [p for p in re.split(r"[-'’_]", match.group()) if p]
        words = [p for p in parts if fold_to_ascii(p).strip() not in STOP_WORDS]
        terms.extend(_stem(word) for word in words)
        if compounds and len(parts) > 1 and "-" in match.group():
            terms.append(fold_to_ascii("".join(parts)).replace(" ", ""))  # "cessezlefeu"
    return [term for term in terms if term]


def parse_query(query: str) -> tuple[list[str], list[list[str]]]:
    """Loose terms and quoted phrases, analysed; any syntax the reader typed is just text."""
    query = query[:MAX_QUERY_LENGTH]
    quoted = re.findall(r"[\"«“]([^\"»”]+)[\"»”]", query)
    phrases = [french_terms(p, compounds=False) for p in quoted]
    loose = re.sub(r"[\"«“][^\"»”]+[\"»”]", " ", query)
    terms = french_terms(loose, compounds=False)
    return terms[:MAX_TERMS], [p[:MAX_TERMS] for p in phrases if p][:5]


def matching_words(words, terms) -> set[str]:
    """Which of these words hold one of the terms once analysed, each distinct word tested once."""
    return {word for word in set(words) if not _word_terms(word).isdisjoint(terms)}


# Snippets test every word of the results they show: a news archive repeats the same words.
@functools.lru_cache(maxsize=100_000)
def _word_terms(word):
    return frozenset(french_terms(word))
