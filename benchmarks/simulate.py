"""Monte Carlo throughput: whole games per second with 1 and with 2 worker processes, the speed-up,
and the peak memory of a worker (RSS, MB), for the policy mixes studies use.

Each measurement is a ``run_many`` call as ``abu-kamal simulate`` makes it (a process pool that
``run_many`` owns), timed from submitting the first game to receiving the last; pool start-up is
included, as a user would pay it. The machine's other load shows in the figures: run it a few
times and compare the best.

    python benchmarks/simulate.py [--runs N] [--repeat R] [--json] [--window-runs 20] [--one-core N]

``--runs`` defaults to 100, the study ``abu-kamal simulate`` plays when not told otherwise: each
worker's first game fills the per-process caches of terrain-only results (fields of view, reach
windows, distance fields), a cost a short study shows more of.

``--cache`` says where those results start from: ``cold`` (none stored, as on a machine's first
run, or with ``ABU_KAMAL_NO_CACHE=1``), ``stored`` (read from the file that earlier studies of
each mix and a decision window, on other seeds, left in the cache folder: ``game.sim.terrain_store``;
a temporary folder here, filled by a process of its own, so the measuring one starts by reading
it as a user's next ``simulate`` does), or ``both`` (the default: each mode in a process of its own).

It also times whole level-0 games on one core, in a fresh process (``run_one``, after one warm-up
game, set up as a worker is: ``worker_setup``): the median wall and CPU milliseconds a game, per policy mix, and
the mean CPU milliseconds (what a study pays: a worker's early games, which make the terrain results,
weigh in it); the CPU figures are the ones to compare when other work shares the machine. And it times the decision
window (``abu-kamal decisions --runs 20`` on two workers): the historical line, then every turn
up to the ambush with 20 runs under each of two profiles.

The figures depend on the machine's state as much as on the code (a shared virtual machine's cores
slow down when its neighbours are busy), so ``--cache both`` reads the host before and after: a
fixed piece of plain Python timed alone and in two processes at once. Two cores that each give a
core's worth show about the same time both ways; when the second figure is well above the first, a
two-job study is held back by the host, not by the code.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from game.sim.runner import run_many  # noqa: E402

WARM_SEED = 1  # the earlier study's seed under ``--cache stored`` (the measured ones use others)

MIXES = {
    "historical (every side)": ({}, 0),
    "vigilant government": ({"government": "vigilant"}, 0),
    "ai level 0 (every side)": ({"government": "ai", "isis": "ai", "sdf": "ai"}, 0),
}


def measure(policies: dict[str, str], level: int, runs: int, jobs: int, repeat: int) -> dict[str, float]:
    best = None
    for _ in range(repeat):
        s = run_many("abu_kamal_2017", policies, runs, seed=99, jobs=jobs, level=level)
        assert not s.failed, s.failed[0].error
        rate = runs / s.wall_seconds
        rss = max(r.rss_mb for r in s.results)
        if best is None or rate > best["games_per_s"]:
            best = {"games_per_s": round(rate, 2), "rss_mb_per_worker": round(rss, 1),
                    "seconds_per_game_in_worker": round(sum(r.seconds for r in s.results) / runs, 3)}
    assert best is not None
    return best


def one_core(policies: dict[str, str], level: int, games: int) -> dict[str, float]:
    """Median wall and CPU milliseconds of a whole game played in this process (one core)."""
    import statistics
    import time

    from game.sim.runner import run_one, run_seeds_for, worker_setup

    worker_setup()  # as a worker process is set up
    seeds = run_seeds_for(7, games + 1)
    run_one("abu_kamal_2017", policies, seeds[0], level)  # loads the scenario, warms the caches
    wall, cpu = [], []
    for seed in seeds[1:]:
        w, c = time.perf_counter(), time.process_time()
        r = run_one("abu_kamal_2017", policies, seed, level)
        assert r.ok, r.error
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {"wall_ms_median": round(statistics.median(wall), 1), "cpu_ms_median": round(statistics.median(cpu), 1),
            "cpu_ms_mean": round(statistics.mean(cpu), 1)}  # the mean is what a study pays a game


def _host_loop() -> float:
    """Best of five CPU milliseconds of a fixed piece of plain Python (dict updates and int-to-text)."""
    import time

    best = float("inf")
    for _ in range(5):
        d: dict[int, int] = {}
        t, n = time.process_time(), 0
        for i in range(600_000):
            d[i & 1023] = d.get(i & 1023, 0) + i
            n += len(str(i))
        best = min(best, time.process_time() - t)
    return round(best * 1000, 1)


def host_reading() -> dict[str, float]:
    """The host loop alone, then in two processes at once (the slower of the two)."""
    from concurrent.futures import ProcessPoolExecutor

    alone = _host_loop()
    with ProcessPoolExecutor(2) as pool:
        pair = [pool.submit(_host_loop) for _ in range(2)]
        return {"alone_ms": alone, "two_at_once_ms": max(f.result() for f in pair)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100, help="games a study (default: as abu-kamal simulate; 0: skip the pools)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--window-runs", type=int, default=20, help="runs per turn and profile for the window (0: skip)")
    ap.add_argument("--one-core", type=int, default=12, help="games per mix timed in one process (0: skip)")
    ap.add_argument("--cache", choices=("cold", "stored", "both"), default="both")
    ap.add_argument("--only", choices=("store", "one-core"), help=argparse.SUPPRESS)  # a step in a process of its own
    args = ap.parse_args()
    if args.cache == "both":
        both(args)
        return
    if args.only == "store":
        leave_store(args)
        return
    if args.only == "one-core":
        print(json.dumps({name: one_core(pols, level, args.one_core) for name, (pols, level) in MIXES.items()}))
        return
    if args.cache == "cold":
        os.environ["ABU_KAMAL_NO_CACHE"] = "1"
    else:  # the earlier studies leave the file, in a process of their own: this one starts by reading it
        os.environ.pop("ABU_KAMAL_NO_CACHE", None)
        folder = os.environ["ABU_KAMAL_CACHE_DIR"] = tempfile.mkdtemp(prefix="abu-kamal-bench-cache-")
        atexit.register(shutil.rmtree, folder, True)
        step(args, "store")
    out: dict[str, object] = {}
    for name, (pols, level) in MIXES.items() if args.runs > 0 else ():
        one = measure(pols, level, args.runs, 1, args.repeat)
        two = measure(pols, level, args.runs, 2, args.repeat)
        speedup = round(two["games_per_s"] / one["games_per_s"], 2)
        out[name] = {"jobs_1": one, "jobs_2": two, "speedup": speedup}
        if not args.json:
            print(f"{name:26} 1 job {one['games_per_s']:5.2f} games/s   2 jobs {two['games_per_s']:5.2f} games/s   "
                  f"speed-up {speedup:.2f}   worker RSS {max(one['rss_mb_per_worker'], two['rss_mb_per_worker']):.0f} MB"
                  f"   ({one['seconds_per_game_in_worker'] * 1000:.0f} ms a game in a worker)", flush=True)
    if args.one_core:  # in a fresh process, as a study's worker starts (this one holds what the pools sent back)
        for name, t in json.loads(step(args, "one-core")).items():
            out[f"one core: {name}"] = t
            if not args.json:
                print(f"{name:26} one core: {t['wall_ms_median']:6.1f} ms a game (CPU median {t['cpu_ms_median']:.1f} ms, "
                      f"mean {t['cpu_ms_mean']:.1f} ms)", flush=True)
    if args.window_runs:
        import time

        from game.sim.window import decision_window

        t0 = time.perf_counter()
        doc = decision_window("abu_kamal_2017", "government", "historical", "vigilant", args.window_runs, 1, jobs=2)
        wall = time.perf_counter() - t0
        games = len(doc["window"]) * 2 * args.window_runs
        out["decision_window"] = {"runs": args.window_runs, "turns": len(doc["window"]), "games": games,
                                  "seconds": round(wall, 1)}
        if not args.json:
            print(f"decisions --runs {args.window_runs} (2 jobs): {len(doc['window'])} turns, {games} games in "
                  f"{wall:.1f} s", flush=True)
    if args.json:
        print(json.dumps(out))


def step(args: argparse.Namespace, only: str) -> str:
    """Run one step of this benchmark in a fresh process (same cache folder); its output."""
    import subprocess

    cmd = [sys.executable, __file__, "--cache", args.cache, "--only", only, "--runs", str(args.runs),
           "--window-runs", str(args.window_runs), "--one-core", str(args.one_core)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def leave_store(args: argparse.Namespace) -> None:
    """The earlier studies ``--cache stored`` starts from: each mix and the window on other seeds."""
    from game.sim.window import decision_window

    for pols, level in MIXES.values():
        run_many("abu_kamal_2017", pols, args.runs or 100, seed=WARM_SEED, jobs=2, level=level)
    if args.window_runs:
        decision_window("abu_kamal_2017", "government", "historical", "vigilant", args.window_runs, WARM_SEED + 1, jobs=2)


def both(args: argparse.Namespace) -> None:
    """Each cache mode in a process of its own (a process keeps what it worked out)."""
    import subprocess

    before = host_reading()
    found: dict[str, object] = {"host_before": before}
    if not args.json:
        print(f"host before: {_host_line(before)}", flush=True)
    for mode in ("cold", "stored"):
        cmd = [sys.executable, __file__, "--cache", mode, "--runs", str(args.runs), "--repeat", str(args.repeat),
               "--window-runs", str(args.window_runs), "--one-core", str(args.one_core)]
        if args.json:
            found[mode] = json.loads(subprocess.run([*cmd, "--json"], check=True, capture_output=True, text=True).stdout)
        else:
            print(f"-- terrain cache {mode}", flush=True)
            subprocess.run(cmd, check=True)
    after = found["host_after"] = host_reading()
    if args.json:
        print(json.dumps(found))
    else:
        print(f"host after: {_host_line(after)}", flush=True)


def _host_line(h: dict[str, float]) -> str:
    return f"a fixed Python loop takes {h['alone_ms']:.0f} ms alone, {h['two_at_once_ms']:.0f} ms in two processes at once"


if __name__ == "__main__":
    main()
