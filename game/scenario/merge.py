"""What-if variants: ``extends:`` a base scenario and change only some keys.

Merge rules (documented in docs/scenario-format.md):
- mappings merge key by key, recursively;
- lists of records with an ``id`` (units, triggers, phases) merge by id: an entry with a known
  id changes that record key by key, ``remove: true`` drops it, a new id is appended;
- every other value (numbers, text, map rows, plain lists) replaces the base value.
Positions are kept from whichever file wrote each value, so errors point into the right file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.scenario.errors import Diagnostic, ScenarioError
from game.scenario.yamlload import LDict, LList, load_located

MAX_CHAIN = 8


def merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = LDict()
        out.mark = getattr(over, "mark", None) or getattr(base, "mark", None)
        for k, v in base.items():
            out[k] = v
            out.marks[k] = getattr(base, "marks", {}).get(k)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
            out.marks[k] = getattr(over, "marks", {}).get(k) or out.marks.get(k)
        return out
    if isinstance(base, list) and isinstance(over, list) and _is_id_list(base) and _is_id_list(over):
        return _merge_by_id(base, over)
    return over


def _is_id_list(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "id" in i for i in items)


def _merge_by_id(base: list[Any], over: list[Any]) -> LList:
    base_marks = getattr(base, "marks", [None] * len(base))
    over_marks = getattr(over, "marks", [None] * len(over))
    changes = {item["id"]: (item, over_marks[i]) for i, item in enumerate(over)}
    out = LList()
    out.mark = getattr(over, "mark", None)
    seen = set()
    for i, item in enumerate(base):
        key = item["id"]
        if key in changes:
            seen.add(key)
            change, m = changes[key]
            if change.get("remove") is True:
                continue
            out.append(merge(item, change))
            out.marks.append(m or base_marks[i])
        else:
            out.append(item)
            out.marks.append(base_marks[i])
    for i, item in enumerate(over):
        if item["id"] not in seen and item.get("remove") is not True:
            out.append(item)
            out.marks.append(over_marks[i])
    return out


def resolve_extends(ref: str, relative_to: Path, bundled: Path) -> Path | None:
    """A relative file next to the variant first, then a bundled scenario by file name or name."""
    for candidate in (relative_to.parent / ref, bundled / ref, bundled / f"{ref}.yaml"):
        if candidate.is_file():
            return candidate
    return None


def load_with_extends(path: Path, bundled: Path, display: str | None = None) -> tuple[LDict, list[Path]]:
    """Load ``path`` and everything it extends; returns the merged data and the chain of files."""
    chain: list[Path] = []
    layers: list[LDict] = []
    current: Path | None = path
    shown = display
    while current is not None:
        resolved = current.resolve()
        if resolved in chain:
            names = " -> ".join(p.name for p in [*chain, resolved])
            raise ScenarioError([Diagnostic(None, "extends", f"'extends' goes round in a circle: {names}")])
        if len(chain) >= MAX_CHAIN:
            raise ScenarioError([Diagnostic(None, "extends", f"more than {MAX_CHAIN} files extend each other")])
        chain.append(resolved)
        data = load_located(current, display=shown)
        shown = None
        layers.append(data)
        ref = data.get("extends")
        if ref is None:
            current = None
        elif not isinstance(ref, str):
            raise ScenarioError([Diagnostic(data.marks.get("extends"), "extends", "'extends' names a scenario file, as text")])
        else:
            nxt = resolve_extends(ref, resolved, bundled)
            if nxt is None:
                known = sorted(p.stem for p in bundled.glob("*.yaml"))
                raise ScenarioError([Diagnostic(data.marks.get("extends"), "extends",
                                                f"cannot find the scenario '{ref}' to extend; looked next to this file "
                                                f"and among the bundled ones ({', '.join(known)})")])
            current = nxt
    merged: Any = layers[-1]
    for layer in reversed(layers[:-1]):
        merged = merge(merged, layer)
    if len(layers) > 1:
        merged.pop("extends", None)
        base_id = layers[-1].get("id")
        if layers[0].get("id") in (None, base_id):
            raise ScenarioError([Diagnostic(layers[0].mark, "id", "a what-if needs an 'id' of its own, different from "
                                            f"the scenario it extends ('{base_id}')")])
    return merged, chain
