"""Audit key pairs for the tests: the hospital's, and an attacker's."""

from __future__ import annotations

from application.audit_keys import generate_key_pair, load_public_keys
from projections.audit.checkpoint_checks import CheckpointPolicy
from projections.audit.checkpoints import Signer

SIGNING_KEY, PUBLIC_KEY = generate_key_pair()
OTHER_SIGNING_KEY, OTHER_PUBLIC_KEY = generate_key_pair()
SIGNER = Signer(SIGNING_KEY)
INTERVAL = 300.0
POLICY = CheckpointPolicy(public_keys=load_public_keys(PUBLIC_KEY), interval_seconds=INTERVAL)
