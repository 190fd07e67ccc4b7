"""AI strength: does ``ai`` play a side better than the ``random`` and ``historical`` policies?

For each side and each baseline, the same games are played twice: once with the side on the
baseline, once with it on ``ai`` at a given level, every other side on ``historical`` both times
and every game on the same seed (so the dice start alike and the opponents are the same). ``ai``
*beats* the baseline in a game when it ends the game with more points for that side than the
baseline did on the same seed; a tie counts as not beating it. Points are the scenario's victory
points, which decide the winner.

    python benchmarks/strength.py [--runs N] [--levels 0,1,2] [--sides government,isis] [--json]
    python benchmarks/strength.py --pair 2,1 [--runs N] [--seed S[,S...]] [--sides government,isis]

``--pair 2,1``: level 2 against level 1 from the same side, both playing the side's historical
decisions, in paired games (same seed, every other side on historical decisions with level-1
tactics); prints how often level 2 ends with more points (with its 95% Wilson interval), and the
median and 90th-percentile time of the side's turns at each level (a side-turn: from its first
choice to its end of turn). ``--seed 47,31,61`` pools ``--runs`` games from each study seed: 40
games of one seed leave the rate uncertain by about 15 points either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from game.sim.runner import run_many  # noqa: E402

SIDES = ("government", "isis", "sdf")


def points(side: str, policy: str, level: int, runs: int, seed: int, jobs: int) -> np.ndarray:
    s = run_many("abu_kamal_2017", {side: policy}, runs, seed, jobs=jobs, level=level)
    assert not s.failed, s.failed[0].error
    return np.array([r.points[side] for r in s.results])


def _paired_game(args: tuple[int, str, int, int]) -> tuple[float, list[float]]:
    """One game with ``side`` playing historical decisions at ``level``, the others at level 1."""
    import time

    from game.ai.driver import play_side_turn
    from game.ai.registry import make_policy
    from game.sim.runner import _game

    seed, side, level, other = args
    game = _game("abu_kamal_2017")
    state, _ = game.start(seed)
    players = {s: make_policy("historical", s, seed, level if s == side else other) for s in game.sides}
    times: list[float] = []
    while not state.over:
        current = game.current_side(state)
        t0 = time.perf_counter()
        play_side_turn(game, state, players[current])
        if current == side:
            times.append((time.perf_counter() - t0) * 1000)
    return float(state.points[side]), times


def pair(levels: tuple[int, int], sides: list[str], runs: int, study_seeds: list[int], jobs: int, as_json: bool) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from game.sim.odds import wilson
    from game.sim.runner import run_seeds_for

    seeds = [s for study in study_seeds for s in run_seeds_for(study, runs)]  # runs games per study seed
    runs = len(seeds)
    hi, lo = levels
    out = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for side in sides:
            res = {lv: list(pool.map(_paired_game, [(s, side, lv, 1) for s in seeds])) for lv in (hi, lo)}
            a = np.array([p for p, _ in res[hi]])
            b = np.array([p for p, _ in res[lo]])
            t_hi = np.concatenate([t for _, t in res[hi]])
            t_lo = np.concatenate([t for _, t in res[lo]])
            wins = int((a > b).sum())
            row = {"runs": runs, "wins": wins, "ties": int((a == b).sum()),
                   "win_rate": round(float((a > b).mean()), 3), "win_rate_95ci": [round(x, 3) for x in wilson(wins, runs)],
                   "points": [round(float(a.mean()), 2), round(float(b.mean()), 2)],
                   f"ms_per_side_turn_level{hi}": {"median": round(float(np.median(t_hi)), 1),
                                                   "p90": round(float(np.percentile(t_hi, 90)), 1)},
                   f"ms_per_side_turn_level{lo}": {"median": round(float(np.median(t_lo)), 1),
                                                   "p90": round(float(np.percentile(t_lo, 90)), 1)}}
            out[side] = row
            if not as_json:
                print(f"{side:10} level {hi} vs level {lo}: more points in {row['wins']}/{runs} paired games "
                      f"({row['win_rate']:.0%}, 95% interval {row['win_rate_95ci'][0]:.0%}-{row['win_rate_95ci'][1]:.0%}, "
                      f"ties {row['ties']}); mean points {row['points'][0]} vs {row['points'][1]}; "
                      f"side-turn median {row[f'ms_per_side_turn_level{hi}']['median']} ms "
                      f"(p90 {row[f'ms_per_side_turn_level{hi}']['p90']}) vs "
                      f"{row[f'ms_per_side_turn_level{lo}']['median']} ms", flush=True)
    if as_json:
        print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--seed", default="2024", help="study seed; with --pair, a comma list pools --runs games from each")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--levels", default="0,1,2")
    ap.add_argument("--sides", default=",".join(SIDES))
    ap.add_argument("--baselines", default="random,historical")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--pair", default=None, help="e.g. 2,1: level 2 against level 1 from the same side")
    args = ap.parse_args()
    if args.pair:
        hi, lo = map(int, args.pair.split(","))
        pair((hi, lo), args.sides.split(","), args.runs, [int(x) for x in args.seed.split(",")], args.jobs, args.json)
        return
    args.seed = int(args.seed)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for side in args.sides.split(","):
        base = {b: points(side, b, 0, args.runs, args.seed, args.jobs) for b in args.baselines.split(",")}
        for level in map(int, args.levels.split(",")):
            ai = points(side, "ai", level, args.runs, args.seed, args.jobs)
            for b, bp in base.items():
                diff = ai - bp
                row = {"ai_points_mean": round(float(ai.mean()), 2), "baseline_points_mean": round(float(bp.mean()), 2),
                       "beats": int((diff > 0).sum()), "ties": int((diff == 0).sum()), "runs": args.runs,
                       "beat_rate": round(float((diff > 0).mean()), 3),
                       "mean_gain": round(float(diff.mean()), 2),
                       "gain_95ci": round(float(1.96 * diff.std(ddof=1) / np.sqrt(len(diff))), 2)}
                out.setdefault(side, {})[f"ai{level} vs {b}"] = row
                if not args.json:
                    print(f"{side:10} ai{level} vs {b:10}: ai {row['ai_points_mean']:6.1f} pts, {b} {row['baseline_points_mean']:6.1f}; "
                          f"ai beats it in {row['beats']}/{args.runs} games ({row['beat_rate']:.0%}), "
                          f"gain {row['mean_gain']:+.1f} ± {row['gain_95ci']:.1f}", flush=True)
    if args.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
