"""geo layer (see DESIGN.md)."""
