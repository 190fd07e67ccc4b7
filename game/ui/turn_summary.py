"""What the other sides did while the player waited: every line the side saw, each with "show me"
(the map centres on it), and the camera following what the side sees during a computer turn.

The summary is drawn by hand (rows and "show me" buttons over a scrolling list) so a long turn is
never cut to "... and 5 more": every line stays reachable with the wheel or the arrow keys.
"""

from __future__ import annotations

import pygame

from game.ui.camera import Camera
from game.ui.commands import Command, Pop
from game.ui.dialogs import Choice
from game.ui.eventtext import Line
from game.ui.screen import Screen

Cell = tuple[int, int]
TONE = {"good": "text_good", "bad": "text_bad", "warn": "text_warn", "title": "text_title", "dim": "tooltip_dim"}


def follow(camera: Camera, cell: Cell, margin: float = 0.15) -> bool:
    """Centre the map on ``cell`` if it is outside the middle of the view (the edges by ``margin``
    excluded); True when the camera moved. Used while a computer side plays: the view goes where
    something the player's side saw happened, and stays put while it happens in view."""
    x0, y0, x1, y1 = camera.visible_cells()
    mx, my = max(1, round((x1 - x0) * margin)), max(1, round((y1 - y0) * margin))
    if x0 + mx <= cell[0] < x1 - mx and y0 + my <= cell[1] < y1 - my:
        return False
    camera.center_on(cell[0] + 0.5, cell[1] + 0.5)
    return True


class SummaryScreen(Screen):
    """The turn summary: Up/Down pick a line, S or Space (or a click on "Show me") shows it on the
    map, Enter or Escape goes to the player's turn. T on the map opens it again."""

    modal = True
    opaque = False
    name = "summary"

    def __init__(self, title: str, lines: list[Line]) -> None:
        super().__init__()
        self.title, self.lines = title, lines
        self.index = next((i for i, ln in enumerate(lines) if ln.cell is not None), 0)
        self.top = 0  # first row shown
        self.buttons: list[tuple[pygame.Rect, int]] = []  # "show me" hit boxes of the last frame
        self.close_rect = pygame.Rect(0, 0, 0, 0)
        self.rows_shown = 1

    def _show(self, i: int) -> Command | None:
        if 0 <= i < len(self.lines) and self.lines[i].cell is not None:
            return Pop(Choice("summary", "show", (self.lines[i].cell, self.lines[i].text)))
        return None

    def handle(self, event: pygame.event.Event) -> Command | None:
        if event.type == pygame.KEYDOWN:
            k = event.key
            if k in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER):
                return Pop(Choice("summary", "ok"))
            if k in (pygame.K_s, pygame.K_SPACE):  # Space on a line with no place closes, as on other cards
                return self._show(self.index) or (Pop(Choice("summary", "ok")) if k == pygame.K_SPACE else None)
            if k in (pygame.K_UP, pygame.K_DOWN):
                self.index = max(0, min(len(self.lines) - 1, self.index + (1 if k == pygame.K_DOWN else -1)))
                self.top = min(self.index, max(self.top, self.index - self.rows_shown + 1))
        elif event.type == pygame.MOUSEWHEEL:
            self.top = max(0, min(len(self.lines) - self.rows_shown, self.top - event.y))
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for r, i in self.buttons:
                if r.collidepoint(event.pos):
                    return self._show(i)
            if self.close_rect.collidepoint(event.pos):
                return Pop(Choice("summary", "ok"))
        return None

    def draw_overlay(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        pal = ctx.palette()
        px = ctx.px
        w, h = surface.get_size()
        f, fb = ctx.fonts.get(14), ctx.fonts.get(18, bold=True)
        line_h = max(f.get_linesize() + px(8), px(30))
        card = pygame.Rect(0, 0, min(w - 16, px(820)), 0)
        head, foot = fb.get_linesize() + px(24), ctx.fonts.get(12).get_linesize() + px(56)
        self.rows_shown = max(1, min(len(self.lines), (h - 24 - head - foot) // line_h))
        card.h = head + self.rows_shown * line_h + foot
        card.center = (w // 2, h // 2)
        pygame.draw.rect(surface, pal.c("panel_bg"), card)
        pygame.draw.rect(surface, pal.c("minimap_border"), card, 1)
        pad = px(16)
        surface.blit(fb.render(self.title, True, pal.c("tooltip_head")), (card.x + pad, card.y + px(12)))
        bw = f.size("Show me")[0] + px(20)
        self.buttons = []
        y = card.y + head
        self.top = max(0, min(self.top, len(self.lines) - self.rows_shown))
        for i in range(self.top, min(len(self.lines), self.top + self.rows_shown)):
            ln = self.lines[i]
            row = pygame.Rect(card.x + pad // 2, y, card.w - pad, line_h - px(2))
            if i == self.index:
                pygame.draw.rect(surface, pal.c("tooltip_bg"), row)
                pygame.draw.rect(surface, pal.c("tooltip_border"), row, 1)
            text = ln.text
            room = row.w - bw - px(24)
            while f.size(text)[0] > room and len(text) > 4:
                text = text[:-2]
            if text != ln.text:
                text = text.rstrip() + "…"
            col = pal.c(TONE.get(ln.tone, "tooltip_text"))
            surface.blit(f.render(text, True, col), (row.x + px(8), row.centery - f.get_linesize() // 2))
            if ln.cell is not None:
                b = pygame.Rect(row.right - bw - px(4), row.y + px(3), bw, row.h - px(6))
                pygame.draw.rect(surface, pal.c("minimap_border"), b, 1, border_radius=3)
                t = f.render("Show me", True, pal.c("tooltip_head"))
                surface.blit(t, t.get_rect(center=b.center))
                self.buttons.append((b, i))
            y += line_h
        hint = "Up/Down pick a line · S: show me · Enter: to my turn · T on the map: this summary again"
        if len(self.lines) > self.rows_shown:
            hint = f"Lines {self.top + 1}-{self.top + self.rows_shown} of {len(self.lines)} (wheel) · " + hint
        hs = ctx.fonts.get(12).render(hint, True, pal.c("tooltip_dim"))
        surface.blit(hs, (card.x + pad, card.bottom - foot + px(6)))
        cb = ctx.fonts.get(14, bold=True).render("To my turn", True, pal.c("tooltip_head"))
        self.close_rect = cb.get_rect(bottomright=(card.right - pad, card.bottom - px(12))).inflate(px(16), px(8))
        pygame.draw.rect(surface, pal.c("minimap_border"), self.close_rect, 1, border_radius=3)
        surface.blit(cb, cb.get_rect(center=self.close_rect.center))
