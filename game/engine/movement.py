"""Movement: one tcod Dijkstra map per unit and observation, zones of control, river crossings.

Reach is computed from what the moving side knows (its observation), so the set of legal moves
never leaks a hidden enemy. Hidden enemies show up during the move itself: the unit stops when
it bumps into one (see rules.move).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import tcod.path

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.observation import Observation, UnitView

UNREACHED = np.iinfo(np.int32).max
CARDINAL, DIAGONAL = 2, 3  # costs are tenths of a movement point; a diagonal step costs 1.5x
MP_SCALE = 10 * CARDINAL  # movement points -> distance units
BOAT_COST = 30  # a river cell costs 3 movement points to a unit with boats
DIRS = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
PATHS_KEPT = 256  # routes kept per bare reach (see ``Reach.path``)

Route = tuple[tuple[int, int], ...]


@dataclass
class Reach:
    """Distances from a unit's cell, on a window of the map just large enough for its budget."""

    origin: tuple[int, int]
    offset: tuple[int, int]  # map cell of the window's [0, 0]
    dist: np.ndarray  # distance units to each cell, exact up to the budget (beyond it: more, or UNREACHED)
    budget: int
    endable: np.ndarray  # cells where the move may end (stack limit, no seen enemy)
    free: np.ndarray  # distances without entering any zone of control
    zoc: np.ndarray
    cost: np.ndarray
    # Routes already found on these distances, shared with every reach made from the same bare reach
    # and the same enemies (``among``): see ``path``
    paths: dict[tuple[tuple[tuple[int, int, bool], ...], int, int], Route] = field(default_factory=dict)
    among: tuple[tuple[int, int, bool], ...] = ()  # the enemies the search was made among (cell, broken)

    def distance(self, x: int, y: int) -> int:
        """Distance units to (x, y) (``UNREACHED`` outside the window)."""
        wx, wy = x - self.offset[0], y - self.offset[1]
        h, w = self.dist.shape
        return int(self.dist[wy, wx]) if 0 <= wx < w and 0 <= wy < h else int(UNREACHED)

    def can_reach(self, x: int, y: int) -> bool:
        """Whether the unit may end its move on (x, y) this turn."""
        wx, wy = x - self.offset[0], y - self.offset[1]
        h, w = self.dist.shape
        return 0 <= wx < w and 0 <= wy < h and bool(self.endable[wy, wx]) and self.dist[wy, wx] <= self.budget

    def cells(self) -> list[tuple[int, int]]:
        """Every cell the unit may end its move on this turn (its own cell excluded)."""
        ys, xs = np.nonzero(self.endable & (self.dist <= self.budget))
        ox, oy = self.offset
        return [(int(x) + ox, int(y) + oy) for x, y in zip(xs, ys, strict=True) if (x + ox, y + oy) != self.origin]

    def path(self, x: int, y: int) -> list[tuple[int, int]]:
        """Cells from the origin (excluded) to (x, y), following the cheapest route (a fresh list).

        A route depends on the distances, zones of control and step costs alone, and those are
        the bare reach's own, or a search's kept by the bare reach's key and the enemies it was
        made among: so routes are kept with the bare reach by the enemies and the target (units
        walk the same routes game after game; emptied when full)."""
        key = (self.among, x, y)
        route = self.paths.get(key)
        if route is None:
            ox, oy = self.offset
            route = tuple([(cx + ox, cy + oy) for cx, cy in self._path(x - ox, y - oy)])
            if len(self.paths) >= PATHS_KEPT:
                self.paths.clear()
            self.paths[key] = route
        return list(route)

    def _path(self, x: int, y: int) -> list[tuple[int, int]]:
        origin = (self.origin[0] - self.offset[0], self.origin[1] - self.offset[1])
        if (x, y) == origin:
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
            if (x, y) == origin:
                return last
        pts = tcod.path.hillclimb2d(self.free.T, (x, y), True, True)
        cells = list(map(tuple, pts[::-1].tolist()))  # Python ints, without a numpy scalar per coordinate
        cells = cells[1:] if cells and cells[0] == origin else cells
        return cells + last


def step_cost_layer(game: Game, boat: bool, window: tuple[slice, slice] | None = None) -> np.ndarray:
    """Movement costs (a fresh copy), of the whole map or of a window of it."""
    ys, xs = window or (slice(None), slice(None))
    cost = game.move_cost10[ys, xs].copy()
    if boat:
        cost[game.river[ys, xs]] = BOAT_COST
    return cost


