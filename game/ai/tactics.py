"""Tactical building blocks every policy shares: distance fields to goals, moves toward them,
and attack choices from the engine's own outcome preview. Everything works from an Observation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import tcod.path

from game.engine import actions as A
from game.engine.fog import Observation, UnitView
from game.engine.movement import CARDINAL, DIAGONAL, UNREACHED


def distance_field(obs: Observation, goal: np.ndarray, boat: bool = False) -> np.ndarray:
    """Movement-cost distance from every cell to the nearest goal cell (terrain only)."""
    game = obs.game
    cost = game.move_cost10.copy()
    if boat:
        cost[game.river] = 30
    dist = np.full(cost.shape, UNREACHED, dtype=np.int32)
    dist[goal & (cost > 0)] = 0
    if not goal.any():
        return dist
    tcod.path.dijkstra2d(dist, cost, CARDINAL, DIAGONAL, out=dist)
    return dist


def step_toward(obs: Observation, u: UnitView, field: np.ndarray, avoid: np.ndarray | None = None) -> A.Move | None:
    """The reachable cell closest to the goal by ``field``; None if no cell improves on staying."""
    if u.broken or u.underground or not u.mp:
        return None
    here = int(field[u.y, u.x])
    best, best_d = None, here
    reach = obs.reach(u.id)
    for x, y in reach.cells():
        if avoid is not None and avoid[y, x]:
            continue
        d = int(field[y, x])
        if d < best_d or (d == best_d and best is not None and reach.distance(x, y) < reach.distance(*best)):
            best, best_d = (x, y), d
    return A.Move(u.id, *best) if best is not None and best_d < here else None


@dataclass(frozen=True)
class AttackChoice:
    action: A.Attack
    score: float


def best_attack(obs: Observation, u: UnitView, prefer_stood_down: bool = False) -> AttackChoice | None:
    """The most rewarding attack in range, scored by expected losses from the engine's preview."""
    if u.underground or u.broken or u.attacked or u.acted:
        return None
    game = obs.game
    ut = game.scenario.unit_types[u.type]
    if ut.attack <= 0:
        return None
    best: AttackChoice | None = None
    for e in obs.enemies():
        if max(abs(e.x - u.x), abs(e.y - u.y)) > ut.range:
            continue
        p = game.preview(obs, u.id, e.id)
        if p.suicide:
            score = p.defender_loss_mean * 1.5 + 3 * p.p_defender_destroyed + 2 * p.p_defender_breaks - u.strength * 0.4
        else:
            score = (p.defender_loss_mean - p.attacker_loss_mean + 2 * p.p_defender_destroyed
                     + 1.5 * p.p_defender_breaks)
        if prefer_stood_down and e.posture == "stood_down":
            score += 1.0
        if best is None or score > best.score:
            best = AttackChoice(A.Attack(u.id, e.id), score)
    return best


def zone_mask(obs: Observation, zone: str) -> np.ndarray:
    return obs.game.zone_masks[zone]


def enemy_mask(obs: Observation) -> np.ndarray:
    m = np.zeros((obs.game.height, obs.game.width), bool)
    for e in obs.enemies():
        m[e.y, e.x] = True
    return m


def dilate(mask: np.ndarray, r: int) -> np.ndarray:
    """Cells within Chebyshev distance r of the mask."""
    out = mask.copy()
    for _ in range(r):
        grown = out.copy()
        grown[1:, :] |= out[:-1, :]
        grown[:-1, :] |= out[1:, :]
        g2 = grown.copy()
        g2[:, 1:] |= grown[:, :-1]
        g2[:, :-1] |= grown[:, 1:]
        out = g2
    return out
