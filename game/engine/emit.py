"""Collects the events one action causes, stamped with the turn's date."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from game.engine.events import ALL, Event

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.state import State

NOBODY: frozenset[str] = frozenset()  # seen only in god view (educators, reports)


class Emitter:
    """Collects the events of one action in order, each stamped with the turn, date and who saw it."""

    def __init__(self, game: Game, state: State) -> None:
        self.game = game
        self.state = state
        self.events: list[Event] = []
        self.trigger_cursor = 0  # events before this index have already woken their triggers

    def emit(self, kind: str, seen_by: Iterable[str] | None = None, **data: Any) -> Event:
        """Record an event; ``seen_by`` None means every side sees it (a public fact)."""
        when = self.game.scenario.calendar.turn_start(self.state.turn)
        ev = Event(kind=kind, turn=self.state.turn, date=when.strftime("%Y-%m-%d"), time=when.strftime("%H:%M"),
                   data=data, seen_by=frozenset({ALL}) if seen_by is None else frozenset(seen_by))
        self.events.append(ev)
        return ev
