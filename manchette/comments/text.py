"""Comment text: what is kept, what is stripped, and how it is shown. Pure functions."""

import re
import unicodedata

# Invisible characters that hide or reorder text (zero-width, bidi overrides and isolates):
# they can disguise links or flip a sentence, so they go. Joiners inside emoji sequences
# (U+200D) are kept, as are combining marks and right-to-left scripts themselves.
_STRIPPED = dict.fromkeys(
    [0x200B, 0x200C, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def clean_comment_text(text: str) -> str:
    """Normalise what a reader typed before it is checked and stored."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text.translate(_STRIPPED))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def count_links(text: str) -> int:
    return len(_URL.findall(text))
