"""The decision window: up to when could one side's decisions still have changed the outcome?

The historical line is the game played with every side's ``historical`` profile from the study
seed. For each turn T from the start to the ambush on that line, the chosen side switches from one
profile (``--from``) to another (``--to``) at the start of its turn T, and N games are played on
from that position under each (paired: the same dice seeds for both). Runs go through the
simulation runner (``Start`` positions), so the results do not depend on the number of workers.

The conclusion is one plain sentence drawn from the runs: until when switching avoided the beat it
avoids most (in the historical scenario, the retreat), and what had changed in the position by the
first turn from which it no longer did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from game.sim.runner import ScenarioRef, Start, Study, Summary, _game, run_studies

Progress = Callable[[int, int], None]
MADE_A_DIFFERENCE = 0.25  # a switch that changes a beat's rate by less than this made "little difference"
MOST = 0.5  # a switch that changes it by at least this avoided it in most runs


def historical_line(scenario: ScenarioRef, seed: int, level: int, side: str,
                    profile: str = "historical") -> tuple[list[str], dict[int, int], int | None, dict[int, dict[str, Any]]]:
    """Play the line; return its actions, the action index at which ``side``'s turn starts in each
    turn, the turn of the ambush-like beat (the third phase, the first the line cannot take back),
    and what the position looked like at each of those points (for the conclusion's reasons)."""
    from game.ai.driver import play_side_turn
    from game.ai.registry import make_policy
    from game.engine.state import STOOD_DOWN, WITHDRAWN
    from game.engine.tally import zone_share

    game = _game(scenario)
    state, _ = game.start(seed)
    players = {s: make_policy(profile, s, seed, level) for s in game.sides}
    actions: list[str] = []
    starts: dict[int, int] = {}
    facts: dict[int, dict[str, Any]] = {}
    strike = _strike_phase(game)
    struck: int | None = None
    dec = game.scenario.declarations.get(side)
    recorder = _Recorder(actions)
    while not state.over:
        current = game.current_side(state)
        assert current is not None
        if current == side and state.turn not in starts:
            starts[state.turn] = len(actions)
            zone = dec.zone if dec else None
            mine = [u for u in state.units.values() if u.side == side and u.on_surface]
            inside = [u for u in mine if zone and game.zone_masks[zone][u.y, u.x]]
            facts[state.turn] = {
                "declared": side in state.declared,
                "withdrawn": sum(1 for u in state.units.values() if u.side == side and u.status == WITHDRAWN),
                "stood_down": sum(1 for u in inside if u.posture == STOOD_DOWN),
                "in_zone": len(inside),
                "share": round(zone_share(game, state.control, zone, side), 2) if zone else None,
                "phase": state.phase,
            }
        for ev in play_side_turn(game, state, recorder.wrap(players[current])):
            if ev.kind == "phase" and ev.get("phase") == strike and struck is None:
                struck = ev.turn
    return actions, starts, struck, facts


class _Recorder:
    """Wraps a policy so every action it chooses is written down in its text form."""

    def __init__(self, actions: list[str]) -> None:
        self.actions = actions

    def wrap(self, policy: Any) -> Any:
        rec = self

        class Wrapped:
            name = policy.name

            def choose(self, obs: Any) -> Any:
                a = policy.choose(obs)
                rec.actions.append(a.text() if hasattr(a, "text") else str(a))
                return a

        return Wrapped()


def _strike_phase(game: Any) -> str | None:
    """The beat the window ends at: the phase after the declaration's (the ambush in the historical
    scenario), or None for a scenario with fewer phases."""
    phases = [p.id for p in game.scenario.phases]
    return phases[2] if len(phases) > 2 else None


def _stats(summary: Summary, phases: list[str], sides: list[str]) -> dict[str, Any]:
    ok = summary.ok
    n = len(ok) or 1
    out: dict[str, Any] = {p: round(sum(1 for r in ok if p in r.beats) / n, 3) for p in phases}
    out["runs"] = len(ok)
    out["winners"] = dict(sorted(Counter(r.winner or "none" for r in ok).items()))
    out["casualties_people"] = {s: round(float(np.mean([r.casualties_people.get(s, 0) for r in ok])), 1) if ok else 0.0
                                for s in sides}
    return out


def decision_window(scenario: ScenarioRef, side: str, frm: str, to: str, runs: int, seed: int, *,
                    jobs: int = 1, level: int = 0, progress: Progress | None = None) -> dict[str, Any]:
    """The window document: ``{"window": [{"turn", "date", frm: {...}, to: {...}}], "conclusion"}``."""
    game = _game(scenario)
    actions, starts, struck, facts = historical_line(scenario, seed, level, side)
    last = struck if struck is not None else max(starts)
    turns = [t for t in sorted(starts) if t <= last]
    phases = [p.id for p in game.scenario.phases[1:]]
    sides = list(game.sides)
    studies = []
    for t in turns:  # every turn's runs under both profiles go to one pool at once
        start = Start(seed, tuple(actions[:starts[t]]))
        for name in (frm, to):
            others = {s: "historical" for s in sides}
            others[side] = name
            studies.append(Study(others, runs, seed + t, start))
    summaries = iter(run_studies(scenario, studies, progress=progress, jobs=jobs, level=level))
    window = []
    for t in turns:
        row: dict[str, Any] = {"turn": t, "date": game.date_of(t)}
        for name in (frm, to):
            row[name] = _stats(next(summaries), phases, sides)
        window.append(row)
    doc = {"scenario": game.scenario.id, "side": side, "from": frm, "to": to, "runs": runs, "seed": seed,
           "level": level, "historical_line": {"ambush_turn": struck, "actions": len(actions)},
           "strike_phase": _strike_phase(game), "beat": decisive_beat(window, frm, to, phases), "window": window}
    doc["conclusion"] = conclusion(doc, facts, game)
    return doc


def decisive_beat(window: list[dict[str, Any]], frm: str, to: str, phases: list[str]) -> str | None:
    """The beat the switch changes most over the window (the retreat, in the historical scenario)."""
    if not window or not phases:
        return None
    gaps = {p: float(np.mean([row[frm][p] - row[to][p] for row in window])) for p in phases}
    return max(phases, key=lambda p: gaps[p])


def conclusion(doc: dict[str, Any], facts: dict[int, dict[str, Any]], game: Any) -> str:
    """A sentence a class can read, from the runs: until when the switch avoided the beat it avoids
    most, and what had changed in the position by the turn it no longer did."""
    frm, to, window, beat = doc["from"], doc["to"], doc["window"], doc["beat"]
    if not window or beat is None:
        return "The historical line gave no turn to switch at."
    name = game.phase_names.get(beat, beat).lower()
    name = name[4:] if name.startswith("the ") else name  # "the ambush", never "the the ambush"
    runs = doc["runs"]
    def avoided(row: dict[str, Any]) -> int:
        return max(0, round((row[frm][beat] - row[to][beat]) * runs))

    helped = [row for row in window if row[frm][beat] - row[to][beat] >= MADE_A_DIFFERENCE]
    day = _day
    if not helped:
        return (f"Switching to {to} decisions at any turn before the ambush made little difference to "
                f"the {name}: it happened in about {_share(window, frm, beat, runs)} runs under {frm} decisions "
                f"and {_share(window, to, beat, runs)} under {to}.")
    strong = [row for row in window if row[frm][beat] - row[to][beat] >= MOST]
    last = strong[-1] if strong else helped[-1]
    n = avoided(last)
    text = (f"Switching to {to} decisions by {day(last['date'])} avoided the {name} in {n} "
            f"run{'s' if n != 1 else ''} of {runs} "
            f"({last[frm][beat]:.0%} of runs under {frm} decisions, {last[to][beat]:.0%} under {to})")
    later = [row for row in window if row["turn"] > last["turn"]]
    if not later:
        return text + "; even that late, the last turn before the ambush, the switch still made the difference."
    nxt = later[0]
    why = _reason(facts.get(last["turn"], {}), facts.get(nxt["turn"], {}), doc["side"], game)
    if nxt[frm][beat] - nxt[to][beat] >= MADE_A_DIFFERENCE:
        return text + (f"; from {day(nxt['date'])} on it avoided it in only {avoided(nxt)} of {runs}, "
                       f"because {why}.")
    return text + f"; from {day(nxt['date'])} on it made little difference, because {why}."


def _share(window: list[dict[str, Any]], name: str, beat: str, runs: int) -> str:
    mean = float(np.mean([row[name][beat] for row in window]))
    return f"{round(mean * runs)} of {runs}"


def _day(date: str) -> str:
    import datetime as dt

    d = dt.datetime.strptime(date, "%Y-%m-%d %H:%M")
    part = "evening" if d.hour >= 18 else "morning"
    return f"the {part} of {d.day} {d.strftime('%B')}"


def _reason(before: dict[str, Any], after: dict[str, Any], side: str, game: Any) -> str:
    """What changed in the position between the last turn the switch helped and the first it did not."""
    who = game.scenario.sides[side].name.lower() if side in game.scenario.sides else side
    bits = []
    if after.get("declared") and not before.get("declared"):
        bits.append("victory had been declared")
    if after.get("withdrawn", 0) > before.get("withdrawn", 0):
        bits.append(f"{after['withdrawn']} of its units had left for other fronts")
    if after.get("stood_down", 0) > before.get("stood_down", 0):
        bits.append(f"{after['stood_down']} of the {after.get('in_zone', 0)} units in the city stood down")
    if after.get("in_zone", 0) < before.get("in_zone", 0):
        bits.append(f"only {after['in_zone']} of its units were still in the city")
    if not bits:
        if after.get("declared"):
            bits.append(f"the {who} had already declared victory, thinned the garrison and let it rest, "
                        "and the fighters below were in place")
        else:
            bits.append("the position by then decided the outcome as much as the decisions still to come")
    return bits[0] if len(bits) == 1 else ", ".join(bits[:-1]) + " and " + bits[-1]
