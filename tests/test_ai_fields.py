"""Goal distance fields: however a field is put together (kept single-cell fields or one search),
it is the movement-cost distance a multi-source Dijkstra from the goal gives, cell for cell."""

from __future__ import annotations

import types

import numpy as np
import pytest
import tcod.path

from game.ai import tactics as T
from game.engine.game import Game
from game.engine.movement import CARDINAL, DIAGONAL, UNREACHED
from game.scenario.validate import load_scenario


@pytest.fixture(scope="module")
def game() -> Game:
    return Game(load_scenario("abu_kamal_2017"))


def _searched(game: Game, goal: np.ndarray, boat: bool) -> np.ndarray:
    cost = game.move_cost10.copy()
    if boat:
        cost[game.river] = 30
    dist = np.full(cost.shape, UNREACHED, dtype=np.int32)
    dist[goal & (cost > 0)] = 0
    if goal.any():
        tcod.path.dijkstra2d(dist, cost, CARDINAL, DIAGONAL, out=dist)
    return dist


def _goals(game: Game, rng: np.random.Generator) -> list[np.ndarray]:
    shape = (game.height, game.width)
    out = [np.zeros(shape, bool)]
    for _ in range(40):
        g = np.zeros(shape, bool)
        g[rng.integers(0, game.height), rng.integers(0, game.width)] = True
        out.append(g)
        y, x = rng.integers(0, game.height), rng.integers(0, game.width)
        g = np.zeros(shape, bool)
        g[y:y + rng.integers(1, 10), x:x + rng.integers(1, 10)] = True
        out.append(g)
        out.append(rng.random(shape) < 0.02)
    out += [m & (rng.random(shape) < 0.7) for m in game.zone_masks.values()]
    return out


@pytest.mark.parametrize("boat", [False, True])
def test_a_goal_field_is_the_distance_one_search_from_the_goal_gives(game: Game, boat: bool) -> None:
    rng = np.random.default_rng(7)
    goals = _goals(game, rng)
    for _ in range(2):  # the first pass mostly searches and learns cells; the second composes
        for goal in goals:
            assert np.array_equal(T._distance_field(game, goal, boat), _searched(game, goal, boat))


def test_a_dilation_is_read_only_and_the_same_however_it_was_looked_up(game: Game) -> None:
    """Dilations are shared by every caller: read-only, and found by a read-only mask's id give what
    the mask's content gives, as a fresh dilation would, while a writable mask is looked up by
    content, so changing it in place gives the new mask's dilation."""
    zone = next(iter(game.zone_masks.values()))
    for r in (0, 1, 3):
        fresh = T._dilate(zone, r)
        first, again = T.dilate(zone, r), T.dilate(zone, r)  # the second found by the zone mask's id
        assert again is first and not first.flags.writeable
        assert (first == fresh).all() and (T.dilate(zone.copy(), r) == fresh).all()
        with pytest.raises(ValueError):
            first[0, 0] = not first[0, 0]
    mask = np.zeros(zone.shape, bool)
    mask[5, 5] = True
    small = T.dilate(mask, 1)
    mask[20, 20] = True
    assert (T.dilate(mask, 1) == T._dilate(mask, 1)).all() and not small[20, 20]


@pytest.mark.parametrize("r", [0, 1, 2])
def test_a_field_made_of_parts_around_enemies_is_the_whole_goals_field(game: Game, r: int) -> None:
    """A goal drawn around enemies (within ``r`` of them, or the ring next to them without their
    own cells) has the field one search from the whole goal gives, when put together from one part
    per enemy cell, some parts found kept from an earlier goal and some overlapping."""
    rng = np.random.default_rng(11 + r)
    where = T.dilate(next(iter(game.zone_masks.values())), 4)
    cells = list(zip(*np.nonzero(where), strict=True))
    for _ in range(30):
        picked = [cells[i] for i in rng.choice(len(cells), rng.integers(1, 5))]
        picked.append((min(game.height - 1, int(picked[0][0]) + 1), int(picked[0][1])))  # a neighbour: parts overlap
        enemies = [types.SimpleNamespace(x=int(x), y=int(y)) for y, x in picked]
        obs = types.SimpleNamespace(game=game, enemies=lambda enemies=enemies: list(enemies))
        targets = np.zeros(where.shape, bool)
        for e in enemies:
            targets[e.y, e.x] = where[e.y, e.x]
        parts = T.around_enemies(obs, where, r)  # type: ignore[arg-type]
        goal = T.dilate(targets, r)
        assert np.array_equal(np.logical_or.reduce(parts), goal)
        assert np.array_equal(T.distance_field(obs, goal, parts=parts), _searched(game, goal, False))  # type: ignore[arg-type]
        ring = goal & ~targets
        got = T.distance_field(obs, ring, parts=[p & ~targets for p in parts])  # type: ignore[arg-type]
        assert np.array_equal(got, _searched(game, ring, False))
