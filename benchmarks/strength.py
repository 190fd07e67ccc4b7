"""AI strength: does ``ai`` play a side better than the ``random`` and ``historical`` policies?

For each side and each baseline, the same games are played twice: once with the side on the
baseline, once with it on ``ai`` at a given level, every other side on ``historical`` both times
and every game on the same seed (so the dice start alike and the opponents are the same). ``ai``
*beats* the baseline in a game when it ends the game with more points for that side than the
baseline did on the same seed; a tie counts as not beating it. Points are the scenario's victory
points, which decide the winner.

    python benchmarks/strength.py [--runs N] [--levels 0,1,2] [--sides government,isis] [--json]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--levels", default="0,1,2")
    ap.add_argument("--sides", default=",".join(SIDES))
    ap.add_argument("--baselines", default="random,historical")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
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
