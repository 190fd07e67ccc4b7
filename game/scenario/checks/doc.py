"""The typed accessor the semantic checks read scenario data through.

The checks run on data the schema may already have refused (a list where a mapping belongs, a
number where an id belongs), so every read goes through a method that returns the expected
shape or an empty one: a check never trips over a wrong type, it just finds nothing to check,
and the schema's own error stands. ``Doc`` also owns the one way to report a problem (``err``),
the reference check (``ref``) and the things several topics need (the grid, zones' cells, the
calendar), computed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import Any, TypeGuard

import jsonschema  # type: ignore[import-untyped]

from game.scenario import model as m
from game.scenario.errors import Diagnostic, Mark, did_you_mean, format_path
from game.scenario.schema import scenario_schema
from game.scenario.yamlload import LDict, mark_at

Path = tuple[Any, ...]
Cell = tuple[int, int]
_CALENDAR = jsonschema.Draft202012Validator(scenario_schema()["properties"]["calendar"])


def leaves(x: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every scalar of a document with its path, depth first: the checks that look at every value
    (non-finite numbers, source markers in any text) walk the document one way."""
    if isinstance(x, dict):
        for k, v in x.items():
            yield from leaves(v, (*path, k))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from leaves(v, (*path, i))
    else:
        yield path, x


def as_dict(v: Any) -> dict[Any, Any]:
    """``v`` if it is a mapping, else {}."""
    return v if isinstance(v, dict) else {}


def as_list(v: Any) -> list[Any]:
    """``v`` if it is a list, else []."""
    return v if isinstance(v, list) else []


def is_ints(v: Any, n: int) -> bool:
    """Whether ``v`` is a list of ``n`` whole numbers (a cell has 2, a rectangle 4)."""
    return isinstance(v, list) and len(v) == n and all(isinstance(i, int) and not isinstance(i, bool) for i in v)


def is_number(v: Any) -> TypeGuard[int | float]:
    """A number that is not a boolean (YAML's true is Python's 1)."""
    return isinstance(v, int | float) and not isinstance(v, bool)


class ZoneCycle(Exception):
    """Zones that include each other through 'union' in a circle."""


