"""The orders a unit can be given, as a registry: each order's checks and effect in one place.

``Game.check_observed``, ``Game.legal_actions``, ``Game.unit_options`` and ``rules.carry_out``
are loops over ``ORDERS``, so adding an order means adding one class here and nothing else.
"""

from __future__ import annotations

from game.engine import actions as A
from game.engine.orders.attack import AttackOrder
from game.engine.orders.base import Order
from game.engine.orders.move import MoveOrder
from game.engine.orders.posture import PostureOrder
from game.engine.orders.tunnels import DemolishOrder, DiveOrder, EmergeOrder, SearchOrder, TunnelOrder
from game.engine.orders.victory import WithdrawOrder

# In the order a player's order panel lists them.
ORDERS: dict[str, Order] = {o.name: o for o in (
    MoveOrder(), AttackOrder(), SearchOrder(), DemolishOrder(), PostureOrder(), DiveOrder(), TunnelOrder(),
    EmergeOrder(), WithdrawOrder())}
BY_ACTION: dict[type[A.Action], Order] = {o.action: o for o in ORDERS.values()}


def order_of(action: A.Action) -> Order | None:
    """The order an action belongs to (None for the side's own actions: declare, end)."""
    return BY_ACTION.get(type(action))
