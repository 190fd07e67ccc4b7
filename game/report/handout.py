"""Material for the class: the one-page student handout (map with key, timeline of the beats, the
decision, open questions), questions for discussion at each beat, and the glossary with sources.

The words come from the scenario's class material (``game.teach.material``), the beats and dates
from the game's log, the decision from the scenario's decision profiles; nothing here is written
for one scenario. The handout is also its own printable page (``handout.html``) so a teacher can
print one sheet per student without the report's forty maps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.narrate.grammar import when_label
from game.narrate.players import player_words, profile_and_level
from game.report.images import Image
from game.report.maps import god_view, scenario_renderer
from game.report.records import Stamp
from game.teach.material import GlossaryEntry, Material, load_material

if TYPE_CHECKING:
    from game.session import Session


@dataclass(frozen=True)
class HandoutBeat:
    """A beat on the timeline: when the game reached it, when the sources date it, what to ask."""

    name: str
    description: str
    at: Stamp | None  # None: the beat did not happen in this game
    sourced: str  # the sources' date, as a label ("" when the scenario gives none)
    questions: tuple[str, ...]


@dataclass
class Classroom:
    """What the handout page and the report's class section show."""

    title: str
    beats: list[HandoutBeat]
    decision: str
    decision_when: str
    questions: tuple[str, ...]
    glossary: tuple[GlossaryEntry, ...]
    map: Image | None = None
    legend: Image | None = None
    map_caption: str = ""
    sources: dict[str, str] = field(default_factory=dict)  # key -> one line, for the handout's own list

    @property
    def empty(self) -> bool:
        """No material for this scenario: the report leaves its class section out."""
        return not (self.questions or self.glossary or any(b.questions for b in self.beats))

    @property
    def cited(self) -> list[str]:
        keys: list[str] = []
        for g in self.glossary:
            keys += [k for k in g.sources if k not in keys]
        return keys


def beats_of(session: Session, material: Material) -> list[HandoutBeat]:
    """Every beat of the scenario in order, with when this game reached it (if it did)."""
    sc = session.scenario
    reached = {}
    for ev in session.events:
        if ev.kind == "phase" and ev.get("phase") not in reached:
            reached[ev.get("phase")] = Stamp.of(ev)
    return [HandoutBeat(p.name, p.description, reached.get(p.id), when_label(p.date[:10]) if p.date else "",
                        material.beat_questions.get(p.id, ())) for p in sc.phases]


def decision_text(session: Session) -> tuple[str, str]:
    """The decision the class discusses, in words, and from when it applies.

    For a what-if branch: the sides whose player differs from the historical line's, with their
    profiles' descriptions. For the historical line: the historical decisions of each side that may
    declare victory (the decision the scenario is about).
    """
    sc = session.scenario
    meta = session.meta if isinstance(session.meta, dict) else {}
    policies: dict[str, str] = dict(meta.get("policies") or {})
    branch = meta.get("branch_of") if isinstance(meta.get("branch_of"), dict) else None
    if branch is not None:
        base = dict(meta.get("base_policies") or {})
        changed = [s for s, p in policies.items()
                   if profile_and_level(base.get(s, "historical"))[0] != profile_and_level(p)[0]] or list(policies)
        turn = int(branch.get("turn") or 1)
        when = f"from turn {turn} ({when_label(*sc.calendar.turn_start(turn).strftime('%Y-%m-%d %H:%M').split())})"
        said = [f"{sc.sides[s].name}: {player_words(sc, s, policies[s])}." for s in changed if s in sc.sides]
        return "What if, " + when + ", the game had gone on with these decisions? " + " ".join(said), when
    sides = [s for s in sc.declarations if s in sc.sides] or list(sc.sides)[:1]
    said = [f"{sc.sides[s].name}: {player_words(sc, s, policies.get(s, 'historical'))}." for s in sides]
    return "The decisions as the sources report them. " + " ".join(said), ""


def classroom(session: Session, material: Material | None = None, with_map: bool = True) -> Classroom:
    """Gather the class material for one line (the branch point's position on the map, if a branch)."""
    sc = session.scenario
    material = material if material is not None else load_material(sc)
    decision, when = decision_text(session)
    c = Classroom(sc.title, beats_of(session, material), decision, when, material.open_questions,
                  material.glossary)
    c.sources = {k: _source_line(sc.sources, k) for k in c.cited}
    if with_map:
        c.map, c.legend, c.map_caption = _map(session, material)
    return c


def _source_line(sources: Mapping[str, Any], key: str) -> str:
    from game.scenario.sources import source

    return source(sources, key).line(with_url=True)


def _map(session: Session, material: Material) -> tuple[Image, Image, str]:
    game, sc = session.game, session.scenario
    r = scenario_renderer(game)
    meta = session.meta if isinstance(session.meta, dict) else {}
    branch = meta.get("branch_of") if isinstance(meta.get("branch_of"), dict) else None
    turn = int(branch.get("turn") or 1) if branch else min(session.snapshots, default=1)
    st = session.snapshots[turn][2] if turn in session.snapshots else session.state
    label = when_label(*sc.calendar.turn_start(turn).strftime("%Y-%m-%d %H:%M").split())
    caption = (f"The position at the start of turn {turn} ({label}){', where the what-if begins' if branch else ''}: "
               "every unit is shown, including fighters underground that no side could see.")
    return r.draw(god_view(game, st), caption), r.legend(), caption


def render_handout(c: Classroom) -> str:
    from game.report.builder import environment

    return environment().get_template("handout.html.j2").render(c=c)


def write_handout(session: Session, out_dir: str | Path, name: str = "handout.html") -> Path:
    """The printable one-page handout, written atomically beside the report."""
    from game.jsondoc import write_atomic

    return write_atomic(Path(out_dir) / name, render_handout(classroom(session)))
