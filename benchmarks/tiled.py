"""A bigger scenario for scaling measurements: the map tiled nx by ny times, with every unit,
zone, tunnel and trigger copied into each tile (ids suffixed), so area and units grow together."""

from __future__ import annotations

import dataclasses as dc

from game.scenario import model as m


def tiled_scenario(sc: m.Scenario, nx: int = 2, ny: int = 2) -> m.Scenario:
    w, h = sc.width, sc.height
    rows = tuple(row * nx for row in sc.rows) * ny
    tiles = [(i, j) for j in range(ny) for i in range(nx)]

    def sfx(uid: str, t: int) -> str:
        return uid if t == 0 else f"{uid}_t{t}"

    def off(cell: m.Cell, t: int) -> m.Cell:
        i, j = tiles[t]
        return (cell[0] + i * w, cell[1] + j * h)

    zones = {z.id: dc.replace(z, cells=frozenset(off(c, t) for c in z.cells for t in range(len(tiles))))
             for z in sc.zones.values()}
    nodes = {sfx(n.id, t): dc.replace(n, id=sfx(n.id, t), at=off(n.at, t))
             for n in sc.tunnels.nodes.values() for t in range(len(tiles))}
    links = tuple((sfx(a, t), sfx(b, t)) for a, b in sc.tunnels.links for t in range(len(tiles)))
    known = {s: frozenset(sfx(n, t) for n in ns for t in range(len(tiles))) for s, ns in sc.tunnels.known_to.items()}
    units = []
    for t in range(len(tiles)):
        for u in sc.units:
            arrives = u.arrives
            if arrives and arrives.tunnel:
                arrives = dc.replace(arrives, tunnel=sfx(arrives.tunnel, t))
            units.append(dc.replace(u, id=sfx(u.id, t), at=off(u.at, t) if u.at else None,
                                    tunnel=sfx(u.tunnel, t) if u.tunnel else None, arrives=arrives))
    triggers = []
    for trig in sc.triggers:
        effects = tuple((verb, [sfx(x, t) for x in arg for t in range(len(tiles))] if verb == "reinforce" else arg)
                        for verb, arg in trig.effects)
        triggers.append(dc.replace(trig, effects=effects))
    return dc.replace(sc, id=f"{sc.id}_tiled_{nx}x{ny}", rows=rows, zones=zones, units=tuple(units),
                      tunnels=m.Tunnels(nodes=nodes, links=links, known_to=known), triggers=tuple(triggers))
