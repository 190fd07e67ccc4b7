"""The static map layer: terrain drawn as shaded, textured cells (desert, farmland, urban blocks,
villages, broken ground), with the river, bridges and roads drawn as connected features, the grid,
and the outlines and names of the objective zones. Rendered once per zoom level and cached.

Terrain colours come from the scenario (``terrain.*.color``); the drawing style is chosen from the
terrain's properties and name, so a designer's new terrain still gets a sensible look.
"""

from __future__ import annotations

import math
import zlib
from typing import Any

import numpy as np
import pygame

from game.scenario.model import Terrain
from game.ui.theme import Fonts, Palette, shade, with_alpha

VARIANTS = 4


def style_of(t: Terrain) -> str:
    key = f"{t.id} {t.name}".lower()
    if t.river:
        return "water"
    if t.bridge:
        return "bridge"
    for word, style in (("road", "road"), ("track", "road"), ("air", "airstrip"), ("runway", "airstrip"),
                        ("ruin", "ruins"), ("farm", "farmland"), ("field", "farmland"), ("crop", "farmland"),
                        ("orchard", "farmland"), ("rough", "rough"), ("broken", "rough"), ("hill", "rough"),
                        ("village", "village"), ("suburb", "suburb"), ("desert", "desert"), ("sand", "desert")):
        if word in key:
            return style
    if t.urban >= 0.8:
        return "urban"
    if t.urban >= 0.45:
        return "suburb"
    if t.urban > 0:
        return "village"
    if t.cover >= 0.25:
        return "farmland"
    if t.move_cost is not None and t.move_cost >= 2.5:
        return "rough"
    return "desert"


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _tile(style: str, base: pygame.Color, z: int, variant: int) -> pygame.Surface:
    """One cell's texture for a style; a few variants break up repetition."""
    s = pygame.Surface((z, z))
    r = _rng(zlib.crc32(f"{style}:{variant}:{z}".encode()))
    jitter = (variant - 1.5) * 0.025
    col = shade(base, jitter)
    s.fill(col)
    if z < 10:
        return s
    dark, light = shade(col, -0.16), shade(col, 0.14)
    if style == "desert":
        for _ in range(max(2, z // 6)):
            x, y = int(r.integers(1, z - 1)), int(r.integers(1, z - 1))
            s.set_at((x, y), dark if r.random() < 0.5 else light)
        if z >= 24 and variant == 0:  # a faint dune line
            y = int(r.integers(z // 4, 3 * z // 4))
            pygame.draw.arc(s, shade(col, -0.07), (z // 6, y - z // 6, 2 * z // 3, z // 3), 0.3, 2.8, 1)
    elif style == "farmland":
        step = max(3, z // 5)
        off = variant % 2 * (step // 2)
        fur = shade(col, -0.18)
        if variant < 2:
            for k in range(-z, z, step):
                pygame.draw.line(s, fur, (k + off, z), (k + off + z, 0), 1)
        else:
            for k in range(off, z, step):
                pygame.draw.line(s, fur, (0, k), (z, k), 1)
        if z >= 20:
            for _ in range(2):
                x, y = int(r.integers(2, z - 2)), int(r.integers(2, z - 2))
                pygame.draw.circle(s, shade(col, -0.3), (x, y), max(1, z // 14))
    elif style == "urban":
        street = shade(col, -0.25)
        s.fill(street)
        n = 3 if z >= 24 else 2
        gap = max(1, z // 14)
        cell = z / n
        for i in range(n):
            for j in range(n):
                x0, y0 = round(i * cell + gap), round(j * cell + gap)
                w, h = round(cell - 2 * gap), round(cell - 2 * gap)
                if w <= 1 or h <= 1:
                    continue
                roof = shade(col, 0.12 + 0.08 * float(r.random()))
                pygame.draw.rect(s, roof, (x0, y0, w, h))
                pygame.draw.line(s, shade(roof, -0.3), (x0, y0 + h - 1), (x0 + w - 1, y0 + h - 1))
                pygame.draw.line(s, shade(roof, -0.3), (x0 + w - 1, y0), (x0 + w - 1, y0 + h - 1))
    elif style in ("suburb", "village"):
        houses = 4 if style == "suburb" else 2
        hw = max(2, z // 5)
        for _ in range(houses):
            x, y = int(r.integers(1, max(2, z - hw - 1))), int(r.integers(1, max(2, z - hw - 1)))
            roof = shade(col, 0.22)
            pygame.draw.rect(s, roof, (x, y, hw, hw))
            pygame.draw.line(s, shade(col, -0.3), (x, y + hw), (x + hw, y + hw))
        if style == "village" and z >= 16:
            x, y = int(r.integers(2, z - 2)), int(r.integers(2, z - 2))
            pygame.draw.circle(s, pygame.Color(92, 118, 62), (x, y), max(1, z // 10))
    elif style == "ruins":
        for _ in range(3):
            x, y = int(r.integers(1, z - 4)), int(r.integers(1, z - 4))
            ln = max(3, z // 4)
            if r.random() < 0.5:
                pygame.draw.line(s, dark, (x, y), (x + ln, y), max(1, z // 16))
            else:
                pygame.draw.line(s, dark, (x, y), (x, y + ln), max(1, z // 16))
    elif style == "rough":
        for _ in range(2 + (z >= 24)):
            x, y = int(r.integers(2, z - 5)), int(r.integers(z // 3, z - 2))
            w = max(3, z // 4)
            pygame.draw.lines(s, dark, False, [(x, y), (x + w // 2, y - w // 2), (x + w, y)], 1)
    elif style == "water":
        for _ in range(1 + (z >= 24)):
            x, y = int(r.integers(1, max(2, z // 2))), int(r.integers(z // 4, 3 * z // 4))
            w = max(3, z // 3)
            pygame.draw.arc(s, light, (x, y, w, max(2, z // 8)), 0.2, math.pi - 0.2, 1)
    elif style == "airstrip":
        pass  # the runway is drawn across cells below
    return s


class TerrainRenderer:
    """Draws the static terrain of any rectangle of cells at a zoom level (lit, and fogged), so the
    map view can build what it shows a block at a time; zone names are separate label images."""

    def __init__(self, game: Any, pal: Palette, fonts: Fonts) -> None:
        self.game = game
        self.pal = pal
        self.fonts = fonts
        sc = game.scenario
        self.terrains = list(sc.terrain.values())
        self.styles = [style_of(t) for t in self.terrains]
        self.tidx = np.asarray(game.terrain_index)
        self.h, self.w = self.tidx.shape
        self.is_style = {st: np.isin(self.tidx, [i for i, s in enumerate(self.styles) if s == st])
                         for st in set(self.styles)}
        none = np.zeros_like(self.tidx, bool)
        self.road = self.is_style.get("road", none)
        self.bridge = self.is_style.get("bridge", none)
        self.water = self.is_style.get("water", none)
        self.objective_zones = self._objective_zones()
        water_i = next((i for i, st in enumerate(self.styles) if st == "water"), None)
        # the terrain each cell's tile shows: roads sit on their surroundings, bridges on the river
        self.ground = self.tidx.astype(np.int16).copy()
        for y, x in zip(*np.nonzero(self.road), strict=True):
            self.ground[y, x] = self._background(int(x), int(y))
        if water_i is not None:
            self.ground[self.bridge] = water_i
        self._tiles: dict[tuple[int, int, int], pygame.Surface] = {}

    def _objective_zones(self) -> list[str]:
        sc = self.game.scenario
        out: list[str] = []
        for v in sc.victory.values():
            for o in v.objectives:
                if o.zone not in out:
                    out.append(o.zone)
        for d in sc.declarations.values():
            if d.zone not in out:
                out.append(d.zone)
        return [z for z in out if z in sc.zones]

    def _background(self, x: int, y: int) -> int:
        """The land terrain under a road: the most common plain neighbour."""
        counts: dict[int, int] = {}
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                nx, ny = x + dx, y + dy
                if 0 <= nx < self.w and 0 <= ny < self.h:
                    t = int(self.tidx[ny, nx])
                    if self.styles[t] not in ("road", "water", "bridge"):
                        counts[t] = counts.get(t, 0) + 1
        if counts:
            return max(counts, key=lambda t: (counts[t], -t))
        plain = [i for i, s in enumerate(self.styles) if s == "desert"]
        return plain[0] if plain else int(self.tidx[y, x])

    def _style_first(self, style: str) -> Terrain | None:
        return next((t for t, s in zip(self.terrains, self.styles, strict=True) if s == style), None)

    def render_block(self, z: int, x0: int, y0: int, x1: int, y1: int) -> pygame.Surface:
        """Cells [x0, x1) x [y0, y1) at ``z`` pixels per cell, features joined across the edges."""
        surf = pygame.Surface(((x1 - x0) * z, (y1 - y0) * z))
        off = (x0 * z, y0 * z)
        for y in range(y0, y1):
            for x in range(x0, x1):
                t = int(self.ground[y, x])
                v = (x * 7 + y * 13 + (x * y) % 5) % VARIANTS
                key = (t, v, z)
                tile = self._tiles.get(key)
                if tile is None:
                    tile = self._tiles[key] = _tile(self.styles[t], self.pal.terrain[self.terrains[t].id], z, v)
                surf.blit(tile, ((x - x0) * z, (y - y0) * z))
        # linear features of the cells around the block too, so they join across block edges
        area = (max(0, x0 - 1), max(0, y0 - 1), min(self.w, x1 + 1), min(self.h, y1 + 1))
        self._banks(surf, z, area, off)
        self._airstrips(surf, z, area, off)
        self._roads(surf, z, area, off)
        self._bridges(surf, z, area, off)
        self._grid(surf, z)
        self._zone_edges(surf, z, (x0, y0, x1, y1), off)
        self._borders(surf, z, (x0, y0, x1, y1), off)
        return surf

    def _border_label(self, zid: str, name: str, z: int, font: pygame.font.Font) -> list[tuple[pygame.Surface, tuple[int, int]]]:
        """The border's name just outside the zone, beside the middle cell of its western edge."""
        mask = self.game.zone_masks[zid]
        west = np.zeros_like(mask)
        west[:, 1:] = mask[:, 1:] & ~mask[:, :-1]
        ys, xs = np.nonzero(west)
        if not len(xs):
            return []
        i = len(ys) // 2
        img = _halo_text(font, name, self.pal)
        x = max(0, int(xs[i]) * z - img.get_width() - 3)
        return [(img, (x, int(ys[i]) * z + (z - img.get_height()) // 2))]

    def _borders(self, surf: pygame.Surface, z: int, cells: tuple[int, int, int, int], off: tuple[int, int]) -> None:
        """Frontiers (zones with a ``border`` name): a dark line with light dashes along the zone's
        edge where it meets cells outside it (the map's edge is no frontier)."""
        dark, light = pygame.Color(40, 24, 56), pygame.Color(236, 226, 250)
        lw = max(2, z // 8)
        dash = max(3, z // 3)
        ox, oy = off
        for zid, zone in self.game.scenario.zones.items():
            if not zone.border:
                continue
            mask = self.game.zone_masks[zid]
            for x, y in self._cells(mask, cells):
                for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
                    nx, ny = x + dx, y + dy
                    if not (0 <= nx < self.w and 0 <= ny < self.h) or mask[ny, nx]:
                        continue
                    if dy:
                        yy = (y * z if dy < 0 else (y + 1) * z) - oy
                        a, b = (x * z - ox, yy), ((x + 1) * z - ox, yy)
                    else:
                        xx = (x * z if dx < 0 else (x + 1) * z) - ox
                        a, b = (xx, y * z - oy), (xx, (y + 1) * z - oy)
                    pygame.draw.line(surf, dark, a, b, lw + 2)
                    n = max(1, (z + dash - 1) // dash)
                    for k in range(0, n, 2):
                        t0, t1 = k / n, min(1.0, (k + 1) / n)
                        pygame.draw.line(surf, light, (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0),
                                         (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1), max(1, lw - 1))

    def render(self, z: int) -> pygame.Surface:
        """The whole map in one surface (tests, previews)."""
        return self.render_block(z, 0, 0, self.w, self.h)

    def fog(self, lit: pygame.Surface) -> pygame.Surface:
        """The fogged version of a lit surface: blended toward the theme's fog colour."""
        f = self.pal.c("fog")
        k = f.a / 255.0
        dim = lit.copy()
        keep = round(255 * (1 - k))
        dim.fill((keep, keep, keep), special_flags=pygame.BLEND_MULT)
        dim.fill((round(f.r * k), round(f.g * k), round(f.b * k)), special_flags=pygame.BLEND_ADD)
        return dim

    def _cells(self, mask: np.ndarray, area: tuple[int, int, int, int]) -> list[tuple[int, int]]:
        ax0, ay0, ax1, ay1 = area
        ys, xs = np.nonzero(mask[ay0:ay1, ax0:ax1])
        return [(int(x) + ax0, int(y) + ay0) for x, y in zip(xs, ys, strict=True)]

    # --- linear features -------------------------------------------------------------------
    def _banks(self, surf: pygame.Surface, z: int, area: tuple[int, int, int, int], off: tuple[int, int]) -> None:
        t = self._style_first("water")
        if t is None:
            return
        bank = shade(self.pal.terrain[t.id], -0.35)
        lw = max(1, z // 16)
        ox, oy = off
        for x, y in self._cells(self.water, area):
            for dx, dy, a, b in ((0, -1, (0, 0), (1, 0)), (0, 1, (0, 1), (1, 1)),
                                 (-1, 0, (0, 0), (0, 1)), (1, 0, (1, 0), (1, 1))):
                nx, ny = x + dx, y + dy
                if 0 <= nx < self.w and 0 <= ny < self.h and not self.water[ny, nx] and not self.bridge[ny, nx]:
                    pygame.draw.line(surf, bank, ((x + a[0]) * z - ox, (y + a[1]) * z - oy),
                                     ((x + b[0]) * z - (b[0] > a[0]) - ox, (y + b[1]) * z - (b[1] > a[1]) - oy), lw)

    def _airstrips(self, surf: pygame.Surface, z: int, area: tuple[int, int, int, int], off: tuple[int, int]) -> None:
        strip = self.is_style.get("airstrip")
        t = self._style_first("airstrip")
        if strip is None or t is None or z < 10:
            return
        col = self.pal.terrain[t.id]
        tarmac, mark = shade(col, -0.28), shade(col, 0.6)
        bw = max(3, z // 3)
        ox, oy = off
        for x, y in self._cells(strip, area):
            cy = y * z + z // 2 - oy
            x0 = x * z if x > 0 and strip[y, x - 1] else x * z + z // 4
            x1 = (x + 1) * z if x + 1 < self.w and strip[y, x + 1] else (x + 1) * z - z // 4
            pygame.draw.rect(surf, tarmac, (x0 - ox, cy - bw // 2, x1 - x0, bw))
            for k in range(x0 + 2, x1 - 2, max(4, z // 3)):
                pygame.draw.line(surf, mark, (k - ox, cy), (min(x1 - 2, k + max(2, z // 8)) - ox, cy), 1)

    def _linked(self, mask: np.ndarray, x: int, y: int) -> list[tuple[int, int]]:
        """Neighbours to join a linear feature to: orthogonal ones, and diagonals not already joined."""
        out = []
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nx, ny = x + dx, y + dy
            if 0 <= nx < self.w and 0 <= ny < self.h and mask[ny, nx]:
                out.append((dx, dy))
        for dx, dy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
            nx, ny = x + dx, y + dy
            if not (0 <= nx < self.w and 0 <= ny < self.h and mask[ny, nx]):
                continue
            if mask[y, nx] or mask[ny, x]:
                continue
            out.append((dx, dy))
        return out

    def _roads(self, surf: pygame.Surface, z: int, area: tuple[int, int, int, int], off: tuple[int, int]) -> None:
        t = self._style_first("road")
        if t is None:
            return
        col = self.pal.terrain[t.id]
        edge = shade(col, -0.45)
        net = self.road | self.bridge
        w = max(2, z // 5)
        ox, oy = off
        segs: list[tuple[tuple[int, int], tuple[int, int]]] = []
        for x, y in self._cells(self.road, area):
            c = (x * z + z // 2 - ox, y * z + z // 2 - oy)
            links = self._linked(net, x, y)
            for dx, dy in links:
                segs.append((c, (c[0] + dx * z // 2, c[1] + dy * z // 2)))
            if x in (0, self.w - 1) or y in (0, self.h - 1):  # roads leading off the map
                ex = -1 if x == 0 else 1 if x == self.w - 1 else 0
                ey = -1 if y == 0 else 1 if y == self.h - 1 else 0
                segs.append((c, (c[0] + ex * z // 2, c[1] + ey * z // 2)))
            if not links:
                segs.append((c, c))
        for a, b in segs:
            pygame.draw.line(surf, edge, a, b, w + 2)
        for a, _ in segs:
            pygame.draw.circle(surf, edge, a, (w + 2) // 2)
        for a, b in segs:
            pygame.draw.line(surf, col, a, b, w)
        for a, _ in segs:
            pygame.draw.circle(surf, col, a, w // 2)

    def _bridges(self, surf: pygame.Surface, z: int, area: tuple[int, int, int, int], off: tuple[int, int]) -> None:
        t = self._style_first("bridge")
        if t is None:
            return
        col = self.pal.terrain[t.id]
        rail = shade(col, -0.55)
        deck = max(4, round(z * 0.42))
        rw = max(1, z // 14)
        ox, oy = off
        for x, y in self._cells(self.bridge, area):
            cx, cy = x * z + z // 2 - ox, y * z + z // 2 - oy
            dirs = []
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                nx, ny = x + dx, y + dy
                if 0 <= nx < self.w and 0 <= ny < self.h and not self.water[ny, nx]:
                    dirs.append((dx, dy))
            if any(dy == 0 for _, dy in dirs) or not dirs:
                r = pygame.Rect(x * z - ox, cy - deck // 2, z, deck)
                pygame.draw.rect(surf, col, r)
                pygame.draw.line(surf, rail, r.topleft, (r.right - 1, r.top), rw)
                pygame.draw.line(surf, rail, (r.left, r.bottom - 1), (r.right - 1, r.bottom - 1), rw)
            else:
                r = pygame.Rect(cx - deck // 2, y * z - oy, deck, z)
                pygame.draw.rect(surf, col, r)
                pygame.draw.line(surf, rail, r.topleft, (r.left, r.bottom - 1), rw)
                pygame.draw.line(surf, rail, (r.right - 1, r.top), (r.right - 1, r.bottom - 1), rw)

    def _grid(self, surf: pygame.Surface, z: int) -> None:
        if z < self.pal.n("grid_min_zoom"):
            return
        g = self.pal.c("grid")
        k = 1.0 - g.a / 255.0
        px = pygame.surfarray.pixels3d(surf)
        px[::z, :, :] = (px[::z, :, :] * k).astype(np.uint8)
        px[:, ::z, :] = (px[:, ::z, :] * k).astype(np.uint8)
        del px

    def _zone_edges(self, surf: pygame.Surface, z: int, cells: tuple[int, int, int, int], off: tuple[int, int]) -> None:
        """Dashed outlines of the objective zones, drawn per cell edge."""
        col = self.pal.c("zone_outline")
        lw = 2 if z >= 20 else 1
        dash = max(3, z // 3)
        ox, oy = off
        x0, y0, x1, y1 = cells
        layer = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
        drawn = False
        for zid in self.objective_zones:
            mask = self.game.zone_masks[zid]
            for x, y in self._cells(mask, (x0, y0, x1, y1)):
                for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
                    nx, ny = x + dx, y + dy
                    if 0 <= nx < self.w and 0 <= ny < self.h and mask[ny, nx]:
                        continue
                    drawn = True
                    if dy:
                        yy = (y * z if dy < 0 else (y + 1) * z - lw) - oy
                        for k in range(0, z, 2 * dash):
                            pygame.draw.line(layer, col, (x * z + k - ox, yy), (x * z + min(z, k + dash) - ox, yy), lw)
                    else:
                        xx = (x * z if dx < 0 else (x + 1) * z - lw) - ox
                        for k in range(0, z, 2 * dash):
                            pygame.draw.line(layer, col, (xx, y * z + k - oy), (xx, y * z + min(z, k + dash) - oy), lw)
        if drawn:
            surf.blit(layer, (0, 0))

    def labels(self, z: int) -> list[tuple[pygame.Surface, tuple[int, int]]]:
        """Zone name images and their world positions (top-left, in pixels at zoom ``z``); a border's
        name beside the middle of its line."""
        sc = self.game.scenario
        font = self.fonts.get(13 if z < 24 else 16, bold=True, scaled=False)  # two sizes: few font loads
        out = []
        for zid, zone in sc.zones.items():
            if zone.border:
                out += self._border_label(zid, zone.border, z, font)
        for zid in self.objective_zones:
            ys, xs = np.nonzero(self.game.zone_masks[zid])
            if not len(xs):
                continue
            img = _halo_text(font, sc.zones[zid].name, self.pal)
            top = int(ys.min())
            row = xs[ys == top]
            cx = (int(row.min()) + int(row.max()) + 1) * z // 2
            ty = top * z - img.get_height() if top > 0 else top * z + 2
            x = min(max(0, cx - img.get_width() // 2), self.w * z - img.get_width())
            out.append((img, (x, ty)))
        return out


def _halo_text(font: pygame.font.Font, text: str, pal: Palette) -> pygame.Surface:
    txt = font.render(text, True, pal.c("zone_label"))
    halo = font.render(text, True, pal.c("label_halo"))
    img = pygame.Surface((txt.get_width() + 2, txt.get_height() + 2), pygame.SRCALPHA)
    for ox, oy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (2, 0), (0, 2)):
        img.blit(halo, (ox, oy))
    img.blit(txt, (1, 1))
    return img


def control_colour(pal: Palette, side_colour: pygame.Color) -> pygame.Color:
    return with_alpha(side_colour, pal.n("control_alpha"))
