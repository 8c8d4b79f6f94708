"""What a CPV code is, and how labels and queries are normalised for search.

Pure module (no Flask, no database): the CSV reader, the model and the search service
all lean on it, so they agree on what a code looks like and on how text is compared.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CODE_PATTERN = re.compile(r"^\d{8}-\d$")
KINDS = ("supplies", "works", "services")
# A query that is a code or the start of one: "7311", "73110000", "73110000-6".
_CODE_QUERY = re.compile(r"^(?:(\d{8})-(\d)?|(\d{1,8}))$")
MAX_QUERY_WORDS = 8


def is_code(value: str) -> bool:
    """``NNNNNNNN-C``: eight digits, a hyphen and the check digit."""
    return bool(CODE_PATTERN.match(value))


def significant_digits(code: str) -> str:
    """The digits that place a code in the tree: "73110000-6" → "7311".

    A division keeps both its digits even when the second is a zero ("30000000" → "30").
    """
    digits = code[:8].rstrip("0")
    return code[:2] if len(digits) < 2 else digits


def code_level(code: str) -> int:
    """1 for a division, 2 for a group, 3 for a class, 4 for a category, 5–7 below."""
    return len(significant_digits(code)) - 1


def is_ancestor(ancestor: str, code: str) -> bool:
    """Whether ``ancestor`` lies above ``code`` in the CPV hierarchy."""
    prefix = significant_digits(ancestor)
    return code.startswith(prefix) and code_level(ancestor) < code_level(code)


def search_key(text: str) -> str:
    """Text as search compares it: case-folded (Å→å, ß→ss), NFC, single spaces.

    Done in Python rather than with SQL ``lower()``, which SQLite only applies to ASCII:
    both the stored label and the query go through here, so "Träd" finds "träd" on
    every database.
    """
    return " ".join(unicodedata.normalize("NFC", text.casefold()).split())


@dataclass(frozen=True)
class CodeQuery:
    """A search by code: ``digits`` is a prefix; ``code`` is set when a whole code was given."""

    digits: str
    code: str | None = None


@dataclass(frozen=True)
class WordQuery:
    """A search by words: each must appear in the label."""

    words: tuple[str, ...]
    phrase: str


def parse_query(text: str) -> CodeQuery | WordQuery | None:
    """Tell a code search from a word search; ``None`` for an empty query."""
    text = (text or "").strip()
    match = _CODE_QUERY.match(text)
    if match:
        whole, check, prefix = match.groups()
        if whole is not None:
            return CodeQuery(whole, f"{whole}-{check}" if check else None)
        return CodeQuery(prefix)
    phrase = search_key(text)
    if not phrase:
        return None
    # Repeated words add nothing, and a long paste should not become a huge query.
    words = tuple(dict.fromkeys(phrase.split()))[:MAX_QUERY_WORDS]
    return WordQuery(words, phrase)


def prefix_upper_bound(digits: str) -> str | None:
    """The smallest digit string above every string starting with ``digits``.

    "7311" → "7312", "7319" → "732", "99" → None. With it a prefix search becomes a
    range on the code, which a plain B-tree index serves in any collation (unlike
    ``LIKE '7311%'`` on PostgreSQL).
    """
    stripped = digits.rstrip("9")
    if not stripped:
        return None
    return stripped[:-1] + str(int(stripped[-1]) + 1)


def split_codes(text: str) -> list[str]:
    """Codes written in one field, separated by commas, semicolons or white space."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]
