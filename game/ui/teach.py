"""Educator mode's window: step through the historical line on a projector.

The screen shows one position of ``game.teach.timeline.Timeline`` (position k = after k actions)
through the same map view as the game, in god view or as one side saw it, with a timeline bar of
turns, dates and the five phases. Playing pauses at each beat with its card. From any position a
teacher can branch into a what-if (played on in the normal game screen and saved beside the
historical line so the report compares them), run the odds, or write the report.
"""

from __future__ import annotations

import concurrent.futures as cf
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIPanel

from game.engine.fog import Observation
from game.teach.cards import beat_card, step_text
from game.teach.timeline import Beat, Timeline
from game.ui import flow, keys
from game.ui.camera import ZOOMS, Camera
from game.ui.commands import ApplySettings, Command, Pop, Push
from game.ui.dialogs import Choice, confirm
from game.ui.mapview import MapView, Marker, Overlay, build_scene
from game.ui.screen import Screen
from game.ui.settings import UI_SCALES
from game.ui.teach_dialogs import (
    BeatCardScreen,
    BranchDialog,
    OddsDialog,
    Work,
    WorkDialog,
    layout_text,
    png_surface,
    teach_help,
)
from game.ui.widgets import RichText

Cell = tuple[int, int]
PACES = (1.2, 0.6, 0.3, 0.12)  # seconds per action while playing (Up/Down on the play button: slower/faster)
BUTTONS = (("play", "Play (Space)"), ("view", "View: all sides (V)"), ("card", "Beat card (C)"),
           ("branch", "Branch here (B)"), ("odds", "Run the odds (O)"), ("report", "Report (R)"),
           ("help", "Keys (F1)"), ("leave", "Leave (Esc)"))
PHASE_TONES = ("text_own", "text_warn", "text_bad", "text_enemy", "text_good", "text_title", "text_source")
ODDS_SIDE = "government"


