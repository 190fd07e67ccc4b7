"""Unit counters with NATO-style (APP-6) symbols, drawn with pygame primitives and cached.

The frame follows APP-6 affiliation as seen by the player: a rectangle for the player's own side, a
diamond for other sides, and a dashed frame for a last-known position (APP-6 uses dashed frames for
what is not confirmed). The counter is filled with the faction's colour and shows the strength.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.ui.map_marks import dashes
from game.ui.theme import Fonts, Palette, luminance, shade, with_alpha


@dataclass(frozen=True)
class CounterLook:
    """Everything that changes a counter's pixels (the cache key)."""

    colour: tuple[int, int, int, int]
    symbol: str
    strength: int
    max_strength: int
    hostile: bool
    size: int
    broken: bool = False
    stood_down: bool = False
    underground: bool = False
    spent: bool = False  # own unit that can do nothing more this turn
    ghost: bool = False
    tired: int = 0  # own unit's fatigue in tenths of the most it can reach (shown as a bar from half)


class CounterCache:
    def __init__(self, palette: Palette, fonts: Fonts) -> None:
        self.pal = palette
        self.fonts = fonts
        self._cache: dict[CounterLook, pygame.Surface] = {}

    def get(self, look: CounterLook) -> pygame.Surface:
        s = self._cache.get(look)
        if s is None:
            if len(self._cache) > 600:
                self._cache.clear()
            s = render_counter(look, self.pal, self.fonts)
            self._cache[look] = s
        return s


