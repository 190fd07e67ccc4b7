"""The trigger vocabulary of the schema: events (from the engine's catalogue), conditions and effects.

Effects are one mapping with every verb as an optional key and exactly one present, rather than
a ``oneOf`` of one-key mappings: an editor then completes the verbs, says "Property set_phas is
not allowed" for a misspelt one and offers no junk entries, and the validator's message names
the closest verb.
"""

from __future__ import annotations

from typing import Any

from game.scenario.catalogue import trigger_events
from game.scenario.schema_base import ASSUMPTION, CELL, DATE, ID, ID_LIST, SHARE, TEXT, described, obj

EVENT_KINDS = trigger_events()  # derived from the engine's one catalogue of event kinds

CMP = {"side": described(ID, "The side (an id from sides)."), "zone": described(ID, "The zone (an id from zones)."),
       "at_least": described(SHARE, "Holds when the share is at least this."),
       "at_most": described(SHARE, "Holds when the share is at most this.")}
COUNT = {"at_least": described({"type": "integer"}, "Holds with at least this many."),
         "at_most": described({"type": "integer"}, "Holds with at most this many.")}

LEAVES: dict[str, Any] = {
    "phase": described({"oneOf": [ID, ID_LIST]}, "The current phase is this one (or one of these)."),
    "side": described(ID, "The event concerns this side: the side that moves, attacks, declares, sees or finds; "
                      "for events about one unit, the unit's side."),
    "unit": described(ID, "The event's unit is this one (for combat: the attacker; for sighted: the unit seen)."),
    "unit_type": described({"oneOf": [ID, ID_LIST]}, "The event's unit is of this type (or one of these)."),
    "turn_at_least": described({"type": "integer", "minimum": 1}, "The turn is this one or later."),
    "turn_at_most": described({"type": "integer", "minimum": 1}, "The turn is this one or earlier."),
    "date_from": described(DATE, "The turn starts on or after this date."),
    "date_until": described(DATE, "The turn starts before or on this date."),
    "night": described({"type": "boolean"}, "It is (or is not) a night turn."),
    "phase_turns_at_least": described({"type": "integer", "minimum": 0}, "Turns since the current phase began."),
    "arrived": described({**ID_LIST, "minItems": 1}, "These units have come onto the map (by their arrival date or a "
                         "trigger), whatever became of them since."),
    "declared": described(ID, "This side has declared victory."),
    "not_declared": described(ID, "This side has not declared victory."),
    "ambush": described({"type": "boolean"}, "For combat events: the attacker came out of a tunnel this turn."),
    "zone": described(ID, "The event happened in this zone (for entered_zone: the zone entered)."),
    "control": obj(CMP, ["side", "zone"], "The share of the zone's cells the side controls."),
    "alert": obj(CMP, ["side", "zone"], "The share of the side's units in the zone that are alert."),
    "units_in_zone": obj({"side": CMP["side"], "zone": CMP["zone"],
                          "at_least": described({"type": "integer", "minimum": 0}, "Holds with at least this many units."),
                          "at_most": described({"type": "integer", "minimum": 0}, "Holds with at most this many units.")},
                         ["side", "zone"], "How many of the side's unbroken units stand in the zone (on the surface)."),
    "counter": obj({"name": described(ID, "The counter (counters start at 0)."), **COUNT}, ["name"],
                   "A counter's value is within the bounds."),
    "chance": described(SHARE, "Holds with this probability, drawn from the game's one random generator (so a "
                        "replay draws the same); drawn only when every other condition holds."),
}
_INNER = obj({**LEAVES, "not": obj(LEAVES, description="These conditions do not all hold.")},
             description="Conditions; all must hold.")
CONDITIONS = obj({
    **LEAVES,
    "any": described({"type": "array", "items": _INNER, "minItems": 1},
                     "At least one of these condition mappings holds (each mapping: all its conditions)."),
    "not": obj({**LEAVES, "any": described({"type": "array", "items": obj(LEAVES), "minItems": 1},
                                          "At least one of these holds.")},
               description="These conditions do not all hold."),
}, description="Conditions; all must hold.")

