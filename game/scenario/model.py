"""The scenario as typed, immutable records, built only from validated data."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

Cell = tuple[int, int]


@dataclass(frozen=True)
class Rules:
    """Tunable numbers; the defaults are documented in the schema and the designer's guide."""

    stack_limit: int = 2
    zoc: bool = True
    night_sight: float = 0.5
    hit_chance: float = 0.3
    surprise_defence: float = 0.5
    ambush_attack: float = 1.5
    suicide_intercept_alert: float = 0.35
    suicide_intercept_stood_down: float = 0.0
    exit_fire: float = 0.0
    morale_per_step: int = 9
    surprise_morale: int = 20
    break_below: int = 30
    rally_at: int = 50
    search_chance: float = 0.45
    engineer_search_chance: float = 0.8
    search_radius: int = 2
    watch_chance: float = 0.1
    combat_find_chance: float = 0.3
    fatigue_per_turn: int = 1
    fatigue_max: int = 6
    fatigue_penalty: float = 0.05
    rest_recovery: int = 2
    tunnel_moves: int = 3

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Rules:
        """Rules from the scenario's 'rules' mapping; keys it leaves out keep the documented defaults."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Terrain:
    """One kind of ground: what it costs to enter, how it shelters and hides, whether it is water."""

    id: str
    char: str
    name: str
    move_cost: float | None
    defence: float
    cover: float = 0.0
    blocks_sight: bool = False
    river: bool = False
    bridge: bool = False
    urban: float = 0.0
    color: str = "#808080"

    @property
    def passable(self) -> bool:
        """Whether a unit on foot can stand here (rivers need the 'boat' ability)."""
        return self.move_cost is not None and not self.river


@dataclass(frozen=True)
class Zone:
    """A named set of cells that conditions, objectives and arrivals refer to."""

    id: str
    name: str
    cells: frozenset[Cell]
    description: str = ""
    assumption: str = ""  # "Model assumption: ..." where the sources do not give the place
    border: str = ""  # the name of the border line drawn along the zone's edge (a frontier), if any


@dataclass(frozen=True)
class Side:
    """One player: a name, a colour, where its broken units rally, and its allies."""

    id: str
    name: str
    description: str = ""
    rally_zone: str | None = None
    color: str = "#808080"
    allies: tuple[str, ...] = ()  # allied sides never attack each other (the validator checks both name each other)


@dataclass(frozen=True)
class Faction:
    """A force within a side, with its own colour and neutral description for players."""

    id: str
    side: str
    name: str
    color: str
    description: str


@dataclass(frozen=True)
class UnitType:
    """What a kind of unit can do: its strength, movement, combat values, sight and abilities."""

    id: str
    name: str
    strength: int
    move: float
    attack: float
    defence: float
    sight: int
    symbol: str = "infantry"
    range: int = 1
    morale: int = 70
    abilities: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Arrival:
    """When and where a reinforcement enters; with neither turn nor date it waits for a trigger."""

    turn: int | None = None
    date: str | None = None
    zone: str | None = None
    tunnel: str | None = None

    @property
    def on_trigger(self) -> bool:
        """Whether only a trigger's 'reinforce' can bring this unit in."""
        return self.turn is None and self.date is None


@dataclass(frozen=True)
class UnitSpec:
    """A unit as the scenario places it at the start (the state's Unit is what it becomes in play)."""

    id: str
    type: str
    faction: str
    name: str
    at: Cell | None = None
    tunnel: str | None = None
    strength: int | None = None
    posture: str = "alert"
    morale: int | None = None
    arrives: Arrival | None = None
    note: str = ""
    assumption: str = ""  # "Model assumption: ...": what about this unit the sources do not give


@dataclass(frozen=True)
class TunnelNode:
    """A tunnel entrance and exit on the map."""

    id: str
    at: Cell
    name: str = ""


@dataclass(frozen=True)
class Tunnels:
    """The hidden network: nodes, links between them, and which sides know which nodes at the start."""

    nodes: Mapping[str, TunnelNode] = field(default_factory=dict)
    links: tuple[tuple[str, str], ...] = ()
    known_to: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Phase:
    """A named beat of the battle that triggers enter and conditions test."""

    id: str
    name: str
    description: str = ""
    date: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Declaration:
    """What a side needs to declare victory, what it gains, and what it risks if it loses the zone."""

    zone: str
    min_control: float
    points: float
    clear_of_enemies: bool = True
    lost_below: float | None = None
    penalty: float = 0.0
    withdraw_zone: str | None = None
    withdraw_points: float = 0.0


@dataclass(frozen=True)
class Trigger:
    """Event, conditions, effects: scenario data the engine runs (see game/engine/triggers.py).

    ``on`` is the event kind, written ``when:`` in the file (``on:`` reads as true in YAML 1.1)."""

    id: str
    on: str
    conditions: Mapping[str, Any]
    effects: tuple[tuple[str, Any], ...]
    once: bool = True
    assumption: str = ""  # "Model assumption: ..." for a mechanic the sources do not record


