"""Hypothesis strategies for text at the edges of what the domain accepts.

Astral-plane characters, combining marks, right-to-left text and overrides, zero-width
characters, letters that grow when upper-cased, quotes and SQL wildcards — short, or
filled to exactly the field's limit (`domain.limits`).
"""

from __future__ import annotations

from hypothesis import strategies as st

EDGES = (
    "𠀀", "😀", "👩\u200d⚕\ufe0f", "🇨🇳", "e\u0301\u0301", "\u0301", "\u0e49\u0e49",  # astral, marks
    "שלום", "مرحبا", "\u200f", "\u202e", "\u2066",  # right-to-left, overrides, isolates
    "\u200b", "\u200d", "\ufeff", "\u00ad",  # zero-width and soft hyphen
    "ß", "ﬁ", "ΐ", "İ",  # grow or change when upper-cased
    "'", '"', "\\", "%", "_", ",", ";", "--", "/*", "\u3000", "\ufffd", "\U0010fffd",
)  # fmt: skip
SINGLE_LINE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
FREE_TEXT = st.one_of(SINGLE_LINE, st.sampled_from("\n\t\u2028"))


def _pieces(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(EDGES), chars), min_size=1, max_size=6).map("".join)


def _fill(text: str, limit: int) -> str:
    return (text * (limit // len(text) + 1))[:limit]


def edge(limit: int, *, free: bool = False, tag: str = "") -> st.SearchStrategy[str]:
    """Non-blank text of at most `limit` code points, half the time exactly `limit`.

    `tag` starts the value (ids that must differ); `free` allows newlines and tabs.
    """
    pieces = _pieces(FREE_TEXT if free else SINGLE_LINE)
    short = pieces.map(lambda s: (tag + s)[:limit])
    full = pieces.map(lambda s: _fill(tag + s, limit))
    return st.one_of(short, full).filter(lambda s: bool(s.strip()))


def upper_fits(limit: int) -> st.SearchStrategy[str]:
    """A code whose upper-case form (what an episode stores) still fits `limit`."""

    def trim(code: str) -> str:
        while len(code.upper()) > limit or not code.strip():
            code = code[:-1] or "C"
        return code

    return edge(limit).map(trim)


ANY = st.characters(codec="utf-8", exclude_categories=("Cs",))  # controls included


def wild(limit: int) -> st.SearchStrategy[str]:
    """Text the domain may refuse: control characters, or one code point too many."""
    pieces = _pieces(ANY)
    return st.one_of(edge(limit), pieces, pieces.map(lambda s: _fill(s, limit + 1)))
