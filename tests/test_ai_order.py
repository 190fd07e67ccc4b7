"""The order a side's units act in (``AIPolicy._order``): suicide attackers below first in a strike,
then units next to an enemy in sight, then by id. It is worked out by sorting by id and splitting
off the leaders, which must be the same as sorting by that key."""

from __future__ import annotations

import dataclasses

from game.ai.driver import play_side_turn
from game.ai.planner import AIPolicy
from game.engine.game import Game
from game.engine.observation import Observation, UnitView
from game.scenario.validate import load_scenario


def _by_key(obs: Observation, units: list[UnitView], strike: bool) -> list[str]:
    types = obs.game.scenario.unit_types
    near = {(e.x + dx, e.y + dy) for e in obs.enemies() for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
    return [u.id for u in sorted(units, key=lambda u: (
        0 if strike and u.underground and "suicide" in types[u.type].abilities else 1,
        0 if (u.x, u.y) in near else 1, u.id))]


def test_units_act_leaders_first_then_by_id() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(5)
    players = {s: AIPolicy(s, 5, 0) for s in game.sides}
    led = 0
    for _ in range(30 * len(game.sides)):  # enemies come into sight, units dive and strike
        side = game.current_side(state)
        if side is None:
            break
        play_side_turn(game, state, players[side])
        side = game.current_side(state)
        if side is None:
            break
        obs = game.observe(state, side)
        p = players[side]
        if p.plan is None:
            continue
        p.done = set()  # as at the start of its turn (the last one's are all done)
        for strike in (False, True):
            plan = dataclasses.replace(p.plan, strike=strike)
            got = [u.id for u in p._order(obs, plan)]
            assert got == _by_key(obs, obs.own(), strike)
            led += got != sorted(got)
        if led >= 4:
            break
    assert led > 0  # some orders put a unit ahead of its place by id
