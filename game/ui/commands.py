"""What screen handlers return: requests to the app, which alone owns the screen stack and window.

Screens never call the app (no back-pointers); they describe what should happen and the app does it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.ui.screen import Screen
    from game.ui.settings import Settings


class Command:
    """Base of every request a screen can make."""


@dataclass(frozen=True)
class Push(Command):
    """Open ``screen`` above the current one."""

    screen: Screen


@dataclass(frozen=True)
class Pop(Command):
    """Close the top screen; the one below gets ``result`` through ``resume``."""

    result: Any = None


@dataclass(frozen=True)
class Replace(Command):
    """Close the top screen and open ``screen`` in its place."""

    screen: Screen


@dataclass(frozen=True)
class ResetTo(Command):
    """Close every screen and start again with these (e.g. back to the main menu, or a loaded game)."""

    screens: tuple[Screen, ...]


@dataclass(frozen=True)
class Quit(Command):
    pass


@dataclass(frozen=True)
class ApplySettings(Command):
    """Save the settings and rebuild whatever depends on them (scale, palette, fullscreen)."""

    settings: Settings


@dataclass(frozen=True)
class Batch(Command):
    """Several requests carried out in order (e.g. close a dialog, then open another)."""

    commands: tuple[Command, ...]
