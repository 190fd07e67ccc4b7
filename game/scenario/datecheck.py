"""Dates that hold: no narration may tell of a day later than the turn on which it appears.

A card shown on 8 November that says what happened "on 9 November" tells a class the future. This
module reads the days a text mentions ("9 November", "10 and 11 November", "15, 17 and 18 November",
"the next day") and the earliest day a scenario's triggers can show each narration, so the rule can
be checked on the scenario itself (any course of the game) and on a played game's events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from game.scenario.model import Calendar, Scenario, Trigger, parse_date

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH = "|".join(MONTHS)
_DAYS_MONTH = re.compile(
    rf"\b((?:\d{{1,2}}\s*(?:,|-|\u2013|and|to)\s*)*\d{{1,2}})\s+({_MONTH})\b(?:\s+(\d{{4}}))?", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})\b(?:,?\s+(\d{{4}}))?", re.I)
_NEXT_DAY = re.compile(r"\b(the next day|the following day|next morning|the day after|tomorrow)\b", re.I)


def mentioned_days(text: str, year: int, anchor: dt.date | None = None) -> list[dt.date]:
    """The calendar days ``text`` mentions, in order of appearance.

    A day without a year is in ``year``. "The next day" is the day after the last day mentioned
    before it, or after ``anchor`` (the day the text appears) when none was.
    """
    found: list[tuple[int, dt.date]] = []
    for m in _DAYS_MONTH.finditer(text):
        month = MONTHS.index(m.group(2).lower()) + 1
        y = int(m.group(3)) if m.group(3) else year
        for day in re.findall(r"\d{1,2}", m.group(1)):
            found.append((m.start(), _day(y, month, int(day))))
    for m in _MONTH_DAY.finditer(text):
        month = MONTHS.index(m.group(1).lower()) + 1
        found.append((m.start(), _day(int(m.group(3)) if m.group(3) else year, month, int(m.group(2)))))
    for m in _NEXT_DAY.finditer(text):
        before = [d for at, d in found if at < m.start()]
        base = before[-1] if before else anchor
        if base is not None:
            found.append((m.start(), base + dt.timedelta(days=1)))
    return [d for _, d in sorted(found, key=lambda x: x[0])]


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # "31 November": not a day; count it as the month's last
        return dt.date(year, month, 28)


def latest_day(text: str, year: int, anchor: dt.date | None = None) -> dt.date | None:
    """The latest day a text mentions (None if it names none): the earliest day it may be shown."""
    days = mentioned_days(text, year, anchor)
    return max(days) if days else None


def first_day(calendar: Calendar, cond: Mapping[str, Any]) -> dt.date:
    """The first day a trigger with these (top-level) conditions can fire: date_from, turn_at_least or the start."""
    day = calendar.start
    try:
        if cond.get("date_from"):
            day = max(day, parse_date(str(cond["date_from"])))
        if isinstance(cond.get("turn_at_least"), int):
            day = max(day, calendar.turn_start(cond["turn_at_least"]))
    except ValueError:  # a malformed date is the calendar check's to report
        pass
    return day.date()


def earliest_show(sc: Scenario, trigger: Trigger) -> dt.date:
    """The first day on which ``trigger`` can fire."""
    return first_day(sc.calendar, trigger.conditions)


def narrated(arg: Any) -> str | None:
    """The narration a 'narrate' effect shows: its id, or the 'narration' of its one-side form."""
    nid = arg.get("narration") if isinstance(arg, Mapping) else arg
    return nid if isinstance(nid, str) else None


def shown_by(sc: Scenario) -> dict[str, list[Trigger]]:
    """Narration id -> the triggers that narrate it."""
    out: dict[str, list[Trigger]] = {}
    for t in sc.triggers:
        for name, arg in t.effects:
            nid = narrated(arg) if name == "narrate" else None
            if nid is not None:
                out.setdefault(nid, []).append(t)
    return out


def told_day(title: str, text: str, date: str | None, year: int, anchor: dt.date) -> dt.date | None:
    """The latest day a narration tells of: in its title and text, or its stated date."""
    told = latest_day(f"{title}. {text}", year, anchor)
    if date:
        try:
            stated = parse_date(str(date)).date()
        except ValueError:
            return told
        told = max(told, stated) if told else stated
    return told


@dataclass(frozen=True)
class DateProblem:
    """A narration a trigger could show before a day it tells of: which, and the two days."""

    narration: str
    title: str
    shown: dt.date  # the earliest day it can appear
    told: dt.date  # the latest day it tells of

    def __str__(self) -> str:
        return (f"narration '{self.narration}' ('{self.title}') can appear on {self.shown:%d %B %Y} but tells of "
                f"{self.told:%d %B %Y}: split it so each part comes on its day, word it for the moment, or give "
                "the trigger that shows it a date_from")


def date_problems(sc: Scenario) -> list[DateProblem]:
    """Narrations that some course of the game could show before a day they tell of."""
    year = sc.calendar.start.year
    out = []
    for nid, triggers in shown_by(sc).items():
        n = sc.narration.get(nid)
        if n is None:
            continue
        first = min(earliest_show(sc, t) for t in triggers)
        told = told_day(n.title, n.text, n.date, year, first)
        if told is not None and told > first:
            out.append(DateProblem(nid, n.title, first, told))
    return out


def shown_too_early(events: Iterable[object], year: int) -> list[str]:
    """Narration events of a played game that tell of a day after the one they appeared on."""
    out = []
    for ev in events:
        if getattr(ev, "kind", "") != "narration":
            continue
        shown = dt.date.fromisoformat(ev.date)  # type: ignore[attr-defined]
        told = latest_day(f"{ev.get('title')}. {ev.get('text')}", year, shown)  # type: ignore[attr-defined]
        if told is not None and told > shown:
            out.append(f"'{ev.get('title')}' appeared on {shown} and tells of {told}")  # type: ignore[attr-defined]
    return out
