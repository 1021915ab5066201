"""assess layer (see DESIGN.md)."""
