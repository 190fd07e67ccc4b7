"""Safe YAML loading that remembers where every value came from.

PyYAML's composer (libyaml's ``CSafeLoader`` where present) builds a node tree with marks;
we construct plain data from it ourselves so that every mapping and list knows the line and
column of each child, duplicate keys are caught, and alias expansion, nesting depth and file
size are bounded before they can hurt. Tags are never executed: only the safe scalar
resolvers run.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from game.scenario.dialect import core_12, dialect_message, same_value
from game.scenario.errors import Diagnostic, Mark, ScenarioError, format_path

try:  # libyaml is about 4x faster on large files; marks are the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64

_scalar_builder = yaml.SafeLoader("")


class LDict(dict):
    """A mapping that knows where it, each key and each value were written.

    ``marks`` holds the position of each value (what most messages point at), ``key_marks`` the
    position of each key (for unknown or misspelt keys), and ``indents`` the column where the
    lines of a ``|`` or ``>`` block value start, so a character in the map rows is located exactly.
    """

    mark: Mark | None = None
    marks: dict[Any, Mark | None]
    key_marks: dict[Any, Mark | None]
    indents: dict[Any, int]
    problems: list[Diagnostic]
    changes: list[tuple[str, str, Mark]]  # in merged data: (key or id, "removes"/"changes", where the what-if did)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.changes = []
        self.marks = {}
        self.key_marks = {}
        self.indents = {}
        self.problems = []


class LList(list):
    """A list that knows where it and each item were written."""

    mark: Mark | None = None
    marks: list[Mark | None]
    changes: list[tuple[str, str, Mark]]  # ids a what-if removed from this list, and where

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.marks = [None] * len(self)
        self.changes = []


def _mark(file: str, m: yaml.Mark | None) -> Mark | None:
    return Mark(file, m.line + 1, m.column + 1) if m is not None else None


def _fail(file: str, message: str, line: int | None = None, column: int = 1) -> ScenarioError:
    return ScenarioError([Diagnostic(Mark(file, line or 0, column if line else 0), "", message)])


_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\xff\xfe\x00\x00": "UTF-32"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_text(raw: bytes, file: str) -> str:
    """Refuse what is not a YAML text of sane size before the parser sees it, each with its own message."""
    if len(raw) > MAX_BYTES:
        raise _fail(file, f"the file is {len(raw):,} bytes; a scenario may be at most {MAX_BYTES:,} bytes")
    for bom, name in _BOMS.items():
        if raw.startswith(bom):
            raise _fail(file, f"the file is saved as {name}; save it as UTF-8", 1)
    if b"\x00" in raw[:8192]:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _fail(file, "this is not a text file (it contains NUL bytes, as binary files do); a scenario is "
                    "YAML text", line)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line_start = raw.rfind(b"\n", 0, e.start) + 1
        line = raw[: e.start].count(b"\n") + 1
        raise _fail(file, f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x}); save it as UTF-8", line,
                    e.start - line_start + 1) from None
    bad = _CONTROL.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise _fail(file, f"the file contains the control character 0x{ord(bad.group()):02x}, which YAML does not "
                    "allow; is it a binary file? A scenario is YAML text", line, col)
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
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


def _char_at(lines: list[str], m: yaml.Mark | None) -> str:
    if m is None or m.line >= len(lines) or m.column >= len(lines[m.line]):
        return ""
    return lines[m.line][m.column]


def _comment_hint(lines: list[str], m: yaml.Mark | None) -> str:
    """Why a bracket seems unclosed when it is closed on screen: an unquoted ' #' began a comment."""
    line = lines[m.line] if m is not None and m.line < len(lines) else ""
    if re.search(r"[\s,\[{]#", line[m.column:] if m is not None else ""):
        return "; a '#' after a space or a bracket starts a comment, hiding the rest of the line: put colours " \
               'such as "#c0392b" in quotes'
    return ""


def _syntax_diagnostic(e: yaml.MarkedYAMLError, file: str, text: str) -> Diagnostic:
    """Turn a parser error into a plain sentence placed where the designer must look.

    The parser notices many mistakes only later (an unclosed quote at the end of the file), so
    for those the message points at where the construct began and says where it was noticed.
    """
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    pm, cm = e.problem_mark, e.context_mark
    lines = text.splitlines()
    at = pm or cm
    here = _char_at(lines, pm)

    def noticed() -> str:
        return f" (noticed at line {pm.line + 1}, column {pm.column + 1})" if pm is not None else ""

    if "end of stream" in problem and "quoted scalar" in context:
        quote = _char_at(lines, cm) or '"'
        at, msg = cm, f"this quoted text is never closed: add the closing {quote} (the file ended while looking for it)"
    elif "expected ',' or ']'" in problem:
        at, msg = cm, f"this '[' list is never closed with ']'{noticed()}{_comment_hint(lines, cm)}"
    elif "expected ',' or '}'" in problem:
        at, msg = cm, f"this '{{' mapping is never closed with '}}'{noticed()}{_comment_hint(lines, cm)}"
    elif "end of stream" in problem:
        msg = "the file ends in the middle of a value: a quote or a bracket is not closed"
    elif "cannot start any token" in problem and here == "\t":
        msg = "a tab is used here; YAML indents with spaces only"
    elif "cannot start any token" in problem:
        msg = f"'{here}' cannot start a value in YAML (it is reserved); put the value in quotes"
    elif "did not find expected key" in problem and here in ("]", "}"):
        msg = f"an extra '{here}' closes nothing"
    elif "did not find expected key" in problem and here == "-":
        msg = "a list item ('-') where a key was expected: indent the list under its key"
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        start = f" (the block starts at line {cm.line + 1}, column {cm.column + 1})" if cm is not None else ""
        msg = f"this line is not indented like the keys around it{start}; keys of one mapping start in the same column"
    elif "did not find expected '-' indicator" in problem:
        msg = "this line is not indented like the list items around it; items of one list start in the same column"
    elif "mapping values are not allowed" in problem:
        msg = ("a ':' where YAML did not expect one: check the indentation of this line, or put a value that "
               "contains ': ' in quotes")
    elif "could not find expected ':'" in problem:
        at, msg = cm, "this line is neither 'key: value' nor a list item; add ': ' after the key, or quote the text"
    elif "undefined alias" in problem:
        name = re.match(r"\*?([^\s,\]}]*)", lines[pm.line][pm.column + 1:] if pm is not None else "")
        msg = f"the alias '*{name.group(1) if name else ''}' refers to no anchor ('&name') written before it"
    elif "maximum nesting depth" in problem:
        msg = f"the document is nested too deeply; at most {MAX_DEPTH} levels are allowed"
    elif "single document" in context:
        msg = "a scenario is one YAML document; remove the second '---' and what follows, or make it a separate file"
    else:
        msg = f"{problem}{'; ' + context if context else ''}"
    return Diagnostic(_mark(file, at), "", f"YAML syntax error: {msg}")


def load_located(path: Path | str, *, display: str | None = None, keep_going: bool = False) -> LDict:
    """Load one YAML file into LDict/LList data, or raise ScenarioError with a located message.

    Syntax errors and hostile input always raise. Mistakes that leave usable data behind (a
    duplicate key, a tag) raise too, unless ``keep_going``: then they are kept in the root's
    ``problems`` so the validator can report them together with everything else it finds.
    """
    path = Path(path)
    file = display or str(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            raise _fail(file, "this is not a regular file (a device, pipe or socket); a scenario is a YAML file")
        if st.st_size > MAX_BYTES:
            raise _fail(file, f"the file is {st.st_size:,} bytes; a scenario may be at most {MAX_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(file, "no such file") from None
    except IsADirectoryError:
        raise _fail(file, "this is a folder, not a scenario file") from None
    except OSError as e:
        raise _fail(file, f"cannot read the file: {e.strerror}") from None
    return loads_located(raw, file, keep_going=keep_going)


def loads_located(raw: bytes | str, file: str = "<string>", *, keep_going: bool = False) -> LDict:
    """``load_located`` for text or bytes already in memory; ``file`` names it in messages."""
    text = _check_text(raw.encode("utf-8") if isinstance(raw, str) else raw, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        raise ScenarioError([_syntax_diagnostic(e, file, text)]) from None
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
    total = _expanded_size(node)
    if total < 0:
        raise _fail(file, "an alias ('*name') refers to the list or mapping that contains it, which never ends; "
                    "refused")
    if total > MAX_NODES:
        raise _fail(file, f"the document expands to more than {MAX_NODES:,} values once its aliases are followed "
                    "(anchors and aliases that multiply, as in an 'alias bomb'); refused")
    builder = _Builder(file, text.splitlines())
    data = builder.build(node, 0)
    assert isinstance(data, LDict)
    if builder.errors and not keep_going:
        raise ScenarioError(builder.errors)
    data.problems = builder.errors
    return data


def _expanded_size(root: yaml.Node) -> int:
    """How many values the tree has once every alias is expanded, counted without expanding them.

    Each distinct node is sized once (aliases share nodes), so an alias bomb is measured in
    microseconds; a node that contains itself gives -1.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes and not done:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if not done:
            if key in open_nodes:
                return -1
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        open_nodes.discard(key)
        sizes[key] = min(MAX_NODES + 1, 1 + sum(sizes.get(id(c), MAX_NODES + 1) for c in children))
    return sizes[id(root)]


