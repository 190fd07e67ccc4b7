"""Run the odds: from one position, play the rest of the game many times under two policies.

The position is the same in every run; only the dice (the engine's generator, re-seeded per run)
and the chosen policy differ. So the spread within one policy is luck and the gap between the two
is decision. Runs go to an executor (worker processes by default) and can be polled and
cancelled, so a window stays responsive; the summary uses the report's odds format
(see game/report/odds.py).
"""

from __future__ import annotations

import concurrent.futures as cf
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.ai.base import play_side_turn
from game.ai.registry import make_policy
from game.engine.game import Game
from game.scenario.validate import load_scenario

_GAMES: dict[str, Game] = {}


def _game(ref: str) -> Game:
    if ref not in _GAMES:
        _GAMES[ref] = Game(load_scenario(ref))
    return _GAMES[ref]


def one_run(ref: str, game_seed: int, prefix: Sequence[str], side: str, policy: str, run_seed: int,
            others: str = "historical") -> dict[str, Any]:
    """Replay ``prefix``, re-seed the dice, and play to the end; returns what the summary needs."""
    game = _game(ref)
    state = game.new_initial_state(game_seed)
    phases_before = {state.phase}
    for text in prefix:
        for ev in game.apply(state, text):
            if ev.kind == "phase":
                phases_before.add(ev.get("phase"))
    state.rng = np.random.Generator(np.random.PCG64(run_seed))
    players = {s: make_policy(policy if s == side else others, s, run_seed) for s in game.sides}
    phases = set(phases_before)
    while not state.over:
        current = game.current_side(state)
        assert current is not None
        for ev in play_side_turn(game, state, players[current]):
            if ev.kind == "phase":
                phases.add(ev.get("phase"))
    holders = {}
    for zone, shares in state.zone_shares.items():
        best = max(shares, key=lambda s: shares[s])
        holders[zone] = best if shares[best] >= 0.5 else "none"
    outcome = state.outcome or {}
    return {"winner": outcome.get("winner") or "none", "phases": sorted(phases),
            "losses": dict(state.losses), "holders": holders, "results": outcome.get("results", {})}


@dataclass
class OddsRun:
    """A batch of runs in flight for two (or more) policies of one side."""

    ref: str
    game_seed: int
    prefix: list[str]
    side: str
    policies: tuple[str, ...]
    runs: int
    seed: int = 0
    executor: cf.Executor | None = None
    _futures: dict[cf.Future, str] = field(default_factory=dict)
    _results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _own_executor: bool = False

    def start(self) -> OddsRun:
        if self.executor is None:
            self.executor = cf.ProcessPoolExecutor(max_workers=2)
            self._own_executor = True
        seeds = np.random.SeedSequence(self.seed).generate_state(self.runs, dtype=np.uint64)
        for policy in self.policies:
            self._results[policy] = []
            for s in seeds:  # the same dice seeds for every policy: paired runs
                fut = self.executor.submit(one_run, self.ref, self.game_seed, self.prefix, self.side, policy, int(s))
                self._futures[fut] = policy
        return self

    @property
    def total(self) -> int:
        return len(self._futures)

    def poll(self) -> int:
        """How many runs have finished."""
        return sum(1 for fut in self._futures if fut.done() and not fut.cancelled())

    def cancel(self) -> None:
        for fut in self._futures:
            fut.cancel()
        if self._own_executor and self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)

    def wait(self) -> dict[str, Any]:
        for fut in cf.as_completed(list(self._futures)):
            fut.result()
        return self.summary()

    def summary(self) -> dict[str, Any]:
        """Finished runs so far, in the report's odds format: {"policies": {name: {...}}}."""
        out: dict[str, Any] = {"policies": {}, "side": self.side, "from_action": len(self.prefix), "scenario": self.ref}
        for policy in self.policies:
            rows = [f.result() for f, p in self._futures.items() if p == policy and f.done() and not f.cancelled()
                    and f.exception() is None]
            if not rows:
                continue
            beats: Counter[str] = Counter()
            for r in rows:
                beats.update(r["phases"])
            factions = sorted({f for r in rows for f in r["losses"]})
            out["policies"][policy] = {
                "runs": len(rows),
                "outcomes": dict(Counter(r["winner"] for r in rows)),
                "results": {s: dict(Counter(r["results"].get(s, "none") for r in rows)) for s in rows[0]["results"]},
                "beats": dict(beats),
                "casualties": {f: float(np.mean([r["losses"].get(f, 0) for r in rows])) for f in factions},
                "holders": {z: dict(Counter(r["holders"][z] for r in rows)) for z in rows[0]["holders"]},
                "crossing": dict(Counter(r["holders"].get("border_crossing", "none") for r in rows)),
            }
        return out

    def close(self) -> None:
        if self._own_executor and self.executor is not None:
            self.executor.shutdown(wait=True)
