"""Many games with one seed each, run over worker processes, summarised.

    from game.sim import run_many
    summary = run_many("abu_kamal_2017", {"government": "vigilant"}, runs=200, seed=7, jobs=2)
    summary.to_dict()["beats"]          # {"premature_victory": 200, "ambush": 81, ...}
    [r.points for r in summary.results]  # one record per game, in seed order

Each run's seed is derived from the study seed with ``numpy.random.SeedSequence(seed).spawn(runs)``,
and a run depends on nothing else (not on the worker, the job count or the order runs finish), so
the same study seed gives the same summary whatever the number of jobs. A run's seed is also the
game's seed: ``abu-kamal demo --seed <run seed> --policy ...`` replays it.

Workers are any ``concurrent.futures.Executor``: by default a process pool of ``jobs`` workers
that ``run_many`` owns (and rebuilds if a worker dies, so one crashing game costs only itself);
or one passed in, e.g. a Dask ``Client.get_executor()`` or a Ray adapter (see the README).
``run_studies`` plays several studies (``Study``: policies, runs, seed, start) on one pool, as
the decision window does: a summary each, the same as ``run_many`` gives for each alone.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.scenario.model import Scenario

ScenarioRef = str | Path | Scenario
Progress = Callable[[int, int], None]  # (runs done, runs in all)
DEFAULT_POLICY = "historical"


@dataclass(frozen=True)
class Start:
    """A position to play on from, instead of the scenario's start: the game seed and the actions
    that lead there (a branch point of a saved or historical line). Each run replays them (once per
    worker process), re-rolls the dice with its own seed (``Game.reseed``) and plays on with fresh
    policies, so a run depends on the position and its seed alone."""

    game_seed: int
    actions: tuple[str, ...] = ()


@dataclass
class RunResult:
    """One game's outcome, small and picklable: what a summary or a chart needs."""

    index: int
    seed: int
    winner: str | None = None
    results: dict[str, str] = field(default_factory=dict)  # side -> win/draw/loss
    points: dict[str, float] = field(default_factory=dict)
    beats: dict[str, list[Any]] = field(default_factory=dict)  # phase -> [turn, "YYYY-MM-DD HH:MM"]
    losses: dict[str, int] = field(default_factory=dict)  # faction -> strength steps lost
    casualties_people: dict[str, int] = field(default_factory=dict)  # side -> people killed (scenario's people per step)
    holders: dict[str, dict[str, float]] = field(default_factory=dict)  # objective zone -> side -> share
    turns: int = 0
    actions: int = 0
    seconds: float = 0.0
    worker: int = 0
    rss_mb: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# --- one game, in a worker -------------------------------------------------------------------

_GAMES: dict[Any, Any] = {}  # per process: scenario key -> Game (built once per worker)
_STARTS: dict[Any, Any] = {}  # per process: (scenario key, Start) -> (state, phases reached), replayed once


def _key(scenario: ScenarioRef) -> Any:
    return (scenario.id, scenario.digest) if isinstance(scenario, Scenario) else str(scenario)


def _game(scenario: ScenarioRef) -> Any:
    """The Game of ``scenario`` in this process, built once, with the terrain results earlier runs
    stored (``terrain_store``): a forked worker inherits them with the Game."""
    from game.engine.game import Game
    from game.scenario.validate import load_scenario
    from game.sim import terrain_store

    key = _key(scenario)
    if key not in _GAMES:
        game = _GAMES[key] = Game(scenario if isinstance(scenario, Scenario) else load_scenario(scenario))
        terrain_store.load(game)
    return _GAMES[key]


