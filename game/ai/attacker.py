"""The attacker's tactics: take and hold the declaration zone and the other objectives, guard and
collapse the tunnel entrances found, keep the garrison alert unless the commander decides otherwise
(``decide.Commander``: declare, stand down, redeploy, search, hold)."""

from __future__ import annotations

import numpy as np

from game.ai import tactics as T
from game.ai.plans import TurnPlan
from game.engine import actions as A
from game.engine.movement import MP_SCALE, UNREACHED
from game.engine.observation import Observation, UnitView
from game.engine.state import ALERT, STOOD_DOWN

BIG = 1e6
SEARCH_AGAIN_AFTER = 4  # turns before ground searched by the side is worth searching again
SECURE_RADIUS = 2  # level 2: cells around a held lesser objective watched for enemies before its holder leaves
SECURE_BELIEF = 0.5  # level 2: expected hidden enemy units there below which it needs no holder


class AttackerTactics:
    """Mixed into ``AIPolicy``; uses its shared helpers."""

    def _main_zone(self, obs: Observation) -> str:
        return obs.game.scenario.declarations[self.side].zone

    def _open_nodes(self, obs: Observation, near: np.ndarray | None = None) -> list[str]:
        game = obs.game
        out = []
        for n in sorted(obs.known_nodes):
            if n in obs.collapsed:
                continue
            x, y = game.nodes[n].at
            if near is None or near[y, x]:
                out.append(n)
        return out

    def _plan_attacker(self, obs: Observation, plan: TurnPlan) -> None:
        game = obs.game
        sc = game.scenario
        zone = self._main_zone(obs)
        zmask = game.zone_masks[zone]
        me = self._me(obs)
        own = [u for u in obs.own() if not u.broken and not u.underground]
        leaving = self.decisions.leavers(obs)
        combat = [u for u in own if sc.unit_types[u.type].range <= 1 and "engineer" not in sc.unit_types[u.type].abilities
                  and u.id not in leaving]
        free = list(combat)
        regroup = self.decisions.zones("hold")
        if regroup:  # the commander pulls everyone back to one zone until the decision lapses
            mask = game.zone_masks[regroup[0]]
            for u in free:
                plan.tasks[u.id] = (f"regroup:{regroup[0]}", mask)
            return
        # one holder for each secondary objective (two if the enemy is seen there), within what the
        # main zone can spare
        spare = self._spare_for_secondaries(obs, len(free))
        for o in sorted(sc.victory[self.side].objectives, key=lambda o: -o.points):
            if o.zone == zone or o.when == "first" and f"{o.zone}:first" in self.intel.claims:
                continue
            if self.level >= 2 and self._secure(obs, plan, o.zone):
                continue  # held, and nobody near to take it back: its would-be holder goes for the main zone
            mask = game.zone_masks[o.zone]
            holders = [u for u in free if mask[u.y, u.x]]
            around = T.dilate(mask, 1)
            enemies_there = sum(1 for e in obs.enemies() if around[e.y, e.x])
            need = min(1 + (1 if enemies_there else 0), spare)
            spare -= need
            if holders:
                for u in holders[:need]:
                    plan.tasks[u.id] = (f"hold:{o.zone}", mask)
                    T.drop(free, u)
                need -= len(holders[:need])
            if need <= 0 or not free:
                continue  # nobody to send: ``_assign`` would pick no one
            field = self._field(obs, mask)
            reachable = [u for u in free if self._turns_to(obs, u, mask, field) <= self._turns_left(obs) + 0.5]
            for u in self._assign(obs, reachable, mask, need):
                plan.tasks[u.id] = (f"take:{o.zone}", mask)
                T.drop(free, u)
        # a guard on every open tunnel entrance in and around the city
        near_city = T.dilate(zmask, 2)
        for n in self._open_nodes(obs, near_city):
            at = game.nodes[n].at
            here = [u for u in free if u.cell == at]
            if here:
                plan.guards[here[0].id] = n
                T.drop(free, here[0])
                continue
            if self._share(obs, zone) < 0.5:
                continue  # clear first: a lone guard deep in a hostile city is lost
            cell = np.zeros_like(zmask)
            cell[at[1], at[0]] = True
            for u in self._assign(obs, free, cell, 1):
                plan.guards[u.id] = n
                T.drop(free, u)
        # everyone else clears the city, spreading over ground not yet held
        goal = zmask & (obs.control != me)
        if not goal.any():
            goal = zmask & ~T.dilate(self._occupied(obs), 1)
        if not goal.any():
            goal = zmask.copy()
        goal.setflags(write=False)  # the whole turn's goal: its field is looked up without a digest
        for u in free:
            plan.tasks[u.id] = ("city", goal)

    def _secure(self, obs: Observation, plan: TurnPlan, zone: str) -> bool:
        """Level 2: ``zone`` is held and needs no holder, since no enemy is in sight within
        ``SECURE_RADIUS`` of it and the side's belief puts less than ``SECURE_BELIEF`` of a hidden
        unit there.

        Ground stays with the side that last held it until another side's unit comes next to it
        (the engine's control rule), so a unit standing on a lesser objective nobody threatens
        scores nothing there that it would not score elsewhere. In paired games against level 1
        (historical decisions, seeds 101 and 202, 40 each), sending such holders to the main zone
        won 58 of 80 games against 49 of 80 keeping them: the city retaken by the end of the
        renewed assault is worth more than the lesser objectives together."""
        if not self._holds(obs, zone):
            return False
        around = T.dilate(obs.game.zone_masks[zone], SECURE_RADIUS)
        if any(around[e.y, e.x] for e in obs.enemies()):
            return False
        return plan.belief is None or float(plan.belief.density[around].sum()) < SECURE_BELIEF

    def _spare_for_secondaries(self, obs: Observation, n: int) -> int:
        """How many of ``n`` combat units the secondary objectives may take. While the main zone is
        not held, they get a share in proportion to their points, rounded down: a force thinned by
        losses goes back for the objective that scores most (the city lost after an ambush) instead
        of spreading its last units over the lesser ones."""
        zone = self._main_zone(obs)
        if self._holds(obs, zone):
            return n
        objectives = obs.game.scenario.victory[self.side].objectives
        main = sum(o.points for o in objectives if o.zone == zone)
        others = sum(o.points for o in objectives if o.zone != zone)
        return n if main + others <= 0 else int(n * others / (main + others))

    def _turns_to(self, obs: Observation, u: UnitView, mask: np.ndarray, field: np.ndarray | None = None) -> float:
        """Turns of full movement from ``u`` to ``mask`` (``field``: its distance field, when at hand)."""
        d = (self._field(obs, mask) if field is None else field)[u.y, u.x]
        if d >= UNREACHED:
            return BIG
        return float(d) / (obs.game.scenario.unit_types[u.type].move * MP_SCALE)

    def _should_declare(self, obs: Observation, plan: TurnPlan) -> bool:
        game = obs.game
        if self.side in obs.declared or self.side not in game.scenario.declarations:
            return False
        decided = self.decisions.declare()
        if decided is False:  # the commander's decision, asked first: the engine's check costs more
            return False
        if game.declare_blocked(obs) is not None:
            return False
        if decided is not None:
            return decided  # the commander's decision, not the tactics'
        if self.style.declare is not None:
            return self.style.declare
        zone = self._main_zone(obs)
        zmask = game.zone_masks[zone]
        unguarded = [n for n in self._open_nodes(obs, zmask)
                     if not any(o.cell == game.nodes[n].at for o in obs.own())]
        if self.level == 0:
            return self._share(obs, zone) >= 0.8 and not unguarded
        hidden = float(plan.belief.density[zmask].sum()) if plan.belief is not None else 0.0
        return self._share(obs, zone) >= 0.85 and not unguarded and hidden < 2.0

    def _attacker_unit(self, obs: Observation, plan: TurnPlan, u: UnitView) -> A.Action | None:
        game = obs.game
        sc = game.scenario
        ut = sc.unit_types[u.type]
        zone = self._main_zone(obs)
        zmask = game.zone_masks[zone]
        if u.broken or u.underground:
            return None
        ordered = self.decisions.posture_for(obs, u)
        if ordered is not None and ordered != u.posture:
            return A.Posture(u.id, ordered)
        if u.id in self.decisions.leavers(obs):
            return self._redeploy(obs, plan, u)  # once sent to other fronts, a unit is gone from this one
        if ordered == STOOD_DOWN:
            return None  # at rest, as ordered: the garrison believes the battle over
        if u.posture != ALERT and (self._enemy_near(obs, u, 3) or zmask[u.y, u.x] or not self._may_rest(obs, plan, u)):
            return A.Posture(u.id, ALERT)
        if self.decisions.in_zone(obs, "search", u) is not None:
            search = self._search_or_hold(obs, plan, u, ordered=True)
            if search is not None:
                return search
        if "engineer" in ut.abilities and not u.acted and not u.attacked:
            for n in self._open_nodes(obs):
                nx, ny = game.nodes[n].at
                if max(abs(nx - u.x), abs(ny - u.y)) <= 1:
                    return A.Demolish(u.id, n)
        if ut.range > 1:  # fire support: shoot whatever is in range, keep out of reach
            hit = self._attack(obs, plan, u, -0.5)
            if hit is not None:
                return hit
            near_city = T.dilate(game.zone_masks[zone], 4)
            targets = T.enemy_mask(obs) & near_city
            if targets.any():  # within range of the enemies in and around the city (one part each)
                return self._advance(obs, plan, u, T.dilate(targets, ut.range - 1), safety=2.0,
                                     parts=T.around_enemies(obs, near_city, ut.range - 1))
            return self._advance(obs, plan, u, T.dilate(zmask, ut.range), safety=2.0)
        bar = 0.3 if self.level == 0 else 0.2
        task = plan.tasks.get(u.id, ("", zmask))
        if task[0].startswith("regroup:"):
            where = T.dilate(task[1], 1)
            if task[1][u.y, u.x]:
                return self._attack(obs, plan, u, bar, where=where)  # fight only what comes close
            hit = self._attack(obs, plan, u, bar, where=where)
            return hit if hit is not None else self._advance(obs, plan, u, task[1], safety=1.0, spread=1.0)
        hit = self._attack(obs, plan, u, bar)
        if hit is not None:
            return hit
        if u.moved:
            return None
        if self.level >= 2 and self._turns_left(obs) == 0 and u.id not in plan.guards:
            # the side's last turn: walk through the most of the main zone the move can win
            grab = T.ground_grab(obs, u, T.open_ground(obs, zmask, exclude=u.id))
            if grab is not None:
                return grab
        dec = sc.declarations[self.side]
        if self.side in obs.declared and dec.withdraw_zone and game.zone_masks[dec.withdraw_zone][u.y, u.x] \
                and self._turns_to(obs, u, zmask) > self._turns_left(obs):
            return A.Withdraw(u.id)  # too far to matter here before the end
        if u.id in plan.guards:
            n = plan.guards[u.id]
            at = game.nodes[n].at
            if u.cell == at:
                return self._search_or_hold(obs, plan, u) if self.level >= 1 else None
            cell = np.zeros_like(zmask)
            cell[at[1], at[0]] = True
            return self._advance(obs, plan, u, cell, safety=0.5)
        if "engineer" in ut.abilities:
            nodes = self._open_nodes(obs)
            if nodes:
                goal = np.zeros_like(zmask)
                for n in nodes:
                    x, y = game.nodes[n].at
                    goal[y, x] = True
                return self._advance(obs, plan, u, T.dilate(goal, 1) & game.standable, safety=1.5)
            search = self._search_or_hold(obs, plan, u)
            if search is not None:
                return search
            return self._advance(obs, plan, u, zmask, safety=1.5, spread=1.0)
        name, goal = plan.tasks.get(u.id, ("city", zmask))
        if name.startswith("hold:") and self._holds(obs, name[5:]):
            if self._may_rest(obs, plan, u) and u.posture == ALERT and (u.fatigue or 0) >= 3 and ordered is None:
                return A.Posture(u.id, STOOD_DOWN)
            return None
        if name == "city" and zmask[u.y, u.x]:
            search = self._search_or_hold(obs, plan, u)
            if search is not None:
                return search
        target = goal
        if self.level >= 1 and name == "city":
            target = goal | (T.enemy_mask(obs) & T.dilate(zmask, 2))  # go for the enemies still in and around it
        elif self.level >= 2 and name.startswith(("hold:", "take:")):
            # an objective scored by its share: spread over the part of it not yet held rather than
            # stand anywhere inside it (a holder at rest in a corner can leave it short of the share)
            short = goal & (obs.control != self._me(obs))
            if short.any():
                target = short
        return self._advance(obs, plan, u, target, safety=0.4 if name == "city" else 0.7, spread=1.0)

    def _holds(self, obs: Observation, zone: str) -> bool:
        hold = max((o.hold for o in obs.game.scenario.victory[self.side].objectives if o.zone == zone), default=0.5)
        return self._share(obs, zone) >= hold

    def _may_rest(self, obs: Observation, plan: TurnPlan, u: UnitView) -> bool:
        """Stand down to recover only far from any enemy, seen or believed, and outside the city."""
        if self.level == 0 or plan.threat is None:
            return False
        zmask = obs.game.zone_masks[self._main_zone(obs)]
        if T.dilate(zmask, 4)[u.y, u.x] or self._enemy_near(obs, u, 8):
            return False
        return float(plan.threat[u.y, u.x]) < 1.0

    def _redeploy(self, obs: Observation, plan: TurnPlan, u: UnitView) -> A.Action | None:
        """A unit the commander sends to other fronts: to the withdraw zone, then off the map."""
        game = obs.game
        dec = game.scenario.declarations[self.side]
        if not dec.withdraw_zone:
            return None
        mask = game.zone_masks[dec.withdraw_zone]
        if mask[u.y, u.x]:
            return A.Withdraw(u.id)
        return self._advance(obs, plan, u, mask, safety=0.0)

    def _search_or_hold(self, obs: Observation, plan: TurnPlan, u: UnitView, ordered: bool = False) -> A.Action | None:
        """Search ground not searched lately, when the city is mostly ours and no enemy is close
        (``ordered``: the commander has decided the search, so its condition stands for the share)."""
        game = obs.game
        ut = game.scenario.unit_types[u.type]
        if not ({"search", "engineer"} & ut.abilities) or u.moved or u.acted or u.posture != ALERT:
            return None
        if (not ordered and self._share(obs, self._main_zone(obs)) < 0.6) or self._enemy_near(obs, u, 2):
            return None
        r = game.rules.search_radius
        recent = any(max(abs(x - u.x), abs(y - u.y)) <= r and obs.turn - t < SEARCH_AGAIN_AFTER
                     for (x, y), t in self.searched.items())
        if recent:
            return None
        self.searched[u.cell] = obs.turn
        self.decisions.searches += 1
        return A.Search(u.id)
