"""The crowd a moving unit avoids (``AIPolicy._crowd``) is kept over the whole map and moved only
for the units that moved; whatever happened in between, it is the count made afresh."""

from __future__ import annotations

import numpy as np

from game.ai.driver import play_side_turn
from game.ai.planner import AIPolicy
from game.engine.game import Game
from game.engine.observation import Observation, UnitView
from game.scenario.validate import load_scenario


def _fresh(obs: Observation, u: UnitView, ys: slice, xs: slice) -> np.ndarray:
    """Friends on the surface within one step of each cell, 3 for a friend on the cell itself."""
    out = np.zeros((ys.stop - ys.start, xs.stop - xs.start))
    for o in obs.own():
        if o.id == u.id or o.underground:
            continue
        for y in range(ys.start, ys.stop):
            for x in range(xs.start, xs.stop):
                if max(abs(o.x - x), abs(o.y - y)) <= 1:
                    out[y - ys.start, x - xs.start] += 3.0 if (o.x, o.y) == (x, y) else 1.0
    return out


def test_the_kept_crowd_is_the_crowd_counted_afresh() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(3)
    players = {s: AIPolicy(s, 3, 0) for s in game.sides}
    checked = 0
    for _ in range(3 * len(game.sides)):  # three turns of every side: units move, dive, fall, arrive
        side = game.current_side(state)
        assert side is not None
        play_side_turn(game, state, players[side])
        obs = game.observe(state, side)
        for u in obs.own():
            if u.underground:
                continue
            ys = slice(max(0, u.y - 6), min(game.height, u.y + 7))
            xs = slice(max(0, u.x - 6), min(game.width, u.x + 7))
            got = players[side]._crowd(obs, u, ys, xs)
            if got is None:  # no friend on the surface: no crowd anywhere
                assert not any(o.id != u.id and not o.underground for o in obs.own())
            else:
                assert np.array_equal(got, _fresh(obs, u, ys, xs))
            checked += 1
    assert checked > 20
