"""Small English helpers the narrator builds its sentences with: number, agreement, lists.

Names come from scenario data written by people ("Government and allies", "ISIS", "Suicide
attackers 1", "Tiger Forces"), so whether a name takes "finds" or "find" is read from its form:

- a ``plural`` flag on the named thing, when the scenario model has one, always wins;
- otherwise the head noun decides: the last word before a qualifier ("of", "from", "by", "to",
  "in", "at", a bracket or a trailing number). It is plural when it ends in "s" and is not an
  acronym ("ISIS", "SDF", "PMU") or a word ending in "ss", "us" or "is". So "Government and
  allies", "Fighters from the desert 2" and "Tiger Forces" are plural; "ISIS", "Hezbollah group 1",
  "Air and artillery support" and "124th Brigade (Republican Guard)" are singular.

A singular name that ends in "s" (say "Hamas") needs the scenario's flag.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

_QUALIFIERS = frozenset({"of", "from", "by", "to", "in", "at", "on", "near", "with", "for"})
_SINGULAR_ENDINGS = ("ss", "us", "is")


def head_noun(name: str) -> str:
    """The word a name agrees with: the last word before any qualifier, bracket or number."""
    text = name.split("(")[0]
    words: list[str] = []
    for w in text.split():
        if w.lower() in _QUALIFIERS and words:
            break
        words.append(w)
    while words and re.fullmatch(r"[\d.\-/]+", words[-1]):
        words.pop()
    return words[-1].strip(",.;:") if words else ""


def is_plural(name: str, flag: bool | None = None) -> bool:
    """Whether a name takes a plural verb (see the module's rule); ``flag`` overrides the guess."""
    if flag is not None:
        return flag
    head = head_noun(name)
    if len(head) < 3 or head.isupper():
        return False
    low = head.lower()
    return low.endswith("s") and not low.endswith(_SINGULAR_ENDINGS)


def agree(name: str, singular: str, plural: str, flag: bool | None = None) -> str:
    """``singular`` or ``plural`` (a verb or verb phrase) to follow ``name``."""
    return plural if is_plural(name, flag) else singular


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 step', '3 steps', '0 steps': a number with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def steps(n: int) -> str:
    """Strength steps as a player reads them: '1 step', '3 steps'."""
    return count(int(n), "step")


def capital(text: str) -> str:
    """The sentence with its first letter upper-cased (names keep their own capitals)."""
    return text[:1].upper() + text[1:] if text else text


def join(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def percent(share: float) -> str:
    """A share of ground as a whole percentage ('90%')."""
    return f"{share:.0%}"


def short_label(date: str, time: str = "") -> str:
    """'2017-11-09', '18:00' -> '9 Nov, 18:00': for tables and timelines where the year is plain."""
    return _day_label(date, time, year=False)


def when_label(date: str, time: str = "") -> str:
    """'2017-11-09', '18:00' -> '9 Nov 2017, 18:00': day first, month in words, the same in every locale."""
    return _day_label(date, time, year=True)


def stamp_label(stamp: str, year: bool = True) -> str:
    """'2017-11-09 18:00' (a turn's start as ``Game.date_of`` writes it) -> '9 Nov 2017, 18:00', or
    '9 Nov, 18:00' without the year: the same day label, for callers that hold date and time as one."""
    date, _, time = stamp.partition(" ")
    return _day_label(date, time, year)


def _day_label(date: str, time: str, year: bool) -> str:
    """One way to write a day: an unparseable date is shown as given rather than hidden."""
    try:
        d = dt.date.fromisoformat(date)
    except ValueError:
        return f"{date} {time}".strip()
    text = f"{d.day} {d.strftime('%b')}" + (f" {d.year}" if year else "")
    return f"{text}, {time}" if time else text
