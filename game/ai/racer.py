"""The racer's tactics: head for the objectives (first the ones scored for arriving first),
attacking at good odds and clearing the objective itself."""

from __future__ import annotations

import numpy as np

from game.ai import tactics as T
from game.ai.plans import TurnPlan
from game.engine import actions as A
from game.engine.observation import Observation, UnitView


class RacerTactics:
    """Mixed into ``AIPolicy``; uses its shared helpers."""

    def _plan_racer(self, obs: Observation, plan: TurnPlan) -> None:
        game = obs.game
        sc = game.scenario
        own = sorted((u for u in obs.own() if not u.broken), key=lambda u: u.id)
        me = self._me(obs)
        open_first, ends = [], []
        for o in sorted(sc.victory[self.side].objectives, key=lambda o: -o.points):
            key = f"{o.zone}:first"
            if o.when == "first":
                if key not in self.intel.claims:
                    open_first.append(o)
            elif o.when in ("end", "each_turn"):
                ends.append(o)
        free = list(own)
        # hold what counts at the end once it is ours
        for o in ends:
            mask = game.zone_masks[o.zone]
            if self._share(obs, o.zone) >= o.hold and open_first:
                for u in [u for u in free if mask[u.y, u.x]][:1]:
                    plan.tasks[u.id] = (f"hold:{o.zone}", mask)
                    T.drop(free, u)
        goals = [game.zone_masks[o.zone] & (obs.control != me) for o in open_first] or \
                [game.zone_masks[o.zone] for o in ends]
        goals = [g for g in goals if g.any()] or [game.zone_masks[o.zone] for o in ends]
        for z in reversed(self.decisions.zones("advance")):  # the commander's goal comes first
            goals.insert(0, game.zone_masks[z] & (obs.control != me) if self._share(obs, z) < 1.0
                         else game.zone_masks[z])
        if not goals:
            return
        # everyone on the first goal; once it is close to won, the rest move on to the next
        main = goals[0]
        for u in free:
            plan.tasks[u.id] = ("race", main)
        if len(goals) > 1:
            first_zone = open_first[0].zone if open_first else None
            if first_zone is not None and self._share(obs, first_zone) >= 0.3:
                spare = sorted(free, key=lambda u: -int(self._field(obs, main)[u.y, u.x]))[: max(0, len(free) - 2)]
                for u in spare:
                    plan.tasks[u.id] = ("race", goals[1])

    def _racer_unit(self, obs: Observation, plan: TurnPlan, u: UnitView) -> A.Action | None:
        if u.broken or u.underground:
            return None
        name, goal = plan.tasks.get(u.id, ("", np.zeros((1, 1), bool)))
        zone_enemy = T.enemy_mask(obs) & T.dilate(goal, 1) if goal.shape != (1, 1) else None
        bar = 0.6 if self.level == 0 else 0.4
        hit = self._attack(obs, plan, u, bar)
        if hit is None and zone_enemy is not None and zone_enemy.any():
            hit = self._attack(obs, plan, u, -0.2, where=zone_enemy)  # clear the objective itself
        if hit is not None:
            return hit
        if not name or name.startswith("hold:"):
            return None
        enemy = T.enemy_mask(obs)
        target = goal & ~enemy
        if zone_enemy is not None and zone_enemy.any():
            target |= T.dilate(zone_enemy, 1) & ~enemy  # close in on the defenders
        return self._advance(obs, plan, u, target if target.any() else goal, safety=1.0, spread=1.0)
