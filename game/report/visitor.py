"""The report's collectors walk the event log with the narrator's visitor (re-exported here)."""

from __future__ import annotations

from game.narrate.visitor import EventVisitor, walk

__all__ = ["EventVisitor", "walk"]
