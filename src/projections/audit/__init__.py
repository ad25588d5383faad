"""The compliance audit: event history with a hash chain, checkpoints, access log, export."""
