"""Parsing the payment provider's settlement CSV, strictly: any fault names its line.

The file is `provider_ref,kind,amount,currency,settled_at` (that header, exactly), one
line per money movement: kind `payment` or `refund`, amount a non-negative decimal with
at most two places (`1999.00`), currency `CNY` (the only one Carepack sells in),
settled_at an ISO 8601 date or time (the hospital's time when it carries no offset),
provider_ref at
most 200 printable characters. Blank lines are skipped. The same provider_ref and kind
twice is an error, never a silent merge.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from decimal import Decimal

from domain import limits

HEADER = ("provider_ref", "kind", "amount", "currency", "settled_at")
KINDS = frozenset({"payment", "refund"})
CURRENCIES = frozenset({"CNY"})
_AMOUNT = re.compile(r"\d{1,15}(\.\d{1,2})?")

Source = str | bytes | Iterable[str]


class SettlementError(ValueError):
    """A malformed settlement file; `line` is the 1-based line of the file at fault."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"settlement file line {line}: {message}")
        self.line = line
        self.reason = message


@dataclass(frozen=True)
class SettlementLine:
    line: int
    provider_ref: str
    kind: str
    amount: int
    currency: str
    settled_at: datetime


def _text_lines(source: Source) -> Iterator[str]:
    if isinstance(source, bytes):
        raw = source
        try:
            source = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SettlementError(raw[: error.start].count(b"\n") + 1, "not UTF-8") from None
    if isinstance(source, str):
        return iter(io.StringIO(source.removeprefix("\ufeff"), newline=""))
    return iter(source)


def parse_settlement(source: Source, zone: tzinfo = UTC) -> list[SettlementLine]:
    """Every line of the file, checked; raises `SettlementError` at the first fault.

    A settled_at without an offset is a time in `zone`, the hospital's."""
    reader = csv.reader(_text_lines(source), strict=True)
    parsed: list[SettlementLine] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip().lstrip("\ufeff") for h in header) != HEADER:
            raise SettlementError(1, f"the header must be exactly {','.join(HEADER)}")
        for record in reader:
            if not record or all(not cell.strip() for cell in record):
                continue
            entry = _line(reader.line_num, record, zone)
            key = (entry.provider_ref, entry.kind)
            if key in seen:
                raise SettlementError(
                    entry.line, f"{entry.kind} {entry.provider_ref} repeats line {seen[key]}"
                )
            seen[key] = entry.line
            parsed.append(entry)
    except csv.Error as error:
        raise SettlementError(reader.line_num or 1, f"not valid CSV ({error})") from None
    return parsed


def _line(number: int, record: list[str], zone: tzinfo) -> SettlementLine:
    if len(record) != len(HEADER):
        raise SettlementError(number, f"{len(record)} columns, expected {len(HEADER)}")
    ref, kind, amount, currency, settled = (cell.strip() for cell in record)
    if not ref:
        raise SettlementError(number, "provider_ref is empty")
    if len(ref) > limits.REFERENCE or limits.refused_character(ref, free_text=False):
        # The report's column holds what a payment or refund reference may be, no more.
        raise SettlementError(
            number, f"provider_ref is over {limits.REFERENCE} characters or has control ones"
        )
    if kind not in KINDS:
        raise SettlementError(number, f"kind {kind!r} is not payment or refund")
    if not _AMOUNT.fullmatch(amount):
        raise SettlementError(number, f"amount {amount!r} is not a decimal like 1999.00")
    if currency not in CURRENCIES:
        raise SettlementError(number, f"currency {currency!r} is not one of {sorted(CURRENCIES)}")
    fen = int(Decimal(amount) * 100)
    if fen > limits.MAX_FEN:
        # No payment or refund of ours is larger: the line cannot match, the file is wrong.
        raise SettlementError(number, f"amount {amount} is above {Decimal(limits.MAX_FEN) / 100}")
    return SettlementLine(number, ref, kind, fen, currency, _settled_at(number, settled, zone))


def _settled_at(number: int, settled: str, zone: tzinfo) -> datetime:
    """The time in UTC (a time without an offset is in `zone`); a time UTC cannot hold (year
    1 at +05:00) is the file's fault."""
    try:
        moment = datetime.fromisoformat(settled)
        return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment).astimezone(UTC)
    except ValueError:
        raise SettlementError(number, f"settled_at {settled!r} is not an ISO date") from None
    except OverflowError:
        raise SettlementError(number, f"settled_at {settled!r} is out of range") from None
