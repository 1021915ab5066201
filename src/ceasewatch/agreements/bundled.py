"""The agreements that ship with ceasewatch (package data, versioned with the code)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from ceasewatch.agreements.loader import load_agreement
from ceasewatch.errors import NotFound
from ceasewatch.model.agreement import Agreement


def bundled_ids() -> list[str]:
    folder = resources.files("ceasewatch.agreements").joinpath("data")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def bundled_text(agreement_id: str) -> str:
    if agreement_id not in bundled_ids():
        raise NotFound("bundled agreement", agreement_id)
    path = resources.files("ceasewatch.agreements").joinpath(f"data/{agreement_id}.yaml")
    return path.read_text("utf-8")


@cache
def bundled(agreement_id: str) -> Agreement:
    return load_agreement(bundled_text(agreement_id), f"{agreement_id}.yaml")
