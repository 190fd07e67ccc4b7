"""A random player: a baseline for strength measures and a fuzzer for the rules."""

from __future__ import annotations

from game.ai.base import policy_rng
from game.ai.roles import legal as _legal
from game.engine import actions as A
from game.engine.observation import Observation

ACTIONS_PER_TURN = 12


class RandomPolicy:
    name = "random"

    def __init__(self, side: str, seed: int = 0) -> None:
        self.side = side
        self.rng = policy_rng(seed, side, self.name)
        self._turn = (-1, 0)

    def choose(self, obs: Observation) -> A.Action:
        key = obs.turn
        count = self._turn[1] + 1 if self._turn[0] == key else 1
        self._turn = (key, count)
        if count > ACTIONS_PER_TURN:
            return A.EndTurn()
        game = obs.game
        options: list[A.Action] = []
        for u in obs.own():
            if u.underground:
                options.append(A.Emerge(u.id))
                continue
            if not u.broken and (u.mp or 0) > 0 and not u.moved:
                cells = obs.reach(u.id).cells()
                if cells:
                    x, y = cells[int(self.rng.integers(len(cells)))]
                    options.append(A.Move(u.id, x, y))
            rng_cells = game.scenario.unit_types[u.type].range
            options += [A.Attack(u.id, e.id) for e in obs.enemies()
                        if max(abs(e.x - u.x), abs(e.y - u.y)) <= rng_cells and not u.attacked]
        if game.declare_blocked(obs) is None:
            options.append(A.Declare())
        options = [a for a in options if _legal(obs, a)]  # e.g. a broken unit may not attack
        if not options:
            return A.EndTurn()
        pick = options[int(self.rng.integers(len(options)))]
        return pick
