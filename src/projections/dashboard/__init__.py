"""The clinic staff's dashboard: tables, the projector that fills them, and its queries."""