def _rss_mb() -> float:
    """Peak resident memory of this process (MB): what a worker costs."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def start_position(scenario: ScenarioRef, start: Start) -> tuple[Any, list[tuple[str, int, str]]]:
    """The state ``start`` leads to and the phases entered on the way (cached per process; a copy
    is the caller's to play on)."""
    key = (_key(scenario), start)
    if key not in _STARTS:
        game = _game(scenario)
        state, events = game.start(start.game_seed)
        for text in start.actions:
            events += game.apply(state, text)
        phases = [(ev.get("phase"), ev.turn, f"{ev.date} {ev.time}") for ev in events if ev.kind == "phase"]
        if len(_STARTS) > 64:
            _STARTS.clear()
        _STARTS[key] = (state, phases)
    state, phases = _STARTS[key]
    return state.copy(), list(phases)


def run_one(scenario: ScenarioRef, policies: Mapping[str, str], seed: int, level: int = 0,
            index: int = 0, start: Start | None = None) -> RunResult:
    """Play one whole game (or the rest of one from ``start``); never raises: a failure comes back
    as ``error`` with the seed."""
    from game.ai.driver import play_side_turn
    from game.ai.registry import make_policy
    from game.engine.turns import zone_shares

    t0 = time.perf_counter()
    res = RunResult(index=index, seed=seed, worker=os.getpid())
    try:
        game = _game(scenario)
        first_phase = game.scenario.phases[0].id
        if start is None:
            state, events = game.start(seed)
        else:
            state, reached = start_position(scenario, start)
            game.reseed(state, seed)
            events = []
            for p, turn, when in reached:
                if p != first_phase:
                    res.beats.setdefault(p, [turn, when])
        players = {s: make_policy(policies.get(s, DEFAULT_POLICY), s, seed, level) for s in game.sides}

        def note(evs: Sequence[Any]) -> None:
            for ev in evs:
                if ev.kind == "phase" and ev.get("phase") != first_phase and ev.get("phase") not in res.beats:
                    res.beats[ev.get("phase")] = [ev.turn, f"{ev.date} {ev.time}"]

        note(events)
        while not state.over:
            side = game.current_side(state)
            note(play_side_turn(game, state, players[side]))
        out = state.outcome or {}
        res.winner = out.get("winner")
        res.results = dict(out.get("results", {}))
        res.points = {s: float(p) for s, p in out.get("points", {}).items()}
        res.losses = dict(state.losses)
        res.casualties_people = dict(out.get("casualties_people", {}))
        shares = zone_shares(game, state)
        zones = sorted({o.zone for v in game.scenario.victory.values() for o in v.objectives})
        res.holders = {z: shares[z] for z in zones}
        res.turns = state.turn
        res.actions = state.actions_taken
    except Exception as e:  # noqa: BLE001 - a crashing game is reported, not fatal to the study
        tb = traceback.format_exception(type(e), e, e.__traceback__)
        res.error = f"{type(e).__name__}: {e}\n" + "".join(tb[-4:])
    res.seconds = time.perf_counter() - t0
    res.rss_mb = _rss_mb()
    return res


def run_seeds(scenario: ScenarioRef, policies: Mapping[str, str], jobs: Sequence[tuple[int, int]],
              level: int = 0, start: Start | None = None) -> list[RunResult]:
    """A batch of (index, seed) runs in one task: fewer round trips to the workers."""
    return [run_one(scenario, policies, seed, level, index, start) for index, seed in jobs]


def _play_batch(scenario: ScenarioRef, policies: Mapping[str, str], jobs: Sequence[tuple[int, int]],
                level: int = 0, start: Start | None = None) -> tuple[list[RunResult], Any]:
    """``run_seeds`` as a worker task: the results, and the terrain results the worker worked out
    meanwhile (``terrain_store.learned``), for the parent to keep for the next run."""
    from game.sim import terrain_store

    results = run_seeds(scenario, policies, jobs, level, start)
    return results, terrain_store.learned(_game(scenario))


def _keep(scenario: ScenarioRef, learned: Any) -> None:
    """Add a worker's terrain results to this process's Game (``_play_batch``)."""
    from game.sim import terrain_store

    if learned is not None:
        with contextlib.suppress(terrain_store.StoreError):  # a worker running other code (an outside executor)
            terrain_store.adopt(_game(scenario), learned)


# --- the study ---------------------------------------------------------------------------------

def run_seeds_for(seed: int, runs: int) -> list[int]:
    """The game seed of each run: SeedSequence spawning, so runs are independent streams."""
    return [int(c.generate_state(1, np.uint64)[0]) >> 1 for c in np.random.SeedSequence(seed).spawn(runs)]


@dataclass(frozen=True)
class Study:
    """One set of runs: ``runs`` games under ``policies`` with run seeds spawned from ``seed``,
    from the scenario's start or from ``start`` (see ``run_many`` for the arguments)."""

    policies: Mapping[str, str]
    runs: int
    seed: int
    start: Start | None = None


@dataclass(frozen=True)
class _Task:
    """A batch of one study's runs, as one worker task."""

    study: int
    policies: dict[str, str]
    runs: list[tuple[int, int]]  # (index, seed)
    start: Start | None


def run_many(scenario: ScenarioRef, policies: Mapping[str, str], runs: int, seed: int,
             executor: Executor | None = None, progress: Progress | None = None, *, jobs: int = 1,
             level: int = 0, chunk: int | None = None, start: Start | None = None) -> Summary:
    """Play ``runs`` games and summarise them.

    ``policies``: side -> policy name (sides left out play ``historical``). ``level``: the
    difficulty given to level-aware policies (``ai``). ``executor``: where runs go; None builds a
    process pool of ``jobs`` workers (``jobs=0`` plays in this process, for tests and profiling).
    ``progress(done, total)`` is called as batches finish. The summary lists runs in seed order.
    ``start``: play on from that position instead of the scenario's start (see ``Start``).
    """
    return run_studies(scenario, [Study(policies, runs, seed, start)], executor, progress, jobs=jobs, level=level,
                       chunk=chunk)[0]


def run_studies(scenario: ScenarioRef, studies: Sequence[Study], executor: Executor | None = None,
                progress: Progress | None = None, *, jobs: int = 1, level: int = 0,
                chunk: int | None = None) -> list[Summary]:
    """Several studies on one pool of workers (``run_many`` is one study), a summary each.

    Their batches are all queued at once, so a worker that finishes one study's last game starts
    on the next study's instead of waiting for the other workers, and the pool starts once: what
    the decision window needs (two studies per turn). Each summary is what ``run_many`` would
    give for that study alone, except ``wall_seconds``, which is the time of them all.
    """
    if any(st.runs < 1 for st in studies):
        raise ValueError("runs must be at least 1")
    if jobs < 0:
        raise ValueError("jobs must be at least 1 (or 0 to play in this process)")
    tasks = _batches(studies, jobs, chunk)
    done: list[dict[int, RunResult]] = [{} for _ in studies]
    total = sum(st.runs for st in studies)
    t0 = time.perf_counter()

    def finished(task: _Task, results: list[RunResult]) -> None:
        for r in results:
            done[task.study][r.index] = r
        if progress is not None:
            progress(sum(len(d) for d in done), total)

    if executor is None and jobs == 0:
        for t in tasks:
            finished(t, run_seeds(scenario, t.policies, t.runs, level, t.start))
    elif executor is not None:
        _drain(executor, scenario, level, tasks, finished, recover=False)
    else:
        _prepare(scenario)
        with ProcessPoolExecutor(max_workers=jobs, initializer=worker_setup) as pool:
            lost = _drain(pool, scenario, level, tasks, finished, recover=True)
        if lost:  # a worker died: find the game that killed it, and play the others again
            _isolate(scenario, level, [(t, run) for t in lost for run in t.runs if run[0] not in done[t.study]],
                     jobs, finished)
    wall = time.perf_counter() - t0
    name = scenario.id if isinstance(scenario, Scenario) else str(scenario)
    game = _game(scenario)
    from game.sim import terrain_store

    terrain_store.save(game)  # what the workers worked out, for the next run to start with
    phases = [p.id for p in game.scenario.phases[1:]]
    out = []
    for i, st in enumerate(studies):
        chosen = {s: st.policies.get(s, DEFAULT_POLICY) for s in game.sides}
        out.append(Summary(scenario=name, policies=chosen, level=level, seed=st.seed, jobs=jobs,
                           results=[done[i][k] for k in range(st.runs)], phases=phases, wall_seconds=wall))
    return out


def _batches(studies: Sequence[Study], jobs: int, chunk: int | None) -> list[_Task]:
    """The studies' runs cut into worker tasks, in order: ``chunk`` games a task if given, else a few
    (a round trip costs about a millisecond), tapering to one game a task towards the end of the
    queue. Workers take tasks as they finish; the last tasks decide when the study ends, and the
    others idle until then, so the queue ends on single games: the workers then finish within
    about a game of each other instead of a batch. Which worker plays a game does not
    change it (its seed does), so results do not depend on the batches."""
    left = sum(st.runs for st in studies)
    workers = max(1, jobs)
    tasks: list[_Task] = []
    for i, st in enumerate(studies):
        todo = list(enumerate(run_seeds_for(st.seed, st.runs)))
        size = max(1, min(8, math.ceil(st.runs / workers / 24)))
        k = 0
        while k < len(todo):
            batch = todo[k:k + (chunk or min(size, math.ceil(left / (2 * workers))))]
            tasks.append(_Task(i, dict(st.policies), batch, st.start))
            k += len(batch)
            left -= len(batch)
    return tasks


def _prepare(scenario: ScenarioRef) -> None:
    """Build the Game and import the policies here, before the pool starts its workers: where
    workers are forked (Linux) each then starts with them instead of loading the scenario and the
    AI again (a quarter of a second each, per study and per turn of a decision window)."""
    from game.ai import driver  # noqa: F401 - imported for the workers to inherit
    from game.ai.registry import policy_names

    _game(scenario)
    policy_names()


GC_THRESHOLDS = (10_000, 20, 20)  # the collector's, in a worker (``worker_setup``)


def worker_setup() -> None:
    """Set a worker process up to play games: collect garbage every 10,000 allocations, not 700. A
    game frees nearly all it makes by reference counts, so the passes over young objects (about
    seven a game) found little and cost 2-3 ms a game (under 1 ms now); when memory in cycles is
    freed does not change a game."""
    gc.set_threshold(*GC_THRESHOLDS)


Finished = Callable[[_Task, list[RunResult]], None]


def _drain(executor: Executor, scenario: ScenarioRef, level: int, tasks: list[_Task], finished: Finished,
           recover: bool) -> list[_Task]:
    """Submit every task and collect results; return the tasks lost to a dead worker."""
    futures: dict[Future[tuple[list[RunResult], Any]], _Task] = {}
    lost: list[_Task] = []
    for t in tasks:
        try:
            futures[executor.submit(_play_batch, scenario, t.policies, t.runs, level, t.start)] = t
        except BrokenProcessPool:
            lost.append(t)
    pending = set(futures)
    while pending:
        complete, pending = wait(pending, return_when="FIRST_COMPLETED")
        for f in complete:
            t = futures[f]
            try:
                results, learned = f.result()
                _keep(scenario, learned)
                finished(t, results)
            except BrokenProcessPool:
                lost.append(t)
            except Exception as e:  # noqa: BLE001 - the executor failed this batch: report its runs
                msg = f"the worker failed: {type(e).__name__}: {e}"
                finished(t, [RunResult(index=i, seed=s, error=msg) for i, s in t.runs])
    if not recover:
        for t in lost:
            finished(t, [RunResult(index=i, seed=s, error="the worker process died while playing this game")
                         for i, s in t.runs])
        return []
    return lost


def _isolate(scenario: ScenarioRef, level: int, runs: list[tuple[_Task, tuple[int, int]]], jobs: int,
             finished: Finished) -> None:
    """Play ``runs`` one per task with at most ``jobs`` in flight; when a worker dies, only the few
    games in flight are suspects, and each is replayed alone in its own process: the one that
    kills its process again is reported with its seed, the others count as usual."""
    queue = list(runs)
    while queue:
        suspects: list[tuple[_Task, tuple[int, int]]] = []
        with ProcessPoolExecutor(max_workers=jobs, initializer=worker_setup) as pool:
            flying: dict[Future[tuple[list[RunResult], Any]], tuple[_Task, tuple[int, int]]] = {}
            while (queue or flying) and not suspects:
                while queue and len(flying) < jobs:
                    t, run = item = queue.pop(0)
                    flying[pool.submit(_play_batch, scenario, t.policies, [run], level, t.start)] = item
                complete, _ = wait(flying, return_when="FIRST_COMPLETED")
                if any(isinstance(f.exception(), BrokenProcessPool) for f in complete):
                    wait(flying)  # the pool is gone: every game in flight ends now, one way or another
                    complete = set(flying)
                for f in complete:
                    t, run = item = flying.pop(f)
                    error = f.exception()
                    if error is None:
                        results, learned = f.result()
                        _keep(scenario, learned)
                        finished(t, results)
                    elif isinstance(error, BrokenProcessPool):
                        suspects.append(item)
                    else:
                        finished(t, [RunResult(index=run[0], seed=run[1], error=f"the worker failed: {error}")])
        for t, run in suspects:
            with ProcessPoolExecutor(max_workers=1, initializer=worker_setup) as solo:
                try:
                    finished(t, solo.submit(run_seeds, scenario, t.policies, [run], level, t.start).result())  # a suspect: learn nothing from it
                except BrokenProcessPool:
                    finished(t, [RunResult(index=run[0], seed=run[1],
                                           error="the worker process died while playing this game")])


# --- summary ---------------------------------------------------------------------------------

def _spread(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    a = np.asarray(values, dtype=float)
    return {"n": int(a.size), "mean": round(float(a.mean()), 3), "sd": round(float(a.std(ddof=1)) if a.size > 1 else 0.0, 3),
            "min": round(float(a.min()), 3), "p25": round(float(np.percentile(a, 25)), 3),
            "median": round(float(np.median(a)), 3), "p75": round(float(np.percentile(a, 75)), 3),
            "max": round(float(a.max()), 3)}


@dataclass
class Summary:
    """Everything a study found; ``to_dict()`` is the ``simulate --json`` document."""

    scenario: str
    policies: dict[str, str]
    level: int
    seed: int
    jobs: int
    results: list[RunResult]
    phases: list[str] = field(default_factory=list)  # the beats: every phase after the opening one
    wall_seconds: float = 0.0

    @property
    def ok(self) -> list[RunResult]:
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if not r.ok]

    def to_dict(self, phases: Sequence[str] | None = None) -> dict[str, Any]:
        ok = self.ok
        sides = sorted({s for r in ok for s in r.points}) or sorted(self.policies)
        phases = list(phases) if phases is not None else self.phases
        outcomes = Counter(r.winner or "none" for r in ok)
        results = {s: {k: sum(1 for r in ok if r.results.get(s) == k) for k in ("win", "draw", "loss")} for s in sides}
        beats = {p: sum(1 for r in ok if p in r.beats) for p in phases}
        timing = {}
        for p in phases:
            turns = [r.beats[p][0] for r in ok if p in r.beats]
            dates = Counter(r.beats[p][1] for r in ok if p in r.beats)
            timing[p] = {"turn": _spread(turns), "dates": dict(sorted(dates.items()))}
        factions = sorted({f for r in ok for f in r.losses})
        casualties = {f: _spread([r.losses.get(f, 0) for r in ok]) for f in factions}
        people_sides = sorted({s for r in ok for s in r.casualties_people})
        people = {s: _spread([r.casualties_people.get(s, 0) for r in ok]) for s in people_sides}
        zones = sorted({z for r in ok for z in r.holders})
        holders: dict[str, Any] = {}
        for z in zones:
            counts: Counter[str] = Counter()
            for r in ok:
                shares = r.holders.get(z, {})
                top = max(shares.items(), key=lambda kv: (kv[1], kv[0]), default=(None, 0.0))
                counts[top[0] if top[0] is not None and top[1] > 0 else "none"] += 1
            holders[z] = {"holder": dict(sorted(counts.items())),
                          "share_mean": {s: round(float(np.mean([r.holders.get(z, {}).get(s, 0.0) for r in ok])), 3)
                                         for s in sides} if ok else {}}
        return {
            "scenario": self.scenario,
            "policies": dict(sorted(self.policies.items())),
            "level": self.level,
            "seed": self.seed,
            "runs": len(self.results),
            "completed": len(ok),
            "outcomes": dict(sorted(outcomes.items())),
            "results": results,
            "points": {s: _spread([r.points.get(s, 0.0) for r in ok]) for s in sides},
            "beats": beats,
            "beat_timing": timing,
            "casualties": casualties,
            "casualties_people": people,
            "objective_holders": holders,
            "border_crossing": holders.get("border_crossing"),
            "failed": [{"index": r.index, "seed": r.seed, "error": r.error} for r in self.failed],
        }

    def records(self) -> list[dict[str, Any]]:
        """One plain dict per run (for charts: e.g. points against the beats' turns)."""
        return [asdict(r) for r in self.results]
