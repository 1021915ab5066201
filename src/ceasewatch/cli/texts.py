"""``extract``, ``documents import / extract / list``, ``claims list`` and ``eval extract``."""

from __future__ import annotations

import json
import sys

import click

from ceasewatch.cli.events import render_table
from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.cli.options import _published, dask_option
from ceasewatch.cli.progress import Line
from ceasewatch.errors import InvalidInput, UnsupportedLanguage
from ceasewatch.model.records import published_text


def _agreement_and_places(ctx: Context, source: str | None, gazetteer_path: str | None):  # type: ignore[no-untyped-def]
    """The agreement to read files for, and its places, with or without a workspace: a
    file (with the gazetteer it names beside it); an id stored in the workspace or bundled;
    or, with none named, the only agreement the workspace holds."""
    from pathlib import Path

    from ceasewatch.agreements.bundled import bundled, bundled_ids
    from ceasewatch.agreements.loader import load_agreement
    from ceasewatch.errors import StoreError
    from ceasewatch.extract.places import places_for
    from ceasewatch.workspace import places
    from ceasewatch.workspace.records import agreement_source

    given = None
    if gazetteer_path:
        given = places.read_file(gazetteer_path)[0], gazetteer_path
    if source is not None and (Path(source).suffix in (".yaml", ".yml") or Path(source).exists()):
        name, text = agreement_source(source)
        agreement = load_agreement(text, name)
        near = places.beside(agreement, name)
        if given is None and near is not None:
            given = places.read_file(near)[0], str(near)
    else:
        try:
            with ctx.workspace() as ws:
                agreement = ws.chosen_agreement(source)
                if given is None:
                    return agreement, ws.places(agreement)
        except StoreError:
            if source is None or source not in bundled_ids():
                raise InvalidInput(
                    "name the agreement to read the texts for with --agreement ID|FILE "
                    "(there is no workspace to take a stored one from)"
                ) from None
            agreement = bundled(source)
    if given is None:
        return agreement, places_for(agreement)
    return agreement, places_for(agreement, given[0], given[1])


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet"]),
    default=None,
    help="Output format: jsonl (one JSON object per claim per line) or parquet (one row "
    "per claim, with --out). Default: parquet for an --out ending in .parquet, else jsonl.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    metavar="FILE",
    help="Write the claims to FILE (written beside it and renamed into place when every "
    "input is read) instead of printing them.",
)
@dask_option
@click.option(
    "--published",
    callback=_published,
    metavar="DATE",
    help="Publication date of files that carry none: YYYY-MM-DD, or YYYY-MM or YYYY when "
    "known only to the month or the year.",
)
@click.option("--source", metavar="NAME", help="Source of files that name none.")
@click.option(
    "--agreement",
    "agreement_id",
    metavar="ID|FILE",
    help="The agreement whose parties, aliases and places are matched: a file, or an id "
    "stored in the workspace or bundled. Default: the only agreement the workspace holds.",
)
@click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="The places to find, instead of the gazetteer the agreement names: a GeoNames dump "
    "(cities15000.txt, a country file) or a CSV of name, alt_names, lat, lon, kind, admin.",
)
@pass_ctx
@fail_cleanly
def extract(
    ctx: Context,
    files: tuple[str, ...],
    fmt: str,
    published: str | None,
    source: str | None,
    agreement_id: str | None,
    gazetteer_path: str | None,
    out: str | None,
    dask: str | None,
) -> None:
    """Turn documents into claims, printed as JSON Lines (no database needed).

    FILE is a .txt, .html, .jsonl ({id, url, title, source, published, text}), an RSS or
    Atom feed, a .parquet file with a text column (and id, published, source, ...), or a
    folder of them; - is a plain text read from standard input. The output contract is
    in docs/extract.md. English and Russian are read; a document in another language
    (Armenian, Azerbaijani, ...) is named in a warning on stderr, and the command exits
    with code 8 after the others.

    With --dask, the inputs are cut into partitions (runs of files, a Parquet file's row
    groups) extracted on a Dask cluster; the claims come out in the same order as
    without it (docs/scale.md).

    \b
    Example:
      ceasewatch extract --published 2021-06-15 --source am-mod statement.txt
      cat statement.txt | ceasewatch extract --agreement karabakh-2020 -
      ceasewatch extract --gazetteer cities15000.txt --agreement my-ceasefire.yaml news.jsonl
      ceasewatch extract --dask local:4 --agreement karabakh-2020 --out claims.parquet news/
    """
    from ceasewatch.model import default_taxonomy
    from ceasewatch.workspace.extracting import ExtractorSpec, extract_to

    if fmt is None:
        fmt = "parquet" if out and out.lower().endswith(".parquet") else "jsonl"
    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet writes to a file: name it with --out FILE")
    if files.count("-") > 1:
        raise click.UsageError("- (standard input) may be named once")
    agreement, places = _agreement_and_places(ctx, agreement_id, gazetteer_path)
    spec = ExtractorSpec.of(agreement, places, default_taxonomy())
    given = sys.stdin.buffer.read() if "-" in files else None
    found = extract_to(files, spec, dask, out, fmt, sys.stdout, published, source, given)
    _warn_unread(found.unread)


