"""The one catalogue of event kinds: what the engine can report, what each report carries, who may see it.

Every event the engine emits has an entry here, and everything that lists event kinds derives
from it: the scenario schema's trigger events (``when:``), the validator's "this trigger can never
fire" checks (which fields an event carries), the generated key reference and the front ends'
log filters. Adding an event kind means adding one entry here; a test checks that every kind
the engine emits is catalogued.

``seen`` says who may see an event of the kind, in the words of ``Event.visible_to``:
- ``all``: every side (public facts: the turn, the phase, a declaration);
- ``side``: only the side in the event's ``side`` field (what it found, where it went underground);
- ``witnesses``: the acting side, and any side that can see the place where it happened;
- ``nobody``: god view only (educators and reports).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ALL, SIDE, WITNESSES, NOBODY = "all", "side", "witnesses", "nobody"

# Fields a trigger condition can test on an event (see game/engine/triggers.py).
SIDE_FIELD, CELL_FIELD, UNIT_FIELD, AMBUSH_FIELD = "side", "cell", "unit", "ambush"


@dataclass(frozen=True)
class EventKind:
    """One kind of event: its name, what it means, its fields, who sees it and whether triggers can wait on it."""

    name: str
    description: str
    fields: Mapping[str, str] = field(default_factory=dict)
    seen: str = WITNESSES
    trigger: bool = False
    group: str = "other"  # a front end's log filter: turns, movement, combat, tunnels, control, story, score

    def carries(self, name: str) -> bool:
        """Whether an event of this kind has the field ``name`` (a condition on a missing field never holds).

        A unit filter (``unit``, ``unit_type``) tests the event's unit, which a combat calls its attacker.
        """
        if name in (UNIT_FIELD, "unit_type"):
            return self.unit_key is not None
        return name in self.fields

    @property
    def unit_key(self) -> str | None:
        """The field that names the event's unit, if it has one."""
        return next((k for k in ("unit", "attacker") if k in self.fields), None)


def _k(name: str, description: str, fields: dict[str, str] | None = None, *, seen: str = WITNESSES,
       trigger: bool = False, group: str = "other") -> EventKind:
    return EventKind(name, description, fields or {}, seen, trigger, group)


_SIDE = "the side that acts (moves, attacks, finds, declares, sees)"
_OWN = "the side of the unit concerned"
_UNIT = "the unit concerned (its id)"
_CELL = "the cell [x, y] where it happened"

