"""Dates that hold, for a designer: a narration that some trigger could show before a day it tells of
is an error on the narration's text, with the day it tells of and the first day it could appear."""

from __future__ import annotations

import datetime as dt

from game.scenario.checks.doc import Doc, as_dict, as_list
from game.scenario.datecheck import first_day, narrated, told_day


def check_narration_dates(doc: Doc) -> None:
    """No narration can appear on a turn before a day its title, text or date tells of."""
    cal = doc.calendar
    if cal is None:
        return
    first: dict[str, tuple[dt.date, str]] = {}
    for t in as_list(doc.d.get("triggers")):
        t = as_dict(t)
        day = first_day(cal, as_dict(t.get("if")))
        for eff in as_list(t.get("do")):
            nid = narrated(as_dict(eff).get("narrate"))
            if nid is not None and (nid not in first or day < first[nid][0]):
                first[nid] = (day, str(t.get("id", "?")))
    narration = as_dict(doc.d.get("narration"))
    for nid, (day, tid) in first.items():
        n = as_dict(narration.get(nid))
        title, text = n.get("title"), n.get("text")
        if not isinstance(title, str) or not isinstance(text, str):
            continue
        told = told_day(title, text, n.get("date") if isinstance(n.get("date"), str) else None, cal.start.year, day)
        if told is not None and told > day:
            doc.err(("narration", nid, "text"),
                    f"this narration tells of {told.day} {told:%B %Y}, but trigger '{tid}' can show it on "
                    f"{day.day} {day:%B %Y}: split it so each part comes on its day, word it for the moment, "
                    f"or give the trigger a date_from")