def _warn_unread(unread: list[UnsupportedLanguage]) -> None:
    """Name every document left unread for its language, and exit with that error's code."""
    if not unread:
        return
    for exc in unread:
        click.echo(f"warning: {exc}", err=True)
    sys.stdout.flush()
    sys.exit(UnsupportedLanguage.exit_code)


@cli.group()
def documents() -> None:
    """Documents: statements, bulletins and articles, each stored once."""


@documents.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--published",
    callback=_published,
    metavar="DATE",
    help="Publication date of files that carry none: YYYY-MM-DD, YYYY-MM or YYYY.",
)
@click.option("--source", metavar="ID", help="Source of files that name none.")
@json_flag
@pass_ctx
@fail_cleanly
def documents_import(
    ctx: Context, files: tuple[str, ...], published: str | None, source: str | None, as_json: bool
) -> None:
    """Store documents from files and folders; a text already stored is not stored again.

    \b
    Example:
      ceasewatch documents import --source am-mod --published 2021-06-15 statement.txt
      ceasewatch documents import feeds/
    """
    with ctx.workspace() as ws:
        report = ws.import_documents(list(files), published, source)
    if as_json:
        emit(
            {
                "stored": report.stored,
                "already": [{"given": g, "stored_as": s} for g, s in report.already],
            }
        )
        return
    click.echo(f"stored {len(report.stored)} document(s); {len(report.already)} already stored")
    for given, stored in report.already:
        click.echo(f"  {given}: same text as {stored}")


@documents.command("extract")
@click.option(
    "--agreement",
    "agreement_id",
    metavar="ID",
    help="The agreement whose parties and places are matched; naming one reads every "
    "document again and replaces its claims. Default: the only agreement stored, and only "
    "the documents with no claims yet.",
)
@click.option(
    "--rules-only",
    is_flag=True,
    help="The rules alone, without the learned model: the same claims whatever model is shipped.",
)
@dask_option
@json_flag
@pass_ctx
@fail_cleanly
def documents_extract(
    ctx: Context, agreement_id: str | None, rules_only: bool, dask: str | None, as_json: bool
) -> None:
    """Extract claims from the stored documents that have none yet, and store them.

    With --agreement, every stored document is read again for that agreement's parties
    and places, and its earlier claims are replaced; each removal is logged in the ledger.
    Run 'ceasewatch corroborate' afterwards to cluster the new claims.

    With --dask, the documents are extracted on a Dask cluster and their claims stored
    here in document order, 2,000 documents to a transaction.

    \b
    Example:
      ceasewatch documents extract
      ceasewatch documents extract --agreement my-ceasefire
      ceasewatch documents extract --dask local:2
    """
    line = Line("extracting")
    with ctx.workspace() as ws:
        report = ws.extract_claims(
            agreement_id,
            learned=not rules_only,
            again=agreement_id is not None,
            step=line,
            dask=dask,
        )
    line.close()
    if as_json:
        emit(
            {
                "documents": report.documents,
                "claims": report.claims,
                "replaced": report.replaced,
                "by_status": report.by_status,
                "by_family": report.by_family,
                "unread": [str(u) for u in report.unread],
            }
        )
        _warn_unread(report.unread)
        return
    replaced = f", replacing {report.replaced} earlier claim(s)" if report.replaced else ""
    click.echo(f"{report.claims} claim(s) from {report.documents} document(s){replaced}")
    if report.claims:
        click.echo(
            "  by status: " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_status.items()))
        )
        click.echo(
            "  by family: " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_family.items()))
        )
    _warn_unread(report.unread)


