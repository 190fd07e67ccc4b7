"""Scenario triggers: when an event happens and the conditions hold, carry out the effects.

Conditions and effects are registries (``CONDITIONS``, ``EFFECTS``): one function per key of a
trigger's ``if:`` mapping and one per verb of its ``do:`` list, so the schema, the validator and
the engine can be compared key by key (a test does). Conditions in one mapping must all hold;
``any`` and ``not`` group them. Effects run in order and may cause new events, which may wake
further triggers, up to a fixed number of firings.

``entered_zone`` is derived here from the events that move a unit onto the surface (a move, an
emergence, an arrival, a spawn): it is emitted only when some trigger waits for it, so scenarios
that do not use it see exactly the events they saw before. A unit underground is in no zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from game.engine import fog
from game.engine.emit import Emitter
from game.engine.events import Event
from game.engine.state import ACTIVE, ALERT, WAITING, WITHDRAWN, State, Unit
from game.scenario.catalogue import KINDS
from game.scenario.model import Trigger, parse_date

if TYPE_CHECKING:
    from game.engine.game import Game

MAX_CASCADE = 500
ENTERED = "entered_zone"
_MOVES_IN = ("move", "emerge", "arrived", "unit_spawned")


def process(game: Game, state: State, em: Emitter) -> None:
    """Run the triggers woken by every event emitted so far, including the ones they emit."""
    i = em.trigger_cursor
    steps = 0
    derive = ENTERED in game.triggers_on
    while i < len(em.events) and steps < MAX_CASCADE:
        ev = em.events[i]
        i += 1
        if derive and ev.kind in _MOVES_IN:
            _entered_zones(game, state, ev, em)
        for t in game.triggers_on.get(ev.kind, ()):
            if t.once and t.id in state.fired:
                continue
            if holds(game, state, t, ev):
                steps += 1
                state.fired.add(t.id)
                em.emit("trigger", seen_by=frozenset(), trigger=t.id, on=ev.kind)
                for verb, arg in t.effects:
                    EFFECTS[verb](game, state, arg, em)
                    if state.over:
                        break
    em.trigger_cursor = i


def _entered_zones(game: Game, state: State, ev: Event, em: Emitter) -> None:
    """An entered_zone event for each zone the event's unit now stands in and did not stand in before."""
    u = state.units.get(ev.get("unit", ""))
    cell = ev.get("to") or ev.get("cell")
    if u is None or cell is None or u.underground or not u.on_map:
        return
    x, y = cell
    before = ev.get("frm") if ev.kind == "move" else None
    for zid, mask in game.zone_masks.items():
        if mask[y, x] and not (before is not None and mask[before[1], before[0]]):
            em.emit(ENTERED, seen_by=fog.witnesses(game, state, u), side=u.side, unit=u.id, unit_type=u.type,
                    zone=zid, cell=[x, y])


def event_side(ev: Event) -> str | None:
    """The side an event concerns (see the catalogue's 'side' field)."""
    return ev.get("side")


def event_unit(state: State, ev: Event) -> Unit | None:
    """The unit an event is about (a combat's attacker), if it has one and it still exists."""
    kind = KINDS.get(ev.kind)
    key = kind.unit_key if kind else None
    return state.units.get(ev.get(key)) if key else None


def holds(game: Game, state: State, t: Trigger, ev: Event) -> bool:
    """Whether every condition of ``t`` holds for ``ev`` now."""
    return _all(game, state, t.conditions, ev)


def _all(game: Game, state: State, cond: Any, ev: Event) -> bool:
    """All conditions of one mapping hold; a 'chance' is drawn last, only when everything else holds,
    from the state's one generator, so a replay of the same actions draws the same numbers."""
    for key, want in cond.items():
        if key != "chance" and not CONDITIONS[key](game, state, want, ev):
            return False
    return "chance" not in cond or float(state.rng.random()) < cond["chance"]


