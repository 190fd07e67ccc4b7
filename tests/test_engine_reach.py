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


def _one_more_step_by_shifts(free: np.ndarray, cost: np.ndarray, entry: np.ndarray) -> np.ndarray:
    """The rule written as whole-window sums, one per direction: each entry cell's distance is the
    cheapest reached neighbour's plus the step into it (its cost times 2, or 3 on a diagonal)."""
    h, w = free.shape
    far = 1 << 30
    padded = np.full((h + 2, w + 2), far, dtype=np.int64)
    padded[1:-1, 1:-1] = np.minimum(free, far)
    best = np.full((h, w), far, dtype=np.int64)
    for dx, dy in [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]:
        step = CARDINAL if dx == 0 or dy == 0 else DIAGONAL
        best = np.minimum(best, padded[1 + dy:1 + dy + h, 1 + dx:1 + dx + w] + cost.astype(np.int64) * step)
    return np.where(entry & (best < far), np.minimum(best, free), free).astype(np.int32)


def test_a_unit_steps_into_a_zone_of_control_from_its_cheapest_reached_neighbour() -> None:
    from game.engine.movement import _enter_zoc

    rng = np.random.default_rng(11)
    for _ in range(300):
        h, w = (int(v) for v in rng.integers(1, 14, 2))
        cost = rng.integers(0, 6, (h, w)).astype(np.int32)
        free = np.where(rng.random((h, w)) < 0.3, UNREACHED, rng.integers(0, 200, (h, w))).astype(np.int32)
        entry = (rng.random((h, w)) < 0.3) & (cost > 0)
        assert np.array_equal(_enter_zoc(free, cost, entry), _one_more_step_by_shifts(free, cost, entry))


def test_a_kept_route_is_the_route_found_afresh() -> None:
    """Routes are kept with the bare reach by the enemies searched among and the target: two games
    on one Game walk the same ground, and every route asked for is the one a reach with nothing
    kept finds (and a caller may change the list it gets without changing the kept route)."""
    import dataclasses

    from game.ai.driver import play_side_turn
    from game.ai.planner import AIPolicy

    game = Game(load_scenario("abu_kamal_2017"))
    rng = np.random.default_rng(2)
    checked = among = 0
    for seed in (4, 4, 9):
        state, _ = game.start(seed)
        players = {s: AIPolicy(s, seed, 0) for s in game.sides}
        for _ in range(4 * len(game.sides)):
            side = game.current_side(state)
            assert side is not None
            obs = game.observe(state, side)
            for u in obs.own():
                if u.underground or u.broken or not u.mp:
                    continue
                reach = obs.reach(u.id)
                cells = reach.cells()
                for i in rng.permutation(len(cells))[:6]:
                    x, y = cells[int(i)]
                    got = reach.path(x, y)
                    assert got == dataclasses.replace(reach, paths={}).path(x, y)
                    got.append((-1, -1))
                    assert reach.path(x, y) == got[:-1]
                    checked += 1
                    among += bool(reach.among)
            play_side_turn(game, state, players[side])
    assert checked > 200 and among > 10


def test_an_enemy_matters_to_a_reach_where_its_zone_of_control_meets_ground_the_budget_reaches() -> None:
    """``Bare.touched`` is, for every cell of the window grown by one, whether any cell of the window
    around it has a step cost (is passable and within the budget's bare reach)."""
    game = Game(load_scenario("abu_kamal_2017"))
    rng = np.random.default_rng(8)
    ys, xs = np.nonzero(game.standable)
    for _ in range(40):
        j = int(rng.integers(len(ys)))
        bare = bare_reach(game, int(xs[j]), int(ys[j]), int(rng.integers(10, 120)), False)
        h, w = bare.cost.shape
        assert bare.touched.shape == (h + 2, w + 2)
        for ey in range(-1, h + 1):
            for ex in range(-1, w + 1):
                around = bare.cost[max(0, ey - 1):max(0, ey + 2), max(0, ex - 1):max(0, ex + 2)]
                assert bare.touched[ey + 1, ex + 1] == bool(around.any())
