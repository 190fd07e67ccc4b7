"""The report's decisions: the choices that mattered, grouped per turn and side, each with what followed.

Declarations, changes of alert, searches, finds, demolitions and withdrawals; for each, what the
log records in the next few turns. Names come from the narrator (god view), never ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from game.engine.events import Event
from game.engine.state import STOOD_DOWN
from game.narrate import Narrator
from game.narrate.grammar import count, join, percent
from game.narrate.narrator import how_found
from game.narrate.visitor import EventVisitor
from game.report.records import BeatReached, Stamp, add_combat_losses, unit_sides
from game.scenario.model import Scenario


@dataclass
class Aftermath:
    """What happened in the turns after a decision: beats, fighting, losses, and key-zone control."""

    until: Stamp  # start of the last turn looked at
    end: Stamp  # end of that turn
    phases: list[BeatReached] = field(default_factory=list)
    combats: int = 0
    ambushes: int = 0
    surprises: int = 0
    suicide_attacks: int = 0
    losses: dict[str, int] = field(default_factory=dict)  # side -> steps
    destroyed: dict[str, int] = field(default_factory=dict)  # side -> units
    broke: dict[str, int] = field(default_factory=dict)  # side -> units
    reactions: int = 0  # units put on alert by the engine because they were attacked
    control: list[tuple[str, dict[str, float], dict[str, float]]] = field(default_factory=list)  # zone, before, after

    @property
    def quiet(self) -> bool:
        """Nothing of note followed: no beat, no fight, no unit lost or broken."""
        return not (self.phases or self.combats or self.destroyed or self.broke)


@dataclass
class Decision:
    """One decision (or a run of the same fruitless one) and what followed it."""
    kind: str  # declaration | stand_down | alert | search | find | demolition | withdrawal
    at: Stamp
    side: str
    summary: str
    units: list[str] = field(default_factory=list)
    detail: str = ""
    index: int = 0  # position in the event log, for "what followed"
    followed: Aftermath | None = None
    last: Stamp | None = None  # for a run of the same fruitless decision on consecutive turns: its last turn
    turns: int = 1
    found: list[str] = field(default_factory=list)  # tunnel nodes a search found


@dataclass
class _Fact:
    index: int
    turn: int
    ev: Event


class DecisionCollector(EventVisitor):
    """The choices that mattered, grouped per turn and side, each with what followed within N turns."""

    FACT_KINDS = frozenset({"phase", "combat", "unit_destroyed", "unit_broke", "control", "posture"})

    def __init__(self, scenario: Scenario, follow_turns: int = 3,
                 initial: dict[str, dict[str, float]] | None = None) -> None:
        super().__init__()
        self.sc = scenario
        self.follow = follow_turns
        self._initial = {z: dict(v) for z, v in (initial or {}).items()}
        self.decisions: list[Decision] = []
        self.say = Narrator(scenario)
        self._side = unit_sides(scenario)
        self._groups: dict[tuple[Any, ...], Decision] = {}
        self._strength: dict[tuple[Any, ...], int] = defaultdict(int)
        self._facts: list[_Fact] = []
        self._control: dict[str, dict[str, float]] = {}
        self._index = 0
        self._zones = [d.zone for d in scenario.declarations.values()]
        self._dates: dict[int, Stamp] = {}

    def visit(self, event: Event) -> None:
        """Number every event and keep the facts 'what followed' is built from."""
        self._index += 1
        self._dates.setdefault(event.turn, Stamp.of(event))
        if event.kind in self.FACT_KINDS:
            self._facts.append(_Fact(self._index, event.turn, event))
        super().visit(event)

    def _side_name(self, side: str) -> str:
        return self.say.side(side)

    def _group(self, key: tuple[Any, ...], ev: Event, kind: str) -> tuple[Decision, bool]:
        """The decision this event belongs to: one per kind, turn and side, so a turn's orders read as one."""
        d = self._groups.get(key)
        if d is not None:
            return d, False
        d = Decision(kind, Stamp.of(ev), ev.get("side", ""), "", index=self._index)
        self._groups[key] = d
        self.decisions.append(d)
        return d, True

    def visit_victory_declared(self, ev: Event) -> None:
        zone = self.say.zone(ev.get("zone"))
        share = ev.get("control")
        held = f" while holding {percent(share)} of it" if share is not None else ""
        self.decisions.append(Decision("declaration", Stamp.of(ev), ev.get("side", ""),
                                       f"{self._side_name(ev.get('side', ''))} declared victory in {zone}{held}.",
                                       index=self._index))

    def visit_posture(self, ev: Event) -> None:
        reason = ev.get("reason", "")
        if reason not in ("order", "scenario"):
            return  # engine reactions to an attack are consequences, counted in what followed
        posture = ev.get("posture", "")
        kind = "stand_down" if posture == STOOD_DOWN else "alert"
        d, _ = self._group(("posture", ev.turn, ev.get("side"), posture, reason), ev, kind)
        d.units.append(self.say.unit(ev.get("unit")))
        verb = "stood down" if kind == "stand_down" else "put on alert"
        d.summary = f"{self._side_name(d.side)} {verb} {count(len(d.units), 'unit')}."
        d.detail = "Set by the scenario." if reason == "scenario" else ""

    def visit_search(self, ev: Event) -> None:
        key = ("search", ev.turn, ev.get("side"))
        d, _ = self._group(key, ev, "search")
        d.units.append(self.say.unit(ev.get("unit")))
        found = d.found
        found += [self.say.node(n) for n in ev.get("found") or ()]
        d.summary = f"{self._side_name(d.side)} searched for tunnels with {count(len(d.units), 'unit')}."
        d.detail = (f"Found the {'entrance' if len(found) == 1 else 'entrances'} at {join(found)}." if found
                    else "Nothing was found.")

    def visit_tunnel_found(self, ev: Event) -> None:
        how = str(ev.get("how", ""))
        if how.startswith("search by"):
            return  # already part of the search decision
        d, _ = self._group(("find", ev.turn, ev.get("side")), ev, "find")
        said = how_found(self.say.names, d.side, how)
        d.units.append(f"{self.say.node(ev.get('node'))} ({said})" if said else self.say.node(ev.get("node")))
        d.summary = (f"{self._side_name(d.side)} located {count(len(d.units), 'tunnel entrance')} "
                     "without a search.")

    def visit_tunnel_demolished(self, ev: Event) -> None:
        d, _ = self._group(("demolish", ev.turn, ev.get("side")), ev, "demolition")
        d.units.append(self.say.node(ev.get("node")))
        n = len(d.units)
        by = self.say.unit(ev.get("unit"))
        d.summary = f"{self._side_name(d.side)} demolished {count(n, 'tunnel entrance')}."
        d.detail = f"By {by}." if n == 1 else d.detail

    def visit_withdrawn(self, ev: Event) -> None:
        key = ("withdraw", ev.turn, ev.get("side"))
        d, _ = self._group(key, ev, "withdrawal")
        d.units.append(self.say.unit(ev.get("unit")))
        self._strength[key] += int(ev.get("strength", 0))
        d.summary = (f"{self._side_name(d.side)} sent {count(len(d.units), 'unit')} "
                     f"(strength {self._strength[key]}) to other fronts.")

    def finish(self) -> None:
        """Fold runs of fruitless searches and work out what followed each decision."""
        self.decisions = self._merge_runs(self.decisions)
        for d in self.decisions:
            d.followed = self._aftermath(d)

    def _merge_runs(self, decisions: list[Decision]) -> list[Decision]:
        """Fold searches that found nothing on consecutive turns into one entry.

        A side that searches every turn would otherwise fill the section with identical cards and
        bury the decisions that changed something.
        """
        out: list[Decision] = []
        open_run: dict[str, Decision] = {}
        for d in decisions:
            run = open_run.get(d.side)
            if d.kind == "search" and not d.found:
                if run is not None and (run.last or run.at).turn + 1 == d.at.turn:
                    run.last = d.at
                    run.turns += 1
                    run.units = list(dict.fromkeys(run.units + d.units))
                    run.summary = (f"{self._side_name(run.side)} searched for tunnels on each of {run.turns} "
                                   f"turns, from turn {run.at.turn} to turn {d.at.turn}, with "
                                   f"{count(len(run.units), 'different unit')} in all.")
                    continue
                open_run[d.side] = d
            elif d.kind == "search":
                open_run.pop(d.side, None)
            out.append(d)
        return out

    def _aftermath(self, d: Decision) -> Aftermath:
        last = (d.last or d.at).turn + self.follow
        until = self._dates.get(last) or self._dates[max(t for t in self._dates if t <= last)]
        end = self.sc.calendar.turn_start(until.turn + 1)
        a = Aftermath(until=until, end=Stamp(until.turn + 1, end.strftime("%Y-%m-%d"), end.strftime("%H:%M")))
        before: dict[str, dict[str, float]] = {z: v for z, v in self._initial.items() if z in self._zones}
        after: dict[str, dict[str, float]] = {}
        for f in self._facts:
            ev = f.ev
            if ev.kind == "control" and ev.get("zone") in self._zones:
                if f.index < d.index:
                    before[ev.data["zone"]] = ev.get("shares") or {}
                elif f.turn <= last:
                    after[ev.data["zone"]] = ev.get("shares") or {}
                continue
            if f.index <= d.index or f.turn > last:
                continue
            if ev.kind == "phase":
                a.phases.append(BeatReached(ev.get("phase", ""), ev.get("name", ""), Stamp.of(ev)))
            elif ev.kind == "combat":
                a.combats += 1
                a.ambushes += bool(ev.get("ambush"))
                a.surprises += bool(ev.get("surprise"))
                a.suicide_attacks += bool(ev.get("suicide"))
                add_combat_losses(a.losses, ev, self._side)
            elif ev.kind == "unit_destroyed":
                a.destroyed[ev.get("side", "")] = a.destroyed.get(ev.get("side", ""), 0) + 1
            elif ev.kind == "unit_broke":
                a.broke[ev.get("side", "")] = a.broke.get(ev.get("side", ""), 0) + 1
            elif ev.kind == "posture" and ev.get("reason") not in ("order", "scenario"):
                a.reactions += 1
        for z in self._zones:
            if z in before or z in after:
                b = before.get(z, {})
                a.control.append((z, b, after.get(z, b)))
        return a


