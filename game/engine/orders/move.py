"""The move order: a surface unit walks its cheapest path to a cell it can reach this turn.

Reach comes from the side's observation (hidden enemies do not block it); a hidden enemy met on
the way stops the move on contact and is revealed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from game.engine import actions as A
from game.engine import fog, observation
from game.engine.effects import emit_move, force_sight, watch_exits
from game.engine.geometry import on_map
from game.engine.orders.base import Order
from game.engine.state import ACTIVE

if TYPE_CHECKING:
    from game.engine.emit import Emitter
    from game.engine.game import Game
    from game.engine.observation import Observation, UnitView
    from game.engine.state import State, Unit


class MoveOrder(Order):
    """Move a surface unit to a reachable cell."""

    name = "move"
    action = A.Move

    def blocked(self, game: Game, obs: Observation, u: UnitView) -> str | None:
        if u.underground:
            return f"{u.id} is underground: use 'tunnel' or 'emerge'"
        if u.broken:
            return f"{u.id} is broken and falls back on its own"
        return None

    def refuse(self, game: Game, obs: Observation, u: UnitView, action: A.Action) -> str | None:
        assert isinstance(action, A.Move)
        if (action.x, action.y) == u.cell:
            return f"{u.id} is already at {action.x} {action.y}"
        if not on_map((action.x, action.y), game.width, game.height):
            return f"{action.x} {action.y} is off the map"
        if not obs.reach(u.id).can_reach(action.x, action.y):
            return f"{u.id} cannot reach {action.x} {action.y} this turn"
        return None

    def candidates(self, game: Game, obs: Observation, u: UnitView) -> Iterable[A.Action]:
        return self.options(game, obs, u)

    def options(self, game: Game, obs: Observation, u: UnitView) -> list[A.Action]:
        if (u.mp or 0) <= 0:
            return []
        return [A.Move(u.id, x, y) for x, y in obs.reach(u.id).cells()]  # legal by construction

    def nothing_to_do(self, game: Game, obs: Observation, u: UnitView) -> str:
        if (u.mp or 0) <= 0:
            return f"{u.id} has no movement points left this turn"
        return f"{u.id} has nowhere it can move to this turn"

    def carry_out(self, game: Game, state: State, u: Unit, action: A.Action, em: Emitter) -> None:
        assert isinstance(action, A.Move)
        reach = observation.cached_reach(state, u.side, u.id)
        if reach is None:  # an untrusted caller's check built it already; this is for direct callers
            reach = game.observe(state, u.side).reach(u.id)
        path = reach.path(action.x, action.y)
        seen, allied = state.knowledge[u.side].seen_units, game.scenario.allied
        start = u.cell
        others = fog.others_layers(game, state, u.side)  # only this side's eyes move in a move
        watched = fog.witnesses(game, state, u, others)
        stopped = None
        taken = []
        # The enemies on the ground that stand on the path or next to it (all that any check below
        # reads), gathered once in the state's order: none of them moves while this unit walks it.
        if path:
            x0, x1 = min(c[0] for c in path) - 1, max(c[0] for c in path) + 1
            y0, y1 = min(c[1] for c in path) - 1, max(c[1] for c in path) + 1
        else:
            x0, x1, y0, y1 = 0, -1, 0, -1
        foes = [e for e in fog.other_units(game, state, u.side)
                if x0 <= e.x <= x1 and y0 <= e.y <= y1 and e.status == ACTIVE and not e.underground]
        first_at: dict[tuple[int, int], Unit] = {}
        for e in foes:
            first_at.setdefault(e.cell, e)  # as enemy_at finds it
        # not among observation.enemies_seen (seen, and not an ally), written out for the foes alone
        unseen = [e for e in foes if e.id not in seen or allied(u.side, e.side)]
        me = game.side_index[u.side]
        for cell in path:
            blocker = first_at.get(cell)
            if blocker is not None:  # an enemy we could not see stands in the way
                stopped = "contact"
                fog.spot(game, state, blocker, em)
                force_sight(game, state, u.side, blocker, em)
                break
            u.x, u.y = x, y = cell
            taken.append(cell)
            # adjacency (geometry.adjacent) written out: this runs for every cell of every move
            if state.control[y, x] != me and not any(abs(e.x - x) <= 1 and abs(e.y - y) <= 1 for e in foes):
                state.control[y, x] = me  # as enemy_adjacent tells it
            # No sight is added cell by cell: the refresh after the walk sets the side's view from
            # where its units stand at the end (and a contact is forced into sight on its own).
            new = [e for e in unseen if abs(e.x - x) <= 1 and abs(e.y - y) <= 1]
            if new and game.rules.zoc:
                for e in new:
                    force_sight(game, state, u.side, e, em)
                if cell != path[-1]:
                    stopped = "contact"
                break
        spent = reach.distance(u.x, u.y) if u.cell != start else 0
        u.mp = max(0, u.mp - spent) if stopped is None else 0
        u.moved = True
        emit_move(game, state, u, start, taken, watched, em, layers=others, stopped=stopped)
        fog.refresh(game, state, u.side, em)
        fog.spot(game, state, u, em, others)
        watch_exits(game, state, u, em)
