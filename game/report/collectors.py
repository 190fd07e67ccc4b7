"""The report's collectors: small visitors that each read one thing out of the event log.

They keep plain records (dataclasses) for the templates; all wording that depends on the data is
assembled in the templates, so the text a class reads can be reviewed in one place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from game.engine.events import Event
from game.report.visitor import EventVisitor
from game.scenario.model import Scenario


def when_label(date: str, time: str = "") -> str:
    """'2017-11-09', '18:00' -> '9 Nov 2017, 18:00' (no locale: the report reads the same everywhere)."""
    try:
        d = dt.date.fromisoformat(date)
    except ValueError:
        return f"{date} {time}".strip()
    text = f"{d.day} {d.strftime('%b')} {d.year}"
    return f"{text}, {time}" if time else text


@dataclass(frozen=True)
class Stamp:
    """When something happened: the turn and the turn's date and time."""

    turn: int
    date: str
    time: str

    @classmethod
    def of(cls, ev: Event) -> Stamp:
        return cls(ev.turn, ev.date, ev.time)

    @property
    def label(self) -> str:
        return when_label(self.date, self.time)


def unit_factions(scenario: Scenario) -> dict[str, str]:
    return {u.id: u.faction for u in scenario.units}


def unit_names(scenario: Scenario) -> dict[str, str]:
    return {u.id: u.name for u in scenario.units}


def key_zones(scenario: Scenario) -> list[str]:
    """Zones the scenario scores or declares on, then zones lying inside them (e.g. city districts).

    Chosen from the data, not by name, so a what-if scenario with other objectives reports its own.
    """
    main: list[str] = []
    for dec in scenario.declarations.values():
        main.append(dec.zone)
    for v in scenario.victory.values():
        main += [o.zone for o in v.objectives]
    main = list(dict.fromkeys(z for z in main if z in scenario.zones))
    inner = [z for z, zone in scenario.zones.items() if z not in main and zone.cells
             and any(zone.cells <= scenario.zones[m].cells for m in main)]
    order = list(scenario.zones)
    return sorted(main, key=order.index) + sorted(inner, key=order.index)


# --- timeline ------------------------------------------------------------------------------

@dataclass
class TimelineEntry:
    """One line of the timeline: a phase (a beat of the battle), a narration card or a marked event."""

    kind: str  # phase | narration | declaration | declaration_undone | objective | arrival | end
    at: Stamp
    title: str
    text: str = ""
    sources: tuple[str, ...] = ()
    cause: str = ""  # the scenario trigger that produced it, if any
    side: str = ""
    phase: str = ""
    cards: list[TimelineEntry] = field(default_factory=list)  # narration shown when this beat began
    sourced_date: str = ""  # the date the sources give for this beat, to set beside the game's


@dataclass(frozen=True)
class BeatReached:
    phase: str
    name: str
    at: Stamp


