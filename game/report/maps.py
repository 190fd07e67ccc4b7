"""Map pictures for the report: the same layers the game shows, drawn headless with matplotlib.

Terrain, zone outlines, the tunnel network and the legend never change during a game, so they
are drawn once; each turn only swaps the control overlay and the unit markers. That keeps a
28-turn report within a few seconds.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from game.engine.game import Game
from game.engine.observation import Observation
from game.report.images import Image, new_figure, to_image

SIDE_MARKERS = ("s", "D", "o", "^", "v", "p", "h")
TERRAIN_FADE = 0.35  # blend terrain toward white so control tints and markers stay legible in print
CONTROL_ALPHA = 0.38
TUNNEL = "#5b2c6f"
BORDER = "#b00020"  # a frontier line, darker than any side colour or tunnel


def _ink_for(color: str) -> str:
    """Black or white text, whichever reads better on ``color``."""
    r, g, b = to_rgb(color)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


class MapRenderer:
    """Draws god-view observations of one game onto a reused two-panel figure.

    Left, the whole map; right, a close-up of the zones a side may declare victory on (the city),
    where most units stand and where the hidden units surface. Strength numbers are written in
    the close-up, and on the overview only for units outside it, so no marker is drawn unreadable.
    """

    def __init__(self, game: Game, dpi: int = 90, zones: list[str] | None = None,
                 focus: list[str] | None = None, inner: list[str] | None = None,
                 border: tuple[str, str] | None = None) -> None:
        self.game = game
        self.border = border if border is not None and border[0] in game.zone_masks else None
        sc = game.scenario
        self.dpi = dpi
        h, w = game.height, game.width
        self.focus = _bounds(game, focus or [], margin=2)
        over_h = 4.6
        over_w = over_h * w / h
        if self.focus is None:
            self.fig = new_figure(over_w, over_h, dpi)
            self.ax_over = self.fig.add_axes((0.0, 0.0, 1.0, 1.0))
            self.ax_focus = None
        else:
            x0, x1, y0, y1 = self.focus
            fw = over_h * (x1 - x0) / (y1 - y0)
            gap = 0.12
            total = over_w + gap + fw
            self.fig = new_figure(total, over_h, dpi)
            self.ax_over = self.fig.add_axes((0.0, 0.0, over_w / total, 1.0))
            self.ax_focus = self.fig.add_axes(((over_w + gap) / total, 0.0, fw / total, 1.0))
        colors = np.array([to_rgb(t.color) for t in sc.terrain.values()])
        self._terrain = colors[game.terrain_index] * (1 - TERRAIN_FADE) + TERRAIN_FADE
        self.side_rgb = np.array([to_rgb(sc.sides[s].color) for s in game.sides])
        self.side_marker = {s: SIDE_MARKERS[i % len(SIDE_MARKERS)] for i, s in enumerate(game.sides)}
        self.node_ids = list(game.nodes)
        self.node_xy = np.array([game.nodes[n].at for n in self.node_ids], dtype=float).reshape(-1, 2)
        self._panels = [self._setup(self.ax_over, (-0.5, w - 0.5, -0.5, h - 0.5), zones or [], [], False)]
        if self.ax_focus is not None:
            self._panels.append(self._setup(self.ax_focus, self.focus, focus or [], inner or [], True))
            x0, x1, y0, y1 = self.focus
            self.ax_over.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="black", lw=1.2,
                                             zorder=6))
            self.ax_over.text(x1, y0 - 0.3, "close-up", fontsize=7, ha="right", va="bottom", zorder=6)
        self._dynamic: list[Any] = []
        ax = self.ax_over
        scale_km = 2
        cells = scale_km / sc.cell_km
        ax.plot([1, 1 + cells], [h - 2, h - 2], color="black", lw=2, zorder=6)
        ax.text(1 + cells / 2, h - 2.4, f"{scale_km} km", ha="center", va="bottom", fontsize=7, zorder=6)
        ax.annotate("N", xy=(w - 2, 1.2), xytext=(w - 2, 4.2), ha="center", fontsize=8, zorder=6,
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1})

    def _setup(self, ax: Any, bounds: tuple[float, float, float, float], zones: list[str], inner: list[str],
               close: bool) -> dict[str, Any]:
        """Draw the layers that never change on one panel; return the artists that do."""
        sc = self.game.scenario
        h, w = self.game.height, self.game.width
        extent = (-0.5, w - 0.5, h - 0.5, -0.5)
        # terrain and control are blended here into one picture: one image per panel draws twice as fast
        control = ax.imshow(self._terrain, extent=extent, interpolation="nearest", zorder=0)
        x0, x1, y0, y1 = bounds
        ax.set_xlim(x0, x1)
        ax.set_ylim(y1, y0)
        ax.set_xticks([])
        ax.set_yticks([])
        for zid, style, lw in [(z, "--", 1.0) for z in zones] + [(z, ":", 0.9) for z in inner]:
            mask = self.game.zone_masks[zid].astype(float)
            ax.contour(np.arange(w), np.arange(h), mask, levels=[0.5], colors="#222222", linewidths=lw,
                       linestyles=style, zorder=2)
            ys, xs = np.nonzero(self.game.zone_masks[zid])
            if close and zid in zones:
                continue  # the close-up frames this zone already; its districts carry the labels
            if close:  # district names sit inside their districts, in the top-left corner
                tx, ty, va = xs.min() - 0.3, ys.min() - 0.3, "top"
            else:
                tx, ty, va = xs.min() - 0.4, ys.min() - 0.7, "bottom"
            ax.text(tx, ty, sc.zones[zid].name, fontsize=7.5, color="#111111", zorder=6, va=va, ha="left",
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})
        if self.border is not None:  # a frontier (a zone's edge): a class looks for it first
            mask = self.game.zone_masks[self.border[0]].astype(float)
            ax.contour(np.arange(w), np.arange(h), mask, levels=[0.5], colors=BORDER, linewidths=2.2,
                       linestyles="-.", zorder=5)
        links: dict[tuple[str, str], Any] = {}
        for a, b in sc.tunnels.links:
            (xa, ya), (xb, yb) = self.game.nodes[a].at, self.game.nodes[b].at
            (line,) = ax.plot([xa, xb], [ya, yb], color=TUNNEL, lw=1.6 if close else 1.1, ls=":", zorder=3)
            links[(a, b)] = line
        xy = self.node_xy
        ax.scatter(xy[:, 0], xy[:, 1], s=70 if close else 22, marker="o", facecolor="white", edgecolor=TUNNEL,
                   linewidths=1.4, zorder=4)
        if close:
            for nid, (nx, ny) in zip(self.node_ids, xy, strict=True):
                name = sc.tunnels.nodes[nid].name or "Tunnel entrance"  # never the id
                ax.text(nx, ny + 0.55, name, fontsize=6.5, style="italic", color=TUNNEL, ha="center", va="top",
                        zorder=5)
        closed = ax.scatter([], [], s=130 if close else 50, marker="X", facecolor=TUNNEL, edgecolor="white",
                            linewidths=0.6, zorder=4)
        return {"ax": ax, "control": control, "links": links, "closed": closed, "close": close}

    def legend(self) -> Image:
        """The key, drawn once for all the maps (drawing it on each map would double the time)."""
        sc = self.game.scenario
        handles: list[Any] = []
        for f in sc.factions.values():
            handles.append(Line2D([], [], ls="", marker=self.side_marker.get(f.side, "o"), markersize=9,
                                  markerfacecolor=f.color, markeredgecolor="white", label=f.name))
        handles.append(Line2D([], [], ls="", marker="o", markersize=9, markerfacecolor="white",
                              markeredgecolor="#444444", label="Unit underground (dashed outline)"))
        for s in self.game.sides:
            handles.append(Patch(facecolor=sc.sides[s].color, alpha=CONTROL_ALPHA,
                                 label=f"Controlled by {sc.sides[s].name}"))
        handles.append(Line2D([], [], ls=":", color=TUNNEL, marker="o", markerfacecolor="white",
                              markersize=6, label="Tunnel node and link"))
        handles.append(Line2D([], [], ls="", marker="X", color=TUNNEL, markersize=8,
                              label="Tunnel node demolished"))
        handles.append(Line2D([], [], ls="--", color="#222222", lw=0.9, label="Objective zone"))
        if self.border is not None:
            handles.append(Line2D([], [], ls="-.", color=BORDER, lw=2.2, label=self.border[1]))
        used = {c for row in sc.rows for c in row}
        for t in sc.terrain.values():
            if t.char in used:
                c = np.array(to_rgb(t.color)) * (1 - TERRAIN_FADE) + TERRAIN_FADE
                handles.append(Patch(facecolor=c, edgecolor="#999999", label=t.name))
        fig = new_figure(9.0, 2.3, self.dpi)
        fig.legend(handles=handles, loc="center", ncols=4, fontsize=8.5, frameon=False, handlelength=1.6,
                   columnspacing=1.6, labelspacing=0.6)
        return to_image(fig, "Map key: unit markers by faction, control colours by side, tunnel symbols, "
                        "zone outlines and terrain colours. Numbers on markers are unit strength.", tight=True)

    def draw(self, obs: Observation, alt: str) -> Image:
        """One picture of ``obs`` (expected in god view, so hidden units and all tunnels show)."""
        for artist in self._dynamic:
            artist.remove()
        self._dynamic = []
        ctl = obs.control
        rgb = self._terrain.copy()
        owned = ctl >= 0
        rgb[owned] = rgb[owned] * (1 - CONTROL_ALPHA) + self.side_rgb[ctl[owned]] * CONTROL_ALPHA
        closed = [i for i, n in enumerate(self.node_ids) if n in obs.collapsed]
        for p in self._panels:
            p["control"].set_data(rgb)
            p["closed"].set_offsets(self.node_xy[closed] if closed else np.empty((0, 2)))
            for (a, b), line in p["links"].items():
                line.set_alpha(0.25 if a in obs.collapsed or b in obs.collapsed else 1.0)
            self._units(obs, p["ax"], p["close"])
        return to_image(self.fig, alt)

    def _inside_focus(self, x: float, y: float) -> bool:
        if self.focus is None:
            return False
        x0, x1, y0, y1 = self.focus
        return x0 <= x <= x1 and y0 <= y <= y1

    def _units(self, obs: Observation, ax: Any, close: bool) -> None:
        sc = self.game.scenario
        per_cell: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for u in sorted(obs.units.values(), key=lambda u: (u.underground, u.side, u.id)):
            if close and not self._inside_focus(u.x, u.y):
                continue
            per_cell[u.cell].append(u)
        groups: dict[tuple[str, bool], list[tuple[float, float, int, bool]]] = defaultdict(list)
        for (cx, cy), here in per_cell.items():
            n = len(here)
            for k, u in enumerate(here):  # units sharing a cell are spread on a small circle around it
                ang = 2 * np.pi * k / n + np.pi
                r = 0.0 if n == 1 else (0.4 if close else 0.55)
                label = close or not self._inside_focus(cx, cy)
                groups[(u.faction, u.underground)].append((cx + r * np.cos(ang), cy + r * np.sin(ang),
                                                           u.strength, label))
        size = 190 if close else 70
        for (faction, under), pts in groups.items():
            f = sc.factions[faction]
            marker = self.side_marker.get(f.side, "o")
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            if under:
                art = ax.scatter(xs, ys, s=size * 0.9, marker=marker, facecolor="white", edgecolor=f.color,
                                 linewidths=1.7, linestyle="--", zorder=7)
                ink = "black"
            else:
                art = ax.scatter(xs, ys, s=size, marker=marker, facecolor=f.color, edgecolor="white",
                                 linewidths=0.9, zorder=8)
                ink = _ink_for(f.color)
            self._dynamic.append(art)
            for x, y, strength, label in pts:
                if label:
                    self._dynamic.append(ax.text(x, y, str(strength), ha="center", va="center_baseline",
                                                 fontsize=8 if close else 5.5, fontweight="bold", color=ink,
                                                 zorder=9))


def _bounds(game: Game, zones: list[str], margin: int) -> tuple[float, float, float, float] | None:
    """The box (x0, x1, y0, y1, in cell edges) around ``zones`` plus a margin, clipped to the map."""
    if not zones:
        return None
    mask = np.zeros((game.height, game.width), bool)
    for z in zones:
        mask |= game.zone_masks[z]
    ys, xs = np.nonzero(mask)
    if not len(xs):
        return None
    return (max(-0.5, xs.min() - margin - 0.5), min(game.width - 0.5, xs.max() + margin + 0.5),
            max(-0.5, ys.min() - margin - 0.5), min(game.height - 0.5, ys.max() + margin + 0.5))


def scenario_renderer(game: Game) -> MapRenderer:
    """The renderer every report map uses: the scored zones outlined, the declared-on zones close up,
    their districts dotted, and the frontier from the scenario's class material."""
    from game.report.records import key_zones
    from game.teach.material import load_material

    sc = game.scenario
    kz = key_zones(sc)
    focus = list(dict.fromkeys(d.zone for d in sc.declarations.values()))
    main = [z for z in kz if not any(sc.zones[z].cells < sc.zones[m].cells for m in kz if m != z)]
    inner = [z for z in kz if z not in main]
    return MapRenderer(game, zones=main, focus=focus, inner=inner, border=load_material(sc).border)


def god_view(game: Game, state: Any) -> Observation:
    """The educator's view: every unit, underground ones too, and the whole tunnel network."""
    return game.observe(state, None)
