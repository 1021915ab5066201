"""Schema migrations with Alembic, run on a connection we own."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("ceasewatch.store").joinpath("migrations"))
    )
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return revision_on(conn)


def revision_on(conn: Connection) -> str | None:
    """The schema revision as seen by ``conn`` (inside its transaction, if one is open)."""
    return MigrationContext.configure(conn).get_current_revision()


def is_known(revision: str) -> bool:
    """Whether this ceasewatch has the migration ``revision`` (a newer one may not)."""
    if not revision:
        return False
    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the schema to ``revision``; return (before, after)."""
    before = current_revision(engine)
    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)
    return before, current_revision(engine)


def downgrade(engine: Engine, revision: str) -> tuple[str | None, str | None]:
    """Take the schema back to ``revision`` (what later revisions added is dropped)."""
    before = current_revision(engine)
    with engine.begin() as conn:
        command.downgrade(_config(conn), revision)
    return before, current_revision(engine)
