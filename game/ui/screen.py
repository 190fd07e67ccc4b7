"""The screen-state base class and the services screens are given (no global app, no back-pointers).

A screen owns its pygame_gui widgets under one root container, turns events into Commands in
``handle``, and can be driven entirely by synthetic events in tests (SDL's dummy video driver).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import UIContainer
from pygame_gui.elements import UIPanel

from game import paths
from game.scenario.model import Scenario
from game.ui.commands import Command
from game.ui.settings import Settings
from game.ui.theme import Fonts, Palette, palette


@dataclass
class UiContext:
    """What every screen may use: the GUI manager, settings, fonts, palettes and folders."""

    manager: pygame_gui.UIManager
    settings: Settings
    size: tuple[int, int]
    fonts: Fonts
    saves_dir: Path = field(default_factory=paths.saves_dir)
    clock: Callable[[], float] = pygame.time.get_ticks
    _palettes: dict[Any, Palette] = field(default_factory=dict)

    @property
    def scale(self) -> float:
        return self.settings.ui_scale

    def px(self, v: float) -> int:
        """A layout length scaled by the UI scale setting."""
        return round(v * self.settings.ui_scale)

    def palette(self, scenario: Scenario | None = None) -> Palette:
        key = (id(scenario), self.settings.colour_blind)
        if key not in self._palettes:
            self._palettes[key] = palette(scenario, self.settings.colour_blind)
        return self._palettes[key]

    def now(self) -> float:
        """Seconds, from the injectable clock (tests drive time by hand)."""
        return self.clock() / 1000.0


class Screen:
    """One state of the interface. Subclasses override what they need."""

    opaque = True  # screens below are neither drawn nor shown
    modal = False  # a dimming blocker covers the screens below and takes their clicks
    name = "screen"

    def __init__(self) -> None:
        self.ctx: UiContext | None = None
        self.root: UIContainer | None = None
        self.depth = 0

    # --- life cycle -------------------------------------------------------------------------
    def attach(self, ctx: UiContext, depth: int) -> None:
        """Build the widgets (again): on first show, after a resize, after a settings change."""
        self.detach()
        self.ctx, self.depth = ctx, depth
        rect = pygame.Rect((0, 0), ctx.size)
        if self.modal:
            self.root = UIPanel(rect, starting_height=depth * 40 + 1, manager=ctx.manager,
                                object_id="#modal_blocker")
        elif self.opaque and self.paints_background:
            self.root = UIPanel(rect, starting_height=depth * 40 + 1, manager=ctx.manager, object_id="#screen_bg")
        else:
            self.root = UIContainer(rect, ctx.manager, starting_height=depth * 40 + 1)
        self.build()

    paints_background = True  # opaque screens get a plain themed background unless they draw their own

    def detach(self) -> None:
        if self.root is not None:
            self.root.kill()
            self.root = None

    def build(self) -> None:
        """Create widgets under ``self.root``."""

    def close(self) -> None:
        """Called once when the screen leaves the stack for good (stop threads, free caches)."""
        self.detach()

    @property
    def container(self) -> Any:
        """Where child widgets go: the panel's inner container, or the root container itself."""
        assert self.root is not None
        return self.root.get_container() if isinstance(self.root, UIPanel) else self.root

    @property
    def size(self) -> tuple[int, int]:
        assert self.ctx is not None
        return self.ctx.size

    # --- covering --------------------------------------------------------------------------
    def cover(self, opaque: bool) -> None:
        if self.root is not None and opaque:
            self.root.hide()

    def uncover(self) -> None:
        if self.root is not None:
            self.root.show()

    # --- input and time --------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> Command | None:
        return None

    def update(self, dt: float) -> Command | None:
        return None

    def resume(self, result: Any) -> Command | None:
        """The screen above closed with ``result``."""
        return None

    def quit_question(self) -> Screen | None:
        """A question to ask before the app quits (unsaved progress), or None to quit at once."""
        return None

    @property
    def animating(self) -> bool:
        """True while something moves on its own, so the app keeps drawing frames."""
        return False

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Custom drawing under the widgets."""

    def draw_overlay(self, surface: pygame.Surface) -> None:
        """Custom drawing over the widgets (tooltips)."""
