"""A readable, turn-by-turn account of a game for the terminal: a layout over the narrator.

The words come from ``game.narrate.Narrator``; this module only decides what the account shows
(the story and the fighting, not every step of every unit: ordinary moves are counted per turn)
and how it looks (turn headers, phase rules, indented and wrapped paragraphs).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator

from game.engine.events import Event
from game.engine.game import Game
from game.narrate import Narrator
from game.narrate.grammar import count

# What the account tells; every other kind is left to the game's log (moves are counted).
SHOWN = frozenset({"combat", "under_fire", "unit_broke", "unit_destroyed", "unit_rallied", "tunnel_found", "tunnel_demolished",
                   "emerge", "arrived", "withdrawn", "posture", "victory_declared", "declaration_undone",
                   "objective_reached", "points", "unit_spawned", "unit_removed", "side_changed",
                   "terrain_changed"})
WIDTH = 92


class Account:
    """Lines of prose for a run of events, as one viewer (a side, or ``None`` for god view) saw them."""

    def __init__(self, game: Game, side: str | None = None) -> None:
        self.game = game
        self.side = side
        self.narrator = Narrator(game, side)
        self.moves = 0

    def lines(self, events: Iterable[Event]) -> Iterator[str]:
        """The account's lines for these events (call again with the next events: the turn count carries on)."""
        n = self.narrator
        batch = [ev for ev in events if n.names.sees(ev)]
        n.names.learn(batch)
        for ev in batch:
            yield from self._lines(ev)

    def _lines(self, ev: Event) -> Iterator[str]:
        n, k = self.narrator, ev.kind
        if k == "turn_start":
            if self.moves:
                yield f"   ({count(self.moves, 'move')})"
            self.moves = 0
            yield f"\n== {n.event_lines(ev)[0]} =="
        elif k == "move":
            self.moves += 1
            if ev.get("retreat") or ev.get("stopped"):
                yield from (f"   {line}" for line in n.event_lines(ev))
        elif k == "phase":
            yield f"-- Phase: {ev.get('name')} --"
        elif k == "narration":
            yield f"   [{ev.get('title')}]"
            yield from (f"   {line}" for line in textwrap.wrap(str(ev.get("text", "")), WIDTH))
        elif k == "posture" and ev.get("reason") == "order":
            return
        elif k == "game_over":
            yield from self._game_over(ev)
        elif k in SHOWN:
            yield from (f"   {line}" for line in n.event_lines(ev))

    def _game_over(self, ev: Event) -> Iterator[str]:
        n = self.narrator
        yield ""
        yield f"== Game over: {ev.get('reason')} =="
        results = ev.get("results") or {}
        for sid, pts in (ev.get("points") or {}).items():
            yield f"   {n.side(sid):28} {pts:7.1f} points  {results.get(sid, '')}"
        winner = ev.get("winner")
        yield f"   Most points: {n.side(winner) if winner else 'tie'}"
        yield from (f"   {line}" for line in n.loss_lines(ev))
