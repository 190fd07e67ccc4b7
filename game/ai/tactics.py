"""Tactical building blocks every policy shares: distance fields to goals, moves toward them,
and attack choices from the engine's own outcome preview. Everything works from an Observation."""

from __future__ import annotations

import hashlib
import math
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import tcod.path

from game.engine import actions as A
from game.engine.combat import Prediction
from game.engine.movement import CARDINAL, DIAGONAL, UNREACHED, Reach
from game.engine.observation import Observation, UnitView
from game.engine.state import STOOD_DOWN

# Whole-map fields kept per game, keyed by the goal mask's content (12 KB each on a 64 x 48 map).
# Enough for the parts around enemies (``around_enemies``) to outlive the thirty-odd fields a game's
# changing goals add: an enemy's part recurs games later (it stood there before), and with 256 kept
# a warm historical game searched the whole map 6.5 times instead of 4.9.
FIELD_CACHE_SIZE = 1024
_FIELDS: weakref.WeakKeyDictionary[Any, OrderedDict[tuple[bytes, tuple[int, ...], bool], np.ndarray]] = (
    weakref.WeakKeyDictionary())

# The digests of read-only goal masks that own their data (zone masks, masks a policy keeps for the
# game), by the array's id: half of all asks are for such a mask, and its digest costs more than the
# look-up it keys. The array itself is held, so its id is not reused while it is known.
GOAL_KEY_LIMIT = 256
_GOAL_KEYS: weakref.WeakKeyDictionary[Any, dict[int, tuple[np.ndarray, bytes]]] = weakref.WeakKeyDictionary()


def distance_field(obs: Observation, goal: np.ndarray, boat: bool = False,
                   parts: Sequence[np.ndarray] = (), learn: bool = True) -> np.ndarray:
    """Movement-cost distance from every cell to the nearest goal cell (terrain only).

    A field depends only on the map and the goal, and policies ask for the same goals over and
    over (every unit, every turn), so fields are cached by the goal's content; a whole-map
    Dijkstra is the dearest thing a policy does. The array returned is read-only.

    ``parts``: masks whose union is ``goal``, for a goal drawn around a few enemies (a cell each):
    its field is the cell-wise minimum of theirs, and one enemy's part recurs (kept, by content)
    when the whole, around all of them, does not. ``learn``: whether a field may learn the
    single-cell fields of its edge (worth it for the goals that change by a few cells at a time).
    """
    game = obs.game
    known = _GOAL_KEYS.get(game)
    if known is None:
        known = _GOAL_KEYS[game] = {}
    seen = known.get(id(goal))
    if seen is not None and seen[0] is goal:
        digest = seen[1]
    else:
        goal = np.asarray(goal, dtype=bool)
        digest = hashlib.blake2b(np.packbits(goal).tobytes(), digest_size=16).digest()
        if goal.base is None and not goal.flags.writeable:  # cannot change: its digest can be kept
            if len(known) >= GOAL_KEY_LIMIT:
                known.clear()
            known[id(goal)] = (goal, digest)
    key = (digest, goal.shape, boat)
    cache = _FIELDS.get(game)
    if cache is None:
        cache = _FIELDS[game] = OrderedDict()
    hit = cache.get(key)
    if hit is not None:
        cache.move_to_end(key)
        return hit
    if parts:
        dist = np.full(goal.shape, UNREACHED, dtype=np.int32)
        for part in parts:
            np.minimum(dist, distance_field(obs, part, boat, learn=False), out=dist)
    else:
        dist = _distance_field(game, goal, boat, learn)
    dist.setflags(write=False)
    cache[key] = dist
    if len(cache) > FIELD_CACHE_SIZE:
        cache.popitem(last=False)
    return dist


