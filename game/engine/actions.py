"""Actions: small frozen records with a text form that round-trips (``move rg124 30 28``).

The side is not part of an action: it is always the side whose turn it is, as in chess notation.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

from game.engine.errors import MalformedAction


@dataclass(frozen=True)
class Action:
    """An action of the side to move. Frozen and hashable, so logs, tests and AI can compare and store them."""

    verb: ClassVar[str] = ""

    def text(self) -> str:
        """The action's text form (``move rg124 30 28``), which ``parse`` reads back to an equal action.

        The verb, then the fields in order: the one rule every action follows, so the text form
        and the parser cannot drift apart.
        """
        return " ".join([self.verb, *(str(getattr(self, f.name)) for f in fields(self))])

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class UnitAction(Action):
    """An order to one unit of the side to move: every action but declaring and ending the turn."""

    unit: str


@dataclass(frozen=True)
class Move(UnitAction):
    """Move a unit on the surface to a reachable cell."""

    x: int
    y: int
    verb: ClassVar[str] = "move"


@dataclass(frozen=True)
class Attack(UnitAction):
    """Attack an enemy unit the side can see, within the attacker's range."""

    target: str
    verb: ClassVar[str] = "attack"


@dataclass(frozen=True)
class Search(UnitAction):
    """Spend the unit's turn searching nearby ground for tunnel entrances."""

    verb: ClassVar[str] = "search"


@dataclass(frozen=True)
class Demolish(UnitAction):
    """An engineer collapses a found tunnel node next to it."""

    node: str
    verb: ClassVar[str] = "demolish"


@dataclass(frozen=True)
class Posture(UnitAction):
    """Put a unit on alert or stand it down."""

    posture: str
    verb: ClassVar[str] = "posture"


@dataclass(frozen=True)
class Dive(UnitAction):
    """Go underground at the tunnel node the unit stands on."""

    verb: ClassVar[str] = "dive"


@dataclass(frozen=True)
class Tunnel(UnitAction):
    """Travel underground to another node of the network."""

    node: str
    verb: ClassVar[str] = "tunnel"


@dataclass(frozen=True)
class Emerge(UnitAction):
    """Come up out of the tunnel at the node the unit is under."""

    verb: ClassVar[str] = "emerge"


@dataclass(frozen=True)
class Withdraw(UnitAction):
    """After a declaration of victory, send a unit off the map to other fronts."""

    verb: ClassVar[str] = "withdraw"


@dataclass(frozen=True)
class Declare(Action):
    """Declare victory (a side action: it names no unit)."""

    verb: ClassVar[str] = "declare"


@dataclass(frozen=True)
class EndTurn(Action):
    """End the side's part of the turn (a side action: it names no unit)."""

    verb: ClassVar[str] = "end"


ACTIONS: tuple[type[Action], ...] = (Move, Attack, Search, Demolish, Posture, Dive, Tunnel, Emerge, Withdraw, Declare,
                                     EndTurn)
# verb -> (class, its fields in order, "name:int" for a whole number): what ``parse`` reads.
_SHAPES: dict[str, tuple[type[Action], tuple[str, ...]]] = {
    cls.verb: (cls, tuple(f.name + (":int" if f.type in ("int", int) else "") for f in fields(cls)))
    for cls in ACTIONS}
VERBS = tuple(_SHAPES)


def parse(text: str) -> Action:
    """Read an action from its text form; raise MalformedAction with what was expected."""
    words = text.split()
    if not words:
        raise MalformedAction("empty action")
    verb, args = words[0].lower(), words[1:]
    if verb not in _SHAPES:
        raise MalformedAction(f"unknown action '{verb}'; actions are: {', '.join(VERBS)}")
    cls, shape = _SHAPES[verb]
    if len(args) != len(shape):
        usage = " ".join([verb, *(s.split(":")[0].upper() for s in shape)])
        raise MalformedAction(f"'{text}' has {len(args)} argument(s); usage: {usage}")
    values: dict[str, object] = {}
    for spec, raw in zip(shape, args, strict=True):
        name, _, kind = spec.partition(":")
        if kind == "int":
            try:
                values[name] = int(raw)
            except ValueError:
                raise MalformedAction(f"'{raw}' is not a whole number ({name} in '{text}')") from None
        else:
            values[name] = raw
    return cls(**values)  # type: ignore[arg-type]
