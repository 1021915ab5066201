"""The Workspace's agreements: stored or bundled, chosen for a use case, loaded with the
gazetteer they name, summarised with their calendar, and drawn on a map; the scenarios
that bring them with their records (``records.py``, ``places.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ceasewatch.errors import NotFound
from ceasewatch.model import Event
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.query import EventQuery
from ceasewatch.store import agreements as agreements_repo
from ceasewatch.store import evidence as evidence_repo
from ceasewatch.workspace.base import Base

if TYPE_CHECKING:
    from ceasewatch.extract.gazetteer import Gazetteer
    from ceasewatch.workspace import places
    from ceasewatch.workspace.records import ScenarioReport


@dataclass(frozen=True, slots=True)
class StoredAgreement:
    agreement: Agreement
    sha256: str | None  # of the file as stored; None for a bundled one not loaded
    stored: bool


class Agreeing(Base):
    """The agreements the record is read and judged against, and their places."""

    if TYPE_CHECKING:

        def events(self, query: EventQuery | None = None) -> list[Event]: ...

    def load_agreement(self, source: str) -> Agreement:
        """Check an agreement file (a path, or a bundled id) and store it; replaces one
        stored under the same id."""
        from ceasewatch.agreements.loader import load_agreement
        from ceasewatch.workspace import places, records

        name, text = records.agreement_source(source)
        # the gazetteer the file names, next to it, is stored with it (checked first)
        found = places.beside(load_agreement(text, name), name)
        gazetteer = places.read_file(found) if found else None
        with self._write() as conn:
            stamp = self._stamp(f"agreement {source}")
            agreement = records.store_agreement(conn, name, text, stamp)
            if found is not None and gazetteer is not None and agreement.gazetteer:
                places.store_gazetteer(conn, agreement.gazetteer, str(found), *gazetteer, stamp)
            return agreement

    def load_gazetteer(self, path: str, name: str | None = None) -> places.GazetteerReport:
        """Store a gazetteer file (a CSV of name, alt_names, lat, lon, kind, admin, or a
        GeoNames dump) under *name* (by default its file name), replacing one so named."""
        from ceasewatch.workspace import places

        text, g = places.read_file(path)
        with self._write() as conn:
            return places.store_gazetteer(
                conn, name or Path(path).name, str(path), text, g, self._stamp(f"gazetteer {path}")
            )

    def gazetteers(self) -> list[tuple[str, str, int, str]]:
        """(name, file, places, loaded at) of the stored gazetteers."""
        from ceasewatch.store import places as places_repo

        with self._read() as conn:
            return places_repo.list_gazetteers(conn)

    def chosen_agreement(self, agreement_id: str | None) -> Agreement:
        """The agreement named; with none named, the only one stored (no default)."""
        from ceasewatch.workspace import places

        stored = [] if agreement_id else [s.agreement for s in self.agreements()]
        return self.agreement(places.choose(stored, agreement_id)).agreement

    def places(self, agreement: Agreement) -> Gazetteer:
        """The places to read an agreement's texts with: the stored gazetteer it names,
        else the bundled file it names; with its zones added."""
        from ceasewatch.extract.places import places_for
        from ceasewatch.store import places as places_repo

        stored = None
        if agreement.gazetteer:
            with self._read() as conn:
                stored = places_repo.gazetteer_text(conn, agreement.gazetteer)
        if stored is None:
            return places_for(agreement)
        return places_for(agreement, stored[1], stored[0])

    def actor_names(
        self, agreement_id: str | None = None
    ) -> list[tuple[str, str | None, str | None, int]]:
        """Actor names of the stored events that carry no party (a dataset's), with the
        party and the mission the agreement reads each as, and how many events name it."""
        from ceasewatch.workspace import places

        agreement = self.chosen_agreement(agreement_id)
        with self._read() as conn:
            return places.read_names(evidence_repo.unattributed_actor_names(conn), agreement)

    def agreements(self) -> list[StoredAgreement]:
        from ceasewatch.agreements.loader import parsed_agreement

        with self._read() as conn:
            rows = agreements_repo.agreement_texts(conn)
        return [
            StoredAgreement(parsed_agreement(text, f"{aid}.yaml"), digest, stored=True)
            for aid, _title, digest, text in rows
        ]

    def agreement(self, agreement_id: str) -> StoredAgreement:
        """A stored agreement, else a bundled one (not stored yet)."""
        from ceasewatch.agreements.bundled import bundled, bundled_ids
        from ceasewatch.agreements.loader import parsed_agreement

        with self._read() as conn:
            stored = agreements_repo.agreement_text(conn, agreement_id)
        if stored is not None:
            digest, text = stored
            return StoredAgreement(parsed_agreement(text, f"{agreement_id}.yaml"), digest, True)
        if agreement_id in bundled_ids():
            return StoredAgreement(bundled(agreement_id), None, stored=False)
        raise NotFound("agreement", agreement_id)

    def agreement_summary(self, agreement_id: str, as_of: date) -> dict[str, Any]:
        """An agreement with its calendar as of ``as_of``, obligations marked done where an
        event in the workspace shows them carried out."""
        from ceasewatch.agreements.summary import agreement_json
        from ceasewatch.assess.deadlines import done_dates, wanted

        found = self.agreement(agreement_id)
        done = {}
        showable = wanted(found.agreement)
        if found.stored and showable:  # only the event types that can show one done
            types = tuple(sorted(set().union(*(t for _, t in showable))))
            done = done_dates(found.agreement, self.events(EventQuery(types=types)))
        summary = agreement_json(found.agreement, as_of, done)
        summary["stored"] = found.stored
        return summary

    def load_scenario(self, name: str) -> ScenarioReport:
        """Load a scenario, all or nothing: a bundled one by name, or a folder with a
        manifest.yaml (docs/formats.md)."""
        from ceasewatch.workspace import records

        with self._write() as conn:
            return records.load_scenario(conn, name, self.taxonomy, self._stamp(f"scenario {name}"))

    def _agreements_to_assess(self, agreement_id: str | None) -> list[Agreement]:
        if agreement_id is not None:
            return [self.agreement(agreement_id).agreement]
        stored = [s.agreement for s in self.agreements()]
        if not stored:
            raise NotFound("stored agreement", "any; load one with 'ceasewatch agreement load'")
        return stored

    def agreement_places(self, agreement_id: str) -> list[dict[str, Any]]:
        """The places of the gazetteer an agreement names (name, lat, lon, kind), those
        with coordinates: the town names of its map."""
        from ceasewatch.workspace import places

        a = self.agreement(agreement_id).agreement
        with self._read() as conn:
            return places.map_places(places.agreement_gazetteer(conn, a))

    def zones_geojson(self, agreement_id: str) -> dict[str, Any]:
        """An agreement's zones as a GeoJSON FeatureCollection in lon/lat, corridors grown
        to their width and points to their radius, for a map."""
        import shapely

        from ceasewatch.geo.measure import zone_shape

        a = self.agreement(agreement_id).agreement
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": z.id,
                    "geometry": shapely.geometry.mapping(zone_shape(z)),
                    "properties": {
                        "id": z.id,
                        "kind": z.kind.value,
                        "name": z.name,
                        "approximate": z.approximate,
                    },
                }
                for z in a.zones
            ],
        }
