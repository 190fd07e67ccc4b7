"""Modal dialogs: a titled card with text and buttons that closes with a result for the screen
below (message, confirmation, narration card, attack preview, summary, help, game menu, game over),
and the hotseat hand-over screen that hides the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UILabel

from game.scenario.sources import cited_line
from game.ui import keys
from game.ui.commands import Command, Pop, Push
from game.ui.screen import Screen
from game.ui.textview import TextView
from game.ui.widgets import FocusRing, centred, esc, tone


@dataclass(frozen=True)
class Choice:
    """What a dialog returns to the screen below: which dialog, which button, and its payload."""

    tag: str
    choice: str
    payload: Any = None


class Dialog(Screen):
    modal = True
    opaque = False
    name = "dialog"

    def __init__(self, title: str, body_html: str, buttons: list[tuple[str, str]], tag: str = "message",
                 cancel: str | None = "cancel", payload: Any = None, width: int = 560, height: int = 300,
                 primary: str | None = None) -> None:
        super().__init__()
        self.title, self.body, self.buttons = title, body_html, buttons
        self.tag, self.cancel, self.payload = tag, cancel, payload
        self.width, self.height = width, height
        self.primary = primary or (buttons[0][0] if buttons else None)
        self.ring = FocusRing()
        self.text: TextView | None = None  # the body, laid out by the game (see textview)
        self.text_image: UIImage | None = None
        self._text_rect = pygame.Rect(0, 0, 1, 1)
        self.fit = True  # grow to show the whole text when the window allows

    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        width = min(px(self.width), ctx.size[0] - 16)
        pad = px(16)
        title_h = px(34)
        btn_h = px(36)
        chrome = title_h + btn_h + px(10) + 3 * pad // 2 + px(6)  # everything but the text
        inset = px(10) if self._text_id() == "#card_text" else px(6)
        self.text = TextView(self.body, ctx.palette(), ctx.fonts, spacing=1.25 if self._text_id() == "#card_text"
                             else 1.15)
        text_h = self.text.layout(width - 2 * pad - 2 * inset) + 2 * inset
        height = max(px(self.height), chrome + text_h) if self.fit else px(self.height)
        rect = centred(ctx.size, width, min(height, ctx.size[1] - px(24)))
        panel = pygame_gui.elements.UIPanel(rect, manager=ctx.manager, container=self.container, object_id="#dialog")
        inner = panel.get_container()
        w, h = rect.w, rect.h
        UILabel(pygame.Rect(pad, px(10), w - 2 * pad, title_h), self.title, ctx.manager, container=inner,
                object_id="#heading")
        body_h = h - chrome
        self._text_rect = pygame.Rect(pad + inset, px(10) + title_h + inset, w - 2 * pad - 2 * inset,
                                      max(1, body_h - 2 * inset))
        self.text_image = UIImage(self._text_rect, self.text.view(self._text_rect.size), ctx.manager, container=inner)
        n = len(self.buttons)
        bw = min(px(200), (w - 2 * pad - px(10) * (n - 1)) // max(1, n))
        x = w - pad - n * bw - (n - 1) * px(10)
        entries = []
        for ident, label in self.buttons:
            b = UIButton(pygame.Rect(x, h - pad - btn_h, bw, btn_h), label, ctx.manager, container=inner,
                         object_id="#primary_button" if ident == self.primary else None)
            entries.append((ident, b))
            x += bw + px(10)
        self.ring.set(entries)
        if self.primary:
            self.ring.focus(self.primary)

    def _text_id(self) -> str | None:
        return None

    def line_px(self) -> int:
        return self.ctx.fonts.get(15).get_linesize() if self.ctx else 18

    def choose(self, ident: str) -> Command:
        return Pop(Choice(self.tag, ident, self.payload))

    def scroll_text(self, dy: int) -> None:
        """Move a long text (wheel, Page Up / Page Down)."""
        if self.text is not None and self.text_image is not None and self.text.scroll_by(dy):
            self.text_image.set_image(self.text.view(self._text_rect.size))

    def handle(self, event: pygame.event.Event) -> Command | None:
        ident = self.ring.pressed(event)
        if ident:
            return self.choose(ident)
        if event.type == pygame.MOUSEWHEEL:
            self.scroll_text(-event.y * 3 * self.line_px())
            return None
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.scroll_text((1 if event.key == pygame.K_PAGEDOWN else -1) * max(1, self._text_rect.h - self.line_px()))
            return None
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return self.choose(self.cancel) if self.cancel else Pop(Choice(self.tag, "close", self.payload))
        got = self.ring.on_key(event)
        if got and got[0] == "activate":
            return self.choose(got[1])
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.ring.move(1 if event.key == pygame.K_RIGHT else -1)
        return None


def message(title: str, text: str, tag: str = "message", tone_name: str = "info") -> Dialog:
    return Dialog(title, tone(text, tone_name), [("ok", "OK")], tag=tag, cancel="ok", height=190)


def confirm(title: str, text_html: str, yes: str, tag: str, payload: Any = None, no: str = "Cancel") -> Dialog:
    return Dialog(title, text_html, [("yes", yes), ("no", no)], tag=tag, cancel="no", payload=payload, height=200)


class NarrationCard(Dialog):
    """The text a scenario trigger narrates, with its source markers and the sources' titles."""

    name = "narration"

    def __init__(self, title: str, text: str, source_ids: list[str], sources: dict[str, Any],
                 when: str = "") -> None:
        lines = []
        if when:
            lines.append(tone(when, "dim"))
        lines.append(esc(" ".join(text.split())))
        if source_ids:
            lines.append("")
            lines.append(tone("Sources", "title"))
            for sid in source_ids:
                lines.append(tone(f"[{sid}] {cited_line(sources, sid)}", "source"))
        super().__init__(title, "<br>".join(lines), [("ok", "Continue")], tag="narration", cancel="ok",
                         width=680, height=min(620, 300 + 22 * len(source_ids) + len(text) // 3))

    def _text_id(self) -> str | None:
        return "#card_text"


class HelpScreen(Dialog):
    name = "help"

    def __init__(self, legend: Screen | None = None) -> None:
        rows = []
        section = ""
        for sec, k, what in keys.BINDINGS:
            if sec != section:
                if section:
                    rows.append("")
                rows.append(tone(sec, "title"))
                section = sec
            rows.append(f"<b>{esc(k)}</b> — {esc(what)}")
        self.legend = legend  # the map legend, offered from the keys list when there is a map
        buttons = [("legend", "Map legend (L)")] if legend is not None else []
        super().__init__("Keys and mouse", "<br>".join(rows), [*buttons, ("ok", "Close")], tag="help", cancel="ok",
                         width=760, height=640, primary="ok")

    def choose(self, ident: str) -> Command:
        return Push(self.legend) if ident == "legend" and self.legend is not None else super().choose(ident)


class PauseMenu(Dialog):
    name = "pause"

    def __init__(self, can_save: bool = True) -> None:
        buttons = [("resume", "Resume")]
        if can_save:
            buttons.append(("save", "Save"))
        buttons += [("load", "Load"), ("settings", "Settings"), ("keys", "Keys"), ("menu", "Main menu"),
                    ("quit", "Quit")]
        super().__init__("Game menu", tone("The game is paused.", "dim"), buttons, tag="pause", cancel="resume",
                         width=900, height=200)


class HandOver(Screen):
    """Hotseat: hides the map until the next player says they are at the screen."""

    opaque = True
    name = "handover"

    def __init__(self, side: str, side_name: str, turn_text: str) -> None:
        super().__init__()
        self.side, self.side_name, self.turn_text = side, side_name, turn_text
        self.ring = FocusRing()

    def build(self) -> None:
        ctx = self.ctx
        assert ctx is not None
        px = ctx.px
        w, h = ctx.size
        cw = min(w - px(40), px(720))
        x0 = (w - cw) // 2
        y = h // 2 - px(130)
        UILabel(pygame.Rect(x0, y, cw, px(50)), f"{self.side_name}", ctx.manager, container=self.container,
                object_id="#title")
        UILabel(pygame.Rect(x0, y + px(56), cw, px(28)), self.turn_text, ctx.manager, container=self.container,
                object_id="#subtitle")
        UILabel(pygame.Rect(x0, y + px(100), cw, px(26)),
                f"Hotseat: pass the computer to the player of {self.side_name}.", ctx.manager,
                container=self.container, object_id="#hint_center")
        UILabel(pygame.Rect(x0, y + px(126), cw, px(26)),
                "The map stays hidden until then, so no side sees another side's view.", ctx.manager,
                container=self.container, object_id="#hint_center")
        b = UIButton(pygame.Rect((w - px(360)) // 2, y + px(176), px(360), px(44)),
                     f"I play {self.side_name}: show my map", ctx.manager, container=self.container,
                     object_id="#primary_button")
        self.ring.set([("ready", b)])

    def handle(self, event: pygame.event.Event) -> Command | None:
        if self.ring.pressed(event):
            return Pop(Choice("handover", "ready", self.side))
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Push(PauseMenu())  # the map stays hidden behind the menu
        got = self.ring.on_key(event)
        if got and got[0] == "activate":
            return Pop(Choice("handover", "ready", self.side))
        return None

    def resume(self, result: Any) -> Command | None:
        """Menu choices other than 'resume' go down to the game screen, which asks again later."""
        if isinstance(result, Choice) and result.tag == "pause" and result.choice != "resume":
            return Pop(result)
        return None
