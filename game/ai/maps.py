"""Numpy maps a commander reads at a glance: friendly influence, enemy threat, and where the enemy
it cannot see is likely to be (a belief built only from its own sightings, fog and briefing).

The briefing is the scenario's order of battle: which enemy units exist and when scheduled
reinforcements arrive, as in a board game's counter mix. Where an unseen unit stands is never
read from the state; it is spread over the cells it could have reached since it was last seen,
or over the ground the side has not seen, or over the tunnel entrances the side knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from game.engine.observation import Observation, UnitView
from game.engine.state import Sighting

STEP_CELLS = 0.6  # cells per movement point over mixed ground: a coarse reach for threat maps
MAX_SPREAD = 14  # an unseen unit is assumed within this many cells of where it was last seen


def power(obs: Observation, type_id: str, strength: int) -> float:
    """A unit's punch: attack per step times steps (the same product combat uses)."""
    ut = obs.game.scenario.unit_types[type_id]
    return float(ut.attack) * max(0, strength)


def threat_radius(obs: Observation, type_id: str) -> int:
    ut = obs.game.scenario.unit_types[type_id]
    return max(1, int(round(ut.move * STEP_CELLS)) + ut.range)


@lru_cache(maxsize=64)
def _kernel(r: int) -> np.ndarray:
    """Weights 1 at the centre falling linearly to ~0 at Chebyshev distance r + 1."""
    ax = np.arange(-r, r + 1)
    d = np.maximum(np.abs(ax)[:, None], np.abs(ax)[None, :])
    k = (1.0 - d / (r + 1.0)).astype(np.float32)
    k.setflags(write=False)
    return k


def stamp(out: np.ndarray, x: int, y: int, r: int, weight: float) -> None:
    """Add ``weight * kernel(r)`` centred on (x, y), clipped to the map."""
    h, w = out.shape
    k = _kernel(r)
    x0, x1, y0, y1 = x - r, x + r + 1, y - r, y + r + 1
    kx0, ky0 = max(0, -x0), max(0, -y0)
    kx1, ky1 = k.shape[1] - max(0, x1 - w), k.shape[0] - max(0, y1 - h)
    if kx1 <= kx0 or ky1 <= ky0:
        return
    out[max(0, y0):min(h, y1), max(0, x0):min(w, x1)] += weight * k[ky0:ky1, kx0:kx1]


def influence(obs: Observation, units: list[UnitView], out: np.ndarray | None = None, sign: float = 1.0) -> np.ndarray:
    """Sum of each unit's power spread over the ground it can strike next turn (added to ``out``
    times ``sign`` when given: moving one unit's share costs one stamp, not a whole map)."""
    if out is None:
        out = np.zeros((obs.game.height, obs.game.width), np.float32)
    for u in units:
        if u.underground:
            continue
        w = sign * power(obs, u.type, u.strength) * (0.4 if u.broken else 1.0)
        if w != 0:
            stamp(out, u.x, u.y, threat_radius(obs, u.type), w)
    return out


@dataclass
class Belief:
    """Where each unseen enemy unit may be: candidate cells with probabilities, and the sum."""

    density: np.ndarray  # expected number of unseen enemy units per cell
    threat: np.ndarray  # their expected power spread over what they could strike
    cells: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)  # uid -> xs, ys, p
    underground: dict[str, list[str]] = field(default_factory=dict)  # uid -> known nodes it may lurk under
    strength: dict[str, int] = field(default_factory=dict)
    waiting: set[str] = field(default_factory=set)  # not on the map yet, by the public schedule


def arrival_turn(obs: Observation, uid: str) -> int | None:
    """The public arrival turn of a reinforcement; None if it is on the map from the start or comes on an event."""
    from game.engine.turns import arrival_turn as engine_arrival

    spec = next(s for s in obs.game.scenario.units if s.id == uid)
    if spec.arrives is None:
        return None
    return engine_arrival(obs.game, uid)


def enemy_roster(obs: Observation) -> list[tuple[str, str, str, int]]:
    """(id, side, type, strength) of every enemy unit in the order of battle."""
    sc = obs.game.scenario
    out = []
    for spec in sc.units:
        side = sc.side_of_faction(spec.faction)
        if side != obs.side:
            out.append((spec.id, side, spec.type, spec.strength or sc.unit_types[spec.type].strength))
    return out


def hidden_ground(obs: Observation, enemy_side: str) -> np.ndarray:
    """Prior weights for an enemy never seen: ground not in sight, never seen or seen held by that side."""
    game = obs.game
    idx = game.side_index[enemy_side]
    unseen = (obs.control == -1) | (obs.control == idx)
    w = (unseen & game.standable & ~obs.visible).astype(np.float32)
    w *= 0.3 + game.urban + game.cover  # fighters hide in built-up ground and cover
    return w


