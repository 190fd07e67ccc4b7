"""Scripted policies: ``historical`` (what the commanders did) and ``vigilant`` (the what-if).

Roles come from the scenario, not from names: a side that may declare victory is the
*attacker*; a side whose units use tunnels is the *hider*; any other side *races* for its
objectives. So the same policies play a designer's variant without changes.

- attacker, historical: takes the declaration zone, declares at the first chance, stands the
  garrison down and sends part of it to other fronts; when the zone is struck from inside it
  falls back to its rally zone and counterattacks once reinforcements arrive.
- attacker, vigilant: keeps every unit alert, searches for tunnels, demolishes and guards the
  entrances it finds, and declares only once the zone is cleared.
- hider: screens, slips its units underground as the attacker closes in, and strikes from the
  tunnels at night once the attacker has declared victory (or, at the latest, part-way through).
- racer: heads for its objectives, attacking only at good odds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.ai import tactics as T
from game.ai.registry import register
from game.engine import actions as A
from game.engine.errors import EngineError
from game.engine.fog import Observation, UnitView

ATTACK_BAR = {"attacker": 0.3, "hider": 0.2, "racer": 0.6}


def legal(obs: Observation, action: A.Action) -> bool:
    try:
        obs.game.check_observed(obs, action)
    except EngineError:
        return False
    return True


def role_of(obs: Observation, side: str) -> str:
    sc = obs.game.scenario
    if side in sc.declarations:
        return "attacker"
    for spec in sc.units:
        if sc.side_of_faction(spec.faction) == side and "tunnels" in sc.unit_types[spec.type].abilities:
            return "hider"
    return "racer"


@dataclass
class Memory:
    """What a commander keeps in mind between turns (all of it derived from observations)."""

    turn: int = -1
    done: set[str] = field(default_factory=set)
    crisis_turn: int | None = None
    units_at_crisis: frozenset[str] = frozenset()
    strike_turn: int | None = None
    searches: int = 0
    leaving: set[str] = field(default_factory=set)


class ScriptedPolicy:
    def __init__(self, side: str, seed: int = 0, vigilant: bool = False) -> None:
        self.side = side
        self.vigilant = vigilant
        self.name = "vigilant" if vigilant else "historical"
        self.mem = Memory()
        self._fields: dict[object, np.ndarray] = {}

    # --- driver -------------------------------------------------------------------------
    def choose(self, obs: Observation) -> A.Action:
        if obs.turn != self.mem.turn:
            self.mem.turn = obs.turn
            self.mem.done = set()
            self._fields = {}
        role = role_of(obs, self.side)
        side_action = getattr(self, f"_{role}_side")(obs)
        if side_action is not None:
            return side_action
        for u in sorted(obs.own(), key=lambda v: v.id):
            if u.id in self.mem.done:
                continue
            act = getattr(self, f"_{role}_unit")(obs, u)
            if act is None or not legal(obs, act):
                self.mem.done.add(u.id)
                continue
            if isinstance(act, A.Attack | A.Search | A.Demolish | A.Withdraw):
                self.mem.done.add(u.id)  # these end the unit's turn
            return act
        return A.EndTurn()

    def _field(self, obs: Observation, key: object, mask: np.ndarray) -> np.ndarray:
        if key not in self._fields:
            self._fields[key] = T.distance_field(obs, mask)
        return self._fields[key]

    def _attack_or_none(self, obs: Observation, u: UnitView, bar: float, stood_down: bool = False) -> A.Action | None:
        choice = T.best_attack(obs, u, prefer_stood_down=stood_down)
        return choice.action if choice is not None and choice.score > bar else None

    def _goal_move(self, obs: Observation, u: UnitView, key: object, mask: np.ndarray) -> A.Action | None:
        if u.moved or u.attacked or u.acted:
            return None
        return T.step_toward(obs, u, self._field(obs, key, mask))

    # --- attacker -----------------------------------------------------------------------
    def _zone(self, obs: Observation) -> str:
        return obs.game.scenario.declarations[self.side].zone

    def _me(self, obs: Observation) -> int:
        return obs.game.side_index[self.side]

    def _share(self, obs: Observation, zone: str) -> float:
        mask = obs.game.zone_masks[zone]
        return float((obs.control[mask] == self._me(obs)).mean())

    def _in_crisis(self, obs: Observation) -> bool:
        """Declared, and now enemies stand inside the zone again."""
        if self.side not in obs.declared or self.vigilant:
            return False
        mask = obs.game.zone_masks[self._zone(obs)]
        if self.mem.crisis_turn is None and any(mask[e.y, e.x] for e in obs.enemies()):
            self.mem.crisis_turn = obs.turn
            self.mem.units_at_crisis = frozenset(u.id for u in obs.own())
        return self.mem.crisis_turn is not None

    def _counterattacking(self, obs: Observation) -> bool:
        if self.mem.crisis_turn is None:
            return False
        arrived = [u for u in obs.own() if u.id not in self.mem.units_at_crisis]
        return bool(arrived) or obs.turn - self.mem.crisis_turn >= 8

    def _attacker_side(self, obs: Observation) -> A.Action | None:
        game = obs.game
        if self.side in obs.declared or game.declare_blocked(obs) is not None:
            return None
        if self.vigilant:
            zone = self._zone(obs)
            mask = game.zone_masks[zone]
            open_nodes = [n for n in obs.known_nodes if n not in obs.collapsed and mask[game.nodes[n].at[1], game.nodes[n].at[0]]]
            if self._share(obs, zone) < 0.95 or open_nodes or self.mem.searches < 8:
                return None
        return A.Declare()

    def _objective_mask(self, obs: Observation) -> np.ndarray:
        game = obs.game
        me = self._me(obs)
        zone = self._zone(obs)
        goal = game.zone_masks[zone] & (obs.control != me)
        for o in game.scenario.victory[self.side].objectives:
            if o.zone != zone and self._share(obs, o.zone) < o.hold:
                goal |= game.zone_masks[o.zone] & (obs.control != me)
        if not goal.any():
            goal = game.zone_masks[zone].copy()
        occupied = np.zeros_like(goal)
        for u in obs.own():
            occupied[u.y, u.x] = True
        free = goal & ~occupied
        return free if free.any() else goal

    def _holds_objective(self, obs: Observation, u: UnitView, main: str | None = None) -> bool:
        """One unit stays on each secondary objective it stands in."""
        game = obs.game
        main = main if main is not None else self._zone(obs)
        for o in game.scenario.victory[self.side].objectives:
            if o.zone == main:
                continue
            mask = game.zone_masks[o.zone]
            if mask[u.y, u.x]:
                holders = sorted(v.id for v in obs.own() if mask[v.y, v.x])
                return holders[0] == u.id
        return False

    def _attacker_unit(self, obs: Observation, u: UnitView) -> A.Action | None:
        game = obs.game
        zone = self._zone(obs)
        zmask = game.zone_masks[zone]
        if u.broken:
            return None
        declared = self.side in obs.declared
        crisis = self._in_crisis(obs)
        # Historical: after the declaration, stand down and send part of the force away.
        if declared and not crisis and not self.vigilant:
            if u.posture != "stood_down":
                return A.Posture(u.id, "stood_down")
            if u.id in self._leavers(obs):
                dec = game.scenario.declarations[self.side]
                if dec.withdraw_zone and game.zone_masks[dec.withdraw_zone][u.y, u.x]:
                    return A.Withdraw(u.id)
                if dec.withdraw_zone:
                    return self._goal_move(obs, u, ("rear",), game.zone_masks[dec.withdraw_zone])
            return None
        if u.posture != "alert":
            return A.Posture(u.id, "alert")
        hit = self._attack_or_none(obs, u, ATTACK_BAR["attacker"])
        if crisis and not self._counterattacking(obs):
            rally = game.scenario.sides[self.side].rally_zone
            if rally and not game.zone_masks[rally][u.y, u.x]:
                return self._goal_move(obs, u, ("rally",), game.zone_masks[rally])
            if rally and hit is not None:  # hold the rally zone: fight only what comes into it
                target = obs.units[hit.target]  # type: ignore[union-attr]
                return hit if game.zone_masks[rally][target.y, target.x] else None
            return hit
        if hit is not None:
            return hit
        if self._holds_objective(obs, u):
            return None
        if self.vigilant:
            act = self._vigilant_duties(obs, u, zmask)
            if act is not None:
                return act
        return self._goal_move(obs, u, ("goal", len(self.mem.done)), self._objective_mask(obs))

    def _leavers(self, obs: Observation) -> set[str]:
        """A third of the units in the zone leave for other fronts once victory is declared."""
        if not self.mem.leaving:
            zmask = obs.game.zone_masks[self._zone(obs)]
            inside = sorted((u for u in obs.own() if zmask[u.y, u.x]), key=lambda v: v.id)
            self.mem.leaving = {u.id for i, u in enumerate(inside) if i % 3 == 2}
        return self.mem.leaving

    def _vigilant_duties(self, obs: Observation, u: UnitView, zmask: np.ndarray) -> A.Action | None:
        game = obs.game
        abilities = game.scenario.unit_types[u.type].abilities
        open_nodes = sorted(n for n in obs.known_nodes if n not in obs.collapsed)
        if "engineer" in abilities and open_nodes and not u.acted:
            for n in open_nodes:
                nx, ny = game.nodes[n].at
                if max(abs(nx - u.x), abs(ny - u.y)) <= 1:
                    return A.Demolish(u.id, n)
            goal = np.zeros_like(zmask)
            for n in open_nodes:
                nx, ny = game.nodes[n].at
                goal[ny, nx] = True
            return self._goal_move(obs, u, ("nodes",), goal)
        if not zmask[u.y, u.x]:
            return None
        guard = [n for n in open_nodes if game.nodes[n].at == (u.x, u.y)]
        if guard:
            return None  # standing on an entrance keeps it shut
        if self._share(obs, self._zone(obs)) >= 0.6 and {"search", "engineer"} & abilities and not u.moved \
                and not any(max(abs(e.x - u.x), abs(e.y - u.y)) <= 1 for e in obs.enemies()):
            self.mem.searches += 1
            return A.Search(u.id)
        return None

    # --- hider --------------------------------------------------------------------------
    def _strike_now(self, obs: Observation) -> bool:
        if self.mem.strike_turn is not None:
            return True
        sc = obs.game.scenario
        if not obs.night:
            return False
        declared = [t for s, t in obs.declared.items() if s != self.side]
        late = obs.turn >= int(sc.calendar.turns * 0.4)
        if (declared and obs.turn >= min(declared) + 1) or late:
            self.mem.strike_turn = obs.turn
            return True
        return False

    def _hider_side(self, obs: Observation) -> A.Action | None:
        return None

    def _hider_unit(self, obs: Observation, u: UnitView) -> A.Action | None:
        game = obs.game
        target_zones = [d.zone for s, d in game.scenario.declarations.items() if s != self.side]
        city = np.zeros((game.height, game.width), bool)
        for z in target_zones:
            city |= game.zone_masks[z]
        strike = self._strike_now(obs)
        suicide = "suicide" in game.scenario.unit_types[u.type].abilities
        if u.underground:
            if not strike:
                return None
            enemy_here = any(e.cell == u.cell for e in obs.enemies())
            if not enemy_here and not u.moved:
                return A.Emerge(u.id)
            for n in sorted(obs.known_nodes):
                if n in obs.collapsed or n == u.node:
                    continue
                if not any(e.cell == game.nodes[n].at for e in obs.enemies()) and game.tunnel_route(obs, u, n):
                    return A.Tunnel(u.id, n)
            return None
        if u.broken:
            return None
        bar = -0.5 if strike and u.emerged_turn == obs.turn else ATTACK_BAR["hider"]
        if suicide:
            choice = T.best_attack(obs, u, prefer_stood_down=True)
            if choice is not None and (strike or choice.score > 2):
                return choice.action
            if not strike:
                return self._hide(obs, u, city)
            return self._goal_move(obs, u, ("enemies",), T.enemy_mask(obs))
        hit = self._attack_or_none(obs, u, bar, stood_down=True)
        if hit is not None:
            return hit
        if not strike:
            return self._hide(obs, u, city)
        if any(self._holds_objective(obs, u, main=z) for z in target_zones):
            return None
        if T.dilate(city, 4)[u.y, u.x]:
            me = obs.game.side_index[self.side]
            goal = city & (obs.control != me) & ~T.enemy_mask(obs)
            if goal.any():
                return self._goal_move(obs, u, ("claim", len(self.mem.done)), goal)
        return None

    def _hide(self, obs: Observation, u: UnitView, city: np.ndarray) -> A.Action | None:
        """Inside the city, go underground when the attacker comes close; elsewhere hold."""
        game = obs.game
        if not city[u.y, u.x] or "tunnels" not in game.scenario.unit_types[u.type].abilities:
            return None
        threat = any(max(abs(e.x - u.x), abs(e.y - u.y)) <= 4 for e in obs.enemies())
        if not threat:
            return None
        node = game.node_at.get(u.cell)
        if node and node in obs.known_nodes and node not in obs.collapsed:
            return A.Dive(u.id) if (u.mp or 0) >= game._dive_cost(u.type) else None
        goal = np.zeros((game.height, game.width), bool)
        for n in sorted(obs.known_nodes):
            if n not in obs.collapsed:
                x, y = game.nodes[n].at
                goal[y, x] = True
        return self._goal_move(obs, u, ("hide",), goal)

    # --- racer --------------------------------------------------------------------------
    def _racer_side(self, obs: Observation) -> A.Action | None:
        return None

    def _racer_unit(self, obs: Observation, u: UnitView) -> A.Action | None:
        game = obs.game
        if u.broken:
            return None
        hit = self._attack_or_none(obs, u, ATTACK_BAR["racer"])
        if hit is not None:
            return hit
        me = self._me(obs)
        goal = np.zeros((game.height, game.width), bool)
        for o in sorted(game.scenario.victory[self.side].objectives, key=lambda o: o.when != "first"):
            mask = game.zone_masks[o.zone]
            if float((obs.control[mask] == me).mean()) < o.hold:
                goal |= mask
        if not goal.any():
            return None
        return self._goal_move(obs, u, ("race",), goal & ~T.enemy_mask(obs))


register("historical", lambda side, seed, level: ScriptedPolicy(side, seed, vigilant=False))
register("vigilant", lambda side, seed, level: ScriptedPolicy(side, seed, vigilant=True))
