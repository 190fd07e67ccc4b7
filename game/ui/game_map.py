"""The map part of the game screen: the scene the map view caches (rebuilt only when the position
changes), the per-frame overlay (path preview, attack targets, tunnel links, event markers), the
tooltip, and short notices drawn where the player is looking (why a move was refused).

What a unit may do comes from the engine's ``unit_options`` through the match; nothing here
decides a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pygame

from game.control.match import Match
from game.engine.events import Event
from game.engine.observation import UnitView
from game.ui import describe
from game.ui.camera import Camera
from game.ui.game_input import Pointer
from game.ui.mapview import MapView
from game.ui.minimap import Minimap
from game.ui.scene import Marker, Overlay, build_scene, event_marker
from game.ui.screen import UiContext
from game.ui.widgets import draw_tooltip

Cell = tuple[int, int]
NOTICE_SECONDS = 3.0
TIP_DELAY = 0.45  # seconds the mouse rests on a cell before its tooltip opens


@dataclass
class Notice:
    """A short message pinned to a map cell (a refused order), shown until ``until``."""

    cell: Cell
    text: str
    until: float


class MapLayer:
    def __init__(self, match: Match, camera: Camera, pointer: Pointer) -> None:
        self.match = match
        self.camera = camera
        self.p = pointer
        self.view: MapView | None = None
        self.minimap: Minimap | None = None
        self.markers: list[Marker] = []
        self.notice: Notice | None = None
        self.show_control = True
        self._keys: dict[str, Any] = {}
        self._tip: tuple[Any, list[tuple[str, str]]] | None = None
        self._path: tuple[Any, list[Cell] | None, int | None] | None = None
        self._hover_since: tuple[Cell, float, bool] | None = None  # cell, since when, tooltip shown

    def attach(self, ctx: UiContext) -> None:
        """Create the map view and mini-map, or give them the new palette and fonts."""
        game = self.match.game
        pal = ctx.palette(game.scenario)
        if self.view is None:
            self.view = MapView(game, pal, ctx.fonts, self.camera)
            self.minimap = Minimap(game, pal)
        elif self.view.pal is not pal or self.view.fonts is not ctx.fonts:
            self.view.fonts = ctx.fonts
            self.view.set_palette(pal)
            self.minimap = Minimap(game, pal)
        self.forget()

    def forget(self) -> None:
        """Drop cached scene, tooltip and path (a new viewer, a new layout)."""
        self._keys.clear()
        self.forget_pointer()

    def forget_pointer(self) -> None:
        """Drop the tooltip and path preview (a new selection; the scene follows by its own key)."""
        self._tip = self._path = None

    def own_selected(self) -> UnitView | None:
        if self.p.selected is None:
            return None
        u = self.match.observe().units.get(self.p.selected)
        return u if u is not None and u.side == self.match.viewer else None

    # --- what happened ---------------------------------------------------------------------
    def mark(self, ev: Event, now: float, seconds: float) -> None:
        """A short-lived trail or flash for an event the viewer saw."""
        if not seconds or self.view is None:
            return
        mk = event_marker(ev, self.view.pal, now, seconds)
        if mk is not None:
            self.markers.append(mk)

    def tick(self, now: float) -> None:
        self.markers = [mk for mk in self.markers if now - mk.start <= mk.duration]
        if self.notice is not None and now > self.notice.until:
            self.notice = None

    def say_at(self, cell: Cell, text: str, now: float) -> None:
        self.notice = Notice(cell, text, now + NOTICE_SECONDS)

    # --- the cached scene ------------------------------------------------------------------
    def scene(self, my_turn: bool, minimap_size: tuple[int, int]) -> None:
        assert self.view is not None
        m = self.match
        key = (m.version, m.viewer, self.p.selected, self.show_control, id(self.view.pal), my_turn)
        if self._keys.get("scene") == key:
            return
        self._keys["scene"] = key
        obs = m.observe()
        sel = self.own_selected()
        reach = None
        spent: set[str] = set()
        if my_turn:
            if sel is not None:
                r = m.options(sel.id).reach
                reach = r.cells() if r is not None else None
            spent = {u.id for u in obs.own() if not m.options(u.id).can_act}
        mask = None
        if self.show_control:
            mask = np.zeros(obs.visible.shape, bool)
            for z in self.view.terrain.objective_zones:
                mask |= m.game.zone_masks[z]
        self.view.set_scene(build_scene(obs, self.view.pal, reach, mask, spent))
        mini_key = (m.version, m.viewer, id(self.view.pal), minimap_size)
        if self._keys.get("mini") != mini_key and self.minimap is not None:
            self._keys["mini"] = mini_key
            self.minimap.build(obs, minimap_size)

    # --- per frame -------------------------------------------------------------------------
    def overlay(self, my_turn: bool, now: float) -> Overlay:
        m = self.match
        obs = m.observe()
        sel = obs.units.get(self.p.selected or "")
        ov = Overlay(hover=self.p.hover, cursor=self.p.cursor, selected=sel.cell if sel else None,
                     markers=self.markers, now=now, night=obs.night)
        own = self.own_selected()
        target = self.p.focus_cell(self.camera)
        if own is not None and my_turn:
            opts = m.options(own.id)
            ov.targets = [obs.units[t].cell for t in opts.targets]
            ov.node_targets = [tuple(m.game.nodes[n].at) for n in opts.tunnel_nodes]
            if target is not None and opts.reach is not None:
                path, _ = self.path_to(own, target)
                if path:
                    ov.path = [own.cell, *path]
        if any("tunnels" in m.game.scenario.unit_types[u.type].abilities for u in obs.own()):
            known = obs.known_nodes - obs.collapsed
            ov.links = [(tuple(m.game.nodes[a].at), tuple(m.game.nodes[b].at))
                        for a, b in m.game.scenario.tunnels.links if a in known and b in known]
        return ov

    def path_to(self, own: UnitView, cell: Cell) -> tuple[list[Cell] | None, int | None]:
        """The path and cost the selected unit would take to ``cell`` (None when out of reach)."""
        m = self.match
        key = (m.version, own.id, cell)
        if self._path is not None and self._path[0] == key:
            return self._path[1], self._path[2]
        reach = m.options(own.id).reach
        path, cost = None, None
        if reach is not None and cell != own.cell and reach.can_reach(*cell):
            path = reach.path(*cell)
            cost = reach.distance(*cell)
        self._path = (key, path, cost)
        return path, cost

    def draw(self, surface: pygame.Surface, my_turn: bool, now: float, minimap_rect: pygame.Rect) -> None:
        assert self.view is not None
        self.scene(my_turn, minimap_rect.size)
        self.view.draw(surface, self.overlay(my_turn, now))

    def draw_minimap(self, surface: pygame.Surface) -> None:
        if self.minimap is not None:
            self.minimap.draw(surface, self.camera)

    def draw_tooltip(self, surface: pygame.Surface, ctx: UiContext, my_turn: bool) -> None:
        """The tooltip of the cell pointed at, or the notice pinned to a cell, kept off the
        selected unit so it never hides what it is about."""
        if self.view is None or self.p.dragging:
            return
        sel = self.match.observe().units.get(self.p.selected or "")
        avoid = self.camera.cell_center(*sel.cell) if sel is not None else None
        clear = None
        if sel is not None:  # the selected unit and the cells around it, where its next move or attack goes
            z = self.camera.z
            clear = pygame.Rect(self.camera.cell_origin(sel.x - 1, sel.y - 1), (3 * z, 3 * z))
        bounds = pygame.Rect(self.camera.view)
        if self.notice is not None:
            pos = self.camera.cell_center(*self.notice.cell)
            draw_tooltip(surface, [(self.notice.text, "warn")], pos, self.view.pal, ctx.fonts, bounds, avoid, clear)
            return
        cell = self.p.focus_cell(self.camera)
        if cell is None:
            return
        if not self.p.keyboard and not self.tip_ready(cell, ctx.now()):  # the mouse rests a moment first
            return
        pos = self.p.mouse
        if self.p.keyboard and self.p.cursor is not None:
            cx, cy = self.camera.cell_origin(*cell)
            pos = (cx + self.camera.z, cy + self.camera.z)
        m = self.match
        key = (m.version, m.viewer, cell, self.p.selected)
        if self._tip is None or self._tip[0] != key:
            obs = m.observe()
            own = self.own_selected()
            path_cost = None
            reach = False
            opts = m.options(own.id) if own is not None and my_turn else None
            if opts is not None and own is not None and not own.underground:
                path, path_cost = self.path_to(own, cell)
                reach = path is not None
            self._tip = (key, describe.cell_tooltip(obs, cell, own, reach, path_cost, opts))
        draw_tooltip(surface, self._tip[1], pos, self.view.pal, ctx.fonts, bounds, avoid, clear)

    def tip_ready(self, cell: Cell, now: float) -> bool:
        """Whether the pointer has rested on ``cell`` for TIP_DELAY seconds (the wait starts over on
        each new cell, so sweeping across the map shows no flicker of tooltips)."""
        if self._hover_since is None or self._hover_since[0] != cell:
            self._hover_since = (cell, now, False)
        ready = now - self._hover_since[1] >= TIP_DELAY
        if ready:
            self._hover_since = (cell, self._hover_since[1], True)
        return ready

    @property
    def tip_pending(self) -> bool:
        """A tooltip is waiting for its moment (the screen keeps drawing until it shows)."""
        h = self.p.hover
        return (h is not None and self.p.mouse_inside and not self.p.dragging
                and (self._hover_since is None or self._hover_since[0] != h or not self._hover_since[2]))
