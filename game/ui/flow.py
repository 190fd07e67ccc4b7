"""Transitions between the big screens, kept in one place so screens need not import each other
(the menu opens games, a game goes back to the menu). New top-level screens plug in here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from game.narrate.grammar import stamp_label
from game.ui.commands import Command, ResetTo

if TYPE_CHECKING:
    from game.control.match import Match
    from game.session import Session
    from game.ui.screen import Screen


def main_menu() -> Command:
    from game.ui.menu import MainMenu

    return ResetTo((MainMenu(),))


def start_match(match: Match, note: str = "") -> Command:
    """Show a game, with the main menu beneath it (leaving the game returns there)."""
    from game.ui.game_screen import GameScreen
    from game.ui.menu import MainMenu

    return ResetTo((MainMenu(), GameScreen(match, note=note)))


def loaded_note(session: Session) -> str:
    """The first line of the log after loading a save."""
    g = session.game
    return (f"Loaded the saved game: {g.scenario.title}, turn {session.state.turn} "
            f"({stamp_label(g.date_of(session.state.turn))}), {len(session.actions)} orders replayed.")


def educator_screen() -> Screen:
    """Educator mode, once ``game.ui.educator`` provides ``EducatorScreen``; a notice until then."""
    try:
        mod = importlib.import_module("game.ui.educator")
    except ModuleNotFoundError as e:
        if e.name != "game.ui.educator":
            raise
        from game.ui.dialogs import message

        return message("Educator mode",
                       "Educator mode is coming in a later version. It will step through the battle as it was "
                       "reported, show every side's view, and let a class branch into what-if questions.",
                       tag="educator")
    return mod.EducatorScreen()
