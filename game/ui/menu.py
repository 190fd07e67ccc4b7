"""The main menu: new game, load game, educator mode, settings, quit."""

from __future__ import annotations

from typing import Any

import pygame
from pygame_gui.elements import UIButton, UILabel

from game import __version__
from game.ui import flow, keys
from game.ui.commands import ApplySettings, Batch, Command, Push, Quit
from game.ui.dialogs import Choice, HelpScreen
from game.ui.screen import Screen
from game.ui.widgets import FocusRing

ITEMS = (("new", "New game"), ("load", "Load game"), ("educator", "Educator mode"), ("settings", "Settings"),
         ("quit", "Quit"))


class MainMenu(Screen):
    name = "main_menu"

    def __init__(self) -> None:
        super().__init__()
        self.ring = FocusRing()

    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        px, (w, h) = ctx.px, ctx.size
        top = max(px(30), h // 2 - px(250))
        UILabel(pygame.Rect(0, top, w, px(56)), "Abu Kamal", ctx.manager, container=self.container, object_id="#title")
        UILabel(pygame.Rect(0, top + px(58), w, px(28)), "November 2017 · a turn-based historical wargame",
                ctx.manager, container=self.container, object_id="#subtitle")
        bw, bh, gap = px(340), px(48), px(10)
        y = top + px(120)
        entries = []
        for ident, label in ITEMS:
            b = UIButton(pygame.Rect((w - bw) // 2, y, bw, bh), label, ctx.manager, container=self.container,
                         object_id="#menu_button")
            entries.append((ident, b))
            y += bh + gap
        self.ring.set(entries)
        UILabel(pygame.Rect(0, y + px(8), w, px(22)), "Up / Down and Enter, or click · F1: keys · Ctrl+Q: quit",
                ctx.manager, container=self.container, object_id="#hint_center")
        UILabel(pygame.Rect(0, h - px(58), w, px(22)),
                "Teaching material about a real war with real victims. The scenario cites its sources.",
                ctx.manager, container=self.container, object_id="#hint_center")
        UILabel(pygame.Rect(0, h - px(34), w, px(22)), f"version {__version__}", ctx.manager,
                container=self.container, object_id="#hint_center")

    def update(self, dt: float) -> Command | None:
        """On the very first start, offer the tutorial (once: the setting remembers it)."""
        ctx = self.ctx
        if ctx is not None and not ctx.settings.tutorial_offered:
            from game.ui.tutorial import tutorial_offer

            return Batch((ApplySettings(ctx.settings.with_(tutorial_offered=True)), Push(tutorial_offer())))
        return None

    def activate(self, ident: str) -> Command | None:
        if ident == "new":
            from game.ui.newgame import NewGameScreen

            return Push(NewGameScreen())
        if ident == "load":
            from game.ui.loadgame import LoadScreen

            return Push(LoadScreen())
        if ident == "educator":
            return Push(flow.educator_screen())
        if ident == "settings":
            from game.ui.settings_screen import SettingsScreen

            assert self.ctx is not None
            return Push(SettingsScreen(self.ctx.settings))
        if ident == "quit":
            return Quit()
        return None

    def handle(self, event: pygame.event.Event) -> Command | None:
        ident = self.ring.pressed(event)
        if ident:
            return self.activate(ident)
        if keys.is_help(event):
            return Push(HelpScreen())
        got = self.ring.on_key(event)
        if got and got[0] == "activate":
            return self.activate(got[1])
        return None

    def resume(self, result: Any) -> Command | None:
        if isinstance(result, Choice) and result.tag == "tutorial" and result.choice == "yes":
            from game.ui.tutorial import tutorial_match

            return flow.start_match(tutorial_match())
        if isinstance(result, Choice) and result.tag == "load" and result.choice == "loaded":
            from game.control.match import Match

            return flow.start_match(Match.from_session(result.payload), flow.loaded_note(result.payload))
        return None
