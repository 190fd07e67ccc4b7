"""Small things the map view draws over the terrain blocks: the night tint, zone labels placed
where they hide no counter, and the pieces of a dashed line (tunnel links, a stood-down counter's edge).

Kept apart from the map view's block cache: these depend on the turn and on where units stand,
so they are decided per frame and cost a few rectangle tests.
"""

from __future__ import annotations

from collections.abc import Collection

import pygame

from game.engine.geometry import chebyshev

Cell = tuple[int, int]
Point = tuple[float, float]
NIGHT = pygame.Color(10, 20, 60, 70)  # a blue-black wash: the map stays readable, the hour is plain


def night_tint(surface: pygame.Surface, view: pygame.Rect) -> None:
    """Darken and cool the map area on a night turn."""
    wash = pygame.Surface(view.size, pygame.SRCALPHA)
    wash.fill(NIGHT)
    surface.blit(wash, view.topleft)


def _cells_under(x: int, y: int, w: int, h: int, z: int) -> set[Cell]:
    return {(cx, cy) for cx in range(x // z, (x + w - 1) // z + 1) for cy in range(y // z, (y + h - 1) // z + 1)}


def place_label(img: pygame.Surface, pos: tuple[int, int], z: int, occupied: Collection[Cell],
                world: tuple[int, int]) -> tuple[int, int] | None:
    """Where a zone label (world pixels at zoom ``z``) hides no occupied cell: where the map put it,
    else a row or two above, a row below, or half its width to either side; None when every place
    would hide a counter (the label is left out: the tooltip names the zone)."""
    x, y = pos
    w, h = img.get_size()
    ww, wh = world
    for dx, dy in ((0, 0), (0, -z), (0, -2 * z), (0, z), (-w // 2, 0), (w // 2, 0), (0, -3 * z), (0, 2 * z)):
        nx, ny = min(max(0, x + dx), max(0, ww - w)), min(max(0, y + dy), max(0, wh - h))
        if not _cells_under(nx, ny, w, h, z) & set(occupied):
            return nx, ny
    return None


def dashes(a: Cell, b: Cell, dash: int) -> list[tuple[Point, Point]]:
    """The pieces of a dashed line from point ``a`` to point ``b``, dashes and gaps about ``dash``
    pixels long: the line is cut into steps along its longer axis (its Chebyshev length, the way the
    game measures distance) and every other step is drawn."""
    (ax, ay), (bx, by) = a, b
    n = max(1, int(chebyshev(a, b) // max(1, dash)))
    out = []
    for i in range(0, n, 2):
        t0, t1 = i / n, min(1.0, (i + 1) / n)
        out.append(((ax + (bx - ax) * t0, ay + (by - ay) * t0), (ax + (bx - ax) * t1, ay + (by - ay) * t1)))
    return out
