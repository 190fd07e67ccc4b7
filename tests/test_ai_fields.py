"""Goal distance fields: however a field is put together (kept single-cell fields or one search),
it is the movement-cost distance a multi-source Dijkstra from the goal gives, cell for cell."""

from __future__ import annotations

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
