"""The semantic checks of a scenario, by topic, run in order over one typed accessor (``Doc``).

Each check is a function ``check_x(doc) -> None`` that reports through ``doc.err``; ``CHECKS``
lists them in the order they run (the map first: later checks place things on it). A new topic
is a module with its functions, appended here.
"""

from __future__ import annotations

from collections.abc import Callable

from game.scenario.checks import history, mapgrid, places, sources, timing, triggers, units, values, victory
from game.scenario.checks.doc import Doc
from game.scenario.decisions import check as decision_checks
from game.scenario.errors import Diagnostic
from game.scenario.people import check as casualty_checks
from game.scenario.yamlload import LDict


def check_decisions(doc: Doc) -> None:
    """Decision profiles (see game/scenario/decisions.py)."""
    decision_checks(doc.d, doc.err, doc.ref, doc.ids("units"))


def check_casualties(doc: Doc) -> None:
    """People per strength step (see game/scenario/people.py)."""
    casualty_checks(doc.d, doc.err, doc.ref)


CHECKS: list[Callable[[Doc], None]] = [
    values.check_finite, values.check_leftover_removals,
    mapgrid.check_terrain_chars, mapgrid.check_grid,
    places.check_zones, places.check_sides, places.check_tunnels,
    units.check_duplicate_ids, units.check_units,
    timing.check_calendar,
    sources.check_source_lists, sources.check_markers,
    triggers.check_triggers,
    victory.check_declarations, victory.check_victory,
    check_decisions, check_casualties,
    history.check_narration_dates,
]


def run(data: LDict) -> list[Diagnostic]:
    """Every semantic problem in merged scenario data, in the order the checks found them."""
    doc = Doc(data)
    for check in CHECKS:
        check(doc)
    return doc.out
