"""Helpers for the desktop UI tests: SDL's dummy drivers (no display needed), a hand-driven clock,
synthetic input events, and an App over temporary settings and saves folders.

Every ``test_ui_*.py`` imports this first: it sets the dummy drivers before any window opens.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pygame  # noqa: E402

from game.control.match import Match, Setup  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.game_screen import GameScreen  # noqa: E402
from game.ui.screen import Screen  # noqa: E402
from game.ui.settings import Settings  # noqa: E402


class Clock:
    """Milliseconds that only move when a test says so (AI pacing, markers)."""

    def __init__(self) -> None:
        self.ms = 0

    def __call__(self) -> int:
        return self.ms

    def advance(self, seconds: float) -> None:
        self.ms += int(seconds * 1000)


def key(k: int, mod: int = 0, unicode: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0)


def release(k: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0)


def press(app: App, *events: pygame.event.Event) -> None:
    """One frame with these events; every key press is released in the same frame, as a person's
    short tap is (a held key is sent as repeated ``key`` events with no ``release``)."""
    out: list[pygame.event.Event] = []
    for e in events:
        out.append(e)
        if e.type == pygame.KEYDOWN:
            out.append(release(e.key, e.mod))
    app.step(out, 1 / 60)


def ctrl(k: int) -> pygame.event.Event:
    return key(k, pygame.KMOD_CTRL)


def motion(pos: tuple[int, int], buttons: tuple[int, int, int] = (0, 0, 0)) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=buttons, touch=False)


def click(pos: tuple[int, int], button: int = 1) -> list[pygame.event.Event]:
    return [motion(pos), pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False)]


def wheel(y: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=0.0, touch=False)


def make_app(screens: list[Screen], tmp: Path, size: tuple[int, int] = (1280, 720),
             settings: Settings | None = None, clock: Clock | None = None) -> App:
    os.environ["ABU_KAMAL_CONFIG_DIR"] = str(tmp / "config")
    os.environ["ABU_KAMAL_DATA_DIR"] = str(tmp / "data")
    return App(screens, settings or Settings(animation_speed="instant", tutorial_offered=True), size=size, saves_dir=tmp / "data" / "saves",
               clock=clock, persist_settings=True)


def game_app(tmp: Path, setup: Setup | None = None, size: tuple[int, int] = (1280, 720), **kw: Any) -> tuple[App, GameScreen]:
    """An app showing a new game (random AI opponents, no worker thread), its opening cards closed."""
    setup = setup or Setup(seed=1, humans=("government",), policies=(("isis", "random"), ("sdf", "random")))
    screen = GameScreen(Match.new(setup), ai_threaded=False)
    app = make_app([screen], tmp, size=size, **kw)
    settle(app, screen)
    return app, screen


def settle(app: App, screen: Screen, steps: int = 40) -> None:
    """Step until ``screen`` is on top with nothing queued, closing cards (narration, summaries) as a player would."""
    for _ in range(steps):
        app.step([], 1 / 60)
        if app.top is screen and not getattr(screen, "queue", None) and not getattr(screen, "animating", False):
            return
        if app.top is not screen and app.stack:
            press(app, key(pygame.K_RETURN))
    app.step([], 1 / 60)


def stack_names(app: App) -> list[str]:
    return [type(s).__name__ for s in app.stack]
