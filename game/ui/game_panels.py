"""The game screen's layout and panels: the turn banner, the unit panel, the order buttons, the
mini-map's place and the message log. Buttons are enabled from the engine's ``unit_options`` for
the selected unit; the panels redraw only when what they show changed.
"""

from __future__ import annotations

from typing import Any

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel

from game.control.match import Match
from game.control.turnflow import TurnFlow
from game.engine.state import ALERT
from game.ui import describe
from game.ui.screen import UiContext
from game.ui.widgets import LogView, RichText

ORDERS = ("search", "posture", "dive", "emerge", "demolish", "withdraw")
BUTTONS = (("search", "Search (S)"), ("posture", "Stand down (P)"), ("dive", "Go underground (D)"),
           ("emerge", "Come out (U)"), ("demolish", "Demolish (X)"), ("withdraw", "Withdraw (W)"),
           ("next", "Next unit (Tab)"), ("undo", "Undo (Ctrl+Z)"), ("declare", "Declare victory (V)"),
           ("end", "End turn (E)"), ("menu", "Menu (Esc)"), ("help", "Keys (F1)"))


def button_step(ctx: UiContext) -> int:
    """The order buttons' row pitch: a little tighter when the window is short for the UI scale."""
    return ctx.px(30) if ctx.size[1] < ctx.px(540) else ctx.px(34)


