"""Text laid out for a projector: word-wrapped paragraphs in tones and sizes (the beat card, the
dialogs of educator mode) and report charts turned into surfaces."""

from __future__ import annotations

import base64
import io

import pygame

from game.teach.cards import BeatCard
from game.ui.theme import Fonts, Palette
from game.ui.widgets import TONES

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
