"""Educator mode's dialogs: the beat card (large text for a projector), the branch set-up, the
odds run (progress, cancel, chart), background work (writing a report) and the key list.

Each is a modal Screen that returns a ``Choice`` to the educator screen below; Escape always backs
out. Long work never runs in the frame loop: it is polled from ``update``.
"""

from __future__ import annotations

import base64
import concurrent.futures as cf
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel

from game.teach.cards import BeatCard
from game.ui import keys
from game.ui.commands import Command, Pop
from game.ui.dialogs import Choice, Dialog
from game.ui.screen import Screen
from game.ui.theme import Fonts, Palette
from game.ui.widgets import TONES, FocusRing, centred, esc, tone

# (text, tone, size in unscaled points, bold, indent in unscaled pixels)
Para = tuple[str, str, int, bool, int]


def _colour(pal: Palette, tone_name: str) -> pygame.Color:
    name = TONES.get(tone_name) or "tooltip_text"
    return pal.colours.get(name, pal.c("tooltip_text"))


def layout_text(paras: list[Para], width: int, fonts: Fonts, pal: Palette, scale: float = 1.0,
                gap: int = 6) -> tuple[list[tuple[pygame.Surface, int, int]], int]:
    """Word-wrap paragraphs into rendered rows; returns (rows with x, y) and the height used.

    ``scale`` shrinks or grows every size so a long card can be fitted to the panel."""
    out: list[tuple[pygame.Surface, int, int]] = []
    y = 0
    for text, tone_name, size, bold, indent in paras:
        if not text:
            y += round(gap * 2 * fonts.scale)
            continue
        f = fonts.get(max(9, round(size * scale)), bold=bold)
        col = _colour(pal, tone_name)
        x0 = round(indent * fonts.scale * scale)
        line = ""
        for word in text.split(" "):
            trial = f"{line} {word}" if line else word
            if f.size(trial)[0] <= width - x0 or not line:
                line = trial
            else:
                out.append((f.render(line, True, col), x0, y))
                y += f.get_linesize()
                line = word
        if line:
            out.append((f.render(line, True, col), x0, y))
            y += f.get_linesize()
        y += round(gap * fonts.scale * scale)
    return out, y


def card_paras(card: BeatCard, base: int = 19) -> list[Para]:
    """A beat card as paragraphs: when, what happened, why, who knew what, and the sources."""
    small = base - 2
    out: list[Para] = [(card.when, "dim", small, False, 0)]
    out += [(" ".join(p.split()), "info", base, False, 0) for p in card.what]
    if card.why:
        out.append(("Why", "title", small, True, 0))
        out += [(line, "info", small, False, 14) for line in card.why]
    if card.knew:
        out.append(("Who knew what", "title", small, True, 0))
        out += [(f"{side} {text}", "info", small, False, 14) for side, text in card.knew.items()]
    if card.sources:
        out.append(("Sources", "title", small, True, 0))
        out += [(f"[{m}] {title or 'not listed in this scenario'}", "source", small - 1, False, 14)
                for m, title in card.sources]
    return out


