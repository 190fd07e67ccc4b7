"""Zones, sides, factions and the tunnel network: every reference resolves and every place is on the map."""

from __future__ import annotations

from typing import Any

from game.scenario.checks.doc import Doc, ZoneCycle, as_dict, as_list, is_ints
from game.scenario.errors import closest, did_you_mean


def unknown_node(nid: Any, nodes: dict[Any, Any]) -> str:
    """The message for a tunnel node id that is not defined."""
    return (f"unknown tunnel node '{nid}'{did_you_mean(nid, nodes)}; defined tunnels.nodes: "
            f"{', '.join(map(str, nodes)) if nodes else 'none'}")


def check_zones(doc: Doc) -> None:
    """Rectangles and cells on the map, known terrain and zone references, no empty zone, no union loop."""
    zones = doc.section("zones")
    for zid, z in zones.items():
        if not isinstance(z, dict):
            continue
        for i, r in enumerate(as_list(z.get("rects"))):
            if is_ints(r, 4):
                doc.on_map(("zones", zid, "rects", i), r[:2], "the corner", passable=False)
                doc.on_map(("zones", zid, "rects", i), r[2:], "the corner", passable=False)
                if r[0] > r[2] or r[1] > r[3]:
                    doc.err(("zones", zid, "rects", i), "a rectangle is [x0, y0, x1, y1] with x0 <= x1 and y0 <= y1")
        for i, c in enumerate(as_list(z.get("cells"))):
            doc.on_map(("zones", zid, "cells", i), c, "the cell", passable=False)
        for i, t in enumerate(as_list(z.get("terrain"))):
            doc.ref(("zones", zid, "terrain", i), t, "terrain", "terrain")
        for i, u in enumerate(as_list(z.get("union"))):
            doc.ref(("zones", zid, "union", i), u, "zones", "zone")
        if not any(k in z for k in ("rects", "cells", "union")):
            doc.err(("zones", zid), "a zone needs 'rects', 'cells' or 'union'")
    if doc.grid is None:
        return
    for zid, z in zones.items():
        try:
            cells = doc.zone_cells(zid)
        except ZoneCycle:
            doc.err(("zones", zid, "union"), "zones include each other in a circle")
            continue
        if not cells and isinstance(z, dict):
            doc.err(("zones", zid), "this zone has no cells on the map (check rects and the terrain filter)")


def check_sides(doc: Doc) -> None:
    """Rally zones, the turn order (every side once), factions' sides and allies."""
    sides = doc.section("sides")
    for sid, s in sides.items():
        if isinstance(s, dict) and "rally_zone" in s:
            doc.ref(("sides", sid, "rally_zone"), s["rally_zone"], "zones", "zone")
        for i, ally in enumerate(as_list(as_dict(s).get("allies"))):
            if doc.ref(("sides", sid, "allies", i), ally, "sides", "side") and ally == sid:
                doc.err(("sides", sid, "allies", i), f"side '{sid}' cannot be its own ally")
            elif isinstance(ally, str) and sid not in as_list(as_dict(sides.get(ally)).get("allies")):
                doc.err(("sides", sid, "allies", i), f"'{sid}' names '{ally}' as an ally but '{ally}' does not name "
                        f"'{sid}': alliances go both ways, add '{sid}' to sides.{ally}.allies")
    order = as_list(doc.d.get("turn_order"))
    for i, s in enumerate(order):
        doc.ref(("turn_order", i), s, "sides", "side")
    for sid in sides:
        if order and sid not in order:
            doc.err(("turn_order",), f"side '{sid}' is missing from turn_order")
    for fid, f in doc.section("factions").items():
        if isinstance(f, dict):
            doc.ref(("factions", fid, "side"), f.get("side"), "sides", "side")


def check_tunnels(doc: Doc) -> None:
    """Nodes on passable cells, links between known nodes (none twice, none to itself), every node linked."""
    tun = doc.section("tunnels")
    nodes = doc.nodes
    linked: set[str] = set()
    pairs: set[frozenset[str]] = set()
    for nid, n in nodes.items():
        if isinstance(n, dict):
            doc.on_map(("tunnels", "nodes", nid, "at"), n.get("at"), f"tunnel node '{nid}'")
    for i, link in enumerate(as_list(tun.get("links"))):
        if not (isinstance(link, list) and len(link) == 2):
            continue
        for j, end in enumerate(link):
            if isinstance(end, str) and end not in nodes:
                doc.err(("tunnels", "links", i, j), unknown_node(end, nodes))
                near = closest(end, nodes)
                if near:
                    linked.add(near)  # its lack of links is this typo, already reported
        if link[0] == link[1]:
            doc.err(("tunnels", "links", i), f"this tunnel connects '{link[0]}' to itself, so it connects nothing")
        key = frozenset(map(str, link))
        if key in pairs:
            doc.err(("tunnels", "links", i), f"the tunnel {link[0]}-{link[1]} is listed twice")
        pairs.add(key)
        linked.update(e for e in link if isinstance(e, str))
    for nid in nodes:
        if nid not in linked:
            doc.err(("tunnels", "nodes", nid), f"tunnel node '{nid}' is not linked to any other node: "
                    "add it to tunnels.links or remove it")
    for sid, known in as_dict(tun.get("known_to")).items():
        doc.ref(("tunnels", "known_to", sid), sid, "sides", "side")
        for i, nid in enumerate(as_list(known)):
            if nid not in nodes:
                doc.err(("tunnels", "known_to", sid, i), unknown_node(nid, nodes))
