"""Backup and restore on SQLite and PostgreSQL: taken while another process writes, the
ledger verified after, and every refusal that keeps a record or a key from being lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ceasewatch.errors import Conflict, InvalidInput, Unauthorized
from ceasewatch.workspace import Workspace
from ceasewatch.workspace.copies import pg_create, pg_tables
from ceasewatch.workspace.ledgering import create_key, key_path, load_key

PASSPHRASE = "seven unrelated words keep keys"

# A monitor posting observations, as the server does for each POST /api/observations:
# each id is printed once its transaction has committed, that is, once acknowledged.
WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from ceasewatch.model import Observation
from ceasewatch.model.records import Place
from ceasewatch.workspace import Workspace

ws = Workspace.open(sys.argv[1])
t0 = datetime(2021, 5, 1, 6, 0, tzinfo=UTC)
for i in range(100_000):
    t = t0 + timedelta(minutes=i)
    o = Observation(f"bk-{i:05d}", "OP-9", Place("OP-9", 39.82, 46.75), t, t, "cfv.small_arms")
    ws.add_observation(o)
    print(o.id, flush=True)
"""


class Writer:
    """The writer process and the ids it has acknowledged so far."""

    def __init__(self, db_url: str, log: Path) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        self.log = log
        with log.open("w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", WRITER, db_url],
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=env,
            )
        self.acked: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.acked.append(line.strip())

    def wait_for(self, n: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acked) < n:
            if self.proc.poll() is not None:
                pytest.fail(f"the writer stopped: {self.log.read_text()}")
            assert time.monotonic() < deadline, f"only {len(self.acked)} writes in {timeout} s"
            time.sleep(0.01)

    def stop(self) -> list[str]:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self._reader.join(timeout=30)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        return list(self.acked)


@pytest.fixture
def recorded(ws: Workspace, acled_sample: Path) -> Workspace:
    ws.import_file(acled_sample)
    ws.ledger_head()
    return ws


@pytest.fixture
def key_place(
    db_url: str, other_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], Path]:
    """Call it after the backup: the restored workspace's key then goes to its default
    place, empty: beside an SQLite file, or ./ceasewatch.key for PostgreSQL."""

    def move() -> Path:
        monkeypatch.delenv("CEASEWATCH_KEY")
        if not db_url.startswith("sqlite"):
            (tmp_path / "cwd").mkdir()
            monkeypatch.chdir(tmp_path / "cwd")
        place = key_path(other_db_url).absolute()
        assert not place.exists()
        return place

    return move


def _exists(url: str) -> bool:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        return Path(str(parsed.database)).exists()
    return pg_tables(parsed) is not None


def test_backup_while_another_process_writes_then_restore(
    recorded: Workspace,
    db_url: str,
    other_db_url: str,
    key_place: Callable[[], Path],
    tmp_path: Path,
) -> None:
    public_key = recorded.ledger_public_key()
    writer = Writer(db_url, tmp_path / "writer.log")
    try:
        writer.wait_for(5)
        before = list(writer.acked)  # acknowledged before the backup started
        made = recorded.backup(tmp_path / "backup", PASSPHRASE)
        writer.wait_for(len(writer.acked) + 5)  # it kept writing: the backup blocked nobody
    finally:
        acked = writer.stop()
    new_key_place = key_place()
    # a head was signed over what was acknowledged before; writes may follow it
    assert made.head_size is not None and 8 + len(before) <= made.head_size <= made.size
    assert sorted(p.name for p in (tmp_path / "backup").iterdir()) == [
        "database.pgdump" if made.kind == "postgresql" else "database.sqlite",
        "ledger-key.sealed",
        "manifest.json",
    ]

    restored = Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url)
    assert restored.ok, (restored.mismatches, restored.audit and restored.audit.problems)
    assert restored.key_written and restored.key_path.absolute() == new_key_place
    assert (restored.size, restored.root) == (made.size, made.root)
    assert new_key_place.stat().st_mode & 0o777 == 0o600
    with Workspace.open(other_db_url) as copy:
        ids = sorted(o.id for o in copy.observations())
        assert copy.ledger_verify().ok
        assert copy.ledger_public_key() == made.public_key == public_key
        assert len(copy.events()) == 8
    assert set(before) <= set(ids)  # nothing acknowledged before the backup is lost
    assert ids == acked[: len(ids)]  # and what it holds is what was written, in order
    # the ledger pins each of them: one entry per observation, after the 8 events
    assert made.size == 8 + len(ids)


def test_a_wrong_passphrase_is_refused_before_anything_is_written(
    recorded: Workspace, other_db_url: str, key_place: Callable[[], Path], tmp_path: Path
) -> None:
    recorded.backup(tmp_path / "backup", PASSPHRASE)
    new_key_place = key_place()
    with pytest.raises(Unauthorized, match=r"wrong passphrase for .*ledger-key.sealed"):
        Workspace.restore(tmp_path / "backup", PASSPHRASE + "!", other_db_url)
    assert not _exists(other_db_url) and not new_key_place.exists()