def render_counter(look: CounterLook, pal: Palette, fonts: Fonts) -> pygame.Surface:
    n = look.size
    surf = pygame.Surface((n, n), pygame.SRCALPHA)
    fill = pygame.Color(*look.colour)
    if look.spent:
        fill = shade(fill, -0.35)
    light, dark = pal.c("counter_light"), pal.c("counter_dark")
    ink = light if luminance(fill) < 0.55 else dark
    edge = light if luminance(fill) < 0.35 else dark
    radius = max(2, n // 8)
    body = surf.get_rect()
    if look.ghost:
        pygame.draw.rect(surf, with_alpha(fill, pal.n("ghost_alpha")), body, border_radius=radius)
        _dashed_rect(surf, with_alpha(light, 230), body.inflate(-1, -1), max(3, n // 6))
    else:
        pygame.draw.rect(surf, fill, body, border_radius=radius)
        pygame.draw.rect(surf, edge, body, width=1, border_radius=radius)
    # the APP-6 frame in the upper part of the counter, the strength below it
    fw, fh = round(n * 0.74), round(n * 0.44)
    frame = pygame.Rect(0, 0, fw, fh)
    frame.midtop = (n // 2, max(2, round(n * 0.1)))
    lw = 1 if n < 30 else 2
    if n >= 14:
        if look.hostile:
            d = min(fh + 4, fw)
            dia = pygame.Rect(0, 0, round(d * 1.25), d)
            dia.center = frame.center
            pts = [dia.midtop, dia.midright, dia.midbottom, dia.midleft]
            pygame.draw.polygon(surf, ink, pts, lw)
            inner = pygame.Rect(0, 0, round(dia.w * 0.5), round(dia.h * 0.5))
            inner.center = dia.center
            _symbol(surf, look.symbol, inner, ink, lw, fonts)
        else:
            pygame.draw.rect(surf, ink, frame, lw)
            _symbol(surf, look.symbol, frame, ink, lw, fonts)
    # strength
    font = fonts.get(max(7, round(n * 0.4)), bold=True, scaled=False)
    txt = font.render(str(look.strength), True, ink)
    r = txt.get_rect()
    r.midbottom = (n // 2, n + max(1, round(n * 0.06)) - 1 if n >= 14 else n // 2 + r.h // 2)
    if n < 14:
        r.center = (n // 2, n // 2)
    surf.blit(txt, r)
    if look.max_strength and look.strength < look.max_strength and n >= 18:  # lost steps: a notch per step
        lost = look.max_strength - look.strength
        w = max(2, n // 10)
        for i in range(min(lost, 5)):
            x = n - 3 - w - i * (w + 1)
            pygame.draw.rect(surf, pal.c("text_bad") if not look.ghost else ink, (x, n - 3 - w // 2, w, max(2, w // 2)))
    badges = []
    if look.broken:
        badges.append(("!", pal.c("target")))
    if look.stood_down:
        badges.append(("z", pal.c("text_dim")))
    if look.underground:
        badges.append(("v", pal.c("tunnel_ring")))  # drawn as a downward triangle below
    if badges and n >= 16:
        bf = fonts.get(max(7, round(n * 0.3)), bold=True, scaled=False)
        br = max(4, round(n * 0.18))
        for i, (t, col) in enumerate(badges):
            cx, cy = n - br - 1, br + 1 + i * (2 * br + 1)
            pygame.draw.circle(surf, dark, (cx, cy), br + 1)
            pygame.draw.circle(surf, col, (cx, cy), br)
            ink_b = dark if luminance(col) > 0.5 else light
            if t == "v":  # underground: a small downward triangle (no font has to carry the glyph)
                k = max(2, br // 2 + 1)
                pygame.draw.polygon(surf, ink_b, [(cx - k, cy - k // 2), (cx + k, cy - k // 2), (cx, cy + k)])
                continue
            ts = bf.render(t, True, ink_b)
            surf.blit(ts, ts.get_rect(center=(cx, cy)))
    if look.tired >= 5 and n >= 16:  # fatigue from half its most: a bar up the left edge, warning then bad colour
        bw = max(3, n // 9)
        bh = round((n - 4) * look.tired / 10)
        col = pal.c("text_bad") if look.tired >= 7 else pal.c("text_warn")
        pygame.draw.rect(surf, dark, (1, n - 2 - bh - 1, bw + 2, bh + 2))
        pygame.draw.rect(surf, col, (2, n - 2 - bh, bw, bh))
    if look.underground and not look.ghost:
        surf.set_alpha(pal.n("underground_alpha"))
    return surf


def _symbol(surf: pygame.Surface, symbol: str, r: pygame.Rect, ink: pygame.Color, lw: int, fonts: Fonts) -> None:
    """The branch symbol inside the frame rect ``r``."""
    if symbol in ("infantry", "mechanized", "militia"):
        pygame.draw.line(surf, ink, r.topleft, (r.right - 1, r.bottom - 1), lw)
        pygame.draw.line(surf, ink, (r.left, r.bottom - 1), (r.right - 1, r.top), lw)
    if symbol in ("armour", "mechanized"):
        e = pygame.Rect(0, 0, max(4, round(r.w * 0.62)), max(3, round(r.h * 0.56)))
        e.center = r.center
        pygame.draw.rect(surf, ink, e, lw, border_radius=e.h // 2)
    if symbol == "militia":  # an irregular force: the infantry cross with a vertical bar
        pygame.draw.line(surf, ink, (r.centerx, r.top), (r.centerx, r.bottom - 1), lw)
    if symbol == "engineer":
        y0, y1 = r.top + round(r.h * 0.32), r.top + round(r.h * 0.72)
        x0, x1 = r.left + round(r.w * 0.2), r.right - round(r.w * 0.2) - 1
        pygame.draw.line(surf, ink, (x0, y0), (x1, y0), lw)
        for x in (x0, (x0 + x1) // 2, x1):
            pygame.draw.line(surf, ink, (x, y0), (x, y1), lw)
    if symbol == "artillery":
        pygame.draw.circle(surf, ink, r.center, max(2, min(r.w, r.h) // 5))
    if symbol == "special_forces" and r.h >= 6:
        f = fonts.get(max(6, round(r.h * 0.8)), bold=True, scaled=False)
        t = f.render("SF", True, ink)
        surf.blit(t, t.get_rect(center=r.center))
    if symbol == "suicide":  # an explosive burst
        cx, cy = r.center
        ro, ri = min(r.w, r.h) * 0.5, min(r.w, r.h) * 0.22
        pts = []
        for i in range(16):
            a = math.pi * i / 8
            rad = ro if i % 2 == 0 else ri
            pts.append((cx + rad * math.cos(a) * r.w / max(r.w, r.h) * 1.3, cy + rad * math.sin(a)))
        pygame.draw.polygon(surf, ink, pts, lw)
    if symbol == "headquarters":
        pygame.draw.line(surf, ink, r.bottomleft, (r.left, min(surf.get_height() - 1, r.bottom + r.h // 2)), lw)


def _dashed_rect(surf: pygame.Surface, col: pygame.Color, r: pygame.Rect, dash: int) -> None:
    for a, b in ((r.topleft, r.topright), (r.topright, r.bottomright), (r.bottomright, r.bottomleft),
                 (r.bottomleft, r.topleft)):
        for p0, p1 in dashes(a, b, dash):
            pygame.draw.line(surf, col, p0, p1, 1)
