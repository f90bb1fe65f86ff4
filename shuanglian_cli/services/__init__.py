"""The application layer: use cases over the store, io and domain (see DEVELOPERS.md)."""