def game_layout(ctx: UiContext, game: Any) -> dict[str, pygame.Rect]:
    """Where the banner, map, right-hand column, order buttons, mini-map and log go."""
    px = ctx.px
    w, h = ctx.size
    banner_h = px(36)
    col_w = min(max(px(340), w * 22 // 100), w * 9 // 20)  # grows with the window and the scale
    log_h = min(px(132), h // 4)
    col = pygame.Rect(w - col_w, banner_h, col_w, h - banner_h)
    cramped = h < px(540)  # at 150% and more on a 720-pixel screen the unit panel needs the mini-map's room
    buttons_h = 6 * button_step(ctx) + px(10)
    mm_h = 0 if cramped else min(col.w * game.height // game.width + px(12),
                                 max(px(120), col.h - buttons_h - px(170)))
    info_h = max(px(110), col.h - buttons_h - mm_h - px(8))
    buttons = pygame.Rect(col.x, col.y + info_h, col.w, min(buttons_h, col.h - info_h))
    mm_top = col.bottom if cramped else col.y + min(info_h + buttons_h, col.h) + px(6)
    return {"banner": pygame.Rect(0, 0, w, banner_h), "map": pygame.Rect(0, banner_h, w - col_w, h - banner_h - log_h),
            "column": col, "log": pygame.Rect(0, h - log_h, w - col_w, log_h), "buttons": buttons,
            "info": pygame.Rect(col.x + px(2), col.y + px(4), col.w - px(6), info_h - px(6)),
            "minimap": pygame.Rect(col.x + px(6), mm_top, col.w - px(12), max(0, col.bottom - mm_top - px(6)))}


class Panels:
    """Banner labels, the unit panel, the order buttons and the log view of the game screen."""

    def __init__(self, match: Match, flow: TurnFlow) -> None:
        self.match = match
        self.flow = flow
        self.buttons: dict[str, UIButton] = {}
        self.info: RichText | None = None
        self.log_view: LogView | None = None
        self._keys: dict[str, Any] = {}

    def build(self, ctx: UiContext, container: Any, layout: dict[str, pygame.Rect]) -> None:
        px, m = ctx.px, ctx.manager
        pal = ctx.palette(self.match.game.scenario)
        self._keys.clear()
        banner = layout["banner"]
        bar = UIPanel(banner, manager=m, container=container, object_id="#bar")
        # both labels span the bar (transparent); the right one is trimmed to the room the left leaves
        r = pygame.Rect(px(10), 0, banner.w - px(22), banner.h - 2)
        self.banner_l = UILabel(r, " ", m, container=bar.get_container(), object_id="#banner")
        self.banner_r = UILabel(r, " ", m, container=bar.get_container(), object_id="#banner_right")
        self.log_view = LogView(pal, ctx.fonts)
        self.log_view.rect = layout["log"]
        self.log_view.set_lines(self.match.log.of(self.match.viewer))
        self.info = RichText(pal, ctx.fonts)
        self.info.rect = layout["info"]
        side = UIPanel(layout["buttons"], manager=m, container=container)
        col = layout["column"]
        bw = (col.w - px(18)) // 2
        self.buttons = {}
        for i, (ident, label) in enumerate(BUTTONS):
            step = button_step(ctx)
            br = pygame.Rect(px(6) + (i % 2) * (bw + px(4)), px(6) + (i // 2) * step, bw, step - px(4))
            self.buttons[ident] = UIButton(br, label, m, container=side.get_container())
        layout["buttons"] = side.rect

    def button_at(self, element: Any) -> str | None:
        return next((ident for ident, b in self.buttons.items() if element is b), None)

    def show_log(self) -> None:
        """The viewer's log, scrolled to its newest line."""
        if self.log_view is not None:
            self.log_view.set_lines(self.match.log.of(self.match.viewer))
            self.log_view.scroll = 0

    def refresh(self, ctx: UiContext, selected: str | None, my_turn: bool) -> None:
        """Banner texts, the unit panel and the buttons' state, each only when it changed."""
        if self.info is None:
            return
        m = self.match
        obs = m.observe()
        left = describe.banner_left(obs)
        full = describe.banner_right(obs, self.flow.status())
        if ctx.fonts.get(16, bold=True).size(left)[0] + ctx.fonts.get(15).size(full)[0] + ctx.px(60) > ctx.size[0]:
            left = describe.banner_left(obs, short=True)  # the date and turn in brief, so the score fits
        if self._keys.get("bl") != left:
            self._keys["bl"] = left
            self.banner_l.set_text(left)
        right = describe.banner_right(obs, self.flow.status())
        room = ctx.size[0] - ctx.fonts.get(16, bold=True).size(left)[0] - ctx.px(60)
        parts = right.split(" · ")
        while len(parts) > 1 and ctx.fonts.get(15).size(" · ".join(parts))[0] > room:
            parts.pop()  # the least important part goes first: zone share, then points
        right = " · ".join(parts)
        if self._keys.get("br") != right:
            self._keys["br"] = right
            self.banner_r.set_text(right)
        log_key = (m.log.changed, m.viewer)
        if self._keys.get("log") != log_key:
            self._keys["log"] = log_key
            self.show_log()
        info_key = (m.version, selected, m.viewer)
        if self._keys.get("info") != info_key:
            self._keys["info"] = info_key
            self.info.set(self._info_lines(selected, my_turn))
        btn_key = (m.version, selected, m.viewer, m.ai_turn, self.flow.pacing.fast, my_turn)
        if self._keys.get("buttons") != btn_key:
            self._keys["buttons"] = btn_key
            self._refresh_buttons(selected, my_turn)

    def _info_lines(self, selected: str | None, my_turn: bool) -> list[list[tuple[str, str, bool]]]:
        obs = self.match.observe()
        if selected and selected in obs.units:
            mine = my_turn and obs.units[selected].side == obs.side
            return describe.unit_lines(obs, selected, self.match.options(selected) if mine else None)
        if my_turn:
            return [[("Select a unit: Tab, or click it on the map.", "dim", False)],
                    [("Then click (or move the cursor and press Enter) where it should go, or on an enemy "
                      "to preview an attack. F1 lists every key.", "dim", False)]]
        if self.match.over:
            return [[("The game is over.", "dim", False)],
                    [("O: the objectives and the points · Esc: the menu (save, load, main menu).", "dim", False)]]
        return [[("Watching the other sides' turns.", "dim", False)],
                [("Space: faster · P: pause · Enter: skip to the end of their turn.", "dim", False)]]

    def _refresh_buttons(self, selected: str | None, my_turn: bool) -> None:
        m = self.match
        obs = m.observe()
        sel = obs.units.get(selected or "")
        own = sel if sel is not None and sel.side == m.viewer else None
        opts = m.options(own.id) if own is not None and my_turn else None
        labels = {"next": ("Normal pace (Space)" if self.flow.pacing.fast else "Faster (Space)") if m.ai_turn
                  else "Next unit (Tab)",
                  "end": "Skip their turn (Enter)" if m.ai_turn else "End turn (E)"}
        if own is not None:
            labels["posture"] = "Stand down (P)" if own.posture == ALERT else "Alert (P)"
        for ident, b in self.buttons.items():
            if ident in ORDERS:
                on = opts is not None and opts.allowed(ident)
            elif ident == "next":
                on = (my_turn and bool(obs.own())) or m.ai_turn
            elif ident == "undo":
                on = my_turn and m.can_undo()[0]
            elif ident == "declare":
                on = my_turn and m.game.declare_blocked(obs) is None
            elif ident == "end":
                on = my_turn or m.ai_turn
            else:
                on = True
            want = labels.get(ident)
            if want is not None and b.text != want:
                b.set_text(want)
            if on and not b.is_enabled:
                b.enable()
            elif not on and b.is_enabled:
                b.disable()

    def draw(self, surface: pygame.Surface, pal: Any, layout: dict[str, pygame.Rect]) -> None:
        """The column's background around the buttons, the unit panel and the log."""
        col, btns = layout["column"], layout["buttons"]
        surface.fill(pal.c("panel_bg"), pygame.Rect(col.x, col.y, col.w, btns.y - col.y))
        surface.fill(pal.c("panel_bg"), pygame.Rect(col.x, btns.bottom, col.w, col.bottom - btns.bottom))
        pygame.draw.line(surface, pal.c("minimap_border"), (col.x, col.y), (col.x, col.bottom))
        if self.info is not None:
            self.info.draw(surface)
        if self.log_view is not None:
            self.log_view.draw(surface)
