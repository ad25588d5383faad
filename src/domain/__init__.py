"""Carepack's pure domain model: aggregates, events, value objects and policies. No I/O."""
