"""Read models built from the event store: tables, projectors, runners, queries."""
