"""The scenario format, as a JSON Schema (draft 2020-12).

This is the single source of truth for the format: the validator checks against it, the
designer's editor autocompletes from it (``abu-kamal schema``), and the key reference in
``docs/scenario-format.md`` is generated from its descriptions.
"""

from __future__ import annotations

import json
from typing import Any

from game.scenario.decisions import SCHEMA as DECISIONS
from game.scenario.people import SCHEMA as CASUALTIES
from game.scenario.schema_base import (
    ASSUMPTION,
    CELL,
    COLOR,
    DATE,
    ID,
    ID_LIST,
    MARKER,
    RECT,
    SHARE,
    TEXT,
    described,
    obj,
    one_of_keys,
)
from game.scenario.schema_triggers import EVENT_KINDS, TRIGGER

__all__ = ["EVENT_KINDS", "scenario_schema", "schema_json"]

_obj = obj
_d = described

ABILITIES = ["suicide", "tunnels", "search", "engineer", "boat", "armour"]

RULES = _obj({
    "stack_limit": _d({"type": "integer", "minimum": 1, "maximum": 6}, "Most units of one side on one cell (default 2)."),
    "zoc": _d({"type": "boolean"}, "Units stop when they enter a cell next to a seen enemy (default true)."),
    "night_sight": _d(SHARE, "Sight is multiplied by this at night (default 0.5)."),
    "hit_chance": _d(SHARE, "Chance that one strength point scores a hit at even odds (default 0.3)."),
    "surprise_defence": _d(SHARE, "Defence of a stood-down unit on the turn it is attacked (default 0.5)."),
    "ambush_attack": _d({"type": "number", "minimum": 1, "maximum": 4}, "Attack multiplier for a unit that came out of a tunnel this turn (default 1.5)."),
    "suicide_intercept_alert": _d(SHARE, "Chance an alert defender stops a suicide attack (default 0.35)."),
    "suicide_intercept_stood_down": _d(SHARE, "Chance a stood-down defender stops a suicide attack (default 0.0)."),
    "exit_fire": _d({"type": "number", "minimum": 0, "maximum": 2},
                    "Alert units next to a tunnel exit fire on a unit coming out, at this share of their usual "
                    "odds; 0 turns the fire off (default 0.0)."),
    "morale_per_step": _d({"type": "integer", "minimum": 0, "maximum": 50}, "Morale lost per strength point lost (default 9)."),
    "surprise_morale": _d({"type": "integer", "minimum": 0, "maximum": 80}, "Extra morale lost when surprised (default 20)."),
    "break_below": _d({"type": "integer", "minimum": 0, "maximum": 100}, "A unit whose morale falls below this breaks and retreats (default 30)."),
    "rally_at": _d({"type": "integer", "minimum": 0, "maximum": 100}, "A broken unit in its side's rally zone recovers at this morale (default 50)."),
    "search_chance": _d(SHARE, "Chance a search finds each tunnel node in range (default 0.45)."),
    "engineer_search_chance": _d(SHARE, "The same for engineers (default 0.8)."),
    "search_radius": _d({"type": "integer", "minimum": 0, "maximum": 6}, "How far a search reaches, in cells (default 2)."),
    "watch_chance": _d(SHARE, "Chance each turn that an alert unit notices a tunnel node within 1 cell (default 0.1)."),
    "combat_find_chance": _d(SHARE, "Chance a combat next to a tunnel node reveals it to both sides (default 0.3)."),
    "fatigue_per_turn": _d({"type": "integer", "minimum": 0, "maximum": 5}, "Fatigue an alert unit gains each turn (default 1)."),
    "fatigue_max": _d({"type": "integer", "minimum": 0, "maximum": 20}, "Fatigue stops growing here (default 6)."),
    "fatigue_penalty": _d(SHARE, "Attack and defence lost per point of fatigue (default 0.05)."),
    "rest_recovery": _d({"type": "integer", "minimum": 0, "maximum": 5}, "Fatigue a stood-down unit sheds each turn (default 2)."),
    "tunnel_moves": _d({"type": "integer", "minimum": 1, "maximum": 20}, "Tunnel links a unit may travel in one turn (default 3)."),
}, description="Tunable numbers of the rules; every key is optional and has the default shown.")

