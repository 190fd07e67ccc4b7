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


COVERED = """
    ..........
    ..++++++..
"""


def _named_or_placed(ev):
    return {ev.get(k) for k in ("unit", "attacker", "defender", "by", "cause") if ev.get(k)}


def test_a_side_is_not_shown_the_move_of_an_enemy_its_units_cannot_spot():
    # The suburb's cover (0.4) hides r from a, 6 cells off with sight 6: spotted only within 3.6 cells.
    game, state = tiny(COVERED, ["a inf blue 0,1", "r inf red 6,1"])
    assert state.knowledge["blue"].visible[1, 6], "a's line of sight reaches r's cell"
    assert "r" not in game.observe(state, "blue").units
    game.apply(state, "end")
    events = game.apply(state, A.Move("r", 7, 1))
    assert not [e for e in events if e.visible_to("blue") and "r" in _named_or_placed(e)]


def test_a_side_that_watches_an_enemy_leave_its_sight_is_told_it_left_but_not_where_it_went_nor_which_unit():
    game, state = tiny("..........\n.......###\n.......#..", ["a inf blue 4,0", "r inf red 6,0"])
    assert "r" in game.observe(state, "blue").units
    game.apply(state, "end")
    events = game.apply(state, A.Move("r", 8, 2))
    assert "r" not in game.observe(state, "blue").units, "r went round the block, out of a's sight"
    told = [e for e in events if e.visible_to("blue")]
    assert not [e for e in told if "r" in _named_or_placed(e)]
    assert not [e for e in told if e.get("to") == [8, 2] or e.get("cell") == [8, 2]]
    lost = [e for e in told if e.kind == "lost_sight"]
    assert len(lost) == 1 and lost[0].get("unit_side") == "red" and lost[0].get("unit") is None
    assert state.knowledge["blue"].visible[lost[0].get("cell")[1], lost[0].get("cell")[0]]
    assert not lost[0].visible_to("red")


def test_a_side_that_sees_an_enemy_both_before_and_after_its_move_is_shown_the_whole_move():
    game, state = tiny("..........", ["a inf blue 0,0", "r inf red 5,0"])
    game.apply(state, "end")
    events = game.apply(state, A.Move("r", 4, 0))
    move = next(e for e in events if e.kind == "move")
    assert move.visible_to("blue") and move.get("to") == [4, 0]


def test_a_unit_fired_on_by_guns_it_cannot_see_is_told_only_that_it_came_under_fire():
    # Guns (range 4, sight 1) fire on r from inside the suburb, hidden from r by the cover.
    game, state = tiny(COVERED, ["s inf blue 3,0", "g gun blue 4,1", "r inf red 8,1"])
    assert "r" in game.observe(state, "blue").units and "g" not in game.observe(state, "red").units
    events = game.apply(state, A.Attack("g", "r"))
    combat = next(e for e in events if e.kind == "combat")
    assert combat.visible_to("blue") and not combat.visible_to("red")
    fired = [e for e in events if e.kind == "under_fire"]
    assert len(fired) == 1 and fired[0].visible_to("red") and fired[0].get("unit") == "r"
    assert not [e for e in events if e.visible_to("red") and "g" in _named_or_placed(e)]
    assert not [e for e in events if e.visible_to("red") and e.get("attacker_cell")]


def test_a_side_that_loses_sight_of_an_enemy_on_its_way_is_not_shown_the_hidden_part_of_its_path():
    # r crosses a strip of suburb (cover 0.4) that a, five cells off, cannot spot into; both ends are open.
    rows = """
        .......
        .......
        .......
        .......
        ~~~~~~~
        .++....
        ~~~~~~~
    """
    game, state = tiny(rows, ["a inf blue 3,0", "r inf red 0,5"])
    assert "r" in game.observe(state, "blue").units
    game.apply(state, "end")
    events = game.apply(state, A.Move("r", 4, 5))
    told = [e for e in events if e.visible_to("blue")]
    assert not [e for e in told if e.kind == "move"], "the path crossed cells blue cannot see into"
    assert [(e.kind, e.get("cell")) for e in told if e.kind in ("lost_sight", "sighted")] == [
        ("lost_sight", [0, 5]), ("sighted", [4, 5])]
    assert "r" in game.observe(state, "blue").units
