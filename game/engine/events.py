"""Events: what an action caused, as plain records every front end reads the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALL = "*"


@dataclass(frozen=True)
class Event:
    """Something an action caused, as a plain record; ``seen_by`` says which sides were shown it."""

    kind: str
    turn: int
    date: str
    time: str
    data: dict[str, Any] = field(default_factory=dict)
    seen_by: frozenset[str] = frozenset({ALL})

    def visible_to(self, side: str) -> bool:
        """Whether ``side`` was shown this event (the only events a side's log and AI may read)."""
        return ALL in self.seen_by or side in self.seen_by

    def get(self, key: str, default: Any = None) -> Any:
        """One field of the event's data (``default`` when it does not carry it)."""
        return self.data.get(key, default)

    def to_json(self) -> dict[str, Any]:
        """One flat JSON object: kind, turn, date, time, the event's fields, and who saw it."""
        out: dict[str, Any] = {"kind": self.kind, "turn": self.turn, "date": self.date, "time": self.time}
        out.update(self.data)
        out["seen_by"] = "all" if ALL in self.seen_by else sorted(self.seen_by)
        return out
