"""The map camera: which part of the map is on screen and at what zoom, and the conversions between
screen pixels and map cells. Pure arithmetic, so panning and zooming are tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass

ZOOMS = (8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64)  # pixels per cell
DEFAULT_ZOOM = 32


def start_zoom(view: tuple[int, int], cells: tuple[int, int], scale: float) -> int:
    """The zoom index a game opens at: counters that grow with the window and the UI scale (about
    30 cells across the view, never smaller than 32 pixels at scale 1), and a map small enough to
    fit the view shown whole."""
    import math

    (vw, vh), (mw, mh) = view, cells
    want = max(round(DEFAULT_ZOOM * math.sqrt(scale)), vw // 30)
    fit = min(vw // max(1, mw), vh // max(1, mh))
    if fit >= want * 0.75:
        want = fit
    return max(i for i, z in enumerate(ZOOMS) if z <= max(want, ZOOMS[0]))


@dataclass
class Camera:
    map_w: int  # cells
    map_h: int
    view: tuple[int, int, int, int] = (0, 0, 800, 600)  # screen rect of the map area (x, y, w, h)
    zoom_i: int = ZOOMS.index(DEFAULT_ZOOM)
    ox: float = 0.0  # world pixel at the view's left edge
    oy: float = 0.0

    @property
    def z(self) -> int:
        return ZOOMS[self.zoom_i]

    @property
    def world_size(self) -> tuple[int, int]:
        return self.map_w * self.z, self.map_h * self.z

    def set_view(self, rect: tuple[int, int, int, int]) -> None:
        cx, cy = self.center_cell_f()
        self.view = rect
        self.center_on(cx, cy)

    def center_cell_f(self) -> tuple[float, float]:
        _, _, w, h = self.view
        return (self.ox + w / 2) / self.z, (self.oy + h / 2) / self.z

    def clamp(self) -> None:
        """Keep the view on the map; a map smaller than the view is centred in it."""
        ww, wh = self.world_size
        _, _, w, h = self.view
        self.ox = -(w - ww) / 2 if ww <= w else min(max(self.ox, 0.0), float(ww - w))
        self.oy = -(h - wh) / 2 if wh <= h else min(max(self.oy, 0.0), float(wh - h))

    def pan(self, dx: float, dy: float) -> None:
        self.ox += dx
        self.oy += dy
        self.clamp()

    def center_on(self, cx: float, cy: float) -> None:
        _, _, w, h = self.view
        self.ox = cx * self.z - w / 2
        self.oy = cy * self.z - h / 2
        self.clamp()

    def zoom(self, step: int, anchor: tuple[int, int] | None = None) -> bool:
        """Zoom in (step > 0) or out around a screen point (default: the view's centre)."""
        i = max(0, min(len(ZOOMS) - 1, self.zoom_i + step))
        if i == self.zoom_i:
            return False
        vx, vy, w, h = self.view
        ax, ay = anchor if anchor else (vx + w // 2, vy + h // 2)
        wx, wy = (self.ox + ax - vx) / self.z, (self.oy + ay - vy) / self.z  # cell under the anchor
        self.zoom_i = i
        self.ox = wx * self.z - (ax - vx)
        self.oy = wy * self.z - (ay - vy)
        self.clamp()
        return True

    def fit_zoom(self) -> None:
        """The largest zoom showing the whole map."""
        _, _, w, h = self.view
        best = 0
        for i, z in enumerate(ZOOMS):
            if self.map_w * z <= w and self.map_h * z <= h:
                best = i
        self.zoom_i = best
        self.center_on(self.map_w / 2, self.map_h / 2)

    # --- conversions ----------------------------------------------------------------------
    def contains(self, sx: int, sy: int) -> bool:
        vx, vy, w, h = self.view
        return vx <= sx < vx + w and vy <= sy < vy + h

    def cell_at(self, sx: int, sy: int) -> tuple[int, int] | None:
        """The map cell under a screen point, or None off the map or outside the view."""
        if not self.contains(sx, sy):
            return None
        vx, vy, _, _ = self.view
        cx = int((self.ox + sx - vx) // self.z)
        cy = int((self.oy + sy - vy) // self.z)
        if 0 <= cx < self.map_w and 0 <= cy < self.map_h:
            return cx, cy
        return None

    def cell_origin(self, cx: int, cy: int) -> tuple[int, int]:
        """Screen position of a cell's top-left corner."""
        vx, vy, _, _ = self.view
        return round(vx + cx * self.z - self.ox), round(vy + cy * self.z - self.oy)

    def cell_center(self, cx: int, cy: int) -> tuple[int, int]:
        x, y = self.cell_origin(cx, cy)
        return x + self.z // 2, y + self.z // 2

    def visible_cells(self) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) range of cells at least partly in view, clipped to the map."""
        _, _, w, h = self.view
        z = self.z
        x0 = max(0, int(self.ox // z))
        y0 = max(0, int(self.oy // z))
        x1 = min(self.map_w, int((self.ox + w) // z) + 1)
        y1 = min(self.map_h, int((self.oy + h) // z) + 1)
        return x0, y0, x1, y1

    def cell_in_view(self, cx: int, cy: int, margin: int = 0) -> bool:
        x0, y0, x1, y1 = self.visible_cells()
        return x0 + margin <= cx < x1 - margin and y0 + margin <= cy < y1 - margin

    def ensure_visible(self, cx: int, cy: int, margin: int = 2) -> bool:
        """Scroll the least needed so the cell sits at least ``margin`` cells inside the view."""
        _, _, w, h = self.view
        z = self.z
        m = min(margin, max(0, (min(w, h) // z - 1) // 2))
        moved = False
        left, right = (cx - m) * z, (cx + 1 + m) * z
        top, bottom = (cy - m) * z, (cy + 1 + m) * z
        if left < self.ox:
            self.ox, moved = left, True
        elif right > self.ox + w:
            self.ox, moved = right - w, True
        if top < self.oy:
            self.oy, moved = top, True
        elif bottom > self.oy + h:
            self.oy, moved = bottom - h, True
        if moved:
            self.clamp()
        return moved