def reach_radius(game: Game, x: int, y: int, budget: int, boat: bool) -> int:
    """How far (Chebyshev rings) from (x, y) a budget of ``budget`` distance units can possibly go.

    A path to ring k enters at least one cell of every ring 1..k, each step costing at least
    ``CARDINAL`` times the cheapest cell of its ring, so ring k is out of reach once those cheapest
    costs add up to more than the budget. On open ground this is about half the radius the single
    cheapest cell of the map (a road) would allow, a quarter of the window: the Dijkstra that
    follows is the dearest part of a move. Every cell within the budget lies inside the window,
    so the distances there are exactly those a larger window gives. The ring sums depend on the
    terrain only and are kept per Game and cell.
    """
    key = (x, y, boat)
    sums = game.ring_cache.get(key)
    if sums is None:
        if len(game.ring_cache) >= RING_CACHE_SIZE:
            game.ring_cache.clear()
        sums = game.ring_cache[key] = _ring_sums(game, x, y, boat)
    return int(np.searchsorted(sums, budget, side="right")) - 1


def _ring_sums(game: Game, x: int, y: int, boat: bool) -> np.ndarray:
    """Cumulative lower bounds on the cost of reaching each ring around (x, y) (index 0: the cell)."""
    cost = step_cost_layer(game, boat)
    ys, xs = np.nonzero(cost > 0)
    ring = np.maximum(np.abs(xs - x), np.abs(ys - y))
    rings = max(x, y, game.width - 1 - x, game.height - 1 - y)
    cheapest = np.full(rings + 1, np.inf)  # a ring with no passable cell: nothing beyond it is reached
    np.minimum.at(cheapest, ring, cost[ys, xs] * float(CARDINAL))
    cheapest[0] = 0.0
    return np.cumsum(cheapest)


@dataclass(frozen=True)
class Bare:
    """A unit's reach from one cell with one budget over the bare terrain (no unit in the way):
    the window a search needs and what a search there starts from. Terrain only, kept per Game;
    the arrays are read-only and shared by every ``Reach`` built from them."""

    box: tuple[int, int, int, int]  # the window (x0, y0, x1, y1): see ``reach_box``
    cost: np.ndarray  # step costs on the window, 0 (impassable) on cells beyond the budget's reach
    dist: np.ndarray  # distances on the window, exact up to the budget (more than it beyond)
    endable: np.ndarray  # cells a move may end on as far as the terrain goes (standable, no river by boat)
    zoc: np.ndarray  # no zone of control anywhere: the window's own when no enemy is near
    budget: int  # the budget it was made for
    # Cells within one step of a cell the budget reaches (``cost`` > 0), on the window grown by one
    # cell on every side ([0, 0] is the window's [-1, -1]): where an enemy's zone of control matters
    touched: np.ndarray
    paths: dict[tuple[tuple[tuple[int, int, bool], ...], int, int], Route] = field(default_factory=dict, compare=False)


def reach_box(game: Game, x: int, y: int, budget: int, boat: bool) -> tuple[int, int, int, int]:
    """The smallest window (x0, y0, x1, y1) holding every cell a budget of ``budget`` can reach
    from (x, y) over the bare terrain, with no unit in the way (see ``bare_reach``)."""
    return bare_reach(game, x, y, budget, boat).box


