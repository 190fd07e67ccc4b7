"""Cutting a game back (undo, rewinds) and branching keep state, log, events, marks and snapshots in step."""

import json

import pytest

from game.ai.base import play_side_turn
from game.ai.registry import make_policy
from game.session import Session, replay


@pytest.fixture(scope="module")
def played() -> Session:
    """Three turns of the historical line: enough for cuts inside a turn and across turn boundaries."""
    s = Session.new("abu_kamal_2017", 4)
    players = {side: make_policy("historical", side, 4) for side in s.game.sides}
    while not s.state.over and s.state.turn <= 3:
        play_side_turn(s.game, s.state, players[s.game.current_side(s.state)], apply=s.play)
    assert len(s.actions) > 10 and len(s.snapshots) >= 3
    return s


def _events(s: Session) -> list[str]:
    return [json.dumps(e.to_json(), sort_keys=True) for e in s.events]


def _fresh(s: Session, n: int) -> Session:
    return replay(s.game, s.seed, s.actions[:n], s.scenario_ref)


def _same_as_fresh_replay(s: Session, fresh: Session) -> None:
    assert s.actions == fresh.actions
    assert s.state.hash() == fresh.state.hash()
    assert _events(s) == _events(fresh)
    assert s.marks == fresh.marks
    assert len(s.marks) == len(s.actions)
    assert {t: (k, e, st.hash()) for t, (k, e, st) in s.snapshots.items()} == \
        {t: (k, e, st.hash()) for t, (k, e, st) in fresh.snapshots.items()}


def test_undoing_one_action_gives_the_game_a_fresh_replay_of_the_shorter_log_gives(played):
    s = played.branch(len(played.actions))
    n = len(s.actions)
    s.truncate(n - 1)
    _same_as_fresh_replay(s, _fresh(played, n - 1))


def test_undoing_twice_leaves_marks_as_long_as_the_action_log(played):
    s = played.branch(len(played.actions))
    n = len(s.actions)
    s.truncate(n - 1)
    s.truncate(n - 2)
    assert len(s.marks) == len(s.actions) == n - 2
    _same_as_fresh_replay(s, _fresh(played, n - 2))


def test_cutting_back_across_a_turn_boundary_drops_the_later_turns_snapshots(played):
    s = played.branch(len(played.actions))
    turn2 = s.snapshots[2][0]  # the number of actions played when turn 2 began
    s.truncate(turn2 - 1)
    assert s.state.turn == 1
    assert 2 not in s.snapshots and 3 not in s.snapshots
    _same_as_fresh_replay(s, _fresh(played, turn2 - 1))


def test_the_events_of_the_cut_part_are_gone_and_the_game_goes_on_from_the_cut(played):
    s = played.branch(len(played.actions))
    cut = s.snapshots[2][0] + 3
    kept = s.marks[cut - 1]
    s.truncate(cut)
    assert len(s.events) == kept
    assert _events(s) == _events(played)[:kept]
    for text in played.actions[cut:]:  # playing the same moves again gives the same game
        s.play(text)
    _same_as_fresh_replay(s, played)


def test_cutting_back_to_the_start_leaves_only_the_set_up(played):
    s = played.branch(len(played.actions))
    s.truncate(0)
    assert s.actions == [] and s.marks == [] and len(s.events) == s.opening
    _same_as_fresh_replay(s, _fresh(played, 0))


def test_a_cut_outside_the_game_is_refused(played):
    s = played.branch(5)
    with pytest.raises(ValueError):
        s.truncate(6)
    with pytest.raises(ValueError):
        s.truncate(-1)


def test_a_branch_attributes_each_event_to_the_action_that_caused_it(played):
    for n in (0, 1, played.snapshots[2][0], played.snapshots[2][0] + 2, len(played.actions)):
        b = played.branch(n)
        _same_as_fresh_replay(b, _fresh(played, n))


def test_a_branch_is_independent_of_the_game_it_came_from(played):
    before = (played.state.hash(), len(played.events), len(played.actions))
    b = played.branch(played.snapshots[2][0] + 1)
    b.play("end")
    b.truncate(1)
    assert (played.state.hash(), len(played.events), len(played.actions)) == before
    _same_as_fresh_replay(played, _fresh(played, len(played.actions)))
