"""The Game: an immutable scenario turned into numpy layers, and the engine's whole API.

``apply(state, action)`` is the only way a state changes. Legality is checked first, from the
acting side's own observation, so an illegal move never reveals something the side cannot see.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from game.engine import actions as A
from game.engine import fog, observation, rules, turns
from game.engine.combat import ATTACKER_READS, DEFENDER_READS, Prediction, predict
from game.engine.errors import GameOver, IllegalAction, MalformedAction
from game.engine.events import Event
from game.engine.movement import Bare
from game.engine.observation import Observation, UnitView
from game.engine.options import UnitOptions, unit_options
from game.engine.orders import ORDERS, order_of
from game.engine.orders.tunnels import dive_cost, tunnel_route
from game.engine.orders.victory import declare_blocked
from game.engine.state import ACTIVE, ALERT, WAITING, Knowledge, State, Unit
from game.scenario.model import Scenario

PREVIEW_CACHE_SIZE = 4096  # attack previews kept per game


class Game:
    """A scenario made playable: immutable terrain layers and look-ups, and every question the engine answers.

    Holds no game state (that is ``State``), so one Game serves any number of games, copies and
    look-aheads at once.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.rules = scenario.rules
        sc = scenario
        self.width, self.height = sc.width, sc.height
        self.sides: tuple[str, ...] = sc.turn_order
        self.side_index = {s: i for i, s in enumerate(self.sides)}
        self.side_bytes = {s: bytes([i]) for s, i in self.side_index.items()}  # a side's cell in an int8 layer's bytes (tally)
        tids = list(sc.terrain)
        by_char = {t.char: i for i, t in enumerate(sc.terrain.values())}
        self.terrain_ids = tids
        self.terrain_index = np.array([[by_char[c] for c in row] for row in sc.rows], dtype=np.int8)
        ts = list(sc.terrain.values())

        def layer(f: Any, dtype: Any) -> np.ndarray:
            return np.array([f(t) for t in ts], dtype=dtype)[self.terrain_index]

        self.move_cost10 = layer(lambda t: 0 if (t.move_cost is None or t.river) else max(1, round(t.move_cost * 10)), np.int32)
        self.defence = layer(lambda t: t.defence, np.float32)
        self.cover = layer(lambda t: t.cover, np.float32)
        # how deep into a cell's cover a viewer spots a unit, as a fraction of its sight (fog)
        self.openness = 1.0 - self.cover.astype(np.float64)
        self.transparent = layer(lambda t: not t.blocks_sight, bool)
        self.river = layer(lambda t: t.river, bool)
        self.urban = layer(lambda t: t.urban, np.float32)
        self.standable = self.move_cost10 > 0
        self.standable_bits = fog.bits_of(self.standable)  # the same, as bits (turns: control spreads)
        self.min_step = int(self.move_cost10[self.standable].min()) * 2 if self.standable.any() else 1
        for arr in (self.move_cost10, self.defence, self.cover, self.openness, self.transparent, self.river, self.urban, self.standable):
            arr.setflags(write=False)
        self.zone_masks: dict[str, np.ndarray] = {}
        for zid, z in sc.zones.items():
            mask = np.zeros((self.height, self.width), bool)
            for x, y in z.cells:
                mask[y, x] = True
            mask.setflags(write=False)
            self.zone_masks[zid] = mask
        self.nodes = dict(sc.tunnels.nodes)
        self.node_at = {n.at: nid for nid, n in self.nodes.items()}
        self.links: dict[str, set[str]] = {nid: set() for nid in self.nodes}
        for a, b in sc.tunnels.links:
            self.links[a].add(b)
            self.links[b].add(a)
        self.triggers_on: dict[str, list[Any]] = {}
        for t in sc.triggers:
            self.triggers_on.setdefault(t.on, []).append(t)
        self.phase_names = {p.id: p.name for p in sc.phases}
        self.fov_cache: dict[tuple[int, int, int], tuple[np.ndarray, int, int]] = {}  # from terrain only
        self.spot_cache: dict[tuple[int, int, int], tuple[np.ndarray, int, int]] = {}  # from terrain only
        self.sight_radii: dict[tuple[str, bool, str], int] = {}  # by unit type, night and posture (fog)
        # a viewer's view and spot cells as bits, by day (0) and night (1) (fog)
        self.eye_bits: tuple[dict[tuple[Any, ...], int], dict[tuple[Any, ...], int]] = ({}, {})
        self.sight_cache: dict[tuple[Any, ...], tuple[np.ndarray, np.ndarray]] = {}  # view and spot layers by viewers (fog)
        self.ring_cache: dict[tuple[int, int, bool], np.ndarray] = {}  # reach bounds by cell, from terrain only
        self.reach_boxes: dict[tuple[int, int, bool, int], Bare] = {}  # bare reaches by cell and budget (movement)
        self.widest_reach: dict[tuple[int, int, bool], Bare] = {}  # the largest budget's bare reach by cell (movement)
        self.searches: dict[tuple[Any, ...], tuple[np.ndarray, ...]] = {}  # reach searches among enemies (movement)
        self.retreat_cache: dict[tuple[int, bytes], Any] = {}  # fall-back searches (tcod Pathfinders) by targets and blocked cells (retreat)
        self.bare_retreats: dict[str, tuple[list[list[int]], list[list[int]]]] = {}  # fall-back distances over bare terrain by zone (retreat)
        self.side_units: fog.KeptSides | None = None  # (fog)
        self.previews: dict[tuple[Any, ...], Prediction] = {}  # attack previews by what they read of the two views
        self.rounded_shares: dict[str, list[float]] | None = None  # zone -> rounded share by cells held (tally)
        self.last_shares: tuple[bytes, dict[str, dict[str, float]], list[list[int]]] | None = None  # by control layer (tally)
        self.arrival_turns: dict[str, int | None] = {}  # reinforcements' arrival turns (turns)
        self.nodes_near: dict[tuple[int, int], tuple[str, ...]] = {}  # tunnel nodes next to each cell (effects.nodes_next_to)
        # 3 x 3 and 5 x 5 blocks by flat cell (turns: control spreads, morale recovers away from enemies)
        self.near_bits: tuple[list[int | None], ...] = tuple([None] * (self.width * self.height) for _ in range(2))
        self.stamps: dict[int, tuple[str, str]] = {}  # turn -> (date, time) events carry; from the calendar only
        self.zone_index = {z: np.flatnonzero(m) for z, m in self.zone_masks.items()}
        # every zone's cells end to end, each with where its zone's row starts in tally's table of
        # counts, plus one (an unheld cell, -1, counts in the row's first column): all zones at once
        self.zone_cells = (np.repeat(np.arange(len(self.zone_index)) * (len(self.sides) + 1) + 1,
                                     [len(i) for i in self.zone_index.values()]),
                           np.concatenate([*self.zone_index.values(), np.zeros(0, np.int64)]))
        self._base: Game = self  # the game as the scenario wrote it; a variant's is the game it came from
        self._variants: dict[tuple[tuple[str, str], ...], Game] = {}
        self.night = tuple(sc.calendar.is_night(t) for t in range(sc.calendar.turns + 2))  # by turn number

    # --- setting up ----------------------------------------------------------------------
    def new_initial_state(self, seed: int = 1) -> State:
        """A fresh state for ``seed``, without the set-up events (for callers that do not narrate)."""
        return self.start(seed)[0]

    def start(self, seed: int = 1) -> tuple[State, list[Event]]:
        """A fresh state and the events of the set-up (first phase, opening narration, sightings)."""
        sc = self.scenario
        h, w = self.height, self.width
        units: dict[str, Unit] = {}
        for spec in sc.units:
            ut = sc.unit_types[spec.type]
            side = sc.side_of_faction(spec.faction)
            x, y = spec.at if spec.at else (-1, -1)
            node = spec.tunnel
            if node:
                x, y = self.nodes[node].at
            units[spec.id] = Unit(id=spec.id, type=spec.type, faction=spec.faction, side=side, name=spec.name,
                                  x=x, y=y, strength=spec.strength or ut.strength, max_strength=ut.strength,
                                  morale=spec.morale or ut.morale, posture=spec.posture or ALERT,
                                  status=WAITING if spec.arrives else ACTIVE, underground=node is not None, node=node)
        knowledge = {s: Knowledge(visible=np.zeros((h, w), bool), seen_control=np.full((h, w), -1, np.int8),
                                  known_nodes=set(sc.tunnels.known_to.get(s, frozenset()))) for s in self.sides}
        control = np.full((h, w), -1, np.int8)
        state = State(turn=1, side_index=0, phase=sc.phases[0].id, phase_since=1, units=units, control=control,
                      knowledge=knowledge, rng=np.random.Generator(np.random.PCG64(seed)), seed=seed,
                      points={s: 0.0 for s in self.sides}, losses={f: 0 for f in sc.factions},
                      kills={f: 0 for f in sc.factions})
        events = turns.setup(self, state)
        return state, events

    # --- queries -------------------------------------------------------------------------
    def current_side(self, state: State) -> str | None:
        """The side to move, or None once the game is over."""
        return None if state.over else self.sides[state.side_index]

    def observe(self, state: State, side: str | None) -> Observation:
        """What ``side`` may know; ``None`` is the educator's god view."""
        if side is not None and side not in self.side_index:
            raise MalformedAction(f"unknown side '{side}'; sides are: {', '.join(self.sides)}")
        return observation.observe(self.variant(state), state, side)

    def is_over(self, state: State) -> bool:
        """Whether the game has ended (no action is legal any more)."""
        return state.over

    def outcome(self, state: State) -> dict[str, Any] | None:
        """The result once the game is over (winner, results, points, reason, losses), else None."""
        return state.outcome

    def date_of(self, turn: int) -> str:
        """When ``turn`` starts, as the scenario's calendar says ("2017-11-06 06:00")."""
        return self.scenario.calendar.turn_start(turn).strftime("%Y-%m-%d %H:%M")

    def preview(self, obs: Observation, unit: str, target: str) -> Prediction:
        """The attack preview a side may see: built from its own observation only.

        A preview depends on the map, the turn and what the odds read of the two views
        (``combat.ATTACKER_READS``, ``DEFENDER_READS``), and a policy weighs the same attacks action
        after action, turn after turn, until one of the two moves or fights: previews are kept per
        game by those (the prediction is immutable; emptied when full)."""
        a, d = obs.units[unit], obs.units[target]
        game = obs.game
        key = (ATTACKER_READS(a), a.fatigue or 0, DEFENDER_READS(d), obs.turn)
        hit = game.previews.get(key)
        if hit is None:
            if len(game.previews) >= PREVIEW_CACHE_SIZE:
                game.previews.clear()
            hit = game.previews[key] = predict(game, a, d, obs.turn, a.fatigue or 0, 0)
        return hit

    # --- legality ------------------------------------------------------------------------
    def check(self, state: State, action: A.Action, obs: Observation | None = None) -> None:
        """Raise IllegalAction or MalformedAction unless ``action`` is allowed now."""
        if not isinstance(action, A.Action):
            raise MalformedAction(f"not an action: {action!r}")
        if state.over:
            raise GameOver("the game is over")
        self.check_observed(obs or self.observe(state, self.sides[state.side_index]), action)

    def check_observed(self, obs: Observation, action: A.Action) -> None:
        """The same check from the acting side's observation alone: what a policy can call."""
        if obs.over:
            raise GameOver("the game is over")
        side = obs.side
        if side is None or side != obs.current_side:
            raise IllegalAction(f"it is {obs.current_side}'s turn")
        if isinstance(action, A.EndTurn):
            return
        if isinstance(action, A.Declare):
            reason = self.declare_blocked(obs)
            if reason:
                raise IllegalAction(reason)
            return
        order = order_of(action)
        if order is None or not isinstance(action, A.UnitAction):
            raise MalformedAction(f"not an action: {action!r}")
        order.check(obs.game, obs, self._own_unit(obs, action.unit), action)

    def _own_unit(self, obs: Observation, uid: str) -> UnitView:
        u = obs.units.get(uid)
        if u is None or u.side != obs.side:
            raise IllegalAction(f"{obs.side} has no unit '{uid}' on the map")
        return u

    def _dive_cost(self, utype: str) -> int:
        return dive_cost(self, utype)

    def tunnel_route(self, obs: Observation, u: UnitView, target: str) -> list[str] | None:
        """Nodes from the unit's node to ``target`` over open links its side knows, within this turn's reach."""
        return tunnel_route(obs.game, obs, u, target)

    def declare_blocked(self, obs: Observation) -> str | None:
        """Why the observing side may not declare victory now, or None if it may."""
        return declare_blocked(obs.game, obs)

    def unit_options(self, obs: Observation, unit_id: str) -> UnitOptions:
        """What one unit of the observing side can do now, and why not where it cannot (see options)."""
        return unit_options(obs.game, obs, unit_id)

    def legal_actions(self, state: State, side: str | None = None) -> list[A.Action]:
        """Every legal action for the side to move (an empty list if it is another side's turn)."""
        if state.over:
            return []
        current = self.sides[state.side_index]
        if side is not None and side != current:
            return []
        obs = self.observe(state, current)
        out: list[A.Action] = [A.EndTurn()]
        if self.declare_blocked(obs) is None:
            out.append(A.Declare())
        for u in obs.own():
            for order in ORDERS.values():
                if order.blocked(obs.game, obs, u) is None:
                    out += order.options(obs.game, obs, u)
        return out

    # --- the one way a state changes ---------------------------------------------------
    def apply(self, state: State, action: A.Action | str, *, trusted: bool = False) -> list[Event]:
        """Check, then carry out ``action``; returns the events it caused, in order.

        ``trusted`` skips the legality check, for callers that took the action from the engine's
        own option lists for this very state (AI drivers): the check would only repeat work.
        A finished game refuses every action, trusted or not.
        """
        if isinstance(action, str):
            action = A.parse(action)
        if trusted:
            if state.over:
                raise GameOver("the game is over")
        else:
            self.check(state, action)
        return rules.carry_out(self.variant(state), state, action)

    def variant(self, state: State) -> Game:
        """The game on the map as the state's triggers left it (a bridge blown): itself when nothing changed.

        The terrain layers are derived once per set of changes and cached; the observation carries the
        game it was made from, so every query on it sees the same map as ``apply``.
        """
        if not state.terrain:
            return self
        base = self._base
        key = tuple(sorted(state.terrain.items()))
        cache = base._variants
        if key not in cache:
            rows = [list(r) for r in base.scenario.rows]
            for cell, tid in key:
                x, y = map(int, cell.split(","))
                rows[y][x] = base.scenario.terrain[tid].char
            cache[key] = Game(dataclasses.replace(base.scenario, rows=tuple("".join(r) for r in rows)))
            cache[key]._base = base
        return cache[key]

    def reseed(self, state: State, seed: int) -> None:
        """Replace the dice of ``state`` with a fresh generator seeded by ``seed``.

        For what-if re-rolls: the same position played on with other dice. ``state.seed`` keeps
        the game's original seed, so a reseeded state no longer replays from seed + action log.
        """
        state.rng = np.random.Generator(np.random.PCG64(seed))
