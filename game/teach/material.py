"""Material to hand out with a scenario: a glossary of the forces and organisations, questions for
discussion at each beat, and open questions for the student handout.

It is data, not code (``game/teach/classroom/<scenario>.yaml``), so a historian can review and
correct every word without reading Python, and a scenario without material simply has none. Each
glossary entry cites sources by their key in the scenario's source list; ``check_material`` is
what the tests run to hold the file to that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from game.scenario.model import Scenario

MARKER = re.compile(r"\[(S\d+)\]")


class MaterialError(ValueError):
    """A material file that cannot be used; one plain line naming it."""


@dataclass(frozen=True)
class GlossaryEntry:
    """A force or organisation as a class meets it in the game and in the sources."""

    term: str
    text: str
    sources: tuple[str, ...]
    also: str = ""  # other names the sources use


@dataclass(frozen=True)
class Material:
    """Everything to hand out for one scenario (empty for a scenario without material)."""

    glossary: tuple[GlossaryEntry, ...] = ()
    beat_questions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phase id -> questions
    open_questions: tuple[str, ...] = ()
    border: tuple[str, str] | None = None  # (zone id, label): the frontier maps draw along a zone's edge

    @property
    def empty(self) -> bool:
        return not (self.glossary or self.beat_questions or self.open_questions)

    def cited(self) -> list[str]:
        """Every source key the material cites, in order of first use."""
        keys: list[str] = []
        for g in self.glossary:
            keys += list(g.sources) + MARKER.findall(g.text)
        for qs in self.beat_questions.values():
            for q in qs:
                keys += MARKER.findall(q)
        for q in self.open_questions:
            keys += MARKER.findall(q)
        return list(dict.fromkeys(keys))


def _folder() -> Path:
    return Path(str(resources.files("game.teach") / "classroom"))


def material_file(scenario: Scenario) -> Path | None:
    """The material for ``scenario``, or for the scenario it extends (a what-if shares its base's)."""
    folder = _folder()
    names = [scenario.id] + [Path(str(e)).stem for e in scenario.extends]
    for name in names:
        p = folder / f"{name}.yaml"
        if p.is_file():
            return p
    return None


def load_material(scenario: Scenario) -> Material:
    """The scenario's material (empty if it has none); a damaged file raises MaterialError."""
    p = material_file(scenario)
    return read_material(p) if p is not None else Material()


def read_material(path: Path) -> Material:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise MaterialError(f"{path.name}: cannot read the class material ({str(e).splitlines()[0]})") from None
    if not isinstance(doc, dict):
        raise MaterialError(f"{path.name}: class material must be a mapping")
    try:
        glossary = tuple(GlossaryEntry(str(g["term"]), _text(g["text"]), tuple(str(s) for s in g.get("sources", ())),
                                       str(g.get("also", ""))) for g in doc.get("glossary", []))
        beats = {str(k): tuple(_text(q) for q in v) for k, v in (doc.get("beats") or {}).items()}
        questions = tuple(_text(q) for q in doc.get("open_questions", []))
        b = doc.get("border")
        border = (str(b["zone"]), _text(b["label"])) if b else None
    except (KeyError, TypeError, AttributeError) as e:
        raise MaterialError(f"{path.name}: a glossary entry or question is malformed ({e})") from None
    return Material(glossary, beats, questions, border)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("expected text")
    return " ".join(value.split())


def check_material(material: Material, scenario: Scenario) -> list[str]:
    """Problems a reviewer must fix: unknown beats or sources, an entry citing nothing."""
    problems = []
    phases = {p.id for p in scenario.phases}
    for beat in material.beat_questions:
        if beat not in phases:
            problems.append(f"questions for '{beat}', which is not a beat of {scenario.id}")
    for g in material.glossary:
        if not g.sources:
            problems.append(f"glossary entry '{g.term}' cites no source")
        for key in set(MARKER.findall(g.text)) - set(g.sources):
            problems.append(f"glossary entry '{g.term}' cites {key} in its text but not in its sources")
    if material.border is not None and material.border[0] not in scenario.zones:
        problems.append(f"the border follows '{material.border[0]}', which is not a zone of {scenario.id}")
    for key in material.cited():
        if key not in scenario.sources:
            problems.append(f"source {key} is not in the scenario's source list")
    return problems
