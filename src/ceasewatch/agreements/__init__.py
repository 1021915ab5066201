"""agreements layer (see DESIGN.md)."""
