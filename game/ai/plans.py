"""The plan a side works out at the start of its turn, and the style knobs a look-ahead turns."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from game.ai.maps import Belief
from game.scenario.model import Scenario

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
    reserve: float | None = None  # hider: share of fighters kept below through the first strike (None: a third)


DEFAULT = Style()
MAX_AGGRESSION = 2.0


def exchange_style(scenario: Scenario, side: str, base: Style = DEFAULT) -> Style:
    """Level 2's own default plan: as bold as its side's scoring pays it to be.

    A side's victory conditions set a price on each enemy step destroyed and on each of its own
    lost. Where an enemy step is worth more than an own one, an even trade of steps gains points,
    so attacks at worse odds than the heuristics' fixed bars are worth making, and danger is worth
    more risk. The aggression is one plus the share of an even trade's worth that is gain,
    ``1 - own / enemy``: ISIS in the historical scenario, paid 0.5 for an enemy step and charged
    0.15 for its own, plays at 1.7; the government (0.4 and 0.25) at 1.375; a side whose steps cost
    as much as it earns, or more, as level 1 does. It stays below ``MAX_AGGRESSION``: even a free
    trade is not worth any odds, since a lost step also weakens what holds ground.
    """
    v = scenario.victory.get(side)
    if v is None or not v.enemy_step or not v.own_step:
        return base
    gain = max(0.0, 1.0 - abs(v.own_step) / abs(v.enemy_step))
    aggression = min(MAX_AGGRESSION, 1.0 + gain)
    return replace(base, name="exchange", aggression=base.aggression * aggression)


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
