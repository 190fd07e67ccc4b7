"""Broken units: they fall back toward their side's rally zone, never onto ground an enemy holds."""

from tiny import tiny

from game.engine import actions as A


def _break_and_fall_back(rows: str, units: list[str], unit: str):
    game, state = tiny(rows, units)
    state.units[unit].broken = True
    state.units[unit].morale = 0  # far from rallying
    game.apply(state, A.EndTurn())  # blue ends; red ends without moving: blue's next turn starts
    events = game.apply(state, A.EndTurn())
    return game, state, events


def test_a_broken_unit_never_falls_back_onto_a_rally_cell_an_enemy_holds():
    game, state, _ = _break_and_fall_back("....\n....", ["b inf blue 3,0", "r inf red 0,0"], "b")
    b, r = state.units["b"], state.units["r"]
    assert b.cell != r.cell, "two sides never share a cell"
    assert b.cell == (0, 1), "it falls back onto the free cell of the rally zone"


def test_a_broken_unit_with_every_rally_cell_held_by_the_enemy_stays_off_them():
    game, state, _ = _break_and_fall_back("....", ["b inf blue 3,0", "r inf red 0,0"], "b")
    assert state.units["b"].cell != state.units["r"].cell
    assert state.units["b"].cell != (0, 0)


def test_a_broken_unit_falls_back_along_a_free_path_at_the_start_of_its_turn():
    game, state, events = _break_and_fall_back("........", ["b inf blue 4,0", "r inf red 7,0"], "b")
    moves = [e for e in events if e.kind == "move" and e.get("unit") == "b"]
    assert moves and moves[0].get("retreat") and state.units["b"].x < 4


def test_the_fall_back_search_settles_every_cell_nearer_the_rally_zone_than_the_unit():
    """The search stops once the unit's cell is settled: on every cell a fall-back can read (the
    unit's own and every cell nearer the targets) it agrees with a whole-map search, and it is
    resumed, not restarted, for a unit farther away."""
    import numpy as np
    import tcod.path

    from game.engine.game import Game
    from game.engine.movement import CARDINAL, DIAGONAL, UNREACHED, retreat_map
    from game.scenario.validate import load_scenario

    game = Game(load_scenario("abu_kamal_2017"))
    rng = np.random.default_rng(3)
    zones = list(game.zone_masks.values())
    for i in range(40):
        targets = zones[i % len(zones)]
        blocked = rng.random(targets.shape) < [0.0, 0.01, 0.05][i % 3]
        cost = game.move_cost10.copy()
        cost[blocked] = 0
        whole = np.full(cost.shape, UNREACHED, dtype=np.int32)
        whole[targets & ~blocked & game.standable] = 0
        tcod.path.dijkstra2d(whole, cost, CARDINAL, DIAGONAL, out=whole)
        ys, xs = np.nonzero(game.standable & ~blocked)
        for j in rng.integers(0, len(ys), 3):  # three units against the same enemies: one search resumed
            x, y = int(xs[j]), int(ys[j])
            dist = retreat_map(game, targets, blocked, x, y)
            near = whole < whole[y, x]
            assert dist[y, x] == whole[y, x]
            assert np.array_equal(dist[near], whole[near])
            assert (dist[~near] >= whole[y, x]).all()
