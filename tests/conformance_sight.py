"""Who may see what, computed for the tests from the rulebook, not from the engine's sight layer.

The conformance suite asks "could this side see that unit?" to check observations and events. It
answers with its own field of view (symmetric shadowcasting written here) and the sight rules of
docs/rules.md: a unit's sight, halved at night and when stood down; dense blocks stop sight; a
unit in cover ``c`` is seen only by one viewer that has it in view *and* is within ``(1 - c)`` of
its sight, or from the next cell; a unit in a tunnel is never seen. Terrain is read from the
scenario itself, so a wrong layer in the engine cannot hide a leak.

Rounding choices, where the rulebook is silent, lean towards seeing more (sight rounds half up),
so a failure here is a leak and never an artefact of the test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.engine.game import Game
from game.engine.state import ACTIVE, STOOD_DOWN, State, Unit

EPS = float(np.finfo(np.float32).eps)
# Quadrants of the sweep as (xx, xy, yx, yy): east, south, north (mirrored), west.
QUADRANTS = ((1, 0, 0, 1), (0, 1, 1, 0), (0, -1, -1, 0), (-1, 0, 0, -1))
TUNNEL_SIGHT = 1  # a fighter below an entrance watches the street right above it


def _round_half_out(n: float) -> int:
    """Half a tile rounds away from the centre line, the convention of the reference algorithm."""
    return math.floor(n + 0.5) if n >= 0 else -math.floor(-n + 0.5)


def shadowcast(transparent: np.ndarray, ox: int, oy: int, r: int) -> frozenset[tuple[int, int]]:
    """Cells seen from (ox, oy) out to sight ``r``: symmetric shadowcasting (Albert Ford's rows).

    A floor cell is seen when its centre lies inside the lit sector; a wall is seen when any of
    it is. Sight ``r`` reaches the cells whose centres are closer than ``r + 1``.
    """
    h, w = transparent.shape
    x0, x1, y0, y1 = max(0, ox - r), min(w, ox + r + 1), max(0, oy - r), min(h, oy + r + 1)
    seen = {(ox, oy)}
    for xx, xy, yx, yy in QUADRANTS:
        rows = [(1, -1.0, 1.0)]
        while rows:
            depth, low, high = rows.pop()
            while x0 <= ox + depth * xx < x1 and y0 <= oy + depth * yx < y1:
                first = _round_half_out(depth * low * (1 + EPS))
                last = _round_half_out(depth * high * (1 - EPS))
                prev_wall = False
                for col in range(first, last + 1):
                    x, y = ox + depth * xx + col * xy, oy + depth * yx + col * yy
                    if not (x0 <= x < x1 and y0 <= y < y1):
                        continue
                    wall = not transparent[y, x]
                    if wall or depth * low <= col <= depth * high:
                        seen.add((x, y))
                    if prev_wall and not wall:
                        low = (2 * col - 1) / (2 * depth)
                    if col != first and wall and not prev_wall:
                        rows.append((depth + 1, low, (2 * col - 1) / (2 * depth)))
                    prev_wall = wall
                if prev_wall:
                    break
                depth += 1
    return frozenset(c for c in seen if (c[0] - ox) ** 2 + (c[1] - oy) ** 2 < (r + 1) ** 2)


@dataclass(frozen=True)
class Eye:
    """One viewer: where it stands and how far it sees now."""

    x: int
    y: int
    sight: int


class Sight:
    """The rulebook's sight for one scenario, with the terrain read from the scenario's map."""

    def __init__(self, game: Game) -> None:
        sc = game.scenario
        by_char = {t.char: t for t in sc.terrain.values()}
        terrain = [[by_char[c] for c in row] for row in sc.rows]
        self.game = game
        self.transparent = np.array([[not t.blocks_sight for t in row] for row in terrain], bool)
        self.cover = np.array([[t.cover for t in row] for row in terrain], float)
        self.impassable = np.array([[t.move_cost is None for t in row] for row in terrain], bool)
        self.river = np.array([[bool(getattr(t, "river", False)) for t in row] for row in terrain], bool)
        self._fov: dict[tuple[int, int, int], frozenset[tuple[int, int]]] = {}

    def fov(self, x: int, y: int, r: int) -> frozenset[tuple[int, int]]:
        key = (x, y, r)
        if key not in self._fov:
            self._fov[key] = shadowcast(self.transparent, x, y, r)
        return self._fov[key]

    def eyes(self, state: State, side: str, night: bool | None = None) -> list[Eye]:
        """The side's viewers now: every unit of it on the map (in a tunnel it sees only the street above)."""
        if night is None:
            night = self.game.scenario.calendar.is_night(state.turn)
        return [self.eye(u, night) for u in state.units.values() if u.side == side and u.status == ACTIVE]

    def eye(self, u: Unit, night: bool, cell: tuple[int, int] | None = None) -> Eye:
        """How far ``u`` sees by day or night, from its cell or from ``cell`` (a cell it passed through)."""
        x, y = cell or u.cell
        if u.underground and cell is None:
            return Eye(x, y, TUNNEL_SIGHT)
        s = float(self.game.scenario.unit_types[u.type].sight)
        if night:
            s *= self.game.rules.night_sight
        if u.posture == STOOD_DOWN:
            s *= 0.5
        return Eye(x, y, max(1, math.floor(s + 0.5)))

    def sees(self, eyes: list[Eye], cell: tuple[int, int]) -> bool:
        """Whether one of ``eyes`` sees a surface unit standing on ``cell`` (cover rule included)."""
        x, y = cell
        cover = float(self.cover[y, x])
        for e in eyes:
            d = max(abs(e.x - x), abs(e.y - y))
            if d <= 1:
                return True
            if d <= e.sight * (1.0 - cover) and cell in self.fov(e.x, e.y, e.sight):
                return True
        return False

    def visible(self, state: State, side: str) -> dict[str, tuple[int, int]]:
        """The other sides' units this side may see now, with their cells."""
        eyes = self.eyes(state, side)
        return {u.id: u.cell for u in state.units.values()
                if u.side != side and u.status == ACTIVE and not u.underground and self.sees(eyes, u.cell)}
