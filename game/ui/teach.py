"""Educator mode's window: step through the historical line on a projector.

The screen shows one position of ``game.teach.timeline.Timeline`` (position k = after k actions)
through the same map view as the game, in god view or as one side saw it, with a timeline bar of
turns, dates and the five phases. Playing pauses at each beat with its card. From any position a
teacher can branch into a what-if (played on in the normal game screen and saved beside the
historical line so the report compares them), run the odds, or write the report.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIPanel

from game.control import intents as I
from game.control.educator import EducatorLine
from game.control.intents import Intent
from game.engine.observation import Observation
from game.teach.cards import beat_card
from game.teach.lines import Lines
from game.teach.timeline import Beat, Timeline
from game.ui import flow, keys
from game.ui.camera import ZOOMS, Camera
from game.ui.commands import ApplySettings, Command, Pop, Push
from game.ui.dialogs import Choice
from game.ui.game_cards import question
from game.ui.mapview import MapView
from game.ui.scene import Marker
from game.ui.screen import Screen
from game.ui.settings import UI_SCALES
from game.ui.teach_dialogs import BeatCardScreen, teach_help
from game.ui.teach_draw import EducatorDrawing, timeline_layout
from game.ui.teach_lines import EducatorLesson
from game.ui.teach_text import ScrollText

Cell = tuple[int, int]
PACES = (1.2, 0.6, 0.3, 0.12)  # seconds per action while playing (Up/Down on the play button: slower/faster)
BUTTONS = (("play", "Play (Space)"), ("view", "View: all sides (V)"), ("card", "Beat card (C)"),
           ("branch", "Branch here (B)"), ("lines", "Next line (L)"), ("compare", "Compare (K)"),
           ("odds", "Run the odds (O)"), ("report", "Report (R)"), ("help", "Keys (F1)"), ("leave", "Leave (Esc)"))
BUTTON_INTENTS = {"play": I.PLAY, "view": I.VIEW_NEXT, "card": I.CARD, "branch": I.BRANCH, "odds": I.ODDS,
                  "report": I.REPORT, "help": I.HELP, "leave": I.LEAVE}
LINE_KEYS = {pygame.K_l: "lines", pygame.K_k: "compare"}  # the lesson's lines: next line, compare two


class EducatorScreen(EducatorLesson, EducatorDrawing, Screen):
    name = "educator"
    paints_background = False

    def __init__(self, scenario: str = "abu_kamal_2017", seed: int = 1, timeline: Timeline | None = None,
                 odds_executor: Callable[[], cf.Executor] | None = None, work_executor: cf.Executor | None = None,
                 opening_card: bool = True, lines: Lines | None = None) -> None:
        super().__init__()
        self.lines = lines or Lines.of_timeline(timeline or Timeline.play(scenario, seed))
        self.tl = self.lines.line.timeline
        self.game = self.tl.game
        self.pos = 0
        self.viewer: str | None = None  # None: god view
        self.playing = False
        self.pace_i = 1
        self.next_step_at = 0.0
        self.opening_card = opening_card
        self.odds_executor = odds_executor
        self.work_executor = work_executor
        self.camera = Camera(self.game.width, self.game.height)
        self.view: MapView | None = None
        self.info: ScrollText | None = None
        self.buttons: dict[str, UIButton] = {}
        self.layout: dict[str, pygame.Rect] = {}
        self._placed = False
        self._keys: dict[str, Any] = {}
        self._obs: tuple[Any, Observation] | None = None
        self.markers: list[Marker] = []
        self.press: tuple[tuple[int, int], tuple[float, float]] | None = None
        self.dragging = False
        self.mouse = (-1, -1)
        self.line = EducatorLine(self.lines.history.timeline, self._saves_dir)
        self.pos = self.lines.line.pos
        self.cards_shown: set[int] = set()
        self.dirty = False  # changed outside an event (playing reached the end): draw one more frame
        self.tunnel_links: list[tuple[Cell, Cell]] = []
        self.tunnel_nodes: list[Cell] = []
        self.status = ""

    def _saves_dir(self) -> Path:
        assert self.ctx is not None
        return self.ctx.saves_dir

    @property
    def history_save(self) -> Path | None:
        return self.line.history_save

    @property
    def branch_save(self) -> Path | None:
        return self.line.branch_save

    @property
    def last_branch(self) -> Any:
        return self.line.last_branch

    def reports_dir(self) -> Path:
        return self.line.reports_dir()

    # --- life cycle ------------------------------------------------------------------------
    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        w, h = ctx.size
        pal = ctx.palette(self.game.scenario)
        if self.view is None:
            self.view = MapView(self.game, pal, ctx.fonts, self.camera)
        elif self.view.pal is not pal or self.view.fonts is not ctx.fonts:
            self.view.fonts = ctx.fonts
            self.view.set_palette(pal)
        self._keys.clear()
        banner_h = px(40)
        bar = timeline_layout(w, h, px, ctx.fonts, len(self.lines.names))
        bar_h = bar["bar"].h
        col_w = min(px(420), w * 2 // 5)
        map_r = pygame.Rect(0, banner_h, w - col_w, h - banner_h - bar_h)
        col = pygame.Rect(w - col_w, banner_h, col_w, h - banner_h - bar_h)
        self.layout = {"map": map_r, "column": col, "banner": pygame.Rect(0, 0, w, banner_h), **bar}
        self.camera.set_view((map_r.x, map_r.y, map_r.w, map_r.h))
        if not self._placed:
            self._placed = True
            self._place_camera()
        rows = (len(BUTTONS) + 1) // 2
        buttons_h = rows * px(42) + px(10)
        panel = UIPanel(pygame.Rect(col.x, col.bottom - buttons_h, col.w, buttons_h), manager=ctx.manager,
                        container=self.container)
        self.layout["buttons"] = panel.rect
        bw = (col.w - px(18)) // 2
        self.buttons = {}
        for i, (ident, label) in enumerate(BUTTONS):
            r = pygame.Rect(px(6) + (i % 2) * (bw + px(4)), px(6) + (i // 2) * px(42), bw, px(38))
            self.buttons[ident] = UIButton(r, label, ctx.manager, container=panel.get_container())
        self.info = ScrollText(pal, ctx.fonts, size=16)
        self.info.rect = pygame.Rect(col.x + px(4), col.y + px(4), col.w - px(8), col.h - buttons_h - px(8))
        self._refresh()

    def _place_camera(self) -> None:
        """Start on the contested town at a zoom where counters can be read from the back of a room."""
        self._placed = True
        sc = self.game.scenario
        zone = next((d.zone for d in sc.declarations.values()), None)
        if zone is None:
            self.camera.fit_zoom()
            return
        ys, xs = np.nonzero(self.game.zone_masks[zone])
        _, _, vw, vh = self.camera.view
        zw, zh = int(xs.max() - xs.min()) + 18, int(ys.max() - ys.min()) + 18  # the town and its approaches
        fits = [i for i, z in enumerate(ZOOMS) if zw * z <= vw and zh * z <= vh]
        self.camera.zoom_i = max(2, min(7, fits[-1] if fits else 2))
        self.camera.center_on(float(xs.mean()) + 0.5, float(ys.mean()) + 3.5)

    # --- the position ----------------------------------------------------------------------
    @property
    def obs(self) -> Observation:
        key = (self.pos, self.viewer)
        if self._obs is None or self._obs[0] != key:
            self._obs = (key, self.tl.observe_at(self.pos, self.viewer))
        return self._obs[1]

    def state_hash(self) -> str:
        """The hash of the state on screen (tests compare it with ``tl.state_at(k)``)."""
        return self.tl.state_at(self.pos).hash()

    def goto(self, k: int, card: bool = False) -> Command | None:
        """Show position k; ``card``: stepping forward onto a beat stops and shows its card."""
        k = self.tl.clamp(k)
        self.pos = k
        self.dirty = True
        self._markers()
        self._refresh()
        if k >= self.tl.end:
            self.playing = False
        beat = self.tl.beat_at(k)
        if card and beat is not None:
            self.playing_before_card = self.playing
            self.playing = False
            return self.show_card(beat)
        if card and self.playing and k in self.tl.stops:  # e.g. the city held again: the class should see it
            self.playing = False
            self.status = f"Paused at “{self.tl.stops[k]}”. Space plays on."
            self._refresh()
        return None

    def step(self, n: int) -> Command | None:
        return self.goto(self.pos + n, card=n > 0)

    def show_card(self, beat: Beat | None = None) -> Command | None:
        beat = beat or self.current_beat()
        if beat is None:
            return None
        self.cards_shown.add(beat.position)
        return Push(BeatCardScreen(beat_card(self.tl, beat), beat.position))

    def current_beat(self) -> Beat | None:
        """The last beat at or before the shown position (the phase the game is in)."""
        got = [b for b in self.tl.beats if b.position <= self.pos]
        return got[-1] if got else None

    def toggle_play(self) -> None:
        if self.pos >= self.tl.end:
            self.pos = 0
        self.playing = not self.playing
        self.next_step_at = (self.ctx.now() if self.ctx else 0.0) + PACES[self.pace_i]
        self._refresh()

    def set_viewer(self, side: str | None) -> None:
        self.viewer = side
        self._keys.pop("scene", None)
        self._refresh()

    def cycle_viewer(self) -> None:
        order: list[str | None] = [None, *self.game.sides]
        self.set_viewer(order[(order.index(self.viewer) + 1) % len(order)])

    def side_name(self, side: str | None) -> str:
        return "all sides (god view)" if side is None else self.game.scenario.sides[side].name

    # --- frame loop ------------------------------------------------------------------------
    def update(self, dt: float) -> Command | None:
        if self.opening_card:
            self.opening_card = False
            beat = self.tl.beat_at(0)
            if beat is not None:
                return self.show_card(beat)
        if self.playing and self.ctx is not None:
            now = self.ctx.now()
            if now >= self.next_step_at:
                self.next_step_at = now + PACES[self.pace_i]
                return self.step(1)
        return None

    @property
    def animating(self) -> bool:
        return self.playing or self.dirty or (self.view is not None and self.view.pending)

    def resume(self, result: Any) -> Command | None:
        if not isinstance(result, Choice):
            return None
        if result.tag == "beat":
            if result.choice == "continue" and getattr(self, "playing_before_card", False):
                self.playing = True
                self.next_step_at = (self.ctx.now() if self.ctx else 0.0) + PACES[self.pace_i]
            self.playing_before_card = False
            if result.choice == "branch":
                return self.branch_dialog()
        elif result.tag == "branch" and result.choice == "start":
            return self.start_branch(result.payload)
        elif result.tag == "leave" and result.choice == "yes":
            # back to the menu that opened it, or to a fresh one when started by 'abu-kamal teach'
            return Pop() if self.depth > 0 else flow.main_menu()
        elif result.tag == "report" and result.choice in ("history", "branch", "lesson"):
            return self.report(result.choice)
        elif result.tag == "work":
            if isinstance(result.payload, str):
                self.status = result.payload
            self.after_work()
            self._refresh()
        return None

    # --- input -----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> Command | None:
        t = event.type
        if t == pygame_gui.UI_BUTTON_PRESSED:
            for ident, b in self.buttons.items():
                if event.ui_element is b:
                    return self.button(ident)
            return None
        if t == pygame.KEYDOWN:
            return self.key(event)
        if t == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self.press is not None:
                start, cam = self.press
                dx, dy = event.pos[0] - start[0], event.pos[1] - start[1]
                if self.dragging or abs(dx) + abs(dy) > 6:
                    self.dragging = True
                    self.camera.ox, self.camera.oy = cam[0] - dx, cam[1] - dy
                    self.camera.clamp()
            return None
        if t == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.mouse = event.pos
            if self.layout["bar"].collidepoint(event.pos):
                return self.goto(self.position_at_x(event.pos[0]))
            if self.camera.contains(*event.pos):
                self.press, self.dragging = (event.pos, (self.camera.ox, self.camera.oy)), False
            return None
        if t == pygame.MOUSEBUTTONUP:
            self.press, self.dragging = None, False
            return None
        if t == pygame.MOUSEWHEEL and self.info is not None and self.info.rect.collidepoint(self.mouse):
            self.info.scroll(-event.y * (self.ctx.px(48) if self.ctx else 48))  # the step panel scrolls
            self.dirty = True
        elif t == pygame.MOUSEWHEEL and self.camera.contains(*self.mouse):
            self.camera.zoom(1 if event.y > 0 else -1, self.mouse)
        return None

    def button(self, ident: str) -> Command | None:
        if ident in ("lines", "compare"):
            return self.lesson_button(ident)
        name = BUTTON_INTENTS.get(ident)
        return self.do(Intent(name)) if name else None

    def key(self, e: pygame.event.Event) -> Command | None:
        if e.key in LINE_KEYS and not e.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            return self.lesson_button(LINE_KEYS[e.key])
        if e.key == pygame.K_F11 and self.ctx is not None:  # full screen on a projector, and back
            return ApplySettings(self.ctx.settings.with_(fullscreen=not self.ctx.settings.fullscreen))
        intent = keys.intent(e, "educator")
        return self.do(intent) if intent is not None else None

    def do(self, intent: Intent) -> Command | None:
        """Carry out one intent of the teacher (from the key map or a button)."""
        n, arg = intent.name, intent.arg
        moves: dict[str, Callable[[], Command | None]] = {
            I.STEP: lambda: self.step(1) if arg > 0 else self.goto(self.pos - 1),
            I.TURN_STEP: lambda: self.goto(self.tl.next_turn(self.pos) if arg > 0 else self.tl.prev_turn(self.pos)),
            I.BEAT_STEP: lambda: (self.goto(self.tl.next_beat(self.pos), card=True) if arg > 0
                                  else self.goto(self.tl.prev_beat(self.pos))),
            I.GO_START: lambda: self.goto(0), I.GO_END: lambda: self.goto(self.tl.end),
            I.HELP: lambda: Push(teach_help()), I.CARD: self.show_card, I.BRANCH: self.branch_dialog,
            I.ODDS: self.odds_dialog, I.REPORT: self.report_dialog,
            I.SCALE: lambda: self.presentation_scale(arg),
        }
        if n in moves:
            return moves[n]()
        if n == I.PLAY:
            self.toggle_play()
        elif n == I.PACE:
            self.pace_i = max(0, min(len(PACES) - 1, self.pace_i + arg))
            self._refresh()
        elif n == I.VIEW_NEXT:
            self.cycle_viewer()
        elif n == I.VIEW:
            sides = self.game.sides
            if arg <= len(sides):
                self.set_viewer(None if arg == 0 else sides[arg - 1])
        elif n == I.ZOOM:
            self.camera.zoom(arg)
        elif n == I.LEAVE:
            if self.playing:  # Escape first stops the play, then asks to leave
                self.playing = False
                self._refresh()
                return None
            return self.leave()
        return None

    def presentation_scale(self, step: int) -> Command | None:
        assert self.ctx is not None
        s = self.ctx.settings
        cur = min(range(len(UI_SCALES)), key=lambda i: abs(UI_SCALES[i] - s.ui_scale))
        new = UI_SCALES[max(0, min(len(UI_SCALES) - 1, cur + step))]
        if new == s.ui_scale:
            return None
        self.camera.zoom(1 if step > 0 else -1)  # counters and place names grow with the text
        return ApplySettings(s.with_(ui_scale=new))

    def leave(self) -> Command:
        return Push(question("Leave educator mode?", "Branches and reports written so far stay in the saves folder.",
                             "Leave", tag="leave"))


def run_teach(scenario: str = "abu_kamal_2017", seed: int = 1, lines: Lines | None = None) -> None:
    """``abu-kamal teach [FILE]``: the educator window on its own (leaving it opens the main menu);
    with a lesson file, its lines, and everything made in the window is saved into it."""
    from game.ui.app import App
    from game.ui.settings import load_settings

    if lines is None:
        lines = Lines.of_timeline(Timeline.play(scenario, seed))  # before the window: a bad scenario fails as text
    settings = load_settings()
    size = None
    pygame.display.init()
    desktops = pygame.display.get_desktop_sizes()
    if desktops and desktops[0][0] > 0 and not settings.fullscreen:  # a projector or a laptop: use the screen
        size = (desktops[0][0], max(480, desktops[0][1] - 40))
    app = App([EducatorScreen(lines=lines)], settings, size=size)
    app.run()