TERRAIN = _obj({
    "char": _d({"type": "string", "minLength": 1, "maxLength": 1}, "The character that draws this terrain in map.rows."),
    "name": _d(TEXT, "The name shown to players."),
    "move_cost": _d({"type": ["number", "null"], "minimum": 0.25, "maximum": 20}, "Movement points to enter a cell; null means impassable on foot."),
    "defence": _d({"type": "number", "minimum": 0.5, "maximum": 4}, "Defence multiplier for a unit in this terrain."),
    "cover": _d(SHARE, "How much the terrain hides a unit: a unit here is seen only within (1 - cover) of the viewer's sight."),
    "blocks_sight": _d({"type": "boolean"}, "Whether sight lines stop at this cell."),
    "river": _d({"type": "boolean"}, "A river cell: crossed only by units with the 'boat' ability."),
    "bridge": _d({"type": "boolean"}, "A bridge cell: passable, and counted as a river crossing."),
    "urban": _d(SHARE, "Urban density, from 0 (open) to 1 (dense blocks)."),
    "color": _d(COLOR, "How the terrain is drawn, as #rrggbb."),
}, ["char", "name", "move_cost", "defence"], "One kind of ground.")

ZONE = _obj({
    "name": _d(TEXT, "The name shown to players."),
    "description": _d(TEXT, "A short, neutral description."),
    "rects": _d({"type": "array", "items": RECT, "minItems": 1}, "Rectangles of cells that belong to the zone."),
    "cells": _d({"type": "array", "items": CELL, "minItems": 1}, "Single cells that belong to the zone."),
    "terrain": _d(ID_LIST, "Keep only cells of these terrain types (applied to rects and cells)."),
    "union": _d(ID_LIST, "Also include every cell of these zones."),
    "border": _d(TEXT, "Draw the zone's edge on the map as a border line with this name (a frontier)."),
    "assumption": ASSUMPTION,
}, ["name"], "A named set of cells: give rects, cells or union (or several).")

SIDE = _obj({
    "name": _d(TEXT, "The name shown to players."),
    "description": _d(TEXT, "A short, neutral description."),
    "rally_zone": _d(ID, "Where this side's broken units retreat to and recover."),
    "color": _d(COLOR, "The side's colour, as #rrggbb."),
    "allies": _d(ID_LIST, "Sides allied with this one (each must name this one back): allies never attack each "
                 "other."),
}, ["name"], "One player.")

FACTION = _obj({
    "side": _d(ID, "The side this faction belongs to (an id from sides)."),
    "name": _d(TEXT, "The name shown to players."),
    "color": _d(COLOR, "The colour of the faction's units, as #rrggbb."),
    "description": _d(TEXT, "A short, neutral description shown to players."),
}, ["side", "name", "color", "description"], "A force within a side, with its own colour and a short neutral description.")

UNIT_TYPE = _obj({
    "name": _d(TEXT, "The name shown to players."),
    "symbol": _d({"type": "string", "enum": ["infantry", "mechanized", "armour", "special_forces", "engineer",
                                              "artillery", "suicide", "militia", "headquarters"]},
                 "The map symbol (APP-6 style)."),
    "strength": _d({"type": "integer", "minimum": 1, "maximum": 20}, "Full strength in steps (how many people a step stands for is the scenario's choice: see casualties)."),
    "move": _d({"type": "number", "minimum": 0, "maximum": 40}, "Movement points per turn."),
    "attack": _d({"type": "number", "minimum": 0, "maximum": 30}, "Attack value per step."),
    "defence": _d({"type": "number", "minimum": 0.1, "maximum": 30}, "Defence value per step."),
    "sight": _d({"type": "integer", "minimum": 0, "maximum": 30}, "Sight radius in cells, by day."),
    "range": _d({"type": "integer", "minimum": 1, "maximum": 10}, "Attack range in cells (default 1: adjacent)."),
    "morale": _d({"type": "integer", "minimum": 1, "maximum": 100}, "Starting morale (default 70)."),
    "abilities": _d({"type": "array", "items": {"type": "string", "enum": ABILITIES}, "uniqueItems": True},
                    "suicide: attacks once and is spent; tunnels: moves through tunnels; search: can search for "
                    "tunnels; engineer: searches well and can demolish tunnel nodes; boat: can cross rivers; "
                    "armour: ignores half of the urban defence bonus."),
}, ["name", "strength", "move", "attack", "defence", "sight"], "A kind of unit.")

