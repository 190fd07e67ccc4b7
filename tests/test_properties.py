"""Properties that hold whatever the players do (hypothesis drives random legal play)."""

import functools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.game import Game
from game.engine.state import ACTIVE, State
from game.scenario.validate import load_scenario


@functools.cache
def historical() -> Game:
    return Game(load_scenario("abu_kamal_2017"))


def check_invariants(game: Game, state: State) -> None:
    limit = game.rules.stack_limit
    surface: dict[tuple[int, int], dict[str, int]] = {}
    for u in state.units.values():
        assert 0 <= u.strength <= u.max_strength
        assert 0 <= u.morale <= 100
        if u.status != ACTIVE:
            continue
        assert u.strength > 0
        assert game.standable[u.y, u.x], f"{u.id} stands on impassable ground at {u.cell}"
        if u.underground:
            assert u.node in game.nodes and game.nodes[u.node].at == u.cell and u.node not in state.collapsed
        else:
            surface.setdefault(u.cell, {}).setdefault(u.side, 0)
            surface[u.cell][u.side] += 1
    for cell, by_side in surface.items():
        assert len(by_side) == 1, f"two sides on {cell}"
        assert max(by_side.values()) <= limit, f"stack limit broken on {cell}"
    assert state.control.min() >= -1 and state.control.max() < len(game.sides)
    for k in state.knowledge.values():
        assert k.known_nodes <= set(game.nodes)


def check_observation(game: Game, state: State, side: str) -> None:
    obs = game.observe(state, side)
    for u in obs.units.values():
        if u.side == side:
            continue
        real = state.units[u.id]
        assert not real.underground, "an enemy in a tunnel is never observed"
        assert state.knowledge[side].visible[real.y, real.x], "an enemy out of sight is never observed"
    assert obs.known_nodes <= state.knowledge[side].known_nodes
    assert obs.collapsed <= obs.known_nodes


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), choices=st.lists(st.integers(0, 10**6), min_size=60, max_size=160))
def test_random_legal_play_from_the_historical_start_keeps_every_invariant(seed, choices):
    game = historical()
    state = game.new_initial_state(seed)
    for pick in choices:
        if state.over:
            break
        actions = game.legal_actions(state)
        game.apply(state, actions[pick % len(actions)])
        check_invariants(game, state)
        for side in game.sides:
            check_observation(game, state, side)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_an_observation_never_shows_a_tunnel_its_side_has_not_found(seed):
    game = historical()
    state, events = game.start(seed)
    rng = np.random.default_rng(seed)
    for _ in range(120):
        if state.over:
            break
        actions = game.legal_actions(state)
        events += game.apply(state, actions[int(rng.integers(len(actions)))])
    for side in game.sides:
        told = {e.get("node") for e in events if e.kind == "tunnel_found" and e.visible_to(side) and e.get("side") == side}
        start = set(game.scenario.tunnels.known_to.get(side, ()))
        assert game.observe(state, side).known_nodes == start | told
