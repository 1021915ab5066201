"""Readers and writers of the field's formats: rows in, model objects out, errors per row."""

IMPORT_FORMATS = ("acled", "ucdp")
