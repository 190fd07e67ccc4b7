"""Collects the events one action causes, stamped with the turn's date."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from game.engine.events import ALL, Event

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.state import State

NOBODY: frozenset[str] = frozenset()  # seen only in god view (educators, reports)
PUBLIC: frozenset[str] = frozenset({ALL})  # seen by every side


class Emitter:
    """Collects the events of one action in order, each stamped with the turn, date and who saw it."""

    def __init__(self, game: Game, state: State) -> None:
        self.game = game
        self.state = state
        self.events: list[Event] = []
        self.trigger_cursor = 0  # events before this index have already woken their triggers

    def emit(self, kind: str, seen_by: Iterable[str] | None = None, **data: Any) -> Event:
        """Record an event; ``seen_by`` None means every side sees it (a public fact)."""
        turn = self.state.turn
        stamp = self.game.stamps.get(turn)
        if stamp is None:  # formatting dates is dear next to the rest of an event: once per turn and game
            when = self.game.scenario.calendar.turn_start(turn)
            stamp = self.game.stamps[turn] = (when.strftime("%Y-%m-%d"), when.strftime("%H:%M"))
        # ``records.filled``, inlined: an action emits a dozen events, a game thousands
        ev = object.__new__(Event)
        ev.__dict__.update(kind=kind, turn=turn, date=stamp[0], time=stamp[1], data=data,
                           seen_by=PUBLIC if seen_by is None else frozenset(seen_by))
        self.events.append(ev)
        return ev
