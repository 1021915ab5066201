"""The command group, the shared options and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

from ceasewatch.errors import CeasewatchError

if TYPE_CHECKING:
    from ceasewatch.workspace import Workspace

P = ParamSpec("P")
R = TypeVar("R")


def quiet_pipe() -> NoReturn:
    """The reader of the output went away (``| head``): stop quietly, as a filter does.
    What is still buffered for the closed pipe goes nowhere rather than fail at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def fail_cleanly(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one clear message and an exit code; never a traceback."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except CeasewatchError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing half-written was kept", err=True)
            sys.exit(130)
        except BrokenPipeError:
            quiet_pipe()
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: say so in one line, traceback only on request
            if os.environ.get("CEASEWATCH_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set CEASEWATCH_DEBUG=1 for the traceback, and please report it)",
                err=True,
            )
            sys.exit(70)

    return wrapper


class Context:
    def __init__(self, db: str | None) -> None:
        self.db = db

    def workspace(self) -> Workspace:
        # imported here so that commands needing no database (verify-bundle) load none
        from ceasewatch.workspace import Workspace

        return Workspace.open(self.db)


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    envvar="CEASEWATCH_DB",
    metavar="URL|PATH",
    help="Workspace database: a SQLite file path or a SQLAlchemy URL "
    "(postgresql://...). Default: ./ceasewatch.db, or $CEASEWATCH_DB.",
)
@click.version_option(package_name="ceasewatch")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """ceasewatch: open, verifiable ceasefire monitoring.

    \b
    Example:
      ceasewatch init
      ceasewatch import acled_sample.csv
      ceasewatch events list --from 2020-11-10 --family ceasefire_violation
    """
    ctx.obj = Context(db)


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="ceasewatch")
    except BrokenPipeError:
        quiet_pipe()
    finally:
        try:
            sys.stdout.flush()  # a closed pipe is found here when the output was short
        except BrokenPipeError:
            quiet_pipe()
