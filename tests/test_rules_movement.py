"""Movement: terrain costs, the river, zones of control, and contact with unseen enemies."""

import pytest
from tiny import tiny

from game.engine import actions as A
from game.engine.errors import IllegalAction


def test_units_cross_the_river_only_at_a_bridge():
    game, state = tiny("""
        ..~....
        ..~....
        ..=....
    """, ["a inf blue 0,0", "r inf red 6,2"])
    reach = game.observe(state, "blue").reach("a")
    assert not reach.can_reach(2, 0) and not reach.can_reach(2, 1)  # river cells
    assert reach.can_reach(2, 2)  # the bridge
    path = reach.path(3, 0)
    assert (2, 2) in path, "the only way across runs over the bridge"


def test_movement_points_limit_how_far_a_unit_goes():
    game, state = tiny("." * 12, ["a inf blue 0,0", "r inf red 11,0"])
    reach = game.observe(state, "blue").reach("a")
    assert reach.can_reach(6, 0) and not reach.can_reach(7, 0)  # 6 movement points on open ground


def test_entering_an_enemy_zone_of_control_ends_movement():
    game, state = tiny("""
        .........
        .........
        .........
    """, ["a inf blue 0,1", "r inf red 4,1"])
    reach = game.observe(state, "blue").reach("a")
    assert reach.can_reach(3, 1), "a unit may step next to an enemy"
    assert not reach.can_reach(5, 0) and not reach.can_reach(5, 2), "but not on past it"


def test_a_unit_cannot_end_its_move_on_a_seen_enemy():
    game, state = tiny("......", ["a inf blue 0,0", "r inf red 2,0"])
    with pytest.raises(IllegalAction):
        game.apply(state, A.Move("a", 2, 0))


def test_a_move_into_an_unseen_enemy_stops_on_contact_and_reveals_it():
    # Dense blocks hide the red unit until the blue one turns the corner.
    game, state = tiny("""
        ......
        ####..
        ......
    """, ["a inf blue 0,0", "r cell red 1,2"])
    assert "r" not in game.observe(state, "blue").units
    events = game.apply(state, A.Move("a", 0, 2))
    move = next(e for e in events if e.kind == "move")
    assert move.get("stopped") == "contact"
    assert "r" in game.observe(state, "blue").units
    assert any(e.kind == "sighted" and e.get("unit") == "r" for e in events)


def test_the_stack_limit_keeps_a_third_unit_off_a_full_cell():
    game, state = tiny("....", ["a inf blue 0,0", "b inf blue 1,0", "c inf blue 1,0", "r inf red 3,0"],
                       rules={"stack_limit": 2})
    assert not game.observe(state, "blue").reach("a").can_reach(1, 0)