def bare_reach(game: Game, x: int, y: int, budget: int, boat: bool) -> Bare:
    """The reach of a budget of ``budget`` from (x, y) over the bare terrain, on its window.

    Units only block, so whatever a unit can reach, and every cell of its cheapest route, lies in
    the window: a search there gives exactly the distances a search of the whole map gives, up to
    the budget. On most of the map the window is a small part of the ``reach_radius`` square (a
    road crosses that square, but the budget follows it one way only), and the search is the
    dearest part of a move. Cells of the window the budget cannot reach even on bare ground are
    made impassable for the searches that start from here: no route within the budget crosses
    one, and a third of the window is not searched. A unit with no enemy in or next to its window
    needs no search at all: its reach is this one. It depends on the terrain only, and units stand
    on the same cells with the same budgets game after game, so it is kept per Game (emptied when
    full). A smaller budget from a cell already searched with a larger one (a unit that moved part
    of its way, or is pinned down) is cut out of that search: its distances are exact up to the
    larger budget, so up to this one.
    """
    key = (x, y, boat, budget)
    bare = game.reach_boxes.get(key)
    if bare is None:
        wide = game.widest_reach.get((x, y, boat))
        if wide is not None and wide.budget >= budget:
            x0, y0 = wide.box[0], wide.box[1]
            dist, cost = wide.dist, wide.cost
        else:
            radius = reach_radius(game, x, y, budget, boat)
            x0, y0 = max(0, x - radius), max(0, y - radius)
            x1, y1 = min(game.width, x + radius + 1), min(game.height, y + radius + 1)
            cost = step_cost_layer(game, boat, (slice(y0, y1), slice(x0, x1)))
            dist = np.full(cost.shape, UNREACHED, dtype=np.int32)
            dist[y - y0, x - x0] = 0
            tcod.path.dijkstra2d(dist, cost, CARDINAL, DIAGONAL, out=dist)
        ys, xs = np.nonzero(dist <= budget)
        bx0, by0, bx1, by1 = x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1
        window = (slice(by0 - y0, by1 - y0), slice(bx0 - x0, bx1 - x0))
        dist, cost = dist[window].copy(), cost[window].copy()
        cost[dist > budget] = 0
        endable = game.standable[by0:by1, bx0:bx1].copy()
        if boat:
            endable &= ~game.river[by0:by1, bx0:bx1]
        zoc = np.zeros(dist.shape, bool)
        touched = _touched(cost)
        for arr in (cost, dist, endable, zoc, touched):
            arr.setflags(write=False)
        bare = Bare((bx0, by0, bx1, by1), cost, dist, endable, zoc, budget, touched)
        if len(game.reach_boxes) >= REACH_BOX_CACHE_SIZE:
            game.reach_boxes.clear()
            game.widest_reach.clear()
        game.reach_boxes[key] = bare
        if wide is None or budget > wide.budget:
            game.widest_reach[(x, y, boat)] = bare
    return bare


def _touched(cost: np.ndarray) -> np.ndarray:
    """``Bare.touched`` of a window with step costs ``cost``: whether any of the (up to) nine cells of the
    window around each cell of the grown window is passable."""
    h, w = cost.shape
    passable = np.zeros((h + 4, w + 4), bool)
    passable[2:-2, 2:-2] = cost > 0
    out = np.zeros((h + 2, w + 2), bool)
    for dy in range(3):
        for dx in range(3):
            out |= passable[dy:dy + h + 2, dx:dx + w + 2]
    return out


RING_CACHE_SIZE = 8_000  # cells whose ring sums are kept per game (a few MB on a large map)
REACH_BOX_CACHE_SIZE = 20_000  # bare reaches kept per game (about 1 KB each on open ground)


def compute_reach(game: Game, obs: Observation, u: UnitView) -> Reach:
    """Distances from the unit's cell with seen enemies blocking and their zones of control stopping.

    Only the unit's ``reach_box`` is searched: nothing outside it can be reached, and the search
    costs a fraction of a whole-map Dijkstra.
    """
    budget = int(u.mp or 0)
    boat = "boat" in game.scenario.unit_types[u.type].abilities
    return _search(game, obs, u, bare_reach(game, u.x, u.y, budget, boat), budget, boat)


SEARCH_CACHE_SIZE = 2048  # searches among enemies kept per game (a few KB each)


