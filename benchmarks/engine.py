"""Engine speed: time per apply (median, p99), observe per side, and a whole game replayed from
its action log (no AI thinking), on the historical scenario and on a map tiled 2x2 (4x area,
4x units) to show how the costs grow.

    python benchmarks/engine.py [--json]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from tiled import tiled_scenario  # noqa: E402

from game.ai.base import play_side_turn  # noqa: E402
from game.ai.registry import make_policy  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.scenario.validate import load_scenario  # noqa: E402


def record_game(game: Game, seed: int) -> list[str]:
    state = game.new_initial_state(seed)
    players = {s: make_policy("historical", s, seed) for s in game.sides}
    log: list[str] = []

    def apply(a):
        log.append(a.text())
        return game.apply(state, a)

    while not state.over:
        play_side_turn(game, state, players[game.current_side(state)], apply=apply)
    return log


def measure(game: Game, seeds: range) -> dict[str, float]:
    apply_ms: list[float] = []
    observe_ms: list[float] = []
    games_s: list[float] = []
    visible_enemies: list[int] = []
    for seed in seeds:
        log = record_game(game, seed)
        t0 = time.perf_counter()
        replay = game.new_initial_state(seed)
        for text in log:
            game.apply(replay, text)
        games_s.append(time.perf_counter() - t0)
        state = game.new_initial_state(seed)
        for text in log:
            t = time.perf_counter()
            game.apply(state, text)
            apply_ms.append((time.perf_counter() - t) * 1000)
            if len(observe_ms) < 3000:
                for side in game.sides:
                    t = time.perf_counter()
                    obs = game.observe(state, side)
                    observe_ms.append((time.perf_counter() - t) * 1000)
                    visible_enemies.append(len(obs.enemies()))
    return {
        "actions_per_game": len(apply_ms) / len(seeds),
        "apply_ms_median": float(np.median(apply_ms)), "apply_ms_p99": float(np.percentile(apply_ms, 99)),
        "observe_ms_median": float(np.median(observe_ms)), "observe_ms_p99": float(np.percentile(observe_ms, 99)),
        "enemies_in_sight_mean": float(np.mean(visible_enemies)),
        "game_replay_s_median": float(np.median(games_s)),
    }


def main() -> None:
    sc = load_scenario("abu_kamal_2017")
    results = {
        "historical_64x48": {"units": len(sc.units), **measure(Game(sc), range(1, 6))},
    }
    big = tiled_scenario(sc, 2, 2)
    results["tiled_128x96"] = {"units": len(big.units), **measure(Game(big), range(1, 3))}
    if "--json" in sys.argv:
        print(json.dumps(results))
        return
    for name, r in results.items():
        print(f"{name}: " + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()))


if __name__ == "__main__":
    main()
