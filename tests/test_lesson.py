"""Lesson files: prepared without a window, opened to the same lines, refused in one line when damaged."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from game.cli.main import cli
from game.jsondoc import checksum
from game.lesson import HISTORY, HUMAN, Lesson, LessonError, load_lesson, read_lesson
from game.sim.odds import parse_odds

BRANCH_TURN, ODDS_TURN = 20, 26
QUESTION = "What did the garrison know at this point?"
NOTE = "The government has declared victory; watch the garrison."


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, Any]:
    """One lesson as a teacher prepares it at home: a branch with every side on the computer, odds, a note, a question."""
    path = tmp_path_factory.mktemp("lesson") / "alert.lesson.json"
    result = _run("lesson", "new", "--branch", f"{BRANCH_TURN}:government=vigilant,isis=historical,sdf=historical",
                  "--odds", str(ODDS_TURN), "--runs", "1", "--note", f"{BRANCH_TURN}:{NOTE}",
                  "--ask", f"{BRANCH_TURN}:{QUESTION}", "--title", "The garrison stays alert", "--out", str(path))
    assert result.exit_code == 0, result.output
    return path, result


@pytest.fixture(scope="module")
def lesson(prepared) -> Lesson:
    return load_lesson(prepared[0])


def test_lesson_new_says_what_it_played_and_wrote(prepared):
    out = prepared[1].stdout
    assert out.startswith("History: ")
    assert f"Branch 'Turn {BRANCH_TURN}: Government and allies Vigilant (what-if)'" in out  # named in words
    assert f"Odds from turn {ODDS_TURN}: Government and allies as historical vs vigilant" in out
    assert out.rstrip().endswith(f"Wrote {prepared[0]}")


def test_the_historical_line_is_the_game_demo_plays(lesson, tmp_path):
    save = tmp_path / "demo.json"
    assert _run("demo", "--headless", "--save", str(save)).exit_code == 0
    assert json.loads(save.read_text())["actions"] == lesson.history.actions
    assert lesson.policies == {s: "historical" for s in lesson.game.sides}


def test_a_branch_with_every_side_on_the_computer_is_played_to_the_end(lesson):
    (b,) = lesson.branches
    assert HUMAN not in b.controllers.values()
    assert b.controllers == {"government": "vigilant", "isis": "historical", "sdf": "historical"}
    assert b.at == lesson.turn_start(BRANCH_TURN) and b.turn == BRANCH_TURN
    assert b.session.actions[:b.at] == lesson.history.actions[:b.at]
    assert b.session.state.over
    assert len(b.session.marks) == len(b.session.actions)


def test_the_branch_shares_the_historys_events_up_to_its_branch_point(lesson):
    (b,) = lesson.branches
    shared = lesson.history.marks[b.at - 1]
    assert [e.to_json() for e in b.session.events[:shared]] == [e.to_json() for e in lesson.history.events[:shared]]


def test_notes_and_questions_are_attached_to_the_start_of_their_turn(lesson):
    at = lesson.turn_start(BRANCH_TURN)
    got = {(n.line, n.at, n.text, n.ask) for n in lesson.notes}
    assert got == {(HISTORY, at, NOTE, False), (HISTORY, at, QUESTION, True)}


def test_the_odds_run_is_kept_in_the_reports_odds_format(lesson):
    (r,) = lesson.odds
    assert (r.line, r.at, r.partial) == (HISTORY, lesson.turn_start(ODDS_TURN), False)
    odds = parse_odds(r.result)
    assert [p.name for p in odds.policies] == ["historical", "vigilant"]
    assert all(p.runs == 1 for p in odds.policies)


def test_a_lesson_saved_again_reads_back_the_same(lesson, tmp_path):
    again = load_lesson(lesson.save(tmp_path / "again.json"))
    first, second = lesson.to_document(), again.to_document()
    first.pop("saved"), second.pop("saved")
    assert first == second
    assert again.branches[0].session.state.hash() == lesson.branches[0].session.state.hash()


def _own_copy(lesson: Lesson) -> Lesson:
    """The module's lesson with lists of its own, so a test adding to it leaves the others' lesson alone."""
    return dataclasses.replace(lesson, branches=list(lesson.branches), odds=list(lesson.odds),
                               windows=list(lesson.windows), notes=list(lesson.notes))


def test_a_branch_with_a_human_side_waits_for_the_class_and_survives_a_round_trip(lesson, tmp_path):
    mine = _own_copy(lesson)
    at = lesson.turn_start(BRANCH_TURN)
    b = mine.branch("the class plays the government", at, {"government": HUMAN})
    assert not b.session.state.over
    assert b.session.game.current_side(b.session.state) == "government"
    mine.note(b.name, at, "Your turn: what do you order?", ask=True)
    back = load_lesson(mine.save(tmp_path / "human.json"))
    assert back.branches[1].controllers["government"] == HUMAN
    assert back.branches[1].session.actions == b.session.actions


def test_a_branch_point_or_a_player_the_lesson_cannot_use_is_refused(lesson):
    with pytest.raises(LessonError, match="between 0 and"):
        lesson.branch("too late", len(lesson.history.actions) + 1, {})
    with pytest.raises(LessonError, match="not a known player"):
        lesson.branch("bad", 0, {"isis": "clairvoyant"})
    with pytest.raises(LessonError, match="already has a line"):
        lesson.branch(lesson.branches[0].name, 0, {})
    with pytest.raises(LessonError, match="no line called"):
        lesson.note("nowhere", 0, "text")
    with pytest.raises(LessonError, match="runs"):
        lesson.add_odds("broken", HISTORY, 0, {"policies": {"historical": {"runs": 0}}})


# --- bad files -----------------------------------------------------------------------------------
def _stamped(doc: dict[str, Any], change) -> str:
    doc = copy.deepcopy(doc)
    change(doc)
    doc["checksum"] = checksum(doc)
    return json.dumps(doc)


def _bad_files(path: Path, save: Path) -> dict[str, tuple[str | bytes, str]]:
    text = path.read_text()
    doc = json.loads(text)
    return {
        "truncated": (text[: len(text) // 2], "truncated"),
        "altered": (text.replace('"vigilant"', '"historical"', 1), "altered"),
        "foreign JSON": (json.dumps({"policies": {}}), "not an Abu Kamal lesson file"),
        "a saved game": (save.read_text(), "not an Abu Kamal lesson file"),
        "another version": (_stamped(doc, lambda d: d.update(version=2)), "version 2"),
        "another scenario version": (_stamped(doc, lambda d: d["scenario"].update(digest="0" * 64)),
                                     "different version of the scenario"),
        "branch after the end": (_stamped(doc, lambda d: d["branches"][0].update(at=10**6)), "at most"),
        "branch beyond its history": (_stamped(doc, lambda d: d["branches"][0].update(
            at=len(d["history"]["actions"]) + 1)), "has only"),
        "unknown player": (_stamped(doc, lambda d: d["branches"][0]["controllers"].update(isis="clairvoyant")),
                           "not a known player"),
        "branch moves changed": (_stamped(doc, lambda d: d["branches"][0].update(actions=["end"])), "hash mismatch"),
        "odds of another shape": (_stamped(doc, lambda d: d["odds"][0].update(result={"runs": "many"})), "runs"),
        "note on a missing line": (_stamped(doc, lambda d: d["notes"][0].update(line="nowhere")), "no line called"),
        "note as a number": (_stamped(doc, lambda d: d["notes"][0].update(text=5)), "must be text"),
        "huge number": (text.replace(f'"seed": {doc["seed"]}', '"seed": ' + "7" * 5001), "characters long"),
        "deep nesting": ("[" * 100_000 + "]" * 100_000, "nest more than"),
        "binary": (bytes(range(256)), "not UTF-8 text"),
    }


@pytest.fixture(scope="module")
def a_save(tmp_path_factory) -> Path:
    from game.session import Session

    return Session.new("abu_kamal_2017", 1).save(tmp_path_factory.mktemp("save") / "game.json")


@pytest.mark.parametrize("case", ["truncated", "altered", "foreign JSON", "a saved game", "another version",
                                  "another scenario version", "branch after the end", "branch beyond its history",
                                  "unknown player", "branch moves changed", "odds of another shape",
                                  "note on a missing line", "note as a number", "huge number", "deep nesting",
                                  "binary"])
def test_a_damaged_or_foreign_lesson_file_is_refused_in_one_line(case, prepared, a_save, tmp_path):
    content, words = _bad_files(prepared[0], a_save)[case]
    bad = tmp_path / "bad.lesson.json"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(LessonError, match=words) as got:
        load_lesson(bad)
    assert len(str(got.value).splitlines()) == 1
    commands = [["lesson", "show", str(bad)]]
    if case != "a saved game":  # report takes saves as well as lessons
        commands.append(["report", str(bad), "--out", str(tmp_path / "out")])
    for args in commands:
        result = _run(*args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
        assert "bad.lesson.json" in result.stderr


def test_read_lesson_checks_a_file_without_replaying_it(prepared):
    assert read_lesson(prepared[0])["format"] == "abu-kamal-lesson"


def test_lesson_show_lists_the_lines_the_odds_and_the_questions(prepared):
    result = _run("lesson", "show", str(prepared[0]))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("The garrison stays alert (scenario abu_kamal_2017, seed 1)")
    assert f"(turn {BRANCH_TURN})" in out and "ask on history at action" in out and QUESTION in out


def test_report_on_a_lesson_writes_the_branch_against_the_history_and_the_lesson_page(prepared, tmp_path):
    result = _run("report", str(prepared[0]), "--out", str(tmp_path), "--maps", "none")
    assert result.exit_code == 0, result.output
    report = (tmp_path / "report.html").read_text()
    assert "Historical line" in report and "alert.lesson.json" in report
    page = (tmp_path / "lesson.html").read_text()
    assert QUESTION.replace("?", "") in page and "Pause and ask" in page and 'href="report.html"' in page
    assert (tmp_path / "lesson.html").stat().st_mode & 0o044 == 0o044, "readable by others like any document"


def test_a_lesson_report_draws_odds_where_one_player_won_every_run(prepared, tmp_path):
    odds = tmp_path / "odds.json"
    odds.write_text(json.dumps({"policies": {"historical": {"runs": 6, "outcomes": {"isis": 6}},
                                             "vigilant": {"runs": 21, "outcomes": {"government": 21}}}}))
    result = _run("report", str(prepared[0]), "--out", str(tmp_path / "out"), "--odds", str(odds), "--maps", "none")
    assert result.exit_code == 0, result.output
    assert "vigilant" in (tmp_path / "out" / "report.html").read_text()


def test_every_hostile_file_kind_of_the_saves_is_refused_as_a_lesson_in_one_line(tmp_path):
    from test_saves_hostile import KINDS, good_save

    good = good_save(tmp_path)
    for i, (name, make) in enumerate(KINDS.items()):
        path = make(tmp_path / f"bad{i}.json", *good)
        with pytest.raises(LessonError) as got:
            load_lesson(path)
        assert len(str(got.value).splitlines()) == 1, name


def test_a_cancelled_odds_run_keeps_its_partial_result_labelled_as_such(lesson, tmp_path):
    from game.report.lesson_page import lesson_page

    mine = _own_copy(lesson)
    result = {"policies": {"historical": {"runs": 3, "outcomes": {"isis": 2, "government": 1}}}}
    mine.add_odds("cancelled after three games", HISTORY, 0, result, partial=True)
    back = load_lesson(mine.save(tmp_path / "partial.json"))
    assert [(r.name, r.partial) for r in back.odds][-1] == ("cancelled after three games", True)
    page = lesson_page(back, "partial.json", {})
    assert "cancelled: partial result" in page
    assert "With historical (3 games): ISIS won 2, Government and allies won 1." in page
