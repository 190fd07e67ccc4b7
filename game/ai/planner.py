"""The ``ai`` tactics for any side, from its observation alone, under a commander's decisions.

A policy is decisions x tactics. The decisions are the scenario's profile for the side
(``decide.Commander``: declare, stand down, redeploy, search, hold, strike, stay hidden, advance);
everything else (movement, attacks, going underground, bringing up reserves) is the AI below, at
the chosen level, whatever the profile. ``historical`` and ``vigilant`` are those profiles with
these tactics; ``ai`` is the tactics with no profile (the AI decides everything).

Roles come from the scenario (``roles.role_of``): the *attacker* (``attacker``), the *hider*
(``hider``), and any other side *races* for its objectives (``racer``).

Levels:

- 0: greedy heuristics: goal assignment, Dijkstra fields, attacks at fixed odds. A few ms a turn,
  for Monte Carlo studies and rollouts.
- 1: adds numpy influence and threat maps and a belief over unseen enemies (``maps``): moves weigh
  objective progress against danger and cover, attacks focus fire, the hider scores every exit
  before it strikes.
- 2: plays for the points its side's victory conditions pay. Its own default plan is as bold as
  the side's exchange rate of steps (``plans.exchange_style``: ISIS, paid 0.5 for an enemy step and
  charged 0.15 for its own, attacks at worse odds than the government, paid 0.4 and charged 0.25).
  A unit worn down weighs danger more (its last steps are scored when lost, and a unit destroyed
  holds no ground). As the attacker it leaves no holder on a lesser objective it holds that no
  enemy, seen or believed, is near (``attacker._secure``): ground stays held until an enemy comes
  next to it. On its last turn a unit with nothing better to do walks through the most ground it can
  win (``tactics.ground_grab``). As the hider it commits every fighter to the first strike (no
  reserve held back), and on the last turn it comes up with whatever is left below whatever it last saw of the
  city: its view of the city may be out of date, and nobody can answer. On top, a short
  information-set Monte Carlo lookahead (``lookahead``) at the turns where a choice the profile leaves open matters (declare or
  wait, strike or wait, press or steady): it samples hidden enemies consistent with what the side
  knows (``game.engine.sample``), plays each candidate forward with players that remember the
  side's decisions, and overrules the default only on a clear gain. In paired games against level 1
  from the same side (``benchmarks/strength.py --pair 2,1``) it scores more points on average and
  wins about two games in three; how often varies with the seeds, more for ISIS than for the
  government.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Sequence

import numpy as np

from game.ai import tactics as T
from game.ai.attacker import AttackerTactics
from game.ai.base import policy_rng
from game.ai.decide import Commander
from game.ai.determinize import Intel
from game.ai.hider import HiderTactics
from game.ai.lookahead import choose_style
from game.ai.maps import build_belief, influence, power, threat_radius
from game.ai.plans import (
    ACTIONS_PER_UNIT,
    BIG,
    DEFAULT,
    HIDDEN_WEIGHT,
    LEVELS,
    Style,
    TurnPlan,
    exchange_style,
)
from game.ai.racer import RacerTactics
from game.ai.registry import register
from game.ai.roles import legal, role_of
from game.engine import actions as A
from game.engine.combat import Prediction
from game.engine.movement import MP_SCALE, UNREACHED
from game.engine.observation import Observation, UnitView
from game.engine.tally import zone_share
from game.scenario.model import DecisionProfile, Scenario

STRIKE_TURNS = 2  # a strike from the tunnels goes on for the turn after it began
WORN_SAFETY = 0.5  # level 2: danger weighs on a unit as (full strength / strength now) to this power
HALF_STEP = 0.5  # a target expected to keep less strength than this is as good as finished


class AIPolicy(AttackerTactics, HiderTactics, RacerTactics):
    """See the module docstring. Holds only what it inferred from its own observations."""

    def __init__(self, side: str, seed: int = 0, level: int = 2, style: Style = DEFAULT,
                 profile: str | DecisionProfile | None = None) -> None:
        if level not in LEVELS:
            raise ValueError(f"unknown ai level {level}; levels are {', '.join(map(str, LEVELS))}")
        self.side = side
        self.level = level
        self.profile = profile
        self.name = profile if isinstance(profile, str) else profile.id if profile is not None else "ai"
        self.commander: Commander | None = None  # built from the scenario at the first observation
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
        self.last_lookahead: dict[str, object] | None = None  # the last look-ahead's options and values
        self.rollout_actions: dict[int, float] = {}  # engine actions one rollout takes, by horizon (moving average)
        self._support_units: dict[str, UnitView] = {}
        self._support_map = np.zeros((0, 0), np.float32)
        self._crowd_units: dict[str, UnitView] = {}  # see _crowd
        self._crowd_map = np.zeros((0, 0))
        self._role: tuple[Scenario, str] | None = None  # see _begin_turn
        self._exits: dict[tuple[object, ...], tuple[str, ...]] = {}  # hider: see _exits_in_reach
        # the last attack options worked out (observation, unit, stood_down, options): the hider and
        # the racer ask for a unit's attacks at a high bar, then at a lower one or a narrower target,
        # on the same observation; the options depend on nothing else, and ``_attack`` only reads them
        self._options: tuple[Observation, UnitView, bool, list[tuple[T.AttackChoice, Prediction]]] | None = None
        self._near: tuple[Observation, tuple[tuple[int, int], ...], set[tuple[int, int]]] | None = None  # see _near_enemies

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
        unit_action = getattr(self, f"_{plan.role}_unit")  # see _unit_action
        for u in self._order(obs, plan):
            act = unit_action(obs, plan, u)
            if act is None or not legal(obs, act):
                self.done.add(u.id)
                continue
            if isinstance(act, A.Attack):
                t = obs.units[act.target]
                self._pending = (t.id, t.x, t.y)
                self.done.add(u.id)
                if "suicide" in obs.game.scenario.unit_types[u.type].abilities:
                    self.done -= {o.id for o in obs.own() if o.underground}  # its exit is free again
            elif isinstance(act, A.Search | A.Demolish | A.Withdraw):
                self.done.add(u.id)
            self.acts[u.id] = self.acts.get(u.id, 0) + 1
            if self.acts[u.id] >= ACTIONS_PER_UNIT:
                self.done.add(u.id)  # a unit that keeps changing its mind is stopped for the turn
            return act
        return A.EndTurn()

    def _observe(self, obs: Observation) -> None:
        """Keep the inferences a commander would: what it saw destroyed, phases, claims; and see
        which of the profile's decisions hold now."""
        if self.commander is None:
            self.commander = Commander(self.side, self._resolve_profile(obs))
            if self.level >= 2 and self.base_style == DEFAULT:
                self.base_style = self.style = exchange_style(obs.game.scenario, self.side)
        self.commander.update(obs)
        if self._pending is not None:
            tid, x, y = self._pending
            if tid not in obs.units and obs.visible[y, x]:
                self.intel.gone.add(tid)
            self._pending = None
        self.intel.update(obs)

    def _resolve_profile(self, obs: Observation) -> DecisionProfile | None:
        """The named profile of this side in the scenario being played. A side without that name
        plays its ``historical`` profile if it has one (a what-if usually changes one side's
        decisions and leaves the others as they were), else the tactics alone; front ends refuse
        a name no side has (``decide.profile_of``)."""
        if self.profile is None or isinstance(self.profile, DecisionProfile):
            return self.profile
        profiles = obs.game.scenario.decisions.get(self.side, {})
        return profiles.get(self.profile) or profiles.get("historical")

    @property
    def decisions(self) -> Commander:
        assert self.commander is not None, "the commander is built at the first observation"
        return self.commander

    def _begin_turn(self, obs: Observation) -> None:
        self.done = set()
        self.acts = {}
        if self.forced_until is not None and obs.turn > self.forced_until:
            self.forced_until = None
        if self.forced_until is None:
            self.style = self.base_style
        sc = obs.game.scenario
        if self._role is None or self._role[0] is not sc:  # the scenario's, once (it reads every unit's spec)
            self._role = (sc, role_of(obs, self.side))
        role = self._role[1]
        plan = TurnPlan(role=role, turn=obs.turn)
        if self.level >= 1:
            plan.belief = build_belief(obs, self.intel.gone, self._enemy_nodes(obs))
            plan.threat = influence(obs, obs.enemies()) + HIDDEN_WEIGHT * plan.belief.threat
        self.plan = plan
        getattr(self, f"_plan_{role}")(obs, plan)
        if self.level >= 2 and self.forced_until is None:
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
        at the end, and whoever is still underground then has the last word on it.

        Level 2 keeps none back: the first strike has the best odds the side will get (surprise,
        a garrison at rest), and in paired games a third held back cost more in that strike than
        it won at the end; fighters that dive after the strike still have the last word."""
        if self.level >= 2 and self.style.reserve is None:
            return set()
        game = obs.game
        fighters = sorted((u for u in obs.own() if u.underground
                           and "suicide" not in game.scenario.unit_types[u.type].abilities), key=lambda u: u.id)
        n = len(fighters) // 3 if self.style.reserve is None else round(len(fighters) * self.style.reserve)
        return {u.id for u in fighters[len(fighters) - n:]} if n else set()

    def _striking(self, obs: Observation) -> bool:
        """A strike began last turn or this one: it goes on for its second night."""
        return self.struck_turn is not None and obs.turn - self.struck_turn < STRIKE_TURNS

    def _enemy_nodes(self, obs: Observation) -> dict[str, frozenset[str]]:
        """Tunnel nodes this side knows and each enemy side may use (by the scenario's public tunnel lore)."""
        known_to = obs.game.scenario.tunnels.known_to
        out = {}
        for s in obs.game.sides:
            if s != self.side:
                out[s] = frozenset(n for n in obs.known_nodes if n in known_to.get(s, frozenset()))
        return out

    def _order(self, obs: Observation, plan: TurnPlan) -> list[UnitView]:
        """Units that can strike now go first (so others can finish off), then by id; in a strike from
        the tunnels the suicide attackers below lead (the opening blow, before the exits fill)."""
        done = self.done
        own = [u for u in obs.own() if u.id not in done]
        near = self._near_enemies(obs)
        # ids are unique: sorting by id, then splitting off the leaders (order kept) is the sort by
        # (leads, by id), without a key tuple built for every unit at every action
        own.sort(key=_by_id)
        if near:
            first = [u for u in own if (u.x, u.y) in near]
            if first:
                own = first + [u for u in own if (u.x, u.y) not in near]
        if plan.strike:
            types = obs.game.scenario.unit_types
            first = [u for u in own if u.underground and "suicide" in types[u.type].abilities]
            if first:
                leaders = {u.id for u in first}
                own = first + [u for u in own if u.id not in leaders]
        return own

    def _near_enemies(self, obs: Observation) -> set[tuple[int, int]]:
        """The cells within one step of an enemy in sight (a set, not a map-sized mask: asked at every
        action), kept for the observation and while the enemies in sight stand where they stood:
        most actions move none."""
        kept = self._near
        if kept is not None and kept[0] is obs:
            return kept[2]
        where = tuple([(e.x, e.y) for e in obs.enemies()])
        if kept is None or kept[1] != where:
            cells = {(x + dx, y + dy) for x, y in where for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
        else:
            cells = kept[2]
        self._near = (obs, where, cells)
        return cells

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
        return zone_share(obs.game, obs.control, zone, side or self.side)

    def _turns_left(self, obs: Observation) -> int:
        return obs.game.scenario.calendar.turns - obs.turn

    def _attack(self, obs: Observation, plan: TurnPlan, u: UnitView, bar: float,
                stood_down: bool = False, where: np.ndarray | None = None) -> A.Attack | None:
        """The best attack above ``bar``; at level 1+ fire is focused on targets already hit."""
        if obs.game.scenario.unit_types[u.type].range == 1 and (u.x, u.y) not in self._near_enemies(obs):
            return None  # no enemy in sight within its one step: nothing ``attack_options`` would find
        best, best_score = None, -BIG
        v = obs.game.scenario.victory.get(self.side)
        kept = self._options  # asked twice in a row for a unit: see __init__
        if kept is None or kept[0] is not obs or kept[1] is not u or kept[2] != stood_down:
            kept = self._options = (obs, u, stood_down, T.attack_options(obs, u, stood_down))
        for choice, p in kept[3]:
            t = obs.units[choice.action.target]
            if where is not None and not where[t.y, t.x]:
                continue
            score = choice.score
            if self.level >= 1:
                dealt = plan.focus.get(t.id, 0.0)
                left = max(0.0, t.strength - dealt)
                if left <= HALF_STEP:
                    continue  # already expected to be finished off
                score += 0.4 * min(dealt, 3.0)  # finish what others started
                if v is not None and v.enemy_step:
                    score += p.defender_loss_mean * v.enemy_step + p.attacker_loss_mean * v.own_step
            if score > best_score:
                best, best_score = choice.action, score
                best_p = p
        a = self.style.aggression  # a bolder plan lowers the bar, whichever side of zero it is on
        if best is None or best_score <= (bar / a if bar >= 0 else bar * a):
            return None
        plan.focus[best.target] = plan.focus.get(best.target, 0.0) + best_p.defender_loss_mean
        return best

    def _field(self, obs: Observation, mask: np.ndarray, parts: Sequence[np.ndarray] = ()) -> np.ndarray:
        return T.distance_field(obs, mask, parts=parts)

    def _advance(self, obs: Observation, plan: TurnPlan, u: UnitView, goal: np.ndarray,
                 safety: float = 1.0, avoid: np.ndarray | None = None, cover: float = 0.3,
                 max_detour: float = 0.5, spread: float = 0.0, parts: Sequence[np.ndarray] = ()) -> A.Move | None:
        """Move toward ``goal``; from level 1, trading progress against danger and cover, but never
        ending more than ``max_detour`` turns further from the goal than it starts.

        Goals are whole-turn masks (their distance fields are cached), so units do not crowd
        one cell through the goal itself: ``spread`` penalises ending next to a friend instead.
        ``parts``: masks whose union is ``goal`` (see ``tactics.distance_field``)."""
        if u.moved or u.attacked or u.acted or u.broken or u.underground or not u.mp or not T.any_cell(goal):
            return None
        game = obs.game
        dist = self._field(obs, goal, parts)
        if self.level == 0 and dist[u.y, u.x] == 0 and not (spread and self._crowded(obs, u)):
            return None  # on the goal already, with room: no need to work out where it could go
        ut = game.scenario.unit_types[u.type]
        per_turn = max(1.0, ut.move * MP_SCALE)
        mine = power(obs, u.type, u.strength) + 1.0
        threat = plan.threat
        use_maps = self.level >= 1 and threat is not None
        w_safe = self._safety_weight(u, ut.strength, safety)
        here = float(dist[u.y, u.x]) if dist[u.y, u.x] < UNREACHED else BIG

        def value(ys: slice, xs: slice) -> np.ndarray:
            # the progress -d / per_turn written as d / -per_turn, and the terms put in place: IEEE
            # arithmetic gives the same bits in fewer numpy passes (on float64: numpy's int32 loops
            # with a float cast dearer than the cast itself)
            d = dist[ys, xs].astype(np.float64)
            v = d / -per_turn
            np.copyto(v, -BIG / per_turn, where=d >= UNREACHED)
            np.subtract(v, BIG / 10, out=v, where=d > here + max_detour * per_turn)
            if avoid is not None:
                v -= avoid[ys, xs] * 5.0
            if spread:
                crowd = self._crowd(obs, u, ys, xs)
                if crowd is not None:
                    v -= spread * 0.25 * crowd
            if use_maps:
                danger = np.maximum(0.0, threat[ys, xs] - 0.5 * self._support(obs, u, ys, xs) - 0.5 * mine) / mine
                v = v - w_safe * np.minimum(danger, 4.0) + cover * (game.defence[ys, xs] - 1.0)
            return v

        return T.best_reachable(obs, u, value, min_gain=0.05 if self.level >= 1 else 1e-6)

    def _safety_weight(self, u: UnitView, full: int, safety: float) -> float:
        """How much danger weighs against progress in a move. A bolder plan weighs it less; at
        level 2 a worn-down unit weighs it more, by (full strength / strength now) ** WORN_SAFETY:
        each of its last steps is scored when lost, and a unit destroyed holds no ground."""
        w = safety / self.style.aggression
        if self.level >= 2:
            w *= max(1.0, full / max(1, u.strength)) ** WORN_SAFETY
        return w

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

    def _crowd(self, obs: Observation, u: UnitView, ys: slice, xs: slice) -> np.ndarray | None:
        """For each cell of a window, the friends on the surface within one step of it, with a
        friend on the cell itself counting 3 (``u`` is no friend of its own); None when ``u`` has
        no friend on the surface (no crowd anywhere).

        Asked for by every unit that moves with ``spread``, so the count over the whole map is kept
        and moved only for the units that moved since (one stamp off, one on) instead of stamped
        for every friend near the window at every ask. The counts are whole numbers in float64:
        adding and taking them away is exact, so they equal a fresh count."""
        shape = (obs.game.height + 2, obs.game.width + 2)  # a border of one cell: no stamp is cut
        if self._crowd_map.shape != shape:
            self._crowd_map, self._crowd_units = np.zeros(shape), {}
        # views, not cells: a unit unchanged since is the same view (``Observation`` keeps them), so
        # most are passed over by identity, without a cell built and compared for each
        kept, now = self._crowd_units, {o.id: o for o in obs.own() if not o.underground}
        m = self._crowd_map
        for uid in kept.keys() | now.keys():
            old, new = kept.get(uid), now.get(uid)
            if old is new or old is not None and new is not None and old.x == new.x and old.y == new.y:
                continue
            if old is not None:
                _crowd_stamp(m, old.x, old.y, _UNSTAMP)
            if new is not None:
                _crowd_stamp(m, new.x, new.y, _STAMP)
        self._crowd_units = now
        if len(now) <= (u.id in now):
            return None
        # the window with a border (map cell (y, x) is m[y + 1, x + 1]), so u's own stamp fits
        out = m[ys.start:ys.stop + 2, xs.start:xs.stop + 2].copy()
        if u.id in now:
            _crowd_stamp(out, u.x - xs.start, u.y - ys.start, _UNSTAMP)
        return out[1:-1, 1:-1]

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
        if not units or not T.any_cell(mask) or n <= 0:
            return []
        dist = self._field(obs, mask)
        ranked = sorted(units, key=lambda u: (int(dist[u.y, u.x]), u.id))
        return [u for u in ranked[:n] if dist[u.y, u.x] < UNREACHED]


_by_id = operator.attrgetter("id")


# A friend's weight in ``_crowd``: 1 on each cell within one step of it, 3 on its own cell.
_STAMP = np.ones((3, 3))
_STAMP[1, 1] = 3.0
_STAMP.setflags(write=False)
_UNSTAMP = -_STAMP
_UNSTAMP.setflags(write=False)


def _crowd_stamp(m: np.ndarray, x: int, y: int, stamp: np.ndarray) -> None:
    """Add ``stamp`` to the cells within one step of map cell (x, y) on a map with a border of one
    cell (no stamp is cut at the edge: one in-place add on a view, not a clipped slice and a cell)."""
    view = m[y:y + 3, x:x + 3]
    view += stamp


def _factory(level: int | None, profile: str | None = None):
    def make(side: str, seed: int, lvl: int) -> AIPolicy:
        return AIPolicy(side, seed, lvl if level is None else level, profile=profile)

    return make


register("ai", _factory(None))
for _lvl in LEVELS:
    register(f"ai{_lvl}", _factory(_lvl))
for _name in ("historical", "vigilant"):  # the profiles every bundled scenario's sides have (or fall back to)
    register(_name, _factory(None, _name))
    for _lvl in LEVELS:
        register(f"{_name}{_lvl}", _factory(_lvl, _name))