# Single-cell fields a goal field may compute for itself before it falls back to one search of the
# whole goal (which teaches none). Goals grow new edge cells a few at a time (control changes cell by
# cell); a goal with many new ones (a blob around enemies that moved) is seldom asked for again. Over
# 20 level-0 games of each policy mix this needs a fifth fewer whole-map searches than learning up
# to 3 a field and 1 on each fall-back, the first game included.
LEARN_PER_FIELD = 8
CELL_FIELD_LIMIT = 4096  # single-cell fields kept per game (12 KB each on a 64 x 48 map)
_CELL_FIELDS: weakref.WeakKeyDictionary[Any, dict[tuple[int, int, bool], np.ndarray]] = weakref.WeakKeyDictionary()


_COSTS: weakref.WeakKeyDictionary[Any, dict[bool, tuple[np.ndarray, np.ndarray]]] = weakref.WeakKeyDictionary()


def _cost(game: Any, boat: bool) -> tuple[np.ndarray, np.ndarray]:
    """The step costs a field is searched on and the passable cells (cost > 0), read-only: made
    once per game (the fields kept per game already rest on its costs not changing)."""
    per_game = _COSTS.get(game)
    if per_game is None:
        per_game = _COSTS[game] = {}
    kept = per_game.get(boat)
    if kept is None:
        cost = game.move_cost10.copy()
        if boat:
            cost[game.river] = 30
        passable = cost > 0
        cost.setflags(write=False)
        passable.setflags(write=False)
        kept = per_game[boat] = (cost, passable)
    return kept


def _distance_field(game: Any, goal: np.ndarray, boat: bool, learn: bool = True) -> np.ndarray:
    """The field to ``goal``, composed from single-cell fields where it can be.

    The distance from a goal to a cell outside it is the distance from the last goal cell on the
    cheapest route, a goal cell with a neighbour outside the goal (its edge); so the field is the
    cell-wise minimum of the edge cells' own fields, with the passable goal cells at 0: exactly
    what one multi-source Dijkstra gives. Goals change with control all game long (the part of
    the city not yet held, the hider's claim), but their edges are drawn from a few hundred cells,
    and a single-cell field depends only on the terrain: kept per game, they turn a whole-map
    Dijkstra (the dearest thing a policy does) into a couple of dozen array minimums. A goal
    whose edge has more than ``LEARN_PER_FIELD`` cells not yet kept (any, unless ``learn``) is
    searched whole, as before."""
    cost, passable = _cost(game, boat)
    dist = np.full(cost.shape, UNREACHED, dtype=np.int32)
    if not goal.any():
        return dist
    sources = goal & passable
    cells = cell_fields(game)
    # flat indices: numpy's nonzero of a 2-d mask costs several times its flat form's
    w = goal.shape[1]
    edge = [(*divmod(i, w), boat) for i in np.flatnonzero(sources & _dilate(~goal, 1)).tolist()]
    missing = [k for k in edge if k not in cells]
    if len(missing) > (LEARN_PER_FIELD if learn else 0):
        dist[sources] = 0
        tcod.path.dijkstra2d(dist, cost, CARDINAL, DIAGONAL, out=dist)
        return dist
    for k in missing:
        _learn(cells, k, cost)
    for k in edge:
        np.minimum(dist, cells[k], out=dist)
    dist[sources] = 0
    return dist


def cell_fields(game: Any) -> dict[tuple[int, int, bool], np.ndarray]:
    """The single-cell fields kept for ``game``: (y, x, boat) -> whole-map distances, read-only.
    They depend on the terrain alone, so ``game.sim.terrain_store`` keeps them between runs."""
    cells = _CELL_FIELDS.get(game)
    if cells is None:
        cells = _CELL_FIELDS[game] = {}
    return cells


def _learn(cells: dict[tuple[int, int, bool], np.ndarray], key: tuple[int, int, bool], cost: np.ndarray) -> None:
    """Keep the whole-map field from the single cell ``key`` (y, x, boat) on ``cost``."""
    if len(cells) >= CELL_FIELD_LIMIT:
        cells.clear()
    field = np.full(cost.shape, UNREACHED, dtype=np.int32)
    field[key[0], key[1]] = 0
    tcod.path.dijkstra2d(field, cost, CARDINAL, DIAGONAL, out=field)
    field.setflags(write=False)
    cells[key] = field


