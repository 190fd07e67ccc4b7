"""Resampling a full state consistent with one side's observation, for a look-ahead that cannot cheat.

Information-set Monte Carlo needs states to play forward, but a side may only see its observation.
This module builds a State from the observation alone: own units as the side knows them, enemies in
sight as seen, and every unseen enemy put where the side's belief says it might be. Nothing is read
from the real state. The tunnel network a sample is played on is the side's believed network
(``believed_game``): the entrances it has found plus those the scenario's public tunnel lore gives it
(``tunnels.known_to``), so an entrance it has not found cannot shape its look-ahead, wherever it is.
What the side cannot know (the other sides' fog, which triggers have fired, cells it has never
seen) is filled in with explicit guesses.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from game.engine import fog
from game.engine.game import Game
from game.engine.observation import Observation, UnitView
from game.engine.state import ACTIVE, ALERT, DESTROYED, WAITING, Knowledge, State, Unit
from game.engine.tally import zone_shares
from game.engine.turns import arrival_turn
from game.scenario.model import Tunnels


class Hidden(Protocol):
    """Where a side believes the enemies it cannot see are (the AI's belief satisfies this)."""

    cells: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # unit -> xs, ys, probabilities
    underground: Mapping[str, list[str]]  # unit -> known nodes it may be under
    waiting: set[str]  # units believed not yet arrived
    strength: Mapping[str, int]


@dataclass
class Memory:
    """What a side remembers beyond its current observation, as far as a sample needs it."""

    phase_since: int = 1
    own_seen: set[str] = field(default_factory=set)  # own units that have been on the map
    claims: dict[str, str] = field(default_factory=dict)  # "zone:first" -> side, as far as it saw
    penalised: set[str] = field(default_factory=set)


_BELIEVED: weakref.WeakKeyDictionary[Game, dict[frozenset[str], Game]] = weakref.WeakKeyDictionary()


def believed_nodes(obs: Observation) -> frozenset[str]:
    """The entrances the observing side knows: found ones and those the scenario's lore gives it."""
    lore = obs.game.scenario.tunnels.known_to.get(obs.side or "", frozenset())
    return frozenset(obs.known_nodes) | frozenset(lore)


def believed_game(game: Game, known: frozenset[str]) -> Game:
    """``game`` with only the tunnel entrances in ``known`` (and the links between them). A unit that
    would start under an entrance not in it is placed where the side's belief puts it; one that would
    arrive through one comes up at a known entrance instead (the first by id), or not at all when none
    is known. Cached per known set."""
    if known >= frozenset(game.nodes):
        return game
    cache = _BELIEVED.setdefault(game, {})
    if known in cache:
        return cache[known]
    sc = game.scenario
    first = min(known) if known else None
    units, dropped = [], set()
    for spec in sc.units:
        if spec.tunnel and spec.tunnel not in known:
            spec = dataclasses.replace(spec, tunnel=None)  # a sample puts it where the belief says
        if spec.arrives is not None and spec.arrives.tunnel and spec.arrives.tunnel not in known:
            if first is None:
                dropped.add(spec.id)  # no way in that the side knows of: it never comes
            else:
                spec = dataclasses.replace(spec, arrives=dataclasses.replace(spec.arrives, tunnel=first))
        units.append(spec)
    triggers = tuple(dataclasses.replace(t, effects=tuple((verb, [u for u in arg if u not in dropped])
                                                         if verb == "reinforce" else (verb, arg) for verb, arg in t.effects))
                     for t in sc.triggers)
    tunnels = Tunnels(nodes={n: v for n, v in sc.tunnels.nodes.items() if n in known},
                      links=tuple((a, b) for a, b in sc.tunnels.links if a in known and b in known),
                      known_to={s: frozenset(k) & known for s, k in sc.tunnels.known_to.items()})
    believed = Game(dataclasses.replace(sc, units=tuple(units), triggers=triggers, tunnels=tunnels))
    cache[known] = believed
    return believed


def unit_from_view(obs: Observation, v: UnitView) -> Unit:
    """A full Unit rebuilt from what the side sees of it, so a sample never reads the true state.

    Morale the side cannot see falls back to the scenario's starting value for that unit or type.
    """
    sc = obs.game.scenario
    ut = sc.unit_types[v.type]
    spec_morale = next((s.morale for s in sc.units if s.id == v.id), None)
    return Unit(id=v.id, type=v.type, faction=v.faction, side=v.side, name=v.name, x=v.x, y=v.y,
                strength=v.strength, max_strength=v.max_strength,
                morale=v.morale if v.morale is not None else (spec_morale or ut.morale), posture=v.posture,
                status=ACTIVE, underground=v.underground, node=v.node, mp=v.mp or 0, moved=v.moved,
                attacked=v.attacked, acted=v.acted, broken=v.broken, suppressed=v.suppressed,
                fatigue=v.fatigue or 0, surprised_turn=v.surprised_turn, emerged_turn=v.emerged_turn)


def inferred_fired(obs: Observation, memory: Memory) -> set[str]:
    """Triggers that have surely fired, judged from the phase reached and the units seen."""
    game = obs.game
    order = {p.id: i for i, p in enumerate(game.scenario.phases)}
    now = order.get(obs.phase, 0)
    seen = set(obs.units) | set(obs.last_seen) | memory.own_seen
    fired = set()
    for t in game.scenario.triggers:
        for verb, arg in t.effects:
            if verb == "set_phase" and order.get(arg, 99) <= now or verb == "reinforce" and any(uid in seen for uid in arg):
                fired.add(t.id)
        if t.on == "game_start":
            fired.add(t.id)
    return fired


def sample_state(obs: Observation, belief: Hidden, memory: Memory, rng: np.random.Generator) -> tuple[Game, State]:
    """A full State consistent with ``obs``, unseen enemies sampled from ``belief``, and the believed
    game it is to be played on (see ``believed_game``)."""
    game = believed_game(obs.game, believed_nodes(obs))
    sc = game.scenario
    me = obs.side
    assert me is not None
    h, w = game.height, game.width
    units: dict[str, Unit] = {}
    for spec in sc.units:
        if spec.id in obs.units:
            units[spec.id] = unit_from_view(obs, obs.units[spec.id])
            continue
        ut = sc.unit_types[spec.type]
        side = sc.side_of_faction(spec.faction)
        u = Unit(id=spec.id, type=spec.type, faction=spec.faction, side=side, name=spec.name, x=-1, y=-1,
                 strength=spec.strength or ut.strength, max_strength=ut.strength, morale=spec.morale or ut.morale,
                 posture=spec.posture or ALERT, status=DESTROYED)
        if side == me:
            at = arrival_turn(game, spec.id)
            scheduled_later = spec.arrives is not None and (at is None or at > obs.turn)
            if spec.id not in memory.own_seen and scheduled_later:
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
                  phase_since=memory.phase_since, units=units, control=obs.control.copy(), knowledge=knowledge,
                  rng=np.random.Generator(np.random.PCG64(int(rng.integers(2**63)))), seed=0,
                  collapsed=set(obs.collapsed) & set(game.nodes), declared=dict(obs.declared), penalised=set(memory.penalised),
                  # the other sides' scores are not this side's to know: nought stands in for them
                  points={s: obs.points.get(s, 0.0) for s in game.sides},
                  claims=dict(memory.claims), fired=inferred_fired(obs, memory),
                  losses={f: 0 for f in sc.factions}, kills={f: 0 for f in sc.factions})
    _place_hidden(game, obs, belief, state, rng)
    for side in game.sides:
        if side != me:
            fog.refresh(game, state, side, None)
    state.zone_shares = zone_shares(game, state.control)
    return game, state


def _place_hidden(game: Game, obs: Observation, belief: Hidden, state: State, rng: np.random.Generator) -> None:
    """Put each unseen enemy on a sampled cell (or under a known node) that the side would not see."""
    me = obs.side
    assert me is not None, "a sample is built from one side's observation"
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
