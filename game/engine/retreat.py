"""Falling back: the cells a broken unit walks toward its side's rally zone.

Each step goes to the neighbour nearest the zone (by distance, then step cost, then x, then y)
while it is nearer than where the unit stands, as far as the unit's budget takes it. Enemies on
the surface block: their cells are neither crossed nor reached. Distances are the movement
rules' (``movement``): entering a cell costs its step cost, 1.5 times that on a diagonal.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np
import tcod.path

from game.engine.geometry import DIRS, Cell
from game.engine.movement import CARDINAL, DIAGONAL, UNREACHED

if TYPE_CHECKING:
    from game.engine.game import Game

RETREAT_CACHE_SIZE = 128  # fall-back searches among enemies kept per game

Rows = list[list[int]]


def retreat_path(game: Game, rally: str, blocked: set[Cell], x: int, y: int, budget: int) -> list[Cell]:
    """The cells a broken unit at (x, y) falls back along toward zone ``rally``, as far as ``budget``
    distance units take it; ``blocked``: the cells enemies stand on.

    Distances with enemies in the way are at least those over the bare terrain (``bare_retreat``,
    kept per Game and zone), and equal to them where a cheapest bare route avoids every enemy.
    The walk reads a neighbour's distance only when its bare one is below the unit's (no other can
    be nearer), and ``_clear`` shows such a route for it: so most fall-backs need no search at all.
    Only when it cannot (an enemy stands on the cheapest route it tries) is the search among the
    enemies made (``retreat_map``); the walk is the same either way.
    """
    bare, cost = bare_retreat(game, rally)
    clear: dict[Cell, bool] = {}
    if bare[y][x] == UNREACHED or _clear(game, bare, cost, blocked, (x, y), clear):
        path = _walk(game, bare, cost, blocked, clear, x, y, budget)
        if path is not None:
            return path
    mask = np.zeros((game.height, game.width), bool)
    for cx, cy in blocked:
        mask[cy, cx] = True
    dist = retreat_map(game, game.zone_masks[rally], mask, x, y).tolist()
    path = _walk(game, dist, cost, blocked, None, x, y, budget)
    assert path is not None  # exact distances: nothing to show
    return path


def _walk(game: Game, dist: Rows, cost: Rows, blocked: set[Cell], clear: dict[Cell, bool] | None,
          x: int, y: int, budget: int) -> list[Cell] | None:
    """The walk of ``retreat_path`` on distances ``dist``: exact ones (``clear`` None), or bare ones,
    each read only once ``_clear`` shows it exact (None when it cannot)."""
    w, h = game.width, game.height
    path = []
    spent = 0
    while dist[y][x] > 0:
        here = dist[y][x]
        best = None
        for dx, dy in DIRS:
            nx, ny = x + dx, y + dy
            if 0 <= nx < w and 0 <= ny < h and dist[ny][nx] < here:
                if clear is not None:
                    if (nx, ny) in blocked:
                        continue  # an enemy stands there: no distance at all
                    if not _clear(game, dist, cost, blocked, (nx, ny), clear):
                        return None
                option = (dist[ny][nx], cost[ny][nx] * (CARDINAL if dx == 0 or dy == 0 else DIAGONAL), nx, ny)
                if best is None or option < best:
                    best = option
        if best is None:
            break
        _, step, x, y = best
        if spent + step > budget:
            break
        spent += step
        path.append((x, y))
    return path


def _clear(game: Game, bare: Rows, cost: Rows, blocked: set[Cell], cell: Cell, clear: dict[Cell, bool]) -> bool:
    """Whether a cheapest bare route from ``cell`` to the zone avoids every blocked cell (then the
    distance there with the enemies is the bare one).

    It follows, step by step, the first neighbour a cheapest route can come from that is free and
    not known to fail, without going back: False may be wrong (the caller searches then), True
    never is. Answers are kept in ``clear`` for every cell of the route tried."""
    w, h = game.width, game.height
    route = []
    x, y = cell
    while True:
        ok = clear.get((x, y))
        if ok is not None:
            break
        if (x, y) in blocked:
            ok = False
            break
        d = bare[y][x]
        if d == 0:  # a free cell of the zone
            ok = True
            break
        route.append((x, y))
        here = cost[y][x]
        for dx, dy in DIRS:
            nx, ny = x + dx, y + dy
            if (0 <= nx < w and 0 <= ny < h
                    and bare[ny][nx] + here * (CARDINAL if dx == 0 or dy == 0 else DIAGONAL) == d
                    and (nx, ny) not in blocked and clear.get((nx, ny)) is not False):
                x, y = nx, ny
                break
        else:
            ok = False
            break
    for c in route:
        clear[c] = ok
    return ok


def bare_retreat(game: Game, rally: str) -> tuple[Rows, Rows]:
    """Distances to zone ``rally``'s standable cells over the bare terrain, and the step costs, as
    lists of rows (terrain only: kept per Game and zone, read-only, shared by every thread)."""
    kept = game.bare_retreats.get(rally)
    if kept is None:
        dist = np.full((game.height, game.width), UNREACHED, dtype=np.int32)
        dist[game.zone_masks[rally] & game.standable] = 0
        tcod.path.dijkstra2d(dist, game.move_cost10, CARDINAL, DIAGONAL, out=dist)
        kept = game.bare_retreats[rally] = (dist.tolist(), game.move_cost10.tolist())
    return kept


def retreat_map(game: Game, targets: np.ndarray, blocked: np.ndarray, x: int, y: int) -> np.ndarray:
    """Distances to the nearest target cell, for a broken unit at (x, y) falling back (a multi-source
    Dijkstra from the targets), exact for (x, y) and every cell nearer the targets than it; any
    other cell holds at least its true distance, and at least that of (x, y).

    A blocked cell (an enemy stands there) is neither crossed nor a target: a unit never falls
    back onto ground an enemy holds, even inside its rally zone.

    That is all a fall-back reads (it only steps to cells nearer the targets), and the search stops
    once (x, y) is settled: most broken units are a short way from their rally zone, and a whole-map
    search is the dearest thing a turn's start does. Units break in groups against the same enemies,
    so the search is kept on the game by its targets and blocked cells and resumed from where it
    stopped for a unit farther away (emptied when full). A resumed search changes, so each thread
    keeps its own (games played in threads share the Game). The array returned is the search's
    own: read it before the next fall-back.
    """
    key = (threading.get_ident(), np.packbits(targets).tobytes() + np.packbits(blocked).tobytes())
    search = game.retreat_cache.get(key)
    if search is None:
        cost = game.move_cost10.copy()
        cost[blocked] = 0
        graph = tcod.path.SimpleGraph(cost=cost, cardinal=CARDINAL, diagonal=DIAGONAL)
        graph.set_heuristic(cardinal=0, diagonal=0)  # no A* estimate: cells are settled nearest first
        search = tcod.path.Pathfinder(graph)
        search.distance[targets & ~blocked & game.standable] = 0
        search.rebuild_frontier()
        if len(game.retreat_cache) >= RETREAT_CACHE_SIZE:
            game.retreat_cache.clear()
        game.retreat_cache[key] = search
    search.resolve((y, x))  # settles every cell nearer the targets than (x, y), then (x, y)
    return search.distance
