"""Points: awards written to the ledger, and the points a scenario gives for strength lost or destroyed.

Kept apart from the turn sequence so that every rule that scores (combat, withdrawals,
declarations, objectives, scenario triggers) writes the ledger the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.state import State


def award(state: State, side: str, points: float, reason: str) -> None:
    """Add ``points`` to ``side`` with a ledger line saying why (nothing is written for zero)."""
    if not points:
        return
    state.points[side] = round(state.points.get(side, 0.0) + points, 3)
    state.ledger.append({"turn": state.turn, "side": side, "points": points, "reason": reason})


def score_losses(game: Game, state: State, side: str, by_side: str, steps: int, spent: bool) -> None:
    """Score ``steps`` of strength that ``side`` lost to ``by_side`` (a spent suicide attacker scores nothing)."""
    v = game.scenario.victory
    if side in v and v[side].own_step and not spent:
        award(state, side, v[side].own_step * steps, "strength lost")
    if by_side in v and v[by_side].enemy_step and not spent and steps:
        award(state, by_side, v[by_side].enemy_step * steps, "enemy strength destroyed")
