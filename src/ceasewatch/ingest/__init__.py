"""Readers and writers of the field's formats: rows in, model objects out, errors per row."""

# the field's data sets, imported as events (workspace/importing.py)
IMPORT_FORMATS = ("acled", "ucdp")
# the mission's own record files (docs/formats.md; workspace/recordfiles.py)
RECORD_FORMATS = ("sources", "events", "observations", "crossings", "tracks", "documents")
