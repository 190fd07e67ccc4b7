"""What every player of a side implements, human front ends aside: choose one action from an observation.

A policy sees only ``Observation`` (never the State), so it cannot cheat through the fog or the
tunnels. The driver calls it until it ends the side's turn.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from game.engine import actions as A
from game.engine.events import Event
from game.engine.game import Game
from game.engine.observation import Observation
from game.engine.state import State

MAX_ACTIONS_PER_TURN = 400  # a policy that never ends its turn is stopped here


class Policy(Protocol):
    name: str

    def choose(self, obs: Observation) -> A.Action:
        """The next action for the observing side; EndTurn when it is done."""
        ...


def policy_rng(seed: int, side: str, name: str) -> np.random.Generator:
    """A policy's own random stream: reproducible per game seed and side, independent of the engine's."""
    key = [seed, *[ord(c) for c in f"{side}:{name}"]]
    return np.random.default_rng(key)


def play_side_turn(game: Game, state: State, policy: Policy, apply=None) -> list[Event]:
    """Let ``policy`` play the current side's turn to its end; returns the events it caused.

    ``apply`` lets a front end record the actions (e.g. ``Session.play``); by default the engine's.
    """
    side = game.current_side(state)
    assert side is not None
    do = apply or (lambda a: game.apply(state, a))
    events: list[Event] = []
    for _ in range(MAX_ACTIONS_PER_TURN):
        if state.over or game.current_side(state) != side:
            return events
        action = policy.choose(game.observe(state, side))
        events += do(action)
        if isinstance(action, A.EndTurn):
            return events
    if not state.over and game.current_side(state) == side:
        events += do(A.EndTurn())
    return events
