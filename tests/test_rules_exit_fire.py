"""Fire at the exit: alert units next to a tunnel exit fire on fighters as they come out; units at
rest do not. This is what standing a garrison down risks (``rules: exit_fire``)."""

from tiny import tiny

from game.engine import actions as A
from game.engine.state import ACTIVE, STOOD_DOWN

TUNNELS = {"nodes": {"n1": {"at": [1, 0]}, "n2": {"at": [3, 1]}}, "links": [["n1", "n2"]], "known_to": {"red": "all"}}
SURE = {"exit_fire": 2.0, "hit_chance": 1.0}  # every step of the guard hits: the rule, not the dice, is tested


def _come_out(posture: str | None = None, **rules: float):
    game, state = tiny("....\n....", ["b inf blue 0,0", "c cell red tunnel:n1"], tunnels=TUNNELS, rules=rules)
    if posture is not None:
        state.units["b"].posture = posture
    game.apply(state, A.EndTurn())  # blue's turn ends; red comes up next to the blue unit
    return game, state, game.apply(state, A.Emerge("c"))


def test_an_alert_unit_next_to_a_tunnel_exit_fires_on_a_unit_coming_out_of_it():
    game, state, events = _come_out(**SURE)
    fire = [e for e in events if e.kind == "exit_fire"]
    assert len(fire) == 1 and fire[0].get("unit") == "b" and fire[0].get("target") == "c" and fire[0].get("losses") > 0
    c = state.units["c"]
    assert c.strength == 4 - fire[0].get("losses") or c.status != ACTIVE
    assert c.status != ACTIVE or c.suppressed  # its losses suppress it for its strike, as any losses do


def test_the_unit_coming_out_does_not_fire_back():
    game, state, events = _come_out(**SURE)
    assert state.units["b"].strength == 4
    assert not any(e.kind == "combat" for e in events)


def test_a_stood_down_unit_next_to_the_exit_does_not_fire():
    game, state, events = _come_out(STOOD_DOWN, **SURE)
    assert not any(e.kind == "exit_fire" for e in events)
    assert state.units["c"].strength == 4 and not state.units["c"].suppressed


def test_without_the_rule_nobody_fires_at_the_exit():
    game, state, events = _come_out(hit_chance=1.0)  # exit_fire defaults to 0
    assert game.rules.exit_fire == 0.0
    assert not any(e.kind == "exit_fire" for e in events) and state.units["c"].strength == 4


def test_both_sides_are_told_of_the_fire_at_the_exit():
    game, state, events = _come_out(**SURE)
    fire = next(e for e in events if e.kind == "exit_fire")
    assert fire.visible_to("blue") and fire.visible_to("red")


def test_the_emerge_order_warns_of_the_fire_the_side_can_see_waiting_at_the_exit():
    game, state = tiny("....\n....", ["b inf blue 0,0", "c cell red tunnel:n1"], tunnels=TUNNELS, rules=SURE)
    game.apply(state, A.EndTurn())
    risk = game.unit_options(game.observe(state, "red"), "c").orders["emerge"].risk
    assert risk is not None and "alert enemy unit" in risk
    state.units["b"].posture = STOOD_DOWN
    state.cache.clear()
    assert game.unit_options(game.observe(state, "red"), "c").orders["emerge"].risk is None


def test_an_alert_unit_two_cells_from_the_exit_neither_fires_nor_is_warned_of():
    game, state = tiny("....\n....", ["b inf blue 3,0", "c cell red tunnel:n1"], tunnels=TUNNELS, rules=SURE)
    game.apply(state, A.EndTurn())
    assert game.unit_options(game.observe(state, "red"), "c").orders["emerge"].risk is None
    events = game.apply(state, A.Emerge("c"))
    assert not any(e.kind == "exit_fire" for e in events)
