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
    from game.engine.movement import CARDINAL, DIAGONAL, UNREACHED
    from game.engine.retreat import retreat_map
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


def test_a_fall_back_walks_the_same_cells_as_on_a_whole_map_search_among_the_enemies():
    """The walk reads bare-terrain distances wherever a cheapest route avoids the enemies, and
    searches among them only when it cannot show one: either way it takes the steps that the
    distances of a whole-map search with the enemies in the way give."""
    import numpy as np
    import tcod.path

    from game.engine.game import Game
    from game.engine.geometry import DIRS
    from game.engine.movement import CARDINAL, DIAGONAL, UNREACHED
    from game.engine.retreat import retreat_path
    from game.scenario.validate import load_scenario

    game = Game(load_scenario("abu_kamal_2017"))
    rng = np.random.default_rng(5)
    zones = list(game.zone_masks)
    for i in range(60):
        rally = zones[i % len(zones)]
        blocked = (rng.random(game.standable.shape) < [0.002, 0.01, 0.05][i % 3]) & game.standable
        cost = game.move_cost10.copy()
        cost[blocked] = 0
        whole = np.full(cost.shape, UNREACHED, dtype=np.int32)
        whole[game.zone_masks[rally] & ~blocked & game.standable] = 0
        tcod.path.dijkstra2d(whole, cost, CARDINAL, DIAGONAL, out=whole)
        ys, xs = np.nonzero(game.standable & ~blocked & ~game.zone_masks[rally])
        for j in rng.integers(0, len(ys), 4):
            x, y = int(xs[j]), int(ys[j])
            budget = int(rng.integers(20, 300))
            expected, spent = [], 0
            while whole[y, x] > 0:
                options = [(int(whole[y + dy, x + dx]), int(game.move_cost10[y + dy, x + dx]) * (CARDINAL if 0 in (dx, dy) else DIAGONAL), x + dx, y + dy)
                           for dx, dy in DIRS if 0 <= x + dx < game.width and 0 <= y + dy < game.height and whole[y + dy, x + dx] < whole[y, x]]
                if not options or spent + min(options)[1] > budget:
                    break
                _, step, x, y = min(options)
                spent += step
                expected.append((x, y))
            cells = {(int(bx), int(by)) for by, bx in zip(*np.nonzero(blocked), strict=True)}
            assert retreat_path(game, rally, cells, int(xs[j]), int(ys[j]), budget) == expected


def test_a_broken_unit_falls_back_through_a_full_friendly_cell_but_never_stops_on_one():
    """Friends are counted where they stand when the fall-back starts: a full cell on the way is
    crossed, a full cell where the walk ends is not stopped on (the unit stays one short)."""
    for friends, end in (("2,0", (0, 0)), ("0,0", (1, 0))):
        game, state = tiny("......", ["b inf blue 4,0", f"f1 inf blue {friends}", f"f2 inf blue {friends}",
                                      "r inf red 5,0"], rules={"stack_limit": 2})
        state.units["b"].broken = True
        state.units["b"].morale = 0
        game.apply(state, A.EndTurn())
        game.apply(state, A.EndTurn())
        assert state.units["b"].cell == end
