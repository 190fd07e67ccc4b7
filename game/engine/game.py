"""The Game: an immutable scenario turned into numpy layers, and the engine's whole API.

``apply(state, action)`` is the only way a state changes. Legality is checked first, from the
acting side's own observation, so an illegal move never reveals something the side cannot see.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.engine import actions as A
from game.engine import fog, rules, turns
from game.engine.combat import Prediction, predict
from game.engine.errors import GameOver, IllegalAction, MalformedAction
from game.engine.events import Event
from game.engine.fog import Observation
from game.engine.state import ACTIVE, ALERT, POSTURES, WAITING, Knowledge, State, Unit
from game.engine.tally import zone_share
from game.scenario.model import Scenario


class Game:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.rules = scenario.rules
        sc = scenario
        self.width, self.height = sc.width, sc.height
        self.sides: tuple[str, ...] = sc.turn_order
        self.side_index = {s: i for i, s in enumerate(self.sides)}
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
        self.transparent = layer(lambda t: not t.blocks_sight, bool)
        self.river = layer(lambda t: t.river, bool)
        self.urban = layer(lambda t: t.urban, np.float32)
        self.standable = self.move_cost10 > 0
        self.min_step = int(self.move_cost10[self.standable].min()) * 2 if self.standable.any() else 1
        for arr in (self.move_cost10, self.defence, self.cover, self.transparent, self.river, self.urban, self.standable):
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
        self.fov_cache: dict[tuple[int, int, int], np.ndarray] = {}  # derived from terrain only
        self.zone_index = {z: np.flatnonzero(m) for z, m in self.zone_masks.items()}
        self.night = tuple(sc.calendar.is_night(t) for t in range(sc.calendar.turns + 2))  # by turn number

    # --- setting up ----------------------------------------------------------------------
    def new_initial_state(self, seed: int = 1) -> State:
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
        return None if state.over else self.sides[state.side_index]

    def observe(self, state: State, side: str | None) -> Observation:
        """What ``side`` may know; ``None`` is the educator's god view."""
        if side is not None and side not in self.side_index:
            raise MalformedAction(f"unknown side '{side}'; sides are: {', '.join(self.sides)}")
        return fog.observe(self, state, side)

    def is_over(self, state: State) -> bool:
        return state.over

    def outcome(self, state: State) -> dict[str, Any] | None:
        return state.outcome

    def date_of(self, turn: int) -> str:
        return self.scenario.calendar.turn_start(turn).strftime("%Y-%m-%d %H:%M")

    def preview(self, obs: Observation, unit: str, target: str) -> Prediction:
        """The attack preview a side may see: built from its own observation only."""
        a, d = obs.units[unit], obs.units[target]
        return predict(self, a, d, obs.turn, a.fatigue or 0, 0)

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
        u = self._own_unit(obs, action.unit)  # type: ignore[attr-defined]
        ut = self.scenario.unit_types[u.type]
        if isinstance(action, A.Move):
            if u.underground:
                raise IllegalAction(f"{u.id} is underground: use 'tunnel' or 'emerge'")
            if u.broken:
                raise IllegalAction(f"{u.id} is broken and falls back on its own")
            if (action.x, action.y) == u.cell:
                raise IllegalAction(f"{u.id} is already at {action.x} {action.y}")
            if not (0 <= action.x < self.width and 0 <= action.y < self.height):
                raise IllegalAction(f"{action.x} {action.y} is off the map")
            if not obs.reach(u.id).can_reach(action.x, action.y):
                raise IllegalAction(f"{u.id} cannot reach {action.x} {action.y} this turn")
        elif isinstance(action, A.Attack):
            if u.attacked or u.acted:
                raise IllegalAction(f"{u.id} has already attacked or acted this turn")
            if u.underground:
                raise IllegalAction(f"{u.id} must emerge before it can attack")
            if u.broken:
                raise IllegalAction(f"{u.id} is broken and cannot attack")
            if ut.attack <= 0:
                raise IllegalAction(f"{u.id} cannot attack")
            t = obs.units.get(action.target)
            if t is None or t.side == side:
                raise IllegalAction(f"no enemy unit '{action.target}' in sight")
            if max(abs(t.x - u.x), abs(t.y - u.y)) > ut.range:
                raise IllegalAction(f"{action.target} is out of range of {u.id}")
        elif isinstance(action, A.Search):
            if not ({"search", "engineer"} & ut.abilities):
                raise IllegalAction(f"{u.id} cannot search for tunnels")
            if u.moved or u.attacked or u.acted or u.underground:
                raise IllegalAction(f"{u.id} must spend its whole turn searching (it has already moved or acted)")
            if u.posture != ALERT:
                raise IllegalAction(f"{u.id} is stood down; only alert units search")
        elif isinstance(action, A.Demolish):
            if "engineer" not in ut.abilities:
                raise IllegalAction(f"{u.id} is not an engineer unit")
            if u.acted or u.attacked:
                raise IllegalAction(f"{u.id} has already acted this turn")
            if action.node not in obs.known_nodes or action.node in obs.collapsed:
                raise IllegalAction(f"no known open tunnel node '{action.node}'")
            nx, ny = self.nodes[action.node].at
            if max(abs(nx - u.x), abs(ny - u.y)) > 1:
                raise IllegalAction(f"{u.id} must stand on or next to {action.node}")
        elif isinstance(action, A.Posture):
            if action.posture not in POSTURES:
                raise MalformedAction(f"posture is one of {', '.join(POSTURES)}")
            if u.posture == action.posture:
                raise IllegalAction(f"{u.id} is already {action.posture.replace('_', ' ')}")
        elif isinstance(action, A.Dive):
            if "tunnels" not in ut.abilities:
                raise IllegalAction(f"{u.id} cannot use tunnels")
            node = self.node_at.get(u.cell)
            if u.underground or node is None or node not in obs.known_nodes or node in obs.collapsed:
                raise IllegalAction(f"{u.id} is not on an open tunnel entrance its side knows")
            if (u.mp or 0) < self._dive_cost(u.type):
                raise IllegalAction(f"{u.id} has too few movement points left to go underground")
        elif isinstance(action, A.Tunnel):
            if not u.underground:
                raise IllegalAction(f"{u.id} is not underground")
            if self.tunnel_route(obs, u, action.node) is None:
                raise IllegalAction(f"{u.id} cannot reach tunnel node '{action.node}' this turn")
        elif isinstance(action, A.Emerge):
            if not u.underground:
                raise IllegalAction(f"{u.id} is not underground")
            if any(o.cell == u.cell and o.side != side and not o.underground for o in obs.units.values()):
                raise IllegalAction(f"an enemy unit stands on the exit above {u.id}")
            if sum(1 for o in obs.units.values() if o.cell == u.cell and o.side == side and not o.underground) \
                    >= self.rules.stack_limit:
                raise IllegalAction("the exit is full (stack limit)")
        elif isinstance(action, A.Withdraw):
            dec = self.scenario.declarations.get(side)
            if dec is None or dec.withdraw_zone is None:
                raise IllegalAction(f"{side} has no withdrawal in this scenario")
            if side not in obs.declared:
                raise IllegalAction("units may leave for other fronts only after a declaration of victory")
            if u.underground or not self.zone_masks[dec.withdraw_zone][u.y, u.x]:
                raise IllegalAction(f"{u.id} must be in {self.scenario.zones[dec.withdraw_zone].name} to withdraw")

    def _own_unit(self, obs: Observation, uid: str) -> Any:
        u = obs.units.get(uid)
        if u is None or u.side != obs.side:
            raise IllegalAction(f"{obs.side} has no unit '{uid}' on the map")
        return u

    def _dive_cost(self, utype: str) -> int:
        from game.engine.movement import MP_SCALE

        return int(self.scenario.unit_types[utype].move * MP_SCALE) // 3

    def tunnel_route(self, obs: Observation, u: Any, target: str) -> list[str] | None:
        """Nodes from the unit's node to ``target`` over open links its side knows, within this turn's reach."""
        from game.engine.movement import MP_SCALE

        if target not in obs.known_nodes or target in obs.collapsed or target == u.node:
            return None
        per_link = int(self.scenario.unit_types[u.type].move * MP_SCALE) // self.rules.tunnel_moves
        max_links = (u.mp or 0) // max(1, per_link)
        frontier, prev = [u.node], {u.node: None}
        while frontier:
            nxt = []
            for n in frontier:
                for m in sorted(self.links[n]):
                    if m in prev or m in obs.collapsed or m not in obs.known_nodes:
                        continue
                    prev[m] = n
                    nxt.append(m)
            frontier = nxt
        if target not in prev:
            return None
        route = [target]
        while prev[route[-1]] is not None:
            route.append(prev[route[-1]])
        route.reverse()
        return route if len(route) - 1 <= max_links else None

    def declare_blocked(self, obs: Observation) -> str | None:
        side = obs.side
        dec = self.scenario.declarations.get(side or "")
        if dec is None:
            return f"{side} cannot declare victory in this scenario"
        if side in obs.declared:
            return f"{side} has already declared victory"
        mask = self.zone_masks[dec.zone]
        share = zone_share(self, obs.control, dec.zone, side)
        zone = self.scenario.zones[dec.zone].name
        if share < dec.min_control:
            return f"{side} holds {share:.0%} of {zone}; a declaration needs {dec.min_control:.0%}"
        if dec.clear_of_enemies and any(e.side != side and mask[e.y, e.x] for e in obs.units.values()):
            return f"enemy units are still in sight in {zone}"
        return None

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
        candidates: list[A.Action] = []
        enemies = obs.enemies()
        for u in obs.own():
            if u.underground:
                candidates += [A.Emerge(u.id)] + [A.Tunnel(u.id, n) for n in sorted(obs.known_nodes)]
                continue
            if not u.broken and (u.mp or 0) > 0:
                out += [A.Move(u.id, x, y) for x, y in obs.reach(u.id).cells()]  # legal by construction
            rng = self.scenario.unit_types[u.type].range
            candidates += [A.Attack(u.id, e.id) for e in enemies if max(abs(e.x - u.x), abs(e.y - u.y)) <= rng]
            candidates += [A.Search(u.id), A.Dive(u.id), A.Withdraw(u.id)]
            candidates += [A.Posture(u.id, p) for p in POSTURES if p != u.posture]
            candidates += [A.Demolish(u.id, n) for n in sorted(obs.known_nodes)
                           if max(abs(self.nodes[n].at[0] - u.x), abs(self.nodes[n].at[1] - u.y)) <= 1]
        for a in candidates:
            try:
                self.check(state, a, obs)
            except IllegalAction:
                continue
            out.append(a)
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
        return rules.carry_out(self, state, action)

    def reseed(self, state: State, seed: int) -> None:
        """Replace the dice of ``state`` with a fresh generator seeded by ``seed``.

        For what-if re-rolls: the same position played on with other dice. ``state.seed`` keeps
        the game's original seed, so a reseeded state no longer replays from seed + action log.
        """
        state.rng = np.random.Generator(np.random.PCG64(seed))
