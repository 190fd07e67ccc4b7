"""Material to hand out: the one-page handout, questions at each beat, the glossary with sources, the odds
in a sentence a class can read, and the decision window."""

from __future__ import annotations

import os
import re
import stat

import pytest
from report_games import historical, historical_report
from test_narration_report import page_text
from test_narrator import internal_ids, leaks

from game.report.builder import build_report, render_html
from game.report.handout import classroom, render_handout, write_handout
from game.report.odds_section import odds_section, past_beats
from game.report.window import WindowError, window_section
from game.scenario.validate import load_scenario
from game.sim.odds import parse_odds
from game.teach.material import check_material, load_material


def a_branch():
    """The historical game cut at turn 5 as a vigilant-government branch (the handout reads its branch point)."""
    hist = historical()
    b = hist.branch(hist.snapshots[5][0])
    b.meta.update({"policies": {"government": "vigilant", "isis": "historical", "sdf": "historical"},
                   "branch_of": {"at_action": hist.snapshots[5][0], "turn": 5}})
    return b


TERMS = ("SDF", "PMU / PMF", "SOHR", "Fatemiyoun", "Radwan unit", "IRGC", "Harakat al-Nujaba", "Hezbollah",
         "ISIS", "Republican Guard", "Tiger Forces")


def test_the_bundled_material_cites_only_sources_and_beats_of_its_scenario():
    sc = load_scenario("abu_kamal_2017")
    m = load_material(sc)
    assert check_material(m, sc) == []
    assert {g.term for g in m.glossary} >= set(TERMS)
    assert set(m.beat_questions) == {p.id for p in sc.phases}, "every beat has questions for discussion"
    assert len(m.open_questions) == 3


def test_a_what_if_scenario_shares_its_bases_material():
    assert load_material(load_scenario("abu_kamal_garrison_alert")).glossary


def test_a_glossary_entry_citing_a_source_the_scenario_lacks_is_a_problem_to_fix():
    sc = load_scenario("abu_kamal_2017")
    m = load_material(sc)
    bad = type(m)(glossary=(type(m.glossary[0])("X", "Text [S9999].", ("S9999",)),))
    assert any("S9999" in p for p in check_material(bad, sc))


def test_the_handout_has_a_map_with_key_the_beats_with_dates_the_decision_and_three_questions():
    b = a_branch()
    c = classroom(b)
    page = render_handout(c)
    text = page_text(page)
    assert c.map is not None and c.legend is not None and page.count("data:image/png;base64,") == 2
    sc = b.scenario
    for p in sc.phases:
        assert p.name in text
    assert "Vigilant (what-if)" in text and "from turn 5" in text
    assert text.count("?") >= 3
    for q in load_material(sc).open_questions:
        assert " ".join(q.split())[:40] in " ".join(text.split())
    assert not re.search(r"\b\d{1,2}-\d{2}\b", text), "no date a European reads as day-month"


def test_the_handout_and_the_class_section_name_no_internal_id():
    text = page_text(render_handout(classroom(a_branch(), with_map=False)))
    found = leaks(text, internal_ids(historical()))
    assert not found, found
    _, page = historical_report()
    i = page.index('id="classroom"')
    section = page_text(page[i:page.index("</section>", i)])
    assert "Glossary" in section and "Questions for discussion at each beat" in section
    found = leaks(section, internal_ids(historical()))
    assert not found, found


def test_every_glossary_source_is_in_the_reports_source_list_and_says_it_is_cited_there():
    report = build_report(historical(), maps="none")
    listed = {s.key: s for s in report.sources}
    for g in report.classroom.glossary:
        for key in g.sources:
            assert key in listed and listed[key].listed
            assert f"Glossary: {g.term}" in listed[key].cited_by


def test_the_handout_file_is_readable_by_others_like_any_document(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_handout(historical(), tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


SUMMARY = {"side": "government", "from_action": 0, "policies": {
    "historical": {"runs": 20, "outcomes": {"isis": 18, "government": 2},
                   "beats": {"advance": 20, "premature_victory": 20, "ambush": 18}},
    "vigilant": {"runs": 20, "outcomes": {"government": 19, "isis": 1},
                 "beats": {"advance": 20, "premature_victory": 3, "ambush": 1}}}}


def test_the_odds_are_told_in_a_sentence_before_the_chart_with_the_decisions_named_for_a_class():
    s = odds_section(historical(), parse_odds(SUMMARY))
    assert s.sentence.startswith("Played again and again from turn 1")
    assert "with “As decided in November 2017”, ISIS won 18 of the 20 games, Government and allies 2;" in s.sentence
    assert "comes from the decisions" in s.sentence
    report = build_report(historical(), maps="none", odds=parse_odds(SUMMARY))
    page = render_html(report)
    i = page.index('id="odds"')
    assert page.index(s.sentence.split(":")[0], i) < page.index("<img", i)


def test_beats_already_past_where_the_games_start_are_shown_as_past_not_as_results():
    hist = historical()
    at = hist.snapshots[5][0]
    doc = dict(SUMMARY, from_action=at)
    past = past_beats(hist, at)
    assert "advance" in past and "ambush" not in past
    s = odds_section(hist, parse_odds(doc))
    assert "The advance" in s.past and "The ambush" not in s.past
    page = render_html(build_report(hist, maps="none", odds=parse_odds(doc)))
    assert "Already past when these games began" in page and "already past</td>" in page


def test_a_cancelled_run_is_labelled_as_a_partial_result():
    page = render_html(build_report(historical(), maps="none", odds=parse_odds(SUMMARY), odds_partial=True))
    assert "partial result" in page
    page = render_html(build_report(historical(), maps="none", odds=parse_odds(SUMMARY)))
    assert "partial result" not in page


WINDOW = {"scenario": "abu_kamal_2017", "side": "government", "from": "historical", "to": "vigilant", "runs": 10,
          "seed": 1, "level": 0, "beat": "retreat", "strike_phase": "ambush",
          "window": [{"turn": 1, "date": "2017-11-06 06:00", "historical": {"retreat": 0.9}, "vigilant": {"retreat": 0.1}},
                     {"turn": 6, "date": "2017-11-08 18:00", "historical": {"retreat": 0.9},
                      "vigilant": {"retreat": 0.8}}],
          "conclusion": "Switching to vigilant decisions by the morning of 6 November avoided the retreat in 8 runs of 10."}


def test_the_decision_window_has_its_question_its_conclusion_first_and_a_chart():
    sc = load_scenario("abu_kamal_2017")
    w = window_section(WINDOW, sc)
    assert w.question.startswith("How late could a different decision still have changed the outcome?")
    assert w.beat == "Retreat to the outskirts" and [p.when for p in w.points][0] == "6 Nov 2017, 06:00"
    page = render_html(build_report(historical(), maps="none", windows=[WINDOW]))
    i = page.index('id="window"')
    assert page.index(WINDOW["conclusion"], i) < page.index("<img", i)


def test_a_window_document_of_another_shape_is_refused_in_one_sentence():
    with pytest.raises(WindowError, match="decisions --json"):
        window_section({"side": "government"}, load_scenario("abu_kamal_2017"))


def test_a_simulate_study_is_named_in_words_not_ids():
    doc = {"policy": "", "policies": {"government": "vigilant", "isis": "historical"}, "runs": 4,
           "outcomes": {"government": 3, "isis": 1}}
    s = odds_section(historical(), parse_odds(doc))
    assert "government=" not in s.sentence
    assert "Government and allies: Vigilant (what-if); ISIS: As ISIS fought in November 2017" in s.sentence
