"""A scenario's sources as a reader must see them: real headline, outlet, date, link and stance.

Every place that shows a source (narration cards, beat cards, the report, the educator's cards)
reads it through :func:`source`, so a teacher checking a claim finds the same citation everywhere,
and statements flagged as resting on one side's media are always shown as claims.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NOT_LISTED = "not listed in this scenario"


@dataclass(frozen=True)
class Source:
    """One cited source, with what a reader needs to weigh it: outlet, date, link, stance and claims."""

    key: str
    title: str
    outlet: str = ""
    date: str = ""
    url: str = ""
    stance: str = ""
    claim: str = ""
    note: str = ""

    @property
    def date_label(self) -> str:
        """'2017-11-08' -> '8 Nov 2017'; free text ('November 2017') as written."""
        try:
            d = dt.date.fromisoformat(self.date)
        except ValueError:
            return self.date
        return f"{d.day} {d.strftime('%b')} {d.year}"

    @property
    def descriptive(self) -> bool:
        """A [bracketed] title describes a copy that has no headline of its own; it is not quoted."""
        return self.title.startswith("[")

    @property
    def headline(self) -> str:
        """The title as a reader sees it: quoted when it is the real headline, bare when descriptive."""
        return self.title if self.descriptive else f"\u201c{self.title}\u201d"

    @property
    def byline(self) -> str:
        """'Reuters, 8 Nov 2017 (wire agency)': who published it, when, and the outlet's stance."""
        parts = ", ".join(p for p in (self.outlet, self.date_label) if p)
        return f"{parts} ({self.stance})" if self.stance else parts

    def line(self, with_url: bool = True) -> str:
        """One line for a card: headline, byline, the statements shown as claims, and the link."""
        if self.title == NOT_LISTED:
            return NOT_LISTED
        text = self.headline
        if self.byline:
            text += f" \u2014 {self.byline}"
        if self.claim:
            text += f". Claim: {self.claim}"
        if with_url and self.url:
            text += f". {self.url}"
        return text


def source(sources: Mapping[str, Any], key: str) -> Source:
    """The source ``key`` of a scenario's ``sources`` (a title alone, or a mapping of its fields)."""
    val = sources.get(key)
    if val is None:
        return Source(key, NOT_LISTED)
    if isinstance(val, str):
        return Source(key, val)
    return Source(key, **{k: str(v) for k, v in val.items() if k in Source.__dataclass_fields__ and k != "key"})


def cited_line(sources: Mapping[str, Any], key: str) -> str:
    """The text shown after a marker: '[S28] \u201cheadline\u201d \u2014 Reuters, 8 Nov 2017 (...). link'."""
    return source(sources, key).line()
