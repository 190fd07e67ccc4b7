"""The terrain cache: what a game works out from the terrain alone is kept between runs, and a game
played with it is the same game as one played without it, only sooner."""

from __future__ import annotations

import hashlib
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from tiny import TYPES, tiny_game

from game.ai import driver, tactics
from game.ai.registry import make_policy
from game.engine.game import Game
from game.engine.observation import observe
from game.scenario.validate import load_scenario
from game.sim import run_many, terrain_store

ROWS = """
......#...
..##..#...
..........
~~~=~~~~~~
..........
"""
UNITS = ["b1 inf blue 1,0", "b2 eng blue 2,2", "r1 cell red 8,4", "r2 gun red 6,4"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ABU_KAMAL_NO_CACHE", raising=False)
    monkeypatch.setenv("ABU_KAMAL_CACHE_DIR", str(tmp_path))
    return tmp_path


def _worked(game: Game) -> Game:
    """``game`` after working out some of each kind: sight at the start, reaches, a field."""
    state, _ = game.start(3)
    for side in game.sides:
        obs = observe(game, state, side)
        for u in obs.own():
            obs.reach(u.id)
        for y, x in ((4, 8), (0, 9)):
            goal = np.zeros((game.height, game.width), bool)
            goal[y, x] = True
            tactics.distance_field(obs, goal)
    return game


def _counts(game: Game) -> tuple[int, int, int]:
    return len(game.reach_boxes), len(tactics.cell_fields(game)), sum(len(d) for d in game.eye_bits)


def _play(game: Game, seed: int, policies: dict[str, str]) -> tuple[str, str]:
    """A whole level-0 game as a study plays it: its final state's hash and a digest of its events."""
    state, events = game.start(seed)
    players = {s: make_policy(policies.get(s, "historical"), s, seed, 0) for s in game.sides}
    digest = hashlib.sha256()
    while not state.over:
        events = driver.play_side_turn(game, state, players[game.current_side(state)])
        for ev in events:
            digest.update(json.dumps(ev.to_json(), sort_keys=True, default=str).encode())
    return state.hash(), digest.hexdigest()


def test_a_game_played_with_the_stored_results_is_the_same_game(cache: Path) -> None:
    sc = load_scenario("abu_kamal_2017")
    first = Game(sc)
    mixes = [{}, {"government": "ai", "isis": "ai", "sdf": "ai"}]
    played = [_play(first, seed, mix) for seed, mix in ((1, mixes[0]), (2, mixes[1]))]
    assert terrain_store.save(first) is not None

    stored, cold = Game(sc), Game(sc)
    assert terrain_store.load(stored) == sum(_counts(first))
    assert [_play(stored, seed, mix) for seed, mix in ((1, mixes[0]), (2, mixes[1]))] == played
    # and on games the file was not made from
    for seed, mix in ((5, mixes[0]), (6, {"government": "vigilant"}), (7, mixes[1])):
        assert _play(stored, seed, mix) == _play(cold, seed, mix)


def test_a_study_stores_what_its_workers_worked_out_and_its_results_do_not_change(cache: Path) -> None:
    first = run_many("abu_kamal_2017", {}, runs=4, seed=8, jobs=2)
    files = list((cache / "terrain").glob("abu_kamal_2017-*.npz"))
    assert len(files) == 1
    with np.load(files[0], allow_pickle=False) as z:
        assert len(z["reach_keys"]) > 0 and len(z["eye_keys"]) > 0
    again = run_many("abu_kamal_2017", {}, runs=4, seed=8, jobs=2)
    assert again.to_dict() == first.to_dict()
    assert not list((cache / "terrain").glob(".*"))  # no temporary file left behind


def test_a_study_on_threads_of_this_process_stores_its_results_too(cache: Path) -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        threaded = run_many("abu_kamal_2017", {}, runs=6, seed=9, executor=pool, chunk=1)
    assert not threaded.failed
    assert list((cache / "terrain").glob("abu_kamal_2017-*.npz"))
    assert threaded.to_dict() == run_many("abu_kamal_2017", {}, runs=6, seed=9, jobs=0).to_dict()


def test_results_already_sent_are_not_sent_again(cache: Path) -> None:
    game = _worked(tiny_game(ROWS, UNITS))
    packed = terrain_store.learned(game)
    assert packed is not None and len(packed["reach_keys"]) == len(game.reach_boxes)
    assert terrain_store.learned(game) is None
    other = tiny_game(ROWS, UNITS)
    assert terrain_store.adopt(other, packed) == sum(_counts(game))
    assert _counts(other) == _counts(game)
    assert terrain_store.learned(other) is None  # received counts as known


def test_a_stored_reach_reads_back_as_it_was_made(cache: Path) -> None:
    game = _worked(tiny_game(ROWS, UNITS))
    other = tiny_game(ROWS, UNITS)
    terrain_store.adopt(other, terrain_store.learned(game) or {})
    for key, bare in game.reach_boxes.items():
        back = other.reach_boxes[key]
        assert back.box == bare.box and back.budget == bare.budget
        for name in ("cost", "dist", "endable", "zoc", "touched"):
            a, b = getattr(bare, name), getattr(back, name)
            assert a.dtype == b.dtype and np.array_equal(a, b) and not b.flags.writeable
    for key, f in tactics.cell_fields(game).items():
        assert np.array_equal(tactics.cell_fields(other)[key], f)
    assert other.eye_bits == game.eye_bits


def test_a_file_that_cannot_be_read_is_ignored_with_a_warning_and_replaced(cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    game = tiny_game(ROWS, UNITS)
    path = terrain_store.store_path(game)
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 half a zip file")
    with caplog.at_level(logging.WARNING):
        assert terrain_store.load(game) == 0
    assert "could not be read" in caplog.text and str(path) in caplog.text
    assert terrain_store.save(_worked(game)) == path
    assert terrain_store.load(tiny_game(ROWS, UNITS)) == sum(_counts(game))


def test_results_made_on_another_map_are_refused(cache: Path) -> None:
    packed = terrain_store.learned(_worked(tiny_game(ROWS, UNITS)))
    assert packed is not None
    other_map = tiny_game(ROWS.replace("..##..", "..#...", 1), UNITS)
    with pytest.raises(terrain_store.StoreError, match="another map"):
        terrain_store.adopt(other_map, packed)
    assert _counts(other_map) == (0, 0, 0)


def test_damaged_arrays_are_refused_not_read(cache: Path) -> None:
    packed = terrain_store.learned(_worked(tiny_game(ROWS, UNITS)))
    assert packed is not None
    cut = dict(packed, reach_dist=packed["reach_dist"][:-1])
    with pytest.raises(terrain_store.StoreError, match="reach dist"):
        terrain_store.adopt(tiny_game(ROWS, UNITS), cut)
    keys = packed["reach_keys"].copy()
    keys[0, 6] = 99
    with pytest.raises(terrain_store.StoreError, match="off the map"):
        terrain_store.adopt(tiny_game(ROWS, UNITS), dict(packed, reach_keys=keys))


def test_a_viewer_is_read_back_only_where_the_scenario_still_gives_its_sight(cache: Path) -> None:
    game = _worked(tiny_game(ROWS, UNITS))
    packed = terrain_store.learned(game)
    assert packed is not None
    keener = {**TYPES, "inf": {**TYPES["inf"], "sight": 3}}
    other = tiny_game(ROWS, UNITS, unit_types=keener)
    terrain_store.adopt(other, packed)
    kept = {e for d in other.eye_bits for e in d}
    assert kept and all(e[4] != "inf" for e in kept)
    assert {e for d in game.eye_bits for e in d if e[4] != "inf"} == kept


def test_a_cache_folder_that_cannot_be_written_is_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.delenv("ABU_KAMAL_NO_CACHE", raising=False)
    monkeypatch.setenv("ABU_KAMAL_CACHE_DIR", str(blocker))
    with caplog.at_level(logging.WARNING):
        assert terrain_store.save(_worked(tiny_game(ROWS, UNITS))) is None
    assert "could not be written" in caplog.text


def test_no_cache_turns_the_store_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ABU_KAMAL_NO_CACHE", "1")
    game = _worked(tiny_game(ROWS, UNITS))
    assert terrain_store.store_path(game) is None and terrain_store.learned(game) is None
    assert terrain_store.save(game) is None and terrain_store.load(game) == 0


def test_a_file_for_older_code_is_removed_when_the_new_one_is_written(cache: Path) -> None:
    game = _worked(tiny_game(ROWS, UNITS))
    path = terrain_store.store_path(game)
    assert path is not None
    path.parent.mkdir(parents=True)
    stale = path.with_name("tiny-0123456789abcdef.npz")
    stale.write_bytes(b"old")
    unrelated = path.with_name("tiny_two-0123456789abcdef.npz")
    unrelated.write_bytes(b"another scenario's")
    assert terrain_store.save(game) == path
    assert not stale.exists() and unrelated.exists()


def test_the_file_keeps_at_most_the_stored_limits(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terrain_store, "STORED_REACHES", 2)
    monkeypatch.setattr(terrain_store, "STORED_CELL_FIELDS", 1)
    monkeypatch.setattr(terrain_store, "STORED_EYES", 3)
    game = _worked(tiny_game(ROWS, UNITS))
    assert min(_counts(game)) > 1 and _counts(game)[2] > 3
    terrain_store.save(game)
    assert _counts(g := tiny_game(ROWS, UNITS)) == (0, 0, 0) and terrain_store.load(g) == 2 + 1 + 3
