"""Words for the codes a report would otherwise print: event types by their taxonomy
label, families and statuses in plain words, and codes that free texts carry (a
finding's summary names the type of its event) replaced by their labels.

Pure: the taxonomy comes in as a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasewatch.model import Taxonomy
from ceasewatch.model.vocab import Family

# A code as the taxonomy writes one: a family's prefix, a dot, a word with underscores.
_CODE = re.compile(r"(?<![\w.])([a-z]+(?:_[a-z]+)*\.[a-z0-9]+(?:_[a-z0-9]+)*)(?!\w|\.\w)")
_UNDERSCORED = re.compile(r"(?<![\w.])([a-z]+(?:_[a-z]+)+)(?!\w|\.\w)")


@dataclass(frozen=True)
class Labels:
    """The labels of one taxonomy."""

    types: dict[str, str]

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> Labels:
        return cls({t.code: t.label for t in taxonomy})

    def type(self, code: str) -> str:
        """An event type's label; a code the taxonomy does not know, as words."""
        return self.types.get(code) or words(code.rpartition(".")[2])

    @staticmethod
    def family(value: str) -> str:
        return words(value)

    def text(self, text: str) -> str:
        """A free text with every type code and every family's name in it put in words:
        'obstruction.blockade' becomes the type's label (lower-cased as inside a
        sentence), 'ceasefire_violation' becomes 'ceasefire violation'."""
        if not text:
            return text

        def typed(m: re.Match[str]) -> str:
            code = m.group(1)
            if code in self.types:
                label = self.types[code]
                return label[:1].lower() + label[1:]
            return m.group(0)

        out = _CODE.sub(typed, text)
        return _UNDERSCORED.sub(lambda m: words(m.group(1)), out)

    def codes(self) -> list[str]:
        """Every code a reader must not meet in a report: the types' and the families'."""
        return sorted(self.types) + sorted(f.value for f in Family if "_" in f.value)


def words(code: str) -> str:
    """A code as words: 'protect_corridor' -> 'protect corridor'."""
    return code.replace("_", " ").strip()
