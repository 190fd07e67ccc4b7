"""The ``ai`` policy: legal play from the observation alone, for every side and level.

Honesty is tested the strong way: two states that differ only in what a side cannot see give it
the same observation, so they must give the same decisions (and the same sampled states).
"""

from __future__ import annotations

import numpy as np
import pytest

from game.ai.base import play_side_turn
from game.ai.determinize import Intel, determinize
from game.ai.maps import build_belief
from game.ai.planner import AIPolicy
from game.ai.registry import make_policy, policy_names
from game.engine import actions as A
from game.engine import fog
from game.engine.game import Game
from game.engine.state import State
from game.scenario.validate import load_scenario


@pytest.fixture(scope="module")
def game() -> Game:
    return Game(load_scenario("abu_kamal_2017"))


class Checked:
    """Wraps a policy: every action it picks is checked against the observation it was given."""

    def __init__(self, game: Game, inner) -> None:
        self.game, self.inner, self.name = game, inner, inner.name
        self.actions = 0

    def choose(self, obs):
        action = self.inner.choose(obs)
        self.game.check_observed(obs, action)  # raises IllegalAction / MalformedAction
        if not isinstance(action, A.EndTurn | A.Declare):
            assert obs.units[action.unit].side == obs.side  # type: ignore[attr-defined]
        if isinstance(action, A.Attack):
            assert action.target in obs.units  # only enemies it can see
        self.actions += 1
        return action


def play(game: Game, seed: int, names: dict[str, str], level: int = 1, until: int | None = None) -> State:
    state = game.new_initial_state(seed)
    players = {s: Checked(game, make_policy(names[s], s, seed, level)) for s in game.sides}
    while not state.over and (until is None or state.turn < until):
        play_side_turn(game, state, players[game.current_side(state)])
    return state


@pytest.mark.parametrize("name,level", [("ai", 0), ("ai", 1), ("random", 0), ("historical", 0), ("vigilant", 0)])
def test_every_policy_plays_a_whole_game_legally_on_every_side(game: Game, name: str, level: int) -> None:
    state = play(game, 3, {s: name for s in game.sides}, level)
    assert state.over and state.outcome is not None


def test_strongest_level_plays_legally_on_every_side(game: Game) -> None:
    state = play(game, 4, {s: "ai" for s in game.sides}, level=2, until=12)
    assert state.turn >= 12


def _hidden_twin(game: Game, state: State, side: str) -> State:
    """A copy in which every enemy ``side`` cannot see stands somewhere else it cannot see."""
    twin = state.copy()
    obs = game.observe(state, side)
    vis = obs.visible
    free = [(x, y) for y in range(game.height) for x in range(game.width)
            if game.standable[y, x] and not vis[y, x]
            and not any(u.cell == (x, y) for u in twin.units.values() if u.status == "active")]
    moved = 0
    for u in twin.units.values():
        if u.side != side and u.status == "active" and u.id not in obs.units and not u.underground:
            u.x, u.y = free[(moved * 97) % len(free)]
            free.remove(u.cell)
            moved += 1
    assert moved > 0
    return twin


def _same_view(game: Game, a: State, b: State, side: str) -> bool:
    oa, ob = game.observe(a, side), game.observe(b, side)
    return (oa.units == ob.units and np.array_equal(oa.visible, ob.visible) and np.array_equal(oa.control, ob.control)
            and oa.last_seen == ob.last_seen and oa.known_nodes == ob.known_nodes)


@pytest.mark.parametrize("level", [1, 2])
def test_decisions_depend_only_on_the_observation(game: Game, level: int) -> None:
    state = play(game, 5, {s: "historical" for s in game.sides}, until=4)  # government to move, enemies hidden
    side = game.current_side(state)
    assert side == "government"
    twin = _hidden_twin(game, state, side)
    assert state.hash() != twin.hash() and _same_view(game, state, twin, side)
    pa, pb = AIPolicy(side, 9, level), AIPolicy(side, 9, level)
    compared = 0
    while _same_view(game, state, twin, side) and game.current_side(state) == side:
        a, b = pa.choose(game.observe(state, side)), pb.choose(game.observe(twin, side))
        assert a == b
        compared += 1
        game.apply(state, a)
        game.apply(twin, b)
        if isinstance(a, A.EndTurn):
            break
    assert compared >= 3


def test_determinization_reads_only_the_observation(game: Game) -> None:
    state = play(game, 6, {s: "historical" for s in game.sides}, until=5)
    side = game.current_side(state)
    twin = _hidden_twin(game, state, side)
    worlds = []
    for s in (state, twin):
        obs = game.observe(s, side)
        intel = Intel()
        intel.update(obs)
        belief = build_belief(obs)
        worlds.append(determinize(obs, belief, intel, np.random.default_rng(3)))
    assert worlds[0][1].hash() == worlds[1][1].hash()
    world, sampled = worlds[0]
    obs = game.observe(state, side)
    for u in sampled.units.values():  # what the side sees is kept; the rest is a guess it would not see
        if u.id in obs.units:
            assert (u.x, u.y, u.strength) == (obs.units[u.id].x, obs.units[u.id].y, obs.units[u.id].strength)
        elif u.status == "active":
            assert not fog.detects(world, sampled, side, u)


def test_levels_and_names(game: Game) -> None:
    names = policy_names()
    assert {"ai", "ai0", "ai1", "ai2", "historical", "vigilant", "random"} <= set(names)
    assert make_policy("ai1", "isis", 1).level == 1  # type: ignore[attr-defined]
    assert make_policy("ai", "isis", 1, level=0).level == 0  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="levels are"):
        make_policy("ai", "isis", 1, level=7)


@pytest.mark.parametrize("level", [1, 2])
def test_same_seed_same_game(game: Game, level: int) -> None:
    """Lookahead budgets are counted in engine actions, not seconds: a busy machine plays the same game."""
    a = play(game, 8, {"government": "ai", "isis": "ai", "sdf": "ai"}, level=level, until=8)
    b = play(game, 8, {"government": "ai", "isis": "ai", "sdf": "ai"}, level=level, until=8)
    assert a.hash() == b.hash()
