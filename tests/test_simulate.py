"""``simulate`` and the runner: seeds, determinism across job counts, bad input, crashing games."""

from __future__ import annotations

import gc
import json
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner
from tiny import tiny_game

from game.ai.registry import register
from game.cli.main import cli
from game.engine import actions as A
from game.sim.runner import GC_THRESHOLDS, Study, _batches, run_many, run_one, run_seeds_for, worker_setup

TINY_ROWS = """
    ..........
    ....##....
    ....##....
    ..........
"""
TINY_UNITS = ["b1 inf blue 1,1", "b2 inf blue 1,2", "r1 cell red 8,1", "r2 cell red 8,2"]


@pytest.fixture(scope="module")
def tiny_scenario():
    return tiny_game(TINY_ROWS, TINY_UNITS).scenario


class Crashy:
    """Plays like ``random`` but fails on one chosen game seed: in Python, or by killing its process."""

    name = "crashy"
    target: dict[str, int] = {}

    def __init__(self, side: str, seed: int, how: str) -> None:
        self.seed, self.how = seed, how

    def choose(self, obs):
        if self.seed == Crashy.target.get(self.how):
            if self.how == "exit":
                os._exit(7)
            raise RuntimeError("the policy fell over")
        return A.EndTurn()


register("crash_raise", lambda side, seed, level: Crashy(side, seed, "raise"))
register("crash_exit", lambda side, seed, level: Crashy(side, seed, "exit"))


def test_run_seeds_come_from_seed_sequence_spawning() -> None:
    assert run_seeds_for(7, 3) == run_seeds_for(7, 5)[:3]  # run i's seed does not depend on N
    assert len(set(run_seeds_for(7, 50))) == 50
    assert run_seeds_for(7, 3) != run_seeds_for(8, 3)


def test_a_study_is_queued_in_order_and_ends_on_single_games() -> None:
    """Workers take batches as they finish, so the queue ends on one game a batch: the last
    workers to finish then finish within about a game of each other. Every run is queued once,
    in seed order, each batch within one study; a chunk given is kept to the end."""
    studies = [Study({}, 100, 1), Study({"blue": "vigilant"}, 30, 2)]
    tasks = _batches(studies, 2, None)
    for i, st in enumerate(studies):
        queued = [run for t in tasks if t.study == i for run in t.runs]
        assert queued == list(enumerate(run_seeds_for(st.seed, st.runs)))
    sizes = [len(t.runs) for t in _batches(studies[:1], 2, None)]
    assert sizes[:3] == [3, 3, 3] and sizes[-3:] == [1, 1, 1] and sum(sizes) == 100
    assert sizes == sorted(sizes, reverse=True)
    assert {len(t.runs) for t in _batches(studies, 2, 4)[:-1]} == {4}


def test_a_worker_collects_garbage_less_often_and_its_games_do_not_change() -> None:
    seeds = run_seeds_for(4, 2)
    before = [run_one("abu_kamal_2017", {}, s) for s in seeds]
    kept = gc.get_threshold()
    try:
        worker_setup()
        assert gc.get_threshold() == GC_THRESHOLDS
        after = [run_one("abu_kamal_2017", {}, s) for s in seeds]
    finally:
        gc.set_threshold(*kept)
    strip = ("seconds", "rss_mb")
    assert [{k: v for k, v in vars(r).items() if k not in strip} for r in after] == \
        [{k: v for k, v in vars(r).items() if k not in strip} for r in before]


def test_same_seed_same_summary_whatever_the_jobs(tiny_scenario) -> None:
    pols = {"blue": "ai", "red": "random"}
    serial = run_many(tiny_scenario, pols, 6, seed=11, jobs=0)
    pooled = run_many(tiny_scenario, pols, 6, seed=11, jobs=2)
    threaded = run_many(tiny_scenario, pols, 6, seed=11, executor=ThreadPoolExecutor(3))
    assert serial.to_dict() == pooled.to_dict() == threaded.to_dict()
    assert [r.points for r in serial.results] == [r.points for r in pooled.results]


