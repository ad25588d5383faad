"""The answer of `GET /audit/verify`: both audit chains and their signed checkpoints."""

from __future__ import annotations

from pydantic import Field

from api.schemas.common import Answer


class ChainHeadOut(Answer):
    position: int
    hash: str


class CheckpointFailureOut(Answer):
    position: int
    reason: str
    created_at: str | None


class ChainVerifyOut(Answer):
    """One chain: `head` is its last verified entry, `problem` what broke it and where."""

    ok: bool
    checked: int
    head: ChainHeadOut
    first_bad_position: int | None
    problem: str | None
    failed_checkpoints: list[CheckpointFailureOut]
    signatures_checked: int = Field(description="Checkpoint signatures verified")
    checkpoint_age_seconds: float | None = Field(description="Age of the newest checkpoint")
    warnings: list[str]


class CheckpointLogOut(Answer):
    path: str
    checkpoints: int
    unreadable_lines: list[int]


class VerifyOut(ChainVerifyOut):
    """The events chain at the top level, the access log nested; `ok` covers both."""

    access_log: ChainVerifyOut
    checkpoint_log: CheckpointLogOut | None
