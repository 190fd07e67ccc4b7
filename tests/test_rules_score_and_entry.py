"""The score sheet, the grid's distance, and the engine's one door: trusted callers and re-rolls."""

import numpy as np
import pytest
from tiny import tiny

from game.engine.errors import GameOver
from game.engine.geometry import adjacent, chebyshev, neighbours, within
from game.engine.tally import tally, zone_holder, zone_share, zone_shares


def test_distance_on_the_grid_counts_a_diagonal_step_as_one_step():
    assert chebyshev((0, 0), (3, 3)) == 3
    assert chebyshev((2, 5), (4, 1)) == 4
    assert within((0, 0), (2, 1), 2) and not within((0, 0), (3, 1), 2)
    assert adjacent((1, 1), (2, 2)) and adjacent((1, 1), (1, 1)) and not adjacent((1, 1), (3, 1))
    assert sorted(neighbours((0, 0), 3, 3)) == [(0, 1), (1, 0), (1, 1)]


def test_a_zone_share_is_the_fraction_of_its_cells_a_side_holds():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    control = np.full((1, 4), -1, np.int8)
    control[0, :3] = game.side_index["blue"]
    assert zone_share(game, control, "all", "blue") == pytest.approx(0.75)
    assert zone_share(game, control, "all", "red") == 0.0
    assert zone_shares(game, control)["all"] == {"blue": 0.75, "red": 0.0}


def test_a_sides_share_reads_the_same_from_its_observation_as_from_the_state_it_saw():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    obs = game.observe(state, "blue")
    assert obs.visible.all()
    assert zone_share(game, obs.control, "all", "blue") == zone_share(game, state.control, "all", "blue")


def test_a_zone_is_held_by_the_side_holding_more_of_it_than_any_other_and_by_nobody_on_a_tie():
    game, _ = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    blue, red = game.side_index["blue"], game.side_index["red"]
    assert zone_holder(game, np.array([[blue, -1, -1, -1]], np.int8), "all") == "blue"
    assert zone_holder(game, np.array([[blue, red, red, -1]], np.int8), "all") == "red"
    assert zone_holder(game, np.array([[blue, red, -1, -1]], np.int8), "all") is None
    assert zone_holder(game, np.full((1, 4), -1, np.int8), "all") is None


def test_the_tally_counts_losses_per_faction_and_per_side_and_the_kills_of_the_other():
    game, state = tiny("...", ["a inf blue 0,0", "r inf red 1,0"])
    game.apply(state, "attack a r")
    t = tally(game, state)
    assert t.losses == state.losses and t.kills == state.kills and t.points == state.points
    assert t.casualties == {"blue": state.losses["blue"], "red": state.losses["red"]}
    assert t.kills["blue"] == state.losses["red"] and t.kills["red"] == state.losses["blue"]
    assert t.shares == zone_shares(game, state.control)
    assert t.holders["all"] == zone_holder(game, state.control, "all")


def test_a_trusted_action_has_the_same_effect_as_a_checked_one():
    game, s1 = tiny(".....", ["a inf blue 0,0", "r inf red 4,0"])
    s2 = s1.copy()
    assert [e.kind for e in game.apply(s1, "move a 2 0")] == [e.kind for e in game.apply(s2, "move a 2 0", trusted=True)]
    assert s1.hash() == s2.hash()


def test_a_finished_game_refuses_even_a_trusted_action():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    while not state.over:
        game.apply(state, "end")
    with pytest.raises(GameOver):
        game.apply(state, "end", trusted=True)


def test_reseeding_changes_only_the_dice_and_the_same_seed_rolls_the_same():
    game, base = tiny("...", ["a inf blue 0,0 strength=4", "r inf red 1,0"])
    rolls = []
    for seed in (5, 5, 6):
        s = base.copy()
        game.reseed(s, seed)
        assert s.seed == base.seed and s.units == base.units
        rolls.append([s.rng.random() for _ in range(4)])
    assert rolls[0] == rolls[1] != rolls[2]


def test_every_zones_shares_are_those_of_the_layer_asked_about_whatever_layer_came_before():
    """The shares of zones whose cells did not change are given again from the last answer: they
    must be what a game that never saw the last layer says, zone by zone, and side by side."""
    from game.engine.game import Game
    from game.scenario.validate import load_scenario

    game, fresh = Game(load_scenario("abu_kamal_2017")), Game(load_scenario("abu_kamal_2017"))
    rng = np.random.default_rng(5)
    control = rng.integers(-1, len(game.sides), (game.height, game.width)).astype(np.int8)
    for _ in range(6):
        before = zone_shares(game, control)
        cells = rng.integers(0, control.size, 3)  # a few cells change hands: most zones keep their counts
        control = control.copy()
        control.ravel()[cells] = rng.integers(-1, len(game.sides), 3)
        fresh.last_shares = None
        now = zone_shares(game, control)
        assert now == zone_shares(fresh, control)
        assert any(now[z] is before[z] for z in now)  # the unchanged zones' figures, given again


def test_a_zone_share_counts_the_same_on_any_integer_layer():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    blue, red = game.side_index["blue"], game.side_index["red"]
    control = np.array([[blue, -1, red, blue]], np.int8)
    for layer in (control, control.astype(np.int64), control.copy(order="F"), np.asfortranarray(control)):
        assert [zone_share(game, layer, "all", s) for s in ("blue", "red")] == [0.5, 0.25]
