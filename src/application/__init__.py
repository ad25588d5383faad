"""Carepack's use cases over the event store: commands, transactions, actors, clock, settings."""
