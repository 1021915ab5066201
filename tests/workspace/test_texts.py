"""Documents into the workspace once each, claims out of them, every write in the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected, InvalidInput
from ceasewatch.workspace import Workspace


def test_documents_are_stored_once_and_claims_are_logged(ws: Workspace, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Yesterday Azerbaijani forces shelled Armenian positions near Sotk.")
    same = tmp_path / "same.txt"
    same.write_text("Yesterday  Azerbaijani forces shelled Armenian positions near Sotk.\n")
    report = ws.import_documents([str(a), str(same)], published=None, source="am-mod")
    [stored] = ws.documents()
    assert stored.id == f"doc-{stored.sha256[:16]}" and stored.file == str(a)
    assert report.stored == [stored.id] and report.already == [(str(same), stored.id)]
    with pytest.raises(InvalidInput, match="no agreement is stored"):
        ws.extract_claims()  # there is no default agreement
    ws.load_agreement("karabakh-2020")
    before = ws.ledger_head()
    extracted = ws.extract_claims()
    assert extracted.documents == 1 and extracted.claims == 1
    [claim] = ws.claims()
    assert claim.type_code == "cfv.shelling" and claim.places[0].name == "Sotk"
    assert ws.extract_claims().claims == 0  # idempotent: nothing new to extract
    assert ws.ledger_head() != before  # the claims moved the log on
    assert ws.ledger_verify().ok
    ws.load_agreement("minsk-2015")
    with pytest.raises(
        InvalidInput, match=r"several agreements are stored \(karabakh-2020, minsk-2015\)"
    ):
        ws.extract_claims()
    again = ws.extract_claims("karabakh-2020", again=True)  # read again, claims replaced
    assert again.documents == 1 and again.replaced == 1 and again.claims == 1
    assert [c.id for c in ws.claims()] == [claim.id]
    assert ws.ledger_verify().ok


def test_a_batch_with_one_bad_file_stores_nothing(ws: Workspace, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Shots were fired near Shusha.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(BatchRejected, match="nothing was written"):
        ws.import_documents([str(good), str(bad)])
    assert ws.documents() == []


def test_the_scenario_documents_give_claims_of_every_status(ws: Workspace) -> None:
    ws.load_scenario("karabakh-2020")
    report = ws.extract_claims()
    assert report.documents == 36
    assert set(report.by_status) == {"asserted", "reported", "alleged", "denied", "speculative"}
    ore = [c for c in ws.claims(document_id="doc-009") if c.type_code == "transfer.resources"]
    assert ore and ore[0].status.value == "alleged"
    denial = ws.claims(document_id="doc-013")
    assert ("denied", "AZ") in {(c.status.value, c.claimant) for c in denial}