def _cmp(value: float, spec: dict[str, Any]) -> bool:
    lo, hi = spec.get("at_least"), spec.get("at_most")
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def _listed(want: Any) -> list[Any]:
    return want if isinstance(want, list) else [want]


def _zone(game: Game, state: State, want: str, ev: Event) -> bool:
    if ev.kind == ENTERED:
        return bool(ev.get("zone") == want)
    cell = ev.get("cell")
    return cell is not None and bool(game.zone_masks[want][cell[1], cell[0]])


def _share(game: Game, state: State, want: dict[str, Any], ev: Event) -> bool:
    from game.engine.turns import share

    return _cmp(share(game, state, want["side"], want["zone"]), want)


def _alert(game: Game, state: State, want: dict[str, Any], ev: Event) -> bool:
    units = _units_in(game, state, want["side"], want["zone"])
    return bool(units) and _cmp(sum(1 for u in units if u.posture == ALERT) / len(units), want)


def _unit_type(game: Game, state: State, want: Any, ev: Event) -> bool:
    u = event_unit(state, ev)
    return u is not None and u.type in _listed(want)


def _turn_start(game: Game, state: State) -> dt.datetime:
    return game.scenario.calendar.turn_start(state.turn)


def _night(game: Game, state: State) -> bool:
    night = game.night  # by turn number, from the calendar once per Game
    return night[state.turn] if 0 <= state.turn < len(night) else game.scenario.calendar.is_night(state.turn)


Condition = Callable[["Game", State, Any, Event], bool]
CONDITIONS: dict[str, Condition] = {
    "phase": lambda g, s, want, ev: s.phase in _listed(want),
    "side": lambda g, s, want, ev: event_side(ev) == want,
    "unit": lambda g, s, want, ev: (u := event_unit(s, ev)) is not None and u.id == want,
    "unit_type": _unit_type,
    "turn_at_least": lambda g, s, want, ev: s.turn >= want,
    "turn_at_most": lambda g, s, want, ev: s.turn <= want,
    "date_from": lambda g, s, want, ev: _turn_start(g, s) >= parse_date(want),
    "date_until": lambda g, s, want, ev: _turn_start(g, s) <= parse_date(want),
    "night": lambda g, s, want, ev: _night(g, s) == want,
    "phase_turns_at_least": lambda g, s, want, ev: s.turn - s.phase_since >= want,
    "declared": lambda g, s, want, ev: want in s.declared,
    "not_declared": lambda g, s, want, ev: want not in s.declared,
    "ambush": lambda g, s, want, ev: bool(ev.get("ambush")) == want,
    "zone": _zone,
    "control": _share,
    "alert": _alert,
    "units_in_zone": lambda g, s, want, ev: _cmp(sum(1 for u in _units_in(g, s, want["side"], want["zone"])
                                                     if not u.broken), want),
    "counter": lambda g, s, want, ev: _cmp(s.counters.get(want["name"], 0), want),
    "arrived": lambda g, s, want, ev: all(_arrived(s, uid) for uid in _listed(want)),
    "chance": lambda g, s, want, ev: True,  # drawn by _all, after the others
    "any": lambda g, s, want, ev: any(_all(g, s, c, ev) for c in want),
    "not": lambda g, s, want, ev: not _all(g, s, want, ev),
}


def _arrived(state: State, uid: str) -> bool:
    """The unit has come onto the map (whatever became of it since); a unit a trigger has not
    spawned yet has not arrived."""
    u = state.units.get(uid)
    return u is not None and u.status != WAITING


def _units_in(game: Game, state: State, side: str, zone: str) -> list[Unit]:
    """The side's active units standing in the zone; a unit underground is in no zone."""
    mask = game.zone_masks[zone]
    return [u for u in state.units.values() if u.side == side and u.status == ACTIVE and not u.underground
            and mask[u.y, u.x]]


# --- effects ---------------------------------------------------------------------------------

