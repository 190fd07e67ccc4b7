"""The posture order: put a unit on alert or stand it down.

Alert units watch and tire; stood-down units rest, see less and can be surprised. Changing
posture does not use the unit's turn, so it is open to every unit at any time of its turn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from game.engine import actions as A
from game.engine.effects import set_posture
from game.engine.errors import MalformedAction
from game.engine.orders.base import Order
from game.engine.state import POSTURES

if TYPE_CHECKING:
    from game.engine.emit import Emitter
    from game.engine.game import Game
    from game.engine.observation import Observation, UnitView
    from game.engine.state import State, Unit


def posture_words(posture: str) -> str:
    """A posture as plain words ("stood down")."""
    return posture.replace("_", " ")


class PostureOrder(Order):
    """Change a unit's posture (alert or stood down)."""

    name = "posture"
    action = A.Posture
    uses_turn = False

    def refuse(self, game: Game, obs: Observation, u: UnitView, action: A.Action) -> str | None:
        assert isinstance(action, A.Posture)
        if action.posture not in POSTURES:
            raise MalformedAction(f"posture is one of {', '.join(POSTURES)}")
        if u.posture == action.posture:
            return f"{u.id} is already {posture_words(action.posture)}"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return [A.Posture(u.id, p) for p in POSTURES if p != u.posture]

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        assert isinstance(action, A.Posture)
        set_posture(game, state, u, action.posture, "order", em)
