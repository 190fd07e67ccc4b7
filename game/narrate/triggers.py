"""Scenario triggers in words: why a beat of the story began, for a class and for the teacher.

``why`` is what a class reads: one sentence built from the trigger's event and conditions with
every id turned into a name ("When ISIS attacks from a tunnel exit in Abu Kamal, while Government
and allies hold at least 50% of Abu Kamal, during “The advance” or “Victory announced”.").
``detail`` is the technical form (trigger id, event, raw conditions) kept for a teacher who
toggles it on; it is the only text here that shows ids, and only on request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from game.narrate.grammar import agree, join, percent
from game.scenario.catalogue import KINDS

if TYPE_CHECKING:
    from game.narrate.narrator import Narrator
    from game.scenario.model import Trigger


def _event_of(trigger: Any) -> str:
    return str(getattr(trigger, "on", None) or getattr(trigger, "when", None) or "")


def _conditions(trigger: Any) -> Mapping[str, Any]:
    return getattr(trigger, "conditions", None) or {}


def _date(value: Any) -> str:
    try:
        d = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{d.day} {d:%B %Y}" + (f", {d:%H:%M}" if (d.hour, d.minute) != (0, 0) else "")


def _bounds(spec: Mapping[str, Any], share: bool = True) -> str:
    fmt = percent if share else (lambda v: f"{v:g}")
    lo, hi = spec.get("at_least"), spec.get("at_most")
    if lo is not None and hi is not None:
        return f"between {fmt(lo)} and {fmt(hi)}"
    if lo is not None:
        return f"at least {fmt(lo)}"
    if hi is not None:
        return f"at most {fmt(hi)}"
    return "any share"


def _side_verb(n: Narrator, sid: str, singular: str, plural: str) -> str:
    name = n.side(sid)
    return f"{name} {agree(name, singular, plural, n.names.side_plural(sid))}"


def _event_clause(n: Narrator, event: str, side: str | None, ambush: bool | None) -> str:
    who = n.side(side) if side else ""
    if event == "combat":
        text = _side_verb(n, side, "attacks", "attack") if side else "a fight breaks out"
        return text + (" from a tunnel exit" if ambush else "")
    plain = {
        "game_start": "the game begins", "turn_start": "a new turn begins", "turn_end": "a turn ends",
        "control": "the ground held by the sides changes", "phase": "the battle enters a new phase",
        "narration": "a scenario text is shown",
    }
    if event in plain:
        return plain[event]
    with_side = {
        "victory_declared": ("declares victory", "declare victory"),
        "declaration_undone": ("loses the ground it declared taken", "lose the ground they declared taken"),
        "arrived": ("receives reinforcements", "receive reinforcements"),
        "tunnel_found": ("finds a tunnel entrance", "find a tunnel entrance"),
        "side_turn_start": ("begins its move", "begin their move"),
        "side_turn_end": ("ends its move", "end their move"),
        "objective_reached": ("reaches an objective", "reach an objective"),
    }
    if event in with_side:
        one, many = with_side[event]
        return _side_verb(n, side, one, many) if side else f"a side {one}"
    kind = KINDS.get(event)
    what = kind.description.rstrip(".").lower() if kind else event.replace("_", " ")
    return f"{what} ({who})" if who else what


def _condition(n: Narrator, key: str, want: Any) -> str:
    if key == "phase":
        phases = want if isinstance(want, list | tuple) else [want]
        return "during " + join([n.names.phase(p) for p in phases], "or")
    if key == "zone":
        return n.names.places.in_zone(str(want))
    if key == "night":
        return "at night" if want else "by day"
    if key == "date_from":
        return f"from {_date(want)}"
    if key == "date_until":
        return f"until {_date(want)}"
    if key == "turn_at_least":
        return f"from turn {want} on"
    if key == "turn_at_most":
        return f"up to turn {want}"
    if key == "phase_turns_at_least":
        return f"once the phase has lasted at least {want} turn{'s' if want != 1 else ''}"
    if key == "arrived":
        names = [n.unit(str(u)) for u in (want if isinstance(want, list | tuple) else [want])]
        return f"after {join(names, 'and')} {'has' if len(names) == 1 else 'have'} arrived"
    if key == "declared":
        return f"after {_side_verb(n, want, 'has', 'have')} declared victory"
    if key == "not_declared":
        return f"before {_side_verb(n, want, 'has', 'have')} declared victory"
    if key == "control" and isinstance(want, Mapping):
        return (f"while {_side_verb(n, want.get('side', ''), 'holds', 'hold')} {_bounds(want)} of "
                f"{n.zone(want.get('zone'))}")
    if key == "alert" and isinstance(want, Mapping):
        return (f"while {_bounds(want)} of the units of {n.side(want.get('side'))} in "
                f"{n.zone(want.get('zone'))} are on alert")
    if key == "units_in_zone" and isinstance(want, Mapping):
        return (f"with {_bounds(want, share=False)} unbroken units of {n.side(want.get('side'))} in "
                f"{n.zone(want.get('zone'))}")
    return f"when the scenario's condition on {key.replace('_', ' ')} holds"


def why(n: Narrator, trigger: Trigger | str) -> str:
    """The trigger as a sentence for a class: when it fires, in names and plain words."""
    t = trigger if not isinstance(trigger, str) else n._trigger(trigger)
    if isinstance(t, str):
        return "A scenario rule set this off."
    conds = dict(_conditions(t))
    side, ambush = conds.pop("side", None), conds.pop("ambush", None)
    clause = _event_clause(n, _event_of(t), side, ambush)
    order = ["zone", "control", "alert", "units_in_zone", "declared", "not_declared", "night", "date_from",
             "date_until", "turn_at_least", "turn_at_most", "phase", "phase_turns_at_least", "arrived"]
    keys = sorted(conds, key=lambda k: order.index(k) if k in order else len(order))
    parts = [_condition(n, k, conds[k]) for k in keys]
    head = f"When {clause}"
    if parts and keys[0] == "zone":
        head, parts = f"{head} {parts[0]}", parts[1:]
    return head + (", " + ", ".join(parts) if parts else "") + "."


def _raw(v: Any) -> str:
    if isinstance(v, Mapping):
        return ", ".join(f"{k.replace('_', ' ')} {_raw(x)}" for k, x in v.items())
    if isinstance(v, list | tuple):
        return " or ".join(_raw(x) for x in v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def detail(trigger: Trigger | str) -> str:
    """The technical form: "scenario trigger 'ambush', on a combat event (conditions: ...)"."""
    if isinstance(trigger, str):
        return f"scenario trigger '{trigger}'"
    conds = "; ".join(f"{k.replace('_', ' ')}: {_raw(v)}" for k, v in dict(_conditions(trigger)).items())
    text = f"scenario trigger '{trigger.id}', on a {_event_of(trigger).replace('_', ' ')} event"
    return f"{text} (conditions: {conds})" if conds else text
