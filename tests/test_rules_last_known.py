"""Last-known markers: a side remembers where it last saw an enemy, until it sees that the memory is wrong."""

from tiny import tiny

from game.engine import actions as A

DAYS = {"start": "2017-11-06T06:00", "turn_hours": 24, "turns": 6}  # every turn a day turn: sight is not halved


def test_a_last_known_marker_disappears_when_its_unit_is_seen_destroyed():
    game, state = tiny("......", ["a inf blue 0,0 strength=4", "r inf red 1,0 strength=1"], seed=3)
    for seed in range(1, 60):  # the first roll that destroys r
        s = state.copy()
        game.reseed(s, seed)
        game.apply(s, A.Attack("a", "r"))
        if s.units["r"].status == "destroyed":
            break
    assert s.units["r"].status == "destroyed"
    blue = game.observe(s, "blue")
    assert "r" not in blue.units and "r" not in blue.last_seen


def test_a_last_known_marker_disappears_when_the_side_sees_its_cell_empty():
    game, state = tiny("................", ["a inf blue 0,0", "r inf red 6,0"], calendar=DAYS)
    assert "r" in game.observe(state, "blue").units
    game.apply(state, A.Posture("a", "stood_down"))  # sight 3: r is out of view
    assert game.observe(state, "blue").last_seen["r"].x == 6
    game.apply(state, "end")
    game.apply(state, A.Move("r", 12, 0))  # r walks off, unseen
    game.apply(state, "end")
    assert game.observe(state, "blue").last_seen["r"].x == 6, "blue still cannot see the cell"
    game.apply(state, A.Posture("a", "alert"))  # sight 6 again: the cell is in view, and empty
    blue = game.observe(state, "blue")
    assert blue.visible[0, 6] and "r" not in blue.units
    assert "r" not in blue.last_seen


def test_a_last_known_marker_stays_while_the_side_cannot_see_its_cell():
    game, state = tiny("................", ["a inf blue 0,0", "r inf red 6,0"])
    game.apply(state, A.Posture("a", "stood_down"))
    game.apply(state, "end")
    game.apply(state, A.Move("r", 12, 0))
    game.apply(state, "end")
    marker = game.observe(state, "blue").last_seen["r"]
    assert (marker.x, marker.y) == (6, 0)


def test_a_marker_in_cover_seen_from_too_far_to_spot_a_unit_there_stays():
    # The suburb cell is in a's line of sight, but cover 0.4 lets a spot a unit there only within 3.6 cells.
    game, state = tiny("......+.........", ["a inf blue 3,0", "r inf red 6,0"])
    assert "r" in game.observe(state, "blue").units
    game.apply(state, A.Move("a", 0, 0))
    blue = game.observe(state, "blue")
    assert blue.visible[0, 6] and "r" not in blue.units
    assert (blue.last_seen["r"].x, blue.last_seen["r"].y) == (6, 0), "r may still be hiding there"
