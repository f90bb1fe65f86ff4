"""The application layer: use cases that own transactions, dry runs, calendar sync, imports, the demo and
the referral desk. cli/ parses and renders and calls these; they call io/ (files) and store/ (SQL)."""