def _search(game: Game, obs: Observation, u: UnitView, bare: Bare, budget: int, boat: bool) -> Reach:
    """The reach of ``u`` searched on its bare reach's window, with what its side sees on it.

    Only seen enemies in the window or next to it change the distances, and only those whose cell
    or zone of control touches ground the budget reaches on bare terrain: with none, the bare
    reach is the unit's. A search among enemies depends on the unit's cell and budget and on
    where those enemies stand (and whether they are broken) alone, and units hold the same ground
    against the same enemies turn after turn: searches are kept per Game by those (read-only;
    emptied when full). Where the unit's own side stands decides only where it may stop."""
    x0, y0, x1, y1 = bare.box
    h, w = y1 - y0, x1 - x0
    stacked: dict[tuple[int, int], int] = {}  # friends on each window cell (a few: a dict, not a layer)
    near = []  # seen enemies in the window or next to it: they block and stop, nothing else does
    for o in obs.units.values():
        if o.underground:
            continue
        if o.side != u.side:
            if x0 - 1 <= o.x <= x1 and y0 - 1 <= o.y <= y1:
                near.append(o)
        elif o.id != u.id and x0 <= o.x < x1 and y0 <= o.y < y1:
            cell = (o.y - y0, o.x - x0)
            stacked[cell] = stacked.get(cell, 0) + 1
    limit = game.rules.stack_limit  # at least 1 (the schema's minimum): only friends' cells can be full
    full = [cell for cell, n in stacked.items() if n >= limit]
    zoc_rule = game.rules.zoc
    reached = bare.cost  # 0 on impassable cells and on cells beyond the budget's bare reach
    touched = bare.touched
    for e in near:
        ex, ey = e.x - x0, e.y - y0
        if zoc_rule and not e.broken:
            if touched[ey + 1, ex + 1]:  # its zone of control covers ground the budget reaches
                break
        elif 0 <= ex < w and 0 <= ey < h and reached[ey, ex]:
            break
    else:  # nothing in the way: the bare terrain's distances are this unit's
        return Reach(origin=(u.x, u.y), offset=(x0, y0), dist=bare.dist, budget=budget,
                     endable=_less(bare.endable, full), free=bare.dist, zoc=bare.zoc, cost=bare.cost, paths=bare.paths)
    among = tuple([(e.x, e.y, e.broken) for e in near])
    key = (u.x, u.y, boat, budget, among)
    kept = game.searches.get(key)
    if kept is None:
        kept = _search_among(game, bare, u.x - x0, u.y - y0, near)
        if len(game.searches) >= SEARCH_CACHE_SIZE:
            game.searches.clear()
        game.searches[key] = kept
    dist, free, zoc, cost, open_end = kept
    return Reach(origin=(u.x, u.y), offset=(x0, y0), dist=dist, budget=budget, endable=_less(open_end, full),
                 free=free, zoc=zoc, cost=cost, paths=bare.paths, among=among)


def _less(endable: np.ndarray, full: list[tuple[int, int]]) -> np.ndarray:
    """``endable`` without the (row, column) cells ``full``: the kept read-only layer itself when
    there are none (as the bare reach's other layers are shared), else a copy."""
    if not full:
        return endable
    out = endable.copy()
    for cell in full:
        out[cell] = False
    return out


def _search_among(game: Game, bare: Bare, ux: int, uy: int, near: list[UnitView]) -> tuple[np.ndarray, ...]:
    """The distances, free distances, zones of control, step costs and the bare reach's cells to end on
    without the enemies' cells, of a search from window cell (ux, uy) among the enemies ``near``
    (all read-only)."""
    x0, y0, x1, y1 = bare.box
    h, w = y1 - y0, x1 - x0
    cost = bare.cost.copy()
    enemy = np.zeros((h, w), bool)
    zoc = np.zeros((h, w), bool)
    for e in near:
        ex, ey = e.x - x0, e.y - y0
        if 0 <= ex < w and 0 <= ey < h:
            enemy[ey, ex] = True
        if game.rules.zoc and not e.broken:
            zoc[max(0, ey - 1):max(0, ey + 2), max(0, ex - 1):max(0, ex + 2)] = True
    cost[enemy] = 0
    zoc[uy, ux] = False
    free_cost = cost.copy()
    free_cost[zoc] = 0
    dist = np.full((h, w), UNREACHED, dtype=np.int32)
    dist[uy, ux] = 0
    tcod.path.dijkstra2d(dist, free_cost, CARDINAL, DIAGONAL, out=dist)
    free = dist.copy()
    if zoc.any():  # a unit may step into a zone of control, but not on through it
        dist = _enter_zoc(dist, cost, zoc & (cost > 0))
    out = (dist, free, zoc, cost, bare.endable & ~enemy)
    for arr in out:
        arr.setflags(write=False)
    return out


def _enter_zoc(free: np.ndarray, cost: np.ndarray, entry: np.ndarray) -> np.ndarray:
    """Distances with one last step into each ``entry`` cell (in a zone of control) from the
    cheapest of its eight neighbours by ``free`` distance; other cells keep their free distance.

    Entry cells are the few around the enemies near a unit (a dozen or two in a window of a few
    hundred), so they are worked out one by one on Python lists rather than with eight shifted
    whole-window sums; a neighbour off the window or not reached offers no step."""
    out = free.copy()
    ys, xs = np.nonzero(entry)
    if not len(ys):
        return out
    h, w = free.shape
    f = free.tolist()
    c = cost.tolist()
    for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
        here = c[y][x]
        best = UNREACHED
        for dx, dy in DIRS:
            nx, ny = x + dx, y + dy
            if 0 <= nx < w and 0 <= ny < h and f[ny][nx] < UNREACHED:
                step = f[ny][nx] + here * (CARDINAL if dx == 0 or dy == 0 else DIAGONAL)
                if step < best:
                    best = step
        if best < f[y][x]:
            out[y, x] = best
    return out