class Doc:
    """Merged scenario data, read in the shapes the checks expect, with the diagnostics found so far."""

    def __init__(self, data: LDict) -> None:
        self.d = data
        self.out: list[Diagnostic] = []

    # --- reporting ----------------------------------------------------------------------
    def err(self, path: Path, message: str) -> None:
        """A problem at the value ``path`` points to (its line and column come from the loader)."""
        self.out.append(Diagnostic(mark_at(self.d, path), format_path(path), message))

    def err_at(self, mark: Mark | None, path: str, message: str) -> None:
        """A problem at an exact position (inside a text block, where no value has a mark of its own)."""
        self.out.append(Diagnostic(mark, path, message))

    def ref(self, path: Path, value: Any, key: str, what: str) -> bool:
        """Check that ``value`` names an entry of the section ``key``; report it with a suggestion if not."""
        known = self.ids(key)
        if isinstance(value, str) and value not in known:
            self.err(path, f"unknown {what} '{value}'{did_you_mean(value, known)}; "
                     f"defined {key}: {', '.join(known) if known else 'none'}")
            return False
        return True

    # --- sections -----------------------------------------------------------------------
    def section(self, key: str) -> dict[Any, Any]:
        """A top-level mapping (terrain, zones, sides, ...), or {}."""
        return as_dict(self.d.get(key))

    def records(self, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """The mapping entries of a top-level list (units, triggers, phases), with their index.

        An entry marked ``remove: true`` outside a what-if is reported by the removal check and
        otherwise ignored, as the merge would have dropped it."""
        for i, item in enumerate(as_list(self.d.get(key))):
            if isinstance(item, dict) and item.get("remove") is not True:
                yield i, item

    def ids(self, key: str) -> list[str]:
        """The ids defined in a section: the keys of a mapping or the 'id' of each record of a list."""
        v = self.d.get(key)
        if isinstance(v, dict):
            return [k for k in v if isinstance(k, str)]
        if isinstance(v, list):
            return [i["id"] for i in v if isinstance(i, dict) and isinstance(i.get("id"), str)]
        return []

    @cached_property
    def nodes(self) -> dict[Any, Any]:
        """Tunnel nodes by id."""
        return as_dict(self.section("tunnels").get("nodes"))

    @cached_property
    def units_by_id(self) -> dict[Any, dict[str, Any]]:
        """Unit records by id."""
        return {u.get("id"): u for _, u in self.records("units")}

    # --- the map ------------------------------------------------------------------------
    @cached_property
    def rows(self) -> list[str] | None:
        """The map rows as written (None when map.rows is not text)."""
        rows = as_dict(self.d.get("map")).get("rows")
        return rows.rstrip("\n").split("\n") if isinstance(rows, str) else None

    grid: list[str] | None = None  # set by the map check once the rows are known to be a clean rectangle

    def terrain_of(self, ch: str) -> dict[str, Any] | None:
        """The terrain record drawn by the character ``ch``."""
        for t in self.section("terrain").values():
            if isinstance(t, dict) and t.get("char") == ch:
                return t
        return None

    def passable(self, cell: Cell) -> bool:
        """Whether a unit may stand on ``cell`` (the grid must be known)."""
        assert self.grid is not None
        t = self.terrain_of(self.grid[cell[1]][cell[0]])
        return not (t and (t.get("move_cost") is None or t.get("river")))

    def on_map(self, path: Path, cell: Any, what: str, passable: bool = True) -> bool:
        """Report a cell off the map (or, with ``passable``, on ground no unit can stand on)."""
        grid = self.grid
        if grid is None or not is_ints(cell, 2):
            return False
        x, y = cell
        w, h = len(grid[0]), len(grid)
        if not (0 <= x < w and 0 <= y < h):
            self.err(path, f"{what} [{x}, {y}] is off the map (the map is {w} wide, x 0-{w - 1}, and {h} tall, "
                     f"y 0-{h - 1})")
            return False
        if passable and not self.passable((x, y)):
            name = as_dict(self.terrain_of(grid[y][x])).get("name", "")
            self.err(path, f"{what} [{x}, {y}] is on impassable terrain ({name}); choose a cell a unit can stand on")
            return False
        return True

    def zone_cells(self, zid: str) -> set[Cell]:
        """The cells of a zone on the grid (following unions); raises ZoneCycle on a loop."""
        if self.grid is None:
            return set()
        return zone_cells(self.d, zid, self.grid)

    # --- the calendar -------------------------------------------------------------------
    @cached_property
    def calendar(self) -> m.Calendar | None:
        """The calendar if it is valid on its own, else None: checks against a broken calendar would
        only repeat its schema error in other words."""
        cal = self.d.get("calendar")
        if not (isinstance(cal, dict) and _CALENDAR.is_valid(cal)):
            return None
        try:
            return m.Calendar(start=m.parse_date(cal["start"]), turn_hours=cal["turn_hours"], turns=cal["turns"],
                              night_from=cal.get("night_from", 18), night_until=cal.get("night_until", 6))
        except ValueError:
            return None

    def last_turn_start(self) -> dt.datetime | None:
        """When the last turn starts, if the calendar is usable."""
        cal = self.calendar
        return cal.turn_start(cal.turns) if cal else None


def zone_cells(d: dict[str, Any], zid: str, grid: list[str], _stack: tuple[str, ...] = ()) -> set[Cell]:
    """The cells of zone ``zid`` on ``grid``, following unions; raises ZoneCycle on a loop."""
    if zid in _stack:
        raise ZoneCycle(zid)
    z = as_dict(d.get("zones")).get(zid)
    if not isinstance(z, dict):
        return set()
    w, h = len(grid[0]), len(grid)
    cells: set[Cell] = set()
    for r in as_list(z.get("rects")):
        if is_ints(r, 4):
            x0, y0, x1, y1 = r
            cells |= {(x, y) for x in range(max(0, x0), min(w, x1 + 1)) for y in range(max(0, y0), min(h, y1 + 1))}
    for c in as_list(z.get("cells")):
        if is_ints(c, 2) and 0 <= c[0] < w and 0 <= c[1] < h:
            cells.add((c[0], c[1]))
    if z.get("terrain"):
        terrain = as_dict(d.get("terrain"))
        chars = {as_dict(terrain.get(t)).get("char") for t in as_list(z["terrain"]) if isinstance(t, str)}
        cells = {c for c in cells if grid[c[1]][c[0]] in chars}
    for other in as_list(z.get("union")):
        if isinstance(other, str):
            cells |= zone_cells(d, other, grid, (*_stack, zid))
    return cells
