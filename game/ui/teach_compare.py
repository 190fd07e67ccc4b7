"""The compare view of educator mode: the historical line and a what-if side by side at the same turn
(maps in god view), who held the city turn by turn in both, their beats with dates, the people
killed, and the decision window (how late could a different decision still have changed the outcome?).

The pictures are the report's own (matplotlib, drawn once per turn shown), so the class sees in the
window what the handout and the report print. Left/Right change the turn; W shows the decision
window, running it first (a few games per turn, in the background) if the lesson has none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame

from game.lesson import HISTORY
from game.narrate.grammar import stamp_label
from game.teach.compare import line_facts, step_at_turn
from game.teach.lines import Lines
from game.ui.commands import Command, Pop, Push
from game.ui.dialogs import Choice
from game.ui.teach_dialogs import Modal, Work, WorkDialog
from game.ui.teach_text import Para, layout_text, png_surface

WINDOW_RUNS = 4  # games per turn and profile when the window runs the decision window itself


class CompareScreen(Modal):
    name = "compare"
    tag = "compare"

    def __init__(self, lines: Lines, branch: str, turn: int, executor: Any = None,
                 lesson_path: Callable[[], Path] | None = None) -> None:
        super().__init__("Compare", width=1900, height=1060)
        self.lines = lines
        self.branch = branch
        self.turn = turn
        self.executor = executor
        self.lesson_path = lesson_path
        self.mode = "window" if lines.lesson.windows else "control"
        self._pics: dict[tuple[Any, ...], pygame.Surface] = {}
        self._scaled: dict[tuple[Any, ...], pygame.Surface] = {}

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        w, h = ctx.size
        self.width, self.height = round((w - 16) / ctx.scale), round((h - 16) / ctx.scale)
        hist, other = self.lines.history, self.lines.lines[self.branch]
        last = max(max(hist.session.snapshots), max(other.session.snapshots))
        self.turn = max(1, min(self.turn, last))
        date = stamp_label(hist.session.game.date_of(self.turn), year=False)
        self.title = f"Compare at turn {self.turn} ({date}): historical line and what-if “{self.branch}”"
        super().build()

    def buttons(self) -> list[tuple[str, str]]:
        window = "Control of the city (C)" if self.mode == "window" else "Decision window (W)"
        return [("close", "Close (Esc)"), ("prev", "Earlier turn (Left)"), ("next", "Later turn (Right)"),
                ("mode", window)]

    def choose(self, ident: str) -> Command | None:
        if ident in ("prev", "next"):
            self.turn += -1 if ident == "prev" else 1
            self._rebuild()
            return None
        if ident == "mode":
            return self.toggle()
        return Pop(Choice(self.tag, "close"))

    def toggle(self) -> Command | None:
        if self.mode == "window":
            self.mode = "control"
        elif self.lines.lesson.windows:
            self.mode = "window"
        else:
            return self.run_window()
        self._rebuild()
        return None

    def _rebuild(self) -> None:
        if self.ctx is not None:
            self.attach(self.ctx, self.depth)

    def handle(self, event: pygame.event.Event) -> Command | None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                return self.choose("prev" if event.key == pygame.K_LEFT else "next")
            if event.key == pygame.K_w and self.mode != "window":
                return self.toggle()
            if event.key == pygame.K_c and self.mode != "control":
                return self.toggle()
        return super().handle(event)

    def resume(self, result: Any) -> Command | None:
        if isinstance(result, Choice) and result.tag == "work" and self.lines.lesson.windows:
            self.mode = "window"
        self._rebuild()
        return None

    # --- the decision window -----------------------------------------------------------------
    def run_window(self) -> Command:
        from game.sim.window import decision_window

        hist = self.lines.history.session
        lines = self.lines
        if self.lesson_path is not None:
            self.lesson_path()

        def job() -> str:
            doc = decision_window(hist.scenario_ref, "government", "historical", "vigilant", WINDOW_RUNS, hist.seed,
                                  jobs=2, level=0)
            prev = lines.current
            lines.current = HISTORY
            try:
                lines.keep_window(0, doc)
            finally:
                lines.current = prev
            return str(doc.get("conclusion", ""))

        return Push(WorkDialog(Work("Decision window", f"Switching the government's decisions at each turn up to the "
                                    f"ambush and playing {WINDOW_RUNS} games from each under both sets of decisions "
                                    "(about a minute)...", job), self.executor))

    # --- pictures ----------------------------------------------------------------------------
    def _pic(self, key: tuple[Any, ...], make: Callable[[], str]) -> pygame.Surface:
        if key not in self._pics:
            self._pics[key] = png_surface(make())
        return self._pics[key]

    def _map(self, name: str) -> pygame.Surface:
        from game.report.maps import god_view, scenario_renderer

        line = self.lines.lines[name]
        k = step_at_turn(line, self.turn)

        def make() -> str:
            st = line.timeline.state_at(k)
            return scenario_renderer(line.session.game).draw(god_view(line.session.game, st), name).src

        return self._pic(("map", name, k), make)

    def _control(self) -> pygame.Surface:
        from game.report.charts import ControlLine, control_chart

        hist, other = self.lines.history, self.lines.lines[self.branch]
        sc = hist.session.scenario
        side = next(iter(sc.declarations), next(iter(sc.sides)))
        a, b = line_facts(hist, "Historical line"), line_facts(other, "What-if")
        zone = next((d.zone for d in sc.declarations.values()), "")
        title = f"Share of {sc.zones[zone].name if zone in sc.zones else 'the city'} held by {sc.sides[side].name}"

        def make() -> str:
            return control_chart([ControlLine("Historical line", a.times, a.shares[side]),
                                  ControlLine("What-if", b.times, b.shares[side], "--")],
                                 title, sc.sides[side].color, sc).src

        return self._pic(("control", self.branch), make)

    def _window(self) -> tuple[pygame.Surface, str]:
        from game.report.window import window_section

        doc = self.lines.lesson.windows[-1].result
        sc = self.lines.history.session.scenario
        section = window_section(doc, sc)
        pic = self._pic(("window", len(self.lines.lesson.windows)), lambda: section.chart.src)
        return pic, f"{section.conclusion} {section.question}"

    def _facts(self) -> list[Para]:
        paras: list[Para] = []
        for name, label in ((HISTORY, "Historical line"), (self.branch, "What-if")):
            f = line_facts(self.lines.lines[name], label)
            paras.append((label, "title", 18, True, 0))
            paras.append(("Beats: " + ("; ".join(f"{b.name} ({b.when})" for b in f.beats) or "none"), "info", 15,
                          False, 0))
            paras.append(("Killed (model estimate): " + ", ".join(f"{s} {n}" for s, n in f.killed.items()), "info",
                          15, False, 0))
            end = (f"Ended: {f.winner} won." if f.winner else "Ended with no single winner.") if f.over else \
                "Not played to the end."
            paras.append((end, "warn", 15, True, 0))
            paras.append(("", "info", 10, False, 0))
        return paras

    # --- drawing -----------------------------------------------------------------------------
    def _blit_fit(self, surface: pygame.Surface, pic: pygame.Surface, area: pygame.Rect, key: Any) -> None:
        ck = (key, area.size)
        if ck not in self._scaled:
            pw, ph = pic.get_size()
            k = min(area.w / pw, area.h / ph)
            self._scaled[ck] = pygame.transform.smoothscale(pic, (max(1, round(pw * k)), max(1, round(ph * k))))
        img = self._scaled[ck]
        back = img.get_rect(midtop=area.midtop)
        surface.fill((255, 255, 255), back.inflate(6, 6))
        surface.blit(img, back)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        pal, px, r = ctx.palette(), ctx.px, self.body_rect
        gap = px(12)
        half = (r.w - gap) // 2
        label_h = px(24)
        maps_h = round(r.h * 0.5)
        f = ctx.fonts.get(17, bold=True)
        for i, (name, label) in enumerate(((HISTORY, "Historical line"), (self.branch, f"What-if: {self.branch}"))):
            area = pygame.Rect(r.x + i * (half + gap), r.y, half, maps_h)
            surface.blit(f.render(label, True, pal.c("text_title")), (area.x, area.y))
            self._blit_fit(surface, self._map(name), area.inflate(0, -label_h).move(0, label_h // 2 + px(2)),
                           ("map", name, self.turn))
        below = pygame.Rect(r.x, r.y + maps_h + gap, r.w, r.bottom - r.y - maps_h - gap)
        chart_area = pygame.Rect(below.x, below.y, round(below.w * 0.6), below.h)
        text_area = pygame.Rect(chart_area.right + gap, below.y, below.right - chart_area.right - gap, below.h)
        if self.mode == "window" and self.lines.lesson.windows:
            pic, sentence = self._window()
            rows, used = layout_text([(sentence, "info", 17, True, 0)], chart_area.w, ctx.fonts, pal)
            for img, x, y in rows:
                surface.blit(img, (chart_area.x + x, chart_area.y + y))
            self._blit_fit(surface, pic, pygame.Rect(chart_area.x, chart_area.y + used + px(6), chart_area.w,
                                                     chart_area.h - used - px(6)), ("window",))
        else:
            self._blit_fit(surface, self._control(), chart_area, ("control", self.branch))
        paras, scale = self._facts(), 1.0
        rows, used = layout_text(paras, text_area.w, ctx.fonts, pal, scale)
        while used > text_area.h and scale > 0.6:  # smaller type rather than a cut-off line
            scale -= 0.05
            rows, used = layout_text(paras, text_area.w, ctx.fonts, pal, scale)
        clip = surface.get_clip()
        surface.set_clip(text_area)
        for img, x, y in rows:
            surface.blit(img, (text_area.x + x, text_area.y + y))
        surface.set_clip(clip)
