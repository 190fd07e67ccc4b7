"""The Monte Carlo summary format and the luck-versus-decision section."""

from __future__ import annotations

import dataclasses
import json

import pytest
from report_games import historical, historical_report

from game.report.builder import odds_section, render_html
from game.report.charts import odds_figure
from game.sim.odds import OddsError, parse_odds, read_odds, wilson

SUMMARY = {"policies": {
    "historical": {"runs": 200, "outcomes": {"isis": 120, "government": 70, "draw": 10},
                   "beats": {"premature_victory": 190, "ambush": 150, "retreat": 140, "counterattack": 120},
                   "casualties": {"saa": {"mean": 21.5}, "isis": 48.0}, "crossing": {"government": 180, "none": 20},
                   "dates": {"ambush": {"2017-11-09": 120}}},
    "vigilant": {"runs": 200, "outcomes": {"government": 170, "isis": 30},
                 "beats": {"premature_victory": 40, "ambush": 30, "retreat": 12, "counterattack": 10}}}}


def test_the_summary_is_read_with_counts_checked_and_draws_named_alike():
    odds = parse_odds(SUMMARY)
    hist, vig = odds.policies
    assert (hist.name, hist.runs, vig.name) == ("historical", 200, "vigilant")
    assert hist.outcomes == {"isis": 120, "government": 70, "none": 10}
    assert hist.casualties == {"saa": 21.5, "isis": 48.0} and hist.crossing == {"government": 180, "none": 20}
    assert odds.beat_keys(["premature_victory", "ambush", "retreat", "counterattack"])[0] == "premature_victory"


def test_a_single_policy_summary_as_simulate_prints_it_is_accepted():
    odds = parse_odds({"policy": "historical", "runs": 10, "outcomes": {"isis": 6, "null": 4}, "beats": {}})
    assert odds.policies[0].name == "historical" and odds.policies[0].outcomes == {"isis": 6, "none": 4}


@pytest.mark.parametrize("doc, words", [
    ([], "JSON object"),
    ({}, "no 'policies'"),
    ({"policies": {}}, "'policies' must map"),
    ({"policies": {"p": {"runs": -1}}}, "positive whole number"),
    ({"policies": {"p": {"runs": 5, "outcomes": {"isis": 6}}}}, "between 0 and 5"),
    ({"policies": {"p": {"runs": 5, "outcomes": {"isis": 3, "government": 3}}}}, "more than 5 runs"),
    ({"policies": {"p": {"runs": 5, "beats": {"ambush": "many"}}}}, "'ambush' must be a count"),
])
def test_bad_summaries_are_refused_with_a_plain_sentence(doc, words):
    with pytest.raises(OddsError, match=words):
        parse_odds(doc)


def test_reading_a_file(tmp_path):
    p = tmp_path / "odds.json"
    p.write_text(json.dumps(SUMMARY))
    assert len(read_odds(p).policies) == 2
    with pytest.raises(OddsError, match="no such file"):
        read_odds(tmp_path / "missing.json")


def test_wilson_intervals_hold_the_share_and_narrow_with_more_runs():
    for k, n in [(0, 10), (5, 10), (10, 10), (120, 200)]:
        lo, hi = wilson(k, n)
        assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert (wilson(50, 100)[1] - wilson(50, 100)[0]) > (wilson(500, 1000)[1] - wilson(500, 1000)[0])


def test_the_report_shows_the_chart_and_the_tables_when_odds_are_given():
    base, plain = historical_report()
    report = dataclasses.replace(base, odds=odds_section(historical(), parse_odds(SUMMARY)))
    html = render_html(report)
    assert 'id="odds"' not in plain
    assert 'id="odds"' in html and report.odds is not None
    assert report.odds.chart.src in html
    assert "Luck and decision" in html and "Victory announced" in html.split('id="odds"', 1)[1]
    assert "Who held the border crossing" in html and "21.5" in html


def test_a_long_beat_name_wraps_and_stays_clear_of_the_winners_chart():
    """Seen in the educator's odds dialog: "Victory announced (already past)" ran into the bars of
    the winners' chart beside it."""
    beats = {"premature_victory": "Victory announced", "ambush": "The ambush",
             "retreat": "Retreat to the outskirts", "counterattack": "The renewed assault"}
    outcomes = {"government": "Government and allies", "isis": "ISIS", "none": "nobody"}
    fig = odds_figure(parse_odds(SUMMARY), outcomes, beats, past=["premature_victory"])
    renderer = fig.canvas.get_renderer()
    winners_edge = fig.axes[0].get_window_extent(renderer).x1
    labels = fig.axes[1].get_yticklabels()
    assert "Victory announced (already past)" in [t.get_text().replace("\n", " ") for t in labels]
    assert all(t.get_window_extent(renderer).x0 > winners_edge for t in labels)