def set_phase(game: Game, state: State, arg: str, em: Emitter) -> None:
    """Enter a phase (a phase event), unless the game is in it already."""
    if state.phase == arg:
        return
    previous = state.phase
    state.phase = arg
    state.phase_since = state.turn
    em.emit("phase", phase=arg, name=game.phase_names[arg], previous=previous)


def narrate(game: Game, state: State, arg: Any, em: Emitter) -> None:
    """Show a narration to every side, or (``{narration, to}``) to one side only."""
    nid, to = (arg, None) if isinstance(arg, str) else (arg["narration"], arg["to"])
    n = game.scenario.narration[nid]
    data: dict[str, Any] = {"id": n.id, "title": n.title, "text": n.text, "sources": list(n.sources)}
    if to is None:
        em.emit("narration", **data)
    else:
        em.emit("narration", seen_by={to}, to=to, **data)


def reveal_tunnels(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """The side learns these tunnel nodes; each new one is a tunnel_found event."""
    from game.engine.effects import found

    nodes = sorted(game.nodes) if arg["nodes"] == "all" else arg["nodes"]
    for nid in nodes:
        if nid not in state.knowledge[arg["side"]].known_nodes:
            found(game, state, arg["side"], nid, "revealed", em)


def reinforce(game: Game, state: State, arg: list[str], em: Emitter) -> None:
    """Bring waiting units in at their arrival place."""
    from game.engine.turns import place

    for uid in arg:
        u = state.units[uid]
        if u.status == WAITING:
            place(game, state, u, em)


def set_posture(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """Put the side's units (in a zone, if given) on alert or stand them down."""
    from game.engine.effects import set_posture as apply_posture

    for u in _scope(game, state, arg):
        if u.posture != arg["posture"]:
            apply_posture(game, state, u, arg["posture"], "scenario", em)


def morale(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """Raise or lower the morale of the side's units, kept within 0 to 100."""
    for u in _scope(game, state, arg):
        u.morale = max(0, min(100, u.morale + arg["change"]))


def points(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """Give a side points, with a reason for the ledger."""
    from game.engine.scoring import award

    award(state, arg["side"], arg["points"], arg["reason"])
    em.emit("points", side=arg["side"], points=arg["points"], reason=arg["reason"])


def end_game(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """End the game now."""
    from game.engine.turns import finish

    if not state.over:
        finish(game, state, em, arg["reason"])


def _scope(game: Game, state: State, arg: dict[str, Any]) -> list[Unit]:
    if "zone" in arg:
        return _units_in(game, state, arg["side"], arg["zone"])
    return [u for u in state.units.values() if u.side == arg["side"] and u.status == ACTIVE]


def counter(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """Add to a counter, or set it (counters start at 0 and live in the state)."""
    name = arg["name"]
    state.counters[name] = arg["set"] if "set" in arg else state.counters.get(name, 0) + arg.get("add", 0)
    em.emit("counter", seen_by=frozenset(), counter=name, value=state.counters[name])


def _free_cell(game: Game, state: State, side: str, cells: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first of ``cells`` a unit of ``side`` may stand on: passable, no other side there, under the stack limit."""
    for x, y in cells:
        if not game.standable[y, x]:
            continue
        here = [o for o in state.units.values() if o.on_surface and o.cell == (x, y)]
        if any(o.side != side for o in here) or len(here) >= game.rules.stack_limit:
            continue
        return x, y
    return None


def _nearest_first(game: Game, x: int, y: int) -> list[tuple[int, int]]:
    """Every cell of the map, nearest to (x, y) first (ties by row, then column)."""
    ys, xs = np.mgrid[0:game.height, 0:game.width]
    d = np.maximum(abs(xs - x), abs(ys - y))
    order = np.lexsort((xs.ravel(), ys.ravel(), d.ravel()))
    return [(int(xs.ravel()[i]), int(ys.ravel()[i])) for i in order]


def spawn(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """Put a new unit on the map, at the given cell (or the nearest free one) or in a free cell of a zone."""
    from game.engine.movement import MP_SCALE

    sc = game.scenario
    ut = sc.unit_types[arg["type"]]
    side = sc.side_of_faction(arg["faction"])
    if "at" in arg:
        cells = _nearest_first(game, *arg["at"])
    else:
        ys, xs = np.nonzero(game.zone_masks[arg["zone"]])
        cells = sorted(zip(xs.tolist(), ys.tolist(), strict=True), key=lambda c: (c[1], c[0]))
    cell = _free_cell(game, state, side, cells)
    if cell is None or arg["id"] in state.units:
        return
    u = Unit(id=arg["id"], type=arg["type"], faction=arg["faction"], side=side, name=arg.get("name", arg["id"]),
             x=cell[0], y=cell[1], strength=arg.get("strength", ut.strength), max_strength=ut.strength,
             morale=ut.morale, posture=arg.get("posture", ALERT), mp=int(ut.move * MP_SCALE))
    state.units[u.id] = u
    em.emit("unit_spawned", seen_by=fog.witnesses(game, state, u), side=side, unit=u.id, unit_type=u.type,
            cell=list(cell))
    fog.spot(game, state, u, em)


def remove_unit(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """Take a unit off the map: it leaves (as a withdrawn unit does), it is not destroyed."""
    u = state.units.get(arg["unit"])
    if u is None or u.status != ACTIVE:
        return
    seen = fog.witnesses(game, state, u)
    u.status = WITHDRAWN
    em.emit("unit_removed", seen_by=seen, side=u.side, unit=u.id, unit_type=u.type, cell=list(u.cell),
            reason=arg.get("reason", ""))
    fog.refresh(game, state, u.side, em)


def change_side(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """Move a unit to another faction and so to its side; it keeps its place, strength and morale."""
    u = state.units.get(arg["unit"])
    if u is None or u.status not in (ACTIVE, WAITING):
        return
    previous = u.side
    u.faction, u.side = arg["faction"], game.scenario.side_of_faction(arg["faction"])
    if u.side == previous:
        return
    fog.sides_changed(game)
    em.emit("side_changed", seen_by=fog.witnesses(game, state, u) | {previous}, side=u.side, unit=u.id,
            unit_type=u.type, previous=previous, cell=list(u.cell))
    for s in (previous, u.side):
        fog.refresh(game, state, s, em)


def set_terrain(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    """Change the ground of some cells; the state keeps the change, and the engine plays on the new map.

    A unit left on ground it cannot stand on (a blown bridge is river) moves to the nearest cell it can.
    """
    if "zone" in arg:
        ys, xs = np.nonzero(game.zone_masks[arg["zone"]])
        cells = sorted(zip(xs.tolist(), ys.tolist(), strict=True))
    else:
        cells = [(c[0], c[1]) for c in arg["cells"]]
    for x, y in cells:
        state.terrain[f"{x},{y}"] = arg["terrain"]
    now = game.variant(state)
    for u in [u for u in state.units.values() if u.on_surface and u.cell in set(cells)]:
        if not now.standable[u.y, u.x]:
            target = _free_cell(now, state, u.side, _nearest_first(now, u.x, u.y))
            if target is not None:
                u.x, u.y = target

    em.emit("terrain_changed", terrain=arg["terrain"], cells=[list(c) for c in cells], reason=arg.get("reason", ""))
    for side in game.sides:
        fog.refresh(now, state, side, em)


Effect = Callable[["Game", State, Any, Emitter], None]
EFFECTS: dict[str, Effect] = {
    "set_phase": set_phase, "narrate": narrate, "reveal_tunnels": reveal_tunnels, "reinforce": reinforce,
    "set_posture": set_posture, "morale": morale, "points": points, "end_game": end_game, "spawn": spawn,
    "remove_unit": remove_unit, "change_side": change_side, "set_terrain": set_terrain, "counter": counter,
}
