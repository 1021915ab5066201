"""YAML read with the line of every value, so that errors can name file, line and path.

Dates are left as text (the checker parses them and says what is wrong); everything else
follows YAML 1.1's safe types. Repeated keys are errors, not silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ceasewatch.errors import ParseError

_SCALARS = SafeConstructor()
_TAG = "tag:yaml.org,2002:"


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


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return _SCALARS.construct_yaml_bool(node)
    if tag == _TAG + "int":
        return _SCALARS.construct_yaml_int(node)
    if tag == _TAG + "float":
        return _SCALARS.construct_yaml_float(node)
    return node.value  # strings, and timestamps kept as written


def _build(node: yaml.Node, path: str, src: Source) -> Any:
    src.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, f"{path}[{i}]", src) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            sub = f"{path}.{key}" if path else str(key)
            if key in out:
                src.repeated.append((sub, key_node.start_mark.line + 1))
            src.lines[sub] = key_node.start_mark.line + 1
            out[key] = _build(value_node, sub, src)
        return out
    raise ParseError(f"unsupported YAML node at line {node.start_mark.line + 1}")


def read_yaml(text: str, file: str) -> Source:
    """Parse ``text``; ``ParseError`` names the file and line of a syntax error."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        raise ParseError(
            f"{file}:{line}: not valid YAML: {exc.problem}", file=file, row=line
        ) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"{file}: not valid YAML: {exc}", file=file) from None
    src = Source(None)
    if root is None:
        return src
    src.data = _build(root, "", src)
    return src
