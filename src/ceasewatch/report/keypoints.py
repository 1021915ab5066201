"""The key points that open a report: sentences of our own, written from the report's
figures (what rose and what fell against the previous period of equal length, the most
serious events, the findings). Nothing here is written by hand for a particular period:
the same figures give the same sentences.

Pure: takes the report's content as ``build`` makes it, returns plain strings.
"""

from __future__ import annotations

from typing import Any

SHOWN = 3  # families or areas named in a rise or a fall; events named as the most serious


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _change(now: int, before: int) -> str:
    if now == before:
        return "the same number as"
    if before == 0:
        return "up from none in"
    word = "up" if now > before else "down"
    return f"{word} {abs(now - before) * 100 // before}% from {before} in"


def _moves(rows: list[dict[str, Any]], rising: bool) -> list[str]:
    moved = [r for r in rows if (r["change"] > 0 if rising else r["change"] < 0)]
    moved.sort(key=lambda r: (-abs(r["change"]), r["name"]))
    return [f"{r['name']} ({r['before']} to {r['now']})" for r in moved[:SHOWN]]


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _event(e: dict[str, Any]) -> str:
    harm = []
    if e.get("killed"):
        harm.append(f"{e['killed']} killed")
    if e.get("wounded"):
        harm.append(f"{e['wounded']} wounded")
    blamed = e["party"] if e["party"] != "unattributed" else "no party named"
    text = f"[{e['number']}] {e['date']}, {e['place']}: {e['type_label'].lower()}"
    text += f" ({e['status']}; blamed: {blamed}"
    return text + (f"; {', '.join(harm)})" if harm else ")")


def key_points(r: dict[str, Any]) -> list[str]:
    """The report's key points, most general first."""
    totals, prev = r["totals"], r["previous"]
    points = [
        f"{_n(totals['events'], 'event')} recorded from {r['period']['start']} to "
        f"{r['period']['end']}, {_change(totals['events'], totals['previous'])} the "
        f"{r['period']['days']} days before ({prev['start']} to {prev['end']})."
    ]
    killed, wounded = totals["killed"], totals["wounded"]
    if killed or wounded or totals["killed_before"] or totals["wounded_before"]:
        points.append(
            f"Reported casualties: {killed} killed and {wounded} wounded, against "
            f"{totals['killed_before']} killed and {totals['wounded_before']} wounded before."
        )
    for rising, word in ((True, "Rose"), (False, "Fell")):
        families = _moves(r["by_family"], rising)
        if families:
            points.append(f"{word}: {_listed(families)}.")
    areas = [x for x in _moves(r["by_area"], True) if not x.startswith("(")]
    if areas:
        points.append(f"Areas with more events than before: {_listed(areas)}.")
    serious = r["significant"][:SHOWN]
    if serious:
        points.append(
            "The most serious events (numbered as on the map): "
            + "; ".join(_event(e) for e in serious)
            + "."
        )
    statuses = {"confirmed": 0, "substantiated": 0, "alleged": 0}
    for f in r["findings"]:
        statuses[f["status"]] = statuses.get(f["status"], 0) + 1
    count = totals["findings"]
    if count:
        parts = [f"{n} {s}" for s, n in statuses.items() if n]
        line = f"{_n(count, 'finding')} against the agreement or the mandate ({', '.join(parts)})"
        first = r["findings"][0]  # the firmest first
        if first["status"] != "alleged" and first["summary"]:
            line += f"; the first {first['status']}: {first['summary'].rstrip('.')}"
        points.append(line + ".")
    else:
        points.append("No finding against the agreement or the mandate concerns this period.")
    violators = [p for p in r["by_party"] if p["events"] and p["party"] != "unattributed"]
    if violators:
        most = max(p["events"] for p in violators)
        top = sorted(p["party"] for p in violators if p["events"] == most)
        points.append(
            f"Most ceasefire violations were blamed on {_listed(top)} "
            f"({_n(most, 'event')}{' each' if len(top) > 1 else ''})."
        )
    return points
