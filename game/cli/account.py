"""A readable, turn-by-turn account of a game: a visitor over the event stream.

Neutral wording throughout; unit and place names come from the scenario.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator

from game.engine.events import Event
from game.engine.game import Game
from game.report.visitor import EventVisitor


class Account(EventVisitor):
    """Turns events into lines of prose; each ``visit_<kind>`` says the lines for one event."""

    def __init__(self, game: Game, side: str | None = None) -> None:
        super().__init__()
        self.game = game
        self.side = side  # None: everything (god view); else only what that side saw
        self.moves = 0
        self._out: list[str] = []
        self._names = {spec.id: spec.name for spec in game.scenario.units}

    def visit(self, event: Event) -> None:
        if self.side is None or event.visible_to(self.side):
            super().visit(event)

    def lines(self, events: Iterable[Event]) -> Iterator[str]:
        for ev in events:
            self.visit(ev)
            yield from self._out
            self._out.clear()

    def say(self, *lines: str) -> None:
        self._out.extend(lines)

    def _name(self, uid: str) -> str:
        return self._names.get(uid, uid)

    def _side(self, sid: str) -> str:
        return self.game.scenario.sides[sid].name

    def _zone(self, zid: str) -> str:
        return self.game.scenario.zones[zid].name

    def visit_turn_start(self, ev: Event) -> None:
        when = self.game.scenario.calendar.turn_start(ev.turn)
        light = "night" if ev.get("night") else "day"
        if self.moves:
            self.say(f"   ({self.moves} moves)")
        self.moves = 0
        self.say(f"\n== Turn {ev.turn}: {when:%d %B %Y, %H:%M} ({light}) ==")

    def visit_move(self, ev: Event) -> None:
        self.moves += 1
        if ev.get("retreat"):
            self.say(f"   {self._name(ev.get('unit'))} falls back to {tuple(ev.get('to'))}.")
        elif ev.get("stopped"):
            self.say(f"   {self._name(ev.get('unit'))} makes contact and stops at {tuple(ev.get('to'))}.")

    def visit_phase(self, ev: Event) -> None:
        self.say(f"-- Phase: {ev.get('name')} --")

    def visit_narration(self, ev: Event) -> None:
        self.say(f"   [{ev.get('title')}]", *(f"   {line}" for line in textwrap.wrap(ev.get("text"), 92)))

    def visit_victory_declared(self, ev: Event) -> None:
        self.say(f"   {self._side(ev.get('side'))} declares victory in {self._zone(ev.get('zone'))} "
                 f"(holding {ev.get('control'):.0%}).")

    def visit_declaration_undone(self, ev: Event) -> None:
        self.say(f"   {self._side(ev.get('side'))} no longer holds the city it declared taken "
                 f"({ev.get('points'):+g} points).")

    def visit_combat(self, ev: Event) -> None:
        a, d = self._name(ev.get("attacker")), self._name(ev.get("defender"))
        how = [label for key, label in (("suicide", "suicide attack"), ("ambush", "from a tunnel exit"),
                                        ("surprise", "defender stood down")) if ev.get(key)]
        extra = f" ({', '.join(how)})" if how else ""
        if ev.get("intercepted"):
            self.say(f"   {a} attacks {d}{extra}: stopped before it strikes.")
        else:
            self.say(f"   {a} attacks {d}{extra}: attacker loses {ev.get('attacker_losses')}, "
                     f"defender loses {ev.get('defender_losses')}.")

    def visit_unit_broke(self, ev: Event) -> None:
        self.say(f"   {self._name(ev.get('unit'))} breaks.")

    def visit_unit_destroyed(self, ev: Event) -> None:
        self.say(f"   {self._name(ev.get('unit'))} is out of action ({ev.get('reason')}).")

    def visit_unit_rallied(self, ev: Event) -> None:
        self.say(f"   {self._name(ev.get('unit'))} rallies.")

    def visit_tunnel_found(self, ev: Event) -> None:
        node = self.game.nodes[ev.get("node")].name
        self.say(f"   {self._side(ev.get('side'))} finds a tunnel entrance: {node} ({ev.get('how')}).")

    def visit_tunnel_demolished(self, ev: Event) -> None:
        node = self.game.nodes[ev.get("node")].name
        self.say(f"   {self._name(ev.get('unit'))} demolishes the tunnel entrance {node}.")

    def visit_emerge(self, ev: Event) -> None:
        self.say(f"   {self._name(ev.get('unit'))} comes out of a tunnel at {tuple(ev.get('cell'))}.")

    def visit_arrived(self, ev: Event) -> None:
        place = self._zone(ev.get("zone")) if ev.get("zone") else "the tunnels"
        self.say(f"   {self._name(ev.get('unit'))} arrives ({place}).")

    def visit_withdrawn(self, ev: Event) -> None:
        self.say(f"   {self._name(ev.get('unit'))} leaves for other fronts.")

    def visit_posture(self, ev: Event) -> None:
        if ev.get("reason") != "order":
            self.say(f"   {self._name(ev.get('unit'))} is now {ev.get('posture').replace('_', ' ')} ({ev.get('reason')}).")

    def visit_objective_reached(self, ev: Event) -> None:
        self.say(f"   {self._side(ev.get('side'))} is first to hold {self._zone(ev.get('zone'))}.")

    def visit_game_over(self, ev: Event) -> None:
        self.say("", f"== Game over: {ev.get('reason')} ==")
        for side, pts in ev.get("points").items():
            self.say(f"   {self._side(side):28} {pts:7.1f} points  {ev.get('results')[side]}")
        winner = ev.get("winner")
        self.say(f"   Most points: {self._side(winner) if winner else 'tie'}")
        losses = ", ".join(f"{self.game.scenario.factions[f].name} {n}" for f, n in ev.get("losses").items() if n)
        self.say(f"   Strength lost (steps of about 50): {losses}")
