"""Asking the engine what a unit can do: the options are the legal actions, with the engine's reasons."""

import pytest
from tiny import tiny

from game.engine import actions as A
from game.engine.errors import IllegalAction
from game.engine.orders import ORDERS

TUNNELS = {"nodes": {"n1": {"at": [2, 1]}, "n2": {"at": [6, 1]}}, "links": [["n1", "n2"]], "known_to": {"red": "all"}}


def test_a_unit_may_attack_seen_enemies_in_range_and_is_told_why_not_for_the_others():
    game, state = tiny("........", ["a inf blue 0,0", "r1 inf red 1,0", "r2 inf red 4,0"])
    opts = game.unit_options(game.observe(state, "blue"), "a")
    assert opts.targets == ("r1",)
    assert opts.not_targets == {"r2": "r2 is out of range of a"}
    assert opts.allowed("attack") and opts.why_not("attack") is None


def test_every_order_a_unit_cannot_give_says_why_in_the_engines_words():
    game, state = tiny("........", ["a inf blue 0,0", "r inf red 7,0"])
    opts = game.unit_options(game.observe(state, "blue"), "a")
    assert opts.why_not("demolish") == "a is not an engineer unit"
    assert opts.why_not("dive") == "a cannot use tunnels"
    assert opts.why_not("emerge") == "a is not underground"
    assert opts.why_not("attack") == "a sees no enemy to attack"
    for name in ORDERS:
        assert opts.allowed(name) or opts.why_not(name), name
    with pytest.raises(IllegalAction, match=opts.why_not("demolish")):
        game.check(state, A.Demolish("a", "n1"))


def test_the_options_of_every_unit_are_exactly_the_sides_legal_actions():
    game, state = tiny("........\n........", ["a inf blue 0,0", "e eng blue 1,1", "c cell red tunnel:n1",
                                              "r inf red 3,0"], tunnels=TUNNELS)
    for _ in range(2):
        side = game.current_side(state)
        obs = game.observe(state, side)
        listed = [a for u in obs.own() for o in game.unit_options(obs, u.id).orders.values() for a in o.actions]
        legal = [a for a in game.legal_actions(state) if isinstance(a, A.UnitAction)]
        assert sorted(map(str, listed)) == sorted(map(str, legal))
        for a in listed:
            game.check(state, a)
        game.apply(state, "end")


def test_a_unit_underground_cannot_move_but_may_travel_to_the_nodes_it_knows():
    game, state = tiny("........\n........", ["a inf blue 0,0", "c cell red tunnel:n1"], tunnels=TUNNELS)
    game.apply(state, "end")
    opts = game.unit_options(game.observe(state, "red"), "c")
    assert opts.reach is None and opts.why_not("move") == "c is underground: use 'tunnel' or 'emerge'"
    assert opts.tunnel_nodes == ("n2",) and opts.allowed("emerge")


def test_a_unit_that_can_only_change_posture_is_spent():
    game, state = tiny("........", ["a inf blue 0,0", "r inf red 1,0 strength=4"])
    assert game.unit_options(game.observe(state, "blue"), "a").can_act
    game.apply(state, "attack a r")
    opts = game.unit_options(game.observe(state, "blue"), "a")
    assert opts.allowed("posture") and not opts.can_act
    assert opts.why_not("move") == "a has no movement points left this turn"
    assert opts.why_not("attack") == "a has already attacked or acted this turn"


def test_asking_about_a_unit_the_side_cannot_see_says_no_more_than_about_one_that_does_not_exist():
    game, state = tiny(".#......", ["a inf blue 0,0", "hidden inf red 7,0"])
    obs = game.observe(state, "blue")
    assert "hidden" not in obs.units
    with pytest.raises(IllegalAction) as hidden:
        game.unit_options(obs, "hidden")
    with pytest.raises(IllegalAction) as missing:
        game.unit_options(obs, "nobody")
    assert str(hidden.value).replace("hidden", "X") == str(missing.value).replace("nobody", "X")


def test_a_side_gets_no_options_out_of_its_turn():
    game, state = tiny("........", ["a inf blue 0,0", "r inf red 7,0"])
    opts = game.unit_options(game.observe(state, "red"), "r")
    assert not opts.can_act and opts.why_not("move") == "it is blue's turn"