ARRIVAL = _obj({
    "turn": _d({"type": "integer", "minimum": 1}, "Arrives at the start of its side's turn on this turn."),
    "date": _d(DATE, "Arrives on the first turn that starts on or after this date."),
    "zone": _d(ID, "Arrives in a free cell of this zone."),
    "tunnel": _d(ID, "Arrives underground at this tunnel node."),
}, description="When and where a reinforcement enters. With neither turn nor date, it waits for a trigger's 'reinforce'.")

UNIT = _obj({
    "id": _d(ID, "Unique among units; a what-if changes or removes the unit by this id."),
    "type": _d(ID, "The unit type (an id from unit_types)."),
    "faction": _d(ID, "The faction (an id from factions); it decides the unit's side."),
    "name": _d(TEXT, "The name shown to players (default: the id)."),
    "at": _d(CELL, "Where the unit starts on the map."),
    "tunnel": _d(ID, "Start underground at this tunnel node instead."),
    "strength": _d({"type": "integer", "minimum": 1, "maximum": 20}, "Starting strength if below the type's full strength."),
    "posture": _d({"type": "string", "enum": ["alert", "stood_down"]}, "Starting posture (default alert)."),
    "morale": _d({"type": "integer", "minimum": 1, "maximum": 100}, "Starting morale (default: the type's)."),
    "arrives": ARRIVAL,
    "note": _d(TEXT, "A designer's remark: where the figure comes from, what was chosen where sources differ."),
    "assumption": ASSUMPTION,
    "remove": _d({"const": True}, "In a what-if: drop this unit of the base scenario."),
}, ["id", "type", "faction"], "One unit, with exactly one of 'at', 'tunnel' or 'arrives'.")
UNIT.update(one_of_keys("at", "tunnel", "arrives"))

TUNNELS = _obj({
    "nodes": {"type": "object", "propertyNames": ID, "additionalProperties": _obj({
        "at": _d(CELL, "The cell of the entrance, as [x, y]."), "name": _d(TEXT, "The name shown to players.")}, ["at"], "A tunnel entrance and exit."),
        "description": "Entrances and exits, by id."},
    "links": {"type": "array", "items": _d({"type": "array", "items": ID, "minItems": 2, "maxItems": 2},
                                            "A tunnel between two nodes: [a, b]."),
              "description": "The tunnels between nodes."},
    "known_to": _d({"type": "object", "propertyNames": ID, "additionalProperties": {
        "oneOf": [{"const": "all"}, ID_LIST]}}, "Which sides know which nodes at the start (by side: 'all' or a list)."),
}, ["nodes", "links"], "The hidden tunnel network.")

OBJECTIVE = _obj({
    "zone": _d(ID, "The zone to hold (an id from zones)."),
    "points": _d({"type": "number"}, "Points for holding it."),
    "hold": _d(SHARE, "Share of the zone's cells that counts as holding it (default 0.5)."),
    "when": _d({"enum": ["end", "each_turn", "first"]}, "end: held when the game ends; each_turn: points every "
               "turn it is held; first: once, to the first side that holds it (a race)."),
    "name": _d(TEXT, "Shown in the score ledger."),
}, ["zone", "points"], "Points for holding a zone.")