class _Modal(Screen):
    """A dimmed modal with one centred panel, its title and a row of buttons (FocusRing)."""

    modal = True
    opaque = False
    tag = "modal"

    def __init__(self, title: str, width: int = 760, height: int = 420) -> None:
        super().__init__()
        self.title = title
        self.width, self.height = width, height
        self.ring = FocusRing()
        self.panel_rect = pygame.Rect(0, 0, 0, 0)
        self.body_rect = pygame.Rect(0, 0, 0, 0)
        self.dirty = False  # changed in update(): the app draws a frame only for events or animation

    def attach(self, ctx: Any, depth: int) -> None:
        super().attach(ctx, depth)
        self.dirty = True

    def draw(self, surface: pygame.Surface) -> None:
        self.dirty = False

    def buttons(self) -> list[tuple[str, str]]:
        return [("close", "Close")]

    def cyclable(self) -> set[str]:
        return set()

    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        rect = centred(ctx.size, px(self.width), px(self.height))
        self.panel_rect = rect
        panel = UIPanel(rect, manager=ctx.manager, container=self.container, object_id="#dialog")
        inner = panel.get_container()
        pad = px(16)
        UILabel(pygame.Rect(pad, px(8), rect.w - 2 * pad, px(36)), self.title, ctx.manager, container=inner,
                object_id="#heading")
        self.body_rect = pygame.Rect(rect.x + pad, rect.y + px(50), rect.w - 2 * pad, rect.h - px(50) - px(62))
        self.build_body(inner, rect)
        btns = self.buttons()
        n = len(btns)
        bh = px(40)
        bw = min(px(230), (rect.w - 2 * pad - px(10) * (n - 1)) // max(1, n))
        x = rect.w - pad - n * bw - (n - 1) * px(10)
        entries = []
        for i, (ident, label) in enumerate(btns):
            b = UIButton(pygame.Rect(x, rect.h - pad - bh, bw, bh), label, ctx.manager, container=inner,
                         object_id="#primary_button" if i == 0 else None)
            entries.append((ident, b))
            x += bw + px(10)
        self.ring.set(entries, self.cyclable())

    def build_body(self, inner: Any, rect: pygame.Rect) -> None:
        """Widgets between the title and the buttons."""

    def choose(self, ident: str) -> Command | None:
        return Pop(Choice(self.tag, ident))

    def cycle(self, ident: str, step: int) -> None:
        """Left/Right on a cyclable entry (or a click on it)."""

    def handle(self, event: pygame.event.Event) -> Command | None:
        ident = self.ring.pressed(event)
        if ident:
            if ident in self.cyclable():
                self.cycle(ident, 1)
                return None
            return self.choose(ident)
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return self.choose("close")
        got = self.ring.on_key(event)
        if got and got[0] == "cycle":
            self.cycle(got[1], got[2])
            return None
        if got and got[0] == "activate":
            if got[1] in self.cyclable():
                self.cycle(got[1], 1)
                return None
            return self.choose(got[1])
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.ring.move(1 if event.key == pygame.K_RIGHT else -1)
        return None


class BeatCardScreen(_Modal):
    """The card shown when the line reaches a beat: big text, fitted to the window."""

    name = "beat_card"
    tag = "beat"

    def __init__(self, card: BeatCard, position: int) -> None:
        super().__init__(" ", width=1000, height=700)  # the title is drawn large in draw_overlay
        self.card = card
        self.position = position
        self._rows: tuple[Any, list[tuple[pygame.Surface, int, int]]] | None = None

    def buttons(self) -> list[tuple[str, str]]:
        return [("continue", "Continue (Enter)"), ("branch", "Branch here (B)"), ("close", "Close (Esc)")]

    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        w, h = ctx.size
        # as wide as the window allows and as tall as the text: the class reads it from the back of the room
        width = min(w * 0.86, ctx.px(1400))
        _, used = layout_text(card_paras(self.card), round(width - ctx.px(32)), ctx.fonts, ctx.palette(), 1.4)
        self.width = round(width / ctx.scale)
        self.height = round(min(h - 24, used + ctx.px(150)) / ctx.scale)
        self._rows = None
        super().build()
        self.body_rect.y += ctx.px(16)
        self.body_rect.h -= ctx.px(16)


    def rows(self) -> list[tuple[pygame.Surface, int, int]]:
        """The card's rows at the largest text size that fits the panel."""
        ctx = self.ctx
        assert ctx is not None
        key = (self.body_rect.size, ctx.scale)
        if self._rows is not None and self._rows[0] == key:
            return self._rows[1]
        pal = ctx.palette()
        paras = card_paras(self.card)
        scale = 1.4
        rows, used = layout_text(paras, self.body_rect.w, ctx.fonts, pal, scale)
        while used > self.body_rect.h and scale > 0.6:
            scale -= 0.05
            rows, used = layout_text(paras, self.body_rect.w, ctx.fonts, pal, scale)
        self._rows = (key, rows)
        return rows

    def handle(self, event: pygame.event.Event) -> Command | None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_b:
            return self.choose("branch")
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_SPACE, pygame.K_RIGHT):
            return self.choose("continue")
        return super().handle(event)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        if self.ctx is None:
            return
        pal = self.ctx.palette()
        surface.fill(pal.c("dark_bg"), pygame.Rect(self.panel_rect.x + 2, self.panel_rect.y + 2,
                                                   self.panel_rect.w - 4, self.ctx.px(58)))
        title = self.ctx.fonts.get(30, bold=True).render(self.card.title, True, pal.c("text_title"))
        surface.blit(title, (self.body_rect.x, self.panel_rect.y + self.ctx.px(31) - title.get_height() // 2))
        clip = surface.get_clip()
        surface.set_clip(self.body_rect)
        for img, x, y in self.rows():
            surface.blit(img, (self.body_rect.x + x, self.body_rect.y + y))
        surface.set_clip(clip)


POLICY_LABELS = {"historical": "historical (as in 2017)", "vigilant": "vigilant (stays alert)",
                 "ai": "ai (plays to win)", "random": "random"}


class BranchDialog(_Modal):
    """Who plays each side in a what-if: a human at this computer, or the computer with a policy."""

    name = "branch"
    tag = "branch"
    OPTIONS = ("human", "historical", "vigilant", "ai", "random")

    def __init__(self, sides: list[tuple[str, str]], where: str, default_human: str = "government") -> None:
        super().__init__("Branch here: a what-if from this moment", width=820, height=430)
        self.sides = sides  # (id, name)
        self.where = where
        self.choice = {s: ("human" if s == default_human else "historical") for s, _ in sides}
        self.note = ""
        self.buttons_w: dict[str, UIButton] = {}
        self.note_label: UILabel | None = None

    def _label(self, side: str, name: str) -> str:
        c = self.choice[side]
        return f"{name}: " + ("played here (human)" if c == "human" else f"computer, {POLICY_LABELS.get(c, c)}")

    def buttons(self) -> list[tuple[str, str]]:
        return [("start", "Start the branch"), ("close", "Cancel")]

    def cyclable(self) -> set[str]:
        return {s for s, _ in self.sides}

    def build(self) -> None:
        super().build()
        # the side rows come first in the ring so Up/Down reach them
        entries = [(s, self.buttons_w[s]) for s, _ in self.sides] + self.ring.entries
        self.ring.set(entries, self.cyclable())
        self.ring.focus("start")

    def build_body(self, inner: Any, rect: pygame.Rect) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        pad = px(16)
        UILabel(pygame.Rect(pad, px(48), rect.w - 2 * pad, px(26)), self.where, ctx.manager, container=inner,
                object_id="#hint")
        y = px(84)
        self.buttons_w = {}
        for s, name in self.sides:
            self.buttons_w[s] = UIButton(pygame.Rect(pad, y, rect.w - 2 * pad, px(40)), self._label(s, name),
                                         ctx.manager, container=inner, object_id="#choice_button")
            y += px(46)
        UILabel(pygame.Rect(pad, y + px(4), rect.w - 2 * pad, px(24)),
                "Click a side or use Left/Right to change who plays it. At least one side is played here.",
                ctx.manager, container=inner, object_id="#hint")
        self.note_label = UILabel(pygame.Rect(pad, y + px(30), rect.w - 2 * pad, px(24)), self.note or " ",
                                  ctx.manager, container=inner, object_id="#hint")

    def cycle(self, ident: str, step: int) -> None:
        i = self.OPTIONS.index(self.choice[ident])
        self.choice[ident] = self.OPTIONS[(i + step) % len(self.OPTIONS)]
        name = dict(self.sides)[ident]
        self.buttons_w[ident].set_text(self._label(ident, name))

    def choose(self, ident: str) -> Command | None:
        if ident == "start":
            if not any(v == "human" for v in self.choice.values()):
                self.note = "Choose at least one side to play here; the computer plays the others."
                if self.note_label is not None:
                    self.note_label.set_text(self.note)
                return None
            return Pop(Choice(self.tag, "start", dict(self.choice)))
        return Pop(Choice(self.tag, "close"))


def png_surface(data_uri: str) -> pygame.Surface:
    """A report Image (PNG data URI) as a pygame surface."""
    raw = base64.b64decode(data_uri.split(",", 1)[1])
    return pygame.image.load(io.BytesIO(raw), "chart.png")


OddsStarter = Callable[[str, str, int], Any]  # (policy a, policy b, runs) -> an OddsRun, started
ChartMaker = Callable[[dict[str, Any]], pygame.Surface]  # a summary -> the chart


class OddsDialog(_Modal):
    """Choose two government policies and a number of runs; watch the progress; see the chart.

    The runs go to worker processes; ``update`` polls them each frame, so the window never blocks
    and Cancel (or Escape) stops them at once."""

    name = "odds"
    tag = "odds"
    POLICIES = ("historical", "vigilant", "ai")
    RUNS = (10, 20, 50, 100, 200)

    def __init__(self, where: str, start_run: OddsStarter, make_chart: ChartMaker, side_name: str) -> None:
        super().__init__("Run the odds", width=960, height=660)
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
        return {"a": f"First policy for {self.side_name}: {POLICY_LABELS[self.a]}",
                "b": f"Second policy for {self.side_name}: {POLICY_LABELS[self.b]}",
                "runs": f"Runs for each policy: {self.runs}"}

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
        UILabel(pygame.Rect(pad, px(48), rect.w - 2 * pad, px(26)), self.where, ctx.manager, container=inner,
                object_id="#hint")
        self.labels = {}
        if self.stage == "choose":
            y = px(84)
            for k, text in self._texts().items():
                self.labels[k] = UIButton(pygame.Rect(pad, y, rect.w - 2 * pad, px(40)), text, ctx.manager,
                                          container=inner, object_id="#choice_button")
                y += px(46)
            for line in ("Every run starts from this moment and plays to the end; only the dice differ.",
                         "The spread within one policy is luck; a gap between the two policies is decision.",
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
            self.run = None
            self._restage("choose")

    def update(self, dt: float) -> Command | None:
        if self.stage == "running" and self.run is not None:
            self.done = self.run.poll()
            if self.done >= self.run.total:
                summary = self.run.summary()
                self.run.close()
                self._shutdown(self.run)
                self.run = None
                self.chart = self.make_chart(summary)
                self._restage("done")
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
            area = pygame.Rect(r.x, r.y + ctx.px(30), r.w, r.h - ctx.px(30))
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


@dataclass
class Work:
    """A job for a worker thread (e.g. writing a report) and what to say when it is done."""

    title: str
    doing: str
    job: Callable[[], str]  # returns the sentence to show when done


class WorkDialog(_Modal):
    """Runs one job off the frame loop and says what came of it (or what went wrong)."""

    name = "work"
    tag = "work"

    def __init__(self, work: Work, executor: cf.Executor | None = None) -> None:
        super().__init__(work.title, width=820, height=300)
        self.work = work
        self._own = executor is None
        self.executor = executor or cf.ThreadPoolExecutor(max_workers=1)
        self.future: cf.Future[str] | None = None
        self.result: str | None = None
        self.failed = False

    def buttons(self) -> list[tuple[str, str]]:
        return [("close", "OK")] if self.result is not None else [("close", "Hide")]

    def update(self, dt: float) -> Command | None:
        if self.future is None:
            self.future = self.executor.submit(self.work.job)
        elif self.result is None and self.future.done():
            try:
                self.result = self.future.result()
            except Exception as e:  # shown to the teacher in plain words; the window goes on
                self.result, self.failed = f"It could not be done: {e}", True
            if self.ctx is not None:
                self.attach(self.ctx, self.depth)
        return None

    @property
    def animating(self) -> bool:
        return self.result is None or self.dirty

    def close(self) -> None:
        if self._own:
            self.executor.shutdown(wait=False)
        super().close()

    def choose(self, ident: str) -> Command | None:
        return Pop(Choice(self.tag, "done" if self.result is not None else "hidden", self.result))

    def draw_overlay(self, surface: pygame.Surface) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        text = self.result if self.result is not None else self.work.doing
        rows, _ = layout_text([(text, "bad" if self.failed else "info", 17, False, 0)], self.body_rect.w,
                              ctx.fonts, ctx.palette())
        for img, x, y in rows:
            surface.blit(img, (self.body_rect.x + x, self.body_rect.y + y))


TEACH_KEYS: tuple[tuple[str, str], ...] = (
    ("Right / Left", "One action forward / back"),
    ("Shift or Ctrl + Right / Left", "One turn forward / back"),
    ("Page Down / Page Up", "Next / previous beat"),
    ("Home / End", "The start / the end of the line"),
    ("Space", "Play or pause (pauses at every beat with its card)"),
    ("Click the timeline", "Jump to that moment"),
    ("V, or 0 1 2 3", "God view, or what one side saw at that moment (its fog, its last-known positions)"),
    ("C", "Show the card of the last beat again"),
    ("B", "Branch here: play on from this moment as a what-if"),
    ("O", "Run the odds from this moment"),
    ("R", "Write the report (and compare the last branch with the historical line)"),
    ("Ctrl + Plus / Minus", "Presentation scale: larger or smaller text and buttons"),
    ("+ / -, mouse wheel, drag", "Zoom and pan the map"),
    ("Escape", "Close a dialog; leave educator mode"),
    ("F1", "This list"),
)


def teach_help() -> Dialog:
    rows = [tone("Educator mode", "title")]
    rows += [f"<b>{esc(k)}</b> — {esc(what)}" for k, what in TEACH_KEYS]
    return Dialog("Keys in educator mode", "<br>".join(rows), [("ok", "Close")], tag="help", cancel="ok",
                  width=820, height=560)


def is_help(event: pygame.event.Event) -> bool:
    return keys.is_help(event)
