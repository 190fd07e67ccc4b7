"""What every order is: who may give it, to what, and what it does, kept together.

An order's legality is split in two so that the same words serve the check of one action and
the question "what can this unit do?": ``blocked`` says why the unit cannot give the order at
all now (underground, broken, already acted), ``refuse`` says why this particular action (this
cell, this target, this node) is not allowed. Both read only the acting side's observation, so
a refusal never reveals something the side cannot see. ``carry_out`` changes the true state.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from game.engine import actions as A
from game.engine.errors import IllegalAction

if TYPE_CHECKING:
    from game.engine.emit import Emitter
    from game.engine.game import Game
    from game.engine.observation import Observation, UnitView
    from game.engine.state import State, Unit


class Order:
    """One kind of unit order (move, attack, ...): its checks, its candidate actions and its effect."""

    name: ClassVar[str] = ""
    action: ClassVar[type[A.Action]] = A.Action
    # Whether giving the order uses the unit's turn: a posture change does not, so a unit that can
    # only change posture counts as spent.
    uses_turn: ClassVar[bool] = True

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        """Why ``u`` cannot give this order at all now, or None if some action of it may be legal."""
        return None

    def refuse(self, game: Game, obs: Observation, u: UnitView, action: A.Action) -> str | None:
        """Why this particular action is not allowed (asked only once ``blocked`` said None)."""
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        """Actions of this order worth checking for ``u``: a superset of the legal ones."""
        return ()

    def risk(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        """What carrying the order out now would cost that the side can already see (plain words),
        so a player is warned before, not told after; None when nothing is seen."""
        return None

    def nothing_to_do(self, game: Game, obs: Observation, u: UnitView) -> str:
        """Why no action is legal although the order is not blocked (no target, nowhere to go)."""
        return f"{u.id} has no {self.name} order open to it now"

    def check(self, game: Game, obs: Observation, u: UnitView, action: A.Action) -> None:
        """Raise IllegalAction (or MalformedAction) unless ``action`` is allowed now."""
        reason = self.blocked(game, obs, u) or self.refuse(game, obs, u, action)
        if reason:
            raise IllegalAction(reason)

    def options(self, game: Game, obs: Observation, u: UnitView) -> list[A.Action]:
        """The legal actions of this order for ``u`` now (assumes ``blocked`` said None)."""
        return [a for a in self.candidates(game, obs, u) if self.refuse(game, obs, u, a) is None]

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        """Change the true state; the action has been checked (or comes from a trusted caller)."""
        raise NotImplementedError
