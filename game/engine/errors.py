"""Distinct errors for actions refused at the engine's entry point."""


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class MalformedAction(EngineError):
    """The action text or record cannot be read at all (unknown verb, missing argument)."""


class IllegalAction(EngineError):
    """A well-formed action that the rules do not allow now (wrong side, out of reach, spent unit)."""


class GameOver(IllegalAction):
    """No action is legal once the game has ended."""
