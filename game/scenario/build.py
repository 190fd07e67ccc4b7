"""Building the typed Scenario from validated data (never from data with problems)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from game.scenario import model as m
from game.scenario.checks.doc import zone_cells
from game.scenario.decisions import build as build_decisions
from game.scenario.people import build as build_casualties
from game.scenario.yamlload import LDict


def _plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def build(data: LDict, path: Path, chain: list[Path]) -> m.Scenario:
    """The Scenario the engine plays; ``chain`` is the file and the files it extends, in order."""
    d = _plain(data)
    rows = tuple(d["map"]["rows"].rstrip("\n").split("\n"))
    digest = hashlib.sha256(json.dumps(d, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    terrain = {k: m.Terrain(id=k, **v) for k, v in d["terrain"].items()}
    zones = {zid: m.Zone(id=zid, name=z["name"], description=z.get("description", ""), assumption=z.get("assumption", ""),
                         cells=frozenset(zone_cells(d, zid, list(rows))), border=z.get("border", ""))
             for zid, z in (d.get("zones") or {}).items()}
    cal = d["calendar"]
    units = tuple(
        m.UnitSpec(id=u["id"], type=u["type"], faction=u["faction"], name=u.get("name", u["id"]),
                   at=tuple(u["at"]) if "at" in u else None, tunnel=u.get("tunnel"), strength=u.get("strength"),
                   posture=u.get("posture", "alert"), morale=u.get("morale"),
                   arrives=m.Arrival(**u["arrives"]) if "arrives" in u else None, note=u.get("note", ""),
                   assumption=u.get("assumption", ""))
        for u in d["units"])
    tun = d.get("tunnels") or {"nodes": {}, "links": []}
    known: dict[str, frozenset[str]] = {}
    for sid, k in (tun.get("known_to") or {}).items():
        known[sid] = frozenset(tun["nodes"]) if k == "all" else frozenset(k)
    sources = {k: ({"title": v} if isinstance(v, str) else v) for k, v in (d.get("sources") or {}).items()}
    return m.Scenario(
        id=d["id"], title=d["title"], summary=d.get("summary", ""), sources=sources,
        calendar=m.Calendar(start=m.parse_date(cal["start"]), turn_hours=cal["turn_hours"], turns=cal["turns"],
                            night_from=cal.get("night_from", 18), night_until=cal.get("night_until", 6)),
        turn_order=tuple(d["turn_order"]), rules=m.Rules.from_data(d.get("rules") or {}), terrain=terrain,
        rows=rows, cell_km=d["map"].get("cell_km", 1.0), zones=zones,
        sides={k: m.Side(id=k, **{**v, "allies": tuple(v.get("allies", ()))}) for k, v in d["sides"].items()},
        factions={k: m.Faction(id=k, **v) for k, v in d["factions"].items()},
        unit_types={k: m.UnitType(id=k, **{**v, "abilities": frozenset(v.get("abilities", []))})
                    for k, v in d["unit_types"].items()},
        units=units,
        tunnels=m.Tunnels(nodes={k: m.TunnelNode(id=k, at=tuple(n["at"]), name=n.get("name", k))
                                 for k, n in tun["nodes"].items()},
                          links=tuple((a, b) for a, b in tun["links"]), known_to=known),
        phases=tuple(m.Phase(id=p["id"], name=p["name"], description=p.get("description", ""), date=p.get("date"),
                             sources=tuple(p.get("sources", ()))) for p in d["phases"]),
        declarations={k: m.Declaration(**v) for k, v in (d.get("declarations") or {}).items()},
        triggers=tuple(m.Trigger(id=t["id"], on=t["when"], conditions=t.get("if", {}),
                                 effects=tuple(next(iter(e.items())) for e in t["do"]), once=t.get("once", True),
                                 assumption=t.get("assumption", ""))
                       for t in d.get("triggers") or []),
        narration={k: m.Narration(id=k, title=v["title"], text=v["text"].strip(), sources=tuple(v.get("sources", ())),
                                  date=v.get("date"), topic=v.get("topic", ""))
                   for k, v in (d.get("narration") or {}).items()},
        victory={k: m.Victory(objectives=tuple(m.Objective(**o) for o in v["objectives"]), win_at=v["win_at"],
                              lose_below=v["lose_below"], enemy_step=v.get("enemy_step", 0.0),
                              own_step=v.get("own_step", 0.0)) for k, v in d["victory"].items()},
        source_file=str(path), digest=digest, extends=tuple(str(p) for p in chain[1:]),
        decisions=build_decisions(d), casualties=build_casualties(d), assumptions=tuple(d.get("assumptions") or ()),
    )
