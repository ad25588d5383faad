"""The limits every command checks: how long a text, how large a list, which characters.

One value the domain accepts is one every read model can hold: the projections size their
columns from these numbers and the API's request schemas state the same ones, so nothing
recorded through the API, the CLI, the demo or a test can stop a projection. Lengths count
code points, as PostgreSQL's `varchar(n)` does; a check applies to the value as stored
(after `strip()` or `upper()`, which can change the length).
"""

from __future__ import annotations

import re
from collections.abc import Sized

from domain.errors import ControlCharacters, LimitExceeded

# --- lengths, in code points ---------------------------------------------------------
NAME = 200  # a person's, package's, item's or care team's name; a form field's label
CODE = 64  # a package, item or intake-field code
DISEASE_CODE = 20  # an ICD-10 code: an episode's condition, a package's disease codes
IDENTIFIER = 100  # a department, a care team, an integration's source
USER_ID = 200  # a user (a token's subject): actors, proxies, buyers, assignees, doctors
ROLE = 50
CORRELATION_ID = 200
REFERENCE = 200  # payment, provider and receipt references
PHONE = 40
ID_NUMBER = 64
UNIT = 20  # an observation's unit
CHOICE = 40  # a value the rules pick from a fixed set (sex, relation, kind, status...)
FREE_TEXT = 2000  # notes, reasons, outcomes, intake answers
LONG_TEXT = 10_000  # a package's descriptions, precautions and refund rules

# --- sizes and numbers ---------------------------------------------------------------
DISEASE_CODES = 50
ITEMS = 50
INTAKE_FIELDS = 50
OPTIONS = 50
QUANTITY = 10_000  # units of one item
WEIGHT = 1_000_000
VALIDITY_DAYS = 3650
MAX_FEN = 10**12 - 1  # 9,999,999,999.99: an amount, in fen, fits every BIGINT sum

# Control characters (C0, DEL, C1) and lone surrogates are refused everywhere; free text
# may hold newlines and tabs, a single-line value no line break of any kind. The classes
# are regex escapes, so the API can state them as a JSON-schema pattern too.
LINE_REFUSED = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
TEXT_REFUSED = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_SURROGATES = r"\ud800-\udfff"  # no JSON text carries one, but Python strings can
_LINE_REFUSED = re.compile(f"[{LINE_REFUSED}{_SURROGATES}]")
_TEXT_REFUSED = re.compile(f"[{TEXT_REFUSED}{_SURROGATES}]")


def refused_character(value: str, *, free_text: bool) -> str | None:
    """The first character a line (or, with `free_text`, a text) may not hold, if any."""
    found = (_TEXT_REFUSED if free_text else _LINE_REFUSED).search(value)
    return None if found is None else found.group()


def _check(value: str, field: str, max_length: int, refused: re.Pattern[str]) -> str:
    if len(value) > max_length:
        raise LimitExceeded(
            f"{field} is longer than {max_length} characters", field=field, limit=max_length
        )
    found = refused.search(value)
    if found is not None:
        raise ControlCharacters(
            f"{field} contains a control character (U+{ord(found.group()):04X})", field=field
        )
    return value


def line(value: str, field: str, max_length: int) -> str:
    """A single-line value (name, code, id, reference), returned as given."""
    return _check(value, field, max_length, _LINE_REFUSED)


def text(value: str, field: str, max_length: int = FREE_TEXT) -> str:
    """Free text (a note, a reason, a description): newlines and tabs are allowed."""
    return _check(value, field, max_length, _TEXT_REFUSED)


def size(values: Sized, field: str, max_items: int) -> None:
    if len(values) > max_items:
        raise LimitExceeded(
            f"{field} has more than {max_items} entries", field=field, limit=max_items
        )


def at_most(number: int, field: str, maximum: int) -> None:
    if number > maximum:
        raise LimitExceeded(f"{field} is above {maximum}", field=field, limit=maximum)
