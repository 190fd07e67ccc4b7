"""Validate scenario files and build the typed Scenario.

Every problem found is reported, each with file, line, column, the path inside the document,
what was expected and what was found. Schema checks come first (shape and types), then the
semantic checks that a schema cannot express (references, map geometry, reachability).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema

from game.engine.catalogue import KINDS
from game.resources import scenarios_dir
from game.scenario import model as m
from game.scenario.decisions import build as build_decisions
from game.scenario.decisions import check as decision_checks
from game.scenario.errors import Diagnostic, Mark, ScenarioError, closest, did_you_mean, format_path
from game.scenario.merge import load_with_extends
from game.scenario.schema import EVENT_KINDS, scenario_schema
from game.scenario.yamlload import LDict, key_mark_at, mark_at

_VALIDATOR = jsonschema.Draft202012Validator(scenario_schema())
_CALENDAR = jsonschema.Draft202012Validator(scenario_schema()["properties"]["calendar"])
# What each event carries that a condition can test, from the engine's catalogue of event kinds.
EVENT_FIELDS: dict[str, frozenset[str]] = {
    k.name: frozenset(f for f in ("side", "cell", "ambush", "unit", "unit_type") if k.carries(f))
    for k in KINDS.values() if k.trigger}
_MARKER = re.compile(r"\[(S\d+)\]")
YAML11_HINT = " (YAML reads bare yes/no/on/off as true/false and 1.10 as the number 1.1: put the value in quotes)"


def bundled_scenarios() -> list[Path]:
    return sorted(scenarios_dir().glob("*.yaml"))


def find_scenario(ref: str | Path) -> Path:
    """A path as given, or a bundled scenario by name (``abu_kamal_2017``) or file name."""
    p = Path(ref)
    if p.is_file() or p.suffix or "/" in str(ref):
        return p
    for candidate in (scenarios_dir() / f"{ref}.yaml", scenarios_dir() / str(ref)):
        if candidate.is_file():
            return candidate
    names = [s.stem for s in bundled_scenarios()]
    raise ScenarioError([Diagnostic(Mark(str(ref), 0, 0), "", f"no file or bundled scenario named '{ref}'; "
                                    f"bundled ones: {', '.join(names)}{did_you_mean(str(ref), names)}")])


def load_scenario(ref: str | Path = "abu_kamal_2017") -> m.Scenario:
    """Load, merge, validate and build a scenario; raise ScenarioError listing every problem."""
    path = find_scenario(ref)
    data, chain = load_with_extends(path, scenarios_dir(), display=_display(path))
    problems = list(check_data(data))
    if problems:
        raise ScenarioError(problems)
    return build(data, path, chain)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(scenarios_dir().resolve().parent))
    except ValueError:
        return str(path)


# --- schema errors, in a designer's words --------------------------------------------------

def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'" if len(value) < 60 else "a long text"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "null": "null"}


def _schema_errors(data: Any) -> Iterator[Diagnostic]:
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    # A misspelt required key shows up twice (unknown 'turn_hour', missing 'turn_hours'); say it once.
    misspelt: set[tuple[tuple[Any, ...], str]] = set()
    for err in errors:
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list(err.schema.get("properties", {}))
            for key in err.instance:
                if key not in allowed and (close := did_you_mean(key, allowed)):
                    misspelt.add((tuple(err.absolute_path), close.split("'")[1]))
    # A value of the wrong type also fails its enum or pattern: the type error says it better.
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for err in errors:
        if err.validator in ("enum", "const", "pattern") and tuple(err.absolute_path) in mistyped:
            continue
        yield from _translate(data, err, misspelt)


def _translate(data: Any, err: jsonschema.ValidationError,
               misspelt: set[tuple[tuple[Any, ...], str]] | None = None) -> Iterator[Diagnostic]:
    path = tuple(err.absolute_path)
    where = mark_at(data, path)
    shown = format_path(path)
    v = err.instance
    kind = err.validator
    if kind == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        for key in [k for k in v if k not in allowed] if isinstance(v, dict) else []:
            if key == "on" and len(path) == 2 and path[0] == "triggers":
                continue  # the old name of 'when': the trigger checks say what to change
            msg = f"unknown key '{key}'{did_you_mean(key, allowed)}; expected one of: {', '.join(allowed)}"
            yield Diagnostic(key_mark_at(data, (*path, key)), format_path((*path, key)), msg)
        return
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        if (path, missing) in (misspelt or set()):
            return
        about = err.schema.get("properties", {}).get(missing, {}).get("description", "")
        yield Diagnostic(where, shown, f"missing key '{missing}'{': ' + about if about else ''}")
        return
    if kind == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in want)
        hint = YAML11_HINT if isinstance(v, bool | float) and "string" in want else ""
        if v is None and "string" in want:
            hint = " (if you wrote a value starting with '#', YAML read it as a comment: put it in quotes)"
        yield Diagnostic(where, shown, f"expected {words}, found {_describe(v)}{hint}")
        return
    if kind in ("enum", "const"):
        options = err.validator_value if kind == "enum" else [err.validator_value]
        hint = YAML11_HINT if isinstance(v, bool) else ""
        yield Diagnostic(where, shown, f"expected one of {', '.join(map(str, options))}; found {_describe(v)}"
                         f"{did_you_mean(v, [str(o) for o in options])}{hint}")
        return
    if kind == "pattern":
        if err.validator_value == scenario_schema()["properties"]["id"]["pattern"]:
            yield Diagnostic(where, shown, f"'{v}' is not a valid id: use lower-case letters, digits and '_', "
                             "starting with a letter")
        elif "S" in err.validator_value and "\\d" in err.validator_value:
            yield Diagnostic(where, shown, f"'{v}' is not a source marker; write S followed by its number, e.g. S28")
        elif "#" in err.validator_value:
            yield Diagnostic(where, shown, f"'{v}' is not a colour; write #rrggbb, e.g. #3a6ea5")
        else:
            yield Diagnostic(where, shown, f"'{v}' is not a date; write 2017-11-09 or 2017-11-09T18:00")
        return
    if kind == "propertyNames":
        for sub in err.context:
            bad = sub.instance
            yield Diagnostic(key_mark_at(data, (*path, bad)), format_path((*path, bad)),
                             f"'{bad}' is not a valid id here: use lower-case letters, digits and '_' "
                             "(source markers: S and a number)")
        return
    if kind == "oneOf" and isinstance(v, dict) and len(v) == 1 and path and path[-2:-1] == ("do",):
        verb = next(iter(v))
        verbs = [b["required"][0] for b in err.validator_value]
        if verb not in verbs:
            yield Diagnostic(where, shown, f"unknown effect '{verb}'{did_you_mean(verb, verbs)}; effects are: {', '.join(verbs)}")
            return
        branch = verbs.index(verb)
        subs = [s for s in err.context if s.relative_schema_path and s.relative_schema_path[0] == branch]
        for s in subs:
            s.path = err.path + s.path  # make the path absolute for marks
            yield from _translate(data, s)
        return
    if kind == "oneOf" and isinstance(v, dict) and len(v) != 1 and path[-2:-1] == ("do",):
        yield Diagnostic(where, shown, f"an effect is a mapping with exactly one key (the verb), found keys {', '.join(map(str, v))}")
        return
    if kind in ("minimum", "maximum", "exclusiveMinimum"):
        rel = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than"}[kind]
        yield Diagnostic(where, shown, f"expected {rel} {err.validator_value}, found {v}")
        return
    if kind in ("minItems", "maxItems") and isinstance(v, list) and err.schema.get("minItems") == err.schema.get("maxItems"):
        yield Diagnostic(where, shown, f"expected a list of {err.schema['minItems']} numbers, found {len(v)}")
        return
    yield Diagnostic(where, shown, err.message)


# --- semantic checks ---------------------------------------------------------------------

class _Checker:
    def __init__(self, data: LDict) -> None:
        self.d = data
        self.out: list[Diagnostic] = []

    def err(self, path: tuple[Any, ...], message: str) -> None:
        self.out.append(Diagnostic(mark_at(self.d, path), format_path(path), message))

    def ids(self, key: str) -> list[str]:
        v = self.d.get(key)
        if isinstance(v, dict):
            return [k for k in v if isinstance(k, str)]
        if isinstance(v, list):
            return [i["id"] for i in v if isinstance(i, dict) and isinstance(i.get("id"), str)]
        return []

    def ref(self, path: tuple[Any, ...], value: Any, key: str, what: str) -> bool:
        known = self.ids(key)
        if isinstance(value, str) and value not in known:
            self.err(path, f"unknown {what} '{value}'{did_you_mean(value, known)}; "
                     f"defined {key}: {', '.join(known) if known else 'none'}")
            return False
        return True

    # map
    def grid(self) -> list[str] | None:
        mp = self.d.get("map")
        rows = mp.get("rows") if isinstance(mp, dict) else None
        if not isinstance(rows, str):
            return None
        lines = rows.rstrip("\n").split("\n")
        first_line = mark_at(self.d, ("map", "rows"))
        base = (first_line.line + 1) if first_line else None
        terrain = self.d.get("terrain") if isinstance(self.d.get("terrain"), dict) else {}
        chars = {t.get("char"): k for k, t in terrain.items() if isinstance(t, dict) and isinstance(t.get("char"), str)}
        width = len(lines[0]) if lines else 0
        ok = bool(lines) and width > 0
        for i, line in enumerate(lines):
            where = (m_file(first_line), base + i if base else 0)
            if len(line) != width:
                self._at(where, 1, f"map.rows[{i}]", f"map row {i} has {len(line)} cells; the first row has {width}")
                ok = False
            for j, ch in enumerate(line):
                if ch not in chars:
                    self._at(where, j + 1 + _indent(self.d, ("map", "rows")), f"map.rows[{i}]",
                             f"'{ch}' at cell [{j}, {i}] is not in the terrain legend; characters in use: "
                             f"{' '.join(sorted(c for c in chars if isinstance(c, str)))}")
                    ok = False
        return lines if ok else None

    def _at(self, where: tuple[str, int], col: int, path: str, message: str) -> None:
        file, line = where
        self.out.append(Diagnostic(Mark(file, line, col), path, message))

    def on_map(self, path: tuple[Any, ...], cell: Any, grid: list[str] | None, what: str, passable: bool = True) -> None:
        if grid is None or not (isinstance(cell, list) and len(cell) == 2 and all(isinstance(c, int) for c in cell)):
            return
        x, y = cell
        w, h = len(grid[0]), len(grid)
        if not (0 <= x < w and 0 <= y < h):
            self.err(path, f"{what} [{x}, {y}] is off the map (the map is {w} wide, x 0-{w - 1}, and {h} tall, y 0-{h - 1})")
            return
        if passable:
            t = self._terrain_of(grid[y][x])
            if t and (t.get("move_cost") is None or t.get("river")):
                name = t.get("name", "")
                self.err(path, f"{what} [{x}, {y}] is on impassable terrain ({name}); choose a cell a unit can stand on")

    def _terrain_of(self, ch: str) -> dict[str, Any] | None:
        for t in _dict(self.d.get("terrain")).values():
            if isinstance(t, dict) and t.get("char") == ch:
                return t
        return None

    def run(self) -> list[Diagnostic]:
        d = self.d
        grid = self.grid()
        terrain = d.get("terrain") if isinstance(d.get("terrain"), dict) else {}
        seen_chars: dict[str, str] = {}
        for tid, t in terrain.items():
            if isinstance(t, dict) and isinstance(t.get("char"), str):
                if t["char"] in seen_chars:
                    self.err(("terrain", tid, "char"), f"the character '{t['char']}' already draws terrain '{seen_chars[t['char']]}'")
                seen_chars[t["char"]] = tid
        # zones
        zones = d.get("zones") if isinstance(d.get("zones"), dict) else {}
        for zid, z in zones.items():
            if not isinstance(z, dict):
                continue
            for i, r in enumerate(_items(z.get("rects"))):
                if _ints(r, 4):
                    self.on_map(("zones", zid, "rects", i), r[:2], grid, "the corner", passable=False)
                    self.on_map(("zones", zid, "rects", i), r[2:], grid, "the corner", passable=False)
                    if r[0] > r[2] or r[1] > r[3]:
                        self.err(("zones", zid, "rects", i), "a rectangle is [x0, y0, x1, y1] with x0 <= x1 and y0 <= y1")
            for i, c in enumerate(_items(z.get("cells"))):
                self.on_map(("zones", zid, "cells", i), c, grid, "the cell", passable=False)
            for i, t in enumerate(_items(z.get("terrain"))):
                self.ref(("zones", zid, "terrain", i), t, "terrain", "terrain")
            for i, u in enumerate(_items(z.get("union"))):
                self.ref(("zones", zid, "union", i), u, "zones", "zone")
            if not any(k in z for k in ("rects", "cells", "union")):
                self.err(("zones", zid), "a zone needs 'rects', 'cells' or 'union'")
        if grid is not None:
            for zid in zones:
                try:
                    cells = zone_cells(d, zid, grid)
                except _Cycle:
                    self.err(("zones", zid, "union"), "zones include each other in a circle")
                    continue
                if not cells and isinstance(zones[zid], dict):
                    self.err(("zones", zid), "this zone has no cells on the map (check rects and the terrain filter)")
        # sides and factions
        sides = d.get("sides") if isinstance(d.get("sides"), dict) else {}
        for sid, s in sides.items():
            if isinstance(s, dict) and "rally_zone" in s:
                self.ref(("sides", sid, "rally_zone"), s["rally_zone"], "zones", "zone")
        order = d.get("turn_order") if isinstance(d.get("turn_order"), list) else []
        for i, s in enumerate(order):
            self.ref(("turn_order", i), s, "sides", "side")
        for sid in sides:
            if order and sid not in order:
                self.err(("turn_order",), f"side '{sid}' is missing from turn_order")
        for fid, f in _dict(d.get("factions")).items():
            if isinstance(f, dict):
                self.ref(("factions", fid, "side"), f.get("side"), "sides", "side")
        # tunnels
        tun = d.get("tunnels") if isinstance(d.get("tunnels"), dict) else {}
        nodes = tun.get("nodes") if isinstance(tun.get("nodes"), dict) else {}
        linked: set[str] = set()
        pairs: set[frozenset[str]] = set()
        for nid, n in nodes.items():
            if isinstance(n, dict):
                self.on_map(("tunnels", "nodes", nid, "at"), n.get("at"), grid, f"tunnel node '{nid}'")
        for i, link in enumerate(_items(tun.get("links"))):
            if not (isinstance(link, list) and len(link) == 2):
                continue
            for j, end in enumerate(link):
                if isinstance(end, str) and end not in nodes:
                    self.err(("tunnels", "links", i, j), _unknown_node(end, nodes))
                    near = closest(end, nodes)
                    if near:
                        linked.add(near)  # its lack of links is this typo, already reported
            if link[0] == link[1]:
                self.err(("tunnels", "links", i), f"this tunnel connects '{link[0]}' to itself, so it connects nothing")
            key = frozenset(map(str, link))
            if key in pairs:
                self.err(("tunnels", "links", i), f"the tunnel {link[0]}-{link[1]} is listed twice")
            pairs.add(key)
            linked.update(e for e in link if isinstance(e, str))
        for nid in nodes:
            if nid not in linked:
                self.err(("tunnels", "nodes", nid), f"tunnel node '{nid}' is not linked to any other node: "
                         "add it to tunnels.links or remove it")
        for sid, known in _dict(tun.get("known_to")).items():
            self.ref(("tunnels", "known_to", sid), sid, "sides", "side")
            if isinstance(known, list):
                for i, nid in enumerate(known):
                    if nid not in nodes:
                        self.err(("tunnels", "known_to", sid, i), _unknown_node(nid, nodes))
        # unit types, units
        types = d.get("unit_types") if isinstance(d.get("unit_types"), dict) else {}
        self.dupes("units")
        occupancy: dict[tuple[int, int], list[str]] = {}
        for i, u in enumerate(_items(d.get("units"))):
            if not isinstance(u, dict):
                continue
            uid = u.get("id", f"#{i}")
            has_type = self.ref(("units", i, "type"), u.get("type"), "unit_types", "unit type")
            self.ref(("units", i, "faction"), u.get("faction"), "factions", "faction")
            others = [o.get("id") for o in _items(d.get("units")) if isinstance(o, dict) and o is not u
                      and isinstance(o.get("id"), str)]
            lacking = [k for k in ("type", "faction") if k not in u]
            if lacking and u.get("remove") is not True:
                near = closest(uid, others)
                hint = f" (did you mean '{near}'? a what-if changes a unit by its exact id)" if near else ""
                self.err(("units", i), f"unit '{uid}' has no {' and no '.join(map(repr, lacking))}{hint}")
            places = [k for k in ("at", "tunnel", "arrives") if k in u]
            if len(places) != 1 and u.get("remove") is not True:
                self.err(("units", i), f"unit '{uid}' needs exactly one of 'at', 'tunnel' or 'arrives' (found "
                         f"{', '.join(places) or 'none'})")
            if "at" in u:
                self.on_map(("units", i, "at"), u["at"], grid, f"unit '{uid}' at")
                if _ints(u["at"], 2):
                    occupancy.setdefault(tuple(u["at"]), []).append(uid)
            tt = types.get(u.get("type")) if has_type and isinstance(u.get("type"), str) else None
            abilities = _items(_dict(tt).get("abilities"))
            if "tunnel" in u:
                if isinstance(u["tunnel"], str) and u["tunnel"] not in nodes:
                    self.err(("units", i, "tunnel"), _unknown_node(u['tunnel'], nodes))
                if tt is not None and "tunnels" not in abilities:
                    self.err(("units", i, "tunnel"), f"unit '{uid}' starts in a tunnel but its type '{u.get('type')}' "
                             "lacks the 'tunnels' ability")
            arr = u.get("arrives")
            if isinstance(arr, dict):
                if ("zone" in arr) == ("tunnel" in arr):
                    self.err(("units", i, "arrives"), "an arrival needs exactly one of 'zone' or 'tunnel'")
                if "zone" in arr:
                    self.ref(("units", i, "arrives", "zone"), arr["zone"], "zones", "zone")
                if "tunnel" in arr and isinstance(arr["tunnel"], str) and arr["tunnel"] not in nodes:
                    self.err(("units", i, "arrives", "tunnel"), _unknown_node(arr['tunnel'], nodes))
                if "turn" in arr and "date" in arr:
                    self.err(("units", i, "arrives"), "give 'turn' or 'date', not both")
                self.calendar_ref(("units", i, "arrives"), arr)
            if tt is not None and isinstance(u.get("strength"), int) and isinstance(tt.get("strength"), int) \
                    and u["strength"] > tt["strength"]:
                self.err(("units", i, "strength"), f"strength {u['strength']} is above the full strength "
                         f"{tt['strength']} of type '{u.get('type')}'")
        limit = _dict(d.get("rules")).get("stack_limit", m.Rules.stack_limit)
        limit = limit if isinstance(limit, int) else m.Rules.stack_limit
        for cell, who in occupancy.items():
            if len(who) > limit:
                idx = next(i for i, u in enumerate(d["units"]) if isinstance(u, dict) and u.get("id") == who[-1])
                self.err(("units", idx, "at"), f"{len(who)} units start on cell {list(cell)} ({', '.join(who)}); "
                         f"the stack limit is {limit}")
        # phases, narration, triggers
        self.dupes("phases")
        self.dupes("triggers")
        phases = self.ids("phases")
        sources = d.get("sources") if isinstance(d.get("sources"), dict) else {}
        for nid, n in _dict(d.get("narration")).items():
            for j, s in enumerate(_items(_dict(n).get("sources"))):
                if isinstance(s, str) and s not in sources:
                    self.err(("narration", nid, "sources", j), f"source {s} is not in this scenario's sources list")
        for i, p in enumerate(_items(d.get("phases"))):
            for j, s in enumerate(_items(_dict(p).get("sources"))):
                if isinstance(s, str) and s not in sources:
                    self.err(("phases", i, "sources", j), f"source {s} is not in this scenario's sources list")
        self.source_markers(sources)
        reachable_phases = _reachable_phases(phases[:1], _items(d.get("triggers")))
        declaring = set(_dict(d.get("declarations")))
        for i, t in enumerate(_items(d.get("triggers"))):
            if isinstance(t, dict):
                self.trigger(i, t, phases, reachable_phases, declaring, nodes)
        # declarations and victory
        for sid, dec in _dict(d.get("declarations")).items():
            self.ref(("declarations", sid), sid, "sides", "side")
            if isinstance(dec, dict):
                for k in ("zone", "withdraw_zone"):
                    if k in dec:
                        self.ref(("declarations", sid, k), dec[k], "zones", "zone")
        vic = d.get("victory") if isinstance(d.get("victory"), dict) else {}
        for sid in vic:
            self.ref(("victory", sid), sid, "sides", "side")
            for j, o in enumerate(_items(_dict(vic[sid]).get("objectives"))):
                if isinstance(o, dict):
                    self.ref(("victory", sid, "objectives", j, "zone"), o.get("zone"), "zones", "zone")
        for sid in sides:
            if vic and sid not in vic:
                self.err(("victory",), f"side '{sid}' has no victory conditions")
        decision_checks(d, self.err, self.ref, self.ids("units"))
        cal = d.get("calendar")
        if isinstance(cal, dict) and isinstance(cal.get("start"), str):
            try:
                m.parse_date(cal["start"])
            except ValueError:
                self.err(("calendar", "start"), f"'{cal['start']}' is not a real date")
        return self.out

    def source_markers(self, sources: dict[str, Any]) -> None:
        """Every [S..] written in a text is defined in 'sources', and a narration lists the ones its text cites."""
        def walk(x: Any, path: tuple[Any, ...]) -> None:
            if isinstance(x, dict):
                for k, v in x.items():
                    walk(v, (*path, k))
            elif isinstance(x, list):
                for i, v in enumerate(x):
                    walk(v, (*path, i))
            elif isinstance(x, str) and path[:1] != ("sources",):
                for marker in dict.fromkeys(_MARKER.findall(x)):
                    if marker not in sources:
                        self.err(path, f"the text cites [{marker}], which is not in this scenario's sources list"
                                 f"{did_you_mean(marker, sources)}")
        walk(self.d, ())
        for nid, n in _dict(self.d.get("narration")).items():
            text, listed = _dict(n).get("text"), _items(_dict(n).get("sources"))
            if isinstance(text, str):
                missing = [s for s in dict.fromkeys(_MARKER.findall(text)) if s in sources and s not in listed]
                if missing:
                    self.err(("narration", nid, "sources") if "sources" in _dict(n) else ("narration", nid),
                             f"the text cites {', '.join(f'[{s}]' for s in missing)}; add "
                             f"{'it' if len(missing) == 1 else 'them'} to this narration's sources list")

    def dupes(self, key: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(_items(self.d.get(key))):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if item["id"] in seen:
                    self.err((key, i, "id"), f"duplicate id '{item['id']}' (also {key}[{seen[item['id']]}])")
                seen.setdefault(item["id"], i)

    def calendar(self) -> dict[str, Any]:
        """The calendar if it is valid on its own, else {}: checks against a broken calendar would only
        repeat its schema error in other words."""
        cal = self.d.get("calendar")
        return cal if isinstance(cal, dict) and _CALENDAR.is_valid(cal) else {}

    def calendar_ref(self, path: tuple[Any, ...], cond: dict[str, Any]) -> None:
        cal = self.calendar()
        turns, start, hours = cal.get("turns"), cal.get("start"), cal.get("turn_hours")
        if not (isinstance(turns, int) and isinstance(start, str) and isinstance(hours, int)):
            return
        try:
            first = m.parse_date(start)
        except ValueError:
            return
        last = first + dt.timedelta(hours=hours * (turns - 1))
        for k in ("turn", "turn_at_least"):
            if isinstance(cond.get(k), int) and cond[k] > turns:
                self.err((*path, k), f"turn {cond[k]} is after the last turn ({turns}), so this can never happen")
        for k in ("date", "date_from"):
            if isinstance(cond.get(k), str):
                try:
                    when = m.parse_date(cond[k])
                except ValueError:
                    self.err((*path, k), f"'{cond[k]}' is not a real date")
                    continue
                if when > last:
                    self.err((*path, k), f"{cond[k]} is after the last turn starts ({last:%Y-%m-%d %H:%M}), so this can never happen")
        if isinstance(cond.get("date_until"), str):
            try:
                if m.parse_date(cond["date_until"]) < first:
                    self.err((*path, "date_until"), "this date is before the game starts, so this can never happen")
            except ValueError:
                self.err((*path, "date_until"), f"'{cond['date_until']}' is not a real date")

    def trigger(self, i: int, t: dict[str, Any], phases: list[str], reachable: set[str], declaring: set[str],
                nodes: dict[str, Any]) -> None:
        tid = t.get("id", f"#{i}")
        if t.get("remove") is True:
            return
        if "on" in t:
            self.err(("triggers", i, "on"), f"'on:' is now 'when:' (a YAML 1.1 reader such as PyYAML reads a bare on "
                     f"as true): write 'when: {t['on']}' on this line")
        elif "when" not in t or "do" not in t:
            self.err(("triggers", i), f"trigger '{tid}' needs 'when' (the event) and 'do' (the effects)")
        cond = t.get("if") if isinstance(t.get("if"), dict) else {}
        base = ("triggers", i, "if")
        ph = cond.get("phase")
        wanted = ph if isinstance(ph, list) else [ph] if ph is not None else []
        known = [self.ref((*base, "phase", j) if isinstance(ph, list) else (*base, "phase"), p, "phases", "phase")
                 for j, p in enumerate(wanted)]
        if wanted and all(known) and not any(isinstance(p, str) and p in reachable for p in wanted):
            names = "', '".join(map(str, wanted))
            self.err((*base, "phase"), f"trigger '{tid}' can never fire: the game never enters phase '{names}' "
                     "(it is not the first phase, and no trigger that can fire sets it)")
        for k in ("side", "declared", "not_declared"):
            if k in cond:
                self.ref((*base, k), cond[k], "sides", "side")
        if "zone" in cond:
            self.ref((*base, "zone"), cond["zone"], "zones", "zone")
        for k in ("control", "alert", "units_in_zone"):
            c = cond.get(k)
            if isinstance(c, dict):
                self.ref((*base, k, "side"), c.get("side"), "sides", "side")
                self.ref((*base, k, "zone"), c.get("zone"), "zones", "zone")
                lo, hi = c.get("at_least"), c.get("at_most")
                if isinstance(lo, int | float) and isinstance(hi, int | float) and lo > hi:
                    self.err((*base, k), f"trigger '{tid}' can never fire: at_least {lo} is above at_most {hi}")
        lo, hi = cond.get("turn_at_least"), cond.get("turn_at_most")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            self.err(base, f"trigger '{tid}' can never fire: turn_at_least {lo} is after turn_at_most {hi}")
        self.calendar_ref(base, cond)
        self.never_fires(i, tid, t.get("when"), cond, declaring, nodes)
        if t.get("when") is not None and t.get("when") not in EVENT_KINDS:
            return
        for j, eff in enumerate(_items(t.get("do"))):
            if not isinstance(eff, dict) or len(eff) != 1:
                continue
            verb, arg = next(iter(eff.items()))
            p = ("triggers", i, "do", j, verb)
            if verb == "set_phase":
                self.ref(p, arg, "phases", "phase")
            elif verb == "narrate":
                self.ref(p, arg, "narration", "narration")
            elif verb == "reinforce" and isinstance(arg, list):
                units = {u.get("id"): u for u in _items(self.d.get("units")) if isinstance(u, dict)}
                for k, uid in enumerate(arg):
                    if uid not in units:
                        self.ref((*p, k), uid, "units", "unit")
                    elif not isinstance(units[uid].get("arrives"), dict):
                        self.err((*p, k), f"unit '{uid}' is on the map from the start; only units with 'arrives' can be brought in")
            elif verb in ("set_posture", "morale", "points", "reveal_tunnels") and isinstance(arg, dict):
                self.ref((*p, "side"), arg.get("side"), "sides", "side")
                if "zone" in arg:
                    self.ref((*p, "zone"), arg["zone"], "zones", "zone")
                if verb == "reveal_tunnels" and isinstance(arg.get("nodes"), list):
                    for k, nid in enumerate(arg["nodes"]):
                        if nid not in nodes:
                            self.err((*p, "nodes", k), _unknown_node(nid, nodes))

    def never_fires(self, i: int, tid: str, on: Any, cond: dict[str, Any], declaring: set[str],
                    nodes: dict[str, Any]) -> None:
        """Conditions that can never hold for this event, and events that this scenario never produces."""
        at = ("triggers", i, "when")
        never = f"trigger '{tid}' can never fire"
        if on == "victory_declared" and not declaring:
            self.err(at, f"{never}: no side may declare victory (no 'declarations')")
        if on == "arrived" and not any(isinstance(u, dict) and "arrives" in u for u in _items(self.d.get("units"))):
            self.err(at, f"{never}: no unit has 'arrives', so nothing ever arrives")
        if on == "tunnel_found" and not nodes:
            self.err(at, f"{never}: the scenario has no tunnel nodes to find")
        if on == "withdrawn" and not any(isinstance(dec, dict) and "withdraw_zone" in dec
                                         for dec in _dict(self.d.get("declarations")).values()):
            self.err(at, f"{never}: no declaration has a 'withdraw_zone', so no unit can withdraw")
        carries = EVENT_FIELDS.get(on) if isinstance(on, str) else None
        if carries is not None:
            for key, field, what in (("side", "side", "side"), ("zone", "cell", "cell"), ("ambush", "ambush", "ambush")):
                if key in cond and field not in carries and (key != "ambush" or cond[key] is True):
                    with_it = ", ".join(k for k, f in EVENT_FIELDS.items() if field in f)
                    self.err(("triggers", i, "if", key), f"{never}: '{on}' events carry no {what}, so the condition "
                             f"'{key}' never holds; events that carry one: {with_it}")
        for key in ("declared",):
            if isinstance(cond.get(key), str) and cond[key] not in declaring and cond[key] in self.ids("sides"):
                self.err(("triggers", i, "if", key), f"{never}: side '{cond[key]}' has no entry in 'declarations', "
                         "so it never declares victory")
        if on == "victory_declared" and isinstance(cond.get("side"), str) and declaring \
                and cond["side"] not in declaring and cond["side"] in self.ids("sides"):
            self.err(("triggers", i, "if", "side"), f"{never}: side '{cond['side']}' has no entry in 'declarations'")
        cal = self.calendar()
        turns = cal.get("turns")
        pt = cond.get("phase_turns_at_least")
        if isinstance(pt, int) and isinstance(turns, int) and pt >= turns:
            self.err(("triggers", i, "if", "phase_turns_at_least"), f"{never}: a phase cannot last {pt} turns in a "
                     f"game of {turns}")
        if isinstance(cond.get("night"), bool):
            try:
                calendar = m.Calendar(start=m.parse_date(cal["start"]), turn_hours=cal["turn_hours"], turns=turns,
                                      night_from=cal.get("night_from", 18), night_until=cal.get("night_until", 6))
                values = {calendar.is_night(n) for n in range(1, turns + 1)}
            except (KeyError, TypeError, ValueError):
                return
            if cond["night"] not in values:
                self.err(("triggers", i, "if", "night"), f"{never}: no turn of this calendar is "
                         f"{'a night' if cond['night'] else 'a day'} turn")


def _reachable_phases(start: list[str], triggers: list[Any]) -> set[str]:
    """Phases the game can enter: the first, then those set by triggers that can fire in a reachable phase.

    A trigger that needs phase P and is the only one to enter P never fires: it cannot open its own door.
    """
    reachable = set(start)
    grew = True
    while grew:
        grew = False
        for t in triggers:
            if not isinstance(t, dict) or t.get("remove") is True:
                continue
            cond = t.get("if") if isinstance(t.get("if"), dict) else {}
            need = cond.get("phase")
            need_list = need if isinstance(need, list) else [need] if need is not None else None
            if need_list is not None and not reachable.intersection(map(str, need_list)):
                continue
            for eff in _items(t.get("do")):
                target = eff.get("set_phase") if isinstance(eff, dict) else None
                if isinstance(target, str) and target not in reachable:
                    reachable.add(target)
                    grew = True
    return reachable


def _unknown_node(nid: Any, nodes: dict[str, Any]) -> str:
    return (f"unknown tunnel node '{nid}'{did_you_mean(nid, nodes)}; defined tunnels.nodes: "
            f"{', '.join(map(str, nodes)) if nodes else 'none'}")


def _dict(v: Any) -> dict[Any, Any]:
    """``v`` if it is a mapping, else {}: semantic checks run on data the schema may have refused."""
    return v if isinstance(v, dict) else {}


def _items(v: Any) -> list[Any]:
    return v if isinstance(v, list) else []


def _ints(v: Any, n: int) -> bool:
    return isinstance(v, list) and len(v) == n and all(isinstance(i, int) and not isinstance(i, bool) for i in v)


class _Cycle(Exception):
    pass


def zone_cells(d: dict[str, Any], zid: str, grid: list[str], _stack: tuple[str, ...] = ()) -> set[tuple[int, int]]:
    """The cells of zone ``zid`` on ``grid``, following unions; raises _Cycle on a loop."""
    if zid in _stack:
        raise _Cycle(zid)
    z = _dict(d.get("zones")).get(zid)
    if not isinstance(z, dict):
        return set()
    w, h = len(grid[0]), len(grid)
    cells: set[tuple[int, int]] = set()
    for r in _items(z.get("rects")):
        if _ints(r, 4):
            x0, y0, x1, y1 = r
            cells |= {(x, y) for x in range(max(0, x0), min(w, x1 + 1)) for y in range(max(0, y0), min(h, y1 + 1))}
    for c in _items(z.get("cells")):
        if _ints(c, 2) and 0 <= c[0] < w and 0 <= c[1] < h:
            cells.add((c[0], c[1]))
    if z.get("terrain"):
        chars = {_dict(_dict(d.get("terrain")).get(t)).get("char") for t in _items(z["terrain"]) if isinstance(t, str)}
        cells = {c for c in cells if grid[c[1]][c[0]] in chars}
    for other in _items(z.get("union")):
        cells |= zone_cells(d, other, grid, (*_stack, zid))
    return cells


def m_file(mark: Any) -> str:
    return mark.file if mark is not None else "<scenario>"


def _indent(d: LDict, path: tuple[str, ...]) -> int:
    """Columns of indentation before the map rows (a | block), so a bad character's column is exact."""
    parent: Any = d
    for part in path[:-1]:
        parent = parent.get(part) if isinstance(parent, dict) else None
    return max(0, getattr(parent, "indents", {}).get(path[-1], 0))


