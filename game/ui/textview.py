"""Dialog text laid out and drawn by the game itself, shown through a plain image element.

pygame_gui's text box lays out a long card character by character and keeps big surfaces for it:
a narration card with its sources took about 0.4 s to open and tens of MB that were never given
back. The dialogs use only ``<b>``, ``<br>`` and ``<font color=...>`` (from ``widgets.tone``), so
this small renderer reads exactly that, wraps words (breaking a long link where it must), and
scrolls with the wheel or Page Up / Page Down when the text is taller than its box.
"""

from __future__ import annotations

import html
import re

import pygame

from game.ui.theme import Fonts, Palette

TOKEN = re.compile(r"<b>|</b>|<br\s*/?>|<font color=['\"]?([^'\">]+)['\"]?>|</font>|[^<]+|<", re.IGNORECASE)
Seg = tuple[str, str | None, bool]  # text, colour name (None: the default), bold


def parse(body: str) -> list[list[Seg]]:
    """The paragraphs of a dialog body, each a list of styled segments."""
    paras: list[list[Seg]] = [[]]
    bold = False
    colours: list[str | None] = [None]
    for m in TOKEN.finditer(body):
        tok = m.group(0)
        low = tok.lower()
        if low == "<b>":
            bold = True
        elif low == "</b>":
            bold = False
        elif low.startswith("<br"):
            paras.append([])
        elif m.group(1):
            colours.append(m.group(1))
        elif low == "</font>":
            if len(colours) > 1:
                colours.pop()
        else:
            paras[-1].append((html.unescape(tok), colours[-1], bold))
    return paras


class TextView:
    """A body of dialog text, laid out for one width; ``view`` gives the visible part."""

    def __init__(self, body: str, pal: Palette, fonts: Fonts, size: int = 15, spacing: float = 1.15) -> None:
        self.paras = parse(body)
        self.pal, self.fonts, self.size, self.spacing = pal, fonts, size, spacing
        self.content: pygame.Surface | None = None
        self.scroll = 0
        self.height = 0  # the visible height, once placed

    def _colour(self, name: str | None) -> pygame.Color:
        if name and name in self.pal.colours:
            return self.pal.c(name)
        if name:
            try:
                return pygame.Color(name)
            except ValueError:
                pass
        return self.pal.c("tooltip_text")

    def layout(self, width: int) -> int:
        """Wrap and render the text for ``width`` pixels; returns the height it needs."""
        line_h = round(self.fonts.get(self.size).get_linesize() * self.spacing)
        pieces: list[tuple[pygame.Surface, int, int]] = []
        y = 0
        for para in self.paras:
            x = 0
            for text, colour, bold in para:
                font = self.fonts.get(self.size, bold=bold)
                col = self._colour(colour)
                for word in re.split(r"(?<= )", text):
                    if not word:
                        continue
                    for chunk in self._fit(font, word, width):
                        w = font.size(chunk.rstrip())[0]
                        if x > 0 and x + w > width:
                            x, y = 0, y + line_h
                            chunk = chunk.lstrip()
                        if chunk.strip():
                            pieces.append((font.render(chunk.rstrip(), True, col), x, y))
                        x += font.size(chunk)[0]
            y += line_h
        surf = pygame.Surface((max(1, width), max(1, y)), pygame.SRCALPHA)
        for img, px, py in pieces:
            surf.blit(img, (px, py + (line_h - img.get_height()) // 2))
        self.content = surf
        return y

    @staticmethod
    def _fit(font: pygame.font.Font, word: str, width: int) -> list[str]:
        """A word as pieces no wider than ``width`` (only a long link ever needs more than one)."""
        if font.size(word.rstrip())[0] <= width:
            return [word]
        out, cur = [], ""
        for ch in word:
            if cur and font.size(cur + ch)[0] > width:
                out.append(cur)
                cur = ""
            cur += ch
        return [*out, cur] if cur else out

    @property
    def overflow(self) -> int:
        """How many pixels of text do not fit (0 when it all shows)."""
        return max(0, (self.content.get_height() if self.content else 0) - self.height)

    def scroll_by(self, dy: int) -> bool:
        """Scroll by ``dy`` pixels (down is positive); True if the view moved."""
        new = max(0, min(self.overflow, self.scroll + dy))
        moved = new != self.scroll
        self.scroll = new
        return moved

    def view(self, size: tuple[int, int]) -> pygame.Surface:
        """The visible part at the current scroll, with a thin bar when there is more."""
        self.height = size[1]
        self.scroll = min(self.scroll, self.overflow)
        out = pygame.Surface(size, pygame.SRCALPHA)
        if self.content is not None:
            out.blit(self.content, (0, -self.scroll))
        if self.overflow:
            total = self.content.get_height() if self.content else 1
            bar_h = max(12, size[1] * size[1] // total)
            bar_y = (size[1] - bar_h) * self.scroll // max(1, self.overflow)
            pygame.draw.rect(out, self._colour("text_dim"), (size[0] - 4, bar_y, 3, bar_h), border_radius=1)
        return out
