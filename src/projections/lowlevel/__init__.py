"""Low-level reads and writes of the projections, below SQLAlchemy's per-row machinery.

Why they exist: catching up a million events row by row through SQLAlchemy Core spent
more time building statements and parameters than the database spent on them (profiled,
see bench/). So a batch of events reads every row it can touch in a few statements of
fixed text (`batch_reads`: a list of keys as one parameter, pipelined on PostgreSQL),
changes those rows in memory and writes each table once (`batch_rows`: one upsert per
table), and the audit appends its rows by COPY on PostgreSQL and `executemany` on SQLite
(`bulk_insert`). The audit's two fast readers of the event store, `audit/raw.py` (records
exactly as hashed) and `audit/stored.py` (events decoded lazily), are of the same kind but
stay with the audit: they compute the chain's bytes and the audit's summaries. Everything
here runs inside the caller's transaction and keeps the columns' own type processing.
"""
