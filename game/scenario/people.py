"""How many people a strength step stands for, when counting casualties (schema, checks, model).

Losses are played in strength steps; the sources count people. The scenario says how many people
killed a lost step stands for, per unit type where it differs, and on what basis (a text starting
"Model assumption:"). The engine turns the steps a side lost into people for the end-of-game event
and every summary built on it, so a class sees figures it can set beside the sources'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.scenario import model as m

ASSUMPTION = "Model assumption:"
_NUMBER = {"type": "number", "minimum": 0}

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["people_per_step", "basis"],
    "description": "How many people killed a lost strength step stands for, when casualties are counted in people.",
    "properties": {
        "people_per_step": {**_NUMBER, "description": "People per strength step lost, for every unit type not listed below."},
        "by_type": {"type": "object", "propertyNames": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "additionalProperties": _NUMBER,
                    "description": "People per step for the unit types where it differs, by unit type id."},
        "basis": {"type": "string", "minLength": 1,
                  "description": "Why these numbers: a text starting 'Model assumption:', citing its sources."},
    },
}


def check(data: Any, err: Callable[[tuple[Any, ...], str], None],
          ref: Callable[[tuple[Any, ...], Any, str, str], bool]) -> None:
    """Casualty figures: the basis is labelled a model assumption and per-type figures name real unit types."""
    c = data.get("casualties") if isinstance(data, dict) else None
    if not isinstance(c, dict):
        return
    basis = c.get("basis")
    if isinstance(basis, str) and not basis.startswith(ASSUMPTION):
        err(("casualties", "basis"), f"the basis is a model assumption: start it with '{ASSUMPTION}'")
    for t in (c.get("by_type") or {}) if isinstance(c.get("by_type"), dict) else {}:
        ref(("casualties", "by_type", t), t, "unit_types", "unit type")


def build(d: dict[str, Any]) -> m.Casualties | None:
    """The casualty model from validated data, or None when the scenario gives none."""
    c = d.get("casualties")
    if not c:
        return None
    return m.Casualties(people_per_step=float(c["people_per_step"]),
                        by_type={k: float(v) for k, v in (c.get("by_type") or {}).items()}, basis=c["basis"])
