"""The game screen: the map, the side panel, the message log and the turn banner, for one side.

It shows only the viewer's observation and the events visible to the viewer. It draws and returns
commands; the game loop is the control package's: ``TurnFlow`` says when a hand-over or a turn
start is due and plays the computer sides at a readable pace, ``plan_click`` and ``order_action``
turn a click or an order key into an engine action, ``Match`` plays it. Input arrives as intents
(``game_input`` and the key map), dialogs are pushed as screens and come back through ``resume``.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import pygame
import pygame_gui

from game.control import intents as I
from game.control.ai_runner import AiRunner
from game.control.intents import Intent
from game.control.match import Match
from game.control.savefiles import Autosaver
from game.control.turnflow import TurnFlow
from game.engine import actions as A
from game.engine.events import Event
from game.ui import describe, flow
from game.ui import game_cards as cards
from game.ui.briefing import briefing_card, objectives_card
from game.ui.camera import Camera, start_zoom
from game.ui.commands import Command, Push, Quit
from game.ui.dialogs import Choice, HandOver, HelpScreen, PauseMenu
from game.ui.eventtext import Describer, summary
from game.ui.game_input import MapInput, Pointer
from game.ui.game_map import MapLayer
from game.ui.game_orders import GameOrders
from game.ui.game_panels import ORDERS, Panels, game_layout
from game.ui.legend import LegendScreen
from game.ui.mapview import MapView
from game.ui.scene import Overlay
from game.ui.screen import Screen
from game.ui.turn_summary import SummaryScreen, follow

Cell = tuple[int, int]
QUIET = ("side_turn_start", "turn_start", "posture")  # logged, but not worth pausing an AI turn on
BUTTON_INTENTS = {"undo": Intent(I.UNDO), "declare": Intent(I.DECLARE), "menu": Intent(I.MENU),
                  "help": Intent(I.HELP), **{k: Intent(I.ORDER, k) for k in ORDERS}}


class GameScreen(GameOrders, Screen):
    name = "game"
    paints_background = False

    def __init__(self, match: Match, ai_threaded: bool = True, note: str = "") -> None:
        super().__init__()
        self.match = match
        g = match.game
        self.camera = Camera(g.width, g.height)
        self.pointer = Pointer()
        self.input = MapInput(self.pointer, self.camera)
        self.map = MapLayer(match, self.camera, self.pointer)
        self.flow = TurnFlow(match, AiRunner(threaded=ai_threaded))
        self.panels = Panels(match, self.flow)
        self.queue: deque[Screen] = deque()  # cards waiting to be shown, in order
        self.layout: dict[str, pygame.Rect] = {}
        self.cams: dict[str, tuple[int, float, float]] = {}  # each hotseat side's own view of the map
        self._placed = False
        # sides shown their briefing: every side of a loaded game has had it
        self.briefed: set[str] = set(g.sides) if match.session.actions else set()
        self.last_summary: SummaryScreen | None = None  # T shows it again
        if note:
            match.log.add(match.viewer, note, "good")

    # --- what tests, the benchmark and the app read -----------------------------------------
    @property
    def selected(self) -> str | None:
        return self.pointer.selected

    @property
    def cursor(self) -> Cell | None:
        return self.pointer.cursor

    @property
    def hover(self) -> Cell | None:
        return self.pointer.hover

    @property
    def view(self) -> MapView | None:
        return self.map.view

    @property
    def logs(self) -> dict[str, list[tuple[str, str]]]:
        return self.match.log.lines

    def overlay(self) -> Overlay:
        return self.map.overlay(self.my_turn, self.now())

    def quit_question(self) -> Screen | None:
        """Asked before the app quits (Ctrl+Q, closing the window): only with unsaved progress."""
        return cards.QuitQuestion() if self.match.unsaved else None

    # --- life cycle ------------------------------------------------------------------------
    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        self.map.attach(ctx)
        self.layout = game_layout(ctx, self.match.game)
        r = self.layout["map"]
        self.camera.set_view((r.x, r.y, r.w, r.h))
        if not self._placed:
            self._place_camera()
        self.panels.build(ctx, self.container, self.layout)
        assert self.map.minimap is not None
        self.map.minimap.place(self.layout["minimap"])
        if self.flow.autosaver is None:
            self.flow.autosaver = Autosaver(ctx.saves_dir)
        self._refresh()

    def close(self) -> None:
        self.flow.shutdown()
        super().close()

    def _place_camera(self) -> None:
        """Start on the viewer's own units, at a zoom where counters are legible."""
        obs = self.match.observe()
        own = [u for u in obs.own() if not u.underground] or obs.own()
        self._placed = True
        if self.ctx is not None:
            _, _, vw, vh = self.camera.view
            self.camera.zoom_i = start_zoom((vw, vh), (self.match.game.width, self.match.game.height), self.ctx.scale)
        if own:
            xs = sorted(u.x for u in own)
            ys = sorted(u.y for u in own)
            self.camera.center_on(xs[len(xs) // 2] + 0.5, ys[len(ys) // 2] + 0.5)
        else:
            self.camera.fit_zoom()

    def _refresh(self) -> None:
        if self.root is not None and self.ctx is not None:
            self.panels.refresh(self.ctx, self.pointer.selected, self.my_turn)

    # --- events from the engine ------------------------------------------------------------
    def sync_events(self) -> int:
        """Log what the viewer has not been shown yet; queue narration and game-over cards.
        Returns how many lines were worth pausing on."""
        m = self.match
        evs = m.unseen(m.viewer)
        if not evs:
            return 0
        d = Describer(self.obs)
        now = self.now()
        marker_s = self.flow.pacing.marker_seconds(self.ctx.settings.action_pause if self.ctx else 0.5)
        notable = 0
        for ev in evs:
            line = d.line(ev)
            if line is not None:
                self.say(line.text, line.tone)
                if ev.kind not in QUIET:
                    notable += 1
                    if m.ai_turn and line.cell is not None and not self.flow.pacing.skip:
                        follow(self.camera, line.cell)  # the view goes where the side saw something happen
            self.map.mark(ev, now, marker_s)
            self._queue_card(ev)
        return notable

    def _queue_card(self, ev: Event) -> None:
        if ev.kind == "narration":
            self.queue.append(cards.narration_card(self.match.game, ev))
        elif ev.kind == "game_over":
            self.queue.append(cards.game_over_card(self.match.game, ev))

    # --- the game loop (decided by TurnFlow, shown here) ------------------------------------
    def update(self, dt: float) -> Command | None:
        now = self.now()
        self.map.tick(now)
        if self.ctx is not None:
            self.input.edge_pan(dt, self.ctx.size)
        m = self.match
        side = self.flow.handover_due()
        if side is not None:  # hand over first: nothing of this side's turn shows before it
            return Push(HandOver(side, m.game.scenario.sides[side].name,
                                 f"Turn {m.state.turn} · {describe.date_title(m.game, m.state.turn)}"))
        if not self.queue:
            self.sync_events()
        if self.queue:
            self._refresh()  # the banner and panel say whose turn it is behind the card
            return Push(self.queue.popleft())
        if not m.over:
            if self.flow.turn_start_due():
                return self._start_turn()
            if m.ai_turn:
                pause = self.ctx.settings.action_pause if self.ctx else 0.0
                self.flow.ai_step(now, pause, self.sync_events, lambda: bool(self.queue), self.say)
                if self.queue:
                    self._refresh()
                    return Push(self.queue.popleft())
        self._refresh()
        return None

    def _start_turn(self) -> Command | None:
        m = self.match
        self.flow.start_turn()
        if self.flow.autosaver is not None and self.flow.autosaver.last_error:
            self.say(f"Could not save automatically: {self.flow.autosaver.last_error}", "warn")
        self.sync_events()
        lines = summary(self.obs, m.since_own_turn(m.viewer), limit=200)
        first = m.turn_mark.get(m.viewer, 0) == 0
        self.pointer.selected = None
        self._refresh()
        if m.state.turn == 1 and m.viewer not in self.briefed:  # after the opening cards, before the first move
            self.briefed.add(m.viewer)
            self.queue.append(briefing_card(m.game, m.viewer))
        if self.queue:
            return Push(self.queue.popleft())
        if lines and not first:
            self.last_summary = SummaryScreen(f"Turn {m.state.turn}: what your side saw", lines)
            return Push(self.last_summary)
        return None

    @property
    def animating(self) -> bool:
        m = self.match
        return bool(self.queue or self.map.markers or self.map.notice or (m.ai_turn and not m.over)
                    or self.pointer.edge_moving or (self.view is not None and self.view.pending)
                    or self.flow.turn_start_due() or self.map.tip_pending)

    def resume(self, result: Any) -> Command | None:
        if not isinstance(result, Choice):
            return None
        tag, choice = result.tag, result.choice
        if tag == "attack" and choice == "yes":
            self.play(result.payload)
        elif tag == "end_turn" and choice == "yes":
            self.end_turn()
        elif tag == "declare" and choice == "yes":
            self.play(A.Declare())
        elif tag == "handover" and choice == "ready":
            self._switch_viewer(result.payload)
            return self._start_turn()
        elif tag == "pause":
            return self._pause_choice(choice)
        elif tag == "summary" and choice == "show":
            (cell, text) = result.payload
            self.camera.center_on(cell[0] + 0.5, cell[1] + 0.5)
            self.map.say_at(cell, text + "  (T: the summary again)", self.now())
        elif tag == "load" and choice == "loaded":
            return flow.start_match(Match.from_session(result.payload), flow.loaded_note(result.payload))
        elif tag == "game_over":
            if choice == "menu":
                return self.leave()
            if choice == "quit":
                return self.quit()
        elif tag == "leave" and choice == "yes":
            return flow.main_menu()
        return None

    def _pause_choice(self, choice: str) -> Command | None:
        if choice == "save":
            self.save()
        elif choice == "load":
            from game.ui.loadgame import LoadScreen

            return Push(LoadScreen())
        elif choice == "settings":
            from game.ui.settings_screen import SettingsScreen

            assert self.ctx is not None
            return Push(SettingsScreen(self.ctx.settings))
        elif choice == "keys":
            return Push(HelpScreen())
        elif choice == "menu":
            return self.leave()
        elif choice == "quit":
            return self.quit()
        return None

    def leave(self) -> Command:
        """To the main menu, asking first (with Stay as the default) when progress is unsaved."""
        return Push(cards.leave_question()) if self.match.unsaved else flow.main_menu()

    def quit(self) -> Command:
        question = self.quit_question()
        return Push(question) if question is not None else Quit()

    def _switch_viewer(self, side: str) -> None:
        m = self.match
        if m.viewer == side:
            return
        self.cams[m.viewer] = (self.camera.zoom_i, self.camera.ox, self.camera.oy)
        m.viewer = side
        self.pointer.clear()
        self.map.markers.clear()
        self.map.notice = None
        if side in self.cams:
            self.camera.zoom_i, self.camera.ox, self.camera.oy = self.cams[side]
            self.camera.clamp()
        else:
            self._place_camera()
        self.map.forget()
        self.panels.show_log()

    # --- input: events to intents, intents carried out ---------------------------------------
    def handle(self, event: pygame.event.Event) -> Command | None:
        t = event.type
        intent: Intent | None = None
        if t == pygame_gui.UI_BUTTON_PRESSED:
            intent = self.button_intent(self.panels.button_at(event.ui_element))
        elif t == pygame.KEYDOWN:
            intent = self.input.key(event, watching=self.match.ai_turn)
        elif t == pygame.MOUSEMOTION:
            self.input.motion(event, self.size)
        elif t == pygame.MOUSEBUTTONDOWN:
            mm = self.layout.get("minimap")
            if event.button == 1 and mm is not None and mm.collidepoint(event.pos) and self.map.minimap is not None:
                c = self.map.minimap.cell_at(event.pos)
                if c:
                    self.camera.center_on(c[0] + 0.5, c[1] + 0.5)
            else:
                self.input.mouse_down(event)
        elif t == pygame.MOUSEBUTTONUP:
            intent = self.input.mouse_up(event)
        elif t == pygame.MOUSEWHEEL:
            mouse = self.pointer.mouse
            if self.camera.contains(*mouse):
                self.camera.zoom(1 if event.y > 0 else -1, mouse)
            elif self.panels.log_view is not None and self.panels.log_view.rect.collidepoint(mouse):
                self.panels.log_view.wheel(1 if event.y > 0 else -1)
        elif t == pygame.WINDOWLEAVE:
            self.pointer.mouse_inside = False
            self.pointer.hover = None
        elif t == pygame.WINDOWENTER:
            self.pointer.mouse_inside = True
        return self.do(intent) if intent is not None else None

    def button_intent(self, ident: str | None) -> Intent | None:
        """The order panel's buttons mean the same as their keys (Next/End change meaning while watching)."""
        if ident == "next":
            return Intent(I.FASTER) if self.match.ai_turn else Intent(I.NEXT_UNIT, 1)
        if ident == "end":
            return Intent(I.SKIP) if self.match.ai_turn else Intent(I.END_TURN)
        return BUTTON_INTENTS.get(ident or "")

    def do(self, intent: Intent) -> Command | None:
        """Carry out one intent of the player; a dialog to show comes back as a command."""
        n, arg = intent.name, intent.arg
        if n == I.HELP:
            return Push(HelpScreen(legend=LegendScreen(self.match.game.scenario, self.match.viewer)))
        if n == I.LEGEND:
            return Push(LegendScreen(self.match.game.scenario, self.match.viewer))
        if n == I.OBJECTIVES:
            return Push(objectives_card(self.obs))
        if n == I.SUMMARY:
            if self.last_summary is None:
                self.say("No summary yet: it comes at the start of your next turn.", "dim")
                return None
            return Push(SummaryScreen(self.last_summary.title, self.last_summary.lines))
        if n == I.LOAD:
            from game.ui.loadgame import LoadScreen

            return Push(LoadScreen())
        if n == I.MENU:
            return Push(PauseMenu())
        if n == I.CANCEL:
            if self.pointer.selected is not None or self.pointer.cursor is not None:
                self.pointer.clear()
                return None
            return Push(PauseMenu())
        if n == I.CONFIRM:
            return self.confirm(stack=bool(arg))
        if n == I.ACT_AT:
            cell, stack = arg
            return self.act_at(cell, stack)
        if n == I.DECLARE:
            return self.declare()
        if n == I.ORDER:
            return self.unit_order(arg)
        self._view_intent(intent)
        return None

    def _view_intent(self, intent: Intent) -> None:
        """Intents that change what is shown or play without a dialog."""
        n, arg = intent.name, intent.arg
        m = self.match
        if n == I.SAVE:
            self.save()
        elif n == I.UNDO:
            self.undo()
        elif n == I.FASTER:
            if m.ai_turn:
                self.say("Faster." if self.flow.pacing.toggle_fast() else "Normal pace.", "info")
        elif n == I.SKIP:
            if m.ai_turn:
                self.flow.pacing.skip_turn()
        elif n == I.PAUSE:
            if m.ai_turn:
                self.say("Paused: P goes on." if self.flow.pacing.toggle_pause() else "Going on.", "info")
        elif n == I.CURSOR:
            sel = self.obs.units.get(self.pointer.selected or "")
            self.input.move_cursor(arg[0], arg[1], m.game.width, m.game.height, sel.cell if sel else None)
        elif n == I.PAN:
            self.camera.pan(arg[0] * self.camera.z * 3, arg[1] * self.camera.z * 3)
        elif n == I.ZOOM:
            self.camera.zoom(arg)
        elif n == I.CENTRE:
            target = self.obs.units.get(self.pointer.selected or "")
            c = target.cell if target else self.pointer.cursor
            if c:
                self.camera.center_on(c[0] + 0.5, c[1] + 0.5)
        elif n == I.NEXT_UNIT:
            self.cycle_units(arg)
        elif n == I.END_TURN:
            self.end_turn()
        elif n == I.TOGGLE_CONTROL:
            self.map.show_control = not self.map.show_control
            self.say("Control markers " + ("shown." if self.map.show_control else "hidden."), "dim")
        elif n == I.DESELECT:
            self.pointer.selected = None

    def confirm(self, stack: bool) -> Command | None:
        """Enter: act at the keyboard cursor; with nothing selected, end the turn (asking first)."""
        if self.pointer.cursor is not None:
            return self.act_at(self.pointer.cursor, stack=stack)
        if self.pointer.selected is None:
            return self.end_turn_asking()
        self.say("Move the cursor with the arrow keys, then press Enter; or press E to end the turn.", "dim")
        return None

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        if self.view is None or self.ctx is None:
            return
        self.map.draw(surface, self.my_turn, self.now(), self.layout["minimap"])
        self.panels.draw(surface, self.view.pal, self.layout)
        self.map.draw_minimap(surface)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        if self.ctx is not None:
            self.map.draw_tooltip(surface, self.ctx, self.my_turn)
