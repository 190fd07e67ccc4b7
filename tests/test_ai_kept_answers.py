"""Short cuts in a unit's choice that must give what the full work gives: a unit whose reach is one
step and that has no enemy in sight within it is not asked for attacks (``AIPolicy._attack``),
``tactics.any_cell`` keeps the answer for read-only masks only, and the cells a move may end on
(``tactics._ends``) are kept only for the engine's kept reach layers; the exits a unit below can reach and a unit's
attack options are kept for what they are worked out from."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from game.ai import tactics as T
from game.ai.driver import play_side_turn
from game.ai.planner import AIPolicy
from game.engine.game import Game
from game.engine.observation import Observation
from game.scenario.validate import load_scenario


def _side_turns(seed: int, rounds: int) -> Iterator[tuple[Game, AIPolicy, Observation]]:
    """Each side's turn of a level-0 game from its start, for ``rounds`` rounds: the side's policy and
    its observation before the turn, which is then played."""
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(seed)
    players = {s: AIPolicy(s, seed, 0) for s in game.sides}
    for _ in range(rounds * len(game.sides)):
        side = game.current_side(state)
        if side is None:
            return
        yield game, players[side], game.observe(state, side)
        play_side_turn(game, state, players[side])


def test_a_one_step_unit_off_the_enemies_cells_has_no_attack() -> None:
    skipped = options = 0
    for game, policy, obs in _side_turns(5, 12):  # enemies come into sight and close in
        near = policy._near_enemies(obs)
        assert near is policy._near_enemies(obs)  # kept for the observation
        for u in obs.own():
            if game.scenario.unit_types[u.type].range != 1:
                continue
            found = T.attack_options(obs, u)
            if (u.x, u.y) not in near:
                assert not found
                skipped += 1
            options += bool(found)
    assert skipped > 0 and options > 0


def test_any_cell_is_kept_for_read_only_masks_only() -> None:
    m = np.zeros((4, 5), bool)
    assert not T.any_cell(m)
    m[1, 2] = True
    assert T.any_cell(m)  # writable: asked afresh
    m.setflags(write=False)
    assert T.any_cell(m) and T.any_cell(m)
    view = m[2:, :]  # a view of the mask does not own its data: asked afresh
    assert not T.any_cell(view)
    empty = np.zeros((4, 5), bool)
    empty.setflags(write=False)
    assert not T.any_cell(empty) and not T.any_cell(empty)


def test_the_cells_a_move_may_end_on_are_those_of_the_reach() -> None:
    kept = 0
    for _game, _policy, obs in _side_turns(4, 4):
        for u in obs.own():
            if u.underground or not u.mp:
                continue
            reach = obs.reach(u.id)
            for _ in range(2):  # the second time from what was kept, if anything was
                base = T._ends(reach)
                ok = reach.endable & (reach.dist <= reach.budget)
                assert np.array_equal(np.isfinite(base), ok)
                assert np.array_equal(base[ok], -(reach.dist * 1e-7)[ok])
                v = np.random.default_rng(0).normal(0.0, 50.0, base.shape)  # scores as they were made before
                assert np.array_equal(v + base, np.where(ok, v - reach.dist * 1e-7, -np.inf))
            kept += not base.flags.writeable
            if reach.endable.flags.writeable:  # a layer of this reach alone: nothing kept
                assert base.flags.writeable
    assert kept > 0


def test_the_exits_a_unit_below_can_reach_are_the_engine_routes() -> None:
    asked = found = 0
    for game, policy, obs in _side_turns(6, 10):
        for u in obs.own():
            if not u.node:
                continue
            direct = tuple(n for n in sorted(obs.known_nodes) if n != u.node and n not in obs.collapsed
                           and game.tunnel_route(obs, u, n) is not None)
            for _ in range(2):  # the second time from what was kept
                assert policy._exits_in_reach(obs, u) == direct
            asked += 1
            found += bool(direct)
    assert asked > 0 and found > 0


def test_a_units_attacks_asked_twice_on_one_observation_are_worked_out_once() -> None:
    compared = 0
    for _game, policy, obs in _side_turns(5, 12):
        policy.plan = None
        policy._observe(obs)
        policy._begin_turn(obs)
        assert policy.plan is not None
        for u in obs.own():
            first = policy._attack(obs, policy.plan, u, 1e9)  # a bar nothing clears: no focus kept
            assert first is None
            kept = policy._options
            if kept is None or kept[1] is not u:
                continue
            assert [(c.action, c.score) for c, _ in kept[3]] == [(c.action, c.score) for c, _ in T.attack_options(obs, u)]
            policy._attack(obs, policy.plan, u, 1e9)
            assert policy._options is kept  # not worked out again
            compared += bool(kept[3])
    assert compared > 0
