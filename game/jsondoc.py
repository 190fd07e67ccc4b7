"""Versioned JSON documents on disk (saved games, lesson files): read defensively, written atomically.

Such a file may come from anywhere (a USB stick, an e-mail, a classmate's folder), so nothing in
it is used before it has passed, in this order: only a regular file of bounded size is opened
(a pipe or device would block or never end), the bytes must be UTF-8 JSON with no number longer
than a few dozen digits and no nesting deeper than a real document has, the ``format`` and
``version`` must be ours, the checksum must match (a truncated or edited file is refused) and
the document must fit its JSON Schema (types, ranges, lengths). Every refusal is one plain line
naming the file, for a command line, a dialog or a list of saves alike.

Writing goes through a temporary file beside the target that is renamed over it, so a crash
leaves the old file or the new one, never half of one; temporary files an interrupted write
left behind are removed by the next write or read of that folder once they are a minute old.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import hashlib
import json
import math
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]

MAX_DEPTH = 32  # brackets inside brackets; a real save or lesson file needs fewer than 10
MAX_NUMBER_CHARS = 40  # digits of one number: seeds are below 2**63 (19 digits)
STALE_SECONDS = 60.0  # a temporary file this old belongs to a write that will not finish
_TMP_SUFFIX = ".tmp"


class DocumentError(Exception):
    """A document that cannot be used; the message is one plain line saying why."""


@dataclass(frozen=True)
class Kind:
    """What one kind of document is called, its format tag, version, size limit and schema."""

    format: str
    version: int
    noun: str  # "saved game", "lesson file"
    max_bytes: int
    schema: dict[str, Any]
    error: type[Exception] = DocumentError

    def fail(self, path: Path | str, why: str) -> Exception:
        return self.error(f"{shown(path)}: {why}")


def shown(path: object) -> str:
    """A path (or any text) as one printable line (a file name may hold a newline or a control character)."""
    text = str(path)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# --- reading ---------------------------------------------------------------------------------
def read_document(path: Path | str, kind: Kind) -> dict[str, Any]:
    """Read, parse and check a document of ``kind``; raise ``kind.error`` with one line if anything is off."""
    return read_any(path, kind)[1]


def read_any(path: Path | str, kind: Kind, *others: Kind) -> tuple[Kind, dict[str, Any]]:
    """Read a document that may be of any of the given kinds (e.g. a save or a lesson file).

    The file is read once within the largest size limit; its ``format`` picks the kind whose
    checks apply. A file of none of them is refused in the words of the first kind.
    """
    p = Path(path)
    clean_stale_temps(p.parent, p.name)
    kinds = (kind, *others)
    raw = read_regular(p, kind, max(k.max_bytes for k in kinds))
    doc = parse_json(raw, p, kind)
    found = next((k for k in kinds if isinstance(doc, dict) and doc.get("format") == k.format), None)
    if found is None:
        nouns = " or ".join(f"an Abu Kamal {k.noun}" for k in kinds)
        raise kind.fail(p, f"this is not {nouns}")
    kind = found
    if len(raw) > kind.max_bytes:
        raise kind.fail(p, _too_large(len(raw), kind))
    version = doc.get("version")
    if version != kind.version:
        said = json.dumps(version) if isinstance(version, int | str) and len(str(version)) < 20 else "unknown"
        raise kind.fail(p, f"{kind.noun} format version {said} is not supported by this game "
                           f"(it reads version {kind.version})")
    if doc.get("checksum") != checksum(doc):
        raise kind.fail(p, f"the {kind.noun} has been altered or damaged (its checksum does not match)")
    check_schema(doc, kind, p)
    return kind, doc


def read_regular(p: Path, kind: Kind, limit: int | None = None) -> bytes:
    """The bytes of ``p`` if it is a regular file within the size limit (never opens a pipe or device)."""
    limit = kind.max_bytes if limit is None else limit
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise kind.fail(p, "it links to a file that does not exist" if p.is_symlink() else "no such file") from None
    except OSError as e:
        raise kind.fail(p, f"cannot read it ({e.strerror or e})") from None
    _check_mode(p, st, kind, limit)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise kind.fail(p, f"cannot read it ({e.strerror or e})") from None
    try:
        _check_mode(p, os.fstat(fd), kind, limit)  # it may have been swapped for something else since the stat
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as e:
        raise kind.fail(p, f"cannot read it ({e.strerror or e})") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise kind.fail(p, _too_large(len(raw), kind, limit))
    if not raw.strip():
        raise kind.fail(p, f"the file holds only blank space: it is truncated, or it is not a {kind.noun}")
    return raw


def _check_mode(p: Path, st: os.stat_result, kind: Kind, limit: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise kind.fail(p, f"cannot read it: this is a folder, not a {kind.noun}")
    if not stat.S_ISREG(st.st_mode):
        raise kind.fail(p, f"cannot read it: this is not a regular file (a device, pipe or socket), "
                           f"so it is not a {kind.noun}")
    if st.st_size == 0:
        raise kind.fail(p, f"the file is empty (0 bytes): it is truncated, or it is not a {kind.noun}")
    if st.st_size > limit:
        raise kind.fail(p, _too_large(st.st_size, kind, limit))


def _too_large(size: int, kind: Kind, limit: int | None = None) -> str:
    limit = kind.max_bytes if limit is None else limit
    return f"the file is too large for a {kind.noun} ({size:,} bytes; the limit is {limit:,})"


class _Refused(ValueError):
    """Raised from inside the JSON parser for a value no document of ours holds."""


def _number(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def check(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise _Refused(f"it holds a number {len(text):,} characters long (at most {MAX_NUMBER_CHARS} are allowed)")
        value = parse(text)
        if isinstance(value, float) and not math.isfinite(value):
            raise _Refused(f"it holds the number {text}, which is too large")
        return value
    return check


def _constant(text: str) -> Any:
    raise _Refused(f"it holds '{text}', which is not a number JSON allows")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _Refused(f"the key '{shown(twice)[:40]}' appears twice in one object")
    return out


def parse_json(raw: bytes, p: Path, kind: Kind) -> Any:
    """Parse bytes as a JSON document of ``kind``: text, bounded numbers, bounded depth."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise kind.fail(p, f"this is not a {kind.noun} (it is not UTF-8 text)") from None
    if "\x00" in text:
        raise kind.fail(p, f"this is not a {kind.noun} (it is not UTF-8 text)")
    try:
        doc = json.loads(text, parse_int=_number(int), parse_float=_number(float), parse_constant=_constant,
                         object_pairs_hook=_pairs)
    except _Refused as e:
        raise kind.fail(p, f"this is not a {kind.noun}: {e}") from None
    except RecursionError:
        raise kind.fail(p, _too_deep(kind)) from None
    except json.JSONDecodeError as e:
        if e.pos >= len(text.rstrip()) - 1 or e.msg.startswith("Unterminated string"):
            raise kind.fail(p, f"the {kind.noun} is truncated (it ends early); it cannot be loaded") from None
        raise kind.fail(p, f"this is not a {kind.noun}, or it is damaged (line {e.lineno}: {e.msg})") from None
    except ValueError as e:  # anything else the parser refuses (e.g. the integer digit limit)
        raise kind.fail(p, f"this is not a {kind.noun}, or it is damaged ({shown(e)[:120]})") from None
    if depth(doc) > MAX_DEPTH:
        raise kind.fail(p, _too_deep(kind))
    return doc


