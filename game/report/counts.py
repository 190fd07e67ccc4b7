"""The report's counts: losses per faction and turn, who held which zone, the result, and per-turn notes.

Numbers only: the templates put them into words, with names the narrator gives.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from game.engine.events import Event
from game.narrate import Narrator
from game.narrate.visitor import EventVisitor
from game.report.records import Stamp, add_combat_losses, unit_factions, unit_sides
from game.scenario.model import Scenario

# --- losses ---------------------------------------------------------------------------------

@dataclass
class FactionLosses:
    """One faction's strength lost, spent, withdrawn and destroyed units, for the losses table."""
    faction: str
    lost: int = 0  # strength steps lost to enemy action
    expended: int = 0  # strength spent in the faction's own suicide attacks
    destroyed: list[str] = field(default_factory=list)  # unit names
    withdrawn: int = 0  # strength that left the map for other fronts
    other: int = 0  # lost without a combat event (units underground when a tunnel node was demolished)

    @property
    def total(self) -> int:
        """Every step lost, whatever the cause (withdrawals are not losses)."""
        return self.lost + self.expended + self.other


class LossCollector(EventVisitor):
    """Strength lost per faction, per turn (for the chart) and in total, from combat and demolitions."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.sc = scenario
        self._faction = unit_factions(scenario)
        self._say = Narrator(scenario)
        self.by_faction: dict[str, FactionLosses] = {f: FactionLosses(f) for f in scenario.factions}
        self.by_turn: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.combats = 0
        self.ambushes = 0
        self.last_turn = 1

    def _add(self, unit: str, steps: int, turn: int, spent: bool = False) -> None:
        f = self._faction.get(unit)
        if f is None or steps <= 0:
            return
        rec = self.by_faction.setdefault(f, FactionLosses(f))
        if spent:
            rec.expended += steps
        else:
            rec.lost += steps
        self.by_turn[turn][f] += steps

    def visit_turn_start(self, ev: Event) -> None:
        self.last_turn = ev.turn

    def visit_combat(self, ev: Event) -> None:
        self.combats += 1
        self.ambushes += bool(ev.get("ambush"))
        self._add(ev.get("defender", ""), int(ev.get("defender_losses", 0)), ev.turn)
        self._add(ev.get("attacker", ""), int(ev.get("attacker_losses", 0)), ev.turn, spent=bool(ev.get("suicide")))

    def visit_unit_destroyed(self, ev: Event) -> None:
        f = self._faction.get(ev.get("unit", ""))
        if f is not None and ev.get("reason") != "suicide attack":
            self.by_faction[f].destroyed.append(self._say.unit(ev.get("unit")))

    def visit_withdrawn(self, ev: Event) -> None:
        f = self._faction.get(ev.get("unit", ""))
        if f is not None:
            self.by_faction[f].withdrawn += int(ev.get("strength", 0))

    def visit_game_over(self, ev: Event) -> None:
        self.last_turn = ev.turn

    def reconcile(self, final_losses: dict[str, int]) -> None:
        """Account for losses the log does not itemise, from the engine's own per-faction totals.

        A demolition costs units underground a step without a combat event; the state's ``losses``
        counts every step, so the difference is reported as such rather than silently dropped.
        """
        for f, total in final_losses.items():
            rec = self.by_faction.setdefault(f, FactionLosses(f))
            rec.other = max(0, int(total) - rec.lost - rec.expended)

    def cumulative(self, last_turn: int | None = None) -> dict[str, list[int]]:
        """Per faction, total steps lost by the end of each turn 1..last_turn."""
        n = last_turn or self.last_turn
        out: dict[str, list[int]] = {}
        for f in self.by_faction:
            run, series = 0, []
            for t in range(1, n + 1):
                run += self.by_turn.get(t, {}).get(f, 0)
                series.append(run)
            out[f] = series
        return out


# --- control ---------------------------------------------------------------------------------

class ControlCollector(EventVisitor):
    """Who held what: each zone's shares per side as the ``control`` events report them.

    The engine records control at set-up without an event, so the shares at the start are passed
    in (``initial``, a state's ``zone_shares``); every later change arrives as a ``control`` event.
    """

    def __init__(self, scenario: Scenario, initial: dict[str, dict[str, float]] | None = None) -> None:
        super().__init__()
        self.sc = scenario
        self.final: dict[str, dict[str, float]] = {z: dict(v) for z, v in (initial or {}).items()}
        self.by_turn: dict[str, dict[int, dict[str, float]]] = defaultdict(dict)  # zone -> turn -> last shares
        for z, v in self.final.items():
            self.by_turn[z][1] = dict(v)
        self.last_turn = 1

    def visit_control(self, ev: Event) -> None:
        shares = {k: float(v) for k, v in (ev.get("shares") or {}).items()}
        self.final[ev.data["zone"]] = shares
        self.by_turn[ev.data["zone"]][ev.turn] = shares
        self.last_turn = max(self.last_turn, ev.turn)

    def visit_turn_start(self, ev: Event) -> None:
        self.last_turn = max(self.last_turn, ev.turn)

    def series(self, zone: str, side: str, last_turn: int | None = None) -> list[float]:
        """The side's share of the zone at the end of each turn 1..last_turn (carried forward)."""
        n = last_turn or self.last_turn
        out, cur = [], 0.0
        turns = self.by_turn.get(zone, {})
        for t in range(1, n + 1):
            if t in turns:
                cur = turns[t].get(side, 0.0)
            out.append(cur)
        return out


# --- outcome ---------------------------------------------------------------------------------

class OutcomeCollector(EventVisitor):
    """The result (game_over) and the points ledger entries the log shows."""

    def __init__(self) -> None:
        super().__init__()
        self.over: Event | None = None
        self.last: Stamp | None = None
        self.turns: set[int] = set()

    def visit_turn_start(self, ev: Event) -> None:
        self.turns.add(ev.turn)

    def visit_game_over(self, ev: Event) -> None:
        self.over = ev

    def visit_other(self, ev: Event) -> None:
        self.last = Stamp.of(ev)

    def finish(self) -> None:
        """The last stamp is the end of the game when there is one."""
        if self.over is not None:
            self.last = Stamp.of(self.over)


# --- per-turn notes under each map -----------------------------------------------------------

@dataclass
class TurnNote:
    """What happened during one turn, in numbers: shown under that turn's map."""

    phases: list[str] = field(default_factory=list)
    combats: int = 0
    ambushes: int = 0
    losses: dict[str, int] = field(default_factory=dict)  # side -> steps
    destroyed: dict[str, int] = field(default_factory=dict)  # side -> units
    arrivals: dict[str, int] = field(default_factory=dict)  # side -> units
    emerged: int = 0
    tunnels_found: int = 0
    demolished: int = 0
    declared: list[str] = field(default_factory=list)  # sides
    withdrawn: int = 0


class TurnNotesCollector(EventVisitor):
    """Per turn: beats begun, fights, losses and units destroyed by side, arrivals, tunnel finds."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.sc = scenario
        self.notes: dict[int, TurnNote] = defaultdict(TurnNote)
        self._side = unit_sides(scenario)

    def visit_phase(self, ev: Event) -> None:
        if ev.get("previous") is not None:
            self.notes[ev.turn].phases.append(ev.get("name", ""))

    def visit_combat(self, ev: Event) -> None:
        n = self.notes[ev.turn]
        n.combats += 1
        n.ambushes += bool(ev.get("ambush"))
        add_combat_losses(n.losses, ev, self._side)

    def visit_unit_destroyed(self, ev: Event) -> None:
        n = self.notes[ev.turn]
        n.destroyed[ev.get("side", "")] = n.destroyed.get(ev.get("side", ""), 0) + 1

    def visit_arrived(self, ev: Event) -> None:
        n = self.notes[ev.turn]
        n.arrivals[ev.get("side", "")] = n.arrivals.get(ev.get("side", ""), 0) + 1

    def visit_emerge(self, ev: Event) -> None:
        self.notes[ev.turn].emerged += 1

    def visit_tunnel_found(self, ev: Event) -> None:
        self.notes[ev.turn].tunnels_found += 1

    def visit_tunnel_demolished(self, ev: Event) -> None:
        self.notes[ev.turn].demolished += 1

    def visit_victory_declared(self, ev: Event) -> None:
        self.notes[ev.turn].declared.append(ev.get("side", ""))

    def visit_withdrawn(self, ev: Event) -> None:
        self.notes[ev.turn].withdrawn += 1
