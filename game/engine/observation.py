"""The observation: everything one side may know now, built from the engine's state and the
side's knowledge (see ``fog`` for how that knowledge is kept). UI and AI get only this.

Every action builds one, with a view of every unit a side may see, so views are made as cheaply
as a frozen value allows and reused while what they show is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from game.engine.movement import compute_reach
from game.engine.state import ACTIVE, Sighting, State, Unit, keep

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.engine.movement import Reach


@dataclass(frozen=True)
class UnitView:
    """A unit as a side sees it. Enemy units show no morale, fatigue or orders."""

    id: str
    side: str
    faction: str
    type: str
    name: str
    x: int
    y: int
    strength: int
    max_strength: int
    posture: str
    broken: bool
    underground: bool = False
    node: str | None = None
    morale: int | None = None
    fatigue: int | None = None
    mp: int | None = None
    moved: bool = False
    attacked: bool = False
    acted: bool = False
    suppressed: bool = False
    emerged_turn: int = 0
    surprised_turn: int = 0

    @property
    def cell(self) -> tuple[int, int]:
        """The unit's cell as an (x, y) tuple."""
        return (self.x, self.y)


@dataclass
class Observation:
    """Everything one side may know now; god view (side None) sees all. UI and AI get only this."""

    game: Game
    side: str | None
    turn: int
    current_side: str | None
    phase: str
    units: dict[str, UnitView]
    last_seen: dict[str, Sighting]
    visible: np.ndarray  # read-only: the side's own layer, shared (a new one comes with every change)
    control: np.ndarray
    known_nodes: frozenset[str]
    collapsed: frozenset[str]
    declared: dict[str, int]
    points: dict[str, float]  # its own score only while the game runs (every side's in god view, or when over)
    over: bool
    outcome: dict[str, Any] | None
    _reach: dict[str, Reach] = field(default_factory=dict, repr=False)
    _own: tuple[UnitView, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _enemies: tuple[UnitView, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def night(self) -> bool:
        """Whether the observed turn is a night turn (sight is shorter)."""
        night = self.game.night  # by turn number, from the calendar once per Game
        return night[self.turn] if 0 <= self.turn < len(night) else self.game.scenario.calendar.is_night(self.turn)

    def own(self) -> list[UnitView]:
        """The observing side's own units on the map (a fresh list; worked out once per observation,
        as policies ask for it for every unit they consider: by ``observe``, as it builds the views)."""
        if self._own is None:
            side = self.side
            self._own = tuple([u for u in self.units.values() if u.side == side])
        return list(self._own)

    def enemies(self) -> list[UnitView]:
        """The enemy units the observing side sees now (a fresh list, worked out once)."""
        if self._enemies is None:
            side = self.side
            self._enemies = _not_allied(self.game, side, [u for u in self.units.values() if u.side != side])
        return list(self._enemies)

    def reach(self, unit_id: str) -> Reach:
        """Where a unit can move this turn, computed once per observation (one Dijkstra map)."""
        if unit_id not in self._reach:
            self._reach[unit_id] = compute_reach(self.game, self, self.units[unit_id])
        return self._reach[unit_id]


def cached_reach(state: State, side: str, unit_id: str) -> Reach | None:
    """The reach map an observation of ``state`` by ``side`` already computed for the unit, if any
    (observations share their reach maps through the state's cache until the next action)."""
    return state.cache.get(("reach", side), {}).get(unit_id)


def enemies_seen(game: Game, state: State, side: str) -> set[str]:
    """The ids of ``Observation.enemies()`` for ``side`` now, without building the observation."""
    seen = state.knowledge[side].seen_units
    allied = game.scenario.allied
    return {u.id for u in state.units.values()
            if u.status == ACTIVE and u.side != side and u.id in seen and not allied(side, u.side)}


def view_of(u: Unit, full: bool) -> UnitView:
    """``u`` as seen by its own side (``full``) or by an enemy (no morale, fatigue, orders or tunnel).

    Every observation builds a view of every unit, so this fills the frozen dataclass's fields
    directly: ``records.filled``, inlined (the call, here and in ``Emitter.emit``, cost 0.7% of a game)."""
    v = object.__new__(UnitView)
    v.__dict__.update(id=u.id, side=u.side, faction=u.faction, type=u.type, name=u.name, x=u.x, y=u.y,
                      strength=u.strength, max_strength=u.max_strength, posture=u.posture, broken=u.broken,
                      underground=u.underground if full else False, node=u.node if full else None,
                      morale=u.morale if full else None, fatigue=u.fatigue if full else None,
                      mp=u.mp if full else None, moved=u.moved, attacked=u.attacked, acted=u.acted,
                      suppressed=u.suppressed, emerged_turn=u.emerged_turn if full else 0,
                      surprised_turn=u.surprised_turn)
    return v


def _kept_view(u: Unit, full: bool) -> UnitView:
    """``view_of(u, full)``, made once while ``u`` is unchanged and kept with it (``state.keep``).

    Every action builds an observation with a view of every unit, and an action changes a few
    units: any assignment to a unit drops what is kept with it, so the other units' views are
    given again as they are. The views are frozen values, so observations may share them."""
    kept = u.kept
    if kept is None:
        kept = [None, None]  # its own side's view, an enemy's
        keep(u, kept)
    v = kept[0 if full else 1]
    if v is None:
        v = kept[0 if full else 1] = view_of(u, full)
    return v


def observe(game: Game, state: State, side: str | None) -> Observation:
    """What ``side`` may know of ``state`` now (god view for None): the only view UI and AI get.

    Enemy units appear only while the side sees them, with what can be seen from outside; its
    own units in full. Reach maps computed on one observation are cached with the state.
    """
    current = game.current_side(state)
    reach_cache = state.cache.setdefault(("reach", side), {})
    units: dict[str, UnitView]
    if side is None:
        units = {u.id: _kept_view(u, True) for u in state.units.values() if u.status == ACTIVE}
        return Observation(game, None, state.turn, current, state.phase, units, {}, np.ones_like(state.control, bool),
                           state.control.copy(), frozenset(game.nodes), frozenset(state.collapsed),
                           dict(state.declared), dict(state.points), state.over, state.outcome, reach_cache)
    k = state.knowledge[side]
    units = {}
    seen_units = k.seen_units
    own: list[UnitView] = []
    seen: list[UnitView] = []
    sort = (own.append, seen.append)  # the views of ``own()`` and of the enemies and allies seen, by the way
    for u in state.units.values():  # _kept_view(), inlined: every action observes every unit
        if u.status != ACTIVE:
            continue
        if u.side == side:
            i = 0
        elif u.id in seen_units:
            i = 1
        else:
            continue
        kept = u.kept
        if kept is None:
            kept = [None, None]
            keep(u, kept)
        v = kept[i]
        if v is None:
            v = kept[i] = view_of(u, not i)
        units[u.id] = v
        sort[i](v)
    last = {uid: s for uid, s in k.last_seen.items() if uid not in units}
    known = frozenset(k.known_nodes)
    # A side knows its own score; another side's would tell of fights it did not see (points for
    # steps destroyed out of its sight), so the others' scores are shown once the game is over.
    points = dict(state.points) if state.over else {side: state.points.get(side, 0.0)}
    obs = Observation(game, side, state.turn, current, state.phase, units, last, k.visible,
                      k.seen_control.copy(), known, frozenset(n for n in state.collapsed if n in known),
                      dict(state.declared), points, state.over, state.outcome, reach_cache)
    # ``own()`` and ``enemies()`` as they would work them out (the same views in the same order):
    # every policy asks for both, and they are sorted out above already
    obs._own = tuple(own)
    obs._enemies = _not_allied(game, side, seen)
    return obs


def _not_allied(game: Game, side: str | None, others: list[UnitView]) -> tuple[UnitView, ...]:
    """The views among ``others`` (units of other sides than ``side``) that are not of its allies
    (``Scenario.allied``; god view: every unit): what ``Observation.enemies`` gives."""
    allies = game.scenario.sides[side].allies if side is not None else ()
    return tuple([v for v in others if v.side not in allies]) if allies else tuple(others)
