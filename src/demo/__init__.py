"""The demo hospital: a reproducible clinic (catalogue, staff, patients, a year of care,
refunds) written through the application's own commands (`seed.seed_demo`). No HTTP here:
the API only calls it (`carepack serve --demo`, `carepack demo`, the demo sign-in)."""
