"""Movement: one tcod Dijkstra map per unit and observation, zones of control, river crossings.

Reach is computed from what the moving side knows (its observation), so the set of legal moves
never leaks a hidden enemy. Hidden enemies show up during the move itself: the unit stops when
it bumps into one (see rules.move).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import tcod.path

if TYPE_CHECKING:
    from game.engine.fog import Observation, UnitView
    from game.engine.game import Game

UNREACHED = np.iinfo(np.int32).max
CARDINAL, DIAGONAL = 2, 3  # costs are tenths of a movement point; a diagonal step costs 1.5x
MP_SCALE = 10 * CARDINAL  # movement points -> distance units
BOAT_COST = 30  # a river cell costs 3 movement points to a unit with boats
DIRS = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]


@dataclass
class Reach:
    origin: tuple[int, int]
    dist: np.ndarray  # distance units to each cell, UNREACHED where it cannot go
    budget: int
    endable: np.ndarray  # cells where the move may end (stack limit, no seen enemy)
    free: np.ndarray  # distances without entering any zone of control
    zoc: np.ndarray
    cost: np.ndarray

    def can_reach(self, x: int, y: int) -> bool:
        h, w = self.dist.shape
        return 0 <= x < w and 0 <= y < h and bool(self.endable[y, x]) and self.dist[y, x] <= self.budget

    def cells(self) -> list[tuple[int, int]]:
        ys, xs = np.nonzero(self.endable & (self.dist <= self.budget))
        return [(int(x), int(y)) for x, y in zip(xs, ys, strict=True) if (x, y) != self.origin]

    def path(self, x: int, y: int) -> list[tuple[int, int]]:
        """Cells from the origin (excluded) to (x, y), following the cheapest route."""
        if (x, y) == self.origin:
            return []
        last: list[tuple[int, int]] = []
        if self.zoc[y, x]:
            h, w = self.dist.shape
            options = []
            for dx, dy in DIRS:
                nx, ny = x + dx, y + dy
                if 0 <= nx < w and 0 <= ny < h and self.free[ny, nx] < UNREACHED:
                    step = CARDINAL if dx == 0 or dy == 0 else DIAGONAL
                    options.append((int(self.free[ny, nx]) + int(self.cost[y, x]) * step, nx, ny))
            if not options:
                return []
            _, nx, ny = min(options)
            last = [(x, y)]
            x, y = nx, ny
            if (x, y) == self.origin:
                return last
        pts = tcod.path.hillclimb2d(self.free.T, (x, y), True, True)
        cells = [(int(px), int(py)) for px, py in pts[::-1]]
        cells = cells[1:] if cells and cells[0] == self.origin else cells
        return cells + last


def step_cost_layer(game: Game, boat: bool) -> np.ndarray:
    cost = game.move_cost10.copy()
    if boat:
        cost[game.river] = BOAT_COST
    return cost


def compute_reach(game: Game, obs: Observation, u: UnitView) -> Reach:
    """Distances from the unit's cell with seen enemies blocking and their zones of control stopping."""
    h, w = game.height, game.width
    budget = int(u.mp or 0)
    abilities = game.scenario.unit_types[u.type].abilities
    cost = step_cost_layer(game, "boat" in abilities)
    enemy = np.zeros((h, w), bool)
    for e in obs.units.values():
        if e.side != u.side and not e.underground:
            enemy[e.y, e.x] = True
    cost[enemy] = 0
    zoc = np.zeros((h, w), bool)
    if game.rules.zoc:
        for e in obs.units.values():
            if e.side != u.side and not e.underground and not e.broken:
                zoc[max(0, e.y - 1):e.y + 2, max(0, e.x - 1):e.x + 2] = True
    zoc[u.y, u.x] = False
    free_cost = cost.copy()
    free_cost[zoc] = 0
    dist = np.full((h, w), UNREACHED, dtype=np.int32)
    dist[u.y, u.x] = 0
    tcod.path.dijkstra2d(dist, free_cost, CARDINAL, DIAGONAL, out=dist)
    free = dist.copy()
    if zoc.any():  # a unit may step into a zone of control, but not on through it
        best = dist.copy()
        for dx, dy in DIRS:
            step = CARDINAL if dx == 0 or dy == 0 else DIAGONAL
            src = np.full((h, w), UNREACHED, dtype=np.int64)
            ys = slice(max(0, -dy), h - max(0, dy))
            xs = slice(max(0, -dx), w - max(0, dx))
            ys2 = slice(max(0, dy), h - max(0, -dy))
            xs2 = slice(max(0, dx), w - max(0, -dx))
            src[ys2, xs2] = dist[ys, xs]
            cand = np.where((src < UNREACHED) & zoc & (cost > 0), src + cost.astype(np.int64) * step, UNREACHED)
            best = np.minimum(best, cand.astype(np.int64)).astype(np.int32)
        dist = best
    count = np.zeros((h, w), np.int16)
    for o in obs.units.values():
        if o.side == u.side and not o.underground and o.id != u.id:
            count[o.y, o.x] += 1
    endable = (~enemy) & (count < game.rules.stack_limit) & game.standable
    if "boat" in abilities:
        endable &= ~game.river
    return Reach(origin=(u.x, u.y), dist=dist, budget=budget, endable=endable, free=free, zoc=zoc, cost=cost)


def retreat_map(game: Game, targets: np.ndarray, blocked: np.ndarray) -> np.ndarray:
    """Distances to the nearest target cell, for broken units falling back (multi-source Dijkstra)."""
    cost = game.move_cost10.copy()
    cost[blocked] = 0
    dist = np.full(cost.shape, UNREACHED, dtype=np.int32)
    dist[targets] = 0
    tcod.path.dijkstra2d(dist, cost, CARDINAL, DIAGONAL, out=dist)
    return dist
