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
from matplotlib.patches import Patch

from game.engine.fog import Observation
from game.engine.game import Game
from game.report.images import Image, new_figure, to_image

SIDE_MARKERS = ("s", "D", "o", "^", "v", "p", "h")
TERRAIN_FADE = 0.35  # blend terrain toward white so control tints and markers stay legible in print
CONTROL_ALPHA = 0.38
TUNNEL = "#5b2c6f"


def _ink_for(color: str) -> str:
    """Black or white text, whichever reads better on ``color``."""
    r, g, b = to_rgb(color)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


class MapRenderer:
    """Draws god-view observations of one game onto a reused figure."""

    def __init__(self, game: Game, dpi: int = 80, zones: list[str] | None = None) -> None:
        self.game = game
        sc = game.scenario
        self.dpi = dpi
        h, w = game.height, game.width
        self.fig = new_figure(8.0, 8.0 * h / w, dpi)
        self.ax = self.fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax = self.ax
        colors = np.array([to_rgb(t.color) for t in sc.terrain.values()])
        rgb = colors[game.terrain_index]
        rgb = rgb * (1 - TERRAIN_FADE) + TERRAIN_FADE
        extent = (-0.5, w - 0.5, h - 0.5, -0.5)
        ax.imshow(rgb, extent=extent, interpolation="nearest", zorder=0)
        self._control_rgba = np.zeros((h, w, 4))
        self.control_im = ax.imshow(self._control_rgba, extent=extent, interpolation="nearest", zorder=1)
        self.side_rgb = np.array([to_rgb(sc.sides[s].color) for s in game.sides])
        self.side_marker = {s: SIDE_MARKERS[i % len(SIDE_MARKERS)] for i, s in enumerate(game.sides)}
        ax.set_xlim(-0.5, w - 0.5)
        ax.set_ylim(h - 0.5, -0.5)
        ax.set_xticks([])
        ax.set_yticks([])
        for zid in zones or []:
            mask = game.zone_masks[zid].astype(float)
            ax.contour(np.arange(w), np.arange(h), mask, levels=[0.5], colors="#222222", linewidths=0.9,
                       linestyles="--", zorder=2)
            ys, xs = np.nonzero(game.zone_masks[zid])
            ax.text(xs.min() - 0.4, ys.min() - 0.7, sc.zones[zid].name, fontsize=7.5, color="#111111",
                    zorder=6, va="bottom", ha="left",
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
        self.link_lines: dict[tuple[str, str], Any] = {}
        for a, b in sc.tunnels.links:
            (xa, ya), (xb, yb) = game.nodes[a].at, game.nodes[b].at
            (line,) = ax.plot([xa, xb], [ya, yb], color=TUNNEL, lw=1.2, ls=":", zorder=3)
            self.link_lines[(a, b)] = line
        self.node_ids = list(game.nodes)
        xy = np.array([game.nodes[n].at for n in self.node_ids], dtype=float).reshape(-1, 2)
        self.nodes_open = ax.scatter(xy[:, 0], xy[:, 1], s=30, marker="o", facecolor="white", edgecolor=TUNNEL,
                                     linewidths=1.3, zorder=4)
        self.node_xy = xy
        self.nodes_closed = ax.scatter([], [], s=60, marker="X", facecolor=TUNNEL, edgecolor="white",
                                       linewidths=0.6, zorder=4)
        self._dynamic: list[Any] = []
        scale_km = 2
        cells = scale_km / sc.cell_km
        ax.plot([1, 1 + cells], [h - 2, h - 2], color="black", lw=2, zorder=6)
        ax.text(1 + cells / 2, h - 2.4, f"{scale_km} km", ha="center", va="bottom", fontsize=7, zorder=6)
        ax.annotate("N", xy=(w - 2, 1.2), xytext=(w - 2, 4.2), ha="center", fontsize=8, zorder=6,
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1})

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
        used = {c for row in sc.rows for c in row}
        for t in sc.terrain.values():
            if t.char in used:
                c = np.array(to_rgb(t.color)) * (1 - TERRAIN_FADE) + TERRAIN_FADE
                handles.append(Patch(facecolor=c, edgecolor="#999999", label=t.name))
        fig = new_figure(9.0, 2.3, self.dpi)
        fig.legend(handles=handles, loc="center", ncols=4, fontsize=8.5, frameon=False, handlelength=1.6,
                   columnspacing=1.6, labelspacing=0.6)
        return to_image(fig, "Map key: unit markers by faction, control colours by side, tunnel symbols, "
                        "zone outlines and terrain colours. Numbers on markers are unit strength.")

    def draw(self, obs: Observation, alt: str) -> Image:
        """One picture of ``obs`` (expected in god view, so hidden units and all tunnels show)."""
        for artist in self._dynamic:
            artist.remove()
        self._dynamic = []
        ctl = obs.control
        rgba = self._control_rgba
        rgba[...] = 0.0
        owned = ctl >= 0
        rgba[owned, :3] = self.side_rgb[ctl[owned]]
        rgba[owned, 3] = CONTROL_ALPHA
        self.control_im.set_data(rgba)
        closed = [i for i, n in enumerate(self.node_ids) if n in obs.collapsed]
        self.nodes_closed.set_offsets(self.node_xy[closed] if closed else np.empty((0, 2)))
        for (a, b), line in self.link_lines.items():
            line.set_alpha(0.25 if a in obs.collapsed or b in obs.collapsed else 1.0)
        self._units(obs)
        return to_image(self.fig, alt)

    def _units(self, obs: Observation) -> None:
        sc = self.game.scenario
        per_cell: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for u in sorted(obs.units.values(), key=lambda u: (u.underground, u.side, u.id)):
            per_cell[u.cell].append(u)
        groups: dict[tuple[str, bool], list[tuple[float, float, int]]] = defaultdict(list)
        for (cx, cy), here in per_cell.items():
            n = len(here)
            for k, u in enumerate(here):  # units sharing a cell are spread on a small circle around it
                ang = 2 * np.pi * k / n + np.pi
                r = 0.0 if n == 1 else 0.42
                groups[(u.faction, u.underground)].append((cx + r * np.cos(ang), cy + r * np.sin(ang), u.strength))
        for (faction, under), pts in groups.items():
            f = sc.factions[faction]
            marker = self.side_marker.get(f.side, "o")
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            if under:
                art = self.ax.scatter(xs, ys, s=95, marker=marker, facecolor="white", edgecolor=f.color,
                                      linewidths=1.6, linestyle="--", zorder=7, alpha=0.9)
                ink = f.color if _ink_for("#ffffff") == "black" else "black"
            else:
                art = self.ax.scatter(xs, ys, s=110, marker=marker, facecolor=f.color, edgecolor="white",
                                      linewidths=0.9, zorder=8)
                ink = _ink_for(f.color)
            self._dynamic.append(art)
            for x, y, strength in pts:
                self._dynamic.append(self.ax.text(x, y, str(strength), ha="center", va="center_baseline",
                                                  fontsize=6.5, fontweight="bold", color=ink, zorder=9))


def god_view(game: Game, state: Any) -> Observation:
    """The educator's view: every unit, underground ones too, and the whole tunnel network."""
    return game.observe(state, None)
