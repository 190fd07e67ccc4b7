"""The game screen: the map, the side panel, the message log and the turn banner, for one side.

It shows only the viewer's observation and the events visible to the viewer. Human orders go
through ``Match.play`` (the engine checks them); AI sides are driven one action at a time at a
readable pace. Dialogs (attack preview, narration, summaries, hand-over) are pushed as screens and
come back through ``resume``.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UIPanel

from game.engine import actions as A
from game.engine.errors import EngineError
from game.engine.events import Event
from game.engine.fog import Observation, UnitView
from game.ui import describe, flow, keys
from game.ui.camera import Camera
from game.ui.commands import Command, Push, Quit
from game.ui.dialogs import Choice, Dialog, HandOver, HelpScreen, NarrationCard, PauseMenu, confirm
from game.ui.eventtext import Describer, Line, summary
from game.ui.mapview import MapView, Marker, Overlay, build_scene
from game.ui.match import AiFailure, AiRunner, Match
from game.ui.minimap import Minimap
from game.ui.saves import new_save_path
from game.ui.screen import Screen
from game.ui.widgets import LogView, RichText, draw_tooltip, esc, tone

Cell = tuple[int, int]
LOG_KEEP = 240
EDGE = 4  # pixels from the window edge that pan the map
BUTTONS = (("search", "Search (S)"), ("posture", "Stand down (P)"), ("dive", "Go underground (D)"),
           ("emerge", "Come out (U)"), ("demolish", "Demolish (X)"), ("withdraw", "Withdraw (W)"),
           ("next", "Next unit (Tab)"), ("undo", "Undo (Ctrl+Z)"), ("declare", "Declare victory (V)"),
           ("end", "End turn (E)"), ("menu", "Menu (Esc)"), ("help", "Keys (F1)"))


class GameScreen(Screen):
    name = "game"
    paints_background = False

    def __init__(self, match: Match, ai_threaded: bool = True, note: str = "") -> None:
        super().__init__()
        self.match = match
        g = match.game
        self.camera = Camera(g.width, g.height)
        self.view: MapView | None = None
        self.minimap: Minimap | None = None
        self.selected: str | None = None
        self.cursor: Cell | None = None
        self.hover: Cell | None = None
        self.mouse: tuple[int, int] = (-1, -1)
        self.mouse_inside = False
        self.keyboard = False  # the keyboard cursor, not the mouse, was used last
        self._edge_moving = False
        self.logs: dict[str, list[tuple[str, str]]] = {}
        self.log_view: LogView | None = None
        self.markers: list[Marker] = []
        self.ai = AiRunner(threaded=ai_threaded)
        self.ai_next = 0.0
        self.ai_fast = False
        self.ai_skip = False
        self.queue: deque[Screen] = deque()
        self.press: tuple[int, tuple[int, int], tuple[float, float]] | None = None  # button, pos, camera
        self.dragging = False
        self.show_control = True
        self.turn_key: tuple[int, str] | None = None
        self.cams: dict[str, tuple[int, float, float]] = {}
        self.buttons: dict[str, UIButton] = {}
        self._keys: dict[str, Any] = {}
        self._placed = False
        self._tip: tuple[Any, list[tuple[str, str]]] | None = None
        self._path: tuple[Any, list[Cell] | None, int | None] | None = None
        self.layout: dict[str, pygame.Rect] = {}
        self.frames = 0
        if note:
            self.logs[match.viewer] = [(note, "good")]

    # --- life cycle ------------------------------------------------------------------------
    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        w, h = ctx.size
        game = self.match.game
        pal = ctx.palette(game.scenario)
        if self.view is None:
            self.view = MapView(game, pal, ctx.fonts, self.camera)
            self.minimap = Minimap(game, pal)
        elif self.view.pal is not pal or self.view.fonts is not ctx.fonts:
            self.view.fonts = ctx.fonts
            self.view.set_palette(pal)
            self.minimap = Minimap(game, pal)
        self._keys.clear()
        banner_h = px(36)
        col_w = min(px(340), w * 2 // 5)
        log_h = min(px(132), h // 4)
        map_r = pygame.Rect(0, banner_h, w - col_w, h - banner_h - log_h)
        col = pygame.Rect(w - col_w, banner_h, col_w, h - banner_h)
        self.layout = {"map": map_r, "column": col, "log": pygame.Rect(0, h - log_h, w - col_w, log_h),
                       "banner": pygame.Rect(0, 0, w, banner_h)}
        self.camera.set_view((map_r.x, map_r.y, map_r.w, map_r.h))
        if not self._placed:
            self._place_camera()
        m = ctx.manager
        bar = UIPanel(self.layout["banner"], manager=m, container=self.container, object_id="#bar")
        # both labels span the bar (transparent); the right one is trimmed to the room the left leaves
        self.banner_l = UILabel(pygame.Rect(px(10), 0, w - px(22), banner_h - 2), " ", m, container=bar.get_container(),
                                object_id="#banner")
        self.banner_r = UILabel(pygame.Rect(px(10), 0, w - px(22), banner_h - 2), " ", m,
                                container=bar.get_container(), object_id="#banner_right")
        self.log_view = LogView(pal, ctx.fonts)
        self.log_view.rect = self.layout["log"]
        self.log_view.set_lines(self._log_rows())
        buttons_h = 6 * px(34) + px(10)
        mm_h = min(col.w * game.height // game.width + px(12), max(px(120), col.h - buttons_h - px(170)))
        info_h = max(px(110), col.h - buttons_h - mm_h - px(8))
        panel_h = info_h + buttons_h
        self.info = RichText(pal, ctx.fonts)
        self.info.rect = pygame.Rect(col.x + px(2), col.y + px(4), col.w - px(6), info_h - px(6))
        side = UIPanel(pygame.Rect(col.x, col.y + info_h, col.w, min(buttons_h, col.h - info_h)), manager=m,
                       container=self.container)
        inner = side.get_container()
        self.buttons = {}
        bw = (col.w - px(18)) // 2
        for i, (ident, label) in enumerate(BUTTONS):
            r = pygame.Rect(px(6) + (i % 2) * (bw + px(4)), px(6) + (i // 2) * px(34), bw, px(30))
            self.buttons[ident] = UIButton(r, label, m, container=inner)
        self.layout["buttons"] = side.rect
        mm_top = col.y + min(panel_h, col.h) + px(6)
        mm_rect = pygame.Rect(col.x + px(6), mm_top, col.w - px(12), max(0, col.bottom - mm_top - px(6)))
        assert self.minimap is not None
        self.minimap.place(mm_rect)
        self.layout["minimap"] = mm_rect
        self._refresh_widgets()

    def close(self) -> None:
        self.ai.shutdown()
        super().close()

    def _place_camera(self) -> None:
        """Start on the viewer's own units, at a zoom where counters are legible."""
        obs = self.match.observe()
        own = [u for u in obs.own() if not u.underground] or obs.own()
        self._placed = True
        if own:
            xs = sorted(u.x for u in own)
            ys = sorted(u.y for u in own)
            self.camera.center_on(xs[len(xs) // 2] + 0.5, ys[len(ys) // 2] + 0.5)
        else:
            self.camera.fit_zoom()

    # --- helpers ---------------------------------------------------------------------------
    @property
    def obs(self) -> Observation:
        return self.match.observe()

    @property
    def my_turn(self) -> bool:
        m = self.match
        return m.human_turn and m.current == m.viewer

    def own_selected(self) -> UnitView | None:
        if self.selected is None:
            return None
        u = self.obs.units.get(self.selected)
        return u if u is not None and u.side == self.match.viewer else None

    def say(self, text: str, tone_name: str = "info") -> None:
        self._log(Line(text, tone_name))

    def _log(self, line: Line) -> None:
        log = self.logs.setdefault(self.match.viewer, [])
        log.append((line.text, line.tone))
        if len(log) > LOG_KEEP:
            del log[: len(log) - LOG_KEEP // 2]
        if self.log_view is not None:
            self.log_view.scroll = 0

    def _log_rows(self) -> list[tuple[str, str]]:
        return self.logs.setdefault(self.match.viewer, [])

    def pause(self) -> float:
        assert self.ctx is not None
        p = self.ctx.settings.action_pause
        return p * (0.25 if self.ai_fast else 1.0)

    # --- events from the engine ------------------------------------------------------------
    def sync_events(self) -> int:
        """Log what the viewer has not been shown yet; queue narration and game-over cards.
        Returns how many lines were worth pausing on."""
        m = self.match
        evs = m.unseen(m.viewer)
        if not evs:
            return 0
        d = Describer(self.obs)
        now = self.ctx.now() if self.ctx else 0.0
        notable = 0
        for ev in evs:
            line = d.line(ev)
            if line is not None:
                self._log(line)
                if ev.kind not in ("side_turn_start", "turn_start", "posture"):
                    notable += 1
            self._marker(ev, now)
            if ev.kind == "narration":
                self.queue.append(self._narration_card(ev))
            elif ev.kind == "game_over":
                self.queue.append(self._game_over_card(ev))
        return notable

    def _marker(self, ev: Event, now: float) -> None:
        dur = 0.0 if self.ai_skip else max(0.6, 2.2 * (self.ctx.settings.action_pause if self.ctx else 0.5))
        if not dur or self.view is None:
            return
        pal = self.view.pal
        if ev.kind == "move" and ev.get("path"):
            cells = [tuple(ev.get("frm"))] + [tuple(c) for c in ev.get("path")]
            col = pal.sides.get(ev.get("side"), pal.c("path"))
            self.markers.append(Marker("move", cells, col, now, dur))
        elif ev.kind == "combat":
            self.markers.append(Marker("combat", [tuple(ev.get("cell")), tuple(ev.get("attacker_cell"))],
                                       pal.c("marker_combat"), now, dur))
        elif ev.kind == "tunnel_found":
            self.markers.append(Marker("find", [tuple(ev.get("cell"))], pal.c("marker_find"), now, dur))

    def _narration_card(self, ev: Event) -> Screen:
        sc = self.match.game.scenario
        return NarrationCard(ev.get("title") or "", ev.get("text") or "", list(ev.get("sources") or []),
                             dict(sc.sources), when=f"{ev.date} {ev.time}")

    def _game_over_card(self, ev: Event) -> Screen:
        sc = self.match.game.scenario
        rows = [esc(str(ev.get("reason", "")).capitalize() + ".")] if ev.get("reason") else []
        res = ev.get("results") or {}
        pts = ev.get("points") or {}
        for s in self.match.game.sides:
            rows.append(f"<b>{esc(sc.sides[s].name)}</b>: {pts.get(s, 0):.1f} points — "
                        f"{esc(str(res.get(s, '-')))}")
        w = ev.get("winner")
        rows.append("")
        rows.append(tone(f"{sc.sides[w].name} leads on points." if w else "No side leads on points.", "title"))
        losses = ev.get("losses") or {}
        if losses:
            rows.append("")
            rows.append(tone("Strength lost (steps of about 50 people): " + ", ".join(
                f"{sc.factions[f].name} {n}" for f, n in losses.items() if f in sc.factions and n), "dim"))
        return Dialog("The game is over", "<br>".join(rows), [("map", "Look at the map"), ("menu", "Main menu"),
                                                              ("quit", "Quit")], tag="game_over", cancel="map",
                      width=620, height=420)

    # --- turn flow -------------------------------------------------------------------------
    def update(self, dt: float) -> Command | None:
        self.frames += 1
        now = self.ctx.now() if self.ctx else 0.0
        self.markers = [mk for mk in self.markers if now - mk.start <= mk.duration]
        self._edge_pan(dt)
        m = self.match
        key = (m.state.turn, m.current or "")
        if m.hotseat and m.human_turn and key != self.turn_key:
            side = m.current or ""  # hand over first: nothing of this side's turn shows before it
            return Push(HandOver(side, m.game.scenario.sides[side].name,
                                 f"Turn {m.state.turn} · {describe.date_title(m.game, m.state.turn)}"))
        if not self.queue:
            self.sync_events()
        if self.queue:
            return Push(self.queue.popleft())
        if m.over:
            self._refresh_widgets()
            return None
        if m.human_turn:
            if key != self.turn_key:
                return self._start_turn(key)
        elif m.ai_turn:
            self._ai_step(now)
            if self.queue:
                return Push(self.queue.popleft())
        self._refresh_widgets()
        return None

    def _start_turn(self, key: tuple[int, str]) -> Command | None:
        m = self.match
        self.turn_key = key
        self.ai_fast = self.ai_skip = False
        self.sync_events()
        lines = summary(self.obs, m.since_own_turn(m.viewer))
        first = m.turn_mark.get(m.viewer, 0) == 0
        self.selected = None
        self._refresh_widgets()
        if self.queue:
            return Push(self.queue.popleft())
        if lines and not first:
            body = "<br>".join(tone(ln.text, ln.tone) for ln in lines)
            return Push(Dialog(f"Turn {m.state.turn}: what your side saw", body, [("ok", "To my turn")],
                               tag="summary", cancel="ok", width=720, height=min(560, 180 + 26 * len(lines))))
        return None

    def _ai_step(self, now: float) -> None:
        m = self.match
        deadline = time.perf_counter() + 0.012
        while m.ai_turn and now >= self.ai_next and not self.queue:
            try:
                act = self.ai.poll(m)
            except AiFailure as e:
                self.say(f"The {m.current} computer player failed ({e}); its turn ends.", "bad")
                act = A.EndTurn()
            if act is None:
                return
            _, note = m.ai_apply(act)
            if note:
                self.say(note, "warn")
            notable = self.sync_events()
            if notable and not self.ai_skip and self.pause() > 0:
                self.ai_next = now + self.pause()
                return
            if time.perf_counter() > deadline:
                return

    @property
    def animating(self) -> bool:
        m = self.match
        return bool(self.queue or self.markers or (m.ai_turn and not m.over) or self._edge_moving
                    or (self.view is not None and self.view.pending)
                    or (m.human_turn and (m.state.turn, m.current) != self.turn_key))

    def resume(self, result: Any) -> Command | None:
        if not isinstance(result, Choice):
            return None
        m = self.match
        tag, choice = result.tag, result.choice
        if tag == "attack" and choice == "yes":
            self.play(result.payload)
        elif tag == "end_turn" and choice == "yes":
            self.end_turn()
        elif tag == "declare" and choice == "yes":
            self.play(A.Declare())
        elif tag == "handover" and choice == "ready":
            self._switch_viewer(result.payload)
            return self._start_turn((m.state.turn, m.current or ""))
        elif tag == "pause":
            return self._pause_choice(choice)
        elif tag == "load" and choice == "loaded":
            return flow.start_match(Match.from_session(result.payload), flow.loaded_note(result.payload))
        elif tag == "game_over":
            if choice == "menu":
                return flow.main_menu()
            if choice == "quit":
                return Quit()
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
            return Push(confirm("Leave this game?", "Progress since the last save will be lost.", "Leave",
                                tag="leave"))
        elif choice == "quit":
            return Quit()
        return None

    def _switch_viewer(self, side: str) -> None:
        m = self.match
        if m.viewer == side:
            return
        self.cams[m.viewer] = (self.camera.zoom_i, self.camera.ox, self.camera.oy)
        m.viewer = side
        self.selected, self.cursor, self._tip, self._path = None, None, None, None
        self.markers.clear()
        if side in self.cams:
            self.camera.zoom_i, self.camera.ox, self.camera.oy = self.cams[side]
            self.camera.clamp()
        else:
            self._place_camera()
        self._keys.clear()
        if self.log_view is not None:
            self.log_view.set_lines(self._log_rows())

    # --- orders ----------------------------------------------------------------------------
    def play(self, action: A.Action) -> list[Event]:
        if not self.my_turn:
            self.say("It is not your turn.", "warn")
            return []
        try:
            events = self.match.play(action)
        except EngineError as e:
            self.say(str(e), "bad")
            return []
        self.sync_events()
        if isinstance(action, A.EndTurn):
            self.selected = None
        sel = self.own_selected()
        if sel is None:
            self.selected = None
        self._refresh_widgets()
        return events

    def end_turn(self) -> None:
        if self.my_turn:
            self.play(A.EndTurn())
            self.cursor = None

    def end_turn_asking(self) -> Command | None:
        """Enter with nothing selected ends the turn, but asks first while units can still act
        (Enter is also how cards are closed, so a stray press must not end a turn)."""
        if not self.my_turn:
            return None
        obs = self.obs
        ready = [u for u in obs.own() if self._can_act(u, obs)]
        if not ready:
            self.end_turn()
            return None
        return Push(confirm("End the turn?", esc(f"{len(ready)} of your units can still move or attack. "
                                                 "E ends the turn without asking."), "End turn",
                            tag="end_turn", no="Back to my turn"))

    def undo(self) -> None:
        ok, _ = self.match.can_undo()
        msg = self.match.undo()
        self.say(msg, "own" if ok else "warn")
        self.markers.clear()
        if self.selected and self.selected not in self.obs.units:
            self.selected = None

    def save(self) -> None:
        assert self.ctx is not None
        m = self.match
        path = new_save_path(self.ctx.saves_dir, m.game.scenario.id, m.state.turn)
        try:
            m.save(path)
        except OSError as e:
            self.say(f"Could not save: {e.strerror or e}", "bad")
            return
        self.say(f"Saved as {path.name} (in {path.parent})", "good")

    def select(self, uid: str | None) -> None:
        self.selected = uid
        self._path = None
        self._tip = None
        if uid is not None and uid in self.obs.units:
            u = self.obs.units[uid]
            self.camera.ensure_visible(u.x, u.y)

    def cycle_units(self, step: int = 1) -> None:
        obs = self.obs
        own = sorted((u for u in obs.own()), key=lambda u: u.id)
        if not own:
            return
        ready = [u for u in own if self._can_act(u, obs)] or own
        ids = [u.id for u in ready]
        if self.selected in ids:
            nxt = ids[(ids.index(self.selected) + step) % len(ids)]
        else:
            nxt = ids[0 if step > 0 else -1]
        self.select(nxt)
        u = obs.units[nxt]
        self.cursor = u.cell
        self.keyboard = True

    def _can_act(self, u: UnitView, obs: Observation) -> bool:
        if u.attacked or u.acted or u.broken:
            return False
        if (u.mp or 0) > 0:
            return True
        rng = obs.game.scenario.unit_types[u.type].range
        return any(max(abs(e.x - u.x), abs(e.y - u.y)) <= rng for e in obs.enemies())

    def act_at(self, cell: Cell, stack: bool = False) -> Command | None:
        """A click (or Enter) on a cell: select, move, tunnel or preview an attack."""
        obs = self.obs
        sel = self.own_selected()
        here = [u for u in obs.units.values() if u.cell == cell]
        own_here = sorted((u for u in here if u.side == obs.side), key=lambda u: (u.underground, u.id))
        enemy_here = [u for u in here if u.side != obs.side and not u.underground]
        if sel is not None and self.my_turn:
            if enemy_here:
                return self.attack_preview(sel, enemy_here[0])
            if sel.underground:
                node = self._node_at(cell)
                if node is not None and node != sel.node:
                    if obs.game.tunnel_route(obs, sel, node) is not None:
                        self.play(A.Tunnel(sel.id, node))
                    else:
                        self.say(f"{sel.name} cannot reach that tunnel entrance this turn.", "warn")
                    return None
            if cell == sel.cell:
                others = [u for u in own_here if u.id != sel.id]
                self.select(others[0].id if others else sel.id)
                return None
            if own_here and not stack:
                self.select(own_here[0].id)
                return None
            if not sel.underground and not sel.broken and obs.reach(sel.id).can_reach(*cell):
                self.play(A.Move(sel.id, *cell))
                return None
            self.select(own_here[0].id if own_here else None)
            return None
        if own_here:
            self.select(own_here[0].id)
        elif enemy_here:
            self.select(enemy_here[0].id)
        else:
            self.select(None)
        return None

    def _node_at(self, cell: Cell) -> str | None:
        obs = self.obs
        for nid in obs.known_nodes:
            if tuple(obs.game.scenario.tunnels.nodes[nid].at) == cell and nid not in obs.collapsed:
                return nid
        return None

    def attack_preview(self, att: UnitView, target: UnitView) -> Command | None:
        obs = self.obs
        ut = obs.game.scenario.unit_types[att.type]
        d = max(abs(target.x - att.x), abs(target.y - att.y))
        if d > ut.range:
            self.say(f"{target.name} is out of range of {att.name} ({d} cells; range {ut.range}).", "warn")
            return None
        action = A.Attack(att.id, target.id)
        try:
            self.match.game.check_observed(obs, action)
        except EngineError as e:
            self.say(str(e), "warn")
            return None
        p = self.match.game.preview(obs, att.id, target.id)
        return Push(Dialog("Attack preview", describe.attack_html(obs, att, target, p),
                           [("yes", "Attack (Enter)"), ("no", "Cancel (Esc)")], tag="attack", cancel="no",
                           payload=action, width=600, height=400))

    def unit_order(self, kind: str) -> Command | None:
        """The side panel's and the letter keys' orders for the selected unit."""
        sel = self.own_selected()
        if sel is None or not self.my_turn:
            self.say("Select one of your units first (Tab, or click it)." if self.my_turn else "It is not your turn.",
                     "warn")
            return None
        action = self._order_action(kind, sel)
        if action is None:
            return None
        self.play(action)
        return None

    def _order_action(self, kind: str, sel: UnitView) -> A.Action | None:
        obs = self.obs
        if kind == "search":
            return A.Search(sel.id)
        if kind == "posture":
            return A.Posture(sel.id, "stood_down" if sel.posture == "alert" else "alert")
        if kind == "dive":
            return A.Dive(sel.id)
        if kind == "emerge":
            return A.Emerge(sel.id)
        if kind == "withdraw":
            return A.Withdraw(sel.id)
        if kind == "demolish":
            near = [n for n in sorted(obs.known_nodes) if n not in obs.collapsed
                    and max(abs(obs.game.nodes[n].at[0] - sel.x), abs(obs.game.nodes[n].at[1] - sel.y)) <= 1]
            if not near:
                self.say(f"{sel.name} has no known open tunnel entrance on or next to its cell.", "warn")
                return None
            at_cursor = [n for n in near if self.cursor is not None and tuple(obs.game.nodes[n].at) == self.cursor]
            return A.Demolish(sel.id, (at_cursor or near)[0])
        return None

    def order_enabled(self, kind: str) -> bool:
        sel = self.own_selected()
        if sel is None or not self.my_turn:
            return False
        if kind == "demolish":
            obs = self.obs
            return any(self._legal(A.Demolish(sel.id, n)) for n in obs.known_nodes if n not in obs.collapsed)
        a = self._order_action(kind, sel)
        return a is not None and self._legal(a)

    def _legal(self, action: A.Action) -> bool:
        try:
            self.match.game.check_observed(self.obs, action)
        except EngineError:
            return False
        return True

    def declare(self) -> Command | None:
        if not self.my_turn:
            return None
        reason = self.match.game.declare_blocked(self.obs)
        if reason:
            self.say(f"A declaration of victory is not possible: {reason}.", "warn")
            return None
        dec = self.match.game.scenario.declarations[self.match.viewer]
        text = (f"Announce that {esc(self.match.game.scenario.zones[dec.zone].name)} is taken? "
                f"It brings {dec.points:g} points and lets units leave for other fronts, but costs "
                f"{dec.penalty:g} points if control later falls below {dec.lost_below or 0:.0%}. "
                "It cannot be undone.")
        return Push(confirm("Declare victory?", text, "Declare", tag="declare"))

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
            return self.motion(event)
        if t == pygame.MOUSEBUTTONDOWN:
            return self.mouse_down(event)
        if t == pygame.MOUSEBUTTONUP:
            return self.mouse_up(event)
        if t == pygame.MOUSEWHEEL:
            if self.camera.contains(*self.mouse):
                self.camera.zoom(1 if event.y > 0 else -1, self.mouse)
            elif self.log_view is not None and self.log_view.rect.collidepoint(self.mouse):
                self.log_view.wheel(1 if event.y > 0 else -1)
            return None
        if t == pygame.WINDOWLEAVE:
            self.mouse_inside = False
            self.hover = None
        elif t == pygame.WINDOWENTER:
            self.mouse_inside = True
        return None

    def button(self, ident: str) -> Command | None:
        if ident == "next":
            if self.match.ai_turn:
                self.ai_fast = not self.ai_fast
            else:
                self.cycle_units(1)
            return None
        if ident == "undo":
            self.undo()
            return None
        if ident == "declare":
            return self.declare()
        if ident == "end":
            if self.match.ai_turn:
                self.ai_skip = True
                self.ai_next = 0.0
            else:
                self.end_turn()
            return None
        if ident == "menu":
            return Push(PauseMenu())
        if ident == "help":
            return Push(HelpScreen())
        return self.unit_order(ident)

    def key(self, e: pygame.event.Event) -> Command | None:
        k = e.key
        if keys.is_help(e):
            return Push(HelpScreen())
        if keys.ctrl(e):
            if k == pygame.K_s:
                self.save()
            elif k == pygame.K_l:
                from game.ui.loadgame import LoadScreen

                return Push(LoadScreen())
            elif k == pygame.K_z:
                self.undo()
            return None
        m = self.match
        if k == pygame.K_ESCAPE:
            if self.selected is not None or self.cursor is not None:
                self.selected, self.cursor = None, None
                return None
            return Push(PauseMenu())
        if m.ai_turn:
            if k == pygame.K_SPACE:
                self.ai_fast = not self.ai_fast
                self.say("Faster." if self.ai_fast else "Normal pace.", "info")
                return None
            if k in keys.CONFIRM:
                self.ai_skip = True
                self.ai_next = 0.0
                return None
        if k in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_KP8, pygame.K_KP2,
                 pygame.K_KP4, pygame.K_KP6):
            dx = {pygame.K_LEFT: -1, pygame.K_RIGHT: 1, pygame.K_KP4: -1, pygame.K_KP6: 1}.get(k, 0)
            dy = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_KP8: -1, pygame.K_KP2: 1}.get(k, 0)
            if keys.shift(e):
                self.camera.pan(dx * self.camera.z * 3, dy * self.camera.z * 3)
            else:
                self.move_cursor(dx, dy)
            return None
        if k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.camera.zoom(1)
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.camera.zoom(-1)
        elif k == pygame.K_HOME:
            target = self.own_selected() or (self.obs.units.get(self.selected or ""))
            c = target.cell if target else self.cursor
            if c:
                self.camera.center_on(c[0] + 0.5, c[1] + 0.5)
        elif k == pygame.K_TAB:
            self.cycle_units(-1 if keys.shift(e) else 1)
        elif k in keys.CONFIRM:
            if self.cursor is not None:
                return self.act_at(self.cursor, stack=keys.shift(e))
            if self.selected is None:
                return self.end_turn_asking()
            else:
                self.say("Move the cursor with the arrow keys, then press Enter; or press E to end the turn.", "dim")
        elif k == pygame.K_e:
            self.end_turn()
        elif k == pygame.K_c:
            self.show_control = not self.show_control
            self.say("Control markers " + ("shown." if self.show_control else "hidden."), "dim")
        elif k == pygame.K_v:
            return self.declare()
        elif k in (pygame.K_s, pygame.K_p, pygame.K_d, pygame.K_u, pygame.K_x, pygame.K_w):
            kind = {pygame.K_s: "search", pygame.K_p: "posture", pygame.K_d: "dive", pygame.K_u: "emerge",
                    pygame.K_x: "demolish", pygame.K_w: "withdraw"}[k]
            return self.unit_order(kind)
        return None

    def move_cursor(self, dx: int, dy: int) -> None:
        g = self.match.game
        self.keyboard = True
        if self.cursor is None:
            sel = self.obs.units.get(self.selected or "")
            if sel is not None:
                self.cursor = sel.cell
            else:
                cx, cy = self.camera.center_cell_f()
                self.cursor = (int(cx), int(cy))
        else:
            self.cursor = (min(g.width - 1, max(0, self.cursor[0] + dx)), min(g.height - 1, max(0, self.cursor[1] + dy)))
        self.camera.ensure_visible(*self.cursor)
        self._tip = None

    def focus_cell(self) -> Cell | None:
        """The cell the player is pointing at: the keyboard cursor if the keys were used last, else
        the cell under the mouse."""
        if self.keyboard and self.cursor is not None:
            return self.cursor
        return self.hover if self.camera.contains(*self.mouse) else None

    def motion(self, e: pygame.event.Event) -> Command | None:
        self.mouse = e.pos
        self.mouse_inside = True
        self._edge_moving = self._at_edge()
        if self.camera.contains(*e.pos):
            self.keyboard = False
        if self.press is not None:
            button, start, cam = self.press
            dx, dy = e.pos[0] - start[0], e.pos[1] - start[1]
            if self.dragging or abs(dx) + abs(dy) > 6:
                self.dragging = True
                self.camera.ox, self.camera.oy = cam[0] - dx, cam[1] - dy
                self.camera.clamp()
        cell = self.camera.cell_at(*e.pos)
        if cell != self.hover:
            self.hover = cell
        return None

    def mouse_down(self, e: pygame.event.Event) -> Command | None:
        self.mouse = e.pos
        mm = self.layout.get("minimap")
        if e.button == 1 and mm is not None and mm.collidepoint(e.pos) and self.minimap is not None:
            c = self.minimap.cell_at(e.pos)
            if c:
                self.camera.center_on(c[0] + 0.5, c[1] + 0.5)
            return None
        if e.button in (1, 2, 3) and self.camera.contains(*e.pos):
            self.press = (e.button, e.pos, (self.camera.ox, self.camera.oy))
            self.dragging = False
        return None

    def mouse_up(self, e: pygame.event.Event) -> Command | None:
        press, dragged = self.press, self.dragging
        self.press, self.dragging = None, False
        if press is None or dragged or press[0] != e.button:
            return None
        cell = self.camera.cell_at(*e.pos)
        if e.button == 3:
            self.selected = None
            return None
        if e.button == 1 and cell is not None:
            self.cursor = None
            return self.act_at(cell, stack=bool(pygame.key.get_mods() & pygame.KMOD_SHIFT))
        return None

    def _at_edge(self) -> bool:
        if not self.mouse_inside or self.ctx is None or self.press is not None:
            return False
        if not pygame.display.get_init() or not pygame.mouse.get_focused():
            return False
        x, y = self.mouse
        w, h = self.ctx.size
        return x <= EDGE or y <= EDGE or x >= w - 1 - EDGE or y >= h - 1 - EDGE

    def _edge_pan(self, dt: float) -> None:
        self._edge_moving = False
        if not self._at_edge():
            return
        assert self.ctx is not None
        x, y = self.mouse
        w, h = self.ctx.size
        speed = 700 * max(0.004, min(dt, 0.05))
        dx = -speed if x <= EDGE else speed if x >= w - 1 - EDGE else 0
        dy = -speed if y <= EDGE else speed if y >= h - 1 - EDGE else 0
        before = (self.camera.ox, self.camera.oy)
        self.camera.pan(dx, dy)
        self._edge_moving = (self.camera.ox, self.camera.oy) != before  # at the map's end: stop animating

    # --- widgets ---------------------------------------------------------------------------
    def _status(self) -> str:
        m = self.match
        sc = m.game.scenario
        if m.over:
            return "The game is over"
        cur = m.current or ""
        if m.human_turn and cur == m.viewer:
            return f"Your turn: {sc.sides[cur].name}"
        if m.human_turn:
            return f"{sc.sides[cur].name} to move"
        pace = " (skipping)" if self.ai_skip else " (faster)" if self.ai_fast else ""
        think = ", thinking" if self.ai.thinking else ""
        return f"{sc.sides[cur].name} (computer) moving{think}{pace}"

    def _refresh_widgets(self) -> None:
        if self.root is None:
            return
        obs = self.obs
        m = self.match
        left = describe.banner_left(obs)
        if self._keys.get("bl") != left:
            self._keys["bl"] = left
            self.banner_l.set_text(left)
        right = describe.banner_right(obs, self._status())
        assert self.ctx is not None
        room = self.ctx.size[0] - self.ctx.fonts.get(16, bold=True).size(left)[0] - self.ctx.px(60)
        parts = right.split(" · ")
        while len(parts) > 1 and self.ctx.fonts.get(15).size(" · ".join(parts))[0] > room:
            parts.pop()  # the least important part goes first: zone share, then points
        right = " · ".join(parts)
        if self._keys.get("br") != right:
            self._keys["br"] = right
            self.banner_r.set_text(right)
        info_key = (m.version, self.selected, m.viewer)
        if self._keys.get("info") != info_key:
            self._keys["info"] = info_key
            if self.selected and self.selected in obs.units:
                lines = describe.unit_lines(obs, self.selected)
            elif m.human_turn and m.current == m.viewer:
                lines = [[("Select a unit: Tab, or click it on the map.", "dim", False)],
                         [("Then click (or move the cursor and press Enter) where it should go, or on an enemy "
                           "to preview an attack. F1 lists every key.", "dim", False)]]
            else:
                lines = [[("Watching the other sides' turns.", "dim", False)],
                         [("Space: faster · Enter: skip to the end of their turn.", "dim", False)]]
            self.info.set(lines)
        btn_key = (m.version, self.selected, m.viewer, m.ai_turn, self.ai_fast)
        if self._keys.get("buttons") != btn_key:
            self._keys["buttons"] = btn_key
            sel = self.own_selected()
            for ident, b in self.buttons.items():
                if ident in ("search", "posture", "dive", "emerge", "demolish", "withdraw"):
                    on = self.order_enabled(ident)
                elif ident == "next":
                    on = (self.my_turn and bool(obs.own())) or m.ai_turn
                    want = ("Normal pace (Space)" if self.ai_fast else "Faster (Space)") if m.ai_turn else "Next unit (Tab)"
                    if b.text != want:
                        b.set_text(want)
                elif ident == "undo":
                    on = self.my_turn and m.can_undo()[0]
                elif ident == "declare":
                    on = self.my_turn and m.game.declare_blocked(obs) is None
                elif ident == "end":
                    on = self.my_turn or m.ai_turn
                    want = "Skip their turn (Enter)" if m.ai_turn else "End turn (E)"
                    if b.text != want:
                        b.set_text(want)
                else:
                    on = True
                if ident == "posture" and sel is not None:
                    want = "Stand down (P)" if sel.posture == "alert" else "Alert (P)"
                    if b.text != want:
                        b.set_text(want)
                if on and not b.is_enabled:
                    b.enable()
                elif not on and b.is_enabled:
                    b.disable()

    # --- drawing ---------------------------------------------------------------------------
    def _scene(self) -> None:
        assert self.view is not None and self.ctx is not None
        m = self.match
        sel = self.own_selected()
        key = (m.version, m.viewer, self.selected, self.show_control, id(self.view.pal))
        if self._keys.get("scene") == key:
            return
        self._keys["scene"] = key
        obs = self.obs
        reach = None
        if sel is not None and self.my_turn and not sel.underground and not sel.broken and (sel.mp or 0) > 0:
            reach = obs.reach(sel.id).cells()
        mask = None
        if self.show_control:
            mask = np.zeros(obs.visible.shape, bool)
            for z in self.view.terrain.objective_zones:
                mask |= m.game.zone_masks[z]
        self.view.set_scene(build_scene(obs, self.view.pal, reach, mask))
        mini_key = (m.version, m.viewer, id(self.view.pal), self.layout["minimap"].size)
        if self._keys.get("mini") != mini_key and self.minimap is not None:
            self._keys["mini"] = mini_key
            self.minimap.build(obs, self.layout["minimap"].size)

    def overlay(self) -> Overlay:
        obs = self.obs
        m = self.match
        sel = obs.units.get(self.selected or "")
        ov = Overlay(hover=self.hover, cursor=self.cursor, selected=sel.cell if sel else None,
                     markers=self.markers, now=self.ctx.now() if self.ctx else 0.0)
        own = self.own_selected()
        target = self.focus_cell()
        if own is not None and self.my_turn:
            ut = m.game.scenario.unit_types[own.type]
            if not own.underground and not own.attacked and ut.attack > 0 and not own.broken:
                ov.targets = [e.cell for e in obs.enemies() if max(abs(e.x - own.x), abs(e.y - own.y)) <= ut.range]
            if own.underground:
                ov.node_targets = [tuple(m.game.nodes[n].at) for n in sorted(obs.known_nodes)
                                   if n != own.node and m.game.tunnel_route(obs, own, n) is not None]
            elif target is not None and not own.broken:
                path, _ = self._path_to(own, target)
                if path:
                    ov.path = [own.cell, *path]
        if any("tunnels" in ut.abilities for ut in m.game.scenario.unit_types.values()
               if any(u.type == ut.id for u in obs.own())):
            known = obs.known_nodes - obs.collapsed
            ov.links = [(tuple(m.game.nodes[a].at), tuple(m.game.nodes[b].at)) for a, b in m.game.scenario.tunnels.links
                        if a in known and b in known]
        return ov

    def _path_to(self, own: UnitView, cell: Cell) -> tuple[list[Cell] | None, int | None]:
        key = (self.match.version, own.id, cell)
        if self._path is not None and self._path[0] == key:
            return self._path[1], self._path[2]
        reach = self.obs.reach(own.id)
        path, cost = None, None
        if cell != own.cell and reach.can_reach(*cell):
            path = reach.path(*cell)
            cost = reach.distance(*cell)
        self._path = (key, path, cost)
        return path, cost

    def draw(self, surface: pygame.Surface) -> None:
        if self.view is None or self.ctx is None:
            return
        self._scene()
        self.view.draw(surface, self.overlay())
        pal = self.view.pal
        col = self.layout["column"]
        btns = self.layout["buttons"]
        surface.fill(pal.c("panel_bg"), pygame.Rect(col.x, col.y, col.w, btns.y - col.y))
        surface.fill(pal.c("panel_bg"), pygame.Rect(col.x, btns.bottom, col.w, col.bottom - btns.bottom))
        pygame.draw.line(surface, pal.c("minimap_border"), (col.x, col.y), (col.x, col.bottom))
        self.info.draw(surface)
        if self.minimap is not None:
            self.minimap.draw(surface, self.camera)
        if self.log_view is not None:
            self.log_view.draw(surface)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        if self.ctx is None or self.view is None or self.dragging:
            return
        cell = self.focus_cell()
        if cell is None:
            return
        pos = self.mouse
        if self.keyboard and self.cursor is not None:
            cx, cy = self.camera.cell_origin(*cell)
            pos = (cx + self.camera.z, cy + self.camera.z)
        key = (self.match.version, self.match.viewer, cell, self.selected)
        if self._tip is None or self._tip[0] != key:
            obs = self.obs
            own = self.own_selected()
            path_cost = None
            reach = False
            if own is not None and self.my_turn and not own.underground:
                path, path_cost = self._path_to(own, cell)
                reach = path is not None
            self._tip = (key, describe.cell_tooltip(obs, cell, own, reach, path_cost))
        sel = self.obs.units.get(self.selected or "")
        avoid = self.camera.cell_center(*sel.cell) if sel is not None else None
        draw_tooltip(surface, self._tip[1], pos, self.view.pal, self.ctx.fonts, pygame.Rect(self.camera.view), avoid)
