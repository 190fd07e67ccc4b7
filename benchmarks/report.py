"""Report speed: the time ``abu-kamal report`` takes for the historical game, end to end and by stage.

A game is played first with the historical policies on every side and saved; then the report is
built from the save as the command does it (replay, walk the log, draw a map per turn and the
charts, render the template, write atomically). The target is a few seconds.

    python benchmarks/report.py [--seed N] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from game.ai.base import play_side_turn
from game.ai.registry import make_policy
from game.report.builder import build_report, render_html
from game.session import Session, load, write_atomic


def play_historical(seed: int) -> Session:
    s = Session.new("abu_kamal_2017", seed=seed)
    players = {side: make_policy("historical", side, seed) for side in s.game.sides}
    while not s.state.over:
        play_side_turn(s.game, s.state, players[s.game.current_side(s.state)], apply=s.play)
    return s


def time_once(save: Path, out: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    session = load(save)
    t1 = time.perf_counter()
    report = build_report(session, save_file=save.name)
    t2 = time.perf_counter()
    html = render_html(report)
    write_atomic(out / "report.html", html)
    t3 = time.perf_counter()
    return {"replay_s": t1 - t0, "build_s": t2 - t1, "render_write_s": t3 - t2, "total_s": t3 - t0,
            "maps": len(report.maps), "bytes": len(html.encode("utf-8"))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        session = play_historical(args.seed)
        save = session.save(folder / "historical.json")
        runs = [time_once(save, folder) for _ in range(max(1, args.repeat))]
    best = min(runs, key=lambda r: r["total_s"])
    result = {"seed": args.seed, "turns": session.state.turn, "events": len(session.events),
              "median_total_s": round(statistics.median(r["total_s"] for r in runs), 3),
              **{k: round(v, 3) if isinstance(v, float) else v for k, v in best.items()}}
    if args.json:
        print(json.dumps(result))
        return
    print(f"report of the historical game (seed {args.seed}, {result['turns']} turns, {result['events']} events, "
          f"{result['maps']} maps, {result['bytes'] / 1e6:.1f} MB)")
    print(f"  best of {len(runs)}: {best['total_s']:.2f} s  (replay {best['replay_s']:.2f} s, "
          f"walk + maps + charts {best['build_s']:.2f} s, render + write {best['render_write_s']:.2f} s); "
          f"median {result['median_total_s']:.2f} s")


if __name__ == "__main__":
    main()
