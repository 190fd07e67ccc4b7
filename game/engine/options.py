"""What one unit can do now, asked of the engine: the query behind order buttons, overlays,
"spent" counters and AI candidate lists.

Built from the side's observation and the order registry's own checks, so the reasons are the
engine's words and nothing the side cannot see leaks into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.engine import actions as A
from game.engine.errors import IllegalAction
from game.engine.movement import Reach
from game.engine.orders import ORDERS

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.observation import Observation


@dataclass(frozen=True)
class OrderOption:
    """One order for one unit: its legal actions now, or why there are none."""

    order: str  # "move", "attack", "search", "demolish", "posture", "dive", "tunnel", "emerge", "withdraw"
    actions: tuple[A.Action, ...]  # this unit's legal actions of that order now (empty if none)
    reason: str | None  # why not (plain words from the engine) when actions is empty
    risk: str | None = None  # what it would cost that the side can see now (e.g. fire at a tunnel exit)


@dataclass(frozen=True)
class UnitOptions:
    """Everything a unit may do now, from its side's point of view, with the reasons it may not."""

    unit: str
    can_act: bool  # an order that uses the unit's turn is open to it ("spent" = not can_act)
    reach: Reach | None  # None when it cannot move
    targets: tuple[str, ...]  # visible enemy ids it may attack now
    not_targets: dict[str, str]  # other visible enemies -> why not (e.g. out of range)
    tunnel_nodes: tuple[str, ...]  # nodes it may travel to underground now
    orders: dict[str, OrderOption] = field(default_factory=dict)

    def allowed(self, order: str) -> bool:
        """Whether at least one action of ``order`` is legal for this unit now."""
        opt = self.orders.get(order)
        return opt is not None and bool(opt.actions)

    def why_not(self, order: str) -> str | None:
        """Why ``order`` is not open to this unit now (None when it is)."""
        opt = self.orders.get(order)
        if opt is None:
            return f"there is no order '{order}'"
        return None if opt.actions else opt.reason

    def actions(self, order: str) -> tuple[A.Action, ...]:
        """The legal actions of ``order`` for this unit now (empty if none)."""
        opt = self.orders.get(order)
        return opt.actions if opt is not None else ()


def not_yours(obs: Observation, unit_id: str) -> str | None:
    """Why ``unit_id`` cannot be given orders by the observing side now, or None if it can."""
    if obs.over:
        return "the game is over"
    if obs.side is None or obs.side != obs.current_side:
        return f"it is {obs.current_side}'s turn"
    u = obs.units.get(unit_id)
    if u is None or u.side != obs.side:
        return f"{obs.side} has no unit '{unit_id}' on the map"
    return None


def unit_options(game: Game, obs: Observation, unit_id: str) -> UnitOptions:
    """What ``unit_id`` of the observing side can do now; every order says why not when it cannot."""
    refusal = not_yours(obs, unit_id)
    if refusal is not None:
        if obs.side is not None and unit_id not in obs.units:
            raise IllegalAction(refusal)  # never say more about a unit the side does not see
        orders = {name: OrderOption(name, (), refusal) for name in ORDERS}
        return UnitOptions(unit_id, False, None, (), {}, (), orders)
    u = obs.units[unit_id]
    orders = {}
    for name, order in ORDERS.items():
        reason = order.blocked(game, obs, u)
        acts: tuple[A.Action, ...] = () if reason else tuple(order.options(game, obs, u))
        if not reason and not acts:
            reason = order.nothing_to_do(game, obs, u)
        orders[name] = OrderOption(name, acts, None if acts else reason, order.risk(game, obs, u) if acts else None)
    attack = ORDERS["attack"]
    targets = tuple(a.target for a in orders["attack"].actions if isinstance(a, A.Attack))
    not_targets: dict[str, str] = {}
    for e in obs.enemies():
        if e.id not in targets:
            why = orders["attack"].reason if attack.blocked(game, obs, u) else \
                attack.refuse(game, obs, u, A.Attack(u.id, e.id))
            not_targets[e.id] = why or f"{u.id} cannot attack {e.id} now"
    return UnitOptions(
        unit=unit_id,
        can_act=any(opt.actions for name, opt in orders.items() if ORDERS[name].uses_turn),
        reach=obs.reach(unit_id) if orders["move"].actions else None,
        targets=targets, not_targets=not_targets,
        tunnel_nodes=tuple(a.node for a in orders["tunnel"].actions if isinstance(a, A.Tunnel)),
        orders=orders)
