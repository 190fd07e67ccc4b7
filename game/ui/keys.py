"""Keys as the control package's key map names them: this module only names pygame's keys; what
they mean is the table in ``game.control.keymap`` (which the help screen lists too)."""

from __future__ import annotations

import pygame

from game.control import keymap
from game.control.intents import Intent

BINDINGS = keymap.HELP  # (section, keys, what they do), for the help screen

_NAMES: dict[int, str] = {
    pygame.K_RETURN: "enter", pygame.K_KP_ENTER: "enter", pygame.K_ESCAPE: "escape", pygame.K_TAB: "tab",
    pygame.K_SPACE: "space", pygame.K_F1: "f1", pygame.K_HOME: "home", pygame.K_END: "end",
    pygame.K_PAGEUP: "pageup", pygame.K_PAGEDOWN: "pagedown",
    pygame.K_UP: "up", pygame.K_DOWN: "down", pygame.K_LEFT: "left", pygame.K_RIGHT: "right",
    pygame.K_KP8: "up", pygame.K_KP2: "down", pygame.K_KP4: "left", pygame.K_KP6: "right",
    pygame.K_PLUS: "+", pygame.K_EQUALS: "+", pygame.K_KP_PLUS: "+", pygame.K_MINUS: "-", pygame.K_KP_MINUS: "-",
}


def ctrl(event: pygame.event.Event) -> bool:
    return bool(getattr(event, "mod", 0) & pygame.KMOD_CTRL)


def shift(event: pygame.event.Event) -> bool:
    return bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)


def is_key(event: pygame.event.Event, *keys: int, with_ctrl: bool = False) -> bool:
    return event.type == pygame.KEYDOWN and event.key in keys and ctrl(event) == with_ctrl


def is_help(event: pygame.event.Event) -> bool:
    if event.type != pygame.KEYDOWN:
        return False
    return event.key == pygame.K_F1 or getattr(event, "unicode", "") == "?" or (
        event.key == pygame.K_SLASH and shift(event))


def is_repeat(event: pygame.event.Event) -> bool:
    """A KEYDOWN the system's key repeat made (the app marks them: the key was already down)."""
    return bool(getattr(event, "repeat", False))


def key_name(event: pygame.event.Event) -> str | None:
    """The key map's name for a KEYDOWN: "enter", "tab", "+", "s", "?"..., None for other keys."""
    if is_help(event) and event.key != pygame.K_F1:
        return "?"
    name = _NAMES.get(event.key)
    if name is not None:
        return name
    if pygame.K_a <= event.key <= pygame.K_z or pygame.K_0 <= event.key <= pygame.K_9:
        return chr(event.key)
    return None


def intent(event: pygame.event.Event, *contexts: str) -> Intent | None:
    """What a KEYDOWN means in the first of ``contexts`` that binds it (None: nothing)."""
    if event.type != pygame.KEYDOWN:
        return None
    name = key_name(event)
    if name is None:
        return None
    return keymap.lookup(contexts, name, ctrl=ctrl(event), shift=shift(event) and name != "?",
                         repeat=is_repeat(event))


CONFIRM = (pygame.K_RETURN, pygame.K_KP_ENTER)


class KeyFilter:
    """Marks key repeats and drops the rest of a press that closed or opened a screen.

    A KEYDOWN for a key already held is the system's key repeat: it is marked ``repeat`` (the key
    map lets only cursor-like keys repeat). After a press changes the screen stack (Enter on a
    hand-over, Escape on a dialog), further KEYDOWNs of that key are dropped until it is released,
    so a held key never reaches the map below. Focus changes forget everything held, since the
    releases may never arrive.
    """

    def __init__(self) -> None:
        self.held: set[int] = set()
        self.swallowed: set[int] = set()

    def filter(self, event: pygame.event.Event) -> pygame.event.Event | None:
        t = event.type
        if t == pygame.KEYUP:
            self.held.discard(event.key)
            self.swallowed.discard(event.key)
            return event
        if t != pygame.KEYDOWN:
            self.held.clear()
            self.swallowed.clear()
            return event
        if event.key in self.swallowed:
            return None
        if event.key in self.held:
            return pygame.event.Event(pygame.KEYDOWN, {**event.dict, "repeat": True})
        self.held.add(event.key)
        return event

    def swallow(self, key: int) -> None:
        if key in self.held:
            self.swallowed.add(key)
