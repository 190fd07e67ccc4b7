"""What a class needs to read the educator window's map: who holds which part of the ground (a tint
in each side's colour), the frontier from the scenario's class material (the Iraq-Syria border),
and a key naming the counters' colours, the tints and the border line.

Drawn over the game's map view by ``EducatorDrawing``; the key shrinks to the map's corner and
grows with the presentation scale like every other text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from game.teach.material import load_material

if TYPE_CHECKING:
    from game.ui.camera import Camera

CONTROL_ALPHA = 70


def border_edges(mask: np.ndarray) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Cell edges between a zone and the ground beside it (not the map's own edge), in cell units."""
    h, w = mask.shape
    out: list[tuple[tuple[float, float], tuple[float, float]]] = []
    ys, xs = np.nonzero(mask)
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        for dx, dy, a, b in ((-1, 0, (x, y), (x, y + 1)), (1, 0, (x + 1, y), (x + 1, y + 1)),
                             (0, -1, (x, y), (x + 1, y)), (0, 1, (x, y + 1), (x + 1, y + 1))):
            nx, ny = x + dx, y + dy
            if 0 <= nx < w and 0 <= ny < h and not mask[ny, nx]:
                out.append((a, b))
    return out


class MapKey:
    """The tint, the border and the key for one game's map in the educator window."""

    def __init__(self, game: Any) -> None:
        self.game = game
        sc = game.scenario
        border = load_material(sc).border
        self.border_label = border[1] if border else ""
        self.edges = border_edges(game.zone_masks[border[0]]) if border and border[0] in game.zone_masks else []
        self.side_rgb = [pygame.Color(sc.sides[s].color) for s in game.sides]
        self._tint: tuple[Any, pygame.Surface] | None = None

    def draw_control(self, surface: pygame.Surface, cam: Camera, control: np.ndarray) -> None:
        """Each side's ground tinted in its colour, scaled from a one-pixel-per-cell picture."""
        key = (control.tobytes(), cam.z)
        if self._tint is None or self._tint[0] != key:
            h, w = control.shape
            small = pygame.Surface((w, h), pygame.SRCALPHA)
            rgba = np.zeros((w, h, 4), np.uint8)
            for i, col in enumerate(self.side_rgb):
                sel = (control == i).T
                rgba[sel] = (col.r, col.g, col.b, CONTROL_ALPHA)
            pygame.surfarray.pixels3d(small)[:] = rgba[:, :, :3]
            pygame.surfarray.pixels_alpha(small)[:] = rgba[:, :, 3]
            self._tint = (key, pygame.transform.scale(small, (w * cam.z, h * cam.z)))
        vx, vy, vw, vh = cam.view
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(vx, vy, vw, vh))
        ox, oy = cam.cell_origin(0, 0)
        surface.blit(self._tint[1], (ox, oy))
        surface.set_clip(clip)

    def draw_border(self, surface: pygame.Surface, cam: Camera) -> None:
        if not self.edges:
            return
        vx, vy, vw, vh = cam.view
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(vx, vy, vw, vh))
        ox, oy = cam.cell_origin(0, 0)
        z = cam.z
        width = max(2, z // 7)
        for (ax, ay), (bx, by) in self.edges:
            a, b = (ox + ax * z, oy + ay * z), (ox + bx * z, oy + by * z)
            pygame.draw.line(surface, (20, 20, 20), a, b, width + 2)
            pygame.draw.line(surface, (200, 30, 50), a, b, width)
        surface.set_clip(clip)

    def draw_key(self, surface: pygame.Surface, area: pygame.Rect, fonts: Any, px: Any) -> None:
        """The key in the map's bottom-left corner: factions, control tints, the border."""
        sc = self.game.scenario
        f = fonts.get(13)
        rows: list[tuple[str, pygame.Color, str]] = [(fc.name, pygame.Color(fc.color), "counter")
                                                     for fc in sc.factions.values()]
        rows += [(f"Held by {sc.sides[s].name}", self.side_rgb[i], "tint") for i, s in enumerate(self.game.sides)]
        if self.border_label:
            rows.append((self.border_label, pygame.Color(200, 30, 50), "line"))
        line_h = f.get_linesize() + px(2)
        width = max(f.size(t)[0] for t, _, _ in rows) + px(34)
        box = pygame.Rect(area.x + px(8), area.bottom - px(8) - line_h * len(rows) - px(10), width,
                          line_h * len(rows) + px(10))
        back = pygame.Surface(box.size, pygame.SRCALPHA)
        back.fill((245, 243, 236, 225))  # light: black (ISIS) swatches stay visible
        surface.blit(back, box)
        y = box.y + px(5)
        for text, col, kind in rows:
            sw = pygame.Rect(box.x + px(6), y + line_h // 2 - px(6), px(18), px(12))
            if kind == "counter":
                pygame.draw.rect(surface, col, sw)
                pygame.draw.rect(surface, (60, 60, 60), sw, 1)
            elif kind == "tint":
                tint = pygame.Surface(sw.size, pygame.SRCALPHA)
                tint.fill((col.r, col.g, col.b, 160))
                surface.blit(tint, sw)
            else:
                pygame.draw.line(surface, col, sw.midleft, sw.midright, max(2, px(3)))
            surface.blit(f.render(text, True, (20, 20, 20)), (sw.right + px(6), y))
            y += line_h
