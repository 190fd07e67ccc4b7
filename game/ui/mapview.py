"""The map view: draws one side's observation over the cached terrain.

The map is cut into blocks of 8x8 cells. Per zoom level, each block keeps its static terrain (lit
and fogged) and a composite where a cell is redrawn only when what it shows changes (fog, control,
reach, counters, tunnel entrances). Blocks are built when first in view, a few per frame, with a
scaled stand-in until then, so zooming and panning never stall a frame. Per-frame overlays (hover,
cursor, path preview, targets, event markers) are cheap primitives drawn on top.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

import numpy as np
import pygame

from game.ui.camera import Camera
from game.ui.map_marks import dashes, night_tint, place_label
from game.ui.scene import Marker, Overlay, Scene
from game.ui.symbols import CounterCache, CounterLook
from game.ui.terrain import TerrainRenderer
from game.ui.theme import Fonts, Palette, luminance, with_alpha

Cell = tuple[int, int]

BLOCK = 8  # cells per side of a cached map block
DEFAULT_SIG = (False, -1, False, 0, ())


class ZoomLayer:
    """The map at one zoom level, as blocks: static terrain (lit, fogged) and the composite that
    adds what the observation shows. Blocks are built when first seen and kept up to date by cell."""

    def __init__(self, z: int) -> None:
        self.z = z
        self.lit: dict[tuple[int, int], pygame.Surface] = {}
        self.dim: dict[tuple[int, int], pygame.Surface] = {}
        self.comp: dict[tuple[int, int], pygame.Surface] = {}
        self.sig: dict[Cell, Any] = {}  # drawn content of non-default cells in built blocks
        self.synced = -1
        self.stand_ins: dict[tuple[int, int], pygame.Surface] = {}  # scaled previews until a block is built
        self.labels: list[tuple[pygame.Surface, tuple[int, int]]] | None = None


class MapView:
    def __init__(self, game: Any, pal: Palette, fonts: Fonts, camera: Camera) -> None:
        self.game = game
        self.fonts = fonts
        self.camera = camera
        self.sides = list(game.sides)
        self.h, self.w = np.asarray(game.terrain_index).shape
        self.scene: Scene | None = None
        self.scene_id = 0
        self.sig: dict[Cell, Any] = {}
        self.cells_redrawn = 0  # for tests and the benchmark
        self.blocks_built = 0
        self.pending = False  # blocks in view not built yet (the next frames build them)
        self.budget_ms = 2.5  # map drawing per frame before unbuilt blocks get a scaled stand-in
        self._first = True
        self._flat: pygame.Surface | None = None
        self.set_palette(pal)

    def set_palette(self, pal: Palette) -> None:
        self.pal = pal
        self.counters = CounterCache(pal, self.fonts)
        self.side_colours = [pal.sides[s] for s in self.sides]
        self._set_ground(self.game)
        self.invalidate()

    def _set_ground(self, game: Any) -> None:
        """Draw the terrain of ``game``'s map from now on (the stand-in map's colours too)."""
        self.game = game
        self.terrain = TerrainRenderer(game, self.pal, self.fonts)
        pal = self.pal
        ground_cols = np.array([[c.r, c.g, c.b] for c in (pal.terrain[t.id] for t in self.terrain.terrains)], np.float32)
        self._ground_rgb = ground_cols[self.terrain.ground]
        self._flat = None

    def follow_ground(self, game: Any) -> int:
        """Take the map a scene was observed on; where its ground differs from what is drawn (a trigger
        blew a bridge, or stepping back restored it), forget the blocks holding those cells so they are
        drawn again. Joined features (river banks, roads, bridges) look at their neighbours, so the
        cells next to a changed one are redrawn with it. Returns how many cells changed."""
        if game is None or game is self.game:
            return 0
        changed = np.asarray(game.terrain_index) != self.terrain.tidx
        n = int(changed.sum())
        if not n:  # another game on the same map (another line of a lesson): nothing to redraw
            self.game = game
            return 0
        self._set_ground(game)
        near = changed.copy()  # the changed cells and their eight neighbours
        near[1:, :] |= changed[:-1, :]
        near[:-1, :] |= changed[1:, :]
        near[:, 1:] |= near[:, :-1].copy()
        near[:, :-1] |= near[:, 1:].copy()
        ys, xs = np.nonzero(near)
        blocks = {(x // BLOCK, y // BLOCK) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)}
        for lay in self.layers.values():
            for b in blocks:
                for cache in (lay.lit, lay.dim, lay.comp, lay.stand_ins):
                    cache.pop(b, None)
            lay.sig = {c: v for c, v in lay.sig.items() if (c[0] // BLOCK, c[1] // BLOCK) not in blocks}
        return n

    def invalidate(self) -> None:
        """Forget every cached block (palette change); the next frames rebuild what is in view."""
        self.layers: OrderedDict[int, ZoomLayer] = OrderedDict()
        self._tiles: dict[Any, pygame.Surface] = {}
        self._first = True

    def layer(self, z: int) -> ZoomLayer:
        lay = self.layers.get(z)
        if lay is None:
            lay = self.layers[z] = ZoomLayer(z)
            while len(self.layers) > 2:  # this zoom and the previous one (a stand-in while building)
                self.layers.popitem(last=False)
        else:
            self.layers.move_to_end(z)
        return lay

    # --- scene -----------------------------------------------------------------------------
    def set_scene(self, scene: Scene) -> int:
        """Take a new scene; redraw only the cells whose content changed. Returns how many."""
        self.follow_ground(scene.ground)
        self.scene = scene
        self.scene_id += 1
        sig: dict[Cell, Any] = {}
        cand = scene.visible | (scene.control >= 0) | scene.reach
        ys, xs = np.nonzero(cand)
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
            v = self._cell_sig(scene, x, y)
            if v != DEFAULT_SIG:
                sig[(x, y)] = v
        for c in scene.items:
            if c not in sig:
                sig[c] = self._cell_sig(scene, *c)
        self.sig = sig
        self._flat = None
        lay = self.layers.get(self.camera.z)
        n = self._sync(lay) if lay is not None else 0
        self.cells_redrawn = n
        return n

    def _cell_sig(self, s: Scene, x: int, y: int) -> Any:
        r = s.reach
        edges = 0
        if r[y, x]:
            h, w = r.shape
            for bit, (dx, dy) in enumerate(((0, -1), (1, 0), (0, 1), (-1, 0))):
                nx, ny = x + dx, y + dy
                if not (0 <= nx < w and 0 <= ny < h and r[ny, nx]):
                    edges |= 1 << bit
        return (bool(s.visible[y, x]), int(s.control[y, x]), bool(r[y, x]), edges, s.items.get((x, y), ()))

    def _sync(self, lay: ZoomLayer) -> int:
        """Bring a layer's built blocks up to the current scene, cell by cell."""
        if lay.synced == self.scene_id:
            return 0
        lay.synced = self.scene_id
        n = 0
        for c in set(lay.sig) | set(self.sig):
            new = self.sig.get(c, DEFAULT_SIG)
            if lay.sig.get(c, DEFAULT_SIG) == new:
                continue
            b = (c[0] // BLOCK, c[1] // BLOCK)
            if b not in lay.comp:
                continue
            self._draw_cell(lay, c[0], c[1], new)
            if new == DEFAULT_SIG:
                lay.sig.pop(c, None)
            else:
                lay.sig[c] = new
            n += 1
        return n

    def _block_cells(self, bx: int, by: int) -> tuple[int, int, int, int]:
        return bx * BLOCK, by * BLOCK, min(self.w, (bx + 1) * BLOCK), min(self.h, (by + 1) * BLOCK)

    def _build(self, lay: ZoomLayer, b: tuple[int, int]) -> pygame.Surface:
        x0, y0, x1, y1 = self._block_cells(*b)
        lit = self.terrain.render_block(lay.z, x0, y0, x1, y1)
        lay.lit[b] = lit
        lay.dim[b] = dim = self.terrain.fog(lit)
        lay.comp[b] = dim.copy()
        lay.stand_ins.pop(b, None)
        for y in range(y0, y1):
            for x in range(x0, x1):
                v = self.sig.get((x, y))
                if v is not None:
                    self._draw_cell(lay, x, y, v)
                    lay.sig[(x, y)] = v
        self.blocks_built += 1
        return lay.comp[b]

    def _block_pos(self, b: tuple[int, int]) -> tuple[int, int]:
        cam = self.camera
        vx, vy, _, _ = cam.view
        return round(vx + b[0] * BLOCK * cam.z - cam.ox), round(vy + b[1] * BLOCK * cam.z - cam.oy)

    def _tile(self, key: Any, z: int) -> pygame.Surface:
        t = self._tiles.get(key)
        if t is not None:
            return t
        t = pygame.Surface((z, z), pygame.SRCALPHA)
        kind = key[0]
        if kind == "reach":
            edges = key[1]
            t.fill(self.pal.c("reach"))
            e = self.pal.c("reach_edge")
            lw = 2 if z >= 24 else 1
            if edges & 1:
                pygame.draw.rect(t, e, (0, 0, z, lw))
            if edges & 2:
                pygame.draw.rect(t, e, (z - lw, 0, lw, z))
            if edges & 4:
                pygame.draw.rect(t, e, (0, z - lw, z, lw))
            if edges & 8:
                pygame.draw.rect(t, e, (0, 0, lw, z))
        elif kind == "control":
            col = self.side_colours[key[1]]
            n = max(4, z // 4)
            edge = self.pal.c("counter_light") if luminance(col) < 0.35 else self.pal.c("counter_dark")
            pygame.draw.polygon(t, with_alpha(col, 230), [(1, 1), (n, 1), (1, n)])
            pygame.draw.polygon(t, with_alpha(edge, 200), [(1, 1), (n, 1), (1, n)], 1)
        elif kind == "node":
            c = (z // 2, z // 2)
            r = max(3, z // 5)
            pygame.draw.circle(t, self.pal.c("tunnel_ring"), c, r + max(1, z // 16))
            pygame.draw.circle(t, self.pal.c("tunnel_hole"), c, r)
            if key[1] == "collapsed":
                k = r + 1
                col = self.pal.c("tunnel_collapsed")
                lw = max(2, z // 12)
                pygame.draw.line(t, col, (c[0] - k, c[1] - k), (c[0] + k, c[1] + k), lw)
                pygame.draw.line(t, col, (c[0] - k, c[1] + k), (c[0] + k, c[1] - k), lw)
        self._tiles[key] = t
        return t

    def _draw_cell(self, lay: ZoomLayer, x: int, y: int, sig: Any) -> None:
        z = lay.z
        b = (x // BLOCK, y // BLOCK)
        comp = lay.comp[b]
        visible, control, reach, edges, items = sig
        rect = pygame.Rect((x - b[0] * BLOCK) * z, (y - b[1] * BLOCK) * z, z, z)
        comp.blit(lay.lit[b] if visible else lay.dim[b], rect.topleft, rect)
        if reach:
            comp.blit(self._tile(("reach", edges, z), z), rect.topleft)
        if control >= 0:
            comp.blit(self._tile(("control", control, z), z), rect.topleft)
        counters = []
        for it in items:
            if it[0] == "node":
                comp.blit(self._tile(("node", it[1], z), z), rect.topleft)
            else:
                counters.append(it)
        if not counters:
            return
        shown = counters[-3:]  # ghosts first, then units: the units end up on top
        n = len(shown)
        size = round(z * (0.8 if n == 1 else 0.66 if n == 2 else 0.58))
        step = 0 if n == 1 else (z - size - 2) / (n - 1)
        for i, it in enumerate(shown):
            look = CounterLook(colour=it[1], symbol=it[2], strength=it[3], max_strength=it[4], hostile=it[5],
                               size=size, broken=it[6], stood_down=it[7], underground=it[8], spent=it[9],
                               ghost=it[0] == "ghost", tired=it[10])
            img = self.counters.get(look)
            if n == 1:
                pos = (rect.x + (z - size) // 2, rect.y + (z - size) // 2)
            else:
                pos = (rect.x + 1 + round(i * step), rect.y + 1 + round(i * step))
            comp.blit(img, pos)

    def _flat_map(self) -> pygame.Surface:
        """One pixel per cell, terrain colour and fog: the stand-in for blocks not built yet."""
        if self._flat is None:
            img = self._ground_rgb.copy()
            if self.scene is not None:
                f = self.pal.c("fog")
                k = f.a / 255.0
                dark = ~self.scene.visible
                img[dark] = img[dark] * (1 - k) + np.array([f.r, f.g, f.b], np.float32) * k
            self._flat = pygame.surfarray.make_surface(np.ascontiguousarray(img.transpose(1, 0, 2)).astype(np.uint8))
        return self._flat

    # --- drawing a frame -------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, ov: Overlay) -> None:
        cam = self.camera
        vx, vy, vw, vh = cam.view
        view = pygame.Rect(vx, vy, vw, vh)
        z = cam.z
        lay = self.layer(z)
        self._sync(lay)
        ww, wh = cam.world_size
        if not pygame.Rect(round(vx - cam.ox), round(vy - cam.oy), ww, wh).contains(view):
            surface.fill(self.pal.c("map_bg"), view)  # only when the map does not cover the view
        x0, y0, x1, y1 = cam.visible_cells()
        blocks = [(bx, by) for by in range(y0 // BLOCK, (y1 - 1) // BLOCK + 1)
                  for bx in range(x0 // BLOCK, (x1 - 1) // BLOCK + 1)] if x1 > x0 and y1 > y0 else []
        ccx, ccy = cam.center_cell_f()
        blocks.sort(key=lambda b: abs((b[0] + 0.5) * BLOCK - ccx) + abs((b[1] + 0.5) * BLOCK - ccy))
        start = time.perf_counter()
        old_clip = surface.get_clip()
        surface.set_clip(view)
        todo = []
        for b in blocks:
            comp = lay.comp.get(b)
            if comp is None:
                todo.append(b)
            else:
                surface.blit(comp, self._block_pos(b))
        missing = False
        for b in todo:  # build what the frame budget allows (everything on the first frame)
            if self._first or (time.perf_counter() - start) * 1000 < self.budget_ms:
                surface.blit(self._build(lay, b), self._block_pos(b))
                continue
            missing = True
            scaled = lay.stand_ins.get(b)
            if scaled is None:
                bx0, by0, bx1, by1 = self._block_cells(*b)
                size = ((bx1 - bx0) * z, (by1 - by0) * z)
                src = None
                if (time.perf_counter() - start) * 1000 < 1.2 * self.budget_ms:  # else the cheap flat one
                    src = next((o.comp[b] for o in reversed(self.layers.values()) if o is not lay and b in o.comp),
                               None)
                if src is None:
                    src = self._flat_map().subsurface((bx0, by0, bx1 - bx0, by1 - by0))
                scaled = lay.stand_ins[b] = pygame.transform.scale(src, size)
            surface.blit(scaled, self._block_pos(b))
        self.pending = missing
        self._first = False
        if ov.night:
            night_tint(surface, view)
        if lay.labels is None:
            lay.labels = self.terrain.labels(z)
        occupied = [c for c, its in self.scene.items.items() if any(i[0] != "node" for i in its)] if self.scene else []
        for img, pos in lay.labels:  # a label never hides a counter: moved, or left out
            at = place_label(img, pos, z, occupied, (ww, wh))
            if at is not None:
                surface.blit(img, (round(vx + at[0] - cam.ox), round(vy + at[1] - cam.oy)))
        try:
            self._overlays(surface, ov)
        finally:
            surface.set_clip(old_clip)

    def _overlays(self, surface: pygame.Surface, ov: Overlay) -> None:
        cam = self.camera
        z = cam.z
        pal = self.pal
        lw = 2 if z >= 20 else 1
        for a, b in ov.links:  # thin dashes: the network is context, not the main picture
            for p0, p1 in dashes(cam.cell_center(*a), cam.cell_center(*b), max(4, z // 4)):
                pygame.draw.line(surface, pal.c("tunnel_link"), p0, p1, max(1, z // 16))
        for m in ov.markers:
            self._marker(surface, m, ov.now)
        for c in ov.targets:
            self._brackets(surface, c, pal.c("target"), lw + 1)
        for c in ov.node_targets:
            pygame.draw.circle(surface, pal.c("tunnel_target"), cam.cell_center(*c), max(4, z // 2 - 2), lw)
        if ov.path and len(ov.path) >= 2:
            pts = [cam.cell_center(*c) for c in ov.path]
            col = pal.c("path") if ov.path_ok else pal.c("target")
            pygame.draw.lines(surface, pal.c("path_shadow"), False, pts, max(3, z // 7) + 2)
            pygame.draw.lines(surface, col, False, pts, max(2, z // 7))
            for p in pts[1:-1]:
                pygame.draw.circle(surface, col, p, max(2, z // 9))
            pygame.draw.circle(surface, pal.c("path_shadow"), pts[-1], max(4, z // 4) + 1)
            pygame.draw.circle(surface, col, pts[-1], max(4, z // 4), max(2, z // 10))
        if ov.selected:
            x, y = cam.cell_origin(*ov.selected)
            pygame.draw.rect(surface, pal.c("selected"), (x, y, z, z), lw + 1)
        if ov.hover and ov.hover != ov.cursor:
            x, y = cam.cell_origin(*ov.hover)
            pygame.draw.rect(surface, pal.c("hover"), (x, y, z, z), 1)
        if ov.cursor:
            x, y = cam.cell_origin(*ov.cursor)
            self._brackets(surface, ov.cursor, pal.c("cursor"), lw + 1, inset=-1)
            pygame.draw.rect(surface, with_alpha(pal.c("cursor"), 255), (x, y, z, z), 1)

    def _brackets(self, surface: pygame.Surface, c: Cell, col: pygame.Color, lw: int, inset: int = 1) -> None:
        z = self.camera.z
        x, y = self.camera.cell_origin(*c)
        r = pygame.Rect(x + inset, y + inset, z - 2 * inset, z - 2 * inset)
        k = max(3, z // 4)
        for (px, py), (dx, dy) in ((r.topleft, (1, 1)), ((r.right - 1, r.top), (-1, 1)),
                                   ((r.left, r.bottom - 1), (1, -1)), ((r.right - 1, r.bottom - 1), (-1, -1))):
            pygame.draw.line(surface, col, (px, py), (px + dx * k, py), lw)
            pygame.draw.line(surface, col, (px, py), (px, py + dy * k), lw)

    def _marker(self, surface: pygame.Surface, m: Marker, now: float) -> None:
        age = now - m.start
        if age < 0 or age > m.duration or not m.cells:
            return
        fade = 1.0 - age / max(0.001, m.duration)
        cam = self.camera
        z = cam.z
        col = with_alpha(m.colour, max(40, round(255 * fade)))
        if m.kind == "move" and len(m.cells) >= 2:
            pts = [cam.cell_center(*c) for c in m.cells]
            s = max(5, z // 3)
            box = pygame.Rect(pts[0], (0, 0)).unionall([pygame.Rect(p, (0, 0)) for p in pts]).inflate(4 * s, 4 * s)
            layer = pygame.Surface(box.size, pygame.SRCALPHA)  # only as big as the trail
            local = [(x - box.x, y - box.y) for x, y in pts]
            pygame.draw.lines(layer, col, False, local, max(2, z // 8))
            ex, ey = local[-1]
            px, py = local[-2]
            ang = float(np.arctan2(ey - py, ex - px))
            tip = [(ex, ey), (ex - s * np.cos(ang - 0.5), ey - s * np.sin(ang - 0.5)),
                   (ex - s * np.cos(ang + 0.5), ey - s * np.sin(ang + 0.5))]
            pygame.draw.polygon(layer, col, tip)
            surface.blit(layer, box.topleft)
        elif m.kind in ("combat", "find"):
            cx, cy = cam.cell_center(*m.cells[0])
            r = round(z * (0.45 + 0.5 * (1 - fade)))
            pygame.draw.circle(surface, col, (cx, cy), r, max(2, z // 10))
            if m.kind == "combat" and len(m.cells) > 1:
                pygame.draw.line(surface, col, cam.cell_center(*m.cells[1]), (cx, cy), max(1, z // 12))
