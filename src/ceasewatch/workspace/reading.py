"""The Workspace's texts: documents stored from files and folders (``texts.py``), and
the claims the extractor reads in them, in this process or on a Dask cluster
(``extracting.py``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ceasewatch.model import Claim, Document
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace.agreeing import Agreeing
from ceasewatch.workspace.steps import Step

if TYPE_CHECKING:
    from ceasewatch.extract.pipeline import Extractor
    from ceasewatch.workspace import texts


class Reading(Agreeing):
    """Texts in, claims out, read with an agreement's parties and places."""

    def documents(self) -> list[Document]:
        with self._read() as conn:
            return texts_repo.list_documents(conn)

    def import_documents(
        self,
        paths: list[str],
        published: date | str | None = None,
        source: str | None = None,
    ) -> texts.DocumentReport:
        """Store the documents of files and folders (text, HTML, feeds, JSON Lines), each
        text once; every problem of every file is reported and then nothing is stored."""
        from ceasewatch.ingest.texts import read_documents
        from ceasewatch.workspace import texts

        docs = read_documents(paths, published, source)
        with self._write() as conn:
            return texts.store_documents(conn, docs, self._stamp("documents import"))

    def extractor(self, agreement_id: str | None = None, learned: bool = True) -> Extractor:
        """The extractor for the parties and places of an agreement (the one named, else
        the only one stored); with *learned* false, the rules alone (the same claims
        whatever model is shipped)."""
        from ceasewatch.extract.pipeline import Extractor

        agreement = self.chosen_agreement(agreement_id)
        return Extractor(agreement, self.places(agreement), taxonomy=self.taxonomy, learned=learned)

    def extract_claims(
        self,
        agreement_id: str | None = None,
        only: list[str] | None = None,
        learned: bool = True,
        again: bool = False,
        step: Step | None = None,
        dask: str | None = None,
    ) -> texts.ExtractReport:
        """Extract and store the claims of the stored documents that have none yet; with
        *again*, of every document, its earlier claims replaced (each change logged). With
        *dask* (local[:N] or a scheduler's address), on that cluster, stored in batches."""
        from ceasewatch.workspace import texts

        if dask is not None:
            from ceasewatch.workspace import extracting

            return extracting.on_cluster(self, dask, agreement_id, learned, only, again, step)
        extractor = self.extractor(agreement_id, learned)
        reason = f"extract claims with {extractor.parties.agreement_id or 'no agreement'}"
        with self._write() as conn:
            return texts.extract_stored(conn, extractor, self._stamp(reason), only, again, step)

    def claims(self, document_id: str | None = None, family: str | None = None) -> list[Claim]:
        with self._read() as conn:
            return texts_repo.list_claims(conn, document_id, family)
