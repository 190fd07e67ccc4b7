"""A readable, turn-by-turn account of a game: a visitor over the event stream.

Neutral wording throughout; unit and place names come from the scenario.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from game.engine.events import Event
from game.engine.game import Game


class Account:
    """Turns events into lines of prose; ``visit_<kind>`` handles one kind, others are skipped."""

    def __init__(self, game: Game, side: str | None = None) -> None:
        self.game = game
        self.side = side  # None: everything (god view); else only what that side saw
        self.moves = 0

    def lines(self, events: Iterable[Event]) -> Iterator[str]:
        for ev in events:
            if self.side is not None and not ev.visible_to(self.side):
                continue
            handler = getattr(self, f"visit_{ev.kind}", None)
            if handler is not None:
                out = handler(ev)
                if out:
                    yield from out if isinstance(out, list) else [out]

    def _name(self, uid: str) -> str:
        for spec in self.game.scenario.units:
            if spec.id == uid:
                return spec.name
        return uid

    def _side(self, sid: str) -> str:
        return self.game.scenario.sides[sid].name

    def visit_turn_start(self, ev: Event) -> list[str]:
        when = self.game.scenario.calendar.turn_start(ev.turn)
        light = "night" if ev.get("night") else "day"
        moved, self.moves = self.moves, 0
        head = f"\n== Turn {ev.turn}: {when:%d %B %Y, %H:%M} ({light}) =="
        return [f"   ({moved} moves)", head] if moved else [head]

    def visit_move(self, ev: Event) -> str | None:
        self.moves += 1
        if ev.get("retreat"):
            return f"   {self._name(ev.get('unit'))} falls back to {tuple(ev.get('to'))}."
        if ev.get("stopped"):
            return f"   {self._name(ev.get('unit'))} makes contact and stops at {tuple(ev.get('to'))}."
        return None

    def visit_phase(self, ev: Event) -> str:
        return f"-- Phase: {ev.get('name')} --"

    def visit_narration(self, ev: Event) -> list[str]:
        return [f"   [{ev.get('title')}]", *(f"   {line}" for line in _wrap(ev.get("text"), 92))]

    def visit_victory_declared(self, ev: Event) -> str:
        zone = self.game.scenario.zones[ev.get("zone")].name
        return f"   {self._side(ev.get('side'))} declares victory in {zone} (holding {ev.get('control'):.0%})."

    def visit_declaration_undone(self, ev: Event) -> str:
        return f"   {self._side(ev.get('side'))} no longer holds the city it declared taken ({ev.get('points'):+g} points)."

    def visit_combat(self, ev: Event) -> str:
        a, d = self._name(ev.get("attacker")), self._name(ev.get("defender"))
        how = []
        if ev.get("suicide"):
            how.append("suicide attack")
        if ev.get("ambush"):
            how.append("from a tunnel exit")
        if ev.get("surprise"):
            how.append("defender stood down")
        extra = f" ({', '.join(how)})" if how else ""
        if ev.get("intercepted"):
            return f"   {a} attacks {d}{extra}: stopped before it strikes."
        return (f"   {a} attacks {d}{extra}: attacker loses {ev.get('attacker_losses')}, "
                f"defender loses {ev.get('defender_losses')}.")

    def visit_unit_broke(self, ev: Event) -> str:
        return f"   {self._name(ev.get('unit'))} breaks."

    def visit_unit_destroyed(self, ev: Event) -> str:
        return f"   {self._name(ev.get('unit'))} is out of action ({ev.get('reason')})."

    def visit_unit_rallied(self, ev: Event) -> str:
        return f"   {self._name(ev.get('unit'))} rallies."

    def visit_tunnel_found(self, ev: Event) -> str:
        node = self.game.nodes[ev.get("node")].name
        return f"   {self._side(ev.get('side'))} finds a tunnel entrance: {node} ({ev.get('how')})."

    def visit_tunnel_demolished(self, ev: Event) -> str:
        return f"   {self._name(ev.get('unit'))} demolishes the tunnel entrance {self.game.nodes[ev.get('node')].name}."

    def visit_emerge(self, ev: Event) -> str:
        return f"   {self._name(ev.get('unit'))} comes out of a tunnel at {tuple(ev.get('cell'))}."

    def visit_arrived(self, ev: Event) -> str:
        where = ev.get("zone")
        place = self.game.scenario.zones[where].name if where else "the tunnels"
        return f"   {self._name(ev.get('unit'))} arrives ({place})."

    def visit_withdrawn(self, ev: Event) -> str:
        return f"   {self._name(ev.get('unit'))} leaves for other fronts."

    def visit_posture(self, ev: Event) -> str | None:
        if ev.get("reason") == "order":
            return None
        return f"   {self._name(ev.get('unit'))} is now {ev.get('posture').replace('_', ' ')} ({ev.get('reason')})."

    def visit_objective_reached(self, ev: Event) -> str:
        return f"   {self._side(ev.get('side'))} is first to hold {self.game.scenario.zones[ev.get('zone')].name}."

    def visit_game_over(self, ev: Event) -> list[str]:
        out = ["", f"== Game over: {ev.get('reason')} =="]
        for side, pts in ev.get("points").items():
            out.append(f"   {self._side(side):28} {pts:7.1f} points  {ev.get('results')[side]}")
        winner = ev.get("winner")
        out.append(f"   Most points: {self._side(winner) if winner else 'tie'}")
        losses = ", ".join(f"{self.game.scenario.factions[f].name} {n}" for f, n in ev.get("losses").items() if n)
        out.append(f"   Strength lost (steps of about 50): {losses}")
        return out


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)
