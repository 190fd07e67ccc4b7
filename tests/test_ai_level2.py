"""What level 2 adds on top of level 1: the rules its play follows, each one able to fail."""

from __future__ import annotations

import dataclasses

import pytest

from game.ai import tactics as T
from game.ai.lookahead import _heir, rollout
from game.ai.planner import AIPolicy
from game.ai.plans import DEFAULT, MAX_AGGRESSION, Style, TurnPlan, exchange_style
from game.engine import actions as A
from game.engine import fog
from game.engine.game import Game
from game.engine.movement import MP_SCALE
from game.engine.state import WAITING, State
from game.scenario.model import Scenario
from game.scenario.validate import load_scenario


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("abu_kamal_2017")


@pytest.fixture(scope="module")
def game(scenario: Scenario) -> Game:
    return Game(scenario)


def _with_steps(sc: Scenario, side: str, enemy_step: float, own_step: float) -> Scenario:
    victory = dict(sc.victory)
    victory[side] = dataclasses.replace(victory[side], enemy_step=enemy_step, own_step=own_step)
    return dataclasses.replace(sc, victory=victory)


def test_level_2_is_as_bold_as_its_sides_scoring_pays(scenario: Scenario) -> None:
    isis, gov, sdf = (exchange_style(scenario, s).aggression for s in ("isis", "government", "sdf"))
    # ISIS earns 0.5 for an enemy step and pays 0.15 for its own; the government 0.4 and 0.25; the SDF 0.3 and 0.3
    assert isis > gov > sdf == 1.0
    assert isis <= MAX_AGGRESSION


def test_level_2_is_never_shyer_than_level_1_even_when_its_own_steps_cost_more(scenario: Scenario) -> None:
    costly = _with_steps(scenario, "government", enemy_step=0.1, own_step=-0.5)
    assert exchange_style(costly, "government").aggression == 1.0


def test_a_level_2_policy_takes_its_sides_exchange_style_but_keeps_a_style_it_was_given(game: Game) -> None:
    state, _ = game.start(3)
    obs = game.observe(state, "isis")
    plain, given = AIPolicy("isis", 3, 2), AIPolicy("isis", 3, 2, style=Style("mine", 0.8))
    level1 = AIPolicy("isis", 3, 1)
    for p in (plain, given, level1):
        p.choose(obs)
    assert plain.base_style == exchange_style(game.scenario, "isis")
    assert given.base_style.aggression == 0.8
    assert level1.base_style == DEFAULT


def _isis_below(game: Game, turn: int) -> tuple[State, list[str]]:
    """ISIS's turn at ``turn`` with its city cells still shown as its own and fighters underground."""
    state, _ = game.start(5)
    state.turn = turn
    state.side_index = game.sides.index("isis")
    below = [u.id for u in state.units.values() if u.side == "isis" and u.status == "active" and not u.on_surface]
    state.control[game.zone_masks["city"]] = game.side_index["isis"]
    for side in game.sides:
        fog.refresh(game, state, side, None)
    state.cache.clear()
    return state, below


def _ready(game: Game, state: State, level: int) -> tuple[AIPolicy, TurnPlan]:
    pol = AIPolicy("isis", 5, level, profile="historical")
    obs = game.observe(state, "isis")
    pol._observe(obs)
    plan = TurnPlan(role="hider", turn=obs.turn)
    return pol, plan


def test_on_the_last_turn_level_2_has_the_last_word_whatever_it_last_saw_of_the_city(game: Game) -> None:
    state, below = _isis_below(game, game.scenario.calendar.turns)
    assert below, "fighters wait in the tunnels at the start"
    obs = game.observe(state, "isis")
    l1, plan1 = _ready(game, state, 1)
    l2, plan2 = _ready(game, state, 2)
    # what ISIS last saw of the city is mostly its own: level 1 sees no need to come up
    assert l1._share(obs, "city") >= l1._city_hold(obs) + 0.1
    assert l1._strike_now(obs, plan1) is False
    assert l2._strike_now(obs, plan2) is True


def test_level_2_keeps_a_third_below_only_at_level_1(game: Game) -> None:
    state, below = _isis_below(game, 10)
    obs = game.observe(state, "isis")
    fighters = [u for u in obs.own() if u.underground and u.type == "fighters"]
    l1, _ = _ready(game, state, 1)
    l2, _ = _ready(game, state, 2)
    assert len(l1._pick_reserve(obs)) == len(fighters) // 3 > 0
    assert l2._pick_reserve(obs) == set()


def test_a_rollout_player_remembers_the_decisions_its_side_has_taken(game: Game) -> None:
    state, _ = game.start(2)
    pol = AIPolicy("government", 2, 2, profile="historical")
    pol.choose(game.observe(state, "government"))
    pol.decisions.lapsed.add("stand_down")
    pol.struck_turn, pol.reserve = 4, {"x"}
    heir = _heir(pol, 9, 1)
    assert heir.level == 1 and heir.decisions.lapsed == {"stand_down"}
    assert (heir.struck_turn, heir.reserve) == (4, {"x"})
    heir.decisions.lapsed.add("redeploy")
    assert "redeploy" not in pol.decisions.lapsed, "a rollout does not change the policy's own memory"


