"""``abu-kamal report``: writes the page, and meets bad input with one plain line, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from report_games import historical

from game.cli.main import cli


def run(*args: str):
    return CliRunner().invoke(cli, ["report", *args])


def refused(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in result.output and "Traceback" not in err
    assert err.startswith("abu-kamal report: ")
    for w in words:
        assert any(alt in err for alt in w.split("|")), err
    assert result.stdout == ""


@pytest.fixture(scope="module")
def save(tmp_path_factory):
    return historical().save(tmp_path_factory.mktemp("saves") / "game.json")


def test_writes_one_html_page_into_a_folder_it_creates(save, tmp_path):
    out = tmp_path / "usb" / "class 9b"
    result = run(str(save), "--out", str(out))
    assert result.exit_code == 0, result.output
    files = [p.name for p in out.iterdir()]
    assert files == ["report.html"]  # nothing else: no temporary file left behind
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "game.json" in html and "Maps, turn by turn" in html
    assert "wrote" in result.stdout


def damaged_copies(save, folder):
    text = save.read_text(encoding="utf-8")
    doc = json.loads(text)
    altered = dict(doc, seed=doc["seed"] + 1)
    foreign = {"format": "some-other-game", "version": 1}
    return {
        "truncated": (text[: len(text) // 2], ["truncated|damaged"]),
        "altered": (json.dumps(altered), ["altered"]),
        "foreign json": (json.dumps(foreign), ["not an Abu Kamal saved game"]),
        "garbage": ("\x00\x01binary", ["not a saved game"]),
        "empty": ("", ["truncated"]),
        "future version": (json.dumps(dict(doc, version=99)), ["version 99"]),
    }


@pytest.mark.parametrize("case", ["truncated", "altered", "foreign json", "garbage", "empty", "future version"])
def test_a_damaged_or_foreign_save_gets_one_plain_line(save, tmp_path, case):
    text, words = damaged_copies(save, tmp_path)[case]
    bad = tmp_path / "bad.json"
    bad.write_bytes(text.encode("utf-8") if case != "garbage" else b"\xff\xfe\x00binary")
    result = run(str(bad), "--out", str(tmp_path / "out"))
    refused(result, "bad.json", *words)
    assert not (tmp_path / "out" / "report.html").exists()


def test_a_missing_save_and_a_folder_given_as_save(tmp_path):
    refused(run(str(tmp_path / "nope.json"), "--out", str(tmp_path / "o")), "no such file")
    refused(run(str(tmp_path), "--out", str(tmp_path / "o")), "cannot read")


def test_out_must_be_a_folder(save, tmp_path):
    f = tmp_path / "a-file"
    f.write_text("x")
    refused(run(str(save), "--out", str(f)), "not a folder")


def test_a_bad_odds_file_and_a_bad_comparison_save_are_refused(save, tmp_path):
    odds = tmp_path / "odds.json"
    odds.write_text('{"policies": {"historical": {"runs": 0}}}')
    refused(run(str(save), "--out", str(tmp_path / "o"), "--odds", str(odds)), "runs")
    odds.write_text("{not json")
    refused(run(str(save), "--out", str(tmp_path / "o"), "--odds", str(odds)), "not a JSON")
    other = tmp_path / "other.json"
    other.write_text("[]")
    refused(run(str(save), "--out", str(tmp_path / "o"), "--compare", str(other)), "--compare", "other.json")


def test_an_unfinished_game_is_reported_as_such(tmp_path):
    from game.ai.base import play_side_turn
    from game.ai.registry import make_policy
    from game.session import Session

    s = Session.new("abu_kamal_2017", seed=2)
    players = {side: make_policy("historical", side, 2) for side in s.game.sides}
    while s.state.turn < 3:
        play_side_turn(s.game, s.state, players[s.game.current_side(s.state)], apply=s.play)
    save = s.save(tmp_path / "partial.json")
    result = run(str(save), "--out", str(tmp_path / "o"), "--maps", "beats")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert "it was not played to the end" in html and "had not happened by the point where this save stops" in html
    assert html.count('class="turnmap"') == 2  # the first turn and where the save stops