def step_toward(obs: Observation, u: UnitView, field: np.ndarray, avoid: np.ndarray | None = None) -> A.Move | None:
    """The reachable cell closest to the goal by ``field``; None if no cell improves on staying.

    Ties go to the cell that costs fewer movement points, then to the first in row order: one
    numpy pass over the reach window instead of a Python loop over its cells.
    """
    if u.broken or u.underground or not u.mp:
        return None
    reach = obs.reach(u.id)
    ox, oy = reach.offset
    h, w = reach.dist.shape
    ok = reach.endable & (reach.dist <= reach.budget)
    ok[u.y - oy, u.x - ox] = False
    if avoid is not None:
        ok &= ~avoid[oy:oy + h, ox:ox + w]
    idx = np.flatnonzero(ok)
    if idx.size == 0:
        return None
    goal = field[oy:oy + h, ox:ox + w].ravel()[idx]
    cost = reach.dist.ravel()[idx]
    best = idx[np.lexsort((idx, cost, goal))[0]]
    if int(field[oy + best // w, ox + best % w]) >= int(field[u.y, u.x]):
        return None
    return A.Move(u.id, int(ox + best % w), int(oy + best // w))


@dataclass(frozen=True)
class AttackChoice:
    action: A.Attack
    score: float


def attack_score(p: Prediction, attacker_strength: int) -> float:
    """Expected steps won minus steps lost, with a bonus for destroying or breaking the target."""
    if p.suicide:
        return (p.defender_loss_mean * 1.5 + 3 * p.p_defender_destroyed + 2 * p.p_defender_breaks
                - attacker_strength * 0.4)
    return p.defender_loss_mean - p.attacker_loss_mean + 2 * p.p_defender_destroyed + 1.5 * p.p_defender_breaks


def attack_options(obs: Observation, u: UnitView, prefer_stood_down: bool = False) -> list[tuple[AttackChoice, Prediction]]:
    """Every attack ``u`` can make now, scored as ``best_attack`` scores them, with the engine's preview."""
    if u.underground or u.broken or u.attacked or u.acted:
        return []
    game = obs.game
    ut = game.scenario.unit_types[u.type]
    if ut.attack <= 0:
        return []
    out = []
    for e in obs.enemies():
        if max(abs(e.x - u.x), abs(e.y - u.y)) > ut.range:
            continue
        p = game.preview(obs, u.id, e.id)
        score = attack_score(p, u.strength)
        if prefer_stood_down and e.posture == STOOD_DOWN:
            score += 1.0
        out.append((AttackChoice(A.Attack(u.id, e.id), score), p))
    return out


def best_attack(obs: Observation, u: UnitView, prefer_stood_down: bool = False) -> AttackChoice | None:
    """The most rewarding attack in range, scored by expected losses from the engine's preview."""
    best: AttackChoice | None = None
    for choice, _ in attack_options(obs, u, prefer_stood_down):
        if best is None or choice.score > best.score:
            best = choice
    return best


ENDS_LIMIT = 1024  # base scores of the cells to end on, kept for the engine's kept reach layers
_ENDS: dict[tuple[int, int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def _ends(reach: Reach) -> np.ndarray:
    """For each cell of a reach's window, the tie-break a move ending there takes off its value (a
    thousandth of a millionth of its cost: fewer movement points first), or -inf where a move may not
    end within the budget: ``value + _ends(reach)`` scores the cells in one pass (read-only).

    The engine keeps a reach's layers (read-only) and units stand on the same cells with the same
    budget game after game, so for kept layers this is kept too, by the layers' ids (the layers
    are held, so their ids are not reused while known)."""
    endable, dist = reach.endable, reach.dist
    kept = endable.base is None and dist.base is None and not endable.flags.writeable and not dist.flags.writeable
    key = (id(endable), id(dist), reach.budget)
    if kept:
        seen = _ENDS.get(key)
        if seen is not None and seen[0] is endable and seen[1] is dist:
            return seen[2]
    # dist * -1e-7 is -(dist * 1e-7) bit for bit, and v + -t is v - t: the scores of before
    base = np.where(endable & (dist <= reach.budget), dist * -1e-7, -np.inf)
    if kept:
        base.setflags(write=False)
        if len(_ENDS) >= ENDS_LIMIT:
            _ENDS.clear()
        _ENDS[key] = (endable, dist, base)
    return base


def best_reachable(obs: Observation, u: UnitView, value: Callable[[slice, slice], np.ndarray],
                   min_gain: float = 1e-6) -> A.Move | None:
    """The reachable cell of highest ``value`` (a function of the reach window's row and column
    slices returning an array of that shape), if it beats staying put by ``min_gain``.

    Vectorised over the unit's reach window, so it costs one numpy pass instead of a Python loop
    over every reachable cell; ties go to the cell that costs fewer movement points.
    """
    if u.broken or u.underground or not u.mp:
        return None
    reach = obs.reach(u.id)
    ox, oy = reach.offset
    h, w = reach.dist.shape
    ys, xs = slice(oy, oy + h), slice(ox, ox + w)
    v = np.asarray(value(ys, xs), dtype=np.float64)
    stay = float(v[u.y - oy, u.x - ox])
    scored = v + _ends(reach)  # -inf where no move may end
    scored[u.y - oy, u.x - ox] = -np.inf  # staying is no move
    i = int(scored.argmax())
    cy, cx = divmod(i, w)
    # no cell to end on leaves every score at -inf: argmax gives the first, which is not finite
    if not math.isfinite(scored[cy, cx]) or v[cy, cx] < stay + min_gain:
        return None
    return A.Move(u.id, cx + ox, cy + oy)


def open_ground(obs: Observation, zone: np.ndarray, exclude: str | None = None) -> np.ndarray:
    """Cells of ``zone`` a move of this side would still win: not its own, not next to an enemy
    in sight (the engine's control rule keeps such ground from a walk and from the end of the
    turn), and not next to another of its units on the surface (the end of the turn gives those
    to the side anyway). ``exclude`` is the unit about to move."""
    me = obs.game.side_index[obs.side]
    friends = np.zeros_like(zone)
    for o in obs.own():
        if o.id != exclude and not o.underground and not o.broken:
            friends[o.y, o.x] = True
    return zone & (obs.control != me) & ~dilate(enemy_mask(obs), 1) & ~dilate(friends, 1)


def ground_grab(obs: Observation, u: UnitView, gain: np.ndarray) -> A.Move | None:
    """The move that wins the most cells of ``gain`` (see ``open_ground``): the cells walked
    through and those around the cell it stops on, which the engine gives the side when it walks
    them and at the end of its turn. None when no move wins more than standing still.

    Only worth its cost (a path for every cell in reach) on a turn nobody can answer, when ground
    held is all that is left to score."""
    if u.broken or u.underground or not u.mp or u.moved:
        return None
    h, w = gain.shape

    def around(x: int, y: int) -> set[tuple[int, int]]:
        return {(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                if 0 <= x + dx < w and 0 <= y + dy < h and gain[y + dy, x + dx]}

    reach = obs.reach(u.id)
    best, best_n = None, len(around(u.x, u.y))
    for x, y in reach.cells():
        won = around(x, y) | {c for c in reach.path(x, y) if gain[c[1], c[0]]}
        if len(won) > best_n:
            best, best_n = (x, y), len(won)
    return A.Move(u.id, *best) if best is not None else None


ANY_CELL_LIMIT = 512  # answers kept for read-only masks, by the mask's id
_ANY_CELL: dict[int, tuple[np.ndarray, bool]] = {}


def any_cell(mask: np.ndarray) -> bool:
    """``mask.any()``. Policies ask it of the same few read-only masks that own their data (zone
    masks, a turn's goals, dilations) at every action, so for those it is kept by the mask's id (the
    mask itself is held, so its id is not reused while it is known)."""
    if mask.base is not None or mask.flags.writeable:
        return bool(mask.any())
    seen = _ANY_CELL.get(id(mask))
    if seen is not None and seen[0] is mask:
        return seen[1]
    found = bool(mask.any())
    if len(_ANY_CELL) >= ANY_CELL_LIMIT:
        _ANY_CELL.clear()
    _ANY_CELL[id(mask)] = (mask, found)
    return found


def drop(units: list[UnitView], u: UnitView) -> None:
    """``units.remove(u)``, matched by identity: ``remove`` compares ``u`` with every view before it
    by ``==``, which for a dataclass builds and compares a tuple of all its fields each time. The
    same unit is the same view object within an observation (and ids are unique), so it is the
    same removal."""
    for i, o in enumerate(units):
        if o is u:
            del units[i]
            return
    raise ValueError(f"{u.id} is not in the list")


def zone_mask(obs: Observation, zone: str) -> np.ndarray:
    return obs.game.zone_masks[zone]


def around_enemies(obs: Observation, where: np.ndarray, r: int) -> list[np.ndarray]:
    """For each cell of ``where`` an enemy in sight stands on, the cells within ``r`` of it
    (read-only): parts whose union is ``dilate(enemy_mask(obs) & where, r)``."""
    h, w = where.shape
    out = []
    for x, y in sorted({(e.x, e.y) for e in obs.enemies() if where[e.y, e.x]}):
        cell = np.zeros((h, w), bool)
        cell[y, x] = True
        out.append(dilate(cell, r))
    return out


def enemy_mask(obs: Observation) -> np.ndarray:
    m = np.zeros((obs.game.height, obs.game.width), bool)
    for e in obs.enemies():
        m[e.y, e.x] = True
    return m


DILATE_CACHE_SIZE = 512  # dilated masks kept, by the mask's content and the distance
_DILATED: OrderedDict[tuple[bytes, tuple[int, ...], int], np.ndarray] = OrderedDict()
# Results for read-only masks that own their data (zone masks, the hider's city), by the mask's id
# and the distance: most asks are for such a mask, and its content key (3 KB of bytes to copy and
# hash) costs more than the dilation's look-up. The mask itself is held, so its id is not reused.
_DILATED_BY_ID: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def dilate(mask: np.ndarray, r: int) -> np.ndarray:
    """Cells within Chebyshev distance r of the mask: a read-only array, shared by every caller
    that asks for the same dilation (combine it into a new array; never change it in place).

    Policies dilate the same few masks (zones, the city, enemies in sight) for every unit at
    every action, up to a dozen steps, so results are kept by the mask's content. Being read-only
    and owning their data, they are also goals ``distance_field`` keys by id, without a digest."""
    if mask.dtype != bool:
        return _dilate(mask, r)
    fixed = mask.base is None and not mask.flags.writeable  # cannot change: its id stands for it
    if fixed:
        seen = _DILATED_BY_ID.get((id(mask), r))
        if seen is not None and seen[0] is mask:
            return seen[1]
    key = (mask.tobytes(), mask.shape, r)
    hit = _DILATED.get(key)
    if hit is None:
        hit = _DILATED[key] = _dilate(mask, r)
        hit.setflags(write=False)
        if len(_DILATED) > DILATE_CACHE_SIZE:
            _DILATED.popitem(last=False)
    else:
        _DILATED.move_to_end(key)
    if fixed:
        if len(_DILATED_BY_ID) >= DILATE_CACHE_SIZE:
            _DILATED_BY_ID.clear()
        _DILATED_BY_ID[(id(mask), r)] = (mask, hit)
    return hit


def _dilate(mask: np.ndarray, r: int) -> np.ndarray:
    out = mask.copy()
    for _ in range(r):
        grown = out.copy()
        grown[1:, :] |= out[:-1, :]
        grown[:-1, :] |= out[1:, :]
        g2 = grown.copy()
        g2[:, 1:] |= grown[:, :-1]
        g2[:, :-1] |= grown[:, 1:]
        out = g2
    return out
