"""A lesson is saved only if it can be opened again: whatever the reader would refuse (more notes,
branches or actions than a lesson file holds, a note too long, a number JSON does not allow) is
refused when saving, in one line that says why, and a lesson file already on disk stays as it was.
The limits are the reader's own, so the two cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli.main import cli
from game.lesson import HISTORY, MAX_BRANCHES, MAX_NOTES, Branch, Lesson, LessonError, load_lesson
from game.session import MAX_ACTIONS, Session


def _lesson() -> Lesson:
    """A lesson at the very start of the historical line (nothing played: quick to make and to replay)."""
    history = Session.new("abu_kamal_2017", 1, meta={"mode": "lesson"})
    policies = {s: "historical" for s in history.game.sides}
    history.meta["policies"] = policies
    return Lesson(history=history, policies=policies, title="Limits")


def _refused(lesson: Lesson, path: Path, why: str) -> str:
    with pytest.raises(LessonError) as err:
        lesson.save(path)
    message = str(err.value)
    assert len(message.splitlines()) == 1 and "not saved" in message and why in message, message
    return message


def test_a_lesson_within_the_limits_is_saved_and_opens_again(tmp_path: Path) -> None:
    lesson = _lesson()
    lesson.note(HISTORY, 0, "What did the garrison know?", ask=True)
    back = load_lesson(lesson.save(tmp_path / "fine.lesson.json"))
    assert [n.text for n in back.notes] == ["What did the garrison know?"]


def test_more_notes_than_a_lesson_file_holds_are_refused_when_saving_and_the_old_file_stays(tmp_path: Path) -> None:
    lesson = _lesson()
    path = lesson.save(tmp_path / "class.lesson.json")
    before = path.read_bytes()
    for i in range(MAX_NOTES + 1):
        lesson.note(HISTORY, 0, f"note {i}")
    _refused(lesson, path, f"at most {MAX_NOTES:,} are allowed")
    assert path.read_bytes() == before
    assert load_lesson(path).notes == []


def test_a_note_longer_than_the_reader_takes_is_refused_when_saving(tmp_path: Path) -> None:
    lesson = _lesson()
    lesson.note(HISTORY, 0, "x" * 5000)
    _refused(lesson, tmp_path / "long.lesson.json", "characters long")
    assert not (tmp_path / "long.lesson.json").exists()


def test_a_line_with_more_actions_than_a_lesson_file_holds_is_refused_when_saving(tmp_path: Path) -> None:
    lesson = _lesson()
    lesson.history.actions.extend(["end"] * (MAX_ACTIONS + 1))  # as long a line as no game plays
    _refused(lesson, tmp_path / "endless.lesson.json", f"at most {MAX_ACTIONS:,} are allowed")


def test_a_result_holding_a_number_json_does_not_allow_is_refused_when_saving(tmp_path: Path) -> None:
    lesson = _lesson()
    lesson.add_window("window", HISTORY, 0, {"share": float("nan")})
    _refused(lesson, tmp_path / "nan.lesson.json", "NaN")


def test_a_branch_beyond_the_last_one_a_lesson_file_holds_is_refused_before_it_is_played() -> None:
    lesson = _lesson()
    lesson.branches = [Branch(f"what-if {i}", 0, dict(lesson.policies), lesson.history) for i in range(MAX_BRANCHES)]
    with pytest.raises(LessonError, match=f"at most {MAX_BRANCHES} what-if branches"):
        lesson.branch("one more", 0, {})


def test_lesson_new_with_a_note_too_long_for_the_file_fails_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "long.lesson.json"
    result = CliRunner().invoke(cli, ["lesson", "new", "--note", "1:" + "x" * 5000, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert "not saved" in result.output and "at most 4000 characters" in result.output
    assert "Traceback" not in result.output and not out.exists()
