"""Small pieces shared by screens: keyboard focus over buttons, centred dialog panels, HTML text
for pygame_gui text boxes (colours named from the theme), and the map tooltip box.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIPanel

from game.ui.theme import Fonts, Palette

TONES = {"info": None, "own": "text_own", "enemy": "text_enemy", "good": "text_good", "bad": "text_bad",
         "warn": "text_warn", "title": "text_title", "dim": "text_dim", "source": "text_source"}


def esc(text: str) -> str:
    return html.escape(str(text), quote=False)


def tone(text: str, name: str = "info", escape: bool = True) -> str:
    """Text coloured with a theme colour by role (the colour itself lives in the theme file)."""
    t = esc(text) if escape else text
    col = TONES.get(name)
    return f"<font color={col}>{t}</font>" if col else t


@dataclass
class FocusRing:
    """Keyboard focus over a column of buttons: Up/Down/Tab move, Left/Right cycle a choice,
    Enter/Space activate. The focused button is drawn in its 'selected' state."""

    entries: list[tuple[str, UIButton]] = field(default_factory=list)
    cyclable: set[str] = field(default_factory=set)
    index: int = 0

    def set(self, entries: list[tuple[str, UIButton]], cyclable: set[str] | None = None) -> None:
        self.entries = entries
        if cyclable is not None:
            self.cyclable = cyclable
        self.index = min(self.index, max(0, len(entries) - 1))
        self._paint()

    @property
    def current(self) -> str | None:
        return self.entries[self.index][0] if self.entries else None

    def focus(self, ident: str) -> None:
        for i, (k, _) in enumerate(self.entries):
            if k == ident:
                self.index = i
        self._paint()

    def move(self, step: int) -> None:
        if not self.entries:
            return
        n = len(self.entries)
        for _ in range(n):
            self.index = (self.index + step) % n
            if self.entries[self.index][1].is_enabled:
                break
        self._paint()

    def _paint(self) -> None:
        for i, (_, b) in enumerate(self.entries):
            if i == self.index:
                b.select()
            elif b.is_selected:
                b.unselect()

    def on_key(self, event: pygame.event.Event) -> tuple[str, str, int] | None:
        """('activate', id, 0) or ('cycle', id, ±1) for a key press; None if not ours."""
        if event.type != pygame.KEYDOWN or not self.entries:
            return None
        k = event.key
        if k in (pygame.K_DOWN,) or (k == pygame.K_TAB and not event.mod & pygame.KMOD_SHIFT):
            self.move(1)
            return ("moved", self.current or "", 0)
        if k == pygame.K_UP or (k == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
            self.move(-1)
            return ("moved", self.current or "", 0)
        cur = self.current
        if cur is None:
            return None
        if k in (pygame.K_LEFT, pygame.K_RIGHT) and cur in self.cyclable:
            return ("cycle", cur, 1 if k == pygame.K_RIGHT else -1)
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.entries[self.index][1].is_enabled:
            return ("activate", cur, 0)
        return None

    def pressed(self, event: pygame.event.Event) -> str | None:
        """The id of the button a UI_BUTTON_PRESSED event is about (and focus it)."""
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return None
        for i, (k, b) in enumerate(self.entries):
            if event.ui_element is b:
                self.index = i
                self._paint()
                return k
        return None


def fit_text(font: Any, text: str, width: int) -> str:
    """``text``, shortened with an ellipsis to fit ``width`` pixels of ``font`` (a pygame font, or a
    widget's font: anything with ``size(text)``)."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return (text.rstrip() + "…") if text else ""


def centred(size: tuple[int, int], w: int, h: int) -> pygame.Rect:
    r = pygame.Rect(0, 0, min(w, size[0] - 16), min(h, size[1] - 16))
    r.center = (size[0] // 2, size[1] // 2)
    return r


def dialog_panel(manager: pygame_gui.UIManager, container: object, size: tuple[int, int], w: int, h: int) -> UIPanel:
    return UIPanel(centred(size, w, h), manager=manager, container=container, object_id="#dialog")


def draw_tooltip(surface: pygame.Surface, lines: list[tuple[str, str]], pos: tuple[int, int], pal: Palette,
                 fonts: Fonts, bounds: pygame.Rect | None = None, avoid: tuple[int, int] | None = None,
                 keep_clear: pygame.Rect | None = None) -> pygame.Rect:
    """A box of text lines near ``pos`` kept inside ``bounds``, on the side away from ``avoid`` (so
    it does not hide the path it describes) and, where any corner around ``pos`` allows, off
    ``keep_clear`` (the selected unit and its neighbours); roles: head, text, dim, warn, bad, good."""
    if not lines:
        return pygame.Rect(pos, (0, 0))
    role_col = {"head": pal.c("tooltip_head"), "text": pal.c("tooltip_text"), "dim": pal.c("tooltip_dim"),
                "warn": pal.c("text_warn"), "bad": pal.c("text_bad"), "good": pal.c("text_good")}
    size = round(13 * min(fonts.scale, 1.3))  # large enough to read, small enough to leave the map in view
    f = fonts.get(size, scaled=False)
    fb = fonts.get(size, bold=True, scaled=False)
    imgs = [(fb if role == "head" else f).render(text, True, role_col.get(role, role_col["text"]))
            for text, role in lines]
    pad = f.get_height() // 3 + 2
    w = max(i.get_width() for i in imgs) + 2 * pad
    h = sum(i.get_height() for i in imgs) + 2 * pad
    bounds = bounds or surface.get_rect()
    right = avoid is None or avoid[0] <= pos[0]
    below = avoid is None or avoid[1] <= pos[1]
    r = pygame.Rect(0, 0, w, h)
    r.left = pos[0] + 18 if right else pos[0] - 12 - w
    r.top = pos[1] + 18 if below else pos[1] - 12 - h
    if r.right > bounds.right:
        r.right = pos[0] - 12
    if r.left < bounds.left:
        r.left = pos[0] + 18
    if r.bottom > bounds.bottom:
        r.bottom = pos[1] - 12
    if r.top < bounds.top:
        r.top = pos[1] + 18
    r.clamp_ip(bounds)
    if keep_clear is not None and r.colliderect(keep_clear):
        corners = [pygame.Rect(pos[0] + dx, pos[1] + dy, w, h) for dx, dy in
                   ((18, 18), (-12 - w, 18), (18, -12 - h), (-12 - w, -12 - h))]
        corners += [pygame.Rect(bounds.x + 4, bounds.y + 4, w, h), pygame.Rect(bounds.right - w - 4, bounds.y + 4, w, h)]
        for alt in (c.clamp(bounds) for c in corners):
            if not alt.colliderect(keep_clear):
                r = alt
                break
    box = pygame.Surface(r.size, pygame.SRCALPHA)
    box.fill(pal.c("tooltip_bg"))
    pygame.draw.rect(box, pal.c("tooltip_border"), box.get_rect(), 1)
    y = pad
    for img in imgs:
        box.blit(img, (pad, y))
        y += img.get_height()
    surface.blit(box, r)
    return r


class LogView:
    """The message log, drawn with cached text rows: appending a line costs one render, however
    long the log (pygame_gui's text box re-lays-out its whole text on every append)."""

    def __init__(self, pal: Palette, fonts: Fonts, size: int = 14) -> None:
        self.pal, self.fonts, self.size = pal, fonts, size
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.lines: list[tuple[str, str]] = []
        self.scroll = 0  # rows scrolled back from the newest
        self._rows: dict[tuple[str, str, int], list[pygame.Surface]] = {}

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        self.lines = lines
        self.scroll = 0

    def wheel(self, dy: int) -> None:
        self.scroll = max(0, self.scroll + dy * 2)

    def _wrap(self, text: str, tone_name: str, width: int) -> list[pygame.Surface]:
        key = (text, tone_name, width)
        rows = self._rows.get(key)
        if rows is not None:
            return rows
        if len(self._rows) > 2000:
            self._rows.clear()
        f = self.fonts.get(self.size)
        col_name = TONES.get(tone_name) or "tooltip_text"
        col = self.pal.c(col_name) if col_name in self.pal.colours else self.pal.c("tooltip_text")
        words, rows, cur = text.split(" "), [], ""
        for w in words:
            trial = f"{cur} {w}" if cur else w
            if f.size(trial)[0] <= width or not cur:
                cur = trial
            else:
                rows.append(cur)
                cur = "  " + w
        rows.append(cur)
        surfs = [f.render(r, True, col) for r in rows]
        self._rows[key] = surfs
        return surfs

    def draw(self, surface: pygame.Surface) -> None:
        r = self.rect
        if r.w <= 0 or r.h <= 0:
            return
        surface.fill(self.pal.c("panel_bg"), r)
        pygame.draw.rect(surface, self.pal.c("minimap_border"), r, 1)
        pad = max(4, self.size // 2)
        inner = r.inflate(-2 * pad, -pad)
        clip = surface.get_clip()
        surface.set_clip(inner)
        y = inner.bottom
        skip = self.scroll
        for text, tone_name in reversed(self.lines):
            for row in reversed(self._wrap(text, tone_name, inner.w)):
                if skip > 0:
                    skip -= 1
                    continue
                y -= row.get_height()
                surface.blit(row, (inner.x, y))
                if y <= inner.top:
                    break
            if y <= inner.top:
                break
        surface.set_clip(clip)
        if skip > 0:  # scrolled past the oldest line
            self.scroll -= skip
        if self.scroll:
            hint = self.fonts.get(12).render("scrolled back: wheel down for newer messages", True,
                                             self.pal.c("text_warn"))
            surface.blit(hint, hint.get_rect(topright=(r.right - pad, r.top + 2)))


class RichText:
    """A few lines of styled text drawn with cached fonts (the side panel's unit details)."""

    def __init__(self, pal: Palette, fonts: Fonts, size: int = 15) -> None:
        self.pal, self.fonts, self.size = pal, fonts, size
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._image: pygame.Surface | None = None
        self._key: object = None

    def set(self, lines: list[list[tuple[str, str, bool]]]) -> None:
        key = (tuple(tuple(line) for line in lines), self.rect.size)
        if key == self._key:
            return
        self._key = key
        self._image = self._render(lines)

    def _colour(self, tone_name: str) -> pygame.Color:
        name = TONES.get(tone_name) or "tooltip_text"
        return self.pal.colours.get(name, self.pal.c("tooltip_text"))

    def _render(self, lines: list[list[tuple[str, str, bool]]]) -> pygame.Surface:
        pad = max(6, self.size // 2)
        w = max(1, self.rect.w - 2 * pad)
        img = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        y = pad // 2 + 2
        for line in lines:
            x = 0
            lh = self.fonts.get(self.size).get_linesize()
            for text, tone_name, bold in line:
                f = self.fonts.get(self.size, bold=bold)
                col = self._colour(tone_name)
                for k, word in enumerate(text.split(" ")):
                    piece = (" " if k else "") + word
                    pw = f.size(piece)[0]
                    if x + pw > w and x > 0:
                        y += lh
                        x = 0
                        piece = word
                        pw = f.size(piece)[0]
                    if piece:
                        img.blit(f.render(piece, True, col), (pad + x, y))
                    x += pw
            y += lh
            if y > self.rect.h:
                break
        return img

    def draw(self, surface: pygame.Surface) -> None:
        if self._image is not None:
            surface.blit(self._image, self.rect)
