"""The Workspace's geometry of the record: vehicle tracks stored and checked against the
corridors and sites, the origins of fire triangulated from bearings (``geospatial.py``),
and the zones an event lies in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ceasewatch.errors import InvalidInput
from ceasewatch.model import Event, Observation
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.workspace.agreeing import Agreeing

if TYPE_CHECKING:
    from ceasewatch.workspace import geospatial


class Locating(Agreeing):
    """Where things moved and fired from, and which zones an event falls in."""

    if TYPE_CHECKING:

        def observations(self) -> list[Observation]: ...

        def event(self, event_id: str) -> Event: ...

    def import_tracks(self, paths: list[str], vehicle: str | None = None) -> tuple[Any, int]:
        """Store vehicle tracks from GPX or CSV files: each vehicle's points sorted, once
        per time, gaps marked; a bad point anywhere and nothing is stored. Returns the
        cleaning report and how many points were new."""
        from ceasewatch.ingest.tracks import clean, read_track_file
        from ceasewatch.workspace import geospatial

        points = [p for path in paths for p in read_track_file(path, vehicle)]
        report = clean(points)
        with self._write() as conn:
            return report, geospatial.store_tracks(conn, report, self._stamp("tracks import"))

    def analyse_tracks(
        self,
        agreement_id: str | None = None,
        vehicle: str | None = None,
        tolerance_m: float = 500.0,
    ) -> list[tuple[str, geospatial.TrackAnalysis]]:
        """Excursions out of corridors, dwells at sites and checkpoint mismatches."""
        from ceasewatch.workspace import geospatial

        with self._read() as conn:
            points = monitoring_repo.list_track_points(conn, vehicle)
            crossings = [
                x
                for x in monitoring_repo.list_crossings(conn)
                if vehicle is None or x.vehicle == vehicle
            ]
        return [
            (a.id, geospatial.analyse(a, points, crossings, tolerance_m))
            for a in self._agreements_to_assess(agreement_id)
        ]

    def triangulate(
        self, agreement_id: str | None = None, window_minutes: float = 10.0
    ) -> list[tuple[str, list[geospatial.Firing], list[str]]]:
        """The origins of fire that two or more observers took bearings on."""
        from datetime import timedelta

        from ceasewatch.workspace import geospatial

        observations = self.observations()
        out = []
        for a in self._agreements_to_assess(agreement_id):
            found, skipped = geospatial.firings(
                a, observations, self.taxonomy, timedelta(minutes=window_minutes)
            )
            out.append((a.id, found, skipped))
        return out

    def zones_of(
        self, event_id: str, agreement_id: str | None = None
    ) -> list[tuple[str, float, list[Any]]]:
        """Which zones of each agreement an event lies in, given how precisely its place
        is known: (agreement, radius in metres, assignments)."""
        from ceasewatch.geo.assign import assign
        from ceasewatch.geo.measure import Frame

        e = self.event(event_id)
        if e.where.lat is None or e.where.lon is None:
            raise InvalidInput(f"event {event_id} has no coordinates to place in a zone")
        radius = e.where.radius_m or e.where.precision.default_radius_m or 0.0
        return [
            (a.id, radius, assign(Frame.of(a.zones), e.where.lon, e.where.lat, radius))
            for a in self._agreements_to_assess(agreement_id)
        ]
