"""The checkpoint log: every signed checkpoint as a line outside the database.

`CAREPACK_AUDIT_CHECKPOINT_LOG` names an append-only file (make it so: `chattr +a`, a
WORM bucket, or a log shipper's copy); unset, the lines go to standard output, where a
container's log collector keeps them. Someone who can write to the database cannot reach
this copy, so `audit verify --checkpoints FILE` catches deleted checkpoint rows and a
chain cut short after a checkpoint. Lines without a checkpoint (other output on stdout,
a collector's prefixes) are skipped when reading.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from projections.audit.checkpoints import MARKER, Checkpoint, parse_line


class CheckpointLog:
    """Appends checkpoint lines to the configured file, or to stdout."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = None if path in (None, "", "-") else Path(str(path))

    def append(self, checkpoints: Iterable[Checkpoint]) -> None:
        text = "".join(f"{checkpoint.line()}\n" for checkpoint in checkpoints)
        if not text:
            return
        if self.path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        # O_APPEND: concurrent writers' lines never overwrite each other; one write per
        # batch, then fsync, so a line acknowledged is a line on disk.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, text.encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def __str__(self) -> str:
        return "stdout" if self.path is None else str(self.path)


@dataclass
class LogRead:
    """What a checkpoint log held: its checkpoints, and lines that looked like one but
    could not be read (line numbers)."""

    path: str
    checkpoints: list[Checkpoint] = field(default_factory=list)
    unreadable_lines: list[int] = field(default_factory=list)


def read_checkpoint_log(path: str | Path) -> LogRead:
    """Every checkpoint in the file; FileNotFoundError if there is no such file."""
    found = LogRead(str(path))
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if MARKER not in line:
                continue
            try:
                found.checkpoints.append(parse_line(line))
            except ValueError:
                found.unreadable_lines.append(number)
    return found
