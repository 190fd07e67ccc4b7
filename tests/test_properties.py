"""Properties that hold whatever the players do: hypothesis picks the legal actions and shrinks a break
down to the shortest sequence that shows it. The checks are the conformance suite's (see
``conformance.Checker``); a break already tagged as a known engine bug is left to its own test."""

from conformance import Checker, snapshot
from conformance_play import TINY, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import actions as A


def play_choices(name: str, seed: int, choices: list[int]) -> Checker:
    """Play ``choices`` as indices into the legal actions (index 0 of every ten ends the turn), checking every step."""
    game = load(name)
    checker = Checker(game, f"{name} seed {seed} hypothesis", seed)
    state, events = game.start(seed)
    eyes, seen = snapshot(checker, state)
    checker.events(state, events, eyes, eyes, seen, seen)
    for pick in choices:
        if state.over:
            break
        legal = checker.before(state)
        action = A.EndTurn() if pick % 10 == 0 else legal[pick % len(legal)]
        eyes, seen = snapshot(checker, state)
        events = game.apply(state, action)
        checker.after(state, action, events, eyes, seen)
    return checker


def unknown_breaks(checker: Checker) -> list[str]:
    return [f"{f.check} at {f.where}: {f.what}" for f in checker.run.findings if not f.tag]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(TINY)), seed=st.integers(0, 2**31 - 1),
       choices=st.lists(st.integers(0, 10**6), min_size=10, max_size=60))
def test_random_legal_play_on_the_tiny_positions_keeps_every_guarantee(name, seed, choices):
    assert unknown_breaks(play_choices(name, seed, choices)) == []


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), choices=st.lists(st.integers(0, 10**6), min_size=5, max_size=12))
def test_random_legal_play_from_the_historical_start_keeps_every_guarantee(seed, choices):
    assert unknown_breaks(play_choices("abu_kamal_2017", seed, choices)) == []


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), choices=st.lists(st.integers(0, 10**6), min_size=20, max_size=60))
def test_an_observation_shows_exactly_the_tunnel_entrances_its_side_started_with_or_was_told_it_found(seed, choices):
    checker = play_choices("tiny_town", seed, choices)
    assert [f for f in checker.run.findings if f.check == "tunnels"] == []
    assert checker.run.steps > 0
