"""Who may do what: roles, in order of what they may see and do (docs/web.md).

- public: the published record only: events corroborated or verified, findings
  substantiated or confirmed; protected sources withheld;
- liaison (a party's liaison officer): reads everything but protected sources;
- monitor: also files observations, crossings and documents;
- analyst: also sees protected sources, decides on events and grades sources;
- admin: also manages users and webhooks (the server's configuration).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from ceasewatch.errors import SchemaError


class Role(IntEnum):
    PUBLIC = 0
    LIAISON = 1
    MONITOR = 2
    ANALYST = 3
    ADMIN = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str, *, field: str = "role") -> Role:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise SchemaError(
                f"{value!r} is not a role; expected one of " + ", ".join(r.label for r in cls),
                field=field,
            ) from None

    @property
    def sees_protected(self) -> bool:
        return self >= Role.ANALYST


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role


ANONYMOUS = User("anonymous", Role.PUBLIC)
SESSION_COOKIE = "cw_session"
SESSION_HOURS = 12
PUBLISHED_EVENTS = ("corroborated", "verified")
PUBLISHED_FINDINGS = ("substantiated", "confirmed")
