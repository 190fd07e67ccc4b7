"""Casualties in people: the scenario says how many people a lost strength step stands for."""

from __future__ import annotations

from game.engine.game import Game
from game.engine.tally import casualties_people
from game.scenario.validate import load_scenario
from game.sim.runner import run_many


def test_the_historical_scenario_says_how_many_people_a_step_stands_for_as_a_model_assumption() -> None:
    cas = load_scenario("abu_kamal_2017").casualties
    assert cas is not None and cas.basis.startswith("Model assumption:")
    assert cas.people("suicide", 2) < cas.people("fighters", 2)  # suicide attackers: one person a step


def test_the_end_of_a_game_counts_each_sides_dead_from_the_steps_its_units_lost() -> None:
    game = Game(load_scenario("abu_kamal_2017"))
    state, _ = game.start(3)
    hzb1, sva1 = state.units["hzb1"], state.units["sva1"]
    hzb1.strength -= 2
    sva1.strength = 0
    sva1.status = "spent"
    people = casualties_people(game, state)
    cas = game.scenario.casualties
    assert people["government"] == round(cas.people("elite", 2))
    assert people["isis"] == round(cas.people("suicide", 2))
    assert people["sdf"] == 0  # units still waiting to arrive have lost nothing


def test_game_over_and_the_study_summary_carry_people_killed_per_side() -> None:
    summary = run_many("abu_kamal_2017", {}, runs=2, seed=4, jobs=0)
    doc = summary.to_dict()
    for r in summary.results:
        assert set(r.casualties_people) == {"government", "isis", "sdf"}
    gov = doc["casualties_people"]["government"]
    assert gov["min"] <= gov["mean"] <= gov["max"] and gov["max"] > 0
