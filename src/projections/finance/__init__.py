"""The finance read model (DESIGN 4): refunds, balances, daily totals, settlement reconciliation."""
