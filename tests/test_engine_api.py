"""The engine's entry point: actions as text, distinct errors, one side at a time."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tiny import tiny

from game.engine import actions as A
from game.engine.errors import GameOver, IllegalAction, MalformedAction

ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
ACTION = st.one_of(
    st.builds(A.Move, ids, st.integers(0, 99), st.integers(0, 99)),
    st.builds(A.Attack, ids, ids), st.builds(A.Search, ids), st.builds(A.Demolish, ids, ids),
    st.builds(A.Posture, ids, st.sampled_from(["alert", "stood_down"])), st.builds(A.Dive, ids),
    st.builds(A.Tunnel, ids, ids), st.builds(A.Emerge, ids), st.builds(A.Withdraw, ids),
    st.just(A.Declare()), st.just(A.EndTurn()),
)


@given(ACTION)
def test_every_action_round_trips_through_its_text_form(action):
    assert A.parse(action.text()) == action


@pytest.mark.parametrize("text,needle", [
    ("fly rg124", "unknown action"), ("move rg124 3", "usage: move UNIT X Y"), ("move a b c", "not a whole number"),
    ("", "empty"),
])
def test_malformed_action_text_is_refused_with_what_was_expected(text, needle):
    with pytest.raises(MalformedAction, match=needle):
        A.parse(text)


def test_an_illegal_action_and_a_malformed_one_raise_distinct_errors():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    with pytest.raises(IllegalAction):
        game.apply(state, "move r 2 0")  # red's unit, but it is blue's turn
    with pytest.raises(MalformedAction):
        game.apply(state, "move a")
    assert not issubclass(MalformedAction, IllegalAction) and not issubclass(IllegalAction, MalformedAction)


def test_only_the_side_to_move_may_act_and_legal_actions_are_empty_for_the_others():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    assert game.legal_actions(state, "red") == []
    assert A.EndTurn() in game.legal_actions(state, "blue")


def test_every_listed_legal_action_is_accepted():
    game, state = tiny("......\n......", ["a inf blue 0,0", "b eng blue 0,1", "r inf red 5,0"])
    for action in game.legal_actions(state):
        game.apply(state.copy(), action)


def test_apply_returns_the_events_it_caused_stamped_with_turn_and_date():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    events = game.apply(state, "move a 1 0")
    assert [e.kind for e in events][0] == "move"
    assert all(e.turn == 1 and e.date == "2017-11-06" and e.time == "06:00" for e in events)


def test_after_the_last_turn_the_game_is_over_and_refuses_actions():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"])
    for _ in range(2 * game.scenario.calendar.turns):
        game.apply(state, "end")
    assert game.is_over(state) and game.outcome(state)["results"].keys() == {"blue", "red"}
    with pytest.raises(GameOver):
        game.apply(state, "end")


def test_a_declaration_needs_the_zone_held_and_clear_of_seen_enemies():
    decl = {"blue": {"zone": "all", "min_control": 0.9, "points": 5}}
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"], declarations=decl)
    assert "holds" in game.declare_blocked(game.observe(state, "blue"))
    state.control[:, :] = game.side_index["blue"]
    state.knowledge["blue"].seen_control[:, :] = game.side_index["blue"]
    assert "enemy units are still in sight" in game.declare_blocked(game.observe(state, "blue"))
    state.units["r"].status = "destroyed"
    game.apply(state, "end")
    game.apply(state, "end")  # a new turn: sight refreshed without the enemy
    assert game.declare_blocked(game.observe(state, "blue")) is None
    events = game.apply(state, "declare")
    assert any(e.kind == "victory_declared" for e in events) and state.points["blue"] == 5


def test_withdrawal_needs_a_declaration_first():
    decl = {"blue": {"zone": "all", "min_control": 0.0, "points": 1, "withdraw_zone": "left", "withdraw_points": 1}}
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 3,0"], declarations=decl)
    with pytest.raises(IllegalAction, match="only after a declaration"):
        game.apply(state, "withdraw a")
