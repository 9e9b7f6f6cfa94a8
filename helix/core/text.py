"""Text normalisation shared by search, imports and duplicate detection."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")


def fold(text: str | None) -> str:
    """Lower-case, strip accents (ñ→n too) and collapse spaces: 'Valparaíso ' → 'valparaiso'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def fold_words(text: str | None) -> str:
    """Like `fold`, with punctuation turned into spaces (for matching names word by word)."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(text))).strip()
