"""Drawing of the educator window: the map with the tunnels the shown side knew, the step panel,
the banner and the timeline bar (phases as bands, turns as ticks, beats as named flags).

``EducatorDrawing`` is mixed into ``EducatorScreen``: it reads the screen's position and viewer
and draws; it changes nothing but its caches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from game.engine.observation import Observation
from game.narrate.grammar import short_label, stamp_label
from game.teach.cards import step_text
from game.ui.map_marks import dashes
from game.ui.scene import Marker, Overlay, build_scene, event_marker
from game.ui.teach_key import MapKey
from game.ui.widgets import fit_text

if TYPE_CHECKING:
    from pygame_gui.elements import UIButton

    from game.teach.timeline import Beat, Timeline
    from game.ui.camera import Camera
    from game.ui.mapview import MapView
    from game.ui.screen import UiContext
    from game.ui.theme import Fonts
    from game.ui.widgets import RichText

Cell = tuple[int, int]
PHASE_TONES = ("text_own", "text_warn", "text_bad", "text_enemy", "text_good", "text_title", "text_source")


LINE_ROWS = 4  # rows for the lesson's lines under the timeline: the history, then what-ifs (sharing rows past three)
HINT = "Right/Left: step · Shift+Right/Left: turn · PgDn/PgUp: beat · Space: play · V: view · click the bar to jump"


def line_rows(n_lines: int) -> int:
    """Rows the lines track takes: none for the history alone, else one per line up to ``LINE_ROWS``."""
    return min(n_lines, LINE_ROWS) if n_lines > 1 else 0


def timeline_layout(w: int, h: int, px: Any, fonts: Fonts, n_lines: int) -> dict[str, pygame.Rect]:
    """The timeline bar at the foot of a ``w`` x ``h`` window, row by row from the top: beat names,
    the track, turn labels, the lesson's lines (a row each, their names above them), the key hint.

    Each row is as tall as its font is at the current scale, so at a presentation scale the rows grow
    with the text and none is drawn over another. ``lines`` spans the line rows (empty without them).
    """
    names_h = fonts.get(13, bold=True).get_linesize()
    small_h = fonts.get(12).get_linesize()
    row_h = fonts.get(12, bold=True).get_linesize() + px(4)  # a line's stroke, its name set on it
    rows = line_rows(n_lines)
    height = px(6) + names_h + px(4) + px(22) + px(6) + small_h + px(4) + rows * row_h + small_h + px(6)
    bar = pygame.Rect(0, h - height, w, height)
    names = pygame.Rect(px(16), bar.y + px(6), w - px(32), names_h)
    track = pygame.Rect(names.x, names.bottom + px(4), names.w, px(22))
    ticks = pygame.Rect(names.x, track.bottom + px(6), names.w, small_h)
    lines = pygame.Rect(names.x, ticks.bottom + px(4), names.w, rows * row_h)
    hint = pygame.Rect(names.x, lines.bottom, names.w, small_h)
    return {"bar": bar, "names": names, "track": track, "ticks": ticks, "lines": lines, "hint": hint}


class EducatorDrawing:
    """What the educator window draws (the attributes below are the screen's)."""

    tl: Timeline
    game: Any
    pos: int
    viewer: str | None
    playing: bool
    status: str
    view: MapView | None
    camera: Camera
    info: RichText | None
    buttons: dict[str, UIButton]
    layout: dict[str, pygame.Rect]
    markers: list[Marker]
    tunnel_links: list[tuple[Cell, Cell]]
    tunnel_nodes: list[Cell]
    ctx: UiContext | None
    dirty: bool
    _keys: dict[str, Any]

    @property
    def obs(self) -> Observation:
        raise NotImplementedError

    def current_beat(self) -> Beat | None:
        raise NotImplementedError

    def side_name(self, side: str | None) -> str:
        raise NotImplementedError

    def map_key(self) -> MapKey:
        """The control tint, the border line and the key (made once per game)."""
        mk = getattr(self, "_map_key", None)
        if mk is None or mk.game is not self.game:
            mk = self._map_key = MapKey(self.game)
        return mk

    def position_at_x(self, x: int) -> int:
        tr = self.layout["track"]
        f = (x - tr.x) / max(1, tr.w)
        return self.tl.clamp(round(f * self.tl.end))

    def x_of(self, k: int) -> int:
        tr = self.layout["track"]
        return tr.x + round(tr.w * k / max(1, self.tl.end))

    def _markers(self) -> None:
        """Mark what the shown action did (moves, fights, finds) until the position changes."""
        self.markers = []
        if self.view is None:
            return
        for ev in self.tl.events_of(self.pos) if self.pos else []:
            if self.viewer is None or ev.visible_to(self.viewer):
                mk = event_marker(ev, self.view.pal, 0.0, 1e9)
                if mk is not None:
                    self.markers.append(mk)

    def _scene(self) -> None:
        assert self.view is not None
        key = (self.pos, self.viewer, id(self.view.pal))
        if self._keys.get("scene") == key:
            return
        self._keys["scene"] = key
        self._markers()
        obs = self.obs
        mask = np.zeros(obs.visible.shape, bool)
        for z in self.view.terrain.objective_zones:
            mask |= self.game.zone_masks[z]
        self.view.set_scene(build_scene(obs, self.view.pal, None, mask))

    def overlay(self) -> Overlay:
        obs = self.obs
        if self.viewer is None:
            known = set(self.game.nodes)
        else:
            tunnellers = any("tunnels" in self.game.scenario.unit_types[u.type].abilities for u in obs.own())
            known = set(obs.known_nodes - obs.collapsed) if tunnellers else set()
        self.tunnel_links = [(tuple(self.game.nodes[a].at), tuple(self.game.nodes[b].at))
                             for a, b in self.game.scenario.tunnels.links if a in known and b in known]
        self.tunnel_nodes = [tuple(self.game.nodes[n].at) for n in sorted(known)]
        return Overlay(markers=self.markers, now=1.0)

    def _draw_tunnels(self, surface: pygame.Surface) -> None:
        """The tunnel network the shown side knew (all of it in god view), bolder than in play: on a
        projector the game's thin dashes vanish, and the tunnels are what the lesson is about."""
        assert self.view is not None
        cam, pal = self.camera, self.view.pal
        z = cam.z
        vx, vy, vw, vh = cam.view
        layer = pygame.Surface((vw, vh), pygame.SRCALPHA)
        width = max(2, z // 6)
        col = pygame.Color(pal.c("tunnel_ring"))
        col.a = 190
        shadow = pygame.Color(0, 0, 0, 110)
        for a, b in self.tunnel_links:
            (ax, ay), (bx, by) = cam.cell_center(*a), cam.cell_center(*b)
            for p0, p1 in dashes((ax - vx, ay - vy), (bx - vx, by - vy), max(6, z // 2)):
                pygame.draw.line(layer, shadow, p0, p1, width + 2)
                pygame.draw.line(layer, col, p0, p1, width)
        for c in self.tunnel_nodes:
            cx, cy = cam.cell_center(*c)
            pygame.draw.circle(layer, shadow, (cx - vx, cy - vy), round(z * 0.75) + 1, max(2, z // 8) + 2)
            pygame.draw.circle(layer, col, (cx - vx, cy - vy), round(z * 0.75), max(2, z // 8))
        surface.blit(layer, (vx, vy))

    def _refresh(self) -> None:
        """Texts and button labels for the shown position."""
        if self.info is None:
            return
        st = self.tl.state_at(self.pos)
        beat = self.current_beat()
        acting = self.game.current_side(st)
        lines: list[list[tuple[str, str, bool]]] = [
            [(f"Turn {st.turn} · {stamp_label(self.game.date_of(st.turn))}", "title", True)],
            [(f"Phase: {beat.name if beat else '—'}", "warn", True)],
            [(f"Action {self.pos} of {self.tl.end}", "dim", False),
             (f" · to move: {self.game.scenario.sides[acting].name}" if acting else " · the game is over", "dim",
              False)],
            [(f"Showing: {self.side_name(self.viewer)}", "own" if self.viewer else "info", True)],
        ]
        if self.viewer is not None:
            lines.append([("Its fog and last-known positions, exactly as it saw them then.", "dim", False)])
        lines.append([("", "info", False)])
        lines.append([("This step" if self.pos else "The set-up", "title", True)])
        said = step_text(self.game, self.viewer, self.tl.events_of(self.pos))
        if not said:
            said = [("Nothing this side could see happened." if self.viewer else "Nothing happened.", "dim")]
        for text, tone_name in said[:10]:
            lines.append([(text, tone_name, tone_name == "warn")])
        if self.viewer is None:
            lines.append([("", "info", False)])
            lines.append([("On the map: pale rings and dashes are tunnel entrances and links; faded counters "
                           "are units underground.", "dim", False)])
        if self.status:
            lines.append([("", "info", False)])
            lines.append([(self.status, "good", False)])
        self.info.set(lines)
        if self.buttons:
            self.buttons["play"].set_text("Pause (Space)" if self.playing else "Play (Space)")
            label = "all sides" if self.viewer is None else self.game.scenario.sides[self.viewer].name
            self.buttons["view"].set_text(f"View: {label.split(' ')[0]} (V)" if len(label) > 14 else
                                          f"View: {label} (V)")

    def draw(self, surface: pygame.Surface) -> None:
        if self.view is None or self.ctx is None:
            return
        self.dirty = False
        self._scene()
        self.view.draw(surface, self.overlay())
        key = self.map_key()
        key.draw_control(surface, self.camera, self.obs.control)
        key.draw_border(surface, self.camera)
        self._draw_tunnels(surface)
        key.draw_key(surface, self.layout["map"], self.ctx.fonts, self.ctx.px)
        pal = self.view.pal
        col = self.layout["column"]
        surface.fill(pal.c("panel_bg"), pygame.Rect(col.x, col.y, col.w, self.layout["buttons"].y - col.y))
        pygame.draw.line(surface, pal.c("minimap_border"), col.topleft, col.bottomleft)
        assert self.info is not None
        clip = surface.get_clip()
        surface.set_clip(self.info.rect)
        self.info.draw(surface)
        surface.set_clip(clip)
        self._draw_banner(surface)
        self._draw_bar(surface)

    def _draw_banner(self, surface: pygame.Surface) -> None:
        assert self.ctx is not None and self.view is not None
        pal, px = self.view.pal, self.ctx.px
        r = self.layout["banner"]
        surface.fill(pal.c("dark_bg"), r)
        st = self.tl.state_at(self.pos)
        beat = self.current_beat()
        f = self.ctx.fonts.get(19, bold=True)
        line = getattr(self, "lines", None)
        where = f"What-if “{line.current}”" if line is not None and line.current != "history" else "Historical line"
        left = (f"{where} · {self.game.scenario.title} · turn {st.turn}, "
                f"{stamp_label(self.game.date_of(st.turn))}")
        if beat:
            left += f" · {beat.name}"
        if f.size(left)[0] > r.w - px(24):  # a what-if's long name at a presentation scale: the title gives way
            left = left.replace(f" · {self.game.scenario.title}", "")
        img = f.render(fit_text(f, left, r.w - px(24)), True, pal.c("text_title"))
        surface.blit(img, (px(12), r.centery - img.get_height() // 2))
        right = ("Playing" if self.playing else "Paused") + f" · {self.side_name(self.viewer)} · F1: keys"
        img2 = self.ctx.fonts.get(16).render(right, True, pal.c("text_own") if self.viewer else pal.c("text_dim"))
        if img.get_width() + img2.get_width() + px(40) < r.w:
            surface.blit(img2, (r.right - px(12) - img2.get_width(), r.centery - img2.get_height() // 2))

    def _draw_bar(self, surface: pygame.Surface) -> None:
        """The timeline: phases as coloured bands, turns as ticks with dates, beats as flags."""
        assert self.ctx is not None and self.view is not None
        pal, px, fonts = self.view.pal, self.ctx.px, self.ctx.fonts
        bar, tr = self.layout["bar"], self.layout["track"]
        surface.fill(pal.c("panel_bg"), bar)
        pygame.draw.line(surface, pal.c("minimap_border"), bar.topleft, bar.topright)
        self.bar_drawn: list[tuple[str, pygame.Rect]] = []  # kind ("beat", "tick", "line", "hint"), where
        beats = self.tl.beats
        small = fonts.get(12)
        labels: list[tuple[int, str, pygame.Color]] = []
        for i, b in enumerate(beats):  # phase bands
            x0 = self.x_of(b.position)
            x1 = self.x_of(beats[i + 1].position) if i + 1 < len(beats) else tr.right
            colour = pal.colours.get(PHASE_TONES[i % len(PHASE_TONES)], pal.c("text_dim"))
            band = pygame.Rect(x0, tr.y, max(1, x1 - x0), tr.h)
            dim = pygame.Color(colour)
            dim.a = 255
            surface.fill(dim.lerp(pal.c("panel_bg"), 0.45), band)
            pygame.draw.line(surface, colour, (x0, self.layout["names"].y), (x0, tr.bottom), max(2, px(3)))
            labels.append((x0, b.name, colour))
        font = fonts.get(13, bold=True)
        for i, (x0, text, colour) in enumerate(labels):
            # rows alternate (above the track, inside its band) so close beats keep their names;
            # each name is cut short before the next name in its row
            row = i % 2
            limit = labels[i + 2][0] if i + 2 < len(labels) else tr.right
            img = font.render(fit_text(font, text, limit - x0 - px(10)), True,
                              colour if row == 0 else pal.c("text_title"))
            y = self.layout["names"].y if row == 0 else tr.centery - img.get_height() // 2
            self._bar_blit(surface, "beat", img, (x0 + px(4), y))
        pygame.draw.rect(surface, pal.c("minimap_border"), tr, 1)
        snaps = sorted((turn, n) for turn, (n, _, _) in self.tl.session.snapshots.items())
        last_label = -10**6
        for turn, n in snaps:  # turn ticks, labelled where there is room
            x = self.x_of(n)
            pygame.draw.line(surface, pal.c("tooltip_dim"), (x, tr.bottom - px(6)), (x, tr.bottom + px(4)))
            label = small.render(f"T{turn} {short_label(self.game.date_of(turn)[:10])}", True, pal.c("tooltip_dim"))
            if x - last_label > label.get_width() + px(8) and x + px(2) + label.get_width() <= bar.right:
                self._bar_blit(surface, "tick", label, (x + px(2), self.layout["ticks"].y))
                last_label = x
        self._draw_lines_track(surface)
        x = self.x_of(self.pos)  # the shown position
        pygame.draw.line(surface, pal.c("cursor"), (x, tr.y - px(4)), (x, tr.bottom + px(4)), max(3, px(4)))
        pygame.draw.polygon(surface, pal.c("cursor"), [(x - px(7), tr.y - px(10)), (x + px(7), tr.y - px(10)),
                                                       (x, tr.y - px(2))])
        hint = self.layout["hint"]
        font = fonts.get(12)
        self._bar_blit(surface, "hint", font.render(fit_text(font, HINT, hint.w), True, pal.c("text_dim")), hint.topleft)

    def _bar_blit(self, surface: pygame.Surface, kind: str, img: pygame.Surface, at: tuple[int, int]) -> None:
        """Draw one text of the timeline bar, noting what and where (``bar_drawn``, which tests read)."""
        self.bar_drawn.append((kind, surface.blit(img, at)))

    def _draw_lines_track(self, surface: pygame.Surface) -> None:
        """The lesson's lines under the timeline: the history across its own row, each what-if from its
        branch point (the one on screen bold), so a class sees where the story forks. What-ifs share the
        rows after the first when there are more than fit; a name is cut before the next line's start."""
        lines = getattr(self, "lines", None)
        if lines is None or not line_rows(len(lines.names)) or self.ctx is None or self.view is None:
            return
        rows = line_rows(len(lines.names))
        pal, px = self.view.pal, self.ctx.px
        tr, area = self.layout["track"], self.layout["lines"]
        row_h = area.h // rows
        font = self.ctx.fonts.get(12, bold=True)
        starts = [tr.x if i == 0 else self.x_of(min(lines.lines[n].at, self.tl.end)) for i, n in enumerate(lines.names)]
        row_of = [0] + [1 + (i - 1) % (rows - 1) for i in range(1, len(starts))]
        for i, name in enumerate(lines.names):
            line = lines.lines[name]
            x0, top = starts[i], area.y + row_of[i] * row_h
            y = top + row_h // 2
            x1 = min(tr.right, self.x_of(line.timeline.end))
            current = name == lines.current
            colour = pal.c("cursor") if current else pal.c("tooltip_dim")
            pygame.draw.line(surface, colour, (x0, y), (max(x0 + 2, x1), y), max(2, px(4 if current else 2)))
            if i:
                pygame.draw.circle(surface, colour, (x0, y), max(3, px(4)))
            nxt = next((starts[k] for k in range(i + 1, len(starts)) if row_of[k] == row_of[i] and starts[k] > x0),
                       tr.right)
            text = "Historical line" if i == 0 else name
            img = font.render(fit_text(font, text, max(px(40), nxt - x0 - px(24))), True, colour)
            at = (x0 + px(12), top + (row_h - img.get_height()) // 2)  # set on the stroke, just after its start
            surface.fill(pal.c("panel_bg"), pygame.Rect(at, img.get_size()).inflate(px(8), 0))
            self._bar_blit(surface, "line", img, at)
