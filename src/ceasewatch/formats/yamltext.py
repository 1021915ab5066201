"""YAML read with limits, and with the line of every value, so that errors can name file,
line and path.

The document is built from the parser's events in one pass, without recursion, and every
limit is checked before the value that would pass it is made:

- ``MAX_CHARS`` characters of text;
- ``MAX_DEPTH`` levels of nested mappings and sequences;
- ``MAX_ALIASES`` aliases (``*name``), none of them to the node it stands in;
- ``MAX_NODES`` values in all, each alias counted as the values it repeats: a few hundred
  bytes of aliases to aliases ("billion laughs") would otherwise stand for billions;
- ``MAX_DIGITS`` characters in one number.

Dates are left as text (a reader parses them and says what is wrong); everything else
follows YAML 1.1's safe types. Repeated keys are recorded, not silently overwritten; keys
must be written out as plain values. An alias shares the value of its anchor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ceasewatch.errors import ParseError

MAX_CHARS = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 1000
MAX_NODES = 250_000
MAX_DIGITS = 100

_SCALARS = SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class Source:
    """Plain Python values, and the 1-based line each path starts on."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    repeated: list[tuple[str, int]] = field(default_factory=list)

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of the nearest enclosing path that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.lines.get("", 1)


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being read."""

    value: dict[Any, Any] | list[Any]
    path: str
    anchor: str | None
    nodes_before: int  # the document's count of values before this one began
    height: int = 1  # levels of nesting in it, itself included
    key: Any = None
    key_path: str | None = None  # set between a mapping's key and its value


@dataclass(frozen=True, slots=True)
class _Anchored:
    value: Any
    nodes: int  # values in it, itself included
    height: int  # levels of nesting in it: 0 for a scalar


_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _line(event: Any) -> int:
    """The 1-based line an event starts on."""
    return int(event.start_mark.line) + 1


class _Reader:
    def __init__(self, loader: Any, file: str) -> None:
        self.loader = loader
        self.file = file
        self.src = Source(None)
        self.anchors: dict[str, _Anchored] = {}
        self.open: list[_Open] = []
        self.nodes = 0
        self.aliases = 0

    def fail(self, event: Any, message: str) -> ParseError:
        line = _line(event)
        return ParseError(f"{self.file}:{line}: {message}", file=self.file, row=line)

    def document(self) -> Source:
        get, check = self.loader.get_event, self.loader.check_event
        get()  # the stream's start
        if check(yaml.StreamEndEvent):
            return self.src
        get()  # the document's start
        while True:
            event = get()
            if isinstance(event, _END):
                done = self.open.pop()
                self._anchored(done.anchor, done.value, self.nodes - done.nodes_before, done.height)
                if not self.open:
                    self.src.data = done.value
                    break
                self.open[-1].height = max(self.open[-1].height, done.height + 1)
                continue
            path = self._path(event)
            if path is None:
                continue  # that was a mapping's key
            self.src.lines.setdefault(path, _line(event))
            if isinstance(event, yaml.AliasEvent):
                value = self._alias(event)
            else:
                self._new_anchor(event)
                if isinstance(event, yaml.ScalarEvent):
                    value = self._scalar(event)
                    self._count(event, 1)
                    self._anchored(event.anchor, value, 1, 0)
                else:
                    if len(self.open) >= MAX_DEPTH:
                        raise self.fail(event, f"nested more than {MAX_DEPTH} levels deep")
                    before = self.nodes
                    self._count(event, 1)
                    value = {} if isinstance(event, yaml.MappingStartEvent) else []
                    self._put(value)
                    self.open.append(_Open(value, path, event.anchor, before))
                    continue
            if not self.open:
                self.src.data = value
                break
            self._put(value)
        get()  # the document's end
        if not check(yaml.StreamEndEvent):
            raise self.fail(get(), "expected a single document, but found another")
        return self.src

    def _path(self, event: Any) -> str | None:
        """The path of the value ``event`` begins; None when it was a mapping's key."""
        if not self.open:
            return ""
        top = self.open[-1]
        if isinstance(top.value, list):
            return f"{top.path}[{len(top.value)}]"
        if top.key_path is not None:
            return top.key_path
        if not isinstance(event, yaml.ScalarEvent) or event.anchor is not None:
            raise self.fail(event, "a key must be written out as plain text or a number")
        key = self._scalar(event)
        line = _line(event)
        sub = f"{top.path}.{key}" if top.path else str(key)
        if key in top.value:
            self.src.repeated.append((sub, line))
        self.src.lines[sub] = line
        top.key, top.key_path = key, sub
        return None

    def _put(self, value: Any) -> None:
        """Add ``value`` to the innermost open mapping or sequence, if there is one."""
        if not self.open:
            return
        top = self.open[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        else:
            top.value[top.key] = value
            top.key = top.key_path = None

    def _count(self, event: Any, nodes: int) -> None:
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            raise self.fail(
                event,
                f"the document holds more than {MAX_NODES:,} values (an alias counts as the "
                "values it repeats)",
            )

    def _new_anchor(self, event: Any) -> None:
        name = event.anchor
        if name is not None and (name in self.anchors or any(o.anchor == name for o in self.open)):
            raise self.fail(event, f"the anchor &{name} is defined twice")

    def _anchored(self, name: str | None, value: Any, nodes: int, height: int) -> None:
        if name is not None:
            self.anchors[name] = _Anchored(value, nodes, height)

    def _alias(self, event: Any) -> Any:
        name = event.anchor
        if any(o.anchor == name for o in self.open):
            raise self.fail(event, f"the alias *{name} stands inside the node it names")
        found = self.anchors.get(name)
        if found is None:
            raise self.fail(event, f"the alias *{name} names no anchor defined before it")
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise self.fail(event, f"more than {MAX_ALIASES} aliases")
        if len(self.open) + found.height > MAX_DEPTH:
            raise self.fail(event, f"nested more than {MAX_DEPTH} levels deep (through *{name})")
        self._count(event, found.nodes)
        if self.open:
            self.open[-1].height = max(self.open[-1].height, found.height + 1)
        return found.value

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _TAG + "null":
            return None
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        if tag == _TAG + "bool":
            return _SCALARS.construct_yaml_bool(node)
        if tag in (_TAG + "int", _TAG + "float"):
            if len(event.value) > MAX_DIGITS:
                raise self.fail(
                    event, f"a number of {len(event.value):,} characters; at most {MAX_DIGITS}"
                )
            if tag == _TAG + "int":
                return _SCALARS.construct_yaml_int(node)
            return _SCALARS.construct_yaml_float(node)
        return event.value  # strings, and timestamps kept as written


def read_yaml(text: str, file: str) -> Source:
    """Parse ``text``; ``ParseError`` names the file, and the line where there is one, of a
    syntax error or a limit passed."""
    if len(text) > MAX_CHARS:
        raise ParseError(
            f"{file}: {len(text):,} characters; a YAML file may hold at most {MAX_CHARS:,}",
            file=file,
        )
    loader = _Loader(text)
    try:
        return _Reader(loader, file).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        raise ParseError(
            f"{file}:{line}: not valid YAML: {exc.problem}", file=file, row=line
        ) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"{file}: not valid YAML: {exc}", file=file) from None
    finally:
        loader.dispose()


def load_yaml(text: str, file: str) -> Any:
    """The plain values of a YAML text, read with the limits of ``read_yaml``."""
    return read_yaml(text, file).data
