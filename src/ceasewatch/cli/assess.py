"""``assess``, ``findings list / show`` and ``scorecard``."""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from ceasewatch.cli.events import render_table
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.cli.options import _date
from ceasewatch.cli.progress import Line


@cli.command("assess")
@click.option(
    "--agreement",
    "agreement_id",
    metavar="ID",
    help="Judge against this agreement only (default: every stored one).",
)
@click.option("--from", "start", callback=_date, metavar="DATE", help="Start of the period.")
@click.option("--to", "end", callback=_date, metavar="DATE", help="End of the period.")
@click.option(
    "--as-of",
    callback=_date,
    metavar="DATE",
    help="The day deadlines are judged on (default: the latest record).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per agreement judged (JSON Lines)."
)
@pass_ctx
@fail_cleanly
def assess(
    ctx: Context,
    agreement_id: str | None,
    start: date | None,
    end: date | None,
    as_of: date | None,
    as_json: bool,
) -> None:
    """Judge the record against the agreement and the mission's mandate; store findings.

    Re-running changes nothing unless the record or a rule changed; what changed is
    listed with the reason, and every change is logged in the ledger.

    \b
    Example:
      ceasewatch assess --as-of 2025-01-01
    """
    line = Line("judging")
    with ctx.workspace() as ws:
        report = ws.assess(agreement_id, start, end, as_of, step=line)
    line.close()
    if as_json:
        for r in report.results:
            c = r.changes
            out = {
                "agreement": r.agreement,
                "findings": r.findings,
                "rules": len(r.rules),
                "records": report.evidence,
                "added": [f.id for f in c.added],
                "changed": [{"id": new.id, "why": list(why)} for _old, new, why in c.changed],
                "withdrawn": [f.id for f in c.removed],
                "unchanged": c.unchanged,
                "problems": list(r.problems),
            }
            click.echo(json.dumps(out, ensure_ascii=False, sort_keys=True))
        if any(r.problems for r in report.results):
            sys.exit(1)
        return
    failed = False
    for r in report.results:
        c = r.changes
        click.echo(
            f"{r.agreement}: {r.findings} finding(s) from {len(r.rules)} rule(s) over "
            f"{report.evidence} records; {len(c.added)} new, {len(c.changed)} changed, "
            f"{len(c.removed)} withdrawn, {c.unchanged} unchanged"
        )
        for f in c.added[:20]:
            click.echo(f"  + {f.id} [{f.status.value}] {f.summary[:100]}")
        if len(c.added) > 20:
            click.echo(f"  + ... and {len(c.added) - 20} more")
        for _old, new, why in c.changed:
            click.echo(f"  ~ {new.id}: {'; '.join(why)}")
        for f in c.removed:
            click.echo(f"  - {f.id}: no longer found ({f.summary[:80]})")
        for p in r.problems:
            failed = True
            click.echo(f"  ! {p}", err=True)
    if failed:
        sys.exit(1)


@cli.group()
def findings() -> None:
    """Findings: who broke what, how sure, and on what evidence."""


@findings.command("list")
@click.option("--agreement", "agreement_id", metavar="ID", help="Only this agreement's.")
@click.option("--party", metavar="ID", help="Only findings against this party.")
@click.option(
    "--status",
    type=click.Choice(["alleged", "substantiated", "confirmed"]),
    help="Only findings of this status.",
)
@click.option("--rule", metavar="ID", help="Only findings of this rule.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines.")
@pass_ctx
@fail_cleanly
def findings_list(
    ctx: Context,
    agreement_id: str | None,
    party: str | None,
    status: str | None,
    rule: str | None,
    as_json: bool,
) -> None:
    """List stored findings.

    \b
    Example:
      ceasewatch findings list --party AZ --status substantiated
    """
    from ceasewatch.model.jsonform import finding_json

    with ctx.workspace() as ws:
        found = [
            f
            for f in ws.findings(agreement_id)
            if (party is None or f.party == party)
            and (status is None or f.status.value == status)
            and (rule is None or f.rule_id == rule)
        ]
    if as_json:
        for f in found:
            click.echo(json.dumps(finding_json(f), ensure_ascii=False))
        return
    rows = [
        [
            f.id,
            str(f.period.start or ""),
            f.party or "",
            f.subject,
            f.status.value,
            f.severity.value,
            f.summary,
        ]
        for f in found
    ]
    click.echo(
        render_table(
            ["id", "from", "party", "provision", "status", "severity", "summary"], rows, width=44
        )
    )


