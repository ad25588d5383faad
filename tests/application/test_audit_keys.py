"""Audit keys: Ed25519 pairs read from one-line base64 or PEM; bad or retired keys refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from application.audit_keys import (
    AuditKeyError,
    as_pem,
    generate_key_pair,
    key_id,
    load_public_keys,
    load_signing_key,
)
from application.settings import Settings

SIGNING, PUBLIC = generate_key_pair()
OTHER_SIGNING, OTHER_PUBLIC = generate_key_pair()


def test_given_a_pair_in_either_form_then_both_name_the_same_key() -> None:
    private_pem, public_pem = as_pem(SIGNING)

    [by_text] = load_public_keys(PUBLIC)
    [by_pem] = load_public_keys(public_pem.replace("\n", "\\n"))  # as pasted into one line
    assert by_text == by_pem == key_id(load_signing_key(private_pem).public_key())
    assert by_text == key_id(load_signing_key(SIGNING).public_key()) and len(by_text) == 16


def test_given_several_public_keys_then_each_verifies_its_own_checkpoints() -> None:
    keys = load_public_keys(f"{PUBLIC}, {OTHER_PUBLIC}")

    assert len(keys) == 2


@pytest.mark.parametrize(
    "bad",
    ["not base64!", "c2hvcnQ=", "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----"],
)
def test_given_a_malformed_key_then_it_is_refused(bad: str) -> None:
    with pytest.raises(AuditKeyError):
        load_signing_key(bad)
    with pytest.raises(AuditKeyError):
        load_public_keys(bad)


def test_given_settings_with_audit_keys_then_they_are_checked_at_start() -> None:
    both = Settings(audit_signing_key=SIGNING, audit_public_key=f"{OTHER_PUBLIC},{PUBLIC}")
    empty = Settings(audit_signing_key="", audit_public_key=" ", audit_checkpoint_log="")

    assert both.audit_signing_key == SIGNING and both.audit_checkpoint_minutes == 5
    assert (empty.audit_signing_key, empty.audit_public_key, empty.audit_checkpoint_log) == (
        None, None, None,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="not among CAREPACK_AUDIT_PUBLIC_KEY"):
        Settings(audit_signing_key=SIGNING, audit_public_key=OTHER_PUBLIC)
    with pytest.raises(ValidationError, match="base64 of 32 bytes"):
        Settings(audit_public_key="nope!")
    with pytest.raises(ValidationError, match="retired"):
        Settings(audit_key="an-old-hmac-key")
    with pytest.raises(ValidationError):
        Settings(audit_checkpoint_minutes=0)
