"""AI decision time: milliseconds each side's policy thinks per side-turn (median and p95), for every
policy and ``ai`` level, on the historical scenario and on a map 4x larger (the scenario tiled 2x2
with every unit, zone, tunnel and trigger copied into each tile, see ``tiled.py``).

Only time inside ``Policy.choose`` counts (the engine's own work on the actions is not thinking).
Every side plays the measured policy, so each side's figure is that policy playing that side.

    python benchmarks/ai.py [--seeds N] [--big-seeds N] [--policies ai0,ai2] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from tiled import tiled_scenario  # noqa: E402

from game.ai.base import play_side_turn  # noqa: E402
from game.ai.registry import make_policy  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.scenario.validate import load_scenario  # noqa: E402

POLICIES = ["random", "historical", "vigilant", "ai0", "ai1", "ai2"]


class Timed:
    """Adds up the time a policy spends choosing, per side-turn."""

    def __init__(self, inner) -> None:
        self.inner, self.name = inner, inner.name
        self.spent = 0.0

    def choose(self, obs):
        t = time.perf_counter()
        try:
            return self.inner.choose(obs)
        finally:
            self.spent += time.perf_counter() - t


def measure(game: Game, policy: str, seeds: list[int], max_turns: int | None = None) -> dict[str, list[float]]:
    per_side: dict[str, list[float]] = defaultdict(list)
    for seed in seeds:
        state = game.new_initial_state(seed)
        players = {s: Timed(make_policy(policy, s, seed)) for s in game.sides}
        while not state.over and (max_turns is None or state.turn <= max_turns):
            side = game.current_side(state)
            p = players[side]
            p.spent = 0.0
            play_side_turn(game, state, p)
            per_side[side].append(p.spent * 1000)
    return per_side


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3, help="games per policy on the historical map")
    ap.add_argument("--big-seeds", type=int, default=1, help="games per policy on the 4x map")
    ap.add_argument("--big-turns", type=int, default=14, help="turns played on the 4x map (it is slow with fast policies too)")
    ap.add_argument("--policies", default=",".join(POLICIES))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sc = load_scenario("abu_kamal_2017")
    maps = {"historical_64x48": (Game(sc), list(range(1, args.seeds + 1)), None),
            "tiled_128x96": (Game(tiled_scenario(sc, 2, 2)), list(range(1, args.big_seeds + 1)), args.big_turns)}
    out: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for name, (game, seeds, turns) in maps.items():
        for policy in args.policies.split(","):
            times = measure(game, policy, seeds, turns)
            out.setdefault(name, {})[policy] = {
                side: {"median_ms": round(float(np.median(v)), 2), "p95_ms": round(float(np.percentile(v, 95)), 2),
                       "side_turns": len(v)} for side, v in times.items()}
            if not args.json:
                row = "  ".join(f"{side} {t['median_ms']:7.2f} / {t['p95_ms']:7.2f}"
                                for side, t in out[name][policy].items())
                print(f"{name:17} {policy:10}  median / p95 ms per side-turn:  {row}", flush=True)
    if args.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
