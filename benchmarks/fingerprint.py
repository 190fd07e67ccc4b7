"""Fingerprints of whole AI games: for each (policy mix, level, seed) the final ``State.hash()``,
the points, the number of actions and a digest of every action and event, one JSON line each.

An optimisation that claims to leave every game as it was must leave this output byte-identical:

    python benchmarks/fingerprint.py > before.jsonl   # on the old code
    python benchmarks/fingerprint.py > after.jsonl    # on the new code
    cmp before.jsonl after.jsonl

Games are played as ``simulate`` plays them (``game.ai.driver``, trusted actions), and also a few
through ``game.ai.base`` (the checked path front ends use), so both drivers are covered.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from game.ai import base, driver  # noqa: E402
from game.ai.registry import make_policy  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.scenario.validate import load_scenario  # noqa: E402

MIXES = {
    "historical": {},
    "vigilant": {"government": "vigilant"},
    "ai": {"government": "ai", "isis": "ai", "sdf": "ai"},
}


def fingerprint(game: Game, policies: dict[str, str], level: int, seed: int, checked: bool = False) -> dict:
    state, events = game.start(seed)
    players = {s: make_policy(policies.get(s, "historical"), s, seed, level) for s in game.sides}
    digest = hashlib.sha256()
    n = 0

    def note(evs) -> None:
        for ev in evs:
            digest.update(json.dumps(ev.to_json(), sort_keys=True, default=str).encode())

    def record(policy):
        inner = policy.choose

        def choose(obs):
            nonlocal n
            a = inner(obs)
            digest.update(a.text().encode() + b"\n")
            n += 1
            return a
        policy.choose = choose
        return policy

    players = {s: record(p) for s, p in players.items()}
    note(events)
    while not state.over:
        p = players[game.current_side(state)]
        note(base.play_side_turn(game, state, p) if checked else driver.play_side_turn(game, state, p))
    return {"level": level, "seed": seed, "checked": checked, "hash": state.hash(), "actions": n,
            "points": state.points, "digest": digest.hexdigest()[:24]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=30, help="level-0 games per mix")
    ap.add_argument("--l1", type=int, default=3, help="level-1 games per mix")
    ap.add_argument("--l2", type=int, default=2, help="level-2 games per mix")
    ap.add_argument("--with-store", action="store_true",
                    help="read the stored terrain results first (game.sim.terrain_store): the output must not change")
    args = ap.parse_args()
    game = Game(load_scenario("abu_kamal_2017"))
    if args.with_store:
        from game.sim import terrain_store

        print(f"# {terrain_store.load(game)} stored terrain results read", file=sys.stderr)
    for name, pols in MIXES.items():
        for level, count in ((0, args.seeds), (1, args.l1), (2, args.l2)):
            for seed in range(1, count + 1):
                print(json.dumps({"mix": name, **fingerprint(game, pols, level, seed)}), flush=True)
        for seed in range(1, 3):
            print(json.dumps({"mix": name, **fingerprint(game, pols, 0, seed, checked=True)}), flush=True)


if __name__ == "__main__":
    main()
