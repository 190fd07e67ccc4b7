"""The report's history parts: the sources with where each is cited, what the model assumes, and
the civilians.

Kept apart from the game's collectors because they read the scenario's sourced text, not the
event log: a teacher checks them against the sources, and they must read the same in every game.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.report.collectors import Stamp, TimelineEntry, when_label
from game.scenario.model import Scenario
from game.scenario.sources import Source, source
from game.teach.material import GlossaryEntry

if TYPE_CHECKING:
    from game.session import Session

MARKER = re.compile(r"\[(S\d+)\]")
ASSUMPTION = re.compile(r"Model assumption:.*?(?:\.(?=\s|$)|$)", re.S)
LABEL = "Model assumption:"


@dataclass
class SourceEntry:
    """One source of the list at the end of the report, and the parts of the report that cite it."""

    key: str
    src: Source
    cited_by: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """Headline, outlet, date and stance: what a marker's hover and a card's source line show."""
        return self.src.line(with_url=False)

    @property
    def url(self) -> str:
        return self.src.url

    @property
    def listed(self) -> bool:
        return self.src.title != "not listed in this scenario"


@dataclass(frozen=True)
class Assumption:
    about: str  # what it concerns, in a reader's words: a unit's name, a rule, a card's title
    text: str  # begins with "Model assumption:"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourcedFact:
    """A sourced fact the report lists whatever the game did: about civilians, or a count of the dead."""

    title: str
    date: str  # the day the sources give, as a label ("" when they give none)
    text: str
    sources: tuple[str, ...]
    shown: Stamp | None  # when this game showed it as a narration card, if it did


@dataclass(frozen=True)
class CasualtyRow:
    side: str
    model: int | None  # people killed in this game by the scenario's people per step (None: not known)


@dataclass
class HistoryPart:
    assumptions: list[Assumption]
    civilians: list[SourcedFact]
    casualties: list[CasualtyRow] = field(default_factory=list)  # the model's estimate, by side
    losses: list[SourcedFact] = field(default_factory=list)  # what the sources count


def assumptions(sc: Scenario) -> list[Assumption]:
    """Every model assumption the scenario states, in the order a reader meets them."""
    out = [Assumption("The model as a whole", a) for a in sc.assumptions]
    out += [Assumption(f"Place: {z.name}", z.assumption) for z in sc.zones.values() if z.assumption]
    out += [Assumption(f"Unit: {u.name}", u.assumption) for u in sc.units if u.assumption]
    out += [Assumption("A rule of this scenario", t.assumption) for t in sc.triggers if t.assumption]
    rate = getattr(sc, "casualties", None)  # people per strength step, where the scenario gives a rate
    if rate is not None and str(rate.basis).startswith(LABEL):
        out.append(Assumption("Casualties in people", str(rate.basis)))
    for n in sc.narration.values():
        out += [Assumption(f"Card: {n.title}", m.group(0).strip()) for m in ASSUMPTION.finditer(n.text)]
    for side, profiles in sc.decisions.items():
        for p in profiles.values():
            for d in p.decisions:
                if d.source.startswith(LABEL):
                    out.append(Assumption(f"Decisions: {sc.sides[side].name}, {p.name}", d.source,
                                          tuple(MARKER.findall(d.source))))
    return _grouped([a if a.sources else Assumption(a.about, a.text, tuple(MARKER.findall(a.text))) for a in out])


def _grouped(items: list[Assumption]) -> list[Assumption]:
    """One entry per assumption text, naming everything it concerns ("Units: A, B and C")."""
    by_text: dict[str, list[Assumption]] = {}
    for a in items:
        by_text.setdefault(a.text, []).append(a)
    out = []
    for text, same in by_text.items():
        if len(same) == 1:
            out.append(same[0])
            continue
        kind, _, _ = same[0].about.partition(": ")
        names = [a.about.partition(": ")[2] or a.about for a in same]
        joined = ", ".join(names[:-1]) + " and " + names[-1]
        out.append(Assumption(f"{kind}s: {joined}" if kind in ("Unit", "Place", "Card") else same[0].about,
                              text, same[0].sources))
    return out


def sourced_facts(session: Session, topic: str) -> list[SourcedFact]:
    """The scenario's sourced facts on ``topic``, each with the day it tells of and when this game showed it."""
    sc = session.scenario
    shown = {ev.get("id"): Stamp.of(ev) for ev in session.events if ev.kind == "narration"}
    return [SourcedFact(n.title, when_label(n.date[:10]) if n.date else "", n.text, n.sources, shown.get(n.id))
            for n in sc.narration.values() if n.topic == topic]


def casualty_rows(session: Session) -> list[CasualtyRow]:
    """People killed per side in this game, as the game's end counted them (the model's estimate)."""
    over = next((ev for ev in reversed(session.events) if ev.kind == "game_over"), None)
    people = (over.get("casualties_people") if over is not None else None) or {}
    if not people:
        return []
    sc = session.scenario
    return [CasualtyRow(sc.sides[s].name, int(people[s]) if s in people else None) for s in sc.sides]


def history_part(session: Session) -> HistoryPart:
    return HistoryPart(assumptions(session.scenario), sourced_facts(session, "civilians"), casualty_rows(session),
                       sourced_facts(session, "losses"))


def collect_sources(session: Session, timeline: list[TimelineEntry], part: HistoryPart | None = None,
                    glossary: Iterable[GlossaryEntry] = ()) -> list[SourceEntry]:
    """Every listed source, each with the parts of the report that cite it (cards inside a beat included)."""
    sc = session.scenario
    refs = {key: SourceEntry(key, source(sc.sources, key)) for key in sc.sources}

    def cite(keys: list[str] | tuple[str, ...], by: str) -> None:
        for key in keys:
            ref = refs.setdefault(key, SourceEntry(key, source(sc.sources, key)))
            if by not in ref.cited_by:
                ref.cited_by.append(by)

    cite(MARKER.findall(sc.summary), "Scenario summary")
    for e in timeline:
        for entry in (e, *e.cards):
            cite([*entry.sources, *MARKER.findall(entry.text)], entry.title)
    for f in sc.factions.values():
        cite(MARKER.findall(f.description), f.name)
    if part is not None:
        for c in part.civilians:
            cite([*c.sources, *MARKER.findall(c.text)], "Civilians")
        for c in part.losses:
            cite([*c.sources, *MARKER.findall(c.text)], "Casualties")
        for a in part.assumptions:
            cite(a.sources, "What the model assumes")
    for g in glossary:
        cite([*g.sources, *MARKER.findall(g.text)], f"Glossary: {g.term}")
    return sorted(refs.values(), key=lambda r: int(r.key[1:]) if r.key[1:].isdigit() else 10**9)
