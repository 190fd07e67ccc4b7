"""Settings: UI scale, colour-blind-safe palette, fullscreen, animation speed. Saved on 'Save'."""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel

from game.ui.commands import ApplySettings, Batch, Command, Pop
from game.ui.screen import Screen
from game.ui.settings import ANIMATION_SPEEDS, UI_SCALES, Settings, cycle
from game.ui.widgets import FocusRing, centred

SPEED_TEXT = {"slow": "slow", "normal": "normal", "fast": "fast", "instant": "instant (no pauses)"}


class SettingsScreen(Screen):
    modal = True
    opaque = False
    name = "settings"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.original = settings
        self.value = settings
        self.ring = FocusRing()

    def rows(self) -> list[tuple[str, str]]:
        v = self.value
        return [("ui_scale", f"Interface scale:  {v.ui_scale:.0%}"),
                ("colour_blind", f"Colour-blind-safe palette:  {'on' if v.colour_blind else 'off'}"),
                ("fullscreen", f"Full screen:  {'on' if v.fullscreen else 'off'}"),
                ("animation_speed", f"Pace of the other sides' turns:  {SPEED_TEXT[v.animation_speed]}")]

    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        rect = centred(ctx.size, px(600), px(400))
        panel = UIPanel(rect, manager=ctx.manager, container=self.container, object_id="#dialog")
        inner = panel.get_container()
        pad = px(16)
        cw = rect.w - 2 * pad
        UILabel(pygame.Rect(pad, px(10), cw, px(34)), "Settings", ctx.manager, container=inner, object_id="#heading")
        UILabel(pygame.Rect(pad, px(44), cw, px(22)), "Left / Right or click to change; Save keeps them.",
                ctx.manager, container=inner, object_id="#hint")
        y = px(76)
        entries = []
        for ident, text in self.rows():
            b = UIButton(pygame.Rect(pad, y, cw, px(40)), text, ctx.manager, container=inner,
                         object_id="#choice_button")
            entries.append((ident, b))
            y += px(46)
        bw = px(150)
        save = UIButton(pygame.Rect(rect.w - pad - bw, rect.h - pad - px(40), bw, px(40)), "Save", ctx.manager,
                        container=inner, object_id="#primary_button")
        cancel = UIButton(pygame.Rect(rect.w - pad - 2 * bw - px(10), rect.h - pad - px(40), bw, px(40)), "Cancel",
                          ctx.manager, container=inner)
        keep = self.ring.current
        self.ring.set(entries + [("save", save), ("cancel", cancel)], {k for k, _ in entries})
        if keep:
            self.ring.focus(keep)

    def cycle(self, ident: str, step: int) -> None:
        v = self.value
        if ident == "ui_scale":
            self.value = v.with_(ui_scale=cycle(UI_SCALES, v.ui_scale, step))
        elif ident == "colour_blind":
            self.value = v.with_(colour_blind=not v.colour_blind)
        elif ident == "fullscreen":
            self.value = v.with_(fullscreen=not v.fullscreen)
        elif ident == "animation_speed":
            self.value = v.with_(animation_speed=cycle(ANIMATION_SPEEDS, v.animation_speed, step))
        assert self.ctx is not None
        keep = self.ring.current
        self.attach(self.ctx, self.depth)
        if keep:
            self.ring.focus(keep)

    def activate(self, ident: str) -> Command | None:
        if ident == "save":
            return Batch((Pop(), ApplySettings(self.value)))
        if ident == "cancel":
            return Pop()
        self.cycle(ident, 1)
        return None

    def handle(self, event: pygame.event.Event) -> Command | None:
        ident = self.ring.pressed(event)
        if ident:
            return self.activate(ident)
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Pop()
        got = self.ring.on_key(event)
        if got and got[0] == "cycle":
            self.cycle(got[1], got[2])
        elif got and got[0] == "activate":
            return self.activate(got[1])
        return None