def build_belief(obs: Observation, gone: set[str] | frozenset[str] = frozenset(),
                 enemy_nodes: dict[str, frozenset[str]] | None = None) -> Belief:
    """Spread every unseen, presumed-alive enemy over where it could be now.

    ``gone``: enemies this side saw destroyed (inferred by the policy from its observations).
    ``enemy_nodes``: for each enemy side, the tunnel nodes this side knows that side can use.
    """
    game = obs.game
    h, w = game.height, game.width
    density = np.zeros((h, w), np.float32)
    threat = np.zeros((h, w), np.float32)
    belief = Belief(density=density, threat=threat)
    # visible ground with cover may still hide a unit further than arm's length from our viewers
    hide_w = np.where(obs.visible, game.cover * 0.5, 1.0).astype(np.float32) * game.standable
    priors: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, float]] = {}  # side -> xs, ys, p, total
    by_radius: dict[int, np.ndarray] = {}
    shared: dict[tuple[str, int], tuple[float, float]] = {}  # (side, radius) -> (units, power) on a prior
    specs = {s.id: s for s in game.scenario.units}
    for uid, side, utype, strength0 in enemy_roster(obs):
        if uid in obs.units or uid in gone:
            continue
        seen: Sighting | None = obs.last_seen.get(uid)
        if seen is None and specs[uid].arrives is not None:
            at = arrival_turn(obs, uid)
            if at is None or at > obs.turn:
                belief.waiting.add(uid)  # scheduled later, or brought by an event nobody has seen yet
                continue
        ut = game.scenario.unit_types[utype]
        tunnels = "tunnels" in ut.abilities
        nodes = sorted((enemy_nodes or {}).get(side, frozenset()) - obs.collapsed) if tunnels else []
        if seen is not None:  # somewhere it could have walked to since, out of sight
            strength = seen.strength
            r = min(MAX_SPREAD, 1 + int((obs.turn - seen.turn) * ut.move * STEP_CELLS))
            x0, x1, y0, y1 = max(0, seen.x - r), min(w, seen.x + r + 1), max(0, seen.y - r), min(h, seen.y + r + 1)
            win = hide_w[y0:y1, x0:x1].copy()
            if obs.turn == seen.turn:
                win[seen.y - y0, seen.x - x0] += 1.0  # it was just here: it dived, or slipped out of sight
            total = float(win.sum())
            ys, xs = np.nonzero(win)
            p = win[ys, xs] / total if total > 0 else np.zeros(0, np.float32)
            xs, ys = xs + x0, ys + y0
        else:  # never seen: anywhere on the ground its side may hold that we do not see
            strength = strength0
            if side not in priors:
                prior = hidden_ground(obs, side)
                total = float(prior.sum())
                ys, xs = np.nonzero(prior)
                priors[side] = (xs, ys, prior[ys, xs] / total if total > 0 else np.zeros(0, np.float32), total)
            xs, ys, p, total = priors[side]
        belief.strength[uid] = strength
        if nodes:
            belief.underground[uid] = nodes
        if total <= 0 and not nodes:
            continue  # nowhere it could be hiding: presume it gone
        surface_share = 1.0 if not nodes else (0.5 if total > 0 else 0.0)
        belief.cells[uid] = (xs, ys, p)
        pw = power(obs, utype, strength)
        rad = threat_radius(obs, utype)
        mass = by_radius.setdefault(rad, np.zeros((h, w), np.float32))
        if total > 0 and seen is None:  # units sharing a prior are added up first, then spread once
            key = (side, rad)
            n_units, n_power = shared.get(key, (0.0, 0.0))
            shared[key] = (n_units + surface_share, n_power + pw * surface_share)
        elif total > 0:
            density[ys, xs] += p * surface_share
            mass[ys, xs] += pw * p * surface_share
        for n in nodes:
            nx, ny = game.nodes[n].at
            share = (1.0 - surface_share) / len(nodes)
            density[ny, nx] += share
            mass[ny, nx] += pw * share
    for (side, rad), (n_units, n_power) in shared.items():
        xs, ys, p, _ = priors[side]
        density[ys, xs] += p * n_units
        by_radius[rad][ys, xs] += p * n_power
    for rad, mass in by_radius.items():
        threat += box_sum(mass, rad)
    return belief


def box_sum(a: np.ndarray, r: int) -> np.ndarray:
    """Sum of ``a`` over the (2r+1)^2 square around every cell (summed-area table, O(cells))."""
    h, w = a.shape
    c = np.zeros((h + 1, w + 1), np.float64)
    c[1:, 1:] = a.cumsum(0).cumsum(1)
    ys, xs = np.arange(h), np.arange(w)
    y0, y1 = np.clip(ys - r, 0, h), np.clip(ys + r + 1, 0, h)
    x0, x1 = np.clip(xs - r, 0, w), np.clip(xs + r + 1, 0, w)
    out = c[y1][:, x1] - c[y0][:, x1] - c[y1][:, x0] + c[y0][:, x0]
    return out.astype(np.float32)
