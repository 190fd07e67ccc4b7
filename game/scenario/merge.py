"""What-if variants: ``extends:`` a base scenario and change only some keys.

Merge rules (documented in docs/scenario-format.md):
- mappings merge key by key, recursively;
- lists of records with an ``id`` (units, triggers, phases) merge by id: an entry with a known
  id changes that record key by key, ``remove: true`` drops it, a new id is appended;
- every other value (numbers, text, map rows, plain lists) replaces the base value.
Positions are kept from whichever file wrote each value, so errors point into the right file.
A what-if that removes an id the base does not have, or names one id twice, is an error: both
are almost always a misspelt id, and silently appending a half-written record would hide it.
"""

from __future__ import annotations

import copy
import json
import re
import stat
from pathlib import Path
from typing import Any

from game.scenario.errors import Diagnostic, ScenarioError, did_you_mean, format_path
from game.scenario.schema import scenario_schema
from game.scenario.yamlload import LDict, LList, load_located

MAX_CHAIN = 8


def merge(base: Any, over: Any, problems: list[Diagnostic] | None = None, path: tuple[Any, ...] = ()) -> Any:
    """``over`` laid on ``base`` by the rules above; mistakes in ``over`` are added to ``problems``."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = LDict()
        out.mark = getattr(over, "mark", None) or getattr(base, "mark", None)
        for src in (base, over):
            for k in src:
                out.key_marks[k] = getattr(src, "key_marks", {}).get(k) or out.key_marks.get(k)
        for k, v in base.items():
            out[k] = v
            out.marks[k] = getattr(base, "marks", {}).get(k)
            base_indents: dict[Any, int] = getattr(base, "indents", {})
            if k in base_indents:
                out.indents[k] = base_indents[k]
        for k, v in over.items():
            if _removes(k, v):
                if k in out:
                    del out[k]
                    out.marks.pop(k, None)
                    out.indents.pop(k, None)
                    _note(out, over, k, "removes")
                elif problems is not None:
                    problems.append(Diagnostic(getattr(over, "key_marks", {}).get(k), format_path((*path, k)),
                                               f"cannot remove '{k}': the scenario this extends has no such key here"
                                               f"{did_you_mean(k, map(str, base))}"))
                continue
            if v == {} and isinstance(base.get(k), dict) and base[k] and problems is not None:
                problems.append(Diagnostic(getattr(over, "marks", {}).get(k), format_path((*path, k)),
                                           f"an empty mapping changes nothing in a what-if (mappings merge key by key); "
                                           f"to remove every entry write '{k}: ~'"))
            out[k] = merge(base[k], v, problems, (*path, k)) if k in base else v
            out.marks[k] = getattr(over, "marks", {}).get(k) or out.marks.get(k)
            if k in base and not isinstance(v, dict | list):
                _note(out, over, k, "changes")
            over_indents: dict[Any, int] = getattr(over, "indents", {})
            if k in over_indents:
                out.indents[k] = over_indents[k]
            elif k in out.indents and not isinstance(out[k], str):
                del out.indents[k]
        return out
    if isinstance(base, list) and isinstance(over, list) and _is_id_list(base) \
            and all(isinstance(i, dict) for i in over) and any("id" in i for i in over):
        return _merge_by_id(base, over, problems if problems is not None else [], path)
    return over


# null has a meaning of its own here (impassable ground), so '~' cannot mean "remove" for it.
NULL_IS_A_VALUE = frozenset({"move_cost"})


def _removes(key: Any, value: Any) -> bool:
    """A what-if removes a mapping entry with ``key: ~`` (null) or ``key: {remove: true}``."""
    if value is None:
        return key not in NULL_IS_A_VALUE
    return isinstance(value, dict) and value.get("remove") is True and len(value) == 1


def _note(out: LDict, over: Any, key: Any, verb: str) -> None:
    """Remember where a what-if removed or changed ``key``, so an error it causes in the base can say so."""
    mark = getattr(over, "key_marks", {}).get(key)
    if mark is not None:
        out.changes.append((str(key), verb, mark))


def changes_in(data: Any) -> list[tuple[str, str, Any]]:
    """Every removal and change a what-if made, anywhere in merged data: (key or id, verb, mark)."""
    out: list[tuple[str, str, Any]] = list(getattr(data, "changes", []))
    children = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    for child in children:
        out += changes_in(child)
    return out


def _is_id_list(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "id" in i for i in items)


def _merge_by_id(base: list[Any], over: list[Any], problems: list[Diagnostic], path: tuple[Any, ...]) -> LList:
    base_marks = getattr(base, "marks", [None] * len(base))
    over_marks = getattr(over, "marks", [None] * len(over))
    base_ids = [item["id"] for item in base]
    changes: dict[Any, tuple[Any, Any]] = {}
    for i, item in enumerate(over):
        if "id" not in item:
            problems.append(Diagnostic(over_marks[i], format_path((*path, i)),
                                       "in a what-if, each entry needs the 'id' of the record it changes or adds; "
                                       f"found keys {', '.join(map(str, item)) or 'none'}"))
            continue
        if item["id"] in changes:
            problems.append(Diagnostic(over_marks[i], format_path((*path, i, "id")),
                                       f"the id '{item['id']}' is changed twice in this what-if; merge the two entries"))
            continue
        changes[item["id"]] = (item, over_marks[i])
        if item.get("remove") is True and item["id"] not in base_ids:
            problems.append(Diagnostic(over_marks[i], format_path((*path, i, "id")),
                                       f"cannot remove '{item['id']}': the scenario this extends has no such id"
                                       f"{did_you_mean(item['id'], map(str, base_ids))}"))
    out = LList()
    out.mark = getattr(over, "mark", None)
    seen = set()
    for i, item in enumerate(base):
        key = item["id"]
        if key in changes:
            seen.add(key)
            change, m = changes[key]
            if change.get("remove") is True:
                if m is not None:
                    out.changes.append((str(key), "removes", m))
                continue
            out.append(merge(item, change, problems, (*path, len(out))))
            out.marks.append(m or base_marks[i])
        else:
            out.append(item)
            out.marks.append(base_marks[i])
    for key, (item, m) in changes.items():
        if key not in seen and item.get("remove") is not True:
            out.append(item)
            out.marks.append(m)
    return out


class ExtendsRefused(Exception):
    """An ``extends:`` reference that points where a what-if may not read; the message names no file content."""


def _inside(root: Path, ref: str) -> Path | None:
    """``root / ref`` if it is a regular file reached without a symlink and without leaving ``root``.

    Refused (ExtendsRefused) rather than skipped when the path exists but is a link, a device, a
    FIFO or a folder: the designer should hear why their file was not used. Nothing is opened here,
    so a FIFO cannot block and a device cannot be read.
    """
    here = root
    for part in Path(ref).parts:
        here = here / part
        if here.is_symlink():
            raise ExtendsRefused(f"'{ref}' goes through a symbolic link ('{part}'); a what-if may extend only "
                                 "real files, not links")
    try:
        st = here.stat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device, pipe or socket)"
        raise ExtendsRefused(f"'{ref}' is {what}; a what-if extends a scenario file")
    if not here.resolve().is_relative_to(root.resolve()):
        raise ExtendsRefused(f"'{ref}' lies outside the what-if's folder")
    return here


def resolve_extends(ref: str, relative_to: Path, bundled: Path) -> Path | None:
    """A file in the extending file's own folder (or below) first, then a bundled scenario by file name or name.

    Nothing else is read: an absolute path, a '..' step, a symbolic link or anything that is not a
    regular file raises ExtendsRefused before a byte is read, so validating someone else's what-if
    (a class folder, a shared drive) cannot disclose other files on the machine.
    """
    parts = Path(ref).parts
    if Path(ref).is_absolute() or ref.startswith(("~", "\\")) or re.match(r"^[A-Za-z]:", ref):
        raise ExtendsRefused(f"'{ref}' is an absolute path; {_WHERE}")
    if ".." in parts or "\\" in ref:
        raise ExtendsRefused(f"'{ref}' steps out of the folder with '..'; {_WHERE}")
    for candidate in ((relative_to.parent, ref), (bundled, ref), (bundled, f"{ref}.yaml")):
        root, name = candidate
        if root == bundled and len(parts) != 1:
            continue
        found = _inside(root, name)
        if found is not None:
            return found
    return None


_WHERE = "a what-if may extend a bundled scenario by name, or a file in its own folder or below it"


def load_with_extends(path: Path, bundled: Path, display: str | None = None) -> tuple[LDict, list[Path]]:
    """Load ``path`` and everything it extends; returns the merged data and the chain of files.

    Mistakes that leave usable data (duplicate keys, tags, what-if ids that match nothing) are
    gathered in the result's ``problems`` rather than raised, so one run reports them all.
    """
    chain: list[Path] = []
    layers: list[LDict] = []
    current: Path | None = path
    shown = display
    while current is not None:
        resolved = current.resolve()
        here = layers[-1].marks.get("extends") if layers else None
        if resolved in chain:
            names = " -> ".join(p.name for p in [*chain, resolved])
            raise ScenarioError([Diagnostic(here, "extends", f"'extends' goes round in a circle: {names}")])
        if len(chain) >= MAX_CHAIN:
            raise ScenarioError([Diagnostic(here, "extends", f"more than {MAX_CHAIN} files extend each other")])
        chain.append(resolved)
        data = load_located(current, display=shown, keep_going=True)
        shown = None
        layers.append(data)
        ref = data.get("extends")
        if ref is None:
            current = None
        elif not isinstance(ref, str):
            raise ScenarioError([Diagnostic(data.marks.get("extends"), "extends",
                                            "'extends' names a scenario file, as text")])
        else:
            try:
                nxt = resolve_extends(ref, resolved, bundled)
            except ExtendsRefused as e:
                raise ScenarioError([Diagnostic(data.marks.get("extends"), "extends", f"refused: {e}")]) from None
            if nxt is None:
                known = sorted(p.stem for p in bundled.glob("*.yaml"))
                raise ScenarioError([Diagnostic(data.marks.get("extends"), "extends",
                                                f"cannot find the scenario '{ref}' to extend; looked next to this file "
                                                f"and among the bundled ones ({', '.join(known)})"
                                                f"{did_you_mean(ref.removesuffix('.yaml'), known)}")])
            current = nxt
    problems = [p for layer in layers for p in layer.problems]
    merged: Any = layers[-1]
    for layer in reversed(layers[:-1]):
        merged = merge(merged, layer, problems)
    if len(layers) > 1:
        merged.pop("extends", None)
        base_id = layers[-1].get("id")
        if layers[0].get("id") in (None, base_id):
            problems.append(Diagnostic(layers[0].marks.get("id") or layers[0].mark, "id",
                                       "a what-if needs an 'id' of its own, different from the scenario it extends "
                                       f"('{base_id}')"))
    merged.problems = problems
    return merged, chain


def whatif_schema() -> dict[str, Any]:
    """The schema a what-if file satisfies as written, for the designer's editor.

    A what-if leaves out everything it inherits, so under the full schema an editor would
    underline every missing key. Here only ``extends`` and ``id`` are required (and the ``id`` of
    each record a list merges by); keys, types and ranges are unchanged, so typos are still
    caught while typing. Effects stay whole: a trigger's ``do`` list replaces the base's. The
    validator checks the merged result against the full schema, as before.
    """
    schema = copy.deepcopy(scenario_schema())
    _relax(schema)
    _removable(schema)
    schema["$defs"] = {"removed": _REMOVED}
    schema["$id"] = schema["$id"].replace(".schema.json", ".whatif.schema.json")
    schema["title"] += " (what-if)"
    schema["description"] = "A what-if of an Abu Kamal scenario: 'extends' plus only the keys that change."
    schema["required"] = ["extends", "id"]
    return schema


def _relax(s: Any) -> None:
    if isinstance(s, list):
        for item in s:
            _relax(item)
        return
    if not isinstance(s, dict):
        return
    if s.get("maxProperties") == 1:
        return  # an effect stays whole: a what-if's 'do' list replaces the base's
    if isinstance(s.get("oneOf"), list) and all(isinstance(b, dict) and set(b) == {"required"} for b in s["oneOf"]):
        del s["oneOf"]  # "exactly one of these keys": a what-if may name none of them
    if "required" in s:
        keep = ["id"] if "id" in s["required"] and "id" in s.get("properties", {}) else []
        if keep:
            s["required"] = keep
        else:
            del s["required"]
    s.pop("minProperties", None)
    for key, value in s.items():
        if key != "oneOf" or not all(isinstance(b, dict) and b.get("type") == "object" for b in value):
            _relax(value)


_REMOVED = {"anyOf": [{"type": "null", "description": "In a what-if: '~' removes this key."},
                      {"type": "object", "properties": {"remove": {"const": True,
                                                                   "description": "In a what-if: remove this entry."}},
                       "required": ["remove"], "additionalProperties": False}]}
_REMOVE = [{"$ref": "#/$defs/removed"}]


def _removable(s: Any, top: bool = True) -> None:
    """Let every key of a mapping (and every entry of a mapping by id) be removed with '~' or {remove: true}.

    Keys whose own schema already admits null (terrain's move_cost) keep their meaning.
    """
    if isinstance(s, list):
        for item in s:
            _removable(item, False)
        return
    if not isinstance(s, dict) or s.get("maxProperties") == 1:
        return
    for key, value in list(s.items()):
        _removable(value, False)
        if key == "properties" and isinstance(value, dict):
            for name, sub in value.items():
                if isinstance(sub, dict) and not (top and name in ("extends", "id", "$schema")) \
                        and "null" not in str(sub.get("type")) and name != "remove":
                    value[name] = {"anyOf": [sub, *_REMOVE]}
        elif key == "additionalProperties" and isinstance(value, dict):
            s[key] = {"anyOf": [value, *_REMOVE]}


def whatif_schema_json() -> str:
    """The what-if schema as the JSON text shipped next to the scenarios."""
    return json.dumps(whatif_schema(), indent=2) + "\n"
