"""What a side infers from its observations between turns (``Intel``), and the adapter from it to the
engine's resampling (``game.engine.sample``): one plausible full State built from the observation
alone, on the side's believed tunnel network, for the level-2 look-ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.ai.maps import Belief
from game.engine.game import Game
from game.engine.observation import Observation
from game.engine.sample import Memory, sample_state
from game.engine.state import State
from game.engine.tally import zone_share


@dataclass
class Intel:
    """What a side has inferred from its past observations, kept by the policy between calls."""

    phase_since: int = 1
    phase: str = ""
    gone: set[str] = field(default_factory=set)  # enemies seen destroyed
    own_seen: set[str] = field(default_factory=set)  # own units that have been on the map
    claims: dict[str, str] = field(default_factory=dict)  # "zone:first" -> side, as far as it saw
    penalised: set[str] = field(default_factory=set)
    _control: bytes | None = field(default=None, repr=False, compare=False)  # as the last claims check saw it
    _declared: tuple[str, ...] | None = field(default=None, repr=False, compare=False)  # as the last check saw them

    def update(self, obs: Observation) -> None:
        """Called on every observation (every action). The first-holder claims depend on the control
        layer alone and only ever grow, so they are checked again only when the layer has changed
        (its bytes compared: cheaper than an array comparison at every action)."""
        game = obs.game
        if obs.phase != self.phase:
            self.phase, self.phase_since = obs.phase, obs.turn
        if self.gone:
            self.gone.difference_update(obs.units)
        self.own_seen.update([u.id for u in obs.own()])
        control = obs.control.tobytes()
        changed = control != self._control
        if changed:
            self._claims(obs)
            self._control = control
        # A share too low to hold depends on the layer and on who has declared: with both as they
        # were at the last check, it gives what it gave then
        declared = tuple(obs.declared)
        if not changed and declared == self._declared:
            return
        self._declared = declared
        for side, dec in game.scenario.declarations.items():
            if side in obs.declared and side not in self.penalised and dec.lost_below is not None:
                share = zone_share(game, obs.control, dec.zone, side)
                if share < dec.lost_below:
                    self.penalised.add(side)

    def _claims(self, obs: Observation) -> None:
        game = obs.game
        for side, v in game.scenario.victory.items():
            for o in v.objectives:
                key = f"{o.zone}:first"
                if o.when != "first" or key in self.claims:
                    continue
                if zone_share(game, obs.control, o.zone, side) >= o.hold:
                    self.claims[key] = side


def determinize(obs: Observation, belief: Belief, intel: Intel, rng: np.random.Generator) -> tuple[Game, State]:
    """A full State consistent with ``obs`` (unseen enemies sampled from ``belief``) and the game it
    is played on: the side's believed network, without the entrances it has not found."""
    memory = Memory(phase_since=intel.phase_since, own_seen=set(intel.own_seen), claims=dict(intel.claims),
                    penalised=set(intel.penalised))
    return sample_state(obs, belief, memory, rng)
