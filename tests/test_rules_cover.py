"""Cover: a unit in cover is seen only by a viewer that both has a line of sight to it and is close enough."""

from tiny import tiny

from game.engine.fog import detects


def test_a_unit_in_cover_is_not_seen_by_one_viewer_with_sight_and_another_close_but_blind():
    # v1 has a clear line to r but is too far for r's cover; v2 is close but a dense block hides r.
    game, state = tiny(".....+#.", ["v1 inf blue 0,0", "v2 inf blue 7,0", "r inf red 5,0"])
    assert not detects(game, state, "blue", state.units["r"])
    assert "r" not in game.observe(state, "blue").units


def test_a_unit_in_cover_is_seen_by_one_viewer_with_sight_that_is_close_enough():
    game, state = tiny("..+.....", ["v inf blue 0,0", "r inf red 2,0"])
    assert detects(game, state, "blue", state.units["r"])
    assert "r" in game.observe(state, "blue").units


def test_cover_shortens_the_distance_at_which_a_unit_is_spotted():
    # suburb cover 0.4 and sight 6: spotted up to 3.6 cells away, that is 3 cells, not 4.
    near = tiny(".....+..", ["v inf blue 2,0", "r inf red 5,0"])[1]
    far = tiny(".....+..", ["v inf blue 1,0", "r inf red 5,0"])[1]
    assert "r" in near.knowledge["blue"].seen_units
    assert "r" not in far.knowledge["blue"].seen_units
