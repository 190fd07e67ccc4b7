"""A lean driver for machine-only games (Monte Carlo runs, lookahead rollouts).

``base.play_side_turn`` goes through ``Game.apply``, which builds the acting side's observation
again to check the action. The policies here build their actions from the engine's own checks on
the observation they were given (``roles.legal``, ``Game.legal_actions``), so the driver applies
them as trusted: the same rules and the same game, one observation and one check fewer per action.
"""

from __future__ import annotations

from game.ai.base import MAX_ACTIONS_PER_TURN, Policy
from game.engine import actions as A
from game.engine.events import Event
from game.engine.game import Game
from game.engine.state import State


def play_side_turn(game: Game, state: State, policy: Policy) -> list[Event]:
    """Let ``policy`` play the current side's turn to its end; returns the events it caused."""
    side = game.current_side(state)
    assert side is not None
    events: list[Event] = []
    for _ in range(MAX_ACTIONS_PER_TURN):
        if state.over or game.current_side(state) != side:
            return events
        obs = game.observe(state, side)
        action = policy.choose(obs)
        events += game.apply(state, action, trusted=True)
        if isinstance(action, A.EndTurn):
            return events
    if not state.over and game.current_side(state) == side:
        events += game.apply(state, A.EndTurn(), trusted=True)
    return events