@dataclass(frozen=True)
class Narration:
    """A neutral, sourced text that a trigger shows to players."""

    id: str
    title: str
    text: str
    sources: tuple[str, ...] = ()
    date: str | None = None  # the latest day the text tells of
    topic: str = ""  # "civilians" for the report's civilians section


@dataclass(frozen=True)
class Objective:
    """Points for holding a zone: at the end, every turn, or first to get there."""

    zone: str
    points: float
    hold: float = 0.5
    when: str = "end"
    name: str = ""


@dataclass(frozen=True)
class Victory:
    """How a side scores and where a win and a loss begin."""

    objectives: tuple[Objective, ...]
    win_at: float
    lose_below: float
    enemy_step: float = 0.0
    own_step: float = 0.0


@dataclass(frozen=True)
class Casualties:
    """People killed per strength step lost (per unit type where it differs), and the basis for it."""

    people_per_step: float
    basis: str
    by_type: Mapping[str, float] = field(default_factory=dict)

    def people(self, unit_type: str, steps: int) -> float:
        """People killed for ``steps`` strength steps of this unit type (the model's estimate, labelled as one)."""
        return steps * self.by_type.get(unit_type, self.people_per_step)


@dataclass(frozen=True)
class Decision:
    """One decision of a profile: a verb, when it holds (observable facts only), and its authority."""

    id: str
    do: str
    source: str
    zone: str | None = None
    share: float | None = None
    when: Mapping[str, Any] = field(default_factory=dict)
    until: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DecisionProfile:
    """A named set of a side's decisions (historical, vigilant, ...); the AI plays the tactics."""

    id: str
    side: str
    name: str
    decisions: tuple[Decision, ...]
    description: str = ""


@dataclass(frozen=True)
class Calendar:
    """Turns as dates and hours, so conditions, arrivals and night can be written as the sources date them."""

    start: dt.datetime
    turn_hours: int
    turns: int
    night_from: int = 18
    night_until: int = 6

    def turn_start(self, turn: int) -> dt.datetime:
        """When turn ``turn`` (1-based) starts."""
        return self.start + dt.timedelta(hours=self.turn_hours * (turn - 1))

    def is_night(self, turn: int) -> bool:
        """Whether the turn starts in the night hours (sight is reduced)."""
        h = self.turn_start(turn).hour
        return h >= self.night_from or h < self.night_until

    def first_turn_on_or_after(self, when: dt.datetime) -> int:
        """The first turn starting at or after ``when`` (turn 1 if it is before the start)."""
        delta = (when - self.start).total_seconds() / 3600
        return max(1, int(-(-delta // self.turn_hours)) + 1)


def parse_date(text: str) -> dt.datetime:
    """A scenario date ('2017-11-09' or '2017-11-09T18:00'; a space instead of T is accepted)."""
    return dt.datetime.fromisoformat(text.replace(" ", "T"))


@dataclass(frozen=True)
class Scenario:
    """A whole validated scenario, immutable: what the engine is built from."""

    id: str
    title: str
    summary: str
    sources: Mapping[str, Mapping[str, str]]
    calendar: Calendar
    turn_order: tuple[str, ...]
    rules: Rules
    terrain: Mapping[str, Terrain]
    rows: tuple[str, ...]
    cell_km: float
    zones: Mapping[str, Zone]
    sides: Mapping[str, Side]
    factions: Mapping[str, Faction]
    unit_types: Mapping[str, UnitType]
    units: tuple[UnitSpec, ...]
    tunnels: Tunnels
    phases: tuple[Phase, ...]
    declarations: Mapping[str, Declaration]
    triggers: tuple[Trigger, ...]
    narration: Mapping[str, Narration]
    victory: Mapping[str, Victory]
    source_file: str = ""
    digest: str = ""
    extends: tuple[str, ...] = ()
    decisions: Mapping[str, Mapping[str, DecisionProfile]] = field(default_factory=dict)  # side -> name -> profile
    casualties: Casualties | None = None  # people per strength step lost, when the scenario says
    assumptions: tuple[str, ...] = ()  # "Model assumption: ..." for the model as a whole

    @property
    def width(self) -> int:
        """Map width in cells."""
        return len(self.rows[0])

    @property
    def height(self) -> int:
        """Map height in cells."""
        return len(self.rows)

    def terrain_at(self, cell: Cell) -> Terrain:
        """The terrain of a cell as the scenario draws it (triggers may change it in play)."""
        return self.terrain_by_char[self.rows[cell[1]][cell[0]]]

    @functools.cached_property
    def terrain_by_char(self) -> dict[str, Terrain]:
        """The map legend: each character's terrain (made once: every attack's odds name the
        defender's ground through ``terrain_at``). A frozen dataclass's fields never change, and
        the cached value is kept outside them, so it takes no part in equality or the digest."""
        return {t.char: t for t in self.terrain.values()}

    def side_of_faction(self, faction: str) -> str:
        """The side a faction fights for."""
        return self.factions[faction].side

    def allied(self, a: str | None, b: str | None) -> bool:
        """Whether two different sides are allies (a side is not its own ally: it is itself)."""
        return a is not None and b is not None and a != b and b in self.sides[a].allies
