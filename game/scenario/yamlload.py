"""Safe YAML loading that remembers where every value came from.

PyYAML's composer (libyaml's ``CSafeLoader`` where present) builds a node tree with marks;
we construct plain data from it ourselves so that every mapping and list knows the line and
column of each child, duplicate keys are caught, and alias expansion, nesting depth and file
size are bounded before they can hurt. Tags are never executed: only the safe scalar
resolvers run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from game.scenario.errors import Diagnostic, Mark, ScenarioError

try:  # libyaml is about 4x faster on large files; marks are the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64

_scalar_builder = yaml.SafeLoader("")


class LDict(dict):
    """A mapping that knows where it and each of its keys' values were written."""

    mark: Mark | None = None
    marks: dict[Any, Mark]

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.marks = {}


class LList(list):
    """A list that knows where it and each item were written."""

    mark: Mark | None = None
    marks: list[Mark | None]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.marks = [None] * len(self)


def _mark(file: str, m: yaml.Mark | None) -> Mark | None:
    return Mark(file, m.line + 1, m.column + 1) if m is not None else None


def _fail(file: str, message: str, line: int | None = None, column: int = 1) -> ScenarioError:
    return ScenarioError([Diagnostic(Mark(file, line or 0, column if line else 0), "", message)])


def _check_text(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _fail(file, f"the file is {len(raw):,} bytes; a scenario may be at most {MAX_BYTES:,} bytes")
    if b"\x00" in raw[:4096]:
        raise _fail(file, "this is not a text file (it contains NUL bytes); a scenario is YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _fail(file, f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x}); save it as UTF-8", line) from None
    if not text.strip() or all(ln.strip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        raise _fail(file, "the file is empty; a scenario is a YAML mapping such as 'id: my_scenario'")
    for n, ln in enumerate(text.splitlines(), 1):
        stripped = ln.lstrip(" ")
        if stripped.startswith("\t"):
            raise _fail(file, "a tab is used for indentation; YAML indents with spaces only", n, len(ln) - len(stripped) + 1)
    depth = deepest = 0
    for ch in text:  # a cheap bound on flow nesting before the composer recurses
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise _fail(file, f"brackets are nested {deepest} deep; at most {MAX_DEPTH} levels are allowed")
    return text


def _syntax_message(e: yaml.MarkedYAMLError) -> str:
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    hints = {
        "found unexpected end of stream": "a quoted string or a bracket is not closed",
        "found character '\\t' that cannot start any token": "a tab is used; YAML indents with spaces only",
        "mapping values are not allowed": "a ':' where YAML did not expect one; check the indentation "
        "of this line, or quote a value that contains ': '",
        "did not find expected ',' or ']'": "a '[' list is not closed with ']'",
        "did not find expected ',' or '}'": "a '{' mapping is not closed with '}'",
        "expected <block end>, but found '<block mapping start>'": "this line is indented differently from "
        "the lines around it",
    }
    for key, hint in hints.items():
        if problem.startswith(key) or key in problem:
            return f"YAML syntax error: {hint} ({problem}{'; ' + context if context else ''})"
    return f"YAML syntax error: {problem}{'; ' + context if context else ''}"


def load_located(path: Path | str, *, display: str | None = None) -> LDict:
    """Load one YAML file into LDict/LList data, or raise ScenarioError with a located message."""
    path = Path(path)
    file = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(file, "no such file") from None
    except IsADirectoryError:
        raise _fail(file, "this is a folder, not a scenario file") from None
    except OSError as e:
        raise _fail(file, f"cannot read the file: {e.strerror}") from None
    return loads_located(raw, file)


def loads_located(raw: bytes | str, file: str = "<string>") -> LDict:
    text = _check_text(raw.encode("utf-8") if isinstance(raw, str) else raw, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        m = e.problem_mark or e.context_mark
        msg = _syntax_message(e)
        if e.context_mark is not None and e.problem_mark is not None and e.context_mark.line != e.problem_mark.line:
            msg += f" (it starts at line {e.context_mark.line + 1}, column {e.context_mark.column + 1})"
        raise ScenarioError([Diagnostic(_mark(file, m), "", msg)]) from None
    except yaml.YAMLError as e:
        raise _fail(file, f"YAML error: {e}") from None
    except RecursionError:
        raise _fail(file, f"the document is nested too deeply (more than {MAX_DEPTH} levels)") from None
    if node is None:
        raise _fail(file, "the file is empty; a scenario is a YAML mapping such as 'id: my_scenario'")
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise ScenarioError(
            [Diagnostic(_mark(file, node.start_mark), "", f"a scenario must be a mapping of keys to values, found {kind}")]
        )
    builder = _Builder(file)
    data = builder.build(node, 0)
    if builder.errors:
        raise ScenarioError(builder.errors)
    assert isinstance(data, LDict)
    return data


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.errors: list[Diagnostic] = []

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _fail(self.file, f"the document expands to more than {MAX_NODES:,} values "
                        "(anchors and aliases that multiply?); refused")
        if depth > MAX_DEPTH:
            m = node.start_mark
            raise _fail(self.file, f"the document is nested more than {MAX_DEPTH} levels deep", m.line + 1, m.column + 1)
        if isinstance(node, yaml.ScalarNode):
            value = _scalar_builder.construct_object(node, deep=True)
            if isinstance(value, dt.datetime | dt.date):
                return value.isoformat()  # dates stay text, so JSON Schema and saves see one type
            if isinstance(value, bytes):
                return value.decode("latin-1")
            return value
        if isinstance(node, yaml.SequenceNode):
            out = LList()
            out.mark = _mark(self.file, node.start_mark)
            for item in node.value:
                out.append(self.build(item, depth + 1))
                out.marks.append(_mark(self.file, item.start_mark))
            return out
        if isinstance(node, yaml.MappingNode):
            out = LDict()
            out.mark = _mark(self.file, node.start_mark)
            first_seen: dict[Any, Mark | None] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._merge(out, value_node, depth)
                    continue
                key = self.build(key_node, depth + 1)
                if isinstance(key, bool) and isinstance(key_node, yaml.ScalarNode):
                    key = key_node.value  # keys are names: 'on:' stays "on", not YAML 1.1's true
                if isinstance(key, list | dict):
                    self.errors.append(Diagnostic(_mark(self.file, key_node.start_mark), "", "a key must be a plain value"))
                    continue
                km = _mark(self.file, key_node.start_mark)
                if key in first_seen:
                    prev = first_seen[key]
                    self.errors.append(Diagnostic(km, "", f"duplicate key '{key}' (first written at line "
                                                  f"{prev.line if prev else '?'}); each key may appear once"))
                    continue
                first_seen[key] = km
                out[key] = self.build(value_node, depth + 1)
                out.marks[key] = _mark(self.file, value_node.start_mark)
            return out
        raise _fail(self.file, f"unsupported YAML node {type(node).__name__}")  # pragma: no cover

    def _merge(self, out: LDict, value_node: yaml.Node, depth: int) -> None:
        """YAML merge keys (<<: *anchor): explicit keys win, as the YAML spec says."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for src in sources:
            merged = self.build(src, depth + 1)
            if not isinstance(merged, LDict):
                self.errors.append(Diagnostic(_mark(self.file, src.start_mark), "", "'<<' must merge a mapping"))
                continue
            for k, v in merged.items():
                if k not in out:
                    out[k] = v
                    out.marks[k] = merged.marks.get(k)


def mark_at(data: Any, path: tuple[Any, ...]) -> Mark | None:
    """The mark of the deepest located value along ``path`` (a path that runs past the data stops early)."""
    best: Mark | None = getattr(data, "mark", None)
    node = data
    for part in path:
        if isinstance(node, LDict) and part in node:
            best = node.marks.get(part) or best
            node = node[part]
        elif isinstance(node, LList) and isinstance(part, int) and 0 <= part < len(node):
            best = node.marks[part] or best
            node = node[part]
        else:
            break
    return best
