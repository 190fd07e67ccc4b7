"""Effects that take a mapping: their references, and the cases where they could never act."""

from __future__ import annotations

from typing import Any

from game.scenario.checks.doc import Doc, Path, as_list, is_ints
from game.scenario.checks.places import unknown_node


def check_effect_arg(doc: Doc, t: dict[str, Any], verb: str, arg: dict[str, Any], p: Path) -> None:
    """References inside a mapping effect; spawned units need a free id and a cell to stand on."""
    if "side" in arg:
        doc.ref((*p, "side"), arg["side"], "sides", "side")
    if "zone" in arg:
        doc.ref((*p, "zone"), arg["zone"], "zones", "zone")
    if "faction" in arg:
        doc.ref((*p, "faction"), arg["faction"], "factions", "faction")
    if "type" in arg:
        doc.ref((*p, "type"), arg["type"], "unit_types", "unit type")
    if "terrain" in arg:
        doc.ref((*p, "terrain"), arg["terrain"], "terrain", "terrain")
    if "unit" in arg and arg["unit"] not in _spawn_ids(doc):
        doc.ref((*p, "unit"), arg["unit"], "units", "unit")
    if verb == "reveal_tunnels":
        for k, nid in enumerate(as_list(arg.get("nodes"))):
            if nid not in doc.nodes:
                doc.err((*p, "nodes", k), unknown_node(nid, doc.nodes))
    if verb == "spawn":
        _spawn(doc, t, arg, p)
    if verb == "set_terrain":
        for k, c in enumerate(as_list(arg.get("cells"))):
            doc.on_map((*p, "cells", k), c, "the cell", passable=False)
        if ("cells" in arg) == ("zone" in arg):
            doc.err(p, "set_terrain needs exactly one of 'cells' or 'zone'")


def _spawn_ids(doc: Doc) -> list[Any]:
    return [e["spawn"].get("id") for _, t in doc.records("triggers") for e in as_list(t.get("do"))
            if isinstance(e, dict) and isinstance(e.get("spawn"), dict)]


def _spawn(doc: Doc, t: dict[str, Any], arg: dict[str, Any], p: Path) -> None:
    uid = arg.get("id")
    if uid in doc.units_by_id:
        doc.err((*p, "id"), f"a unit '{uid}' already exists; a spawned unit needs an id of its own")
    elif _spawn_ids(doc).count(uid) > 1:
        doc.err((*p, "id"), f"two spawn effects create the unit '{uid}'; give each its own id")
    if t.get("once") is False:
        doc.err((*p, "id"), f"this trigger may fire many times but the unit '{uid}' can exist only once: make the "
                "trigger 'once: true'")
    if ("at" in arg) == ("zone" in arg):
        doc.err(p, "spawn needs exactly one of 'at' or 'zone'")
    if "at" in arg and is_ints(arg["at"], 2):
        doc.on_map((*p, "at"), arg["at"], f"unit '{uid}' at")
    if isinstance(arg.get("zone"), str) and doc.grid is not None and arg["zone"] in doc.section("zones"):
        try:
            cells = doc.zone_cells(arg["zone"])
        except Exception:  # noqa: BLE001 - a union loop is reported with the zones
            return
        if cells and not any(doc.passable(c) for c in cells):
            doc.err((*p, "zone"), f"unit '{uid}' could never be placed: zone '{arg['zone']}' has no cell a unit can "
                    "stand on")
