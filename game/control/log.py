"""Each side's message log: the lines a player has been shown, kept per side so a hotseat player
never reads another side's log, and carried in the save so a loaded game shows what came before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEEP = 240  # lines kept per side; when full, the older half goes
SAVED = 120  # lines per side written into a save


@dataclass
class MessageLog:
    """Lines of (text, tone) per side. Tones are names the front end colours ("good", "warn"...)."""

    lines: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    changed: int = 0  # bumped on every new line, so a view knows when to redraw

    def of(self, side: str) -> list[tuple[str, str]]:
        """The side's lines, oldest first (the list itself: a view may hold on to it)."""
        return self.lines.setdefault(side, [])

    def add(self, side: str, text: str, tone: str = "info") -> None:
        """A new line for ``side``; the oldest half goes when the log is full."""
        log = self.of(side)
        log.append((text, tone))
        if len(log) > KEEP:
            del log[: len(log) - KEEP // 2]
        self.changed += 1

    def to_meta(self) -> dict[str, list[list[str]]]:
        """The newest lines of each side, as plain JSON for a save's meta."""
        return {side: [[t, tone] for t, tone in rows[-SAVED:]] for side, rows in self.lines.items() if rows}

    @classmethod
    def from_meta(cls, raw: Any, sides: tuple[str, ...] | list[str]) -> MessageLog:
        """The log a save carried; anything malformed is dropped line by line (a save from another
        front end, or an older version, simply has no log)."""
        log = cls()
        if not isinstance(raw, dict):
            return log
        for side in sides:
            rows = raw.get(side)
            if not isinstance(rows, list):
                continue
            for row in rows[-SAVED:]:
                if (isinstance(row, (list, tuple)) and len(row) == 2 and isinstance(row[0], str)
                        and isinstance(row[1], str) and len(row[0]) <= 2000):
                    log.of(side).append((row[0], row[1][:20]))
        return log
