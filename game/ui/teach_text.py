"""Text laid out for a projector: word-wrapped paragraphs in tones and sizes (the beat card, the
dialogs of educator mode) and report charts turned into surfaces."""

from __future__ import annotations

import base64
import io

import pygame

from game.teach.cards import BeatCard
from game.ui.theme import Fonts, Palette
from game.ui.widgets import TONES, RichText

# (text, tone, size in unscaled points, bold, indent in unscaled pixels)
Para = tuple[str, str, int, bool, int]


def _colour(pal: Palette, tone_name: str) -> pygame.Color:
    name = TONES.get(tone_name) or "tooltip_text"
    return pal.colours.get(name, pal.c("tooltip_text"))


def layout_text(paras: list[Para], width: int, fonts: Fonts, pal: Palette, scale: float = 1.0,
                gap: int = 6) -> tuple[list[tuple[pygame.Surface, int, int]], int]:
    """Word-wrap paragraphs into rendered rows; returns (rows with x, y) and the height used.

    ``scale`` shrinks or grows every size so a long card can be fitted to the panel."""
    out: list[tuple[pygame.Surface, int, int]] = []
    y = 0
    for text, tone_name, size, bold, indent in paras:
        if not text:
            y += round(gap * 2 * fonts.scale)
            continue
        f = fonts.get(max(9, round(size * scale)), bold=bold)
        col = _colour(pal, tone_name)
        x0 = round(indent * fonts.scale * scale)
        line = ""
        for word in text.split(" "):
            trial = f"{line} {word}" if line else word
            if f.size(trial)[0] <= width - x0 or not line:
                line = trial
            else:
                out.append((f.render(line, True, col), x0, y))
                y += f.get_linesize()
                line = word
        if line:
            out.append((f.render(line, True, col), x0, y))
            y += f.get_linesize()
        y += round(gap * fonts.scale * scale)
    return out, y


def card_paras(card: BeatCard, base: int = 19) -> list[Para]:
    """A beat card as paragraphs: when, what happened, why, who knew what, and the sources."""
    small = base - 2
    out: list[Para] = [(card.when, "dim", small, False, 0)]
    out += [(" ".join(p.split()), "info", base, False, 0) for p in card.what]
    if card.why:
        out.append(("Why", "title", small, True, 0))
        out += [(line, "info", small, False, 14) for line in card.why]
    if card.knew:
        out.append(("Who knew what", "title", small, True, 0))
        out += [(f"{side} {text}", "info", small, False, 14) for side, text in card.knew.items()]
    if card.sources:
        out.append(("Sources", "title", small, True, 0))
        out += [(f"[{m}] {title or 'not listed in this scenario'}", "source", small - 1, False, 14)
                for m, title in card.sources]
    return out


def png_surface(data_uri: str) -> pygame.Surface:
    """A report Image (PNG data URI) as a pygame surface."""
    raw = base64.b64decode(data_uri.split(",", 1)[1])
    return pygame.image.load(io.BytesIO(raw), "chart.png")


class ScrollText(RichText):
    """The step panel's text, scrolled with the mouse wheel when it is longer than the panel (at
    1024x768 a beat's narration does not fit), with a mark saying there is more below."""

    def __init__(self, pal: Palette, fonts: Fonts, size: int = 15) -> None:
        super().__init__(pal, fonts, size)
        self.offset = 0
        self.full_h = 0

    def set(self, lines: list[list[tuple[str, str, bool]]]) -> None:
        key = (tuple(tuple(line) for line in lines), self.rect.size)
        if key != self._key:
            self.offset = 0  # a new step starts at its top
        super().set(lines)

    def _render(self, lines: list[list[tuple[str, str, bool]]]) -> pygame.Surface:
        tall = self.rect.copy()
        self.rect = pygame.Rect(tall.x, tall.y, tall.w, max(tall.h, 40 * len(lines) * self.fonts.get(self.size)
                                                             .get_linesize() // 10 + tall.h))
        try:
            img = super()._render(lines)
        finally:
            self.rect = tall
        used = img.get_bounding_rect().bottom + 6
        self.full_h = used
        return img.subsurface(pygame.Rect(0, 0, img.get_width(), max(1, min(img.get_height(), used)))).copy()

    def scroll(self, pixels: int) -> None:
        self.offset = max(0, min(self.offset + pixels, max(0, self.full_h - self.rect.h)))

    def draw(self, surface: pygame.Surface) -> None:
        if self._image is None:
            return
        surface.blit(self._image, self.rect, pygame.Rect(0, self.offset, self.rect.w, self.rect.h))
        if self.offset + self.rect.h < self.full_h:  # more below: a fading edge and a hint
            f = self.fonts.get(max(10, self.size - 3), bold=True)
            hint = f.render("more below: scroll the wheel", True, self.pal.c("text_title"))
            where = hint.get_rect(bottomright=(self.rect.right - 6, self.rect.bottom - 2))
            surface.fill(self.pal.c("dark_bg"), where.inflate(10, 4))
            surface.blit(hint, where)
