"""The map legend (key L, and from the keys list): what the colours, frames, symbols, badges,
terrain and marks on the map mean, drawn with the map's own counters and colours.

Everything comes from the scenario (its factions, unit types, terrain) and the palette in use
(so the colour-blind palette's legend shows the colour-blind colours): a player who wonders
what "SF" or a dashed counter means finds it here, for any scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pygame

from game.scenario.model import Scenario
from game.ui.commands import Command, Pop
from game.ui.dialogs import Choice
from game.ui.screen import Screen
from game.ui.symbols import CounterLook, render_counter
from game.ui.theme import Fonts, Palette, luminance, with_alpha

# What each unit symbol the counters can draw stands for (the scenario names the types that use it)
SYMBOLS = {
    "infantry": "crossed lines: infantry",
    "mechanized": "crossed lines in an oval: mechanised",
    "armour": "an oval: armour",
    "militia": "a cross with a bar: militia",
    "engineer": "a bridge sign: engineers",
    "artillery": "a dot: fire support",
    "special_forces": "SF: special forces, elite infantry",
    "suicide": "a burst: suicide attackers",
    "headquarters": "a staff: headquarters",
}


@dataclass(frozen=True)
class Entry:
    """One row of the legend: a small picture and its words."""

    kind: str  # "counter", "swatch", "fog", "node", "zone", "border", "control", "reach", "heading", "text"
    text: str
    look: Any = None  # CounterLook, a colour, or a node state


def entries(sc: Scenario, pal: Palette, viewer: str | None) -> list[list[Entry]]:
    """The legend's three columns: sides and factions; symbols and badges; terrain and map marks."""
    grey = (150, 150, 150, 255)
    sides: list[Entry] = [Entry("heading", "Sides and their factions")]
    for sid, side in sc.sides.items():
        mine = " (you)" if sid == viewer else ""
        sides.append(Entry("text", side.name + mine))
        for fid, f in sc.factions.items():
            if f.side == sid:
                c = pal.factions.get(fid, pygame.Color(f.color))
                look = CounterLook((c.r, c.g, c.b, c.a), "infantry", 4, 4,
                                   hostile=viewer is not None and sid != viewer and sid not in sc.sides[viewer].allies,
                                   size=0)
                sides.append(Entry("counter", f.name, look))
    sides.append(Entry("text", "Square frame: your side and allies."))
    sides.append(Entry("text", "Diamond frame: the other sides."))
    sides.append(Entry("text", "The number: strength in steps."))

    marks: list[Entry] = [Entry("heading", "Unit symbols")]
    used: dict[str, list[str]] = {}
    for ut in sc.unit_types.values():
        used.setdefault(ut.symbol, []).append(ut.name)
    for sym, names in used.items():
        what = SYMBOLS.get(sym, sym.replace("_", " "))
        marks.append(Entry("counter", f"{what} ({', '.join(names)})", CounterLook(grey, sym, 4, 4, False, 0)))
    marks.append(Entry("heading", "Badges"))
    marks.append(Entry("counter", "z: stood down (resting, not watching)", CounterLook(grey, "infantry", 4, 4, False, 0,
                                                                                        stood_down=True)))
    marks.append(Entry("counter", "!: broken, falls back", CounterLook(grey, "infantry", 4, 4, False, 0, broken=True)))
    marks.append(Entry("counter", "Triangle, faded: underground", CounterLook(grey, "infantry", 4, 4, False, 0,
                                                                                underground=True)))
    marks.append(Entry("counter", "Red notches: steps lost", CounterLook(grey, "infantry", 2, 4, False, 0)))
    marks.append(Entry("counter", "Darker: done for this turn", CounterLook(grey, "infantry", 4, 4, False, 0,
                                                                              spent=True)))

    land: list[Entry] = [Entry("heading", "Terrain")]
    for tid, t in sc.terrain.items():
        cost = "impassable" if t.move_cost is None or t.river else f"move {t.move_cost:g}"
        land.append(Entry("swatch", f"{t.name}: defence ×{t.defence:g}, {cost}", pal.terrain.get(tid)))
    land.append(Entry("heading", "On the map"))
    land.append(Entry("fog", "Shaded: out of your sight now"))
    land.append(Entry("counter", "Dashed: last seen there, may have moved", CounterLook(grey, "infantry", 4, 4, True, 0,
                                                                                        ghost=True)))
    if sc.tunnels.nodes:
        land.append(Entry("node", "Tunnel entrance you know of", "open"))
        land.append(Entry("node", "Crossed: collapsed entrance", "collapsed"))
    land.append(Entry("zone", "Dashed outline: an objective zone"))
    for z in sc.zones.values():
        if z.border:
            land.append(Entry("border", f"Dark line, light dashes: {z.border}"))
    land.append(Entry("control", "Corner mark: who holds the cell (C)"))
    land.append(Entry("reach", "Tinted: where the selected unit can go"))
    return [sides, marks, land]


