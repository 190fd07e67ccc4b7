"""Events: what an action caused, as plain records every front end reads the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALL = "*"


@dataclass(frozen=True)
class Event:
    kind: str
    turn: int
    date: str
    time: str
    data: dict[str, Any] = field(default_factory=dict)
    seen_by: frozenset[str] = frozenset({ALL})

    def visible_to(self, side: str) -> bool:
        return ALL in self.seen_by or side in self.seen_by

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def to_json(self) -> dict[str, Any]:
        """One flat JSON object: kind, turn, date, time, the event's fields, and who saw it."""
        out: dict[str, Any] = {"kind": self.kind, "turn": self.turn, "date": self.date, "time": self.time}
        out.update(self.data)
        out["seen_by"] = "all" if ALL in self.seen_by else sorted(self.seen_by)
        return out
