"""The ledger of a workspace: every write logged, proofs, and tampering caught by name.

Tampering is done behind the Workspace's back, with sqlite3 or psycopg directly.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ceasewatch.errors import Conflict, LedgerError
from ceasewatch.ledger.bundle import verify_bundle
from ceasewatch.ledger.heads import Verifier
from ceasewatch.workspace import Workspace
from ceasewatch.workspace.ledgering import create_key, key_path

ROOT = Path(__file__).resolve().parents[2]


def tamper(db_url: str, *statements: str) -> None:
    url = make_url(db_url)
    if url.drivername.startswith("sqlite"):
        con = sqlite3.connect(str(url.database))
        for sql in statements:
            con.execute(sql)
        con.commit()
        con.close()
        return
    import psycopg

    with psycopg.connect(
        url.set(drivername="postgresql").render_as_string(hide_password=False)
    ) as con:
        for sql in statements:
            con.execute(sql)  # type: ignore[arg-type]


@pytest.fixture
def logged(ws: Workspace, acled_sample: Path) -> Workspace:
    ws.load_scenario("karabakh-2020")
    ws.import_file(acled_sample)
    ws.ledger_head()
    return ws


def test_every_write_is_logged_and_the_log_verifies(logged: Workspace) -> None:
    audit = logged.ledger_verify()
    assert audit.ok, audit.problems
    assert audit.entries == audit.records == 140 + 8
    proof = logged.ledger_prove(142)
    assert proof["verified"] and proof["entry"]["kind"] == "event"
    assert proof["entry"]["reason"] == "import acled_sample.csv"
    assert logged.ledger_consistency(1, 148)["verified"]
    assert logged.ledger_consistency(140, 148)["verified"]


def test_a_replaced_agreement_is_an_update(logged: Workspace) -> None:
    logged.load_agreement("karabakh-2020")
    assert logged.ledger_prove(148)["entry"]["op"] == "update"
    assert logged.ledger_verify().ok


def test_edited_field_is_named(logged: Workspace, db_url: str) -> None:
    tamper(db_url, "UPDATE events SET killed_best = 99 WHERE id = 'acled:CW-ILL-0004'")
    problems = logged.ledger_verify().problems
    assert problems == [
        "event acled:CW-ILL-0004 was changed outside the Workspace: it no longer matches entry 143"
    ]
    tamper(db_url, "UPDATE sources SET reliability = 'a' WHERE id = 'tg-anon'")
    assert (
        "source tg-anon was changed outside the Workspace: it differs from entry 12 in reliability"
        in logged.ledger_verify().problems
    )


def test_deleted_and_inserted_rows_are_named(logged: Workspace, db_url: str) -> None:
    tamper(
        db_url,
        "DELETE FROM crossings WHERE id = 'x-002'",
        "INSERT INTO track_points (vehicle, time, lat, lon, illustrative) "
        "VALUES ('GHOST-1', '2022-01-01T00:00:00+04:00', 39.7, 46.6, false)",
    )
    problems = logged.ledger_verify().problems
    assert "crossing x-002 was deleted outside the Workspace" in "\n".join(problems)
    assert any(p.startswith("track_point GHOST-1@2022-01-01T00:00:00+04:00 was inserted outside")
               for p in problems)  # fmt: skip


def test_changed_entry_and_deleted_entry_are_named(logged: Workspace, db_url: str) -> None:
    tamper(
        db_url,
        'UPDATE ledger_entries SET entry = replace(entry, \'"op":"create"\', \'"op":"create" \') '
        "WHERE seq = 7",
        "DELETE FROM ledger_entries WHERE seq = 20",
    )
    text = "\n".join(logged.ledger_verify().problems)
    assert "entry 7 (" in text and "was changed: its leaf hash does not match" in text
    assert "entries 20..20 are missing" in text
    assert "the head of size 148 is beyond the log's 147 entries" in text
    assert "event scenario-karabakh-2020:pkc-007 was inserted outside the Workspace" in text


def test_reordered_entries_are_caught(logged: Workspace, db_url: str) -> None:
    # swap two whole entries (text, leaf and columns) so each still hashes to its own leaf
    tamper(
        db_url,
        "UPDATE ledger_entries SET seq = -1 WHERE seq = 30",
        "UPDATE ledger_entries SET seq = 30 WHERE seq = 31",
        "UPDATE ledger_entries SET seq = 31 WHERE seq = -1",
    )
    text = "\n".join(logged.ledger_verify().problems)
    assert "stored node (level 4, index 1) does not match the entries" in text
    assert "signed head of size 148 does not match the entries" in text


def test_a_replaced_key_is_caught(logged: Workspace, tmp_path: Path) -> None:
    pinned = logged.ledger_public_key()
    key_file = key_path(logged.target)
    key_file.unlink()
    create_key(key_file, "ceasewatch/ws")  # a fresh key, as an intruder would make one
    text = "\n".join(logged.ledger_verify().problems)
    assert "is not signed by" in text
    assert logged.ledger_verify(key=pinned).ok  # the pinned key still checks out the old heads


def test_bundle_round_trip_and_failures(logged: Workspace, tmp_path: Path) -> None:
    buf = io.StringIO()
    assert logged.ledger_export(buf) == 148
    key = Verifier.parse(logged.ledger_public_key())
    text = buf.getvalue()
    report = verify_bundle(io.StringIO(text), key)
    assert report.size == 148 and report.heads[-1].size == 148
    lines = text.splitlines(keepends=True)
    corrupted = "".join([*lines[:5], lines[5].replace("scenario", "scenariO"), *lines[6:]])
    with pytest.raises(LedgerError, match="the bundle was altered"):
        verify_bundle(io.StringIO(corrupted), key)
    with pytest.raises(LedgerError, match="truncated"):
        verify_bundle(io.StringIO("".join(lines[:100])), key)
    with pytest.raises(LedgerError, match="truncated or corrupt"):
        verify_bundle(io.StringIO("".join(lines[:-1])), key)
    os.environ["CEASEWATCH_KEY"] = str(tmp_path / "other.key")
    other = Workspace.init(str(tmp_path / "other.db"))
    try:
        with pytest.raises(LedgerError, match="not signed by"):
            verify_bundle(io.StringIO(text), Verifier.parse(other.ledger_public_key()))
    finally:
        other.close()


def test_verify_bundle_command_needs_no_store(logged: Workspace, tmp_path: Path) -> None:
    bundle, pub = tmp_path / "b.bundle", tmp_path / "k.pub"
    with bundle.open("w") as fh:
        logged.ledger_export(fh)
    pub.write_text(logged.ledger_public_key())
    code = (
        "import sys\n"
        "from ceasewatch.cli import cli\n"
        "try:\n"
        f"    cli.main(['ledger', 'verify-bundle', {str(bundle)!r}, '--key', {str(pub)!r}])\n"
        "except SystemExit as e:\n"
        "    rc = e.code\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('ceasewatch.store', 'sqlalchemy', 'alembic')))\n"
        "print('LOADED', bad)\n"
        "sys.exit(rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "ok: 148 entries" in out.stdout and "LOADED []" in out.stdout
    bundle.write_text(bundle.read_text()[:-40])
    bad = subprocess.run(
        [sys.executable, "-m", "ceasewatch.cli", "ledger", "verify-bundle", str(bundle), "--key", str(pub)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert bad.returncode != 0 and "error:" in bad.stderr and "Traceback" not in bad.stderr


def test_imported_rows_are_logged_as_a_run_and_can_be_written_out(
    logged: Workspace, db_url: str
) -> None:
    from ceasewatch.store import ledger as repo

    with logged.engine.begin() as conn:
        runs = conn.exec_driver_sql("SELECT first_seq, count FROM ledger_runs").all()
        assert [tuple(r) for r in runs] == [(140, 8)]
        repo.materialize(conn, "event", "acled:CW-ILL-0004")
        text = conn.exec_driver_sql("SELECT entry FROM ledger_entries WHERE seq = 143").scalar()
    assert text is not None and '"id":"acled:CW-ILL-0004"' in text
    assert logged.ledger_verify().ok
    tamper(db_url, "UPDATE events SET notes = 'rewritten' WHERE id = 'acled:CW-ILL-0004'")
    assert logged.ledger_verify().problems == [
        "event acled:CW-ILL-0004 was changed outside the Workspace: it differs from entry 143 in notes"
    ]


def test_a_tampered_run_is_caught(logged: Workspace, db_url: str) -> None:
    tamper(db_url, "DELETE FROM ledger_runs")
    text = "\n".join(logged.ledger_verify().problems)
    assert "the head of size 148 is beyond the log's 140 entries" in text
    assert "event acled:CW-ILL-0001 was inserted outside the Workspace" in text


def test_negative_zero_does_not_look_like_tampering(
    ws: Workspace, acled_sample: Path, tmp_path: Path
) -> None:
    lines = acled_sample.read_text().splitlines()
    path = tmp_path / "zero.csv"
    path.write_text("\n".join([lines[0], lines[1].replace("39.5197", "-0.0")]) + "\n")
    ws.import_file(path)
    ws.ledger_head()
    assert ws.ledger_verify().ok
    assert ws.event("acled:CW-ILL-0001").where.lat == 0.0


def test_missing_nodes_and_missing_heads_are_named(logged: Workspace, db_url: str) -> None:
    tamper(db_url, "DELETE FROM ledger_nodes", "DELETE FROM ledger_heads")
    text = "\n".join(logged.ledger_verify().problems)
    assert "stored node(s) are missing" in text
    assert "no signed head: nothing pins this log" in text


def test_a_malformed_run_is_a_clear_error(logged: Workspace, db_url: str) -> None:
    tamper(db_url, "UPDATE ledger_runs SET op = 'zap'")
    with pytest.raises(LedgerError, match="run of entries starting at 140 is malformed"):
        logged.ledger_verify()


def test_init_makes_no_new_key_for_a_ledger_begun_under_another(
    logged: Workspace, db_url: str
) -> None:
    place = key_path(db_url)
    saved = place.with_name(place.name + ".saved")
    place.rename(saved)  # as when a database is restored without its key
    with pytest.raises(Conflict, match=r"already holds a ledger \(148 entries, 1 signed heads\)"):
        Workspace.init(db_url)
    assert not place.exists()  # no new key was made
    create_key(place, "ceasewatch/intruder")
    with pytest.raises(Conflict, match="did not sign this database's heads"):
        Workspace.init(db_url)
    place.unlink()
    saved.rename(place)
    Workspace.init(db_url).close()  # its own key: fine, as before
    assert logged.ledger_verify().ok