VICTORY = _obj({
    "objectives": {"type": "array", "items": OBJECTIVE, "description": "Zones worth points."},
    "enemy_step": _d({"type": "number"}, "Points per enemy strength step destroyed."),
    "own_step": _d({"type": "number"}, "Points per own strength step lost (usually negative)."),
    "win_at": _d({"type": "number"}, "The side wins with at least this many points..."),
    "lose_below": _d({"type": "number"}, "...and loses below this; in between is a draw."),
}, ["objectives", "win_at", "lose_below"], "How a side scores.")

DECLARATION = _obj({
    "zone": _d(ID, "The zone the side must hold to declare victory."),
    "min_control": _d(SHARE, "Share of the zone it must control."),
    "clear_of_enemies": _d({"type": "boolean"}, "No enemy unit the side can see may stand in the zone (default true)."),
    "points": _d({"type": "number"}, "Points gained on declaring."),
    "lost_below": _d(SHARE, "If control of the zone later falls below this share..."),
    "penalty": _d({"type": "number"}, "...the side loses this many points, once."),
    "withdraw_zone": _d(ID, "After declaring, units in this zone may leave the map for other fronts."),
    "withdraw_points": _d({"type": "number"}, "Points per strength step withdrawn."),
}, ["zone", "min_control", "points"], "A side's declaration of victory: what it needs, what it gains, what it risks.")

NARRATION = _obj({
    "title": _d(TEXT, "The heading shown to players."),
    "text": _d(TEXT, "Neutral, factual text with [S..] source markers; a '>' block keeps it readable."),
    "sources": _d({"type": "array", "items": MARKER}, "Source markers, e.g. [S28]."),
    "date": _d(DATE, "The latest day the text tells of: the triggers that show it must not fire before it."),
    "topic": _d({"enum": ["civilians", "losses"]}, "civilians: a sourced fact about civilians, listed in the "
                "report's civilians section; losses: a sourced count of the dead, set beside the model's estimate."),
}, ["title", "text"], "A neutral, factual text shown when a trigger narrates it.")

SOURCE = {"oneOf": [TEXT, _obj({
    "title": _d(TEXT, "The source's real headline (a [bracketed] title is descriptive, where the copy has none)."),
    "outlet": _d(TEXT, "Who published it, e.g. 'Reuters' or 'OANN (Reuters text)'."),
    "date": _d(TEXT, "When it was published, where known: 2017-11-08, or 'November 2017'."),
    "url": _d(TEXT, "The link, so a reader can check it."),
    "stance": _d(TEXT, "A short note on the outlet where it is plain: state media, group-run, wire copy..."),
    "claim": _d(TEXT, "Which of its statements rest on one side's media: shown as claims."),
    "note": TEXT}, ["title"])],
          "description": "A source: its headline, outlet, date, link and stance (or just a title)."}

PHASE = _obj({"id": _d(ID, "Unique among phases; set_phase and the phase condition name it."),
              "name": _d(TEXT, "The name shown to players."),
              "description": _d(TEXT, "A short, neutral description."),
              "date": _d(DATE, "The historical date of this beat."),
              "sources": _d({"type": "array", "items": MARKER},
                            "Source markers, e.g. [S28]."),
              "remove": _d({"const": True}, "In a what-if: drop this phase of the base scenario.")},
             ["id", "name"], "A named phase of the battle.")


