"""A unit's reach over the bare terrain is what a whole-map search gives, up to its budget, however
it was put together (searched on its own window, or cut out of a larger budget's search)."""

from __future__ import annotations

import numpy as np
import tcod.path

from game.engine.game import Game
from game.engine.movement import CARDINAL, DIAGONAL, UNREACHED, bare_reach, step_cost_layer
from game.scenario.validate import load_scenario


def test_a_bare_reach_is_the_whole_map_search_up_to_its_budget() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    rng = np.random.default_rng(5)
    ys, xs = np.nonzero(game.standable)
    for i in range(60):
        j = int(rng.integers(len(ys)))
        x, y, boat = int(xs[j]), int(ys[j]), bool(i % 4 == 0)
        cost = step_cost_layer(game, boat)
        whole = np.full(cost.shape, UNREACHED, dtype=np.int32)
        whole[y, x] = 0
        tcod.path.dijkstra2d(whole, cost, CARDINAL, DIAGONAL, out=whole)
        budgets = [int(b) for b in rng.integers(10, 160, 3)]
        for budget in sorted(budgets, reverse=i % 2 == 0):  # larger first: the smaller are cut out of it
            bare = bare_reach(game, x, y, budget, boat)
            x0, y0, x1, y1 = bare.box
            inside = whole <= budget
            by, bx = np.nonzero(inside)
            assert (x0, y0, x1, y1) == (bx.min(), by.min(), bx.max() + 1, by.max() + 1)
            window = whole[y0:y1, x0:x1]
            near = window <= budget
            assert np.array_equal(bare.dist[near], window[near])
            assert (bare.dist[~near] > budget).all()
            assert (bare.cost[~near] == 0).all() and np.array_equal(bare.cost[near], cost[y0:y1, x0:x1][near])