KINDS: dict[str, EventKind] = {k.name: k for k in [
    _k("game_start", "The game begins (set-up done, before the first side moves).",
       {"scenario": "the scenario id", "title": "its title", "seed": "the random seed", "sides": "the sides in turn order",
        "turns": "the number of turns"}, seen=ALL, trigger=True, group="turns"),
    _k("turn_start", "A new turn begins.", {"night": "whether it is a night turn"}, seen=ALL, trigger=True,
       group="turns"),
    _k("side_turn_start", "A side's part of the turn begins.", {"side": "the side about to move"}, seen=ALL,
       trigger=True, group="turns"),
    _k("side_turn_end", "A side ends its part of the turn.", {"side": "the side that moved"}, seen=ALL,
       trigger=True, group="turns"),
    _k("turn_end", "Every side has moved; control and objectives are counted.", seen=ALL, trigger=True,
       group="turns"),
    _k("phase", "The battle enters a new phase.", {"phase": "the phase id", "name": "its name",
                                                   "previous": "the phase it leaves"}, seen=ALL, trigger=True,
       group="story"),
    _k("victory_declared", "A side declares victory.", {"side": "the side that declares", "zone": "the zone it holds",
                                                        "control": "its share of the zone", "points": "points gained"},
       seen=ALL, trigger=True, group="score"),
    _k("declaration_undone", "A side that declared victory lost the zone again and pays the penalty.",
       {"side": "the side that declared", "zone": "the zone", "control": "its share now", "points": "points lost"},
       seen=ALL, trigger=True, group="score"),
    _k("objective_reached", "A side holds an objective zone worth points.",
       {"side": "the side that holds it", "zone": "the zone", "points": "points gained"}, seen=ALL, trigger=True,
       group="score"),
    _k("move", "A unit moves on the surface (or falls back when broken).",
       {"side": _OWN, "unit": _UNIT, "frm": "where it started", "to": "where it stopped", "path": "the cells it crossed",
        "stopped": "why it stopped early, if it did", "retreat": "whether it was falling back"}, group="movement"),
    _k("entered_zone", "A unit arrives in a zone it was not in before (by moving, emerging, arriving or being placed).",
       {"side": _OWN, "unit": _UNIT, "unit_type": "its unit type", "zone": "the zone entered", "cell": _CELL},
       trigger=True, group="movement"),
    _k("combat", "A unit attacks another.",
       {"side": "the attacker's side", "attacker": "the attacker (what a 'unit' condition tests)", "defender": "the defender", "defender_side": "the defender's side", "cell": "the defender's cell",
        "attacker_cell": "the attacker's cell", "zones": "zones of the defender's cell",
        "attacker_losses": "steps the attacker lost", "defender_losses": "steps the defender lost",
        "surprise": "the defender was stood down", "ambush": "the attacker came out of a tunnel this turn",
        "suicide": "a suicide attack", "intercepted": "the suicide attack was stopped"}, trigger=True, group="combat"),
    _k("exit_fire", "Alert units next to a tunnel exit fire on a unit coming out of it.",
       {"side": "the side firing", "unit": "the unit firing", "target": "the unit coming out",
        "target_side": "its side", "node": "the tunnel node", "cell": "the exit",
        "losses": "steps the unit coming out lost"},
       trigger=True, group="combat"),
    _k("unit_broke", "A unit's morale gives way and it falls back.",
       {"side": _OWN, "unit": _UNIT, "cell": _CELL, "cause": "why"}, trigger=True,
       group="combat"),
    _k("unit_destroyed", "A unit is destroyed.",
       {"side": _OWN, "unit": _UNIT, "cell": _CELL, "reason": "how", "by": "the attacker"},
       trigger=True, group="combat"),
    _k("unit_rallied", "A broken unit recovers in its side's rally zone.", {"side": _OWN, "unit": _UNIT, "cell": _CELL},
       seen=SIDE, trigger=True, group="combat"),
    _k("posture", "A unit goes on alert or stands down.",
       {"side": _OWN, "unit": _UNIT, "posture": "the new posture", "reason": "why"}, trigger=True, group="movement"),
    _k("sighted", "A side sees an enemy unit it did not see before.",
       {"side": "the side that sees", "unit": "the unit seen", "unit_side": "the seen unit's side",
        "unit_type": "its unit type", "cell": "where it was seen"}, seen=SIDE, trigger=True, group="combat"),
    _k("lost_sight", "A side loses sight of an enemy unit that moved away (not told which unit, nor where it went).",
       {"side": "the side that lost sight", "unit_side": "the unit's side", "unit_type": "its unit type",
        "cell": "the last cell where the side saw it"}, seen=SIDE, group="movement"),
    _k("under_fire", "A unit is fired on by an enemy its side cannot see (not told by whom, nor from where).",
       {"side": _OWN, "unit": _UNIT, "cell": _CELL, "losses": "steps it lost", "surprise": "it was stood down"},
       seen=SIDE, group="combat"),
    _k("arrived", "A reinforcement enters the map (or a tunnel).",
       {"side": _OWN, "unit": _UNIT, "zone": "the arrival zone", "node": "the tunnel node",
        "cell": _CELL}, trigger=True, group="movement"),
    _k("withdrawn", "A unit leaves the map for other fronts after its side declared victory.",
       {"side": _OWN, "unit": _UNIT, "cell": _CELL, "strength": "its strength", "points": "points gained"},
       trigger=True, group="movement"),
    _k("search", "A unit searches for tunnel entrances.",
       {"side": _OWN, "unit": _UNIT, "cell": _CELL, "found": "the nodes it found"}, seen=SIDE, group="tunnels"),
    _k("tunnel_found", "A side learns where a tunnel entrance is.",
       {"side": "the side that finds it", "node": "the tunnel node", "cell": _CELL, "how": "how it was found"},
       seen=SIDE, trigger=True, group="tunnels"),
    _k("tunnel_demolished", "Engineers collapse a tunnel entrance.",
       {"side": _OWN, "unit": _UNIT, "node": "the node", "cell": _CELL, "losses_below": "units hit underground"},
       trigger=True, group="tunnels"),
    _k("dive", "A unit goes underground.", {"side": _OWN, "unit": _UNIT, "node": "the node", "cell": _CELL},
       trigger=True, group="tunnels"),
    _k("tunnel_move", "A unit travels underground.", {"side": _OWN, "unit": _UNIT, "route": "the nodes passed"},
       seen=SIDE, group="tunnels"),
    _k("emerge", "A unit comes out of a tunnel.", {"side": _OWN, "unit": _UNIT, "node": "the node", "cell": _CELL},
       trigger=True, group="tunnels"),
    _k("emerge_blocked", "A unit cannot come out: the exit is held or full.",
       {"side": _OWN, "unit": _UNIT, "node": "the node", "cell": _CELL}, seen=SIDE, group="tunnels"),
    _k("control", "The shares of a zone's cells held by each side changed.",
       {"zone": "the zone", "shares": "each side's share"}, seen=NOBODY, trigger=True, group="control"),
    _k("trigger", "A scenario trigger fired.", {"trigger": "its id", "on": "the event that woke it"}, seen=NOBODY,
       group="story"),
    _k("narration", "A scenario text is shown.",
       {"id": "the narration id", "title": "its title", "text": "the text", "sources": "source markers",
        "to": "the only side it is shown to, if any"}, seen=ALL, group="story"),
    _k("points", "A scenario trigger gives a side points.",
       {"side": "the side", "points": "points", "reason": "why"}, seen=ALL, group="score"),
    _k("unit_spawned", "A scenario trigger puts a new unit on the map.",
       {"side": _OWN, "unit": _UNIT, "unit_type": "its unit type", "cell": _CELL}, trigger=True, group="movement"),
    _k("unit_removed", "A scenario trigger takes a unit off the map.",
       {"side": _OWN, "unit": _UNIT, "unit_type": "its unit type", "cell": _CELL, "reason": "why"}, trigger=True,
       group="movement"),
    _k("side_changed", "A scenario trigger moves a unit to another faction and side.",
       {"side": "the unit's new side", "unit": _UNIT, "unit_type": "its unit type", "previous": "its old side",
        "cell": _CELL}, trigger=True, group="movement"),
    _k("terrain_changed", "A scenario trigger changes the ground of some cells (a bridge blown, a crossing built).",
       {"terrain": "the new terrain id", "cells": "the cells changed", "reason": "why"}, seen=ALL, trigger=True,
       group="control"),
    _k("counter", "A scenario counter changed.", {"counter": "its name", "value": "its new value"}, seen=NOBODY,
       trigger=True, group="story"),
    _k("game_over", "The game ends.", {"winner": "the winning side, if any", "results": "each side's result",
                                      "points": "each side's points", "reason": "why it ended",
                                      "losses": "losses by faction", "state_hash": "the final state's checksum",
                                      "casualties_people": "people killed per side, by the scenario's people per "
                                                           "strength step (empty when it gives none)"},
       seen=ALL, group="score"),
]}


def trigger_events() -> list[str]:
    """The event kinds a scenario trigger may wait for, in catalogue order (the schema's enum)."""
    return [k.name for k in KINDS.values() if k.trigger]


def carrying(name: str) -> list[str]:
    """The trigger events that carry the field ``name`` (for "events that carry one: ..." hints)."""
    return [k.name for k in KINDS.values() if k.trigger and k.carries(name)]


def groups() -> dict[str, list[str]]:
    """Event kinds by log filter group, for a front end's filter buttons."""
    out: dict[str, list[str]] = {}
    for k in KINDS.values():
        out.setdefault(k.group, []).append(k.name)
    return out
