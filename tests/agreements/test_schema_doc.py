"""The JSON Schema published in docs/ agrees with the checker: it accepts the bundled
agreements and rejects the malformed cases that a schema can express."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from ceasewatch.agreements.bundled import bundled_ids, bundled_text

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "agreement.schema.json").read_text()
)
MINIMAL = (Path(__file__).resolve().parent / "test_loader.py").read_text()


def _plain(value: object) -> object:
    """YAML's dates as the strings the files hold, as the schema expects them."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@pytest.mark.parametrize("agreement_id", bundled_ids())
def test_schema_accepts_the_bundled_agreements(agreement_id: str) -> None:
    doc = _plain(yaml.safe_load(bundled_text(agreement_id)))
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "change",
    [
        {"provisons": []},
        {"effective": "2 March 2021"},
        {"effective": "2021-03-02T00:00+2"},
        {"zones": [{"id": "z", "kind": "corridor", "name": "Z"}]},
        {"missions": [{"id": "m"}]},
    ],
)
def test_schema_rejects_malformed_documents(change: dict[str, object]) -> None:
    doc = _plain(yaml.safe_load(bundled_text("minsk-2015")))
    assert isinstance(doc, dict)
    doc.update(change)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