@findings.command("show")
@click.argument("finding_id")
@click.option("--json", "as_json", is_flag=True, help="The finding and its evidence as JSON.")
@pass_ctx
@fail_cleanly
def findings_show(ctx: Context, finding_id: str, as_json: bool) -> None:
    """Show a finding with the evidence behind it.

    \b
    Example:
      ceasewatch findings show corridor-movement:0a1b2c3d4e5f6a7b
    """
    from ceasewatch.model.jsonform import finding_json

    with ctx.workspace() as ws:
        f, items = ws.finding(finding_id)
    if as_json:
        data = finding_json(f)
        data["evidence_items"] = [
            {
                "ref": i.ref,
                "type": i.type_code,
                "date": str(i.start) if i.start else None,
                "status": i.status,
                "claimant": i.claimant,
                "text": i.text,
            }
            for i in items
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{f.id}  rule {f.rule_id} v{f.rule_version}  agreement {f.agreement}")
    click.echo(f"provision or task: {f.subject}   party: {f.party or '-'}")
    click.echo(
        f"period: {f.period.start} .. {f.period.end}   status: {f.status.value}   "
        f"severity: {f.severity.value}"
    )
    click.echo(f.summary)
    click.echo("evidence:")
    by_ref = {i.ref: i for i in items}
    for ref in f.evidence:
        i = by_ref.get(ref)
        if i is None:  # a vehicle track: its points are in 'tracks', not one record
            click.echo(f"  {ref}")
            continue
        click.echo(
            f"  {i.ref:<28} {i.start or ''!s:<10} {i.status:<13} "
            f"{(i.claimant or '')[:14]:<14} {(i.text or '')[:70]}"
        )


@cli.command("scorecard")
@click.option("--agreement", "agreement_id", metavar="ID", help="Only this agreement.")
@click.option("--party", metavar="ID", help="Only this party.")
@click.option("--mission", is_flag=True, help="The mission against its mandate.")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@pass_ctx
@fail_cleanly
def scorecard(
    ctx: Context, agreement_id: str | None, party: str | None, mission: bool, as_json: bool
) -> None:
    """Findings per party and provision by status, with a weekly trend; or the mission's
    tasks performed, activities outside its mandate and gaps.

    \b
    Example:
      ceasewatch scorecard --party AM
      ceasewatch scorecard --mission
    """
    with ctx.workspace() as ws:
        cards = ws.scorecard(agreement_id, party, mission)
    if as_json:
        click.echo(json.dumps(cards, ensure_ascii=False, indent=2))
        return
    for card in cards:
        click.echo(f"== {card['agreement']}")
        for p in card.get("parties", []):
            s = p["by_status"]
            click.echo(
                f"{p['party']}: {p['findings']} finding(s): {s['confirmed']} confirmed, "
                f"{s['substantiated']} substantiated, {s['alleged']} alleged"
            )
            for prov, c in p["by_provision"].items():
                click.echo(
                    f"    {prov:<40} confirmed {c['confirmed']:>3}  substantiated "
                    f"{c['substantiated']:>3}  alleged {c['alleged']:>3}"
                )
            if p["weekly"]:
                trend = " ".join(
                    f"{w}:{sum(c.values())}" for w, c in list(p["weekly"].items())[-8:]
                )
                click.echo(f"    last weeks with findings: {trend}")
        for m in card.get("missions", []):
            click.echo(f"mission {m['mission']}: mandate {', '.join(m['mandate'])}")
            click.echo(
                "    tasks performed: "
                + (
                    ", ".join(f"{k} {v}" for k, v in m["tasks_performed"].items())
                    or "none recorded"
                )
            )
            click.echo(
                "    outside the mandate: "
                + (", ".join(f"{k} {v}" for k, v in m["outside_mandate"].items()) or "none")
            )
            click.echo(
                f"    findings: {m['findings']['outside_mandate']} outside the mandate, "
                f"{m['findings']['gaps']} gaps in ceasefire monitoring, "
                f"{m['findings']['corridor_incidents']} corridor incidents under its control"
            )
