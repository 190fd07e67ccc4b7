"""The lines of a lesson in the educator window: named branches from any step with the computer on
every side, switching lines without losing one's place, comparison numbers, and the lesson file."""

from __future__ import annotations

import functools

import pytest
from report_games import historical

from game.engine.tally import casualties_people
from game.lesson import HISTORY, LessonError
from game.teach.compare import line_facts, step_at_turn
from game.teach.lines import Lines, policy_name, profiles_for
from game.teach.timeline import Timeline

TURN = 5
ALL_COMPUTER = {"government": "vigilant0", "isis": "historical0", "sdf": "historical0"}


@functools.cache
def lines_with_a_branch() -> tuple[Lines, int]:
    lines = Lines.of_timeline(Timeline(historical()))
    at = lines.history.timeline.turn_start(TURN)
    lines.branch(at, ALL_COMPUTER)
    return lines, at


def test_a_branch_with_the_computer_on_every_side_is_played_to_its_end_and_shown_from_its_branch_point():
    lines, at = lines_with_a_branch()
    line = lines.line
    assert not line.is_history and line.session.state.over
    assert line.pos == at and line.controllers == ALL_COMPUTER
    assert line.session.actions[:at] == lines.history.session.actions[:at]
    assert line.name == "Turn 5: Government and allies Vigilant (what-if)"
    assert not line.waiting_for_a_person


def test_switching_lines_returns_to_the_step_each_was_left_at():
    lines, at = lines_with_a_branch()
    branch = lines.current
    lines.switch(branch, pos=at + 40)
    lines.switch(HISTORY, pos=None)
    assert lines.line.pos == at  # where the teacher branched
    lines.switch(branch, pos=12)
    assert lines.line.pos == at + 40 and lines.history.pos == 12
    with pytest.raises(LessonError, match="no line called"):
        lines.switch("nothing")


def test_several_branches_from_one_step_get_names_of_their_own():
    lines = Lines.of_timeline(Timeline(historical()))
    at = lines.history.timeline.turn_start(TURN)
    assert lines.default_name(at, dict(ALL_COMPUTER)) == "Turn 5: Government and allies Vigilant (what-if)"
    lines.lines["Turn 5: Government and allies Vigilant (what-if)"] = lines.history  # taken
    assert lines.default_name(at, dict(ALL_COMPUTER)).endswith("(2)")
    assert lines.default_name(at, {"government": "historical1"}) == "Turn 5: the same decisions, other dice"


def test_a_branch_starts_from_the_historical_line():
    lines, at = lines_with_a_branch()
    name = lines.current
    try:
        with pytest.raises(LessonError, match="historical line"):
            lines.branch(at + 5, ALL_COMPUTER)
    finally:
        lines.switch(name)


def test_players_are_a_profile_at_a_tactics_level_from_the_scenario():
    assert policy_name("vigilant", 1) == "vigilant1" and policy_name("historical", None) == "historical"
    ids = [p for p, _ in profiles_for(historical(), "government")]
    assert ids == ["historical", "vigilant"]


def test_the_comparison_numbers_are_the_engines_own():
    lines, at = lines_with_a_branch()
    b = lines.line
    facts = line_facts(b, "What-if")
    hist = line_facts(lines.history, "History")
    assert facts.turns and len(facts.shares["government"]) == len(facts.turns)
    assert facts.killed == {b.session.scenario.sides[s].name: n
                            for s, n in casualties_people(b.session.game, b.session.state).items()}
    assert [x.name for x in hist.beats][:2] == [x.name for x in facts.beats][:2]  # shared before the branch
    assert all("-" not in x.when for x in facts.beats), "dates as '9 Nov, 18:00'"
    assert step_at_turn(b, TURN) == at and step_at_turn(b, 999) == b.timeline.end


def test_the_lesson_file_keeps_branches_odds_partial_results_and_windows(tmp_path):
    lines = Lines.of_timeline(Timeline(historical()), tmp_path / "class.json")
    at = lines.history.timeline.turn_start(TURN)
    lines.branch(at, ALL_COMPUTER)
    lines.switch(HISTORY)
    odds = {"side": "government", "from_action": at, "policies": {
        "historical": {"runs": 3, "outcomes": {"isis": 3}, "beats": {}},
        "vigilant": {"runs": 2, "outcomes": {"government": 2}, "beats": {}}}}
    lines.keep_odds(at, odds, partial=True)
    lines.keep_window(at, {"side": "government", "from": "historical", "to": "vigilant", "runs": 2, "window": []})
    again = Lines.open(tmp_path / "class.json")
    assert again.names == lines.names
    kept = again.lesson.odds[0]
    assert kept.partial and kept.result == odds and "(partial)" in kept.name
    lines.switch(lines.names[1])
    lines.keep_odds(at + 10, odds, partial=True)  # from a what-if with a long name: the name still fits the file
    assert len(Lines.open(tmp_path / "class.json").lesson.odds) == 2
    assert again.lesson.windows[0].result["to"] == "vigilant"
    assert again.lines[lines.names[1]].session.state.hash() == lines.lines[lines.names[1]].session.state.hash()


def test_a_beat_card_in_a_what_if_tells_the_sources_account_only_up_to_the_next_day():
    import datetime as dt

    from game.teach.cards import beat_card

    lines, at = lines_with_a_branch()
    tl = lines.lines[lines.names[1]].timeline
    later = [b for b in tl.beats if b.position > at] or tl.beats[-1:]
    for beat in later:
        limit = (dt.date.fromisoformat(beat.date) + dt.timedelta(days=1)).isoformat()
        too_late = {e.get("title") for e in tl.session.events if e.kind == "narration" and e.date > limit}
        what = " ".join(beat_card(tl, beat).what)
        assert not any(f": {t}." in what for t in too_late if t), beat.name
