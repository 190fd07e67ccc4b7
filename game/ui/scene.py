"""What the map shows, as plain data the map view draws: the scene (per cell, from one side's
observation: fog, control, reach, counters, tunnel entrances, and the ground the observation was
made on), the short-lived marks events leave, and the per-frame overlay (hover, cursor, path,
targets). Kept apart from the drawing so screens and tests build scenes without the block cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pygame

from game.engine.observation import Observation
from game.engine.state import STOOD_DOWN
from game.ui.theme import Palette

Cell = tuple[int, int]
# An item drawn in a cell: ("node", state) or ("unit"/"ghost", look fields without the size)
Item = tuple[Any, ...]


@dataclass
class Scene:
    """What the composite shows, per cell, derived from an observation only."""

    visible: np.ndarray
    control: np.ndarray  # side index per cell, -1 none (only where control is drawn)
    reach: np.ndarray  # bool
    items: dict[Cell, tuple[Item, ...]] = field(default_factory=dict)
    ground: Any = None  # the game whose map the observation was made on (a blown bridge is river there)


def build_scene(obs: Observation, pal: Palette, reach: list[Cell] | None = None,
                control_mask: np.ndarray | None = None, spent: set[str] | None = None) -> Scene:
    """The scene of ``obs``; ``spent``: own units drawn as having done all they can this turn (the
    caller asks the engine's ``unit_options``; the map view decides no rule)."""
    game = obs.game
    sc = game.scenario
    h, w = obs.visible.shape
    reach_arr = np.zeros((h, w), bool)
    for x, y in reach or ():
        reach_arr[y, x] = True
    control = np.full((h, w), -1, np.int8)
    if control_mask is not None:
        control[control_mask] = obs.control[control_mask]
    items: dict[Cell, list[Item]] = {}
    for nid in sorted(obs.known_nodes):
        at = sc.tunnels.nodes[nid].at
        items.setdefault((at[0], at[1]), []).append(("node", "collapsed" if nid in obs.collapsed else "open"))
    for _uid, s in sorted(obs.last_seen.items()):
        ut = sc.unit_types.get(s.type)
        col = pal.factions.get(s.faction, pygame.Color("grey"))
        items.setdefault((s.x, s.y), []).append(
            ("ghost", tuple(col), ut.symbol if ut else "infantry", s.strength, ut.strength if ut else s.strength,
             True, False, False, False, False, 0))
    spent = spent or set()
    fmax = max(1, sc.rules.fatigue_max)
    for u in sorted(obs.units.values(), key=lambda u: (u.underground, u.side != obs.side, u.id)):
        ut = sc.unit_types[u.type]
        own = u.side == obs.side
        col = pal.factions.get(u.faction, pygame.Color("grey"))
        items.setdefault(u.cell, []).append(
            ("unit", tuple(col), ut.symbol, u.strength, u.max_strength, not own, u.broken,
             u.posture == STOOD_DOWN, bool(u.underground), u.id in spent, min(10, round(10 * (u.fatigue or 0) / fmax))))
    return Scene(obs.visible, control, reach_arr, {k: tuple(v) for k, v in items.items()}, game)


@dataclass
class Marker:
    """A short-lived mark of something that just happened (a move's trail, a fight)."""

    kind: str  # "move", "combat", "find"
    cells: list[Cell]
    colour: pygame.Color
    start: float
    duration: float


def event_marker(ev: Any, pal: Palette, start: float, seconds: float) -> Marker | None:
    """The mark an event leaves on the map for a while (a move's trail, a fight, a find), if any."""
    if ev.kind == "move" and ev.get("path"):
        cells = [tuple(ev.get("frm"))] + [tuple(c) for c in ev.get("path")]
        return Marker("move", cells, pal.sides.get(ev.get("side"), pal.c("path")), start, seconds)
    if ev.kind == "combat":
        return Marker("combat", [tuple(ev.get("cell")), tuple(ev.get("attacker_cell"))], pal.c("marker_combat"),
                      start, seconds)
    if ev.kind == "tunnel_found":
        return Marker("find", [tuple(ev.get("cell"))], pal.c("marker_find"), start, seconds)
    return None


@dataclass
class Overlay:
    hover: Cell | None = None
    cursor: Cell | None = None
    selected: Cell | None = None
    path: list[Cell] | None = None  # from the unit's cell to the target
    path_ok: bool = True
    targets: list[Cell] = field(default_factory=list)  # enemies the selected unit can attack
    node_targets: list[Cell] = field(default_factory=list)  # tunnel nodes an underground unit can reach
    links: list[tuple[Cell, Cell]] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    now: float = 0.0
    night: bool = False  # the map is tinted on a night turn
