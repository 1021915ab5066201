"""The Workspace's ledger: signed heads, proofs, witnesses, the audit, the export, and
backup and restore."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ceasewatch.errors import NotFound
from ceasewatch.ledger import heads
from ceasewatch.model.access import User
from ceasewatch.workspace import ledgering
from ceasewatch.workspace.base import Base, default_target

if TYPE_CHECKING:
    from ceasewatch.workspace import backups


class Keeping(Base):
    """The tamper-evident log of every change, and copies of the workspace."""

    def ledger_key(self) -> ledgering.Key:
        return ledgering.load_key(ledgering.key_path(self.target))

    def ledger_public_key(self) -> str:
        v = self.ledger_key().verifier
        return heads.verifier_key(v.name, v.public)

    def ledger_head(self, *, sign: bool = True) -> str:
        """Sign a head at the current size (or, with ``sign=False``, show the latest one)."""
        if not sign:
            with self._read() as conn:
                note = ledgering.latest_head(conn)
            if note is None:
                raise NotFound("signed head", "any; run 'ceasewatch ledger head'")
            return note
        key = self.ledger_key()
        with self._write() as conn:
            return ledgering.sign_head(conn, key, self.clock())

    def ledger_sign_if_behind(self) -> bool:
        """Sign a head unless the latest one covers every entry already; refused when the
        key at hand did not sign the latest head."""
        path = ledgering.key_path(self.target)
        key = ledgering.load_key(path)
        with self._write() as conn:
            return ledgering.sign_if_behind(conn, key, path, self.clock())

    def ledger_state(self) -> tuple[int, bytes, str | None]:
        """The ledger's size, root and latest signed head, read in one snapshot."""
        with self._read(snapshot=True) as conn:
            return ledgering.state(conn)

    def ledger_prove(self, seq: int, size: int | None = None) -> dict[str, Any]:
        with self._read() as conn:
            return ledgering.prove(conn, seq, size)

    def ledger_consistency(self, old: int, new: int) -> dict[str, Any]:
        with self._read() as conn:
            return ledgering.consistency(conn, old, new)

    def ledger_verify(
        self,
        key: str | None = None,
        checkpoints: Sequence[str] = (),
        witnesses: Sequence[str] = (),
        quorum: int = 0,
    ) -> ledgering.Audit:
        """Audit the log and the records; ``key`` pins the public key to check heads with
        (by default the workspace's own). Each of *checkpoints* (kept elsewhere) must be a
        state of this log; with *quorum*, that many of *witnesses* (their keys) must have
        cosigned the latest head."""
        from ceasewatch.ledger.witness import CosignerKey

        verifier = heads.Verifier.parse(key) if key else self.ledger_key().verifier
        keys = [CosignerKey.parse(k) for k in witnesses]
        with self._read(snapshot=True) as conn:
            return ledgering.verify(conn, verifier, 100, checkpoints, keys, quorum)

    def ledger_heads(self) -> list[str]:
        """Every signed head with its cosignatures."""
        with self._read() as conn:
            return ledgering.all_heads(conn)

    def ledger_witness(self, witnesses: Sequence[str]) -> list[ledgering.WitnessAnswer]:
        """Sign a head (or take the one of this size) and ask each witness (a folder or a
        URL) to cosign it; keep the cosignatures."""
        from ceasewatch.workspace.witnessing import Transport

        key = self.ledger_key()
        with self._write() as conn:
            note = ledgering.sign_head(conn, key, self.clock())
            return ledgering.ask_witnesses(
                conn, note, [Transport(w) for w in witnesses], self.clock()
            )

    def ledger_export(self, out: TextIO) -> int:
        key = self.ledger_key()
        with self._write(snapshot=True) as conn:  # every entry read sees the head just signed
            return ledgering.export(conn, out, key, self.clock())

    def ledger_proof_view(self, user: User, seq: int, size: int | None = None) -> dict[str, Any]:
        """An entry and its inclusion proof, if the user may see the entry; otherwise the
        same answer as for an entry that does not exist."""
        from ceasewatch.workspace import views

        try:
            proof = self.ledger_prove(seq, size)
        except NotFound:
            raise NotFound("ledger entry", str(seq)) from None
        with self._read() as conn:
            hide = self.redactions.hider(user, conn)
        if not views.entry_visible(user, proof["entry"], hide):
            raise NotFound("ledger entry", str(seq))
        return proof

    def backup(self, dest: str | Path, passphrase: str) -> backups.BackupReport:
        """Back up into the new folder ``dest`` while others keep writing: a consistent
        copy of the database, a manifest and the ledger key sealed under ``passphrase``."""
        from ceasewatch.workspace import backups

        return backups.backup(self, Path(dest), passphrase)

    @classmethod
    def restore(
        cls, source: str | Path, passphrase: str, target: str | None = None, *, force: bool = False
    ) -> backups.RestoreReport:
        """Restore a backup into ``target`` (new or empty, unless ``force``), its key to
        where ``target`` looks for it, and verify the ledger (see the report's ``ok``)."""
        from ceasewatch.workspace import backups

        return backups.restore(Path(source), passphrase, target or default_target(), force=force)
