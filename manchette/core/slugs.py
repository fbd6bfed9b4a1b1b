"""ASCII slugs from French titles, including the styled letters pasted from social networks."""

import re
import unicodedata

MAX_SLUG_LENGTH = 80

# Letters that Unicode decomposition does not reduce to ASCII.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)


def fold_to_ascii(text: str) -> str:
    """Fold styled letters (mathematical bold, fullwidth…) and accents to plain ASCII."""
    # NFKC maps compatibility characters such as 𝐁 or Ｂ to B; NFKD then splits accents off.
    text = unicodedata.normalize("NFKC", text).translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    # Accents go; any other non-ASCII character (’, «, letters of other scripts) separates words.
    return "".join(
        char if char.isascii() else "" if unicodedata.combining(char) else " "
        for char in decomposed
    )


def slugify_title(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """'Sénégal : l'Assemblée adopte' -> 'senegal-l-assemblee-adopte'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold_to_ascii(text).lower()).strip("-")
    if len(slug) > max_length:
        # Cut at a word boundary so a long headline keeps whole words.
        slug = slug[: max_length + 1].rsplit("-", 1)[0] or slug[:max_length]
    return slug
