"""Educator mode's dialogs: the modal base, the beat card (large text for a projector), the branch
set-up, background work (writing a report) and the key list. The odds run is in ``teach_odds``.

Each is a modal Screen that returns a ``Choice`` to the educator screen below; Escape always backs
out. Long work never runs in the frame loop: it is polled from ``update``.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel

from game.control.keymap import EDUCATOR_HELP
from game.teach.cards import BeatCard
from game.ui.commands import Command, Pop
from game.ui.dialogs import Choice, Dialog
from game.ui.screen import Screen
from game.ui.teach_text import card_paras, layout_text
from game.ui.widgets import FocusRing, centred, esc, tone

ACTION_KEYS = frozenset({pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE})


class Modal(Screen):
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

    def choice_column(self, inner: Any, rect: pygame.Rect, where: str,
                      rows: list[tuple[str, str]]) -> dict[str, UIButton]:
        """The branch and odds dialogs' body: where the choice applies, then one full-width button per
        setting that Left/Right cycles; one layout so the two dialogs look and scale alike."""
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        pad = px(16)
        UILabel(pygame.Rect(pad, px(48), rect.w - 2 * pad, px(26)), where, ctx.manager, container=inner,
                object_id="#hint")
        out: dict[str, UIButton] = {}
        y = px(84)
        for key, text in rows:
            out[key] = UIButton(pygame.Rect(pad, y, rect.w - 2 * pad, px(40)), text, ctx.manager,
                                container=inner, object_id="#choice_button")
            y += px(46)
        return out

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
        if event.type == pygame.KEYDOWN and getattr(event, "repeat", False) and event.key in ACTION_KEYS:
            return None  # a held Enter must not start a run again, nor a held Escape cancel it twice
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


class BeatCardScreen(Modal):
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


class BranchDialog(Modal):
    """Who plays each side in a what-if: a person at this computer, or the computer with one of the
    side's decision profiles; and the computer's tactics level. Every side on the computer is
    allowed: the branch is then played to its end and watched step by step, like the historical line.

    ``options`` maps each side to its choices, (id, words) pairs: "human" and the profiles' ids.
    The result's payload maps each side to "human" or a player name (profile and level, "vigilant1").
    """

    name = "branch"
    tag = "branch"
    LEVELS = ((0, "0 (plain)"), (1, "1"), (2, "2 (strongest)"))

    def __init__(self, sides: list[tuple[str, str]], where: str,
                 options: dict[str, list[tuple[str, str]]] | None = None,
                 chosen: dict[str, str] | None = None, level: int = 2) -> None:
        super().__init__("Branch here: a what-if from this moment", width=980, height=520)
        self.sides = sides  # (id, name)
        self.where = where
        default = [("human", "played here by a person"), ("historical", "historical (as in 2017)"),
                   ("vigilant", "vigilant (stays alert)")]
        self.options = {s: (options or {}).get(s) or default for s, _ in sides}
        self.choice = {s: (chosen or {}).get(s) or "historical" for s, _ in sides}
        self.level = level
        self.note = ""
        self.buttons_w: dict[str, UIButton] = {}
        self.note_label: UILabel | None = None

    def _label(self, side: str) -> str:
        if side == "level":
            return f"The computer's tactics level: {dict(self.LEVELS)[self.level]}"
        words = dict(self.options[side]).get(self.choice[side], self.choice[side])
        who = "" if self.choice[side] == "human" else "computer, "
        return f"{dict(self.sides)[side]}: {who}{words}"

    def payload(self) -> dict[str, str]:
        return {s: c if c == "human" else f"{c}{self.level}" for s, c in self.choice.items()}

    def buttons(self) -> list[tuple[str, str]]:
        return [("start", "Start the branch"), ("close", "Cancel")]

    def cyclable(self) -> set[str]:
        return {s for s, _ in self.sides} | {"level"}

    def build(self) -> None:
        super().build()
        # the side rows come first in the ring so Up/Down reach them
        entries = [(s, self.buttons_w[s]) for s in [*dict(self.sides), "level"]] + self.ring.entries
        self.ring.set(entries, self.cyclable())
        self.ring.focus("start")

    def build_body(self, inner: Any, rect: pygame.Rect) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        pad = px(16)
        rows = [(s, self._label(s)) for s in [*dict(self.sides), "level"]]
        self.buttons_w = self.choice_column(inner, rect, self.where, rows)
        y = px(84) + px(46) * len(rows)
        UILabel(pygame.Rect(pad, y + px(4), rect.w - 2 * pad, px(24)),
                "Click a row or use Left/Right to change it. With every side on the computer the branch "
                "plays to its end and you watch it here.", ctx.manager, container=inner, object_id="#hint")
        self.note_label = UILabel(pygame.Rect(pad, y + px(30), rect.w - 2 * pad, px(24)), self.note or " ",
                                  ctx.manager, container=inner, object_id="#hint")

    def cycle(self, ident: str, step: int) -> None:
        if ident == "level":
            self.level = (self.level + step) % len(self.LEVELS)
        else:
            opts = [k for k, _ in self.options[ident]]
            i = opts.index(self.choice[ident]) if self.choice[ident] in opts else 0
            self.choice[ident] = opts[(i + step) % len(opts)]
        button = self.buttons_w[ident]
        button.set_text(self._label(ident))
        button.rebuild()  # the new words now, not after the next mouse move: nobody starts on a stale label
        self.dirty = True

    @property
    def animating(self) -> bool:
        return self.dirty

    def choose(self, ident: str) -> Command | None:
        if ident == "start":
            return Pop(Choice(self.tag, "start", self.payload()))
        return Pop(Choice(self.tag, "close"))


@dataclass
class Work:
    """A job for a worker thread (e.g. writing a report) and what to say when it is done."""

    title: str
    doing: str
    job: Callable[[], str]  # returns the sentence to show when done
    folder: Path | None = None  # where the job writes: offered as "Open folder" when done


class WorkDialog(Modal):
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
        if self.result is None:
            return [("close", "Hide")]
        if self.work.folder is not None and not self.failed:
            return [("close", "OK"), ("open", "Open folder")]
        return [("close", "OK")]

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
        if ident == "open" and self.work.folder is not None:
            from game.ui.teach_lines import open_folder

            self.result = f"{self.result} {open_folder(self.work.folder)}."
            if self.ctx is not None:
                self.attach(self.ctx, self.depth)
            return None
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


LESSON_HELP = (("L", "next line: the historical line and each what-if, each where you left it"),
               ("K", "compare the what-if with the historical line (maps, control, beats, the decision window)"),
               ("F11", "full screen, and back"))


def teach_help() -> Dialog:
    rows = [tone("Educator mode", "title")]
    rows += [f"<b>{esc(k)}</b> — {esc(what)}" for k, what in EDUCATOR_HELP]
    rows += [f"<b>{esc(k)}</b> — {esc(what)}" for k, what in LESSON_HELP]
    return Dialog("Keys in educator mode", "<br>".join(rows), [("ok", "Close")], tag="help", cancel="ok",
                  width=820, height=560)

