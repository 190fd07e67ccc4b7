"""Decision profiles: what a side's commanders decide, as scenario data (schema, checks, model).

A policy is a commander's decisions played with the AI's tactics. The decisions live here, per
side and named profile (``historical``, ``vigilant``, or any a designer adds): each has a verb
(``declare``, ``stand_down``, ...), a condition on what the side can observe (``when``; optionally
``until``, after which it lapses for good), and either the source that records it or a label
starting "Model assumption:". Conditions never name a turn or a date: the rules say the beats
come from what the sides see, not from a clock.

The AI (``game.ai.decide``) reads the model built here; this module only knows the format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from game.scenario import model as m
from game.scenario.schema_base import obj as _obj

ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
SHARE = {"type": "number", "minimum": 0, "maximum": 1}
TEXT = {"type": "string", "minLength": 1}

VERBS: dict[str, str] = {
    "declare": "Declare victory (when the engine allows it) as soon as the condition holds, and not before.",
    "stand_down": "Stand the units in 'zone' down (enemies seen next to a unit keep it alert).",
    "keep_alert": "Keep the units in 'zone' alert.",
    "redeploy": "Send 'share' of the units in 'zone' to the declaration's withdraw zone and off to other fronts.",
    "search": "Units in 'zone' that can search spend their turn searching for tunnel entrances.",
    "hold": "Gather in 'zone' and fight only what comes into it (no advance out of it).",
    "strike": "Units underground come out and strike (the tactics choose where).",
    "stay_hidden": "Units underground stay there.",
    "advance": "Make 'zone' the goal of every unit not needed elsewhere.",
}
NEEDS_ZONE = {"stand_down", "keep_alert", "redeploy", "search", "hold", "advance"}

_CMP = {"zone": ID, "at_least": {"type": "number", "minimum": 0}, "at_most": {"type": "number", "minimum": 0}}


CONDITION = _obj({
    "phase": {"oneOf": [ID, {"type": "array", "items": ID}], "description": "The current phase is this one (or one of these)."},
    "declared": {**ID, "description": "This side has declared victory."},
    "not_declared": {**ID, "description": "This side has not declared victory."},
    "night": {"type": "boolean", "description": "It is (or is not) a night turn."},
    "control": _obj({**_CMP, "at_least": SHARE, "at_most": SHARE}, ["zone"],
                    "The deciding side's share of the zone, as it sees it."),
    "enemies_seen": _obj(_CMP, ["zone"], "How many enemy units the side sees in the zone."),
    "open_entrances": _obj(_CMP, ["zone"], "How many tunnel entrances the side knows in the zone that are still open."),
    "searches": _obj({"at_least": {"type": "integer", "minimum": 0}}, ["at_least"],
                     "How many searches the side has made so far."),
    "arrived": {"type": "array", "items": ID, "minItems": 1, "description": "These units of the side have arrived."},
}, description="Facts the deciding side can observe; all must hold. No turn numbers or dates.")

DECISION = _obj({
    "id": {**ID, "description": "Unique within the profile."},
    "do": {"enum": list(VERBS), "description": "; ".join(f"{k}: {v}" for k, v in VERBS.items())},
    "zone": {**ID, "description": "The zone the decision is about (every verb but declare, strike and stay_hidden)."},
    "share": {**SHARE, "description": "redeploy: the share of the zone's units that leave (rounded down, at least one)."},
    "when": CONDITION,
    "until": CONDITION,
    "source": {**TEXT, "description": "What records this decision, with [S..] markers, or a text starting "
               "'Model assumption:' saying why the model assumes it."},
}, ["id", "do", "source"], "One decision: what, when, and on what authority.")

PROFILE = _obj({
    "name": {**TEXT, "description": "The name shown in menus."},
    "description": {**TEXT, "description": "A sentence on what these decisions are."},
    "decisions": {"type": "array", "items": DECISION, "description": "The decisions, in order of precedence."},
}, ["name", "decisions"], "A named set of decisions for one side.")

SCHEMA = {"type": "object", "propertyNames": ID,
          "additionalProperties": {"type": "object", "propertyNames": ID, "additionalProperties": PROFILE},
          "description": "Decision profiles by side, then by name (historical, vigilant, ...): what the side's "
                         "commanders decide; the AI plays the tactics."}

_MARKER = re.compile(r"\[S\d+\]")
ASSUMPTION = "Model assumption:"


def check(data: Any, err: Callable[[tuple[Any, ...], str], None],
          ref: Callable[[tuple[Any, ...], Any, str, str], bool], units: list[str]) -> None:
    """Semantic checks the schema cannot make: references, a source or label on every decision,
    the keys each verb needs, conditions that could never change."""
    decisions = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(decisions, dict):
        return
    for side, profiles in decisions.items():
        ref(("decisions", side), side, "sides", "side")
        if not isinstance(profiles, dict):
            continue
        for pid, prof in profiles.items():
            items = prof.get("decisions") if isinstance(prof, dict) else None
            seen: set[str] = set()
            for i, dec in enumerate(items if isinstance(items, list) else []):
                if not isinstance(dec, dict):
                    continue
                at = ("decisions", side, pid, "decisions", i)
                if dec.get("id") in seen:
                    err((*at, "id"), f"decision '{dec.get('id')}' is defined twice in profile '{pid}'")
                seen.add(str(dec.get("id")))
                src = dec.get("source")
                if isinstance(src, str) and not _MARKER.search(src) and not src.startswith(ASSUMPTION):
                    err((*at, "source"), "a decision needs a source marker such as [S43], or a text starting "
                        f"'{ASSUMPTION}'")
                verb = dec.get("do")
                if verb in NEEDS_ZONE and "zone" not in dec:
                    err(at, f"'{verb}' needs a 'zone'")
                if verb == "redeploy":
                    if "share" not in dec:
                        err(at, "'redeploy' needs a 'share'")
                    dcl = data.get("declarations") if isinstance(data.get("declarations"), dict) else {}
                    if not isinstance(dcl.get(side), dict) or "withdraw_zone" not in dcl[side]:
                        err(at, f"'redeploy' needs a withdraw_zone in declarations.{side}")
                if verb == "declare" and side not in (data.get("declarations") or {}):
                    err(at, f"side '{side}' has no entry in 'declarations', so it cannot declare")
                if "zone" in dec:
                    ref((*at, "zone"), dec["zone"], "zones", "zone")
                for key in ("when", "until"):
                    if isinstance(dec.get(key), dict):
                        _check_condition(dec[key], (*at, key), err, ref, units)


def _check_condition(cond: dict[str, Any], at: tuple[Any, ...], err: Callable[[tuple[Any, ...], str], None],
                     ref: Callable[[tuple[Any, ...], Any, str, str], bool], units: list[str]) -> None:
    for key in ("declared", "not_declared"):
        if key in cond:
            ref((*at, key), cond[key], "sides", "side")
    if "phase" in cond:
        for p in cond["phase"] if isinstance(cond["phase"], list) else [cond["phase"]]:
            ref((*at, "phase"), p, "phases", "phase")
    for key in ("control", "enemies_seen", "open_entrances"):
        if isinstance(cond.get(key), dict):
            ref((*at, key, "zone"), cond[key].get("zone"), "zones", "zone")
            if "at_least" not in cond[key] and "at_most" not in cond[key]:
                err((*at, key), f"'{key}' needs 'at_least' or 'at_most'")
    for j, uid in enumerate(cond.get("arrived") or []):
        if isinstance(uid, str) and uid not in units:
            err((*at, "arrived", j), f"unknown unit '{uid}'")


def build(d: dict[str, Any]) -> dict[str, dict[str, m.DecisionProfile]]:
    """The typed profiles from validated data."""
    out: dict[str, dict[str, m.DecisionProfile]] = {}
    for side, profiles in (d.get("decisions") or {}).items():
        out[side] = {}
        for pid, p in profiles.items():
            decs = tuple(m.Decision(id=x["id"], do=x["do"], zone=x.get("zone"), share=x.get("share"),
                                    when=x.get("when") or {}, until=x.get("until") or {}, source=x["source"])
                         for x in p.get("decisions") or [])
            out[side][pid] = m.DecisionProfile(id=pid, side=side, name=p["name"],
                                               description=p.get("description", ""), decisions=decs)
    return out