def _too_deep(kind: Kind) -> str:
    return f"this is not a {kind.noun}: its brackets nest more than {MAX_DEPTH} deep"


def depth(doc: Any) -> int:
    """How deeply lists and objects nest in ``doc`` (counted without recursion)."""
    deepest, todo = 0, [(doc, 1)]
    while todo:
        value, d = todo.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, d)
            if d <= MAX_DEPTH:
                todo.extend((v, d + 1) for v in value if isinstance(v, dict | list))
    return deepest


def checksum(body: dict[str, Any]) -> str:
    """sha256 over the canonical form of every key but ``checksum`` itself."""
    clean = {k: v for k, v in body.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(clean, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


_TYPE_WORDS = {"integer": "a whole number", "number": "a number", "string": "text", "object": "an object {...}",
               "array": "a list [...]", "boolean": "true or false", "null": "null"}


def check_schema(doc: Any, kind: Kind, p: Path) -> None:
    """Check ``doc`` against the kind's JSON Schema; the first problem, in words, as the message."""
    too_big = oversized(doc, kind.schema)
    if too_big:
        raise kind.fail(p, too_big)
    validator = jsonschema.Draft202012Validator(kind.schema)
    err = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if err is not None:
        raise kind.fail(p, schema_problem(err, f"the {kind.noun}"))


def oversized(doc: Any, schema: dict[str, Any], where: str = "") -> str | None:
    """The first list or object longer than the schema allows, found without visiting its entries.

    The full schema check visits every entry and costs seconds on a file of a million tiny
    entries, so the size limits are checked first; below them every list is short.
    """
    field = f"'{shown(where)[:80]}'" if where else "the document"
    if isinstance(doc, list):
        if len(doc) > schema.get("maxItems", len(doc)):
            return f"{field} holds {len(doc):,} entries; at most {schema['maxItems']:,} are allowed"
        items = schema.get("items")
        if isinstance(items, dict):
            for i, v in enumerate(doc):
                if isinstance(v, list | dict) and (problem := oversized(v, items, f"{where}[{i}]")):
                    return problem
    elif isinstance(doc, dict):
        if len(doc) > schema.get("maxProperties", len(doc)):
            return f"{field} has more than {schema['maxProperties']} keys"
        props, extra = schema.get("properties", {}), schema.get("additionalProperties")
        for k, v in doc.items():
            sub = props.get(k, extra)
            inner = f"{where}.{k}" if where else str(k)
            if isinstance(v, list | dict) and isinstance(sub, dict) and (problem := oversized(v, sub, inner)):
                return problem
    return None


def schema_problem(err: jsonschema.ValidationError, whole: str = "the document") -> str:
    """One schema error as a short sentence that names the field, never the (possibly huge) value."""
    where = "".join(f"[{k}]" if isinstance(k, int) else (f".{k}" if i else f"{k}")
                    for i, k in enumerate(err.absolute_path))
    field = f"'{shown(where)[:80]}'" if where else whole
    rule, limit, value = err.validator, err.validator_value, err.instance
    if rule == "type":
        kinds = limit if isinstance(limit, list) else [limit]
        return f"{field} must be {' or '.join(_TYPE_WORDS.get(str(k), str(k)) for k in kinds)}"
    if rule == "required":
        missing = next((k for k in limit if isinstance(value, dict) and k not in value), "?")
        return f"{field} is missing '{missing}'"
    if rule in ("minimum", "exclusiveMinimum"):
        return f"{field} must be at least {limit}"
    if rule in ("maximum", "exclusiveMaximum"):
        return f"{field} must be at most {limit}"
    if rule == "maxItems":
        return f"{field} holds {len(value):,} entries; at most {limit:,} are allowed"
    if rule == "minItems":
        return f"{field} must hold at least {limit} entr{'y' if limit == 1 else 'ies'}"
    if rule in ("maxLength", "minLength"):
        return f"{field} must be {'at most' if rule == 'maxLength' else 'at least'} {limit} characters long"
    if rule == "maxProperties":
        return f"{field} has more than {limit} keys"
    if rule in ("enum", "const", "pattern"):
        return f"{field} does not hold a valid value"
    if rule == "additionalProperties":
        return f"{field} has a key this format does not know"
    return f"{field} is not valid ({rule})"


# --- writing ---------------------------------------------------------------------------------
def write_document(path: Path | str, body: dict[str, Any], indent: int | None = 1) -> Path:
    """Stamp ``body`` with its checksum and write it atomically as JSON."""
    return write_atomic(Path(path), encode_document(body, indent))


def encode_document(body: dict[str, Any], indent: int | None = 1) -> str:
    """Stamp ``body`` with its checksum; the text ``write_document`` writes (a writer may check it first)."""
    body["checksum"] = checksum(body)
    return json.dumps(body, indent=indent, ensure_ascii=False) + "\n"


_UMASK_LOCK = threading.Lock()


def default_mode() -> int:
    """The mode a newly created ordinary file gets here (0o666 minus the umask), as ``open`` would give."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, text: str | bytes) -> Path:
    """Write to a temporary file beside ``path``, flush, fsync, then rename over it (text as UTF-8).

    The file gets the permissions an ordinary new file gets (a replaced file keeps its own), not
    the owner-only mode of the temporary file, so a save or report can be handed on like any document.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(path.parent, path.name)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode() if isinstance(text, str) else text)
            f.flush()
            with contextlib.suppress(OSError):
                os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        os.replace(tmp, path)
        try:
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def clean_stale_temps(folder: Path, name: str | None = None, max_age: float = STALE_SECONDS) -> int:
    """Remove temporary files of interrupted writes (``.NAME.*.tmp``) older than ``max_age`` seconds.

    A younger one may belong to a write in progress in another process, so it is left alone.
    Returns how many were removed; a folder that cannot be listed is left as it is.
    """
    pattern = f".{glob.escape(name)}.*{_TMP_SUFFIX}" if name else f".*{_TMP_SUFFIX}"
    now, removed = time.time(), 0
    try:
        found = list(folder.glob(pattern))
    except OSError:
        return 0
    for tmp in found:
        try:
            st = os.lstat(tmp)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > max_age:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed
