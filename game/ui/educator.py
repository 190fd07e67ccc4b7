"""The main menu's "Educator mode" entry: ``flow.educator_screen`` looks for ``EducatorScreen`` here."""

from game.ui.teach import EducatorScreen

__all__ = ["EducatorScreen"]
