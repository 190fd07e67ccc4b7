"""Run the odds: from one position, play the rest of the game many times under two policies.

The position is the same in every run; only the dice (re-rolled per run with ``Game.reseed``) and
the chosen policy differ, and both policies get the same dice seeds (paired runs). So the spread
within one policy is luck and the gap between the two is decision. The runs are the simulation
runner's (``game.sim.runner``, from a ``Start`` position) with the same decision profiles as
``simulate`` and ``decisions``: a teacher's what-if, a study and a player's game mean the same
thing. Runs go to an executor (worker processes by default) and can be polled and cancelled, so a
window stays responsive; the summary uses the report's odds format (see game/sim/odds.py).
"""

from __future__ import annotations

import concurrent.futures as cf
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.sim.runner import RunResult, Start, _game, run_seeds, run_seeds_for, worker_setup


def _policies(ref: str, side: str, policy: str, others: str) -> dict[str, str]:
    return {s: (policy if s == side else others) for s in _game(ref).sides}


def _row(ref: str, r: RunResult) -> dict[str, Any]:
    """One run in the form the summary needs."""
    if r.error is not None:
        raise RuntimeError(r.error)
    game = _game(ref)
    holders = {}
    for zone, shares in r.holders.items():
        best = max(shares, key=lambda s: shares[s]) if shares else None
        holders[zone] = best if best is not None and shares[best] >= 0.5 else "none"
    return {"winner": r.winner or "none", "phases": sorted({game.scenario.phases[0].id, *r.beats}),
            "losses": dict(r.losses), "holders": holders, "results": dict(r.results),
            "casualties_people": dict(r.casualties_people)}


def one_run(ref: str, game_seed: int, prefix: Sequence[str], side: str, policy: str, run_seed: int,
            others: str = "historical", level: int = 0) -> dict[str, Any]:
    """Replay ``prefix``, re-roll the dice with ``run_seed``, and play to the end (one runner run)."""
    start = Start(game_seed, tuple(prefix))
    return _row(ref, run_seeds(ref, _policies(ref, side, policy, others), [(0, run_seed)], level, start)[0])


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
    level: int = 0
    others: str = "historical"
    _futures: dict[cf.Future, str] = field(default_factory=dict)
    _own_executor: bool = False

    def start(self) -> OddsRun:
        if self.executor is None:
            self.executor = cf.ProcessPoolExecutor(max_workers=2, initializer=worker_setup)
            self._own_executor = True
        start = Start(self.game_seed, tuple(self.prefix))
        seeds = run_seeds_for(self.seed, self.runs)
        for policy in self.policies:
            pols = _policies(self.ref, self.side, policy, self.others)
            for i, s in enumerate(seeds):  # the same dice seeds for every policy: paired runs
                fut = self.executor.submit(run_seeds, self.ref, pols, [(i, s)], self.level, start)
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
            rows = [_row(self.ref, r) for f, p in self._futures.items()
                    if p == policy and f.done() and not f.cancelled() and f.exception() is None
                    for r in f.result() if r.error is None]
            if not rows:
                continue
            beats: Counter[str] = Counter()
            for r in rows:
                beats.update(r["phases"])
            factions = sorted({f for r in rows for f in r["losses"]})
            sides = sorted({s for r in rows for s in r["casualties_people"]})
            out["policies"][policy] = {
                "runs": len(rows),
                "outcomes": dict(Counter(r["winner"] for r in rows)),
                "results": {s: dict(Counter(r["results"].get(s, "none") for r in rows)) for s in rows[0]["results"]},
                "beats": dict(beats),
                "casualties": {f: float(np.mean([r["losses"].get(f, 0) for r in rows])) for f in factions},
                "casualties_people": {s: float(np.mean([r["casualties_people"].get(s, 0) for r in rows])) for s in sides},
                "holders": {z: dict(Counter(r["holders"][z] for r in rows)) for z in rows[0]["holders"]},
                "crossing": dict(Counter(r["holders"].get("border_crossing", "none") for r in rows)),
            }
        return out

    def close(self) -> None:
        if self._own_executor and self.executor is not None:
            self.executor.shutdown(wait=True)
