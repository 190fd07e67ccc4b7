"""The load dialog: saves listed with scenario, turn and date; a damaged save gives a message and
the game (or menu) underneath goes on untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel

from game.session import SaveError, Session, check_play_meta, load
from game.ui.commands import Command, Pop, Push
from game.ui.dialogs import Choice, message
from game.ui.saves import SaveEntry, list_saves
from game.ui.screen import Screen
from game.ui.widgets import FocusRing, centred, fit_text

PAGE = 8


def open_save(path: Path) -> Session | str:
    """The saved game at ``path`` ready to play here, or one line saying why it cannot be.

    Besides the save itself, the players it names must exist here (a known computer player and
    level for each computer side, real sides for the humans), since the game is set up from them.
    """
    from game.ai.planner import LEVELS
    from game.ai.registry import policy_names

    try:
        session = load(path)
    except SaveError as err:
        return str(err)
    except Exception as err:  # noqa: BLE001 - an unforeseen failure must not end the game underneath
        return f"{path.name}: cannot be loaded ({type(err).__name__}: {err})".splitlines()[0]
    problem = check_play_meta(session, policy_names(), LEVELS)
    if problem:
        return f"{path.name}: this save cannot be played here: {problem}"
    return session


class LoadScreen(Screen):
    modal = True
    opaque = False
    name = "load"

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.entries: list[SaveEntry] = []
        self.page = 0
        self.ring = FocusRing()
        self.status = ""
        self.pending: SaveEntry | None = None
        self._drawn = False

    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        if self.folder is None:
            self.folder = ctx.saves_dir
        self.entries = list_saves(self.folder)
        self.page = min(self.page, max(0, (len(self.entries) - 1) // PAGE))
        px = ctx.px
        rect = centred(ctx.size, min(ctx.size[0] - px(24), px(1120)), px(560))  # wide: a row names a lot
        panel = UIPanel(rect, manager=ctx.manager, container=self.container, object_id="#dialog")
        inner = panel.get_container()
        pad = px(16)
        cw = rect.w - 2 * pad
        UILabel(pygame.Rect(pad, px(10), cw, px(34)), "Load a saved game", ctx.manager, container=inner,
                object_id="#heading")
        pages = max(1, (len(self.entries) + PAGE - 1) // PAGE)
        where = f"{len(self.entries)} save(s) in {self.folder}" if self.entries else f"No saves yet in {self.folder}"
        more = f" · page {self.page + 1} of {pages} (Page Up / Page Down)" if pages > 1 else ""
        UILabel(pygame.Rect(pad, px(44), cw, px(22)), where + more, ctx.manager, container=inner, object_id="#hint")
        y = px(74)
        rows = []
        for i, e in enumerate(self.entries[self.page * PAGE:(self.page + 1) * PAGE]):
            b = UIButton(pygame.Rect(pad, y, cw, px(44)), e.label, ctx.manager, container=inner, object_id="#save_row")
            room, font = cw - px(24), b.font
            if font is not None and font.size(e.label)[0] > room:  # a long title gives way; the rest stays
                b.set_text(e.label_with(fit_text(font, e.title, max(px(80), room - font.size(e.label_with(""))[0]))))
            rows.append((f"save:{self.page * PAGE + i}", b))
            y += px(48)
        self.status_label = UILabel(pygame.Rect(pad, rect.h - pad - px(40) - px(32), cw, px(26)), self.status or " ",
                                    ctx.manager, container=inner, object_id="#status")
        bw = px(150)
        back = UIButton(pygame.Rect(rect.w - pad - bw, rect.h - pad - px(40), bw, px(40)), "Back", ctx.manager,
                        container=inner)
        keep = self.ring.current
        self.ring.set(rows + [("back", back)])
        if keep and any(k == keep for k, _ in rows):
            self.ring.focus(keep)

    def choose(self, ident: str) -> Command | None:
        if ident == "back":
            return Pop()
        if not ident.startswith("save:"):
            return None
        e = self.entries[int(ident.split(":")[1])]
        if e.error:
            return Push(message("This save cannot be loaded", e.error, tag="load_error", tone_name="bad"))
        self.pending = e
        self._drawn = False
        self.status = f"Loading {e.path.name}: replaying its moves…"
        if self.status_label is not None:
            self.status_label.set_text(self.status)
        return None

    def update(self, dt: float) -> Command | None:
        if self.pending is None or not self._drawn:
            return None
        e, self.pending = self.pending, None
        session = open_save(e.path)
        if isinstance(session, str):
            self.status = ""
            self.status_label.set_text(" ")
            return Push(message("This save cannot be loaded", session, tag="load_error", tone_name="bad"))
        return Pop(Choice("load", "loaded", session))

    def draw(self, surface: pygame.Surface) -> None:
        self._drawn = True

    @property
    def animating(self) -> bool:
        return self.pending is not None

    def handle(self, event: pygame.event.Event) -> Command | None:
        if self.pending is not None:
            return None
        ident = self.ring.pressed(event)
        if ident:
            return self.choose(ident)
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                return Pop()
            if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                pages = max(1, (len(self.entries) + PAGE - 1) // PAGE)
                self.page = (self.page + (1 if event.key == pygame.K_PAGEDOWN else -1)) % pages
                assert self.ctx is not None
                self.attach(self.ctx, self.depth)
                return None
        got = self.ring.on_key(event)
        if got and got[0] == "activate":
            return self.choose(got[1])
        return None

    def resume(self, result: Any) -> Command | None:
        return None