class EducatorScreen(Screen):
    name = "educator"
    paints_background = False

    def __init__(self, scenario: str = "abu_kamal_2017", seed: int = 1, timeline: Timeline | None = None,
                 odds_executor: Callable[[], cf.Executor] | None = None, work_executor: cf.Executor | None = None,
                 opening_card: bool = True) -> None:
        super().__init__()
        self.tl = timeline or Timeline.play(scenario, seed)
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
        self.info: RichText | None = None
        self.buttons: dict[str, UIButton] = {}
        self.layout: dict[str, pygame.Rect] = {}
        self._placed = False
        self._keys: dict[str, Any] = {}
        self._obs: tuple[Any, Observation] | None = None
        self.markers: list[Marker] = []
        self.press: tuple[tuple[int, int], tuple[float, float]] | None = None
        self.dragging = False
        self.mouse = (-1, -1)
        self.history_save: Path | None = None
        self.branch_save: Path | None = None
        self.last_branch: Any = None  # the Session of the last branch made here
        self.cards_shown: set[int] = set()
        self.dirty = False  # changed outside an event (playing reached the end): draw one more frame
        self.tunnel_links: list[tuple[Cell, Cell]] = []
        self.tunnel_nodes: list[Cell] = []
        self.status = ""

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
        bar_h = px(92)
        col_w = min(px(420), w * 2 // 5)
        map_r = pygame.Rect(0, banner_h, w - col_w, h - banner_h - bar_h)
        col = pygame.Rect(w - col_w, banner_h, col_w, h - banner_h - bar_h)
        bar = pygame.Rect(0, h - bar_h, w, bar_h)
        self.layout = {"map": map_r, "column": col, "bar": bar, "banner": pygame.Rect(0, 0, w, banner_h),
                       "track": pygame.Rect(px(16), bar.y + px(30), w - px(32), px(22))}
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
        self.info = RichText(pal, ctx.fonts, size=16)
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
        elif result.tag == "report" and result.choice in ("history", "branch"):
            return self.report(result.choice)
        elif result.tag == "work" and isinstance(result.payload, str):
            self.status = result.payload
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
        if t == pygame.MOUSEWHEEL and self.camera.contains(*self.mouse):
            self.camera.zoom(1 if event.y > 0 else -1, self.mouse)
        return None

    def button(self, ident: str) -> Command | None:
        if ident == "play":
            self.toggle_play()
        elif ident == "view":
            self.cycle_viewer()
        elif ident == "card":
            return self.show_card()
        elif ident == "branch":
            return self.branch_dialog()
        elif ident == "odds":
            return self.odds_dialog()
        elif ident == "report":
            return self.report_dialog()
        elif ident == "help":
            return Push(teach_help())
        elif ident == "leave":
            return self.leave()
        return None

    def key(self, e: pygame.event.Event) -> Command | None:
        k = e.key
        if keys.is_help(e):
            return Push(teach_help())
        mod_turn = keys.ctrl(e) or keys.shift(e)
        if keys.ctrl(e) and k in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_MINUS,
                                  pygame.K_KP_MINUS):
            return self.presentation_scale(1 if k in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS) else -1)
        if k == pygame.K_RIGHT:
            if mod_turn:
                return self.goto(self.tl.next_turn(self.pos))
            return self.step(1)
        if k == pygame.K_LEFT:
            return self.goto(self.tl.prev_turn(self.pos) if mod_turn else self.pos - 1)
        if k == pygame.K_HOME:
            return self.goto(0)
        if k == pygame.K_END:
            return self.goto(self.tl.end)
        if k == pygame.K_PAGEDOWN:
            return self.goto(self.tl.next_beat(self.pos), card=True)
        if k == pygame.K_PAGEUP:
            return self.goto(self.tl.prev_beat(self.pos))
        if k == pygame.K_SPACE:
            self.toggle_play()
        elif k == pygame.K_UP:
            self.pace_i = min(len(PACES) - 1, self.pace_i + 1)
            self._refresh()
        elif k == pygame.K_DOWN:
            self.pace_i = max(0, self.pace_i - 1)
            self._refresh()
        elif k == pygame.K_v:
            self.cycle_viewer()
        elif k in (pygame.K_0, pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4):
            i = k - pygame.K_0
            sides = self.game.sides
            if i == 0 or i <= len(sides):
                self.set_viewer(None if i == 0 else sides[i - 1])
        elif k == pygame.K_c:
            return self.show_card()
        elif k == pygame.K_b:
            return self.branch_dialog()
        elif k == pygame.K_o:
            return self.odds_dialog()
        elif k == pygame.K_r:
            return self.report_dialog()
        elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.camera.zoom(1)
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.camera.zoom(-1)
        elif k == pygame.K_ESCAPE:
            if self.playing:
                self.playing = False
                self._refresh()
                return None
            return self.leave()
        return None

    def position_at_x(self, x: int) -> int:
        tr = self.layout["track"]
        f = (x - tr.x) / max(1, tr.w)
        return self.tl.clamp(round(f * self.tl.end))

    def x_of(self, k: int) -> int:
        tr = self.layout["track"]
        return tr.x + round(tr.w * k / max(1, self.tl.end))

    def presentation_scale(self, step: int) -> Command | None:
        assert self.ctx is not None
        s = self.ctx.settings
        cur = min(range(len(UI_SCALES)), key=lambda i: abs(UI_SCALES[i] - s.ui_scale))
        new = UI_SCALES[max(0, min(len(UI_SCALES) - 1, cur + step))]
        if new == s.ui_scale:
            return None
        return ApplySettings(s.with_(ui_scale=new))

    def leave(self) -> Command:
        return Push(confirm("Leave educator mode?", "Branches and reports written so far stay in the saves folder.",
                            "Leave", tag="leave", no="Stay"))

    # --- branch, odds, report --------------------------------------------------------------
    def where(self) -> str:
        st = self.tl.state_at(self.pos)
        return (f"From action {self.pos} of {self.tl.end}: turn {st.turn}, "
                f"{self.game.date_of(st.turn)}, {self.current_phase_name()}.")

    def current_phase_name(self) -> str:
        b = self.current_beat()
        return f"phase '{b.name}'" if b else "before the first phase"

    def branch_dialog(self) -> Command:
        self.playing = False
        sides = [(s, self.game.scenario.sides[s].name) for s in self.game.sides]
        return Push(BranchDialog(sides, self.where()))

    def save_history(self) -> Path:
        """Save the historical line once per window, so branches and reports can name it."""
        assert self.ctx is not None
        if self.history_save is None or not self.history_save.exists():
            folder = self.ctx.saves_dir
            folder.mkdir(parents=True, exist_ok=True)
            safe = re.sub(r"[^A-Za-z0-9_-]+", "_", self.game.scenario.id) or "game"
            path = folder / f"{safe}-historical-seed{self.tl.session.seed}.json"
            self.tl.session.save(path)
            self.history_save = path
        return self.history_save

    def make_branch(self, choice: dict[str, str]) -> tuple[Any, Path]:
        """A what-if Session from the shown position (the line's first k actions), saved beside
        the historical line with ``meta.branch_of.save`` naming it, and the Match to play it."""
        from game.control.match import Match, Setup
        from game.ui.saves import new_save_path

        assert self.ctx is not None
        hist = self.save_history()
        session = self.tl.branch(self.pos)
        session.meta["branch_of"]["save"] = hist.name
        humans = tuple(s for s in self.game.sides if choice.get(s) == "human")
        policies = tuple((s, choice.get(s, "historical")) for s in self.game.sides if s not in humans)
        setup = Setup(scenario=self.tl.session.scenario_ref, seed=self.tl.session.seed, humans=humans,
                      policies=policies)
        match = Match.from_session(session, setup)
        path = new_save_path(self.ctx.saves_dir, f"{self.game.scenario.id}-branch", session.state.turn)
        match.save(path)
        self.branch_save, self.last_branch = path, session
        return match, path

    def start_branch(self, choice: dict[str, str]) -> Command | None:
        from game.ui.game_screen import GameScreen

        try:
            match, path = self.make_branch(choice)
        except OSError as e:
            self.status = f"Could not save the branch: {e.strerror or e}"
            self._refresh()
            return None
        note = (f"What-if branch from action {self.pos} (turn {match.state.turn}) of the historical line, "
                f"saved as {path.name}. Save again from the menu (Esc); the report compares it with the line.")
        return Push(GameScreen(match, note=note))

    def odds_dialog(self) -> Command:
        self.playing = False
        prefix = list(self.tl.session.actions[:self.pos])
        sess = self.tl.session
        make_exec = self.odds_executor

        def start(a: str, b: str, runs: int) -> Any:
            from game.teach.odds import OddsRun

            run = OddsRun(sess.scenario_ref, sess.seed, prefix, ODDS_SIDE, (a, b), runs, seed=self.pos,
                          executor=make_exec() if make_exec else None)
            return run.start()

        return Push(OddsDialog(self.where(), start, self.odds_chart, self.game.scenario.sides[ODDS_SIDE].name))

    def odds_chart(self, summary: dict[str, Any]) -> pygame.Surface:
        """The report's luck-versus-decision chart for a finished run, as a surface."""
        from game.report.charts import odds_chart
        from game.report.odds import parse_odds

        sc = self.game.scenario
        outcome_label = {s: sc.sides[s].name for s in sc.sides}
        outcome_label["none"] = "No single winner"
        beat_label = {p.id: p.name for p in sc.phases}
        img = odds_chart(parse_odds(summary), outcome_label, beat_label)
        return png_surface(img.src)

    def report_dialog(self) -> Command:
        from game.ui.dialogs import Dialog

        self.playing = False
        buttons = [("history", "The historical line")]
        text = "Write the after-action report (one HTML page, opens offline) for the historical line."
        if self.branch_save is not None:
            buttons.insert(0, ("branch", "Branch vs historical"))
            text = (f"Write the report for the last branch ({self.branch_save.name}) side by side with the "
                    "historical line, or for the historical line alone.")
        buttons.append(("cancel", "Cancel"))
        return Push(Dialog("Report", text, buttons, tag="report", cancel="cancel", width=760, height=200))

    def reports_dir(self) -> Path:
        assert self.ctx is not None
        return self.ctx.saves_dir.parent / "reports"

    def report(self, which: str) -> Command:
        from game.report.builder import Other, write_report
        from game.session import load

        hist = self.save_history()
        out_root = self.reports_dir()
        branch = self.branch_save

        def job() -> str:
            if which == "branch" and branch is not None:
                session = load(branch)  # the latest save of the branch, as played so far
                other = Other(load(hist), "Historical line", hist.name)
                path = write_report(session, out_root / branch.stem, save_file=branch.name, other=other)
            else:
                path = write_report(self.tl.session, out_root / hist.stem, save_file=hist.name)
            return f"Report written to {path}. Open it in any web browser; it needs no network."

        return Push(WorkDialog(Work("Report", "Writing the report (maps and charts)...", job), self.work_executor))

    # --- drawing ---------------------------------------------------------------------------
    def _markers(self) -> None:
        """Mark what the shown action did (moves, fights, finds) until the position changes."""
        self.markers = []
        if self.view is None:
            return
        pal = self.view.pal
        for ev in self.tl.events_of(self.pos) if self.pos else []:
            if self.viewer is not None and not ev.visible_to(self.viewer):
                continue
            if ev.kind == "move" and ev.get("path"):
                cells = [tuple(ev.get("frm"))] + [tuple(c) for c in ev.get("path")]
                self.markers.append(Marker("move", cells, pal.sides.get(ev.get("side"), pal.c("path")), 0, 1e9))
            elif ev.kind == "combat":
                self.markers.append(Marker("combat", [tuple(ev.get("cell")), tuple(ev.get("attacker_cell"))],
                                           pal.c("marker_combat"), 0, 1e9))
            elif ev.kind == "tunnel_found":
                self.markers.append(Marker("find", [tuple(ev.get("cell"))], pal.c("marker_find"), 0, 1e9))

    def _scene(self) -> None:
        assert self.view is not None
        key = (self.pos, self.viewer, id(self.view.pal))
        if self._keys.get("scene") == key:
            return
        self._keys["scene"] = key
        self._markers()
        obs = self.obs
        mask = np.zeros(obs.visible.shape, bool)
        for z in self.view.terrain.objective_zones:
            mask |= self.game.zone_masks[z]
        self.view.set_scene(build_scene(obs, self.view.pal, None, mask))

    def overlay(self) -> Overlay:
        obs = self.obs
        if self.viewer is None:
            known = set(self.game.nodes)
        else:
            tunnellers = any("tunnels" in self.game.scenario.unit_types[u.type].abilities for u in obs.own())
            known = (obs.known_nodes - obs.collapsed) if tunnellers else set()
        self.tunnel_links = [(tuple(self.game.nodes[a].at), tuple(self.game.nodes[b].at))
                             for a, b in self.game.scenario.tunnels.links if a in known and b in known]
        self.tunnel_nodes = [tuple(self.game.nodes[n].at) for n in sorted(known)]
        return Overlay(markers=self.markers, now=1.0)

    def _draw_tunnels(self, surface: pygame.Surface) -> None:
        """The tunnel network the shown side knew (all of it in god view), bolder than in play: on a
        projector the game's thin dashes vanish, and the tunnels are what the lesson is about."""
        assert self.view is not None
        cam, pal = self.camera, self.view.pal
        z = cam.z
        vx, vy, vw, vh = cam.view
        layer = pygame.Surface((vw, vh), pygame.SRCALPHA)
        width = max(2, z // 6)
        col = pygame.Color(pal.c("tunnel_ring"))
        col.a = 190
        shadow = pygame.Color(0, 0, 0, 110)
        for a, b in self.tunnel_links:
            (ax, ay), (bx, by) = cam.cell_center(*a), cam.cell_center(*b)
            n = max(1, int(max(abs(bx - ax), abs(by - ay)) // max(6, z // 2)))
            for i in range(0, n, 2):
                t0, t1 = i / n, min(1.0, (i + 1) / n)
                p0 = (ax + (bx - ax) * t0 - vx, ay + (by - ay) * t0 - vy)
                p1 = (ax + (bx - ax) * t1 - vx, ay + (by - ay) * t1 - vy)
                pygame.draw.line(layer, shadow, p0, p1, width + 2)
                pygame.draw.line(layer, col, p0, p1, width)
        for c in self.tunnel_nodes:
            cx, cy = cam.cell_center(*c)
            pygame.draw.circle(layer, shadow, (cx - vx, cy - vy), round(z * 0.75) + 1, max(2, z // 8) + 2)
            pygame.draw.circle(layer, col, (cx - vx, cy - vy), round(z * 0.75), max(2, z // 8))
        surface.blit(layer, (vx, vy))

    def _refresh(self) -> None:
        """Texts and button labels for the shown position."""
        if self.info is None:
            return
        st = self.tl.state_at(self.pos)
        beat = self.current_beat()
        acting = self.game.current_side(st)
        lines: list[list[tuple[str, str, bool]]] = [
            [(f"Turn {st.turn} · {self.game.date_of(st.turn)}", "title", True)],
            [(f"Phase: {beat.name if beat else '—'}", "warn", True)],
            [(f"Action {self.pos} of {self.tl.end}", "dim", False),
             (f" · to move: {self.game.scenario.sides[acting].name}" if acting else " · the game is over", "dim",
              False)],
            [(f"Showing: {self.side_name(self.viewer)}", "own" if self.viewer else "info", True)],
        ]
        if self.viewer is not None:
            lines.append([("Its fog and last-known positions, exactly as it saw them then.", "dim", False)])
        lines.append([("", "info", False)])
        lines.append([("This step" if self.pos else "The set-up", "title", True)])
        said = step_text(self.game, self.viewer, self.tl.events_of(self.pos))
        if not said:
            said = [("Nothing this side could see happened." if self.viewer else "Nothing happened.", "dim")]
        for text, tone_name in said[:10]:
            lines.append([(text, tone_name, tone_name == "warn")])
        if self.viewer is None:
            lines.append([("", "info", False)])
            lines.append([("On the map: pale rings and dashes are tunnel entrances and links; faded counters "
                           "are units underground.", "dim", False)])
        if self.status:
            lines.append([("", "info", False)])
            lines.append([(self.status, "good", False)])
        self.info.set(lines)
        if self.buttons:
            self.buttons["play"].set_text("Pause (Space)" if self.playing else "Play (Space)")
            label = "all sides" if self.viewer is None else self.game.scenario.sides[self.viewer].name
            self.buttons["view"].set_text(f"View: {label.split(' ')[0]} (V)" if len(label) > 14 else
                                          f"View: {label} (V)")

    def draw(self, surface: pygame.Surface) -> None:
        if self.view is None or self.ctx is None:
            return
        self.dirty = False
        self._scene()
        self.view.draw(surface, self.overlay())
        self._draw_tunnels(surface)
        pal = self.view.pal
        col = self.layout["column"]
        surface.fill(pal.c("panel_bg"), pygame.Rect(col.x, col.y, col.w, self.layout["buttons"].y - col.y))
        pygame.draw.line(surface, pal.c("minimap_border"), col.topleft, col.bottomleft)
        assert self.info is not None
        clip = surface.get_clip()
        surface.set_clip(self.info.rect)
        self.info.draw(surface)
        surface.set_clip(clip)
        self._draw_banner(surface)
        self._draw_bar(surface)

    def _draw_banner(self, surface: pygame.Surface) -> None:
        assert self.ctx is not None and self.view is not None
        pal, px = self.view.pal, self.ctx.px
        r = self.layout["banner"]
        surface.fill(pal.c("dark_bg"), r)
        st = self.tl.state_at(self.pos)
        beat = self.current_beat()
        f = self.ctx.fonts.get(19, bold=True)
        left = f"Educator mode · {self.game.scenario.title} · turn {st.turn}, {self.game.date_of(st.turn)}"
        if beat:
            left += f" · {beat.name}"
        img = f.render(left, True, pal.c("text_title"))
        surface.blit(img, (px(12), r.centery - img.get_height() // 2))
        right = ("Playing" if self.playing else "Paused") + f" · {self.side_name(self.viewer)} · F1: keys"
        img2 = self.ctx.fonts.get(16).render(right, True, pal.c("text_own") if self.viewer else pal.c("text_dim"))
        if img.get_width() + img2.get_width() + px(40) < r.w:
            surface.blit(img2, (r.right - px(12) - img2.get_width(), r.centery - img2.get_height() // 2))

    def _draw_bar(self, surface: pygame.Surface) -> None:
        """The timeline: phases as coloured bands, turns as ticks with dates, beats as flags."""
        assert self.ctx is not None and self.view is not None
        pal, px, fonts = self.view.pal, self.ctx.px, self.ctx.fonts
        bar, tr = self.layout["bar"], self.layout["track"]
        surface.fill(pal.c("panel_bg"), bar)
        pygame.draw.line(surface, pal.c("minimap_border"), bar.topleft, bar.topright)
        beats = self.tl.beats
        small = fonts.get(12)
        labels: list[tuple[int, str, pygame.Color]] = []
        for i, b in enumerate(beats):  # phase bands
            x0 = self.x_of(b.position)
            x1 = self.x_of(beats[i + 1].position) if i + 1 < len(beats) else tr.right
            colour = pal.colours.get(PHASE_TONES[i % len(PHASE_TONES)], pal.c("text_dim"))
            band = pygame.Rect(x0, tr.y, max(1, x1 - x0), tr.h)
            dim = pygame.Color(colour)
            dim.a = 255
            surface.fill(dim.lerp(pal.c("panel_bg"), 0.45), band)
            pygame.draw.line(surface, colour, (x0, bar.y + px(6)), (x0, tr.bottom), max(2, px(3)))
            labels.append((x0, b.name, colour))
        font = fonts.get(13, bold=True)
        for i, (x0, text, colour) in enumerate(labels):
            # rows alternate (above the track, inside its band) so close beats keep their names;
            # each name is cut short before the next name in its row
            row = i % 2
            limit = labels[i + 2][0] if i + 2 < len(labels) else tr.right
            img = font.render(fit_text(font, text, limit - x0 - px(10)), True,
                              colour if row == 0 else pal.c("text_title"))
            y = bar.y + px(8) if row == 0 else tr.centery - img.get_height() // 2
            surface.blit(img, (x0 + px(4), y))
        pygame.draw.rect(surface, pal.c("minimap_border"), tr, 1)
        snaps = sorted((turn, n) for turn, (n, _, _) in self.tl.session.snapshots.items())
        last_label = -10**6
        for turn, n in snaps:  # turn ticks, labelled where there is room
            x = self.x_of(n)
            pygame.draw.line(surface, pal.c("tooltip_dim"), (x, tr.bottom - px(6)), (x, tr.bottom + px(4)))
            label = small.render(f"T{turn} {self.game.date_of(turn)[5:10]}", True, pal.c("tooltip_dim"))
            if x - last_label > label.get_width() + px(8):
                surface.blit(label, (x + px(2), tr.bottom + px(5)))
                last_label = x
        x = self.x_of(self.pos)  # the shown position
        pygame.draw.line(surface, pal.c("cursor"), (x, tr.y - px(4)), (x, tr.bottom + px(4)), max(3, px(4)))
        pygame.draw.polygon(surface, pal.c("cursor"), [(x - px(7), tr.y - px(10)), (x + px(7), tr.y - px(10)),
                                                       (x, tr.y - px(2))])
        hint = ("Right/Left: step · Shift+Right/Left: turn · PgDn/PgUp: beat · Space: play · "
                "V: view · click the bar to jump")
        rows, _ = layout_text([(hint, "dim", 12, False, 0)], bar.w - px(32), fonts, pal)
        for img, hx, hy in rows[:1]:
            surface.blit(img, (tr.x + hx, bar.bottom - px(18) + hy))


def fit_text(font: pygame.font.Font, text: str, width: int) -> str:
    """``text``, shortened with an ellipsis to fit ``width`` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return (text.rstrip() + "…") if text else ""


def paragraphs(lines: Any) -> list[tuple[str, str]]:
    """The account's terminal lines (wrapped, continuations indented) as (paragraph, tone)."""
    out: list[tuple[str, str]] = []
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        if text.startswith("--") and text.endswith("--"):
            out.append((text.strip("- "), "warn"))
        elif text.startswith("==") and text.endswith("=="):
            out.append((text.strip("= "), "title"))
        elif text.startswith("[") and text.endswith("]"):  # a narration's heading
            out.append((text.strip("[]"), "dim"))
        elif raw.startswith("   ") and out and out[-1][1] == "info":
            prev, t = out[-1]
            out[-1] = (prev + ("" if prev.endswith("-") else " ") + text, t)
        else:
            out.append((text, "info"))
    return out


def run_teach(scenario: str = "abu_kamal_2017", seed: int = 1) -> None:
    """``abu-kamal teach``: the educator window on its own (leaving it opens the main menu)."""
    from game.ui.app import App
    from game.ui.settings import load_settings

    tl = Timeline.play(scenario, seed)  # before the window opens: a bad scenario fails as plain text
    app = App([EducatorScreen(scenario, seed, timeline=tl)], load_settings())
    app.run()
