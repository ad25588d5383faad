"""The finance read model (product §4): refunds, balances, daily totals, reconciliation."""