def test_restore_refuses_a_workspace_unless_forced(
    recorded: Workspace, other_db_url: str, key_place: Callable[[], Path], tmp_path: Path
) -> None:
    recorded.backup(tmp_path / "backup", PASSPHRASE)
    key_place()
    assert Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url).ok
    with Workspace.open(other_db_url) as copy:
        copy.load_agreement("karabakh-2020")  # the copy lives on
    with pytest.raises(Conflict, match=r"holds a workspace .*agreements.*--force"):
        Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url)
    with Workspace.open(other_db_url) as copy:
        assert [a.agreement.id for a in copy.agreements()] == ["karabakh-2020"]  # untouched
    again = Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url, force=True)
    assert again.ok and not again.key_written  # the same key was there: kept
    with Workspace.open(other_db_url) as copy:
        assert copy.agreements() == [] and len(copy.events()) == 8


def test_restore_into_an_initialised_empty_workspace(
    recorded: Workspace, other_db_url: str, key_place: Callable[[], Path], tmp_path: Path
) -> None:
    recorded.backup(tmp_path / "backup", PASSPHRASE)
    new_key_place = key_place()
    if not other_db_url.startswith("sqlite"):
        pg_create(make_url(other_db_url))
    Workspace.init(other_db_url).close()  # the step a user takes first, by habit
    with pytest.raises(Conflict, match=r"another ledger key is at .*never overwritten"):
        Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url)
    new_key_place.unlink()  # it signed nothing: the database is empty
    report = Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url)
    assert report.ok and report.key_written and report.size == 8


def test_restore_refuses_another_key_and_writes_nothing(
    recorded: Workspace, other_db_url: str, key_place: Callable[[], Path], tmp_path: Path
) -> None:
    recorded.backup(tmp_path / "backup", PASSPHRASE)
    new_key_place = key_place()
    other = create_key(new_key_place, "ceasewatch/other")
    with pytest.raises(Conflict, match="another ledger key"):
        Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url, force=True)
    assert not _exists(other_db_url)
    assert load_key(new_key_place).verifier.id == other.verifier.id


def test_a_damaged_or_incomplete_backup_is_named(
    recorded: Workspace, other_db_url: str, key_place: Callable[[], Path], tmp_path: Path
) -> None:
    made = recorded.backup(tmp_path / "backup", PASSPHRASE)
    new_key_place = key_place()
    copy = (
        tmp_path
        / "backup"
        / ("database.pgdump" if made.kind == "postgresql" else "database.sqlite")
    )
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match=r"is damaged: database.* differs from the manifest"):
        Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url)
    copy.unlink()
    with pytest.raises(InvalidInput, match=r"incomplete: database.* is missing"):
        Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url)
    with pytest.raises(InvalidInput, match="not a ceasewatch backup"):
        Workspace.restore(tmp_path, PASSPHRASE, other_db_url)
    assert not _exists(other_db_url) and not new_key_place.exists()


def test_the_key_is_sealed_and_the_manifest_names_the_ledger(
    recorded: Workspace, tmp_path: Path
) -> None:
    recorded.backup(tmp_path / "backup", PASSPHRASE)
    sealed = json.loads((tmp_path / "backup" / "ledger-key.sealed").read_text())
    assert sealed["kdf"]["name"] == "scrypt" and sealed["cipher"]["name"] == "AES-256-GCM"
    raw = (tmp_path / "backup" / "ledger-key.sealed").read_text()
    key_text = key_path(recorded.target).read_text()
    private = json.loads(key_text)["ed25519"]
    assert private not in raw and "ed25519" not in raw  # the key is not there in clear
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["ledger"]["public_key"] == recorded.ledger_public_key()
    assert manifest["ledger"]["latest_head"] == recorded.ledger_head(sign=False)


def test_backup_refuses_a_weak_passphrase_and_an_existing_folder(
    recorded: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="at least 12"):
        recorded.backup(tmp_path / "backup", "short")
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("mine")
    with pytest.raises(Conflict, match="exists; a backup goes into a new"):
        recorded.backup(tmp_path / "backup", PASSPHRASE)
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_backup_refuses_a_key_that_did_not_sign_the_heads(
    recorded: Workspace, tmp_path: Path
) -> None:
    place = key_path(recorded.target)
    place.unlink()
    create_key(place, "ceasewatch/ws")
    with pytest.raises(Conflict, match="did not sign this database's heads"):
        recorded.backup(tmp_path / "backup", PASSPHRASE)
    assert list(tmp_path.glob("*backup*")) == []


def test_backup_signs_a_head_only_when_entries_are_unsigned(
    recorded: Workspace, tmp_path: Path
) -> None:
    heads_before = recorded.ledger_verify().heads
    recorded.backup(tmp_path / "one", PASSPHRASE)
    assert recorded.ledger_verify().heads == heads_before  # the latest head covered all
    recorded.load_agreement("karabakh-2020")
    made = recorded.backup(tmp_path / "two", PASSPHRASE)
    assert recorded.ledger_verify().heads == heads_before + 1
    assert made.head_size == made.size


def test_a_manifest_that_no_longer_matches_the_copy_fails_the_restore(
    recorded: Workspace, other_db_url: str, key_place: Callable[[], Path], tmp_path: Path
) -> None:
    made = recorded.backup(tmp_path / "backup", PASSPHRASE)
    key_place()
    path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["ledger"]["size"] = made.size - 1
    path.write_text(json.dumps(manifest))
    report = Workspace.restore(tmp_path / "backup", PASSPHRASE, other_db_url)
    assert not report.ok and report.audit is not None and report.audit.ok
    assert report.mismatches == [
        f"the restored ledger has {made.size} entries with root {made.root}; the manifest "
        f"says {made.size - 1} with root {made.root}"
    ]
