"""The narrator: game events, orders and scenario triggers in words, for one viewer.

Pure (no pygame): it imports only the engine, the scenario model and the standard library, so the
terminal, the window, the educator's tools and the report all build on it. See ``Narrator``.
"""

from game.narrate.grammar import is_plural, steps
from game.narrate.narrator import Narrator
from game.narrate.visitor import EventVisitor, walk

__all__ = ["EventVisitor", "Narrator", "is_plural", "steps", "walk"]
