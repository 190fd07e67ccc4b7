"""The beats come out of the rules and the commanders' decisions, not out of a script."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from game.ai.planner import AIPolicy
from game.engine import actions as A
from game.engine import fog
from game.engine.game import Game
from game.engine.state import ALERT, STOOD_DOWN, WAITING
from game.scenario.validate import load_scenario
from game.sim.runner import run_many

AI = Path(__file__).resolve().parents[1] / "game" / "ai"


def _quiet_city(seed: int = 5):
    """The historical scenario at the start, with the city emptied but for one government militia at
    rest in the centre and one ISIS cell below the entrance next to it; ISIS to move, at night."""
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(seed)
    for u in state.units.values():
        if u.id not in ("fatem1", "cell_c"):
            u.status = WAITING
    gov, cell = state.units["fatem1"], state.units["cell_c"]
    gov.x, gov.y = 29, 31  # next to the city-centre entrance (29, 30)
    gov.posture = STOOD_DOWN
    state.side_index = game.sides.index("isis")
    state.turn = 8  # the night of 9 November
    cell.mp = 60
    return game, state, gov, cell


def test_a_stood_down_garrison_surprised_from_a_tunnel_breaks_and_falls_back_to_its_rally_zone() -> None:
    game, state, gov, cell = _quiet_city()
    game.apply(state, A.Emerge(cell.id))
    events = game.apply(state, A.Attack(cell.id, gov.id))
    combat = next(e for e in events if e.kind == "combat")
    assert combat.get("surprise") and combat.get("ambush")
    assert gov.broken, "a militia at rest (morale 60) loses 35 to the surprise alone and breaks below 30"
    rally = game.zone_masks["outskirts_south"]
    start_gap = abs(31 - 35)
    assert any(e.kind == "move" and e.get("retreat") for e in events)
    assert rally[gov.y, gov.x] or abs(gov.y - 35) < start_gap, "it falls back toward the southern outskirts"


def test_an_alert_garrison_attacked_from_a_tunnel_is_not_surprised_and_loses_only_the_morale_of_its_losses() -> None:
    game, state, gov, cell = _quiet_city()
    gov.posture = ALERT
    morale = gov.morale
    game.apply(state, A.Emerge(cell.id))
    events = game.apply(state, A.Attack(cell.id, gov.id))
    combat = next(e for e in events if e.kind == "combat")
    assert not combat.get("surprise")
    if gov.status == "active":
        assert gov.morale == morale - game.rules.morale_per_step * combat.get("defender_losses")


def test_the_historical_scenario_makes_surprise_cost_a_resting_garrison_more_than_the_default() -> None:
    sc = load_scenario("abu_kamal_2017")
    assert sc.rules.surprise_morale > 20


def _policy_after_declaration(profile: str, enemy_in_city: bool, scenario: str = "abu_kamal_2017"):
    game = Game(load_scenario(scenario))
    state, _ = game.start(3)
    state.declared["government"] = 7
    city = game.zone_masks["city"]
    state.control[city] = state.knowledge["government"].seen_control[city] = game.side_index["government"]
    for u in state.units.values():
        if u.side == "isis" and not u.underground and u.status == "active":
            u.status = WAITING
    if enemy_in_city:
        e = state.units["screen1"]
        e.status, e.x, e.y = "active", 27, 31
    hzb = state.units["hzb1"]
    hzb.x, hzb.y = 28, 32
    fog.refresh(game, state, "government", None)
    pol = AIPolicy("government", 3, 0, profile=profile)
    obs = game.observe(state, "government")
    pol._observe(obs)
    return pol, obs, obs.units["hzb1"]


def test_a_historical_commander_stands_the_garrison_down_once_victory_is_declared_and_no_enemy_is_seen() -> None:
    pol, obs, hzb = _policy_after_declaration("historical", enemy_in_city=False)
    assert pol.decisions.posture_for(obs, hzb) == STOOD_DOWN
    assert pol.decisions.leavers(obs), "a share of the garrison is picked to leave for other fronts"


def test_an_enemy_seen_in_the_city_ends_the_stand_down_and_the_tactics_take_over() -> None:
    pol, obs, hzb = _policy_after_declaration("historical", enemy_in_city=True)
    assert pol.decisions.posture_for(obs, hzb) is None


def test_a_vigilant_commander_keeps_the_garrison_alert_and_declares_only_once_the_city_is_searched() -> None:
    pol, obs, hzb = _policy_after_declaration("vigilant", enemy_in_city=False)
    assert pol.decisions.posture_for(obs, hzb) == ALERT
    assert pol.decisions.declare() is False  # not searched enough yet


def test_a_decision_lapses_for_good_once_its_until_condition_has_held() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(3)
    pol = AIPolicy("government", 3, 0, profile="historical")
    state.phase = "retreat"
    pol._observe(game.observe(state, "government"))
    assert pol.decisions.zones("hold") == ["outskirts_south"]
    regroup = next(d for d in game.scenario.decisions["government"]["historical"].decisions if d.do == "hold")
    radwan = state.units[regroup.until["arrived"][0]]
    radwan.status, radwan.x, radwan.y = "active", 40, 46
    state.cache.clear()
    pol._observe(game.observe(state, "government"))
    assert pol.decisions.zones("hold") == [] and "regroup" in pol.decisions.lapsed
    radwan.status = WAITING
    state.cache.clear()
    pol._observe(game.observe(state, "government"))
    assert pol.decisions.zones("hold") == [], "once the reinforcements have come, the regroup is over"


def test_no_policy_compares_a_turn_number_or_a_date_with_a_number() -> None:
    pattern = re.compile(r"(turn|date)\w*\)?\s*(<=|>=|<|>|==|!=)\s*\d|\d\s*(<=|>=|<|>|==|!=)\s*\w*(turn|date)")
    found = [f"{p.name}:{i}" for p in AI.glob("*.py") for i, line in enumerate(p.read_text().splitlines(), 1)
             if pattern.search(line)]
    assert not found


def test_historical_decisions_end_in_the_retreat_in_most_runs_and_vigilant_ones_in_few() -> None:
    hist = run_many("abu_kamal_2017", {}, runs=10, seed=7, jobs=0)
    vig = run_many("abu_kamal_2017", {"government": "vigilant"}, runs=10, seed=7, jobs=0)
    retreats = [sum(1 for r in s.ok if "retreat" in r.beats) for s in (hist, vig)]
    assert retreats[0] >= 5 and retreats[1] <= 1, retreats
    for r in hist.ok:
        if "retreat" in r.beats:
            assert r.beats["retreat"][0] > r.beats["ambush"][0], "the city is lost after fighting in it, not in the ambush's turn"


def test_the_garrison_stands_down_no_more_once_the_city_declared_taken_is_lost() -> None:
    pol, obs, hzb = _policy_after_declaration("historical", enemy_in_city=False)
    assert pol.decisions.posture_for(obs, hzb) == STOOD_DOWN
    game = obs.game
    city = game.zone_masks["city"]
    control = obs.control.copy()
    control[city] = game.side_index["isis"]
    lost = dataclasses.replace(obs, control=control)
    pol._observe(lost)
    assert "stand_down" in pol.decisions.lapsed
    control[city] = game.side_index["government"]
    pol._observe(dataclasses.replace(obs, control=control))
    assert pol.decisions.posture_for(obs, hzb) is None, "back in the city, the garrison is not ordered to rest"


def _thinned_government(city_side: str, level: int = 0):
    """The government at the start with only two combat units left, one of them at the border
    crossing, and the city held by ``city_side``; its tasks at ``level``."""
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(3)
    for u in state.units.values():
        if u.side == "government" and u.id not in ("kh46", "div4_42"):
            u.status = WAITING
    city = game.zone_masks["city"]
    state.control[city] = state.knowledge["government"].seen_control[city] = game.side_index[city_side]
    state.cache.clear()
    pol = AIPolicy("government", 3, level, profile="historical")
    obs = game.observe(state, "government")
    pol._observe(obs)
    pol._begin_turn(obs)
    assert pol.plan is not None
    return {u: name for u, (name, _) in pol.plan.tasks.items()}


def test_a_thinned_attacker_that_has_lost_its_main_zone_sends_its_last_units_for_it_not_for_lesser_objectives() -> None:
    assert _thinned_government("isis") == {"kh46": "city", "div4_42": "city"}


def test_an_attacker_holding_its_main_zone_keeps_a_holder_on_each_lesser_objective() -> None:
    tasks = _thinned_government("government")
    assert tasks["kh46"] == "hold:border_crossing" and tasks["div4_42"].endswith(":hamdan")


def test_at_level_2_a_held_objective_nobody_threatens_keeps_no_holder_and_one_with_an_enemy_in_it_does() -> None:
    # ground stays with whoever held it last until an enemy comes next to it: the border crossing,
    # held with no enemy near, needs nobody; Hamdan, with its ISIS garrison, still needs a taker
    tasks = _thinned_government("isis", level=2)
    assert tasks["kh46"] == "city"
    assert _thinned_government("isis", level=1)["kh46"] == "city", "a lost main zone takes every spare unit at any level"
    tasks = _thinned_government("government", level=2)
    assert "hold:border_crossing" not in tasks.values()
    assert sorted(tasks.values()) == ["city", "take:hamdan"]
    assert _thinned_government("government", level=1)["kh46"] == "hold:border_crossing"


def test_in_the_garrison_reacts_what_if_the_stand_down_lapses_for_good_once_the_ambush_has_begun() -> None:
    """The same commander, the same quiet city declared taken: at rest before the ambush, and no
    more rest ordered once it has begun, even when no enemy is in sight again."""
    pol, obs, hzb = _policy_after_declaration("historical", enemy_in_city=False, scenario="abu_kamal_garrison_reacts")
    assert pol.decisions.posture_for(obs, hzb) == STOOD_DOWN
    pol._observe(dataclasses.replace(obs, phase="ambush"))
    assert "stand_down" in pol.decisions.lapsed
    pol._observe(obs)
    assert pol.decisions.posture_for(obs, hzb) is None, "the tactics put a garrison in the city on alert"
    base, base_obs, _ = _policy_after_declaration("historical", enemy_in_city=False)
    base._observe(dataclasses.replace(base_obs, phase="ambush"))
    assert "stand_down" not in base.decisions.lapsed, "in the historical scenario the city must be lost first"
