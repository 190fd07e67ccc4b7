"""The engine bugs of issue 10 (hidden information and stacking), each shown on the smallest position.

Each test is the rule the bug broke; while a bug is open its test is marked ``xfail(strict=True)``,
so the fix turns it into an unexpected pass and the mark must come off.
"""

from tiny import tiny

from game.engine import actions as A

SCREEN = """
    .......+.
    ......###
    ......###
    .........
"""


def units_named_to(game, events, side):
    return {e.get(k) for e in events if e.visible_to(side) for k in ("unit", "attacker", "defender")} | {
        u for e in events if e.visible_to(side) and isinstance(e.get("losses_below"), dict) for u in e.get("losses_below")}


def test_a_broken_unit_never_falls_back_onto_a_cell_an_enemy_holds():
    game, state = tiny("....", ["b inf blue 2,0", "r inf red 0,0"])  # the rally zone is column 0
    state.units["b"].broken = True
    game.apply(state, "end")
    game.apply(state, "end")  # blue's next turn: the broken unit falls back
    b, r = state.units["b"], state.units["r"]
    assert b.cell != r.cell, f"blue and red both stand on {b.cell}"


def test_after_a_demolition_pushes_units_along_the_tunnel_their_side_sees_only_from_where_they_are():
    tunnels = {"nodes": {"n1": {"at": [2, 0]}, "n2": {"at": [14, 0]}}, "links": [["n1", "n2"]],
               "known_to": {"red": "all", "blue": ["n1"]}}
    game, state = tiny("...............", ["e eng blue 1,0", "c cell red tunnel:n1", "k cell red 14,0"],
                       tunnels=tunnels)
    assert "e" in game.observe(state, "red").units  # seen from below the entrance, next to it
    game.apply(state, A.Demolish("e", "n1"))
    assert state.units["c"].node == "n2"
    assert "e" not in game.observe(state, "red").units, "red still sees the engineer from the collapsed entrance"


def test_a_side_is_not_shown_the_move_of_a_unit_its_units_cannot_see():
    rows = """
        ..........
        ..++++++..
    """
    game, state = tiny(rows, ["a inf blue 0,1", "r inf red 6,1"])  # cover 0.4: seen only from 3.6 cells
    assert "r" not in game.observe(state, "blue").units
    game.apply(state, "end")
    events = game.apply(state, A.Move("r", 7, 1))
    assert "r" not in game.observe(state, "blue").units
    shown = [e for e in events if e.visible_to("blue") and e.get("unit") == "r"]
    assert not shown, f"blue is shown {[e.to_json() for e in shown]}"


def test_one_viewer_must_both_see_a_unit_in_cover_and_be_close_enough_to_spot_it():
    # 'a' has the suburb cell in view but is 6 cells off (cover 0.4 allows 3.6); 'b' is 3 off behind a block.
    game, state = tiny(SCREEN, ["a inf blue 1,0", "b inf blue 7,3", "r inf red 7,0"])
    assert "r" not in game.observe(state, "blue").units


def test_each_viewer_alone_fails_the_cover_rule_in_that_position():
    for viewer in ("a inf blue 1,0", "b inf blue 7,3"):
        game, state = tiny(SCREEN, [viewer, "r inf red 7,0"])
        assert "r" not in game.observe(state, "blue").units


def test_units_lost_underground_are_not_named_to_the_side_that_collapsed_the_tunnel():
    tunnels = {"nodes": {"n1": {"at": [2, 0]}, "n2": {"at": [5, 1]}}, "links": [["n1", "n2"]],
               "known_to": {"red": "all", "blue": ["n1"]}}
    game, state = tiny("......\n......", ["e eng blue 1,0", "c cell red tunnel:n1", "k cell red 5,0"],
                       tunnels=tunnels)
    state.collapsed.add("n2")  # the only other exit is already closed: the unit below has nowhere to go
    assert "c" not in game.observe(state, "blue").units
    events = game.apply(state, A.Demolish("e", "n1"))
    assert state.units["c"].status != "active"
    assert "c" not in units_named_to(game, events, "blue")
