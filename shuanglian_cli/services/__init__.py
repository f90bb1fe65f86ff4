"""The application layer: use cases that own transactions, dry runs, calendar sync, imports and the
demo. cli/ parses and renders and calls these; they call io/ (files) and store/ (SQL)."""
