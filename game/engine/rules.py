"""Carrying out checked actions: the engine's one place where an action becomes state changes.

Every state change of the game happens here or in the modules it calls (the orders, ``turns``
and ``triggers``); all chance comes from ``state.rng``. Callers outside the engine go through
``Game.apply``, which checks the action first (or trusts a caller that took it from the engine's
own option lists).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import actions as A
from game.engine import triggers, turns
from game.engine.effects import fall_back, found, set_posture
from game.engine.emit import Emitter
from game.engine.events import Event
from game.engine.orders import order_of
from game.engine.orders.victory import declare
from game.engine.state import State

if TYPE_CHECKING:
    from game.engine.game import Game

# Scenario triggers and the turn sequence apply these rules too; they are re-exported here so
# that ``rules`` stays the module that names every rule that changes the state.
__all__ = ["carry_out", "fall_back", "found", "set_posture"]


def carry_out(game: Game, state: State, action: A.Action) -> list[Event]:
    """Carry out a legal ``action`` of the side to move, then run the triggers it wakes."""
    em = Emitter(game, state)  # the reach maps cached by the legality check are still valid here
    side = game.sides[state.side_index]
    state.actions_taken += 1
    if isinstance(action, A.EndTurn):
        turns.end_side_turn(game, state, em)
    elif isinstance(action, A.Declare):
        declare(game, state, side, em)
    else:
        order = order_of(action)
        if order is None or not isinstance(action, A.UnitAction):
            raise TypeError(f"not an action: {action!r}")
        order.carry_out(game, state, state.units[action.unit], action, em)
    triggers.process(game, state, em)
    state.cache.clear()  # derived data (reach maps) is stale once anything has changed
    return em.events