def check_data(data: LDict) -> list[Diagnostic]:
    """Every problem in merged scenario data: from loading and merging, the schema, then the semantics."""
    problems = [*getattr(data, "problems", []), *_schema_errors(data)]
    try:
        problems += _Checker(data).run()
    except Exception:  # noqa: BLE001 - semantic checks on data with schema errors may trip; those errors stand
        if not problems:
            raise
    loaded_at = {(p.mark, p.path) for p in getattr(data, "problems", []) if p.mark is not None}
    seen: set[str] = set()
    unique = []
    for i, p in enumerate(problems):
        key = str(p)
        if i >= len(getattr(data, "problems", [])) and (p.mark, p.path) in loaded_at:
            continue  # a consequence of a problem already reported there (a refused tag, a dropped key)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return sorted(unique, key=lambda p: (p.mark.file if p.mark else "", p.mark.line if p.mark else 0,
                                         p.mark.column if p.mark else 0))


def check_file(ref: str | Path) -> list[Diagnostic]:
    """Every problem in a scenario file (and what it extends); an empty list means valid."""
    try:
        load_scenario(ref)
    except ScenarioError as e:
        return e.diagnostics
    return []


# --- building the model --------------------------------------------------------------------

def _plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def build(data: LDict, path: Path, chain: list[Path]) -> m.Scenario:
    d = _plain(data)
    rows = tuple(d["map"]["rows"].rstrip("\n").split("\n"))
    digest = hashlib.sha256(json.dumps(d, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    terrain = {k: m.Terrain(id=k, **v) for k, v in d["terrain"].items()}
    zones = {zid: m.Zone(id=zid, name=z["name"], description=z.get("description", ""), assumption=z.get("assumption", ""),
                         cells=frozenset(zone_cells(d, zid, list(rows)))) for zid, z in (d.get("zones") or {}).items()}
    cal = d["calendar"]
    units = tuple(
        m.UnitSpec(id=u["id"], type=u["type"], faction=u["faction"], name=u.get("name", u["id"]),
                   at=tuple(u["at"]) if "at" in u else None, tunnel=u.get("tunnel"), strength=u.get("strength"),
                   posture=u.get("posture", "alert"), morale=u.get("morale"),
                   arrives=m.Arrival(**u["arrives"]) if "arrives" in u else None, note=u.get("note", ""),
                   assumption=u.get("assumption", ""))
        for u in d["units"])
    tun = d.get("tunnels") or {"nodes": {}, "links": []}
    known: dict[str, frozenset[str]] = {}
    for sid, k in (tun.get("known_to") or {}).items():
        known[sid] = frozenset(tun["nodes"]) if k == "all" else frozenset(k)
    sources = {k: ({"title": v} if isinstance(v, str) else v) for k, v in (d.get("sources") or {}).items()}
    return m.Scenario(
        id=d["id"], title=d["title"], summary=d.get("summary", ""), sources=sources,
        calendar=m.Calendar(start=m.parse_date(cal["start"]), turn_hours=cal["turn_hours"], turns=cal["turns"],
                            night_from=cal.get("night_from", 18), night_until=cal.get("night_until", 6)),
        turn_order=tuple(d["turn_order"]), rules=m.Rules.from_data(d.get("rules") or {}), terrain=terrain,
        rows=rows, cell_km=d["map"].get("cell_km", 1.0), zones=zones,
        sides={k: m.Side(id=k, **v) for k, v in d["sides"].items()},
        factions={k: m.Faction(id=k, **v) for k, v in d["factions"].items()},
        unit_types={k: m.UnitType(id=k, **{**v, "abilities": frozenset(v.get("abilities", []))})
                    for k, v in d["unit_types"].items()},
        units=units,
        tunnels=m.Tunnels(nodes={k: m.TunnelNode(id=k, at=tuple(n["at"]), name=n.get("name", k))
                                 for k, n in tun["nodes"].items()},
                          links=tuple((a, b) for a, b in tun["links"]), known_to=known),
        phases=tuple(m.Phase(id=p["id"], name=p["name"], description=p.get("description", ""), date=p.get("date"),
                             sources=tuple(p.get("sources", ()))) for p in d["phases"]),
        declarations={k: m.Declaration(**v) for k, v in (d.get("declarations") or {}).items()},
        triggers=tuple(m.Trigger(id=t["id"], on=t["when"], conditions=t.get("if", {}),
                                 effects=tuple(next(iter(e.items())) for e in t["do"]), once=t.get("once", True),
                                 assumption=t.get("assumption", ""))
                       for t in d.get("triggers") or []),
        narration={k: m.Narration(id=k, title=v["title"], text=v["text"].strip(), sources=tuple(v.get("sources", ())))
                   for k, v in (d.get("narration") or {}).items()},
        victory={k: m.Victory(objectives=tuple(m.Objective(**o) for o in v["objectives"]), win_at=v["win_at"],
                              lose_below=v["lose_below"], enemy_step=v.get("enemy_step", 0.0),
                              own_step=v.get("own_step", 0.0)) for k, v in d["victory"].items()},
        source_file=str(path), digest=digest, extends=tuple(str(p) for p in chain[1:]),
        decisions=build_decisions(d), assumptions=tuple(d.get("assumptions") or ()),
    )