def test_summary_document_on_the_historical_scenario() -> None:
    doc = run_many("abu_kamal_2017", {}, 2, seed=1, jobs=0).to_dict()
    assert doc["runs"] == doc["completed"] == 2
    assert set(doc["beats"]) == {"premature_victory", "ambush", "retreat", "counterattack"}
    assert sum(doc["outcomes"].values()) == 2
    assert set(doc["results"]) == {"government", "isis", "sdf"}
    assert all(set(r) == {"win", "draw", "loss"} for r in doc["results"].values())
    for beat, timing in doc["beat_timing"].items():
        assert timing["turn"]["n"] == doc["beats"][beat]
    assert "isis" in doc["casualties"] and {"mean", "sd"} <= set(doc["casualties"]["isis"])
    assert "border_crossing" in doc["objective_holders"] and doc["border_crossing"]["holder"]


def test_a_game_that_raises_is_reported_with_its_seed(tiny_scenario) -> None:
    seeds = run_seeds_for(3, 5)
    Crashy.target["raise"] = seeds[2]
    s = run_many(tiny_scenario, {"blue": "crash_raise"}, 5, seed=3, jobs=0)
    assert [r.seed for r in s.failed] == [seeds[2]]
    assert "the policy fell over" in (s.failed[0].error or "")
    assert s.to_dict()["completed"] == 4


def test_a_worker_that_dies_is_reported_and_the_others_count(tiny_scenario) -> None:
    seeds = run_seeds_for(4, 6)
    Crashy.target["exit"] = seeds[1]
    s = run_many(tiny_scenario, {"blue": "crash_exit"}, 6, seed=4, jobs=2, chunk=3)
    assert [r.seed for r in s.failed] == [seeds[1]]
    assert "died" in (s.failed[0].error or "")
    assert len(s.ok) == 5


def test_cli_reports_a_crashed_game_with_a_replay_command() -> None:
    seeds = run_seeds_for(5, 3)
    Crashy.target["raise"] = seeds[0]
    res = CliRunner().invoke(cli, ["simulate", "--runs", "3", "--seed", "5", "--jobs", "1", "--json",
                                   "--policy", "government=crash_raise"])
    assert res.exit_code == 3, res.output
    doc = json.loads(res.stdout.splitlines()[0])
    assert doc["completed"] == 2 and doc["failed"][0]["seed"] == seeds[0]
    assert f"--seed {seeds[0]}" in doc["failed"][0]["replay"]
    assert f"seed {seeds[0]}" in res.stderr and "Traceback" not in res.output


@pytest.mark.parametrize("args,code,words", [
    (["--runs", "0"], 2, "--runs"),
    (["--jobs", "0"], 2, "--jobs"),
    (["--level", "5"], 2, "--level"),
    (["--policy", "goverment=ai"], 2, "unknown side 'goverment'"),
    (["--policy", "government=cleverest"], 2, "unknown policy 'cleverest'"),
    (["--policy", "government"], 2, "SIDE=POLICY"),
    (["--scenario", "no_such_battle"], 1, "no file or bundled scenario named 'no_such_battle'"),
])
def test_bad_input_gives_a_message_and_an_exit_code(args: list[str], code: int, words: str) -> None:
    res = CliRunner().invoke(cli, ["simulate", "--runs", "1", *args])
    assert res.exit_code == code
    assert words in res.output
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_cli_table_and_json_agree() -> None:
    table = CliRunner().invoke(cli, ["simulate", "--runs", "2", "--seed", "9", "--jobs", "1"])
    assert table.exit_code == 0, table.output
    assert "Beats of the battle" in table.output and "border_crossing" in table.output
    js = CliRunner().invoke(cli, ["simulate", "--runs", "2", "--seed", "9", "--jobs", "2", "--json"])
    doc = json.loads(js.stdout)
    assert doc["runs"] == 2 and doc["beats"]["premature_victory"] == 2


def test_a_run_replays_with_demo_from_its_seed() -> None:
    """The seed a study reports is a game seed: ``demo --seed`` plays the very same game."""
    from game.cli.simulate import replay_command
    from game.sim.runner import run_one

    seed = run_seeds_for(12, 1)[0]
    pols = {"government": "ai", "isis": "historical", "sdf": "ai"}
    r = run_one("abu_kamal_2017", pols, seed, level=0)
    cmd = replay_command("abu_kamal_2017", seed, pols, 0)
    assert "--policy government=ai0" in cmd
    args = cmd.split()[1:] + ["--json"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    last = json.loads(res.stdout.strip().splitlines()[-1])
    assert last["kind"] == "game_over" and last["points"] == r.points
