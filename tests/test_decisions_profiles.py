"""Decision profiles are scenario data: every decision has a condition and a source or a labelled assumption."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.scenario.errors import ScenarioError
from game.scenario.validate import load_scenario

WHATIF_HEAD = "extends: abu_kamal_2017\nid: bad_decisions\ntitle: bad\n"


def _load(tmp_path: Path, body: str):
    p = tmp_path / "bad_decisions.yaml"
    p.write_text(WHATIF_HEAD + body, encoding="utf-8")
    return load_scenario(p)


def test_the_historical_scenario_gives_each_side_a_historical_profile_and_the_government_a_vigilant_one() -> None:
    sc = load_scenario("abu_kamal_2017")
    assert set(sc.decisions["government"]) >= {"historical", "vigilant"}
    assert "historical" in sc.decisions["isis"] and "historical" in sc.decisions["sdf"]
    hist = {d.do: d for d in sc.decisions["government"]["historical"].decisions}
    assert {"declare", "stand_down", "redeploy"} <= set(hist)
    assert hist["redeploy"].source.startswith("Model assumption:")
    vig = {d.do for d in sc.decisions["government"]["vigilant"].decisions}
    assert {"keep_alert", "search", "declare"} <= vig


def test_every_decision_cites_a_source_or_says_it_is_a_model_assumption() -> None:
    sc = load_scenario("abu_kamal_2017")
    for profiles in sc.decisions.values():
        for prof in profiles.values():
            for d in prof.decisions:
                assert re.search(r"\[S\d+\]", d.source) or d.source.startswith("Model assumption:"), d.id


def test_no_decision_condition_names_a_turn_or_a_date() -> None:
    sc = load_scenario("abu_kamal_2017")
    for profiles in sc.decisions.values():
        for prof in profiles.values():
            for d in prof.decisions:
                keys = set(d.when) | set(d.until)
                assert not {k for k in keys if "turn" in k or "date" in k}, d.id


def test_a_decision_without_source_or_label_is_refused_with_its_place(tmp_path: Path) -> None:
    body = ("decisions:\n  government:\n    historical:\n      name: x\n      decisions:\n"
            "        - {id: declare, do: declare, source: because we say so}\n")
    with pytest.raises(ScenarioError) as e:
        _load(tmp_path, body)
    assert "bad_decisions.yaml" in str(e.value) and "Model assumption:" in str(e.value)


def test_a_decision_naming_an_unknown_zone_or_unit_is_refused(tmp_path: Path) -> None:
    body = ("decisions:\n  isis:\n    cautious:\n      name: x\n      decisions:\n"
            "        - {id: hold, do: hold, zone: cty, source: 'Model assumption: test'}\n"
            "        - {id: strike, do: strike, when: {arrived: [nobody]}, source: 'Model assumption: test'}\n")
    with pytest.raises(ScenarioError) as e:
        _load(tmp_path, body)
    text = str(e.value)
    assert "unknown zone 'cty'" in text and "did you mean 'city'" in text and "unknown unit 'nobody'" in text


def test_a_condition_on_a_turn_number_is_not_part_of_the_format(tmp_path: Path) -> None:
    body = ("decisions:\n  isis:\n    clockwork:\n      name: x\n      decisions:\n"
            "        - {id: strike, do: strike, when: {turn_at_least: 9}, source: 'Model assumption: test'}\n")
    with pytest.raises(ScenarioError) as e:
        _load(tmp_path, body)
    assert "turn_at_least" in str(e.value)


def test_a_designer_may_add_a_profile_in_a_what_if(tmp_path: Path) -> None:
    body = ("decisions:\n  government:\n    cautious:\n      name: Cautious\n      decisions:\n"
            "        - {id: alert, do: keep_alert, zone: city, source: 'Model assumption: test'}\n")
    sc = _load(tmp_path, body)
    assert set(sc.decisions["government"]) >= {"historical", "vigilant", "cautious"}


def test_a_decision_lasts_until_the_unit_it_awaits_is_seen_on_the_map_and_stays_lapsed() -> None:
    """The commander remembers the units an 'arrived' condition names once its side has seen them
    (and no others: nothing else asks)."""
    from tiny import tiny

    from game.ai.decide import Commander
    from game.engine import actions as A
    from game.scenario.model import Decision, DecisionProfile

    game, state = tiny("......", ["b1 inf blue 1,0", "b2 inf blue arrives:2@left", "r inf red 5,0"])
    hold = Decision("regroup", "hold", "Model assumption: test", zone="all", until={"arrived": ["b2"]})
    c = Commander("blue", DecisionProfile("p", "blue", "x", (hold,)))
    c.update(game.observe(state, "blue"))
    assert c.active("hold") == [hold] and c.arrived == set()
    while "b2" not in game.observe(state, "blue").units:
        game.apply(state, A.EndTurn())
    c.update(game.observe(state, "blue"))
    assert c.active("hold") == [] and c.arrived == {"b2"} and c.lapsed == {"regroup"}
    del state.units["b2"]
    c.update(game.observe(state, "blue"))
    assert c.active("hold") == [] and c.lapsed == {"regroup"}