class LegendScreen(Screen):
    """A modal card over the map; any key or click closes it."""

    modal = True
    opaque = False
    name = "legend"

    def __init__(self, scenario: Scenario, viewer: str | None) -> None:
        super().__init__()
        self.scenario, self.viewer = scenario, viewer

    def handle(self, event: pygame.event.Event) -> Command | None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_l, pygame.K_RETURN,
                                                          pygame.K_KP_ENTER, pygame.K_SPACE):
            return Pop(Choice("legend", "close"))
        if event.type == pygame.MOUSEBUTTONUP and event.button in (1, 3):
            return Pop(Choice("legend", "close"))
        return None

    def draw_overlay(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        pal = ctx.palette(self.scenario)
        draw_legend(surface, entries(self.scenario, pal, self.viewer), pal, ctx.fonts, ctx.px)


def _fit(cols: list[list[Entry]], fonts: Fonts, size: int, col_w: int, height: int) -> tuple[int, list[list[int]]]:
    """The largest font size (from ``size`` down) at which every column fits; the rows' heights."""
    while True:
        f = fonts.get(size, scaled=False)
        line = f.get_linesize()
        icon = max(line + 4, round(line * 1.5))
        heights = []
        for col in cols:
            hs = []
            for e in col:
                if e.kind == "heading":
                    hs.append(round(line * 1.6))
                elif e.kind == "text":
                    hs.append(line * len(_wrap(f, e.text, col_w)))
                else:
                    hs.append(max(icon, line * len(_wrap(f, e.text, col_w - icon - 8))) + 3)
            heights.append(hs)
        if size <= 9 or max(sum(h) for h in heights) <= height:
            return size, heights
        size -= 1


def _wrap(f: pygame.font.Font, text: str, width: int) -> list[str]:
    lines, cur = [], ""
    for w in text.split():
        t = f"{cur} {w}".strip()
        if cur and f.size(t)[0] > width:
            lines.append(cur)
            cur = w
        else:
            cur = t
    return [*lines, cur] if cur else lines or [""]


def draw_legend(surface: pygame.Surface, cols: list[list[Entry]], pal: Palette, fonts: Fonts, px: Any) -> None:
    """The legend card, centred, its font shrunk until all three columns fit the window."""
    w, h = surface.get_size()
    pad = px(16)
    card = pygame.Rect(0, 8, min(w - 16, px(1040)), h - 16)
    title_f = fonts.get(20, bold=True)
    head = pad // 2 + title_f.get_linesize() + px(6)
    gap = px(14)
    col_w = (card.w - 2 * pad - 2 * gap) // 3
    size, heights = _fit(cols, fonts, px(14), col_w, card.h - head - pad // 2)
    card.h = min(card.h, head + max(sum(hs) for hs in heights) + pad)
    card.center = (w // 2, h // 2)
    pygame.draw.rect(surface, pal.c("panel_bg"), card, border_radius=6)
    pygame.draw.rect(surface, pal.c("minimap_border"), card, 1, border_radius=6)
    surface.blit(title_f.render("Map legend", True, pal.c("tooltip_head")), (card.x + pad, card.y + pad // 2))
    hint = fonts.get(13).render("L, Escape or a click closes it", True, pal.c("tooltip_dim"))
    surface.blit(hint, (card.right - pad - hint.get_width(), card.y + pad // 2 + 4))
    top = card.y + head
    f = fonts.get(size, scaled=False)
    fb = fonts.get(size + 1, bold=True, scaled=False)
    line = f.get_linesize()
    icon = max(line + 4, round(line * 1.5))
    for ci, col in enumerate(cols):
        x, y = card.x + pad + ci * (col_w + gap), top
        for e, eh in zip(col, heights[ci], strict=True):
            if e.kind == "heading":
                surface.blit(fb.render(e.text, True, pal.c("tooltip_head")), (x, y + round(line * 0.4)))
            elif e.kind == "text":
                for i, t in enumerate(_wrap(f, e.text, col_w)):
                    surface.blit(f.render(t, True, pal.c("tooltip_text")), (x, y + i * line))
            else:
                _icon(surface, e, pygame.Rect(x, y, icon, icon), pal, fonts)
                for i, t in enumerate(_wrap(f, e.text, col_w - icon - 8)):
                    surface.blit(f.render(t, True, pal.c("tooltip_text")), (x + icon + 8, y + i * line + 1))
            y += eh


def _icon(surface: pygame.Surface, e: Entry, r: pygame.Rect, pal: Palette, fonts: Fonts) -> None:
    """The picture of one entry, drawn as the map draws it."""
    if e.kind == "counter":
        look = replace(e.look, size=r.h)
        surface.blit(render_counter(look, pal, fonts), r.topleft)
    elif e.kind == "swatch":
        col = e.look if e.look is not None else pygame.Color("grey")
        pygame.draw.rect(surface, col, r)
        pygame.draw.rect(surface, pal.c("counter_dark"), r, 1)
    elif e.kind == "fog":
        pygame.draw.rect(surface, pygame.Color(200, 178, 122), r)
        fog = pal.c("fog")
        shade = pygame.Surface(r.size, pygame.SRCALPHA)
        shade.fill(fog)
        surface.blit(shade, r.topleft)
    elif e.kind == "node":
        c, rad = r.center, max(3, r.h // 5)
        pygame.draw.circle(surface, pal.c("tunnel_ring"), c, rad + 2)
        pygame.draw.circle(surface, pal.c("tunnel_hole"), c, rad)
        if e.look == "collapsed":
            k = rad + 1
            col = pal.c("tunnel_collapsed")
            pygame.draw.line(surface, col, (c[0] - k, c[1] - k), (c[0] + k, c[1] + k), 3)
            pygame.draw.line(surface, col, (c[0] - k, c[1] + k), (c[0] + k, c[1] - k), 3)
    elif e.kind == "zone":
        col = pal.c("zone_outline")
        for k in range(0, r.w, 8):
            pygame.draw.line(surface, col, (r.x + k, r.y + 2), (r.x + min(r.w, k + 4), r.y + 2), 2)
            pygame.draw.line(surface, col, (r.x + 2, r.y + k), (r.x + 2, r.y + min(r.h, k + 4)), 2)
    elif e.kind == "control":
        pygame.draw.rect(surface, pygame.Color(200, 178, 122), r)
        side = next(iter(pal.sides.values()), pygame.Color("red"))
        n = max(4, r.w // 3)
        edge = pal.c("counter_light") if luminance(side) < 0.35 else pal.c("counter_dark")
        pygame.draw.polygon(surface, with_alpha(side, 230), [(r.x + 1, r.y + 1), (r.x + n, r.y + 1), (r.x + 1, r.y + n)])
        pygame.draw.polygon(surface, edge, [(r.x + 1, r.y + 1), (r.x + n, r.y + 1), (r.x + 1, r.y + n)], 1)
    elif e.kind == "border":
        pygame.draw.line(surface, pygame.Color(40, 24, 56), (r.centerx, r.y), (r.centerx, r.bottom), 5)
        for k in range(0, r.h, 8):
            pygame.draw.line(surface, pygame.Color(236, 226, 250), (r.centerx, r.y + k),
                             (r.centerx, r.y + min(r.h, k + 4)), 2)
    elif e.kind == "reach":
        pygame.draw.rect(surface, pygame.Color(200, 178, 122), r)
        tint = pygame.Surface(r.size, pygame.SRCALPHA)
        tint.fill(pal.c("reach"))
        surface.blit(tint, r.topleft)
        pygame.draw.rect(surface, pal.c("reach_edge"), r, 2)