def scenario_schema() -> dict[str, Any]:
    """The full schema: the validator checks merged data against it and editors read it while a designer types."""
    props: dict[str, Any] = {
        "$schema": {"type": "string"},
        "format": _d({"const": 1}, "The format version; this guide describes version 1."),
        "extends": _d(TEXT, "A what-if: the bundled scenario name or relative file this one changes."),
        "id": _d(ID, "The scenario's id: lower-case letters, digits and '_'; a what-if needs its own."),
        "title": _d(TEXT, "The title shown in menus and in `abu-kamal scenarios`."),
        "summary": _d(TEXT, "A few neutral sentences shown before the game."),
        "author": _d(TEXT, "Who wrote the scenario."),
        "sources": {"type": "object", "propertyNames": {"pattern": r"^S\d+$"}, "additionalProperties": SOURCE,
                    "description": "The sources the narration cites, by marker (S28: title)."},
        "calendar": _obj({
            "start": _d(DATE, "When the first turn starts: 2017-11-06T06:00 (or a date, meaning midnight)."),
            "turn_hours": _d({"type": "integer", "enum": [6, 8, 12, 24]}, "Hours per turn."),
            "turns": _d({"type": "integer", "minimum": 1, "maximum": 400}, "How many turns the game lasts."),
            "night_from": _d({"type": "integer", "minimum": 0, "maximum": 23}, "A turn starting at or after this hour is a night turn (default 18)."),
            "night_until": _d({"type": "integer", "minimum": 0, "maximum": 23}, "...or before this hour (default 6)."),
        }, ["start", "turn_hours", "turns"], "Dates of the turns."),
        "turn_order": _d({**ID_LIST, "minItems": 1}, "The sides, in the order they move each turn."),
        "rules": RULES,
        "terrain": {"type": "object", "propertyNames": ID, "additionalProperties": TERRAIN, "minProperties": 1,
                    "description": "Kinds of ground, by id."},
        "map": _obj({
            "cell_km": _d({"type": "number", "exclusiveMinimum": 0}, "The side of a cell in kilometres."),
            "rows": _d({"type": "string"}, "The map: one line per row, one terrain character per cell."),
            "origin_note": _d(TEXT, "A designer's note on how the grid sits on the ground: scale, orientation, sources."),
        }, ["rows"], "The grid."),
        "zones": {"type": "object", "propertyNames": ID, "additionalProperties": ZONE, "description": "Named areas, by id."},
        "sides": {"type": "object", "propertyNames": ID, "additionalProperties": SIDE, "minProperties": 1,
                  "description": "The players, by id."},
        "factions": {"type": "object", "propertyNames": ID, "additionalProperties": FACTION, "minProperties": 1,
                     "description": "The forces within the sides, by id."},
        "unit_types": {"type": "object", "propertyNames": ID, "additionalProperties": UNIT_TYPE, "minProperties": 1,
                       "description": "Kinds of unit, by id."},
        "units": {"type": "array", "items": UNIT,
                  "description": "Every unit: on the map, underground, or arriving later. Merged by id in a what-if."},
        "tunnels": TUNNELS,
        "phases": {"type": "array", "items": PHASE, "minItems": 1, "description": "The phases; the first is where the game starts."},
        "declarations": {"type": "object", "propertyNames": ID, "additionalProperties": DECLARATION,
                         "description": "Which sides may declare victory, by side."},
        "triggers": {"type": "array", "items": TRIGGER,
                     "description": "Event, conditions, effects: what happens when. Merged by id in a what-if."},
        "narration": {"type": "object", "propertyNames": ID, "additionalProperties": NARRATION,
                      "description": "The texts that triggers show, by id."},
        "decisions": DECISIONS,
        "casualties": CASUALTIES,
        "victory": {"type": "object", "propertyNames": ID, "additionalProperties": VICTORY,
                    "description": "How each side scores, by side."},
        "assumptions": _d({"type": "array", "items": ASSUMPTION},
                          "Mechanics and figures of the whole model that the sources do not give."),
    }
    required = ["format", "id", "title", "calendar", "turn_order", "terrain", "map", "sides", "factions",
                "unit_types", "units", "phases", "victory"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://abu-kamal.invalid/scenario-1.schema.json",
        "title": "Abu Kamal scenario",
        "description": "A scenario for the Abu Kamal wargame (format 1).",
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def schema_json() -> str:
    """The schema as the JSON text shipped next to the scenarios and printed by 'abu-kamal schema'."""
    return json.dumps(scenario_schema(), indent=2, sort_keys=False) + "\n"