@documents.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
@pass_ctx
@fail_cleanly
def documents_list(ctx: Context, as_json: bool) -> None:
    """List the stored documents, with the file each was read from (private: the web
    application shows it to analysts and admins only).

    \b
    Example:
      ceasewatch documents list
    """
    with ctx.workspace() as ws:
        docs = ws.documents()
    if as_json:
        for d in docs:
            out = {
                "id": d.id,
                "published": published_text(d.published, d.published_precision),
                "source": d.source_id,
                "language": d.language,
                "title": d.title,
                "file": d.file,
            }
            click.echo(json.dumps(out, ensure_ascii=False, sort_keys=True))
        return
    rows = [
        [
            d.id,
            (published_text(d.published, d.published_precision) or "")[:10],
            d.source_id or "",
            d.language or "",
            d.title or d.file or "",
        ]
        for d in docs
    ]
    click.echo(render_table(["id", "published", "source", "lang", "title or file"], rows, width=50))


@cli.group()
def claims() -> None:
    """Claims extracted from documents."""


@claims.command("list")
@click.option("--doc", "document_id", metavar="ID", help="Only the claims of this document.")
@click.option("--family", metavar="FAMILY", help="Only claims of this family.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines in the extract contract.")
@pass_ctx
@fail_cleanly
def claims_list(ctx: Context, document_id: str | None, family: str | None, as_json: bool) -> None:
    """List stored claims: type, date, place, status and claimant.

    \b
    Example:
      ceasewatch claims list --doc doc-013
    """
    from ceasewatch.workspace.texts import claims_json

    with ctx.workspace() as ws:
        found = ws.claims(document_id, family)
        if as_json:
            for row in claims_json(found, ws.taxonomy):
                click.echo(json.dumps(row, ensure_ascii=False))
            return
    rows = [
        [
            c.document_id,
            c.type_code,
            c.when.start.isoformat() if c.when and c.when.start else "?",
            c.places[0].name or "" if c.places else "",
            c.status.value,
            c.claimant or "",
            c.text,
        ]
        for c in found
    ]
    click.echo(
        render_table(
            ["doc", "type", "date", "place", "status", "claimant", "sentence"], rows, width=40
        )
    )


@cli.group("eval")
def eval_() -> None:
    """Evaluations against the bundled annotated sets."""


@eval_.command("extract")
@click.option(
    "--part",
    type=click.Choice(["tune", "held", "ru", "all"]),
    default="all",
    show_default=True,
    help="Which part of the evaluation set (ru: the Russian passages).",
)
@click.option("--misses", is_flag=True, help="Also list every miss and wrong field.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 when a figure is more than 0.02 below the level recorded in levels.json.",
)
@json_flag
@fail_cleanly
def eval_extract(part: str, misses: bool, check: bool, as_json: bool) -> None:
    """Precision, recall and F1 of event detection, and accuracy per field.

    The set, its format and how figures are computed: docs/extract-eval.md.

    \b
    Example:
      ceasewatch eval extract --part held
    """
    from ceasewatch.extract.evaluate import FIELDS, below_levels, evaluate_parts

    parts = ["tune", "held", "ru"] if part == "all" else [part]
    results = evaluate_parts(parts)
    if as_json:
        for p in parts:
            s = results[p]
            emit(
                {
                    "part": p,
                    "passages": s.passages,
                    "events": s.events,
                    "claims": s.claims,
                    **{k: round(v, 4) for k, v in s.figures().items()},
                    **({"misses": list(s.misses)} if misses else {}),
                }
            )
    names = ["passages", "events", "claims", "precision", "recall", "f1", *FIELDS]
    rows = []
    for name in names:
        row = [name]
        for p in parts:
            s = results[p]
            value = (
                getattr(s, name)
                if name in ("passages", "events", "claims")
                else (s.figures()[name])
            )
            row.append(str(value) if isinstance(value, int) else f"{value:.3f}")
        rows.append(row)
    if not as_json:
        click.echo(render_table(["figure", *parts], rows))
    if misses and not as_json:
        for p in parts:
            for line in results[p].misses:
                click.echo(f"{p}: {line}")
    if check:
        failed = below_levels(results)
        for line in failed:
            click.echo(f"below the recorded level: {line}", err=True)
        if failed:
            sys.exit(1)
