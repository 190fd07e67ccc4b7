"""The tunnel orders: searching for entrances, demolishing them, and going down, along and up.

A side can use or demolish only the nodes it knows. Under the ground a unit is never seen;
coming out or going down in sight of an enemy gives the entrance away.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TYPE_CHECKING

from game.engine import actions as A
from game.engine import fog
from game.engine.effects import enemy_at, force_sight, found, lose
from game.engine.geometry import adjacent, within
from game.engine.movement import MP_SCALE
from game.engine.orders.attack import exit_fire, fires_at_exit
from game.engine.orders.base import Order
from game.engine.state import ACTIVE, ALERT

if TYPE_CHECKING:
    from game.engine.emit import Emitter
    from game.engine.game import Game
    from game.engine.observation import Observation, UnitView
    from game.engine.state import State, Unit


def dive_cost(game: Game, utype: str) -> int:
    """Movement points (in distance units) that going underground costs: a third of a full move."""
    return int(game.scenario.unit_types[utype].move * MP_SCALE) // 3


def link_cost(game: Game, utype: str) -> int:
    """Movement points (in distance units) one tunnel link costs: a full move covers ``tunnel_moves`` links."""
    return int(game.scenario.unit_types[utype].move * MP_SCALE) // game.rules.tunnel_moves


def tunnel_route(game: Game, obs: Observation, u: UnitView, target: str) -> list[str] | None:
    """Nodes from the unit's node to ``target`` over open links its side knows, within this turn's reach."""
    return _route(game, obs.known_nodes, obs.collapsed, u.node, u.mp or 0, u.type, target)


def _route(game: Game, known: Set[str], collapsed: Set[str], node: str | None, mp: int, utype: str,
           target: str) -> list[str] | None:
    """``tunnel_route`` from what it reads: the nodes the side knows, the collapsed ones among them
    (any other collapsed node may be in ``collapsed`` too: only known nodes are asked about), and
    the unit's node, movement points and type."""
    if target not in known or target in collapsed or target == node or node is None:
        return None
    max_links = mp // max(1, link_cost(game, utype))
    frontier: list[str] = [node]
    prev: dict[str, str | None] = {node: None}
    while frontier:
        nxt = []
        for n in frontier:
            for m in sorted(game.links[n]):
                if m in prev or m in collapsed or m not in known:
                    continue
                prev[m] = n
                nxt.append(m)
        frontier = nxt
    if target not in prev:
        return None
    route = [target]
    step = prev[target]
    while step is not None:
        route.append(step)
        step = prev[step]
    route.reverse()
    return route if len(route) - 1 <= max_links else None


def _give_away(game: Game, state: State, u: Unit, nid: str, seen: set[str], how: str, em: Emitter) -> None:
    """The sides that watched ``u`` go down or come up at ``nid`` now know that entrance."""
    for side in sorted(seen - {u.side}):
        if nid not in state.knowledge[side].known_nodes:
            found(game, state, side, nid, how, em)


class SearchOrder(Order):
    """Spend the whole turn searching the ground nearby for tunnel entrances."""

    name = "search"
    action = A.Search

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        if not ({"search", "engineer"} & game.scenario.unit_types[u.type].abilities):
            return f"{u.id} cannot search for tunnels"
        if u.moved or u.attacked or u.acted or u.underground:
            return f"{u.id} must spend its whole turn searching (it has already moved or acted)"
        if u.posture != ALERT:
            return f"{u.id} is stood down; only alert units search"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return [A.Search(u.id)]

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        ut = game.scenario.unit_types[u.type]
        r = game.rules
        chance = r.engineer_search_chance if "engineer" in ut.abilities else r.search_chance
        if game.night[state.turn]:
            chance *= 0.5
        hits = []
        for nid, node in game.nodes.items():
            if nid in state.knowledge[u.side].known_nodes or nid in state.collapsed:
                continue
            if within(node.at, u.cell, r.search_radius) and state.rng.random() < chance:
                hits.append(nid)
        u.acted = True
        u.mp = 0
        em.emit("search", seen_by={u.side}, side=u.side, unit=u.id, cell=list(u.cell), found=hits)
        for nid in hits:
            found(game, state, u.side, nid, f"search by {u.id}", em)


class DemolishOrder(Order):
    """An engineer collapses a known tunnel node it stands on or next to."""

    name = "demolish"
    action = A.Demolish

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        if "engineer" not in game.scenario.unit_types[u.type].abilities:
            return f"{u.id} is not an engineer unit"
        if u.acted or u.attacked:
            return f"{u.id} has already acted this turn"
        return None

    def refuse(self, game: Game, obs: Observation, u: UnitView, action: A.Action) -> str | None:
        assert isinstance(action, A.Demolish)
        if action.node not in obs.known_nodes or action.node in obs.collapsed:
            return f"no known open tunnel node '{action.node}'"
        if not adjacent(game.nodes[action.node].at, u.cell):
            return f"{u.id} must stand on or next to {action.node}"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return [A.Demolish(u.id, n) for n in sorted(obs.known_nodes) if adjacent(game.nodes[n].at, u.cell)]

    def nothing_to_do(self, game: Game, obs: Observation, u: UnitView) -> str:
        return f"{u.id} is not on or next to a known open tunnel entrance"

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        assert isinstance(action, A.Demolish)
        nid = action.node
        state.collapsed.add(nid)
        u.acted = True
        u.mp = 0
        at = game.nodes[nid].at
        below = [v for v in state.units.values() if v.status == ACTIVE and v.underground and v.node == nid]
        before = {v.id: v.strength for v in below}
        exits = sorted(n for n in game.links[nid] if n not in state.collapsed)
        for v in below:
            lose(game, state, v, 1, by=u, em=em)
            if v.status != ACTIVE:
                continue
            if exits:
                v.node = exits[0]
                v.x, v.y = game.nodes[exits[0]].at
            else:
                lose(game, state, v, v.strength, by=u, em=em)
        # The collapse is felt, not seen: the event says how many strength steps were lost below,
        # never whose (the units below are told of their own losses in their own events).
        lost_below = sum(n - state.units[vid].strength for vid, n in before.items())
        em.emit("tunnel_demolished", seen_by=fog.witnesses(game, state, u), side=u.side, unit=u.id,
                node=nid, cell=list(at), losses_below=lost_below)
        for side in sorted({v.side for v in below}):  # pushed along or killed: their eyes moved or closed
            fog.refresh(game, state, side, em)


