"""The plan a side works out at the start of its turn, and the style knobs a look-ahead turns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.ai.maps import Belief

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
