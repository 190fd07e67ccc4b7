"""The ``ai`` policy: objective-driven play for any side, from its observation alone.

Roles come from the scenario (see ``scripted.role_of``): the side that may declare victory is the
*attacker* (takes and holds the declaration zone and its other objectives, guards and collapses
the tunnel entrances it finds, keeps its garrison alert), the side whose units use tunnels is the
*hider* (holds ground in cover, slips underground before a stronger enemy, and strikes from the
tunnels when the odds are best: at night, against a garrison that has stood down, or when its
hold on the city is slipping), and any other side *races* for its objectives.

Difficulty levels:

- 0: greedy heuristics: goal assignment, Dijkstra fields, attacks at fixed odds. A few ms a turn,
  for Monte Carlo studies and rollouts.
- 1: adds numpy influence and threat maps and a belief over unseen enemies (``maps``): moves weigh
  objective progress against danger and cover, attacks focus fire, the hider scores every exit
  before it strikes.
- 2: adds a short information-set Monte Carlo lookahead at the turns where the choice matters
  (declare or wait, strike or wait, press or steady): it samples hidden enemies consistent with
  what the side has seen (``determinize``), plays each candidate plan forward a round or a few
  (the plan with level-1 heuristics, everyone else with level 0), and overrules the heuristics'
  choice only on a clear gain in projected points. Measured against ``historical`` and level 1
  (``benchmarks/strength.py``), it plays on a par with level 1: a short horizon and a fast
  opponent model cannot see what the big choices cost later, so the margin keeps it from
  overruling the heuristics on noise.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

import numpy as np

from game.ai import tactics as T
from game.ai.base import policy_rng
from game.ai.determinize import Intel
from game.ai.maps import Belief, build_belief, influence, power, threat_radius
from game.ai.registry import register
from game.ai.scripted import legal, role_of
from game.engine import actions as A
from game.engine.combat import predict
from game.engine.fog import Observation, UnitView
from game.engine.movement import MP_SCALE, UNREACHED

LEVELS = (0, 1, 2)
BIG = 1e6
ACTIONS_PER_UNIT = 5
DIVE_AT = 0.7  # a hider goes underground when this many times its own power can reach it
HIDDEN_WEIGHT = 0.35  # a believed enemy counts for less than one in sight: it may be elsewhere


@dataclass(frozen=True)
class Style:
    """The knobs a plan turns; the same heuristics play every plan."""

    name: str = "default"
    aggression: float = 1.0  # > 1 attacks at worse odds and weighs danger less
    declare: bool | None = None  # attacker: None lets the heuristic decide
    strike: bool | None = None  # hider: None lets the heuristic decide
    dive: float = 1.0  # hider: scales the danger at which a unit goes underground (> 1 stands longer)


DEFAULT = Style()


@dataclass
class TurnPlan:
    """What a side works out once at the start of its turn."""

    role: str
    turn: int
    tasks: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)  # unit -> (goal name, goal mask)
    guards: dict[str, str] = field(default_factory=dict)  # unit -> tunnel node it stands on or goes to
    belief: Belief | None = None
    threat: np.ndarray | None = None  # enemy power that can reach each cell next turn (seen + believed)
    strike: bool = False
    focus: dict[str, float] = field(default_factory=dict)  # enemy -> expected losses already dealt this turn
    claim: np.ndarray | None = None  # hider: city ground to take back when it strikes


class AIPolicy:
    """See the module docstring. Holds only what it inferred from its own observations."""

    def __init__(self, side: str, seed: int = 0, level: int = 2, style: Style = DEFAULT) -> None:
        if level not in LEVELS:
            raise ValueError(f"unknown ai level {level}; levels are {', '.join(map(str, LEVELS))}")
        self.side = side
        self.level = level
        self.name = "ai"
        self.seed = seed
        self.rng = policy_rng(seed, side, f"ai{level}")
        self.base_style = style
        self.style = style
        self.forced_until: int | None = None  # a rollout pins a style for its first turn
        self.intel = Intel()
        self.plan: TurnPlan | None = None
        self.done: set[str] = set()
        self.acts: dict[str, int] = {}
        self.searched: dict[tuple[int, int], int] = {}
        self.struck_turn: int | None = None
        self.reserve: set[str] = set()  # hider: units kept underground for the last turn
        self._pending: tuple[str, int, int] | None = None
        self.think_ms: list[float] = []  # lookahead time per side-turn, for benchmarks
        self.rollout_actions: dict[int, float] = {}  # engine actions one rollout takes, by horizon (moving average)
        self._support_units: dict[str, UnitView] = {}
        self._support_map = np.zeros((0, 0), np.float32)

    def force(self, style: Style, until_turn: int) -> None:
        """Play ``style`` through turn ``until_turn`` (a rollout pins the plan it is testing)."""
        self.style, self.forced_until = style, until_turn

    # --- driver -------------------------------------------------------------------------
    def choose(self, obs: Observation) -> A.Action:
        self._observe(obs)
        if self.plan is None or self.plan.turn != obs.turn:
            self._begin_turn(obs)
        plan = self.plan
        assert plan is not None
        side_action = self._side_action(obs, plan)
        if side_action is not None and legal(obs, side_action):
            return side_action
        for u in self._order(obs, plan):
            act = self._unit_action(obs, plan, u)
            if act is None or not legal(obs, act):
                self.done.add(u.id)
                continue
            if isinstance(act, A.Attack):
                t = obs.units[act.target]
                self._pending = (t.id, t.x, t.y)
                self.done.add(u.id)
            elif isinstance(act, A.Search | A.Demolish | A.Withdraw):
                self.done.add(u.id)
            self.acts[u.id] = self.acts.get(u.id, 0) + 1
            if self.acts[u.id] >= ACTIONS_PER_UNIT:
                self.done.add(u.id)  # a unit that keeps changing its mind is stopped for the turn
            return act
        return A.EndTurn()

    def _observe(self, obs: Observation) -> None:
        """Keep the inferences a commander would: what it saw destroyed, phases, claims."""
        if self._pending is not None:
            tid, x, y = self._pending
            if tid not in obs.units and obs.visible[y, x]:
                self.intel.gone.add(tid)
            self._pending = None
        self.intel.update(obs)

    def _begin_turn(self, obs: Observation) -> None:
        self.done = set()
        self.acts = {}
        if self.forced_until is not None and obs.turn > self.forced_until:
            self.forced_until = None
        if self.forced_until is None:
            self.style = self.base_style
        role = role_of(obs, self.side)
        plan = TurnPlan(role=role, turn=obs.turn)
        if self.level >= 1:
            plan.belief = build_belief(obs, self.intel.gone, self._enemy_nodes(obs))
            plan.threat = influence(obs, obs.enemies()) + HIDDEN_WEIGHT * plan.belief.threat
        self.plan = plan
        getattr(self, f"_plan_{role}")(obs, plan)
        if self.level >= 2 and self.forced_until is None:
            from game.ai.lookahead import choose_style

            t0 = time.perf_counter()
            style = choose_style(self, obs, plan)
            if style is not None:
                self.think_ms.append((time.perf_counter() - t0) * 1000)
            if style is not None and style != self.style:
                self.style = style
                self.plan = plan = TurnPlan(role=role, turn=obs.turn, belief=plan.belief, threat=plan.threat)
                getattr(self, f"_plan_{role}")(obs, plan)
        if plan.strike and not self._striking(obs):
            if self.struck_turn is None:
                self.reserve = self._pick_reserve(obs)
            self.struck_turn = obs.turn

    def _pick_reserve(self, obs: Observation) -> set[str]:
        """A third of the fighters below stay there through the first strike: the city is scored
        at the end, and whoever is still underground then has the last word on it."""
        game = obs.game
        fighters = sorted((u for u in obs.own() if u.underground
                           and "suicide" not in game.scenario.unit_types[u.type].abilities), key=lambda u: u.id)
        n = len(fighters) // 3
        return {u.id for u in fighters[len(fighters) - n:]} if n else set()

    def _striking(self, obs: Observation) -> bool:
        """A strike began last turn or this one: it goes on for its second night."""
        return self.struck_turn is not None and obs.turn - self.struck_turn <= 1

    def _enemy_nodes(self, obs: Observation) -> dict[str, frozenset[str]]:
        """Tunnel nodes this side knows and each enemy side may use (by the scenario's public tunnel lore)."""
        known_to = obs.game.scenario.tunnels.known_to
        out = {}
        for s in obs.game.sides:
            if s != self.side:
                out[s] = frozenset(n for n in obs.known_nodes if n in known_to.get(s, frozenset()))
        return out

    def _order(self, obs: Observation, plan: TurnPlan) -> list[UnitView]:
        """Units that can strike now go first (so others can finish off), then by id."""
        own = [u for u in obs.own() if u.id not in self.done]
        near = T.dilate(T.enemy_mask(obs), 1)
        return sorted(own, key=lambda u: (0 if near[u.y, u.x] else 1, u.id))

    def _side_action(self, obs: Observation, plan: TurnPlan) -> A.Action | None:
        if plan.role == "attacker" and self._should_declare(obs, plan):
            return A.Declare()
        return None

    def _unit_action(self, obs: Observation, plan: TurnPlan, u: UnitView) -> A.Action | None:
        return getattr(self, f"_{plan.role}_unit")(obs, plan, u)

    # --- shared helpers -------------------------------------------------------------------
    def _me(self, obs: Observation) -> int:
        return obs.game.side_index[self.side]

    def _share(self, obs: Observation, zone: str, side: str | None = None) -> float:
        game = obs.game
        idx = game.side_index[side or self.side]
        return float((obs.control[game.zone_masks[zone]] == idx).mean())

    def _turns_left(self, obs: Observation) -> int:
        return obs.game.scenario.calendar.turns - obs.turn

    def _attack(self, obs: Observation, plan: TurnPlan, u: UnitView, bar: float,
                stood_down: bool = False, where: np.ndarray | None = None) -> A.Attack | None:
        """The best attack above ``bar``; at level 1+ fire is focused on targets already hit."""
        best, best_score = None, -BIG
        v = obs.game.scenario.victory.get(self.side)
        for choice, p in T.attack_options(obs, u, stood_down):
            t = obs.units[choice.action.target]
            if where is not None and not where[t.y, t.x]:
                continue
            score = choice.score
            if self.level >= 1:
                dealt = plan.focus.get(t.id, 0.0)
                left = max(0.0, t.strength - dealt)
                if left <= 0.5:
                    continue  # already expected to be finished off
                score += 0.4 * min(dealt, 3.0)  # finish what others started
                if v is not None and v.enemy_step:
                    score += p.defender_loss_mean * v.enemy_step + p.attacker_loss_mean * v.own_step
            if score > best_score:
                best, best_score = choice.action, score
                best_p = p
        if best is None or best_score <= bar / self.style.aggression:
            return None
        plan.focus[best.target] = plan.focus.get(best.target, 0.0) + best_p.defender_loss_mean
        return best

    def _field(self, obs: Observation, mask: np.ndarray) -> np.ndarray:
        return T.distance_field(obs, mask)

    def _advance(self, obs: Observation, plan: TurnPlan, u: UnitView, goal: np.ndarray,
                 safety: float = 1.0, avoid: np.ndarray | None = None, cover: float = 0.3,
                 max_detour: float = 0.5, spread: float = 0.0) -> A.Move | None:
        """Move toward ``goal``; from level 1, trading progress against danger and cover, but never
        ending more than ``max_detour`` turns further from the goal than it starts.

        Goals are whole-turn masks (their distance fields are cached), so units do not crowd
        one cell through the goal itself: ``spread`` penalises ending next to a friend instead."""
        if u.moved or u.attacked or u.acted or u.broken or u.underground or not u.mp or not goal.any():
            return None
        game = obs.game
        dist = self._field(obs, goal)
        if self.level == 0 and dist[u.y, u.x] == 0 and not (spread and self._crowded(obs, u)):
            return None  # on the goal already, with room: no need to work out where it could go
        ut = game.scenario.unit_types[u.type]
        per_turn = max(1.0, ut.move * MP_SCALE)
        mine = power(obs, u.type, u.strength) + 1.0
        threat = plan.threat
        use_maps = self.level >= 1 and threat is not None
        w_safe = safety / self.style.aggression
        here = float(dist[u.y, u.x]) if dist[u.y, u.x] < UNREACHED else BIG
        friends = [(o.x, o.y) for o in obs.own() if o.id != u.id and not o.underground] if spread else []

        def value(ys: slice, xs: slice) -> np.ndarray:
            d = dist[ys, xs].astype(np.float64)
            v = -np.where(d >= UNREACHED, BIG, d) / per_turn
            v = np.where(d > here + max_detour * per_turn, v - BIG / 10, v)
            if avoid is not None:
                v = v - avoid[ys, xs] * 5.0
            if friends:
                crowd = np.zeros(v.shape)
                h, w = v.shape
                for fx, fy in friends:
                    cx, cy = fx - xs.start, fy - ys.start
                    if -1 <= cx <= w and -1 <= cy <= h:
                        crowd[max(0, cy - 1):max(0, cy + 2), max(0, cx - 1):max(0, cx + 2)] += 1.0
                        if 0 <= cx < w and 0 <= cy < h:
                            crowd[cy, cx] += 2.0
                v = v - spread * 0.25 * crowd
            if use_maps:
                danger = np.maximum(0.0, threat[ys, xs] - 0.5 * self._support(obs, u, ys, xs) - 0.5 * mine) / mine
                v = v - w_safe * np.minimum(danger, 4.0) + cover * (game.defence[ys, xs] - 1.0)
            return v

        return T.best_reachable(obs, u, value, min_gain=0.05 if self.level >= 1 else 1e-6)

    def _support(self, obs: Observation, u: UnitView, ys: slice, xs: slice) -> np.ndarray:
        """Friendly influence over a window, without ``u``'s own share (computed once per position
        of the side's units, not once per unit)."""
        now = {o.id: o for o in obs.own()}
        if self._support_map.shape != (obs.game.height, obs.game.width):
            self._support_map, self._support_units = influence(obs, list(now.values())), dict(now)
        else:  # update for the units that moved or changed since: a few stamps, not all of them
            for uid in set(now) | set(self._support_units):
                old, new = self._support_units.get(uid), now.get(uid)
                if old == new:
                    continue
                if old is not None:
                    influence(obs, [old], self._support_map, -1.0)
                if new is not None:
                    influence(obs, [new], self._support_map)
            self._support_units = dict(now)
        out = self._support_map[ys, xs]
        if u.underground or u.id not in obs.units:
            return out
        r = threat_radius(obs, u.type)
        dy = np.abs(np.arange(ys.start, ys.stop) - u.y)[:, None]
        dx = np.abs(np.arange(xs.start, xs.stop) - u.x)[None, :]
        own = np.maximum(0.0, 1.0 - np.maximum(dx, dy) / (r + 1.0)) * power(obs, u.type, u.strength) * (0.4 if u.broken else 1.0)
        return out - own

    def _crowded(self, obs: Observation, u: UnitView) -> bool:
        return any(o.id != u.id and not o.underground and max(abs(o.x - u.x), abs(o.y - u.y)) <= 1 for o in obs.own())

    def _occupied(self, obs: Observation, exclude: str | None = None) -> np.ndarray:
        m = np.zeros((obs.game.height, obs.game.width), bool)
        for o in obs.own():
            if o.id != exclude and not o.underground:
                m[o.y, o.x] = True
        return m

    def _enemy_near(self, obs: Observation, u: UnitView, d: int) -> list[UnitView]:
        return [e for e in obs.enemies() if max(abs(e.x - u.x), abs(e.y - u.y)) <= d]

    def _assign(self, obs: Observation, units: list[UnitView], mask: np.ndarray, n: int) -> list[UnitView]:
        """The ``n`` units closest to ``mask`` by movement cost."""
        if not units or not mask.any() or n <= 0:
            return []
        dist = self._field(obs, mask)
        ranked = sorted(units, key=lambda u: (int(dist[u.y, u.x]), u.id))
        return [u for u in ranked[:n] if dist[u.y, u.x] < UNREACHED]

    # --- attacker -------------------------------------------------------------------------
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
        combat = [u for u in own if sc.unit_types[u.type].range <= 1 and "engineer" not in sc.unit_types[u.type].abilities]
        free = list(combat)
        # one holder for each secondary objective (two if the enemy is seen there)
        for o in sorted(sc.victory[self.side].objectives, key=lambda o: -o.points):
            if o.zone == zone or o.when == "first" and f"{o.zone}:first" in self.intel.claims:
                continue
            mask = game.zone_masks[o.zone]
            holders = [u for u in free if mask[u.y, u.x]]
            enemies_there = sum(1 for e in obs.enemies() if T.dilate(mask, 1)[e.y, e.x])
            need = 1 + (1 if enemies_there else 0)
            if holders:
                for u in holders[:need]:
                    plan.tasks[u.id] = (f"hold:{o.zone}", mask)
                    free.remove(u)
                need -= len(holders[:need])
            reachable = [u for u in free if self._turns_to(obs, u, mask) <= self._turns_left(obs) + 0.5]
            for u in self._assign(obs, reachable, mask, need):
                plan.tasks[u.id] = (f"take:{o.zone}", mask)
                free.remove(u)
        # a guard on every open tunnel entrance in and around the city
        near_city = T.dilate(zmask, 2)
        for n in self._open_nodes(obs, near_city):
            at = game.nodes[n].at
            here = [u for u in free if u.cell == at]
            if here:
                plan.guards[here[0].id] = n
                free.remove(here[0])
                continue
            if self._share(obs, zone) < 0.5:
                continue  # clear first: a lone guard deep in a hostile city is lost
            cell = np.zeros_like(zmask)
            cell[at[1], at[0]] = True
            for u in self._assign(obs, free, cell, 1):
                plan.guards[u.id] = n
                free.remove(u)
        # everyone else clears the city, spreading over ground not yet held
        goal = zmask & (obs.control != me)
        if not goal.any():
            goal = zmask & ~T.dilate(self._occupied(obs), 1)
        if not goal.any():
            goal = zmask.copy()
        for u in free:
            plan.tasks[u.id] = ("city", goal)

    def _turns_to(self, obs: Observation, u: UnitView, mask: np.ndarray) -> float:
        d = self._field(obs, mask)[u.y, u.x]
        if d >= UNREACHED:
            return BIG
        return float(d) / (obs.game.scenario.unit_types[u.type].move * MP_SCALE)

    def _should_declare(self, obs: Observation, plan: TurnPlan) -> bool:
        game = obs.game
        if self.side in obs.declared or self.side not in game.scenario.declarations:
            return False
        if game.declare_blocked(obs) is not None:
            return False
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
        near = self._enemy_near(obs, u, 3)
        if u.posture != "alert" and (near or zmask[u.y, u.x] or not self._may_rest(obs, plan, u)):
            return A.Posture(u.id, "alert")
        if "engineer" in ut.abilities and not u.acted and not u.attacked:
            for n in self._open_nodes(obs):
                nx, ny = game.nodes[n].at
                if max(abs(nx - u.x), abs(ny - u.y)) <= 1:
                    return A.Demolish(u.id, n)
        if ut.range > 1:  # fire support: shoot whatever is in range, keep out of reach
            hit = self._attack(obs, plan, u, -0.5)
            if hit is not None:
                return hit
            targets = T.enemy_mask(obs) & T.dilate(game.zone_masks[zone], 4)
            goal = T.dilate(targets, ut.range - 1) if targets.any() else T.dilate(zmask, ut.range)
            return self._advance(obs, plan, u, goal, safety=2.0)
        bar = 0.3 if self.level == 0 else 0.2
        hit = self._attack(obs, plan, u, bar)
        if hit is not None:
            return hit
        if u.moved:
            return None
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
            if self._may_rest(obs, plan, u) and u.posture == "alert" and (u.fatigue or 0) >= 3:
                return A.Posture(u.id, "stood_down")
            return None
        if name == "city" and zmask[u.y, u.x]:
            search = self._search_or_hold(obs, plan, u)
            if search is not None:
                return search
        target = goal
        if self.level >= 1 and name == "city":
            target = goal | (T.enemy_mask(obs) & T.dilate(zmask, 2))  # go for the enemies still in and around it
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

    def _search_or_hold(self, obs: Observation, plan: TurnPlan, u: UnitView) -> A.Action | None:
        """Search ground not searched lately, when the city is mostly ours and no enemy is close."""
        game = obs.game
        ut = game.scenario.unit_types[u.type]
        if not ({"search", "engineer"} & ut.abilities) or u.moved or u.acted or u.posture != "alert":
            return None
        if self._share(obs, self._main_zone(obs)) < 0.6 or self._enemy_near(obs, u, 2):
            return None
        r = game.rules.search_radius
        recent = any(max(abs(x - u.x), abs(y - u.y)) <= r and obs.turn - t < 4 for (x, y), t in self.searched.items())
        if recent:
            return None
        self.searched[u.cell] = obs.turn
        return A.Search(u.id)

    # --- hider ----------------------------------------------------------------------------
    def _city(self, obs: Observation) -> np.ndarray:
        game = obs.game
        m = np.zeros((game.height, game.width), bool)
        for s, d in game.scenario.declarations.items():
            if s != self.side:
                m |= game.zone_masks[d.zone]
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

    def _strike_now(self, obs: Observation, plan: TurnPlan) -> bool:
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
        stood_down = [e for e in in_city if e.posture == "stood_down"]
        declared = [s for s in obs.declared if s != self.side]
        # strike in the dark, at the moment waiting stops paying
        if left == 0:
            return my_share < need + 0.1  # the last word on the city: nobody can answer it
        if not in_city or (not obs.night and left > 1):
            return False
        if stood_down:  # a garrison at rest: the moment the tunnels were dug for...
            return left <= 3 or not self._help_coming(obs, plan)  # ...unless help is due first
        if self.struck_turn is not None:
            return False  # struck once: keep what is left below for the last word
        value = self._strike_value(obs, plan, below)
        since = obs.turn - min(obs.declared[s] for s in declared) if declared else None
        if since is not None and since >= 2 and value >= 0.5 * len(below):
            return True  # declared but still alert: waiting buys nothing more
        if self._exits_lost(obs, city) >= 0.5:
            return True  # use the tunnels before they are found and shut
        return left <= 6 and my_share < need + 0.05

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
        state = determinize(obs, belief, self.intel, np.random.default_rng(obs.turn))
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
        own_surface = [o for o in obs.own() if not o.underground]
        best: tuple[str, float] | None = None
        candidates = [u.node] if u.node else []
        candidates += [n for n in sorted(obs.known_nodes) if n != u.node and n not in obs.collapsed
                       and game.tunnel_route(obs, u, n) is not None]
        for n in candidates:
            if n is None or n in obs.collapsed:
                continue
            at = game.nodes[n].at
            if any(e.cell == at for e in enemies):
                continue
            if sum(1 for o in own_surface if o.cell == at) >= game.rules.stack_limit:
                continue
            view = dataclasses.replace(u, x=at[0], y=at[1], underground=False, emerged_turn=obs.turn)
            score = -0.1 * (n != u.node)
            for e in enemies:
                if max(abs(e.x - at[0]), abs(e.y - at[1])) <= ut.range:
                    p = predict(game, view, e, obs.turn, u.fatigue or 0, 0)
                    s = T.attack_score(p, u.strength) + (1.0 if e.posture == "stood_down" else 0.0)
                    score = max(score, s)
            if best is None or score > best[1]:
                best = (n, score)
        return best

    def _hider_unit(self, obs: Observation, plan: TurnPlan, u: UnitView) -> A.Action | None:
        game = obs.game
        ut = game.scenario.unit_types[u.type]
        city = self._city(obs)
        suicide = "suicide" in ut.abilities
        if u.underground:
            if not plan.strike or (u.id in self.reserve and self._turns_left(obs) > 0):
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
        endgame = self._turns_left(obs) <= 3
        in_city = bool(city[u.y, u.x])
        if suicide:
            bar = -1.0 if plan.strike or endgame or u.emerged_turn == obs.turn else 2.5
            hit = self._attack(obs, plan, u, bar, stood_down=True)
            if hit is not None:
                return hit
            if plan.strike or endgame:
                targets = T.enemy_mask(obs) & T.dilate(city, 3)
                if targets.any():
                    return self._advance(obs, plan, u, T.dilate(targets, 1) & ~targets, safety=0.0)
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
        last = self._turns_left(obs) == 0
        near = T.dilate(city, 3 if not last else 12)[u.y, u.x]
        if (plan.strike or endgame) and near and plan.claim is not None and plan.claim.any():
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

    # --- racer ----------------------------------------------------------------------------
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
                    free.remove(u)
        goals = [game.zone_masks[o.zone] & (obs.control != me) for o in open_first] or \
                [game.zone_masks[o.zone] for o in ends]
        goals = [g for g in goals if g.any()] or [game.zone_masks[o.zone] for o in ends]
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


def _factory(level: int | None):
    def make(side: str, seed: int, lvl: int) -> AIPolicy:
        return AIPolicy(side, seed, lvl if level is None else level)

    return make


register("ai", _factory(None))
for _lvl in LEVELS:
    register(f"ai{_lvl}", _factory(_lvl))