class DiveOrder(Order):
    """Go underground at the known, open tunnel node the unit stands on."""

    name = "dive"
    action = A.Dive

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        if "tunnels" not in game.scenario.unit_types[u.type].abilities:
            return f"{u.id} cannot use tunnels"
        node = game.node_at.get(u.cell)
        if u.underground or node is None or node not in obs.known_nodes or node in obs.collapsed:
            return f"{u.id} is not on an open tunnel entrance its side knows"
        if (u.mp or 0) < dive_cost(game, u.type):
            return f"{u.id} has too few movement points left to go underground"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return [A.Dive(u.id)]

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        nid = game.node_at[u.cell]
        seen = fog.witnesses(game, state, u)
        u.underground = True
        u.node = nid
        u.mp = max(0, u.mp - dive_cost(game, u.type))
        em.emit("dive", seen_by=seen, side=u.side, unit=u.id, node=nid, cell=list(u.cell))
        _give_away(game, state, u, nid, seen, f"saw {u.id} go underground", em)
        fog.spot(game, state, u, em)
        fog.refresh(game, state, u.side, em)


class TunnelOrder(Order):
    """Travel underground to another node of the network the side knows."""

    name = "tunnel"
    action = A.Tunnel

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        if not u.underground:
            return f"{u.id} is not underground"
        return None

    def refuse(self, game: Game, obs: Observation, u: UnitView, action: A.Action) -> str | None:
        assert isinstance(action, A.Tunnel)
        if tunnel_route(game, obs, u, action.node) is None:
            return f"{u.id} cannot reach tunnel node '{action.node}' this turn"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return [A.Tunnel(u.id, n) for n in sorted(obs.known_nodes)]

    def nothing_to_do(self, game: Game, obs: Observation, u: UnitView) -> str:
        return f"{u.id} cannot reach another known open tunnel node this turn"

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        assert isinstance(action, A.Tunnel)
        # the route the side's observation gives (``tunnel_route``), read from the state itself: a whole
        # observation for two sets and one unit would cost more than the move
        route = _route(game, state.knowledge[u.side].known_nodes, state.collapsed, u.node, u.mp, u.type,
                       action.node) or []
        u.mp = max(0, u.mp - link_cost(game, u.type) * (len(route) - 1))
        u.node = action.node
        u.x, u.y = game.nodes[action.node].at
        u.moved = True
        em.emit("tunnel_move", seen_by={u.side}, side=u.side, unit=u.id, route=route)
        fog.refresh(game, state, u.side, em)


class EmergeOrder(Order):
    """Come up at the node the unit is under, unless a seen enemy or a full stack holds the exit."""

    name = "emerge"
    action = A.Emerge

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        if not u.underground:
            return f"{u.id} is not underground"
        if any(o.cell == u.cell and o.side != obs.side and not o.underground for o in obs.units.values()):
            return f"an enemy unit stands on the exit above {u.id}"
        if sum(1 for o in obs.units.values() if o.cell == u.cell and o.side == obs.side and not o.underground) \
                >= game.rules.stack_limit:
            return "the exit is full (stack limit)"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return [A.Emerge(u.id)]

    def risk(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        if game.rules.exit_fire <= 0:
            return None
        guards = [e for e in obs.enemies() if fires_at_exit(game, e, u.side, u.cell)]
        if not guards:
            return None
        who = "an alert enemy unit" if len(guards) == 1 else f"{len(guards)} alert enemy units"
        return f"{who} next to the exit would fire on {u.id} as it comes out"

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        blocker = enemy_at(state, u.side, u.cell)
        if blocker is not None:  # the observation showed the exit free, but a hidden enemy holds it
            force_sight(game, state, u.side, blocker, em)
            u.mp = 0
            em.emit("emerge_blocked", seen_by={u.side}, side=u.side, unit=u.id, node=u.node, cell=list(u.cell))
            return
        nid = u.node
        assert nid is not None
        u.underground = False
        u.node = None
        u.emerged_turn = state.turn
        seen = fog.witnesses(game, state, u)
        em.emit("emerge", seen_by=seen, side=u.side, unit=u.id, node=nid, cell=list(u.cell))
        _give_away(game, state, u, nid, seen, f"saw {u.id} come out", em)
        fog.refresh(game, state, u.side, em)
        fog.spot(game, state, u, em)
        exit_fire(game, state, u, nid, em)
