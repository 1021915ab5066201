"""extract layer (see DESIGN.md)."""
