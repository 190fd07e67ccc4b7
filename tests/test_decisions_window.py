"""The decision window: switching a side's decisions at each turn up to the ambush, and playing on."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from game.ai.decide import ProfileError, profile_of
from game.cli.main import cli
from game.scenario.validate import load_scenario


@pytest.mark.parametrize("args, words", [
    (["--side", "kurds"], "unknown side 'kurds'"),
    (["--to", "reckless"], "government has no decision profile 'reckless'"),
    (["--side", "sdf"], "sdf has no decision profile 'vigilant'"),
    (["--runs", "0"], "--runs must be at least 1"),
])
def test_bad_input_is_one_clear_line_and_a_non_zero_exit(args, words) -> None:
    res = CliRunner().invoke(cli, ["decisions", *args])
    assert res.exit_code != 0
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in res.output


def test_a_scenario_without_decisions_for_the_side_is_refused_plainly() -> None:
    sc = dataclasses.replace(load_scenario("abu_kamal_2017"), decisions={})
    with pytest.raises(ProfileError, match="has no decisions for government"):
        profile_of(sc, "government", "historical")


def test_the_window_runs_from_the_start_to_the_ambush_and_does_not_depend_on_the_job_count() -> None:
    args = ["decisions", "--runs", "1", "--seed", "3", "--json"]
    one = CliRunner().invoke(cli, [*args, "--jobs", "1"])
    two = CliRunner().invoke(cli, [*args, "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert a["window"] == b["window"] and a["conclusion"] == b["conclusion"]
    turns = [row["turn"] for row in a["window"]]
    assert turns[0] == 1 and turns == list(range(1, len(turns) + 1))
    assert turns[-1] == a["historical_line"]["ambush_turn"]
    row = a["window"][0]
    for name in ("historical", "vigilant"):
        assert {"retreat", "ambush", "winners", "casualties_people"} <= set(row[name])
    assert row["date"].startswith("2017-11-06") and a["conclusion"].endswith(".")


def test_the_conclusion_names_a_beat_once_whatever_article_its_name_carries() -> None:
    from game.engine.game import Game
    from game.sim.window import conclusion

    game = Game(load_scenario("abu_kamal_2017"))
    assert game.phase_names["ambush"] == "The ambush"
    doc = {"from": "historical", "to": "vigilant", "beat": "ambush", "runs": 20, "side": "government",
           "window": [{"turn": 1, "date": "2017-11-06 06:00", "historical": {"ambush": 1.0}, "vigilant": {"ambush": 0.1}}]}
    text = conclusion(doc, {}, game)
    assert "avoided the ambush in 18 runs of 20" in text and "the the" not in text.lower()
