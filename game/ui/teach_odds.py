"""The odds dialog of educator mode: choose two government policies and a number of runs, watch
the progress of the paired re-rolled runs, and see the luck-versus-decision chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from pygame_gui.elements import UIButton, UILabel

from game.ui.commands import Command, Pop
from game.ui.dialogs import Choice
from game.ui.teach_dialogs import POLICY_LABELS, Modal
from game.ui.teach_text import layout_text

OddsStarter = Callable[[str, str, int], Any]  # (policy a, policy b, runs) -> an OddsRun, started
ChartMaker = Callable[[dict[str, Any]], pygame.Surface]  # a summary -> the chart


class OddsDialog(Modal):
    """Choose two government policies and a number of runs; watch the progress; see the chart.

    The runs go to worker processes; ``update`` polls them each frame, so the window never blocks
    and Cancel (or Escape) stops them at once."""

    name = "odds"
    tag = "odds"
    POLICIES = ("historical", "vigilant", "ai")
    RUNS = (10, 20, 50, 100, 200)

    def __init__(self, where: str, start_run: OddsStarter, make_chart: ChartMaker, side_name: str,
                 keep: Callable[[dict[str, Any], bool], str] | None = None) -> None:
        super().__init__("Run the odds", width=1100, height=720)
        self.keep = keep  # keeps a result with the lesson (partial when cancelled); returns the class's sentence
        self.sentence = ""
        self.where = where
        self.start_run = start_run
        self.make_chart = make_chart
        self.side_name = side_name
        self.a, self.b, self.runs = "historical", "vigilant", 20
        self.stage = "choose"  # choose, running, done
        self.run: Any = None
        self.done = 0
        self.note = ""
        self.chart: pygame.Surface | None = None
        self._scaled: tuple[Any, pygame.Surface] | None = None
        self.labels: dict[str, UIButton] = {}

    def buttons(self) -> list[tuple[str, str]]:
        if self.stage == "running":
            return [("cancel", "Cancel (Esc)")]
        if self.stage == "done":
            return [("again", "Choose again"), ("close", "Close (Esc)")]
        return [("start", "Start"), ("close", "Close (Esc)")]

    def cyclable(self) -> set[str]:
        return {"a", "b", "runs"} if self.stage == "choose" else set()

    def _texts(self) -> dict[str, str]:
        return {"a": f"First, for {self.side_name}: {POLICY_LABELS[self.a]}",
                "b": f"Then, for {self.side_name}: {POLICY_LABELS[self.b]}",
                "runs": f"Games played for each: {self.runs}"}

    def build(self) -> None:
        super().build()
        if self.stage == "choose":
            entries = [(k, self.labels[k]) for k in ("a", "b", "runs")] + self.ring.entries
            self.ring.set(entries, self.cyclable())
            self.ring.focus("start")

    def build_body(self, inner: Any, rect: pygame.Rect) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        pad = px(16)
        rows = list(self._texts().items()) if self.stage == "choose" else []
        self.labels = self.choice_column(inner, rect, self.where, rows)
        if self.stage == "choose":
            y = px(84) + px(46) * len(rows)
            for line in ("Every run starts from this moment and plays to the end; only the dice differ.",
                         "The spread within one set of decisions is luck; a gap between the two sets is the decision.",
                         self.note):
                if line:
                    UILabel(pygame.Rect(pad, y + px(6), rect.w - 2 * pad, px(24)), line, ctx.manager,
                            container=inner, object_id="#hint")
                    y += px(26)

    def cycle(self, ident: str, step: int) -> None:
        if ident in ("a", "b"):
            cur = getattr(self, ident)
            setattr(self, ident, self.POLICIES[(self.POLICIES.index(cur) + step) % len(self.POLICIES)])
        elif ident == "runs":
            self.runs = self.RUNS[(self.RUNS.index(self.runs) + step) % len(self.RUNS)]
        self.labels[ident].set_text(self._texts()[ident])

    def _restage(self, stage: str) -> None:
        self.stage = stage
        if self.ctx is not None:
            self.attach(self.ctx, self.depth)

    def choose(self, ident: str) -> Command | None:
        if ident == "start":
            if self.a == self.b:
                self.note = "Choose two different policies to compare."
                self._restage("choose")
                return None
            self.run = self.start_run(self.a, self.b, self.runs)
            self.done, self.note, self.chart = 0, "", None
            self._restage("running")
            return None
        if ident == "cancel" or (ident == "close" and self.stage == "running"):
            self.cancel()
            return None
        if ident == "again":
            self._restage("choose")
            return None
        self.cancel()
        return Pop(Choice(self.tag, "close"))

    def cancel(self) -> None:
        if self.run is not None and self.stage == "running":
            self.run.cancel()
            self._shutdown(self.run)
            self.note = f"Cancelled after {self.done} of {self.run.total} runs."
            partial = self.run.summary() if self.done else None
            self.run = None
            if partial and partial.get("policies"):  # what had finished is kept, labelled as partial
                self._finish(partial, True)
                return
            self._restage("choose")

    def _finish(self, summary: dict[str, Any], partial: bool) -> None:
        self.chart = self.make_chart(summary)
        self.sentence = self.keep(summary, partial) if self.keep is not None else ""
        if partial and not self.sentence:
            self.sentence = self.note + " Partial result."
        self._scaled = None
        self._restage("done")

    def update(self, dt: float) -> Command | None:
        if self.stage == "running" and self.run is not None:
            self.done = self.run.poll()
            if self.done >= self.run.total:
                summary = self.run.summary()
                self.run.close()
                self._shutdown(self.run)
                self.run = None
                self._finish(summary, False)
        return None

    @property
    def animating(self) -> bool:
        return self.stage == "running" or self.dirty

    @staticmethod
    def _shutdown(run: Any) -> None:
        """Free the run's workers (also an executor handed in from outside); never waits."""
        ex = getattr(run, "executor", None)
        if ex is not None:
            ex.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self.run is not None:
            self.run.cancel()
            self._shutdown(self.run)
            self.run = None
        super().close()

    def draw_overlay(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        pal = ctx.palette()
        r = self.body_rect
        if self.stage == "running" and self.run is not None:
            total = max(1, self.run.total)
            bar = pygame.Rect(r.x, r.y + ctx.px(70), r.w, ctx.px(30))
            pygame.draw.rect(surface, pal.c("unfilled_bar"), bar)
            fill = bar.copy()
            fill.w = round(bar.w * self.done / total)
            pygame.draw.rect(surface, pal.c("filled_bar"), fill)
            pygame.draw.rect(surface, pal.c("normal_border"), bar, 1)
            f = ctx.fonts.get(18)
            txt = f.render(f"{self.done} of {total} runs finished ({self.a} and {self.b}, "
                           f"{self.runs} each)", True, pal.c("tooltip_text"))
            surface.blit(txt, (r.x, bar.bottom + ctx.px(12)))
        elif self.stage == "done" and self.chart is not None:
            top = r.y + ctx.px(30)  # under the line saying where the runs start
            if self.sentence:  # the sentence first, the chart second
                rows, used = layout_text([(self.sentence, "info", 18, True, 0)], r.w, ctx.fonts, pal)
                for img, x, y in rows:
                    surface.blit(img, (r.x + x, top + y))
                top += used + ctx.px(8)
            area = pygame.Rect(r.x, top, r.w, r.bottom - top)
            key = area.size
            if self._scaled is None or self._scaled[0] != key:
                cw, ch = self.chart.get_size()
                k = min(area.w / cw, area.h / ch)
                img = pygame.transform.smoothscale(self.chart, (max(1, round(cw * k)), max(1, round(ch * k))))
                self._scaled = (key, img)
            img = self._scaled[1]
            back = img.get_rect(midtop=area.midtop)
            surface.fill((255, 255, 255), back.inflate(8, 8))
            surface.blit(img, back)
