"""The application: one window, one pygame_gui manager, a stack of screens, and the event loop.

The loop blocks on ``pygame.event.wait`` while nothing moves, so an idle game uses almost no CPU;
it runs at up to 60 frames a second only while a screen animates (AI turns, markers, edge pan).
Only the app changes the stack: screens return Commands.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game.ui import keys, theme
from game.ui.commands import ApplySettings, Batch, Command, Pop, Push, Quit, Replace, ResetTo
from game.ui.keys import KeyFilter
from game.ui.screen import Screen, UiContext
from game.ui.settings import Settings, save_settings

IDLE_WAIT_MS = 1000
FPS = 60
MIN_SIZE = (960, 600)


def make_manager(size: tuple[int, int], settings: Settings) -> pygame_gui.UIManager:
    m = pygame_gui.UIManager(size, theme.gui_theme(settings.ui_scale, settings.colour_blind),
                             enable_live_theme_updates=False)
    with warnings.catch_warnings():  # pygame_gui warns about fonts the theme already loaded
        warnings.simplefilter("ignore", UserWarning)
        m.preload_fonts(theme.gui_fonts(settings.ui_scale))
    return m


def fit_to_desktop(size: tuple[int, int]) -> tuple[int, int]:
    """The window size to open: the wanted size, but never larger than the screen (a window taller
    than a 1280x720 display would hide the turn banner above it and the mini-map below)."""
    w, h = max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1])
    try:  # headless drivers report a made-up desktop: only a real screen limits the window
        real = pygame.display.get_driver() not in ("dummy", "offscreen")
        desktops = pygame.display.get_desktop_sizes() if real else []
    except pygame.error:
        desktops = []
    if desktops and desktops[0][0] > 0 and desktops[0][1] > 0:
        dw, dh = desktops[0]
        w, h = min(w, dw), min(h, dh)
    return w, h


class App:
    def __init__(self, screens: Iterable[Screen], settings: Settings, size: tuple[int, int] | None = None,
                 saves_dir: Path | None = None, clock: Any = None, persist_settings: bool = True) -> None:
        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(320, 45)
        pygame.display.set_caption("Abu Kamal")
        self.settings = settings
        self.persist = persist_settings
        self.window = self._open_window(size or settings.window, settings.fullscreen)
        wsize = self.window.get_size()
        self.manager = make_manager(wsize, settings)
        kw: dict[str, Any] = {}
        if saves_dir is not None:
            kw["saves_dir"] = saves_dir
        if clock is not None:
            kw["clock"] = clock
        self.ctx = UiContext(self.manager, settings, wsize, theme.Fonts(settings.ui_scale), **kw)
        self.stack: list[Screen] = []
        self.running = True
        self.frames = 0
        self.first_frame_at: float | None = None
        self._needs_draw = True
        self.keys = KeyFilter()
        for s in screens:
            self.push(s)

    # --- window ----------------------------------------------------------------------------
    def _open_window(self, size: tuple[int, int], fullscreen: bool) -> pygame.Surface:
        if fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        w, h = fit_to_desktop(size)
        return pygame.display.set_mode((w, h), pygame.RESIZABLE)

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(320, size[0]), max(240, size[1]))
        if size == self.ctx.size:
            return
        surf = pygame.display.get_surface()
        if surf is not None and surf.get_size() == size:
            self.window = surf
        self.ctx.size = size
        self.manager.set_window_resolution(size)
        if not self.settings.fullscreen:
            self.settings = self.settings.with_(window=size)
            self.ctx.settings = self.settings
        self.rebuild()

    def rebuild(self) -> None:
        """Rebuild every screen's widgets (their state lives outside the widgets)."""
        for i, s in enumerate(self.stack):
            s.attach(self.ctx, i)
        self._apply_cover()
        self._needs_draw = True

    def _apply_cover(self) -> None:
        hidden = False
        for s in reversed(self.stack):
            if hidden:
                s.cover(True)
            else:
                s.uncover()
            hidden = hidden or s.opaque

    # --- the stack -------------------------------------------------------------------------
    @property
    def top(self) -> Screen | None:
        return self.stack[-1] if self.stack else None

    def push(self, screen: Screen) -> None:
        screen.attach(self.ctx, len(self.stack))
        self.stack.append(screen)
        self._apply_cover()
        self._needs_draw = True

    def pop(self, result: Any = None) -> None:
        if not self.stack:
            return
        self.stack.pop().close()
        if not self.stack:
            self.running = False
            return
        self._apply_cover()
        self._needs_draw = True
        self.execute(self.stack[-1].resume(result))

    def execute(self, cmd: Command | None) -> None:
        if cmd is None:
            return
        self._needs_draw = True
        if isinstance(cmd, Push):
            self.push(cmd.screen)
        elif isinstance(cmd, Pop):
            self.pop(cmd.result)
        elif isinstance(cmd, Replace):
            if self.stack:
                self.stack.pop().close()
            self.push(cmd.screen)
        elif isinstance(cmd, ResetTo):
            while self.stack:
                self.stack.pop().close()
            for s in cmd.screens:
                self.push(s)
        elif isinstance(cmd, Quit):
            self.running = False
        elif isinstance(cmd, ApplySettings):
            self.apply_settings(cmd.settings)
        elif isinstance(cmd, Batch):
            for c in cmd.commands:
                self.execute(c)

    def apply_settings(self, new: Settings) -> None:
        old = self.settings
        self.settings = new
        self.ctx.settings = new
        if self.persist:
            save_settings(new)
        if new.fullscreen != old.fullscreen:
            self.window = self._open_window(new.window, new.fullscreen)
            self.ctx.size = self.window.get_size()
        if (new.ui_scale, new.colour_blind) != (old.ui_scale, old.colour_blind) or new.fullscreen != old.fullscreen:
            for s in self.stack:
                s.detach()
            self.manager = make_manager(self.ctx.size, new)
            self.ctx.manager = self.manager
            self.ctx.fonts = theme.Fonts(new.ui_scale)
            self.ctx._palettes.clear()
            self.rebuild()

    # --- events ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        t = event.type
        if t in (pygame.KEYDOWN, pygame.KEYUP, pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED):
            filtered = self.keys.filter(event)
            if filtered is None:
                return
            event = filtered
        if t == pygame.QUIT or (t == pygame.KEYDOWN and event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL):
            if not keys.is_repeat(event):  # a held Ctrl+Q must not answer its own question
                self.ask_to_quit()
                if t == pygame.KEYDOWN and self.running:
                    self.keys.swallow(event.key)
            return
        if t in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            surf = pygame.display.get_surface()
            self.resize(surf.get_size() if surf is not None else (event.x, event.y))
            return
        if t in (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.WINDOWRESTORED, pygame.WINDOWFOCUSGAINED):
            self._needs_draw = True
        consumed = self.manager.process_events(event)
        self._needs_draw = True
        top = self.top
        own_blocker = t == pygame.MOUSEWHEEL and top is not None and top.modal  # a modal's own dimming panel
        if consumed and not own_blocker and t in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL, pygame.KEYDOWN,
                                                  pygame.TEXTINPUT):
            return
        if top is not None:
            self.execute(top.handle(event))
            if t == pygame.KEYDOWN and self.top is not top:
                self.keys.swallow(event.key)  # it closed or opened a screen: the rest of this press is not for the next one

    def ask_to_quit(self) -> None:
        """Ctrl+Q or the window's close button: quit, unless a screen has unsaved progress to ask
        about (asked once: the same request while the question is up quits)."""
        if self.top is not None and self.top.name == "quit_question":
            self.running = False
            return
        for s in reversed(self.stack):
            question = s.quit_question()
            if question is not None:
                self.push(question)
                return
        self.running = False

    def step(self, events: Iterable[pygame.event.Event], dt: float) -> bool:
        """Handle events, update the top screen and draw if anything may have changed; True if drawn."""
        for e in events:
            if not self.running:
                break
            self.handle(e)
        if not self.running or not self.stack:
            return False
        top = self.top
        if top is not None:
            cmd = top.update(dt)
            if cmd is not None:
                self.execute(cmd)
        if not self.running or not self.stack:
            return False
        self.manager.update(dt)  # after the screens, so widgets they just made are ready to draw
        if self._needs_draw or self.animating:
            self.draw()
            pygame.display.flip()
            self._needs_draw = False
            return True
        return False

    @property
    def animating(self) -> bool:
        return any(s.animating for s in self.stack[-1:])

    def draw(self) -> None:
        surface = self.window
        first = 0
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].opaque:
                first = i
                break
        if not self.stack or not self.stack[first].opaque:
            surface.fill(self.ctx.palette().c("screen_bg"))
        for s in self.stack[first:]:
            s.draw(surface)
        self.manager.draw_ui(surface)
        if self.stack:
            self.stack[-1].draw_overlay(surface)
        self.frames += 1
        if self.first_frame_at is None:
            self.first_frame_at = time.perf_counter()

    def run(self, frame_limit: int = 0) -> None:
        """Run until Quit; ``frame_limit`` > 0 stops after that many loop turns (smoke tests)."""
        clock = pygame.time.Clock()
        last = time.perf_counter()
        loops = 0
        while self.running and self.stack:
            if self.animating or self._needs_draw:
                clock.tick(FPS)
                events = pygame.event.get()
            else:
                first = pygame.event.wait(IDLE_WAIT_MS)
                events = [first, *pygame.event.get()] if first.type != pygame.NOEVENT else []
            now = time.perf_counter()
            self.step(events, min(0.25, now - last))
            last = now
            loops += 1
            if frame_limit and loops >= frame_limit:
                break
        self.shutdown()

    def shutdown(self) -> None:
        while self.stack:
            self.stack.pop().close()
        if self.persist:
            save_settings(self.settings)
        pygame.display.quit()
