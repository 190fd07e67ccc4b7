"""The report's timeline: the beats with their narration cards, declarations, arrivals and the end.

Every name comes from the narrator (god view: a report reads the whole log), so the timeline
speaks of "Government and allies" and "the southern outskirts", never of ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.events import Event
from game.narrate import Narrator
from game.narrate.grammar import agree, percent
from game.narrate.visitor import EventVisitor
from game.report.records import BeatReached, Stamp
from game.scenario.model import Scenario


@dataclass
class TimelineEntry:
    """One line of the timeline: a phase (a beat of the battle), a narration card or a marked event."""

    kind: str  # phase | narration | declaration | declaration_undone | objective | arrival | end
    at: Stamp
    title: str
    text: str = ""
    sources: tuple[str, ...] = ()
    cause: str = ""  # when the scenario's rule that produced it fires, in plain words ("when ISIS attacks ...")
    side: str = ""
    phase: str = ""
    cards: list[TimelineEntry] = field(default_factory=list)  # narration shown when this beat began
    sourced_date: str = ""  # the date the sources give for this beat, to set beside the game's


class TimelineCollector(EventVisitor):
    """The beats (phase events) with their narration cards, declarations, arrivals and the end."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.sc = scenario
        self.say = Narrator(scenario)
        self.entries: list[TimelineEntry] = []
        self.beats: list[BeatReached] = []
        self._phases = {p.id: p for p in scenario.phases}
        self._trigger = ""
        self._arrivals: dict[tuple[int, str], TimelineEntry] = {}

    def visit_trigger(self, ev: Event) -> None:
        t = next((t for t in self.sc.triggers if t.id == ev.get("trigger")), None)
        why = self.say.trigger_why(t) if t is not None else ""
        self._trigger = why[:1].lower() + why[1:].rstrip(".")

    def visit_turn_start(self, ev: Event) -> None:
        self._trigger = ""

    def visit_phase(self, ev: Event) -> None:
        pid = ev.get("phase", "")
        p = self._phases.get(pid)
        at = Stamp.of(ev)
        name = ev.get("name") or (p.name if p else "a new phase")
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
        share = ev.get("control")
        text = f"{self.say.side(side)} declared victory in {self.say.zone(ev.get('zone'))}"
        if share is not None:
            text += f", holding {percent(share)} of it"
        self.entries.append(TimelineEntry("declaration", Stamp.of(ev), "Declaration of victory", text + ".",
                                          side=side))

    def visit_declaration_undone(self, ev: Event) -> None:
        side = ev.get("side", "")
        dec = self.sc.declarations.get(side)
        below = f" below {percent(dec.lost_below)}" if dec and dec.lost_below is not None else ""
        its = "their" if self.say.names.side_plural(side) else "its"
        text = (f"After {its} declaration, the share of {self.say.zone(ev.get('zone'))} held by "
                f"{self.say.side(side)} fell{below} (to {percent(ev.get('control', 0))}); the declaration costs "
                f"{abs(ev.get('points', 0)):g} points.")
        self.entries.append(TimelineEntry("declaration_undone", Stamp.of(ev), "Declaration no longer holds",
                                          text, side=side))

    def visit_objective_reached(self, ev: Event) -> None:
        side = ev.get("side", "")
        name = self.say.side(side)
        was = agree(name, "was", "were", self.say.names.side_plural(side))
        self.entries.append(TimelineEntry("objective", Stamp.of(ev), "Objective reached",
                                          f"{name} {was} the first to hold {self.say.zone(ev.get('zone'))} "
                                          f"({ev.get('points', 0):g} points).", side=side))

    def visit_arrived(self, ev: Event) -> None:
        side = ev.get("side", "")
        key = (ev.turn, side)
        name = self.say.unit(ev.get("unit"))
        entry = self._arrivals.get(key)
        if entry is None:
            entry = TimelineEntry("arrival", Stamp.of(ev), f"Arrivals: {self.say.side(side)}", "", side=side,
                                  cause=self._trigger)
            self._arrivals[key] = entry
            self.entries.append(entry)
        how = " (through the tunnels)" if ev.get("node") else ""
        entry.text = f"{entry.text}, {name}{how}" if entry.text else f"{name}{how}"

    def visit_game_over(self, ev: Event) -> None:
        winner = ev.get("winner")
        who = (f"{self.say.side(winner)} scored the most points" if winner
               else "No side scored more points than all others")
        points = ", ".join(f"{self.say.side(s)} {p:g}" for s, p in (ev.get("points") or {}).items())
        self.entries.append(TimelineEntry("end", Stamp.of(ev), "End of the game",
                                          f"The game ended ({ev.get('reason', '')}). {who}. Points: {points}."))
