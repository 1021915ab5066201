"""ledger layer (see DESIGN.md)."""