_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


class _Builder:
    """Builds LDict/LList data from composed nodes, counting values so aliases cannot multiply unchecked."""

    def __init__(self, file: str, lines: list[str]) -> None:
        self.file = file
        self.lines = lines
        self.count = 0
        self.errors: list[Diagnostic] = []

    def _error(self, node: yaml.Node, path: tuple[Any, ...], message: str) -> None:
        self.errors.append(Diagnostic(_mark(self.file, node.start_mark), format_path(path), message))

    def _tag_allowed(self, node: yaml.Node, path: tuple[Any, ...]) -> bool:
        """Only plain data: a tag such as !!python/object/apply is reported, never constructed."""
        if isinstance(node, yaml.ScalarNode):
            ok = node.tag in _SCALAR_TAGS
        elif isinstance(node, yaml.SequenceNode):
            ok = node.tag == _STD + "seq"
        else:
            ok = node.tag == _STD + "map"
        if not ok:
            self._error(node, path, f"the tag '{_shown_tag(node.tag)}' is not allowed: a scenario is plain data "
                        "(text, numbers, true/false, lists and mappings), and tags are never run; remove it")
        return ok

    def build(self, node: yaml.Node, depth: int, path: tuple[Any, ...] = (), *, key: bool = False) -> Any:
        """Plain located data from one node; ``key`` marks a mapping key (keys keep their text, 'on' stays 'on')."""
        self.count += 1
        if self.count > MAX_NODES:
            m = node.start_mark
            raise _fail(self.file, f"the document expands to more than {MAX_NODES:,} values (anchors and "
                        "aliases that multiply, as in an 'alias bomb'?); refused", m.line + 1, m.column + 1)
        if depth > MAX_DEPTH:
            m = node.start_mark
            raise _fail(self.file, f"the document is nested more than {MAX_DEPTH} levels deep", m.line + 1, m.column + 1)
        allowed = self._tag_allowed(node, path)
        if isinstance(node, yaml.ScalarNode):
            if not allowed:
                return node.value
            try:
                value = _scalar_builder.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError):
                self._error(node, path, f"'{node.value}' is not a valid {_shown_tag(node.tag)[2:]}")
                return node.value
            if not node.style and not key and node.tag == _scalar_builder.resolve(yaml.ScalarNode, node.value,
                                                                                (True, False)):
                value12 = core_12(node.value)
                if not same_value(value, value12):
                    self._error(node, path, dialect_message(node.value, value, value12))
                    return value12
            if isinstance(value, dt.datetime | dt.date):
                return value.isoformat()  # dates stay text, so JSON Schema and saves see one type
            return value
        if isinstance(node, yaml.SequenceNode):
            out = LList()
            out.mark = _mark(self.file, node.start_mark)
            for i, item in enumerate(node.value):
                out.append(self.build(item, depth + 1, (*path, i)))
                out.marks.append(_mark(self.file, item.start_mark))
            return out
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth, path)
        raise _fail(self.file, f"unsupported YAML node {type(node).__name__}")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, depth: int, path: tuple[Any, ...]) -> LDict:
        out = LDict()
        out.mark = _mark(self.file, node.start_mark)
        first_seen: dict[Any, Mark | None] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STD + "merge":
                self._merge(out, value_node, depth, path)
                continue
            key = self.build(key_node, depth + 1, path, key=True)
            if isinstance(key, bool) and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # keys are names: 'on:' stays "on", not YAML 1.1's true
            if isinstance(key, list | dict):
                self._error(key_node, path, "a key must be a plain value, not a list or a mapping")
                continue
            km = _mark(self.file, key_node.start_mark)
            if key in first_seen:
                prev = first_seen[key]
                self._error(key_node, (*path, key), f"duplicate key '{key}' (first written at line "
                            f"{prev.line if prev else '?'}); each key may appear once in a mapping")
                continue
            first_seen[key] = km
            out[key] = self.build(value_node, depth + 1, (*path, key))
            out.marks[key] = _mark(self.file, value_node.start_mark)
            out.key_marks[key] = km
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
                out.indents[key] = self._block_indent(value_node)
        return out

    def _block_indent(self, node: yaml.ScalarNode) -> int:
        """The column (0-based) where the content lines of a | or > block start."""
        for line in self.lines[node.start_mark.line + 1: node.end_mark.line + 1]:
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return 0

    def _merge(self, out: LDict, value_node: yaml.Node, depth: int, path: tuple[Any, ...]) -> None:
        """YAML merge keys (<<: *anchor): explicit keys win, as the YAML spec says."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for src in sources:
            merged = self.build(src, depth + 1, path)
            if not isinstance(merged, LDict):
                self._error(src, path, "'<<' must merge a mapping")
                continue
            for k, v in merged.items():
                if k not in out:
                    out[k] = v
                    out.marks[k] = merged.marks.get(k)
                    out.key_marks[k] = merged.key_marks.get(k)
                    if k in merged.indents:
                        out.indents[k] = merged.indents[k]


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


def key_mark_at(data: Any, path: tuple[Any, ...]) -> Mark | None:
    """Where the last key of ``path`` was written (for unknown keys), else the nearest value's mark."""
    parent = data
    for part in path[:-1]:
        if isinstance(parent, LDict) and part in parent or isinstance(parent, LList) and isinstance(part, int) \
                and 0 <= part < len(parent):
            parent = parent[part]
        else:
            return mark_at(data, path)
    if path and isinstance(parent, LDict) and parent.key_marks.get(path[-1]) is not None:
        return parent.key_marks[path[-1]]
    return mark_at(data, path)
