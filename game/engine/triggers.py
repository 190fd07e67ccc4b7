"""Scenario triggers: when an event happens and the conditions hold, carry out the effects.

The vocabulary is small and flat on purpose (see docs/scenario-format.md): conditions are the
keys of one mapping and must all hold; effects are a list of one-key mappings, run in order.
Effects may cause new events, which may wake further triggers, up to a fixed depth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.engine.emit import Emitter
from game.engine.events import Event
from game.engine.state import ACTIVE, State
from game.scenario.model import Trigger, parse_date

if TYPE_CHECKING:
    from game.engine.game import Game

MAX_CASCADE = 500


def process(game: Game, state: State, em: Emitter) -> None:
    """Run the triggers woken by every event emitted so far, including the ones they emit."""
    i = em.trigger_cursor
    steps = 0
    while i < len(em.events) and steps < MAX_CASCADE:
        ev = em.events[i]
        i += 1
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


def event_side(ev: Event) -> str | None:
    return ev.get("side")


def _cmp(value: float, spec: dict[str, Any]) -> bool:
    lo, hi = spec.get("at_least"), spec.get("at_most")
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def holds(game: Game, state: State, t: Trigger, ev: Event) -> bool:
    from game.engine.turns import share

    cal = game.scenario.calendar
    for key, want in t.conditions.items():
        if key == "phase":
            if state.phase not in (want if isinstance(want, list) else [want]):
                return False
        elif key == "side":
            if event_side(ev) != want:
                return False
        elif key == "turn_at_least":
            if state.turn < want:
                return False
        elif key == "turn_at_most":
            if state.turn > want:
                return False
        elif key == "date_from":
            if cal.turn_start(state.turn) < parse_date(want):
                return False
        elif key == "date_until":
            if cal.turn_start(state.turn) > parse_date(want):
                return False
        elif key == "night":
            if cal.is_night(state.turn) != want:
                return False
        elif key == "phase_turns_at_least":
            if state.turn - state.phase_since < want:
                return False
        elif key == "declared":
            if want not in state.declared:
                return False
        elif key == "not_declared":
            if want in state.declared:
                return False
        elif key == "ambush":
            if bool(ev.get("ambush")) != want:
                return False
        elif key == "zone":
            cell = ev.get("cell")
            if cell is None or not game.zone_masks[want][cell[1], cell[0]]:
                return False
        elif key == "control":
            if not _cmp(share(game, state, want["side"], want["zone"]), want):
                return False
        elif key == "alert":
            units = _units_in(game, state, want["side"], want["zone"])
            if not units:
                return False
            if not _cmp(sum(1 for u in units if u.posture == "alert") / len(units), want):
                return False
        elif key == "units_in_zone":
            n = sum(1 for u in _units_in(game, state, want["side"], want["zone"]) if not u.broken)
            if not _cmp(n, want):
                return False
        else:  # pragma: no cover - the schema admits no other key
            raise KeyError(key)
    return True


def _units_in(game: Game, state: State, side: str, zone: str) -> list[Any]:
    mask = game.zone_masks[zone]
    return [u for u in state.units.values() if u.side == side and u.status == ACTIVE and not u.underground
            and mask[u.y, u.x]]


# --- effects ---------------------------------------------------------------------------------

def set_phase(game: Game, state: State, arg: str, em: Emitter) -> None:
    if state.phase == arg:
        return
    previous = state.phase
    state.phase = arg
    state.phase_since = state.turn
    em.emit("phase", phase=arg, name=game.phase_names[arg], previous=previous)


def narrate(game: Game, state: State, arg: str, em: Emitter) -> None:
    n = game.scenario.narration[arg]
    em.emit("narration", id=n.id, title=n.title, text=n.text, sources=list(n.sources))


def reveal_tunnels(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    from game.engine.rules import found

    nodes = sorted(game.nodes) if arg["nodes"] == "all" else arg["nodes"]
    for nid in nodes:
        if nid not in state.knowledge[arg["side"]].known_nodes:
            found(game, state, arg["side"], nid, "revealed", em)


def reinforce(game: Game, state: State, arg: list[str], em: Emitter) -> None:
    from game.engine.turns import place

    for uid in arg:
        u = state.units[uid]
        if u.status == "waiting":
            place(game, state, u, em)


def set_posture(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    from game.engine.rules import set_posture as apply_posture

    for u in _scope(game, state, arg):
        if u.posture != arg["posture"]:
            apply_posture(game, state, u, arg["posture"], "scenario", em)


def morale(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    for u in _scope(game, state, arg):
        u.morale = max(0, min(100, u.morale + arg["change"]))


def points(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    from game.engine.turns import award

    award(state, arg["side"], arg["points"], arg["reason"])
    em.emit("points", side=arg["side"], points=arg["points"], reason=arg["reason"])


def end_game(game: Game, state: State, arg: dict[str, Any], em: Emitter) -> None:
    from game.engine.turns import finish

    if not state.over:
        finish(game, state, em, arg["reason"])


def _scope(game: Game, state: State, arg: dict[str, Any]) -> list[Any]:
    if "zone" in arg:
        return _units_in(game, state, arg["side"], arg["zone"])
    return [u for u in state.units.values() if u.side == arg["side"] and u.status == ACTIVE]


EFFECTS = {"set_phase": set_phase, "narrate": narrate, "reveal_tunnels": reveal_tunnels, "reinforce": reinforce,
           "set_posture": set_posture, "morale": morale, "points": points, "end_game": end_game}
