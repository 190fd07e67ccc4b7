"""Dates that hold: no narration tells of a day later than the turn on which it appears, and the
reinforcements come on the days the sources give (or carry a model-assumption label)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from report_games import historical

from game.scenario.datecheck import date_problems, mentioned_days, shown_too_early
from game.scenario.model import Narration
from game.scenario.validate import bundled_scenarios, load_scenario

SCENARIOS = [load_scenario(p) for p in bundled_scenarios()]
NOV = dt.date(2017, 11, 1)


def days(text: str, anchor: dt.date | None = None) -> list[int]:
    return [d.day for d in mentioned_days(text, 2017, anchor) if d.month == 11]


def test_the_days_a_text_mentions_are_read_in_every_usual_form():
    assert days("On 19 November Hezbollah's media announced") == [19]
    assert days("on 10 and 11 November, and by 11 November") == [10, 11, 11]
    assert days("raids on 15, 17 and 18 November") == [15, 17, 18]
    assert days("reached the border on 6-7 November 2017") == [6, 7]
    assert days("Syrian War Report \u2013 November 17, 2017") == [17]
    assert days("On 9 November it was declared; the next day fighting resumed") == [9, 10]
    assert days("the following day", anchor=dt.date(2017, 11, 8)) == [9]
    assert days("for the first time since 2012, in a 2004 census") == []


@pytest.mark.parametrize("sc", SCENARIOS, ids=lambda s: s.id)
def test_no_narration_can_appear_before_a_day_it_tells_of(sc):
    assert [str(p) for p in date_problems(sc)] == []


def test_a_narration_that_tells_of_a_later_day_is_caught():
    sc = SCENARIOS[0]
    early = dataclasses.replace(sc.narration["announced"], text="On 9 November the General Command spoke.")
    broken = dataclasses.replace(sc, narration={**sc.narration, "announced": early})
    (problem,) = date_problems(broken)
    assert problem.narration == "announced" and problem.told == dt.date(2017, 11, 9)
    dated = Narration("x", "x", "A text worded for the moment.", date="2017-11-12")
    shown_early = dataclasses.replace(sc, narration={**sc.narration, "intro": dated})
    assert [p.narration for p in date_problems(shown_early)] == ["intro"]


def test_in_the_historical_game_every_card_appears_on_or_after_every_day_it_mentions():
    events = historical().events
    assert sum(1 for e in events if e.kind == "narration") >= 10
    assert shown_too_early(events, 2017) == []


def test_the_sources_account_comes_day_by_day_in_the_historical_game():
    shown = {e.get("id"): dt.date.fromisoformat(e.date) for e in historical().events if e.kind == "narration"}
    sc = SCENARIOS[0]
    for nid in ("general_command", "sohr_almost_all", "civ_camp", "isis_holds", "hamdan_taken", "three_directions",
                "encircled", "control_announced", "civ_displaced"):
        assert nid in shown, nid
        assert shown[nid] == dt.date.fromisoformat(sc.narration[nid].date), nid


def test_reinforcements_come_on_their_sourced_dates_or_say_the_date_is_the_model_s():
    sc = SCENARIOS[0]
    by_id = {u.id: u for u in sc.units}
    for uid in ("radwan", "fatem2"):  # reported arriving around 16 November
        assert by_id[uid].arrives.date.startswith("2017-11-16"), uid
    for u in sc.units:
        if u.arrives is not None:
            assert u.assumption.startswith("Model assumption:"), u.id


def test_the_validator_points_at_a_narration_that_tells_of_a_later_day(tmp_path):
    from game.scenario.validate import check_file

    path = tmp_path / "early.yaml"
    path.write_text("extends: abu_kamal_2017.yaml\nid: early\ntitle: Told too early\nnarration:\n  announced:\n"
                    "    title: Victory announced\n    text: On 9 November the General Command declared it.\n")
    found = [str(d) for d in check_file(path) if "tells of" in str(d)]
    assert len(found) == 1 and "early.yaml:7:" in found[0], found
    assert "tells of 9 November 2017" in found[0] and "trigger 'declared' can show it on 6 November 2017" in found[0]
