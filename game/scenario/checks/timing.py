"""Dates and turns: real dates, inside the calendar, and calendar settings that do not contradict each other."""

from __future__ import annotations

import datetime as dt
from typing import Any

from game.scenario import model as m
from game.scenario.checks.doc import Doc, Path


def _date(doc: Doc, path: Path, text: Any) -> dt.datetime | None:
    """The date written at ``path``, or None (reported when it is not a real date)."""
    if not isinstance(text, str):
        return None
    try:
        return m.parse_date(text)
    except ValueError:
        doc.err(path, f"'{text}' is not a real date (write 2017-11-09 or 2017-11-09T18:00)")
        return None


def check_calendar(doc: Doc) -> None:
    """The start is a real date, and night hours are not the same hour twice."""
    cal = doc.section("calendar")
    _date(doc, ("calendar", "start"), cal.get("start"))
    if cal.get("night_from") is not None and cal.get("night_from") == cal.get("night_until"):
        doc.err(("calendar", "night_until"), "night_from and night_until are the same hour, so no turn is ever a "
                "night turn; leave both out for the defaults (18 and 6)")


def check_when(doc: Doc, path: Path, cond: dict[str, Any]) -> None:
    """Turns and dates in an arrival or a trigger's conditions fall inside the game's calendar."""
    for k in ("date", "date_from", "date_until"):
        if k in cond:
            when = _date(doc, (*path, k), cond[k])
            if when is None or doc.calendar is None:
                continue
            first, last = doc.calendar.start, doc.calendar.turn_start(doc.calendar.turns)
            if k != "date_until" and when > last:
                doc.err((*path, k), f"{cond[k]} is after the last turn starts ({last:%Y-%m-%d %H:%M}), so this can "
                        "never happen")
            elif k == "date_until" and when < first:
                doc.err((*path, k), "this date is before the game starts, so this can never happen")
            elif k == "date" and when < first:
                doc.err((*path, k), f"{cond[k]} is before the game starts ({first:%Y-%m-%d %H:%M}); an arrival "
                        "before the start is a unit on the map: give it 'at' instead, or a date in the game")
    frm, until = cond.get("date_from"), cond.get("date_until")
    if isinstance(frm, str) and isinstance(until, str):
        try:
            if m.parse_date(frm) > m.parse_date(until):
                doc.err((*path, "date_until"), f"date_until {until} is before date_from {frm}, so this can never "
                        "happen")
        except ValueError:
            pass
    if doc.calendar is None:
        return
    for k in ("turn", "turn_at_least"):
        if isinstance(cond.get(k), int) and cond[k] > doc.calendar.turns:
            doc.err((*path, k), f"turn {cond[k]} is after the last turn ({doc.calendar.turns}), so this can never happen")