_SCOPE = {"side": CMP["side"], "zone": described(ID, "Only units on the surface in this zone.")}
VERBS: dict[str, Any] = {
    "set_phase": described(ID, "Enter this phase."),
    "narrate": described({"oneOf": [ID, obj({"narration": described(ID, "The narration to show."),
                                             "to": described(ID, "Show it to this side only (and in god view).")},
                                            ["narration", "to"])]},
                         "Show this narration text (to every side, or with 'to' to one side only)."),
    "reveal_tunnels": obj({"side": CMP["side"], "nodes": described({"oneOf": [{"const": "all"}, ID_LIST]},
                                                                   "'all', or a list of tunnel node ids.")},
                          ["side", "nodes"], "The side learns where these tunnel nodes are; each node it did not know "
                          "yet is a tunnel_found event."),
    "reinforce": described(ID_LIST, "Bring these waiting units in at their 'arrives' place (a zone or a tunnel node)."),
    "set_posture": obj({**_SCOPE, "posture": described({"enum": ["alert", "stood_down"]}, "The new posture.")},
                       ["side", "posture"], "Put the side's units on alert or stand them down."),
    "morale": obj({**_SCOPE, "change": described({"type": "integer", "minimum": -100, "maximum": 100},
                                                 "Added to each unit's morale, which stays within 0 to 100.")},
                  ["side", "change"], "Raise or lower the morale of the side's units."),
    "points": obj({"side": CMP["side"], "points": described({"type": "number"}, "Points to add (negative to take away)."),
                   "reason": described(TEXT, "Shown in the score ledger.")}, ["side", "points", "reason"],
                  "Give a side points."),
    "end_game": obj({"reason": described(TEXT, "Shown when the game ends.")}, ["reason"],
                    "End the game now; objectives scored at the end are counted as after the last turn."),
    "spawn": obj({"id": described(ID, "The new unit's id (unique among all units)."),
                  "type": described(ID, "Its unit type."), "faction": described(ID, "Its faction (and so its side)."),
                  "name": described(TEXT, "The name shown to players (default: the id)."),
                  "at": described(CELL, "Where it appears (the nearest free cell if this one is full)."),
                  "zone": described(ID, "Or: a free cell of this zone."),
                  "strength": described({"type": "integer", "minimum": 1, "maximum": 20}, "Its strength (default: full)."),
                  "posture": described({"enum": ["alert", "stood_down"]}, "Its posture (default alert).")},
                 ["id", "type", "faction"], "Put a new unit on the map (an unit_spawned event); the trigger must be "
                 "once: true."),
    "remove_unit": obj({"unit": described(ID, "The unit to take off the map."),
                        "reason": described(TEXT, "Why, as players read it.")}, ["unit"],
                       "Take a unit off the map without loss (a unit_removed event): it leaves, it is not destroyed."),
    "change_side": obj({"unit": described(ID, "The unit that changes side."),
                        "faction": described(ID, "Its new faction (and so its side).")}, ["unit", "faction"],
                       "Move a unit to another faction and side (a side_changed event)."),
    "set_terrain": obj({"terrain": described(ID, "The new terrain (an id from terrain)."),
                        "cells": described({"type": "array", "items": CELL, "minItems": 1}, "The cells to change."),
                        "zone": described(ID, "Or: every cell of this zone."),
                        "reason": described(TEXT, "Why, as players read it (a terrain_changed event).")},
                       ["terrain"], "Change the ground (blow a bridge: set its cells to river). Units standing on "
                       "ground they can no longer hold are pushed to the nearest cell they can."),
    "counter": obj({"name": described(ID, "The counter."),
                    "add": described({"type": "integer"}, "Add this (negative to subtract)."),
                    "set": described({"type": "integer"}, "Or: set it to this.")}, ["name"],
                   "Change a counter (a counter event); conditions test it with 'counter'."),
}
EFFECT = {"type": "object", "properties": VERBS, "additionalProperties": False, "minProperties": 1,
          "maxProperties": 1, "errorMessage": "An effect is one verb: " + ", ".join(VERBS) + ".",
          "description": "One effect: a mapping with exactly one key, the verb."}

TRIGGER = obj({
    "id": described(ID, "Unique among triggers; a what-if changes or removes the trigger by this id."),
    "when": described({"type": "string", "enum": EVENT_KINDS}, "The event that wakes this trigger."),
    "if": CONDITIONS,
    "do": described({"type": "array", "items": EFFECT, "minItems": 1}, "Effects, in order; each is a one-key mapping."),
    "once": described({"type": "boolean"}, "Fire at most once (default true)."),
    "assumption": ASSUMPTION,
    "remove": described({"const": True}, "In a what-if: drop this trigger of the base scenario."),
}, ["id", "when", "do"], "When an event happens and the conditions hold, carry out the effects.")
