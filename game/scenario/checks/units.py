"""Units: known type and faction, exactly one placement, on the map within the stack limit, and values
the engine would keep (a starting strength or morale above the type's would be cut back silently)."""

from __future__ import annotations

from typing import Any

from game.scenario import model as m
from game.scenario.checks.doc import Doc, as_dict, as_list, is_ints
from game.scenario.checks.places import unknown_node
from game.scenario.checks.timing import check_when
from game.scenario.errors import closest


def check_duplicate_ids(doc: Doc) -> None:
    """Units, phases and triggers each have unique ids."""
    for key in ("units", "phases", "triggers"):
        seen: dict[str, int] = {}
        for i, item in doc.records(key):
            if isinstance(item.get("id"), str):
                if item["id"] in seen:
                    doc.err((key, i, "id"), f"duplicate id '{item['id']}' (also {key}[{seen[item['id']]}])")
                seen.setdefault(item["id"], i)


def _reinforced(doc: Doc) -> set[str]:
    """Units some trigger's 'reinforce' effect names."""
    named: set[str] = set()
    for _, t in doc.records("triggers"):
        for eff in as_list(t.get("do")):
            named.update(u for u in as_list(as_dict(eff).get("reinforce")) if isinstance(u, str))
    return named


def check_units(doc: Doc) -> None:
    """Every unit is complete, placed once, on the map, and can actually appear."""
    types = doc.section("unit_types")
    occupancy: dict[tuple[int, int], list[str]] = {}
    reinforced = _reinforced(doc)
    others = doc.ids("units")
    for i, u in doc.records("units"):
        uid = u.get("id", f"#{i}")
        has_type = doc.ref(("units", i, "type"), u.get("type"), "unit_types", "unit type")
        doc.ref(("units", i, "faction"), u.get("faction"), "factions", "faction")
        lacking = [k for k in ("type", "faction") if k not in u]
        if lacking:
            near = closest(uid, [o for o in others if o != uid])
            hint = f" (did you mean '{near}'? a what-if changes a unit by its exact id)" if near else ""
            doc.err(("units", i), f"unit '{uid}' has no {' and no '.join(map(repr, lacking))}{hint}")
        places = [k for k in ("at", "tunnel", "arrives") if k in u]
        if len(places) != 1:
            doc.err(("units", i), f"unit '{uid}' needs exactly one of 'at', 'tunnel' or 'arrives' (found "
                    f"{', '.join(places) or 'none'})")
        if "at" in u and doc.on_map(("units", i, "at"), u["at"], f"unit '{uid}' at") and is_ints(u["at"], 2):
            occupancy.setdefault((u["at"][0], u["at"][1]), []).append(uid)
        tt = as_dict(types.get(u.get("type"))) if has_type and isinstance(u.get("type"), str) else None
        if "tunnel" in u:
            if isinstance(u["tunnel"], str) and u["tunnel"] not in doc.nodes:
                doc.err(("units", i, "tunnel"), unknown_node(u["tunnel"], doc.nodes))
            if tt is not None and "tunnels" not in as_list(tt.get("abilities")):
                doc.err(("units", i, "tunnel"), f"unit '{uid}' starts in a tunnel but its type '{u.get('type')}' "
                        "lacks the 'tunnels' ability")
        if isinstance(u.get("arrives"), dict):
            _arrival(doc, i, uid, u["arrives"], uid in reinforced)
        if tt is not None:
            _kept_values(doc, i, u, tt)
    limit = doc.section("rules").get("stack_limit", m.Rules.stack_limit)
    limit = limit if isinstance(limit, int) else m.Rules.stack_limit
    for cell, who in occupancy.items():
        if len(who) > limit:
            idx = next(i for i, u in doc.records("units") if u.get("id") == who[-1])
            doc.err(("units", idx, "at"), f"{len(who)} units start on cell {list(cell)} ({', '.join(who)}); "
                    f"the stack limit is {limit}")


def _arrival(doc: Doc, i: int, uid: Any, arr: dict[str, Any], reinforced: bool) -> None:
    """A place (a zone with a cell to stand on, or a known node), one time, and a way to be brought in."""
    path = ("units", i, "arrives")
    if ("zone" in arr) == ("tunnel" in arr):
        doc.err(path, "an arrival needs exactly one of 'zone' or 'tunnel'")
    if "zone" in arr and doc.ref((*path, "zone"), arr["zone"], "zones", "zone") and doc.grid is not None \
            and isinstance(arr["zone"], str):
        try:
            cells = doc.zone_cells(arr["zone"])
        except Exception:  # noqa: BLE001 - a union loop is reported with the zones
            cells = set()
        if cells and not any(doc.passable(c) for c in cells):
            doc.err((*path, "zone"), f"unit '{uid}' can never arrive: zone '{arr['zone']}' has no cell a unit can "
                    "stand on (all of it is river or impassable)")
    if "tunnel" in arr and isinstance(arr["tunnel"], str) and arr["tunnel"] not in doc.nodes:
        doc.err((*path, "tunnel"), unknown_node(arr["tunnel"], doc.nodes))
    if "turn" in arr and "date" in arr:
        doc.err(path, "give 'turn' or 'date', not both")
    if "turn" not in arr and "date" not in arr and not reinforced:
        doc.err(path, f"unit '{uid}' can never arrive: it has neither 'turn' nor 'date', so it waits for a "
                f"trigger's 'reinforce', and no trigger names it; add '- reinforce: [{uid}]' to a trigger, or a turn")
    check_when(doc, path, arr)


def _kept_values(doc: Doc, i: int, u: dict[str, Any], tt: dict[str, Any]) -> None:
    """Starting values the engine would cut back silently at the first chance are errors instead."""
    for key, what in (("strength", "full strength"), ("morale", "morale")):
        own, cap = u.get(key), tt.get(key, getattr(m.UnitType, key, None) if key == "morale" else None)
        if isinstance(own, int) and isinstance(cap, int) and own > cap:
            doc.err(("units", i, key), f"{key} {own} is above the {what} {cap} of type '{u.get('type')}'; the "
                    f"engine keeps a unit at or below its type's {key}, so it would be cut back: use at most {cap}")
