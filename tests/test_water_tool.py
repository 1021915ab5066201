"""tools/water.py: the rivers and lakes of a Natural Earth TopoJSON kept, with only the
arcs they use, renumbered (a negative index still names the same arc read backwards)."""

from __future__ import annotations

import pytest
from water import water


def topology() -> dict[str, object]:
    arcs = [
        [[0, 0], [1, 0]],
        [[5, 5], [1, 1]],
        [[1, 0], [0, 1]],
        [[9, 9], [1, 0]],
        [[2, 2], [0, 1]],
    ]
    return {
        "type": "Topology",
        "transform": {"scale": [0.1, 0.1], "translate": [-180, -90]},
        "arcs": arcs,
        "objects": {
            "land": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[3]]}]},
            "rivers": {"type": "GeometryCollection", "geometries": [{"type": "LineString", "arcs": [4]}]},
            "lakes": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "arcs": [[0, 2, -2]]}, {"type": None}],
            },
        },
    }  # fmt: skip


def test_only_rivers_and_lakes_and_their_arcs_are_kept() -> None:
    source = topology()
    out = water(source)
    assert set(out["objects"]) == {"rivers", "lakes"}
    assert out["transform"] == source["transform"]
    # arcs 0, 1, 2 and 4 are used; 3 (the land's) is dropped and 4 becomes 3
    assert out["arcs"] == [source["arcs"][i] for i in (0, 1, 2, 4)]  # type: ignore[index]
    assert out["objects"]["rivers"]["geometries"] == [{"type": "LineString", "arcs": [3]}]
    # ~1 (arc 1 backwards) is still arc 1 backwards; the geometry with no arcs is left out
    assert out["objects"]["lakes"]["geometries"] == [{"type": "Polygon", "arcs": [[0, 2, -2]]}]


def test_a_source_without_the_layers_is_refused() -> None:
    source = topology()
    del source["objects"]["rivers"]  # type: ignore[attr-defined]
    with pytest.raises(SystemExit, match="no layer rivers"):
        water(source)