def test_a_rollout_that_reaches_the_end_scores_the_points_the_game_gives(game: Game) -> None:
    state, _ = game.start(6)
    state.turn = game.scenario.calendar.turns
    pol = AIPolicy("government", 6, 2, profile="historical")
    pol.choose(game.observe(state, "government"))
    end = state.copy()
    value = rollout(game, end, pol, pol.base_style, 1, None, horizon=0)
    assert end.over
    assert value == end.points["government"]


def test_at_level_2_a_worn_down_unit_weighs_danger_more_and_at_level_1_it_does_not(game: Game) -> None:
    state, _ = game.start(7)
    obs = game.observe(state, "government")
    u = next(v for v in obs.own() if v.strength >= 4)
    full = game.scenario.unit_types[u.type].strength
    worn = dataclasses.replace(u, strength=1)
    l1, l2 = AIPolicy("government", 7, 1), AIPolicy("government", 7, 2)
    assert l1._safety_weight(worn, full, 1.0) == l1._safety_weight(u, full, 1.0) == 1.0
    assert l2._safety_weight(worn, full, 1.0) > l2._safety_weight(u, full, 1.0)


def _alone_on_the_last_turn(game: Game, side: str, seed: int, lead_type: str | None = None) -> State:
    """``side``'s last turn with the city still the other side's ground, none of the other
    side's units on the map, and one of ``side``'s surface units (of ``lead_type``) in the middle
    of the city with its movement points for the turn."""
    other = "isis" if side == "government" else "government"
    state, _ = game.start(seed)
    state.turn = game.scenario.calendar.turns
    state.side_index = game.sides.index(side)
    for u in state.units.values():
        if u.side == other:
            u.status = WAITING
    city = game.zone_masks["city"]
    state.control[city] = state.knowledge[side].seen_control[city] = game.side_index[other]
    lead = min((u for u in state.units.values() if u.side == side and u.on_surface
                and lead_type in (None, u.type)), key=lambda u: u.id)
    lead.x, lead.y = 29, 30
    lead.mp = game.scenario.unit_types[lead.type].move * MP_SCALE
    for s in game.sides:
        fog.refresh(game, state, s, None)
    state.cache.clear()
    return state


def _government_last_turn(game: Game) -> State:
    return _alone_on_the_last_turn(game, "government", 4, "infantry")


def _city_held(game: Game, state: State, side: str) -> int:
    return int((state.control[game.zone_masks["city"]] == game.side_index[side]).sum())


def test_on_its_last_turn_a_unit_walks_through_the_most_ground_it_can_win_and_the_engine_gives_it_that_ground(
        game: Game) -> None:
    state = _government_last_turn(game)
    obs = game.observe(state, "government")
    city = game.zone_masks["city"]
    u = next(v for v in obs.own() if (v.x, v.y) == (29, 30))
    gain = T.open_ground(obs, city, exclude=u.id)
    move = T.ground_grab(obs, u, gain)
    assert move is not None, "an ISIS city next to a unit with nobody in it is ground to win"
    path = obs.reach(u.id).path(move.x, move.y)
    promised = {c for c in path if gain[c[1], c[0]]} | {
        (move.x + dx, move.y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if gain[move.y + dy, move.x + dx]}
    stay = state.copy()
    game.apply(stay, A.EndTurn())
    went = state.copy()
    game.apply(went, move)
    game.apply(went, A.EndTurn())
    me = game.side_index["government"]
    assert all(went.control[y, x] == me for x, y in promised)
    assert _city_held(game, went, "government") > _city_held(game, stay, "government")


def test_only_level_2_sweeps_the_main_zone_on_its_last_turn(game: Game) -> None:
    state = _government_last_turn(game)
    acts = {}
    for level in (1, 2):
        pol = AIPolicy("government", 4, level, profile="vigilant")
        obs = game.observe(state, "government")
        pol._observe(obs)
        pol._begin_turn(obs)
        assert pol.plan is not None
        lead = next(v for v in obs.own() if (v.x, v.y) == (29, 30))
        acts[level] = pol._attacker_unit(obs, pol.plan, lead)
    obs = game.observe(state, "government")
    lead = next(v for v in obs.own() if (v.x, v.y) == (29, 30))
    sweep = T.ground_grab(obs, lead, T.open_ground(obs, game.zone_masks["city"], exclude=lead.id))
    assert acts[2] == sweep is not None
    assert acts[1] != sweep


def test_on_the_last_turn_a_level_2_fighter_on_the_surface_sweeps_the_city_ground_it_can_win(game: Game) -> None:
    state = _alone_on_the_last_turn(game, "isis", 5)
    city = game.zone_masks["city"]
    fighter = next(u for u in state.units.values() if (u.x, u.y) == (29, 30) and u.on_surface)
    acts = {}
    for level in (1, 2):
        pol, _ = _ready(game, state, level)
        obs = game.observe(state, "isis")
        pol._begin_turn(obs)
        assert pol.plan is not None
        acts[level] = pol._hider_unit(obs, pol.plan, next(v for v in obs.own() if v.id == fighter.id))
    obs = game.observe(state, "isis")
    view = next(v for v in obs.own() if v.id == fighter.id)
    sweep = T.ground_grab(obs, view, T.open_ground(obs, city, exclude=fighter.id))
    assert acts[2] == sweep is not None
    assert acts[1] != sweep