class TimelineCollector(EventVisitor):
    """The beats (phase events) with their narration cards, declarations, arrivals and the end."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.sc = scenario
        self.entries: list[TimelineEntry] = []
        self.beats: list[BeatReached] = []
        self._phases = {p.id: p for p in scenario.phases}
        self._names = unit_names(scenario)
        self._trigger = ""
        self._arrivals: dict[tuple[int, str], TimelineEntry] = {}

    def _side_name(self, side: str) -> str:
        s = self.sc.sides.get(side)
        return s.name if s else side

    def visit_trigger(self, ev: Event) -> None:
        t = next((t for t in self.sc.triggers if t.id == ev.get("trigger")), None)
        self._trigger = describe_trigger(ev.get("trigger", ""), ev.get("on", ""), t.conditions if t else {})

    def visit_turn_start(self, ev: Event) -> None:
        self._trigger = ""

    def visit_phase(self, ev: Event) -> None:
        pid = ev.get("phase", "")
        p = self._phases.get(pid)
        at = Stamp.of(ev)
        name = ev.get("name") or (p.name if p else pid)
        self.beats.append(BeatReached(pid, name, at))
        self.entries.append(TimelineEntry("phase", at, name, p.description if p else "", p.sources if p else (),
                                          self._trigger, phase=pid, sourced_date=p.date or "" if p else ""))

    def visit_narration(self, ev: Event) -> None:
        card = TimelineEntry("narration", Stamp.of(ev), ev.get("title", ""), ev.get("text", ""),
                             tuple(ev.get("sources") or ()), self._trigger)
        last = self.entries[-1] if self.entries else None
        if last is not None and last.kind == "phase" and last.at == card.at and last.cause == card.cause:
            last.cards.append(card)  # the card the same trigger showed as the beat began: read them together
        else:
            self.entries.append(card)

    def visit_victory_declared(self, ev: Event) -> None:
        side = ev.get("side", "")
        zone = self.sc.zones[ev.data["zone"]].name if ev.get("zone") in self.sc.zones else ev.get("zone", "")
        share = ev.get("control")
        text = f"{self._side_name(side)} declared victory in {zone}"
        if share is not None:
            text += f", holding {share:.0%} of it"
        self.entries.append(TimelineEntry("declaration", Stamp.of(ev), "Declaration of victory", text + ".",
                                          side=side))

    def visit_declaration_undone(self, ev: Event) -> None:
        side = ev.get("side", "")
        zone = self.sc.zones[ev.data["zone"]].name if ev.get("zone") in self.sc.zones else ev.get("zone", "")
        dec = self.sc.declarations.get(side)
        below = f" below {dec.lost_below:.0%}" if dec and dec.lost_below is not None else ""
        text = (f"After its declaration, the share of {zone} held by {self._side_name(side)} fell{below} "
                f"(to {ev.get('control', 0):.0%}); the declaration costs {abs(ev.get('points', 0)):g} points.")
        self.entries.append(TimelineEntry("declaration_undone", Stamp.of(ev), "Declaration no longer holds",
                                          text, side=side))

    def visit_objective_reached(self, ev: Event) -> None:
        side = ev.get("side", "")
        zone = self.sc.zones[ev.data["zone"]].name if ev.get("zone") in self.sc.zones else ev.get("zone", "")
        self.entries.append(TimelineEntry("objective", Stamp.of(ev), "Objective reached",
                                          f"{self._side_name(side)} was the first to hold {zone} "
                                          f"({ev.get('points', 0):g} points).", side=side))

    def visit_arrived(self, ev: Event) -> None:
        side = ev.get("side", "")
        key = (ev.turn, side)
        name = self._names.get(ev.get("unit", ""), ev.get("unit", ""))
        entry = self._arrivals.get(key)
        if entry is None:
            entry = TimelineEntry("arrival", Stamp.of(ev), f"Arrivals: {self._side_name(side)}", "", side=side,
                                  cause=self._trigger)
            self._arrivals[key] = entry
            self.entries.append(entry)
        how = " (through the tunnels)" if ev.get("node") else ""
        entry.text = f"{entry.text}, {name}{how}" if entry.text else f"{name}{how}"

    def visit_game_over(self, ev: Event) -> None:
        winner = ev.get("winner")
        who = f"{self._side_name(winner)} scored the most points" if winner else "No side scored more points than all others"
        points = ", ".join(f"{self._side_name(s)} {p:g}" for s, p in (ev.get("points") or {}).items())
        self.entries.append(TimelineEntry("end", Stamp.of(ev), "End of the game",
                                          f"The game ended ({ev.get('reason', '')}). {who}. Points: {points}."))


def describe_trigger(tid: str, on: str, conditions: Any) -> str:
    """A trigger as a teacher would read it out: its name, the event that woke it and its conditions."""
    conds = "; ".join(f"{k.replace('_', ' ')}: {_cond(v)}" for k, v in dict(conditions).items())
    text = f"scenario trigger '{tid}', on a {on.replace('_', ' ')} event"
    return f"{text} (conditions: {conds})" if conds else text


def _cond(v: Any) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_cond(x)}" for k, x in v.items())
    if isinstance(v, list | tuple):
        return " or ".join(_cond(x) for x in v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


# --- losses ---------------------------------------------------------------------------------

@dataclass
class FactionLosses:
    faction: str
    lost: int = 0  # strength steps lost to enemy action
    expended: int = 0  # strength spent in the faction's own suicide attacks
    destroyed: list[str] = field(default_factory=list)  # unit names
    withdrawn: int = 0  # strength that left the map for other fronts
    other: int = 0  # lost without a combat event (units underground when a tunnel node was demolished)

    @property
    def total(self) -> int:
        return self.lost + self.expended + self.other


class LossCollector(EventVisitor):
    """Strength lost per faction, per turn (for the chart) and in total, from combat and demolitions."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.sc = scenario
        self._faction = unit_factions(scenario)
        self._names = unit_names(scenario)
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
            self.by_faction[f].destroyed.append(self._names.get(ev.data["unit"], ev.data["unit"]))

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


# --- decisions and what followed -------------------------------------------------------------

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
        return not (self.phases or self.combats or self.destroyed or self.broke)


