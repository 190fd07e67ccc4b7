"""A sampled state (the look-ahead's world) is built from one side's observation alone."""

from __future__ import annotations

import numpy as np

from game.ai.determinize import Intel, determinize
from game.ai.maps import build_belief
from game.engine.game import Game
from game.scenario.validate import load_scenario


def test_a_sampled_state_knows_its_own_score_and_puts_nought_for_the_scores_it_cannot_see() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(3)
    state.points.update({"government": 4.5, "isis": 9.0, "sdf": 2.0})
    obs = game.observe(state, "government")
    belief = build_belief(obs, set(), {s: frozenset() for s in game.sides if s != "government"})
    intel = Intel()
    intel.update(obs)
    _, sampled = determinize(obs, belief, intel, np.random.default_rng(0))
    assert sampled.points == {"government": 4.5, "isis": 0.0, "sdf": 0.0}
