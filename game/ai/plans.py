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
EXCHANGE_POWER = 0.6  # how strongly level 2's boldness follows its side's exchange rate (see ``exchange_style``)
MAX_AGGRESSION = 2.0


def exchange_style(scenario: Scenario, side: str, base: Style = DEFAULT) -> Style:
    """Level 2's own default plan: as bold as its side's scoring pays it to be.

    A side's victory conditions set a price on each enemy step destroyed and on each of its own
    lost. Where an enemy step is worth more than an own one (ISIS in the historical scenario earns
    0.5 and pays 0.15), an even trade of steps gains points, so attacks at worse odds than the
    heuristics' fixed bars are worth making, and danger is worth more risk. The aggression is that
    exchange rate to the power ``EXCHANGE_POWER``, between 1 and ``MAX_AGGRESSION``: never shyer
    than level 1, and damped because a lost step also weakens what holds ground.
    """
    v = scenario.victory.get(side)
    if v is None or not v.enemy_step or not v.own_step:
        return base
    rate = abs(v.enemy_step) / abs(v.own_step)
    aggression = min(MAX_AGGRESSION, max(1.0, rate ** EXCHANGE_POWER))
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
