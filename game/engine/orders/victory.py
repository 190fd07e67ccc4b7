"""Declaring victory and, once declared, sending units off to other fronts.

A declaration scores at once but is undone (with a penalty) if the side later loses the zone;
after it, units in the withdrawal zone may leave the map for points per strength step.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from game.engine import actions as A
from game.engine import fog
from game.engine.orders.base import Order
from game.engine.scoring import award
from game.engine.state import WITHDRAWN
from game.engine.tally import zone_share

if TYPE_CHECKING:
    from game.engine.emit import Emitter
    from game.engine.game import Game
    from game.engine.observation import Observation, UnitView
    from game.engine.state import State, Unit


def declare_blocked(game: Game, obs: Observation) -> str | None:
    """Why the observing side may not declare victory now, or None if it may."""
    side = obs.side
    dec = game.scenario.declarations.get(side or "")
    if side is None or dec is None:
        return f"{side} cannot declare victory in this scenario"
    if side in obs.declared:
        return f"{side} has already declared victory"
    mask = game.zone_masks[dec.zone]
    share = zone_share(game, obs.control, dec.zone, side)
    zone = game.scenario.zones[dec.zone].name
    if share < dec.min_control:
        return f"{side} holds {share:.0%} of {zone}; a declaration needs {dec.min_control:.0%}"
    if dec.clear_of_enemies and any(e.side != side and mask[e.y, e.x] for e in obs.units.values()):
        return f"enemy units are still in sight in {zone}"
    return None


def declare(game: Game, state: State, side: str, em: Emitter) -> None:
    """``side`` declares victory: it scores the declaration's points now."""
    dec = game.scenario.declarations[side]
    state.declared[side] = state.turn
    share = zone_share(game, state.control, dec.zone, side)
    award(state, side, dec.points, "declaration of victory")
    em.emit("victory_declared", side=side, zone=dec.zone, control=round(share, 3), points=dec.points)


class WithdrawOrder(Order):
    """After a declaration of victory, send a unit in the withdrawal zone off to other fronts."""

    name = "withdraw"
    action = A.Withdraw

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        side = obs.side or ""
        dec = game.scenario.declarations.get(side)
        if dec is None or dec.withdraw_zone is None:
            return f"{side} has no withdrawal in this scenario"
        if side not in obs.declared:
            return "units may leave for other fronts only after a declaration of victory"
        if u.underground or not game.zone_masks[dec.withdraw_zone][u.y, u.x]:
            return f"{u.id} must be in {game.scenario.zones[dec.withdraw_zone].name} to withdraw"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return [A.Withdraw(u.id)]

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        dec = game.scenario.declarations[u.side]
        pts = dec.withdraw_points * u.strength
        seen = fog.witnesses(game, state, u)
        fog.forget(state, seen, u.id)
        u.status = WITHDRAWN
        award(state, u.side, pts, f"{u.name} redeployed to other fronts")
        em.emit("withdrawn", seen_by=seen, side=u.side, unit=u.id, cell=list(u.cell), strength=u.strength, points=pts)
        fog.refresh(game, state, u.side, em)
