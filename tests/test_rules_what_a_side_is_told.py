"""What a side learns: only what its own eyes can see now, in its observation and in the events it is shown."""

from tiny import tiny

from game.engine import actions as A

CITY = """
    .........
    .###.###.
    .#.....#.
    .........
"""
TUNNELS = {"nodes": {"n1": {"at": [2, 2]}, "n2": {"at": [6, 2]}}, "links": [["n1", "n2"]],
           "known_to": {"red": "all", "blue": ["n1"]}}


def test_after_a_demolition_pushes_units_below_along_the_tunnel_their_side_sees_only_from_where_they_are():
    game, state = tiny(CITY, ["e eng blue 2,3", "c cell red tunnel:n1"], tunnels=TUNNELS)
    assert "e" in game.observe(state, "red").units, "the fighters below watch the street above their entrance"
    game.apply(state, A.Demolish("e", "n1"))
    assert state.units["c"].node == "n2"
    red = game.observe(state, "red")
    assert "e" not in red.units, "pushed to n2, they no longer see the engineers at n1"
    assert not red.visible[3, 2]


def test_after_a_demolition_kills_the_units_below_their_side_no_longer_sees_through_their_eyes():
    game, state = tiny(CITY, ["e eng blue 2,3", "c cell red tunnel:n1 strength=1"], tunnels=TUNNELS)
    assert "e" in game.observe(state, "red").units
    game.apply(state, A.Demolish("e", "n1"))
    assert state.units["c"].status != "active"
    red = game.observe(state, "red")
    assert "e" not in red.units and not red.visible.any()
