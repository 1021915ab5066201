"""The monitoring taxonomy: event types as data, mapped to ACLED and to the fixed families.

The bundled file ``data/taxonomy.yaml`` is package data, read once on first use; a
project can pass its own text to :func:`parse_taxonomy`.

>>> tax = default_taxonomy()
>>> tax.get("cfv.shelling").family.value
'ceasefire_violation'
>>> tax.from_acled("Battles", "Armed clash").code
'clash.armed'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ceasewatch.errors import NotFound, SchemaError
from ceasewatch.formats.yamltext import load_yaml
from ceasewatch.model.records import AcledType
from ceasewatch.model.vocab import CfvKind, Family


@dataclass(frozen=True, slots=True)
class EventType:
    code: str
    label: str
    family: Family
    acled: AcledType | None = None
    per_district: bool = False  # a bulletin's line naming districts is a claim per district
    # the type an event of this one is when an armed group, not a state, does it (territory
    # taken: ACLED's "Government regains" against "Non-state actor overtakes")
    by_armed_group: str | None = None


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: int
    types: Mapping[str, EventType]
    acled_disorder: Mapping[tuple[str, str], str]
    acled_default: Mapping[tuple[str, str], str]
    cfv_kinds: Mapping[CfvKind, str]

    def get(self, code: str) -> EventType:
        try:
            return self.types[code]
        except KeyError:
            raise NotFound("event type", code) from None

    def __contains__(self, code: object) -> bool:
        return code in self.types

    def __iter__(self) -> Iterator[EventType]:
        return iter(self.types.values())

    def of_family(self, family: Family) -> list[EventType]:
        return [t for t in self.types.values() if t.family is family]

    def from_acled(self, event_type: str, sub_event_type: str) -> EventType:
        """The monitoring type an ACLED row of this sub-event type becomes on import."""
        key = (event_type, sub_event_type)
        code = self.acled_default.get(key)
        if code is None:
            raise SchemaError(
                f"{event_type!r} / {sub_event_type!r} is not an ACLED event type / sub-event type",
                field="sub_event_type",
            )
        return self.types[code]

    def is_acled_pair(self, event_type: str, sub_event_type: str) -> bool:
        return (event_type, sub_event_type) in self.acled_disorder


def parse_taxonomy(text: str, file: str = "taxonomy.yaml") -> Taxonomy:
    """Parse and check a taxonomy document; raise ``SchemaError`` naming the faulty entry."""
    doc = load_yaml(text, file)
    if not isinstance(doc, dict):
        raise SchemaError("a taxonomy must be a mapping with 'acled', 'cfv_kinds' and 'types'")
    disorder: dict[tuple[str, str], str] = {}
    for etype, subs in doc["acled"].items():
        for sub, dis in subs.items():
            disorder[(etype, sub)] = dis
    types: dict[str, EventType] = {}
    defaults: dict[tuple[str, str], str] = {}
    for i, entry in enumerate(doc["types"]):
        where = f"types[{i}]"
        code = entry.get("code")
        if not code or code in types:
            raise SchemaError(f"{where}: missing or repeated code {code!r}", field=where)
        family = Family.parse(entry.get("family"), field=f"{where}.family")
        acled = None
        if "acled" in entry:
            pair = tuple(entry["acled"])
            if len(pair) != 2 or pair not in disorder:
                raise SchemaError(f"{where}: {pair!r} is not an ACLED pair", field=f"{where}.acled")
            acled = AcledType(pair[0], pair[1], disorder[(pair[0], pair[1])])
            if entry.get("acled_default"):
                key = (pair[0], pair[1])
                if key in defaults:
                    raise SchemaError(f"{where}: second default for {pair!r}", field=where)
                defaults[key] = code
        per_district = entry.get("per_district", False)
        if not isinstance(per_district, bool):
            raise SchemaError(
                f"{where}: per_district must be true or false", field=f"{where}.per_district"
            )
        by_armed_group = entry.get("by_armed_group")
        if by_armed_group is not None and not isinstance(by_armed_group, str):
            raise SchemaError(
                f"{where}: by_armed_group must be a type's code", field=f"{where}.by_armed_group"
            )
        types[code] = EventType(code, entry["label"], family, acled, per_district, by_armed_group)
    for code, t in types.items():
        if t.by_armed_group is None:
            continue
        other = types.get(t.by_armed_group)
        if other is None or other.family is not t.family:
            raise SchemaError(
                f"type {code}: by_armed_group {t.by_armed_group!r} is no type of its family",
                field="by_armed_group",
            )
    missing = sorted(set(disorder) - set(defaults))
    if missing:
        raise SchemaError(f"ACLED sub-event types with no default monitoring type: {missing}")
    kinds = {CfvKind.parse(k, field="cfv_kinds"): v for k, v in doc["cfv_kinds"].items()}
    return Taxonomy(int(doc["version"]), types, disorder, defaults, kinds)


@cache
def default_taxonomy() -> Taxonomy:
    """The taxonomy bundled with ceasewatch."""
    text = resources.files("ceasewatch.model").joinpath("data/taxonomy.yaml").read_text("utf-8")
    return parse_taxonomy(text)
