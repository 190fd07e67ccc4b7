"""Educator mode's model: stepping through the historical line, beat cards, branching."""

import functools

from game.teach.cards import beat_card
from game.teach.timeline import Timeline


@functools.cache
def line() -> Timeline:
    return Timeline.play(seed=1)


def test_stepping_forward_then_back_returns_the_identical_state():
    tl = line()
    k = tl.beats[2].position
    before = tl.state_at(k).hash()
    for step in range(k + 1, k + 40):
        tl.state_at(step)
    for step in range(k + 39, k - 1, -1):
        tl.state_at(step)
    assert tl.state_at(k).hash() == before
    assert tl.state_at(tl.end).hash() == tl.session.state.hash()


def test_positions_map_to_the_events_each_action_caused():
    tl = line()
    assert tl.beats[0].position == 0 and tl.beats[0].phase == "advance"
    assert [e.kind for e in tl.events_of(0)][:2] == ["game_start", "phase"]
    total = len(tl.events_of(0)) + sum(len(tl.events_of(k)) for k in range(1, tl.end + 1))
    assert total == len(tl.session.events)


def test_navigation_by_turn_and_by_beat():
    tl = line()
    t2 = tl.next_turn(0)
    assert tl.turn_at(t2) == 2 and tl.turn_at(t2 - 1) == 1
    assert tl.prev_turn(t2) == 0
    assert tl.next_beat(0) == tl.beats[1].position and tl.prev_beat(tl.beats[2].position) == tl.beats[1].position


def test_a_branch_from_a_turn_shares_the_first_actions_of_the_log():
    tl = line()
    k = tl.turn_start(7)
    branch = tl.branch(k)
    assert branch.actions == tl.session.actions[:k]
    assert branch.state.hash() == tl.state_at(k).hash()
    assert branch.meta["branch_of"]["at_action"] == k
    branch.play("end")  # and it plays on independently
    assert tl.state_at(k).hash() != branch.state.hash()


def test_the_ambush_card_says_which_rule_and_trigger_fired_and_what_each_side_knew():
    tl = line()
    ambush = next(b for b in tl.beats if b.phase == "ambush")
    card = beat_card(tl, ambush)
    why = " ".join(card.why)
    assert "tunnel" in why and "when ISIS attacks from a tunnel exit in Abu Kamal" in why
    assert "trigger" not in why and "trigger 'ambush'" in " ".join(card.detail)  # ids only behind the toggle
    assert set(card.knew) == {"Government and allies", "ISIS", "SDF"}
    assert "in tunnels" in card.knew["Government and allies"]
    assert card.sources and all(title for _, title in card.sources)
    assert any("[S" in para for para in card.what)
