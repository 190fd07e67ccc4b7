"""Seed + action log replays a game exactly; saves are checked, atomic and refused when wrong."""

import json
import os

import pytest

from game.ai.base import play_side_turn
from game.ai.registry import make_policy
from game.engine.state import State
from game.session import SaveError, Session, load, read_save


def _play(seed: int, turns: int = 5, scenario: str = "abu_kamal_2017") -> Session:
    s = Session.new(scenario, seed)
    players = {side: make_policy("historical", side, seed) for side in s.game.sides}
    while not s.state.over and s.state.turn <= turns:
        play_side_turn(s.game, s.state, players[s.game.current_side(s.state)], apply=s.play)
    return s


def _stream(s: Session) -> bytes:
    return "\n".join(json.dumps(e.to_json(), sort_keys=True) for e in s.events).encode()


def test_the_same_seed_gives_byte_identical_event_streams():
    assert _stream(_play(3)) == _stream(_play(3))


def test_different_seeds_give_different_games():
    assert _play(3).state.hash() != _play(4).state.hash()


def test_replaying_the_action_log_reaches_the_same_state_hash(tmp_path):
    s = _play(2)
    path = s.save(tmp_path / "game.json")
    again = load(path)
    assert again.state.hash() == s.state.hash()
    assert _stream(again) == _stream(s)


def test_a_state_serialised_and_loaded_again_equals_the_original():
    s = _play(1, turns=3)
    d = s.state.to_dict()
    back = State.from_dict(json.loads(json.dumps(d)))
    assert back.to_dict() == d
    assert back.hash() == s.state.hash()
    assert back.rng.random() == s.state.copy().rng.random(), "the generator continues identically"


def test_a_copied_state_is_independent_of_the_original():
    s = _play(1, turns=2)
    twin = s.state.copy()
    s.play("end")
    assert twin.hash() != s.state.hash()
    assert twin.units is not s.state.units


def test_a_truncated_save_is_refused_with_a_plain_message(tmp_path):
    path = _play(1, turns=2).save(tmp_path / "g.json")
    path.write_text(path.read_text()[:200])
    with pytest.raises(SaveError, match="truncated"):
        load(path)


def test_an_altered_save_is_refused(tmp_path):
    path = _play(1, turns=2).save(tmp_path / "g.json")
    doc = json.loads(path.read_text())
    doc["actions"][0] = "end"
    path.write_text(json.dumps(doc))
    with pytest.raises(SaveError, match="altered"):
        load(path)


def test_a_save_of_another_format_version_is_refused(tmp_path):
    from game.session import _checksum

    path = _play(1, turns=2).save(tmp_path / "g.json")
    doc = json.loads(path.read_text())
    doc["version"] = 99
    doc["checksum"] = _checksum(doc)
    path.write_text(json.dumps(doc))
    with pytest.raises(SaveError, match="version 99"):
        load(path)


def test_a_save_made_for_a_changed_scenario_says_so(tmp_path):
    from game.session import _checksum

    path = _play(1, turns=2).save(tmp_path / "g.json")
    doc = json.loads(path.read_text())
    doc["scenario"]["digest"] = "0" * 64
    doc["checksum"] = _checksum(doc)
    path.write_text(json.dumps(doc))
    with pytest.raises(SaveError, match="different version of the scenario"):
        load(path)


def test_files_that_are_not_saves_are_refused(tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\x00\xff\x10binary")
    with pytest.raises(SaveError, match="not a saved game"):
        read_save(junk)
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}')
    with pytest.raises(SaveError, match="not an Abu Kamal saved game"):
        read_save(other)


def test_a_failed_save_leaves_the_previous_save_intact(tmp_path, monkeypatch):
    s = _play(1, turns=2)
    path = s.save(tmp_path / "g.json")
    before = path.read_bytes()
    s.play("end")

    def crash(*args, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        s.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"], "no temporary file is left behind"


def test_a_save_cut_off_inside_a_string_is_called_truncated(tmp_path):
    path = _play(1, turns=2).save(tmp_path / "g.json")
    text = path.read_text()
    path.write_text(text[: text.index('"actions"') + 20])
    with pytest.raises(SaveError, match="truncated"):
        load(path)
