"""Walking the event log: a narrator, a report or any exporter is a set of visitors over the events.

Each visitor implements ``visit_<kind>(event)`` for the kinds it cares about and ignores the rest,
so a new event kind never breaks an old exporter, and each visitor stays small and testable on a
hand-made list of events. It lives beside the narrator, the lowest layer that needs it, so the
report, the command line and the educator's tools all build on it without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from game.engine.events import Event


class EventVisitor:
    """Dispatches each event to ``visit_<kind>``; kinds without a method go to ``visit_other``.

    The contract of every ``visit_<kind>(event)`` a subclass defines: it is called once per event of
    that kind (the catalogue's kind name), in log order, and takes in that one event (writes its lines,
    counts it, records it) returning nothing; it never sees events of other kinds, so it needs no check.
    """

    def __init__(self) -> None:
        self._methods: dict[str, Callable[[Event], None] | None] = {}

    def visit(self, event: Event) -> None:
        """Call the method for the event's kind (looked up once per kind: logs hold thousands of events)."""
        if event.kind not in self._methods:
            name = f"visit_{event.kind}"
            self._methods[event.kind] = getattr(self, name, None) if name.isidentifier() else None
        method = self._methods[event.kind]
        if method is None:
            self.visit_other(event)
        else:
            method(event)

    def visit_other(self, event: Event) -> None:
        """Called for kinds this visitor has no method for; does nothing by default."""

    def finish(self) -> None:
        """Called once after the last event, to close anything still open."""


def walk(events: Iterable[Event], *visitors: EventVisitor) -> None:
    """Feed every event, in log order, to every visitor, then let each finish."""
    for ev in events:
        for v in visitors:
            v.visit(ev)
    for v in visitors:
        v.finish()