@dataclass
class Decision:
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
        self._names = unit_names(scenario)
        self._faction = unit_factions(scenario)
        self._groups: dict[tuple[Any, ...], Decision] = {}
        self._strength: dict[tuple[Any, ...], int] = defaultdict(int)
        self._facts: list[_Fact] = []
        self._control: dict[str, dict[str, float]] = {}
        self._index = 0
        self._zones = [d.zone for d in scenario.declarations.values()]
        self._dates: dict[int, Stamp] = {}

    def visit(self, event: Event) -> None:
        self._index += 1
        self._dates.setdefault(event.turn, Stamp.of(event))
        if event.kind in self.FACT_KINDS:
            self._facts.append(_Fact(self._index, event.turn, event))
        super().visit(event)

    def _side_name(self, side: str) -> str:
        s = self.sc.sides.get(side)
        return s.name if s else side

    def _zone_name(self, zone: str) -> str:
        return self.sc.zones[zone].name if zone in self.sc.zones else zone

    def _node_name(self, node: str) -> str:
        n = self.sc.tunnels.nodes.get(node)
        return n.name or node if n else node

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
        zone = self._zone_name(ev.get("zone", ""))
        share = ev.get("control")
        held = f" while holding {share:.0%} of it" if share is not None else ""
        self.decisions.append(Decision("declaration", Stamp.of(ev), ev.get("side", ""),
                                       f"{self._side_name(ev.get('side', ''))} declared victory in {zone}{held}.",
                                       index=self._index))

    def visit_posture(self, ev: Event) -> None:
        reason = ev.get("reason", "")
        if reason not in ("order", "scenario"):
            return  # engine reactions to an attack are consequences, counted in what followed
        posture = ev.get("posture", "")
        kind = "stand_down" if posture == "stood_down" else "alert"
        d, _ = self._group(("posture", ev.turn, ev.get("side"), posture, reason), ev, kind)
        d.units.append(self._names.get(ev.get("unit", ""), ev.get("unit", "")))
        verb = "stood down" if kind == "stand_down" else "put on alert"
        n = len(d.units)
        d.summary = f"{self._side_name(d.side)} {verb} {n} unit{'s' if n != 1 else ''}."
        d.detail = "Set by the scenario." if reason == "scenario" else ""

    def visit_search(self, ev: Event) -> None:
        key = ("search", ev.turn, ev.get("side"))
        d, _ = self._group(key, ev, "search")
        d.units.append(self._names.get(ev.get("unit", ""), ev.get("unit", "")))
        found = d.found
        found += [self._node_name(n) for n in ev.get("found") or ()]
        n = len(d.units)
        d.summary = f"{self._side_name(d.side)} searched for tunnels with {n} unit{'s' if n != 1 else ''}."
        d.detail = f"Found: {', '.join(found)}." if found else "Nothing was found."

    def visit_tunnel_found(self, ev: Event) -> None:
        how = str(ev.get("how", ""))
        if how.startswith("search by"):
            return  # already part of the search decision
        d, _ = self._group(("find", ev.turn, ev.get("side")), ev, "find")
        d.units.append(f"{self._node_name(ev.get('node', ''))} ({self._explain_how(how)})")
        n = len(d.units)
        d.summary = (f"{self._side_name(d.side)} located {n} tunnel entrance{'s' if n != 1 else ''} "
                     "without a search.")

    def _explain_how(self, how: str) -> str:
        for uid, name in self._names.items():
            if uid in how.split():
                how = " ".join(name if w == uid else w for w in how.split())
        return how

    def visit_tunnel_demolished(self, ev: Event) -> None:
        d, _ = self._group(("demolish", ev.turn, ev.get("side")), ev, "demolition")
        d.units.append(self._node_name(ev.get("node", "")))
        n = len(d.units)
        by = self._names.get(ev.get("unit", ""), ev.get("unit", ""))
        d.summary = f"{self._side_name(d.side)} demolished {n} tunnel node{'s' if n != 1 else ''}."
        d.detail = f"By {by}." if n == 1 else d.detail

    def visit_withdrawn(self, ev: Event) -> None:
        key = ("withdraw", ev.turn, ev.get("side"))
        d, _ = self._group(key, ev, "withdrawal")
        d.units.append(self._names.get(ev.get("unit", ""), ev.get("unit", "")))
        self._strength[key] += int(ev.get("strength", 0))
        n = len(d.units)
        d.summary = (f"{self._side_name(d.side)} sent {n} unit{'s' if n != 1 else ''} "
                     f"(strength {self._strength[key]}) to other fronts.")

    def finish(self) -> None:
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
                    n = len(run.units)
                    run.summary = (f"{self._side_name(run.side)} searched for tunnels on each of {run.turns} "
                                   f"turns, from turn {run.at.turn} to turn {d.at.turn}, with {n} different "
                                   f"unit{'s' if n != 1 else ''} in all.")
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
                for unit, steps in ((ev.get("defender"), ev.get("defender_losses", 0)),
                                    (ev.get("attacker"), ev.get("attacker_losses", 0))):
                    side = self._side_of(unit)
                    if side and steps:
                        a.losses[side] = a.losses.get(side, 0) + int(steps)
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

    def _side_of(self, unit: str | None) -> str:
        f = self._faction.get(unit or "")
        return self.sc.factions[f].side if f in self.sc.factions else ""


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
    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.sc = scenario
        self.notes: dict[int, TurnNote] = defaultdict(TurnNote)
        self._faction = unit_factions(scenario)

    def _side_of(self, unit: str | None) -> str:
        f = self._faction.get(unit or "")
        return self.sc.factions[f].side if f in self.sc.factions else ""

    def visit_phase(self, ev: Event) -> None:
        if ev.get("previous") is not None:
            self.notes[ev.turn].phases.append(ev.get("name", ""))

    def visit_combat(self, ev: Event) -> None:
        n = self.notes[ev.turn]
        n.combats += 1
        n.ambushes += bool(ev.get("ambush"))
        for unit, steps in ((ev.get("defender"), ev.get("defender_losses", 0)),
                            (ev.get("attacker"), ev.get("attacker_losses", 0))):
            side = self._side_of(unit)
            if side and steps:
                n.losses[side] = n.losses.get(side, 0) + int(steps)

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
