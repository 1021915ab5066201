"""Documents into the store, and claims out of them: the text side of the workspace.

``store_documents`` keeps each text once (by the SHA-256 of its normalised text) and logs
every new document in the ledger; ``extract_stored`` runs the extractor over the stored
documents that have no claims yet and stores and logs the claims. The same extraction
straight from files, for ``ceasewatch extract`` (no database), and on a Dask cluster, is
in ``extracting``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from ceasewatch.errors import BatchRejected, Problem, UnsupportedLanguage
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import Item, item
from ceasewatch.model import Claim, Document
from ceasewatch.model.jsonform import claim_json
from ceasewatch.model.taxonomy import Taxonomy
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import privacy
from ceasewatch.store import records as repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace.importing import Stamp
from ceasewatch.workspace.records import created
from ceasewatch.workspace.steps import Step


@dataclass
class DocumentReport:
    stored: list[str] = field(default_factory=list)
    # (the file or id it was given by, the id it is stored under)
    already: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ExtractReport:
    documents: int = 0
    claims: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_family: dict[str, int] = field(default_factory=dict)
    unread: list[UnsupportedLanguage] = field(default_factory=list)  # no language pack
    replaced: int = 0  # earlier claims removed when documents were read again


def store_documents(conn: Connection, docs: Sequence[Document], stamp: Stamp) -> DocumentReport:
    """Store the documents not stored yet; a repeated id with another text is refused."""
    report = DocumentReport()
    known = texts_repo.stored_hashes(conn, [d.sha256 for d in docs])
    taken = texts_repo.stored_document_ids(conn, [d.id for d in docs])
    fresh: list[Document] = []
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for d in docs:
        if d.sha256 in known or d.sha256 in seen:
            report.already.append((d.file or d.id, known.get(d.sha256) or seen[d.sha256]))
            continue
        if d.id in taken or d.id in {f.id for f in fresh}:
            problems.append(
                Problem(d.id, None, "id", d.id, "is the id of a stored document with another text")
            )
            continue
        seen[d.sha256] = d.id
        fresh.append(d)
    if problems:
        raise BatchRejected(problems, file="documents")
    rows = [texts_repo.document_row(d) for d in fresh]
    repo.insert_rows(conn, "document", rows)
    privacy.add_document_files(conn, fresh)  # not in the ledger: a path is private
    ledger_repo.append(conn, created("document", rows, stamp))
    report.stored = [d.id for d in fresh]
    return report


def extract_stored(
    conn: Connection,
    extractor: Extractor,
    stamp: Stamp,
    only: Iterable[str] | None = None,
    again: bool = False,
    step: Step | None = None,
) -> ExtractReport:
    """Claims of every stored document that has none yet (or of the ids in *only*). With
    *again*, every document is read again and its earlier claims are replaced, each
    removal logged in the ledger."""
    affiliation = affiliations(conn)
    report = ExtractReport()
    todo = documents_to_extract(conn, only, again)
    done: list[tuple[Document, list[Claim]]] = []
    for n, d in enumerate(todo):
        if step is not None:
            step("documents", n, len(todo))
        try:
            done.append((d, extract_document(extractor, d, affiliation)))
        except UnsupportedLanguage as exc:
            report.unread.append(exc)
    if step is not None:
        step("documents", len(todo), len(todo))
    store_claims(conn, stamp, extractor.version, done, again, report)
    return report


def affiliations(conn: Connection) -> dict[str, str | None]:
    """Each source's affiliation (a party, or None): a document speaks for its source's."""
    return {s.id: s.affiliation for s in texts_repo.list_sources(conn)}


def documents_to_extract(
    conn: Connection, only: Iterable[str] | None = None, again: bool = False
) -> list[Document]:
    """The stored documents with no claims yet (every one with *again*), or those of
    *only* among them."""
    wanted = set(only) if only is not None else None
    stored = texts_repo.list_documents(conn, without_claims=not again)
    return [d for d in stored if wanted is None or d.id in wanted]


def extract_document(
    extractor: Extractor, d: Document, affiliation: dict[str, str | None]
) -> list[Claim]:
    """The claims of one stored document; ``UnsupportedLanguage`` for one with no pack."""
    return extractor.extract(
        d.id,
        d.text,
        d.publication,
        d.source_id,
        _party(affiliation.get(d.source_id or ""), extractor),
        language=reading_language(d),
    )


def store_claims(
    conn: Connection,
    stamp: Stamp,
    version: str,
    done: Sequence[tuple[Document, list[Claim]]],
    again: bool,
    report: ExtractReport,
) -> None:
    """Store the claims of these documents and log them; with *again*, each document's
    earlier claims are removed first, each removal logged. Counts go to *report*."""
    rows: list[dict[str, Any]] = []
    removed: list[Item] = []
    for d, claims in done:
        if again:
            old = texts_repo.claim_ids_of(conn, d.id)
            for cid in old:
                ledger_repo.materialize(conn, "claim", cid)
                removed.append(
                    item("claim", cid, None, stamp.actor, stamp.time, stamp.reason, Op.DELETE)
                )
            texts_repo.delete_claims(conn, old)
            report.replaced += len(old)
        report.documents += 1
        for c in claims:
            rows.append(texts_repo.claim_row(c, version))
            report.by_status[c.status.value] = report.by_status.get(c.status.value, 0) + 1
            report.by_family[c.family.value] = report.by_family.get(c.family.value, 0) + 1
    repo.insert_rows(conn, "claim", rows)
    ledger_repo.append(conn, removed + created("claim", rows, stamp))
    report.claims += len(rows)


def _party(affiliation: str | None, extractor: Extractor) -> str | None:
    return affiliation if affiliation in extractor.parties.parties else None


def reading_language(d: Document) -> str | None:
    """The language to read a document in: as stored, unless it was never determined."""
    return d.language if d.language and d.language != "und" else None


def claims_json(claims: Sequence[Claim], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Stored claims in the extract contract, with their id, the event each belongs to
    (once corroboration has run) and their Admiralty credibility."""
    return [
        {
            **claim_json(c, taxonomy.get(c.type_code).acled),
            "id": c.id,
            "event": c.event_id,
            "credibility": int(c.credibility),
        }
        for c in claims
    ]
