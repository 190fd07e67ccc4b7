"""The hider's tactics: hold ground in cover, slip underground before a stronger enemy, and strike
from the tunnels when the odds are best (at night, against a garrison at rest, or when its hold on
the city slips), unless the commander has decided when to strike or to stay hidden."""

from __future__ import annotations

import dataclasses
import weakref
from typing import Any

import numpy as np

from game.ai import tactics as T
from game.ai.maps import build_belief, power
from game.ai.plans import DIVE_AT, TurnPlan
from game.engine import actions as A
from game.engine.combat import predict
from game.engine.observation import Observation, UnitView
from game.engine.state import STOOD_DOWN

# Horizons counted back from the scenario's last turn (calendar data, known to every side).
LAST_WORD = 0  # the last turn: nobody can answer a move made now
ENDGAME = 3  # turns before the end when everything left is thrown in
LATE = 6  # turns before the end when a slipping hold on the city is worth a strike
FAR = 12  # cells from the city a unit comes back from when little time is left


EXITS_KEPT = 256  # answers of ``_exits_in_reach`` a policy keeps (emptied when full)
_CITY: weakref.WeakKeyDictionary[Any, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()  # game -> side -> mask


class HiderTactics:
    """Mixed into ``AIPolicy``; uses its shared helpers."""

    def _city(self, obs: Observation) -> np.ndarray:
        """The zones the other sides would declare victory in (read-only: asked for by every unit
        at every action, so made once per game and side)."""
        game = obs.game
        per_game = _CITY.setdefault(game, {})
        m = per_game.get(self.side)
        if m is None:
            m = np.zeros((game.height, game.width), bool)
            for s, d in game.scenario.declarations.items():
                if s != self.side:
                    m |= game.zone_masks[d.zone]
            m.setflags(write=False)
            per_game[self.side] = m
        return m

    def _plan_hider(self, obs: Observation, plan: TurnPlan) -> None:
        game = obs.game
        sc = game.scenario
        city = self._city(obs)
        # ground to keep: the objectives of this side (the city, villages)
        for o in sc.victory[self.side].objectives:
            mask = game.zone_masks[o.zone]
            if (mask & city).any():
                continue
            holders = [u for u in obs.own() if not u.underground and mask[u.y, u.x]]
            for u in holders[:2]:
                plan.tasks[u.id] = (f"hold:{o.zone}", mask)
        plan.strike = self._strike_now(obs, plan)
        plan.claim = city & (obs.control != self._me(obs)) & ~T.dilate(T.enemy_mask(obs), 1)  # uncontested ground
        if not plan.claim.any():
            plan.claim = city & (obs.control != self._me(obs)) & ~T.enemy_mask(obs)
        plan.claim.setflags(write=False)  # the whole turn's goal: its field is looked up without a digest

    def _strike_now(self, obs: Observation, plan: TurnPlan) -> bool:
        decided = self.decisions.strike()
        if decided is not None and self._turns_left(obs) > LAST_WORD:
            return decided or self._striking(obs)  # the commander's decision; a strike begun goes on
        if self.style.strike is not None:
            return self.style.strike
        city = self._city(obs)
        below = [u for u in obs.own() if u.underground]
        in_city = [e for e in obs.enemies() if city[e.y, e.x]]
        if self._striking(obs):
            return True
        if not below:
            return False
        left = self._turns_left(obs)
        my_share = float((obs.control[city] == self._me(obs)).mean()) if city.any() else 1.0
        need = self._city_hold(obs)
        stood_down = [e for e in in_city if e.posture == STOOD_DOWN]
        declared = [s for s in obs.declared if s != self.side]
        # strike in the dark, at the moment waiting stops paying
        if left == LAST_WORD:  # the last word on the city: nobody can answer it
            # level 2 remembers that what it last saw of the city may be out of date
            return self.level >= 2 or my_share < need + 0.1
        if not in_city or (not obs.night and left > LAST_WORD + 1):
            return False
        if stood_down:  # a garrison at rest: the moment the tunnels were dug for...
            return left <= ENDGAME or not self._help_coming(obs, plan)  # ...unless help is due first
        if self.struck_turn is not None:
            return False  # struck once: keep what is left below for the last word
        value = self._strike_value(obs, plan, below)
        since = obs.turn - min(obs.declared[s] for s in declared) if declared else None
        if since is not None and since >= 2 and value >= 0.5 * len(below):
            return True  # declared but still alert: waiting buys nothing more
        if self._exits_lost(obs, city) >= 0.5:
            return True  # use the tunnels before they are found and shut
        return left <= LATE and my_share < need + 0.05

    def _help_coming(self, obs: Observation, plan: TurnPlan) -> bool:
        """Would a scenario trigger bring this side reinforcements at the start of a coming turn,
        if things stay as they are? Read from the scenario's public rules, judged on a state
        sampled from this side's observation (so, like everything here, without peeking)."""
        from game.ai.determinize import determinize
        from game.engine.events import Event
        from game.engine.triggers import holds

        game = obs.game
        sc = game.scenario
        waiting = {s.id for s in sc.units if sc.side_of_faction(s.faction) == self.side and s.arrives is not None
                   and s.id not in self.intel.own_seen and s.id not in obs.units}
        timed = [t for t in sc.triggers if t.on == "turn_start"
                 and any(verb == "reinforce" and set(arg) & waiting for verb, arg in t.effects)]
        if not timed:
            return False
        belief = plan.belief or build_belief(obs, self.intel.gone, self._enemy_nodes(obs))
        game, state = determinize(obs, belief, self.intel, np.random.default_rng(obs.turn))
        for turn in range(obs.turn + 1, min(sc.calendar.turns, obs.turn + 2) + 1):
            state.turn = turn
            for t in timed:
                if t.id in state.fired:
                    continue
                if holds(game, state, t, Event(kind="turn_start", turn=turn, date="", time="")):
                    return True
        return False

    def _exits_lost(self, obs: Observation, city: np.ndarray) -> float:
        """Share of this side's tunnel exits in the city that are collapsed or held by an enemy."""
        game = obs.game
        nodes = [n for n in obs.known_nodes if city[game.nodes[n].at[1], game.nodes[n].at[0]]]
        if not nodes:
            return 1.0
        held = {e.cell for e in obs.enemies()}
        lost = sum(1 for n in nodes if n in obs.collapsed or game.nodes[n].at in held)
        return lost / len(nodes)

    def _city_hold(self, obs: Observation) -> float:
        """The city share this side's objectives ask for (the largest 'hold' on a zone in the city)."""
        game = obs.game
        city = self._city(obs)
        holds = [o.hold for o in game.scenario.victory[self.side].objectives if (game.zone_masks[o.zone] & city).any()]
        return max(holds) if holds else 0.5

    def _strike_value(self, obs: Observation, plan: TurnPlan, below: list[UnitView]) -> float:
        total = 0.0
        for u in below:
            best = self._best_exit(obs, u)
            if best is not None:
                total += best[1]
        return total

    def _best_exit(self, obs: Observation, u: UnitView) -> tuple[str, float] | None:
        """The tunnel exit (this node or one in reach) with the best attack on coming out."""
        game = obs.game
        ut = game.scenario.unit_types[u.type]
        enemies = [e for e in obs.enemies() if not e.underground]
        # own units already on an exit, and those that moved below to one this turn to come out there
        own_surface = [o for o in obs.own() if not o.underground or (o.moved and o.id != u.id)]
        best: tuple[str, float] | None = None
        candidates = [u.node] if u.node else []
        candidates += self._exits_in_reach(obs, u)
        for n in candidates:
            if n is None or n in obs.collapsed:
                continue
            at = game.nodes[n].at
            if any(e.cell == at for e in enemies):
                continue
            if sum(1 for o in own_surface if o.cell == at) >= game.rules.stack_limit:
                continue
            view = None  # u come out at the exit: made only if some enemy is in range of it
            score = -0.1 * (n != u.node)
            for e in enemies:
                if max(abs(e.x - at[0]), abs(e.y - at[1])) <= ut.range:
                    if view is None:
                        view = dataclasses.replace(u, x=at[0], y=at[1], underground=False, emerged_turn=obs.turn)
                    p = predict(game, view, e, obs.turn, u.fatigue or 0, 0)
                    s = T.attack_score(p, u.strength) + (1.0 if e.posture == STOOD_DOWN else 0.0)
                    score = max(score, s)
            if best is None or score > best[1]:
                best = (n, score)
        return best

    def _exits_in_reach(self, obs: Observation, u: UnitView) -> tuple[str, ...]:
        """The open nodes other than its own that ``u`` can reach below this turn, by name. Kept by
        all that ``Game.tunnel_route`` reads (the map, the nodes known and collapsed, the unit's
        node, movement points and type): every unit below asks at every action of a strike, mostly
        from the same few nodes, and each route is a search of the tunnel links."""
        key = (obs.game, obs.known_nodes, obs.collapsed, u.node, u.mp or 0, u.type)
        kept = self._exits.get(key)
        if kept is None:
            if len(self._exits) >= EXITS_KEPT:
                self._exits.clear()
            kept = self._exits[key] = tuple(
                n for n in sorted(obs.known_nodes) if n != u.node and n not in obs.collapsed
                and obs.game.tunnel_route(obs, u, n) is not None)
        return kept

    def _hider_unit(self, obs: Observation, plan: TurnPlan, u: UnitView) -> A.Action | None:
        game = obs.game
        ut = game.scenario.unit_types[u.type]
        city = self._city(obs)
        suicide = "suicide" in ut.abilities
        if u.underground:
            if not plan.strike or (u.id in self.reserve and self._turns_left(obs) > LAST_WORD):
                return None
            best = self._best_exit(obs, u)
            if best is None:
                return None
            n, _ = best
            if n == u.node:
                return A.Emerge(u.id)
            return A.Tunnel(u.id, n)
        if u.broken:
            return None
        endgame = self._turns_left(obs) <= ENDGAME
        in_city = bool(city[u.y, u.x])
        if suicide:
            bar = -1.0 if plan.strike or endgame or u.emerged_turn == obs.turn else 2.5
            hit = self._attack(obs, plan, u, bar, stood_down=True)
            if hit is not None:
                return hit
            if plan.strike or endgame:
                near_city = T.dilate(city, 3)
                targets = T.enemy_mask(obs) & near_city
                if targets.any():  # next to an enemy in and around the city (one part each)
                    return self._advance(obs, plan, u, T.dilate(targets, 1) & ~targets, safety=0.0,
                                         parts=[p & ~targets for p in T.around_enemies(obs, near_city, 1)])
            return self._go_under(obs, u) if in_city and self._in_danger(obs, plan, u) else None
        name, _ = plan.tasks.get(u.id, ("", None))
        if name.startswith("hold:"):
            return self._attack(obs, plan, u, 0.4, stood_down=True)
        hit = self._attack(obs, plan, u, 1.5, stood_down=True)  # too good to pass up
        if hit is not None:
            return hit
        if in_city and not endgame and u.emerged_turn != obs.turn and self._in_danger(obs, plan, u):
            under = self._go_under(obs, u)  # live to strike again: the city is scored at the end
            if under is not None:
                return under
        bar = -0.3 if u.emerged_turn == obs.turn else (0.0 if plan.strike or endgame else 0.4)
        hit = self._attack(obs, plan, u, bar, stood_down=True)
        if hit is not None:
            return hit
        last = self._turns_left(obs) == LAST_WORD
        if last and self.level >= 2:  # nobody can answer: walk through the most city ground the move can win
            grab = T.ground_grab(obs, u, T.open_ground(obs, city, exclude=u.id))
            if grab is not None:
                return grab
        # in the last turns level 2 brings back to the city units from further out (rallied, or
        # guarding elsewhere): the city is scored at the end
        near = T.dilate(city, FAR if last or (endgame and self.level >= 2) else 3)[u.y, u.x]
        if (plan.strike or endgame) and near and plan.claim is not None and T.any_cell(plan.claim):
            # on the very last turn nobody can strike back: only the ground counts
            return self._advance(obs, plan, u, plan.claim, safety=0.0 if last else 0.8, cover=0.5, spread=1.0,
                                 max_detour=0.5 if not last else 0.0)
        return None

    def _in_danger(self, obs: Observation, plan: TurnPlan, u: UnitView) -> bool:
        """More enemy power can reach this cell next turn than the unit and its neighbours can take."""
        mine = power(obs, u.type, u.strength)
        if self.level == 0 or plan.threat is None:
            near = sum(power(obs, e.type, e.strength) for e in self._enemy_near(obs, u, 2))
            return near > 1.5 * self.style.dive * mine
        support = float(self._support(obs, u, slice(u.y, u.y + 1), slice(u.x, u.x + 1))[0, 0])
        return float(plan.threat[u.y, u.x]) - 0.5 * support >= DIVE_AT * self.style.dive * mine

    def _go_under(self, obs: Observation, u: UnitView) -> A.Action | None:
        """Dive here, or walk to the nearest open entrance reachable with the movement left to dive."""
        game = obs.game
        if "tunnels" not in game.scenario.unit_types[u.type].abilities or not u.mp:
            return None
        node = game.node_at.get(u.cell)
        cost = game._dive_cost(u.type)
        if node and node in obs.known_nodes and node not in obs.collapsed:
            return A.Dive(u.id) if (u.mp or 0) >= cost else None
        if u.moved:
            return None
        reach = obs.reach(u.id)
        best = None
        for n in self._open_nodes(obs):
            x, y = game.nodes[n].at
            d = reach.distance(x, y)
            if reach.can_reach(x, y) and (u.mp or 0) - d >= cost and (best is None or d < best[0]):
                best = (d, x, y)
        return A.Move(u.id, best[1], best[2]) if best is not None else None
