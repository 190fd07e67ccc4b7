"""Determinization: one plausible full State built from a side's Observation and a sampled belief.

Information-set Monte Carlo needs states to play forward, but a policy may only see its
observation. This module builds a State from the observation alone, as the engine's public types
allow: own units as the side knows them, enemies in sight as seen, and every unseen enemy put
where the side's belief (``maps.build_belief``) says it might be. Nothing is read from the real
state, so a lookahead cannot cheat; what the side cannot know (the other sides' fog, which event
triggers have already fired, cells it has never seen) is filled in with explicit guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.ai.maps import Belief, arrival_turn
from game.engine import fog
from game.engine.fog import Observation, UnitView
from game.engine.state import ACTIVE, ALERT, DESTROYED, WAITING, Knowledge, State, Unit
from game.engine.turns import zone_shares


@dataclass
class Intel:
    """What a side has inferred from its past observations, kept by the policy between calls."""

    phase_since: int = 1
    phase: str = ""
    gone: set[str] = field(default_factory=set)  # enemies seen destroyed
    own_seen: set[str] = field(default_factory=set)  # own units that have been on the map
    claims: dict[str, str] = field(default_factory=dict)  # "zone:first" -> side, as far as it saw
    penalised: set[str] = field(default_factory=set)

    def update(self, obs: Observation) -> None:
        game = obs.game
        if obs.phase != self.phase:
            self.phase, self.phase_since = obs.phase, obs.turn
        self.gone -= set(obs.units)
        self.own_seen |= {u.id for u in obs.own()}
        for side, v in game.scenario.victory.items():
            for o in v.objectives:
                key = f"{o.zone}:first"
                if o.when != "first" or key in self.claims:
                    continue
                mask = game.zone_masks[o.zone]
                if float((obs.control[mask] == game.side_index[side]).mean()) >= o.hold:
                    self.claims[key] = side
        for side, dec in game.scenario.declarations.items():
            if side in obs.declared and dec.lost_below is not None:
                share = float((obs.control[game.zone_masks[dec.zone]] == game.side_index[side]).mean())
                if share < dec.lost_below:
                    self.penalised.add(side)


def _unit_from_view(obs: Observation, v: UnitView) -> Unit:
    sc = obs.game.scenario
    ut = sc.unit_types[v.type]
    spec_morale = next((s.morale for s in sc.units if s.id == v.id), None)
    return Unit(id=v.id, type=v.type, faction=v.faction, side=v.side, name=v.name, x=v.x, y=v.y,
                strength=v.strength, max_strength=v.max_strength,
                morale=v.morale if v.morale is not None else (spec_morale or ut.morale), posture=v.posture,
                status=ACTIVE, underground=v.underground, node=v.node, mp=v.mp or 0, moved=v.moved,
                attacked=v.attacked, acted=v.acted, broken=v.broken, suppressed=v.suppressed,
                fatigue=v.fatigue or 0, surprised_turn=v.surprised_turn, emerged_turn=v.emerged_turn)


def inferred_fired(obs: Observation, intel: Intel) -> set[str]:
    """Triggers that have surely fired, judged from the phase reached and the units seen."""
    game = obs.game
    order = {p.id: i for i, p in enumerate(game.scenario.phases)}
    now = order.get(obs.phase, 0)
    seen = set(obs.units) | set(obs.last_seen) | intel.own_seen
    fired = set()
    for t in game.scenario.triggers:
        for verb, arg in t.effects:
            if verb == "set_phase" and order.get(arg, 99) <= now or verb == "reinforce" and any(uid in seen for uid in arg):
                fired.add(t.id)
        if t.on == "game_start":
            fired.add(t.id)
    return fired


def determinize(obs: Observation, belief: Belief, intel: Intel, rng: np.random.Generator) -> State:
    """A full State consistent with ``obs``; unseen enemies sampled from ``belief``."""
    game = obs.game
    sc = game.scenario
    me = obs.side
    assert me is not None
    h, w = game.height, game.width
    units: dict[str, Unit] = {}
    for spec in sc.units:
        if spec.id in obs.units:
            units[spec.id] = _unit_from_view(obs, obs.units[spec.id])
            continue
        ut = sc.unit_types[spec.type]
        side = sc.side_of_faction(spec.faction)
        u = Unit(id=spec.id, type=spec.type, faction=spec.faction, side=side, name=spec.name, x=-1, y=-1,
                 strength=spec.strength or ut.strength, max_strength=ut.strength, morale=spec.morale or ut.morale,
                 posture=spec.posture or ALERT, status=DESTROYED)
        if side == me:
            at = arrival_turn(obs, spec.id)
            scheduled_later = spec.arrives is not None and (at is None or at > obs.turn)
            if spec.id not in intel.own_seen and scheduled_later:
                u.status = WAITING
        elif spec.id in belief.waiting:
            u.status = WAITING
        elif spec.id in belief.cells:
            u.strength = belief.strength.get(spec.id, u.strength)
            u.status = ACTIVE
        units[spec.id] = u
    knowledge: dict[str, Knowledge] = {}
    for side in game.sides:
        if side == me:
            knowledge[side] = Knowledge(visible=obs.visible.copy(), seen_control=obs.control.copy(),
                                        last_seen=dict(obs.last_seen), known_nodes=set(obs.known_nodes),
                                        seen_units={u.id for u in obs.enemies()})
        else:
            knowledge[side] = Knowledge(visible=np.zeros((h, w), bool), seen_control=obs.control.copy(),
                                        known_nodes=set(sc.tunnels.known_to.get(side, frozenset())))
    state = State(turn=obs.turn, side_index=game.side_index[obs.current_side or me], phase=obs.phase,
                  phase_since=intel.phase_since, units=units, control=obs.control.copy(), knowledge=knowledge,
                  rng=np.random.Generator(np.random.PCG64(int(rng.integers(2**63)))), seed=0,
                  collapsed=set(obs.collapsed), declared=dict(obs.declared), penalised=set(intel.penalised),
                  points=dict(obs.points), claims=dict(intel.claims), fired=inferred_fired(obs, intel),
                  losses={f: 0 for f in sc.factions}, kills={f: 0 for f in sc.factions})
    _place_hidden(obs, belief, state, rng)
    for side in game.sides:
        if side != me:
            fog.refresh(game, state, side, None)
    state.zone_shares = zone_shares(game, state)
    return state


def _place_hidden(obs: Observation, belief: Belief, state: State, rng: np.random.Generator) -> None:
    """Put each unseen enemy on a sampled cell (or under a known node) that the side would not see."""
    game = obs.game
    me = obs.side
    limit = game.rules.stack_limit
    count: dict[tuple[int, int], list[str]] = {}
    for u in state.units.values():
        if u.status == ACTIVE and not u.underground and u.x >= 0:
            count.setdefault(u.cell, []).append(u.side)
    for uid, (xs, ys, p) in belief.cells.items():
        u = state.units[uid]
        if u.status != ACTIVE:
            continue
        nodes = belief.underground.get(uid, [])
        if nodes and (len(p) == 0 or rng.random() < 0.5):
            n = nodes[int(rng.integers(len(nodes)))]
            u.x, u.y = game.nodes[n].at
            u.underground, u.node = True, n
            continue
        placed = False
        if len(p):
            for i in rng.choice(len(p), size=min(8, len(p)), p=p / p.sum()):
                cell = (int(xs[i]), int(ys[i]))
                here = count.get(cell, [])
                if len(here) >= limit or any(s != u.side for s in here):
                    continue
                u.x, u.y = cell
                if fog.detects(game, state, me, u):  # we would see it there: not a consistent guess
                    continue
                count.setdefault(cell, []).append(u.side)
                placed = True
                break
        if not placed:
            u.status = DESTROYED
