"""Write docs/cli.md from the commands' own --help texts: python tools/cli_reference.py"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from ceasewatch.cli import cli

HEAD = """# Command line reference

Generated from `ceasewatch ... --help` (`tools/cli_reference.py`); `tests/test_docs.py`
fails when a command is missing here. Every command takes `--db URL|PATH` before its
name (default `./ceasewatch.db` or `$CEASEWATCH_DB`); errors are one line on stderr and
an exit code: 2 bad input, 3 not found, 4 conflict, 5 database, 6 ledger, 7 access
(login, role), 8 a text in a language with no pack (after the others are read), 70 a bug.
Every command that reports what it did takes `--json` (one JSON object per line). Output
into a pipe that closes early (`| head`) ends quietly with status 0. On a terminal, long
work (import, extraction, corroboration, assessment) draws how far it has got, with the
rate, as one line on stderr.
"""


def commands(group: click.Group, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if isinstance(cmd, click.Group):
            yield from commands(cmd, [*path, name])
        else:
            yield [*path, name], cmd


def reference() -> str:
    parts = [HEAD]
    for path, cmd in commands(cli, []):
        name = f"ceasewatch {' '.join(path)}"
        # a fixed width, so that the text does not depend on the terminal it is made in
        ctx = click.Context(
            cmd,
            info_name=name,
            terminal_width=100,
            max_content_width=100,
            help_option_names=["-h", "--help"],
        )
        parts.append(f"## `{name}`\n\n```\n{cmd.get_help(ctx)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    out.write_text(reference())
    print(f"wrote {out}")
