"""Autosave: the game saves itself at the start of every human turn, so a crash, a power cut or a
hasty Quit costs at most one turn. A few autosaves are kept in rotation beside the player's own
saves (the Load dialog lists them too); each is written atomically by the session's save.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from game.control.match import Match

PREFIX = "autosave-"
KEEP = 3


class Autosaver:
    """Writes ``autosave-<scenario>-turnNN-<side>.json`` into ``folder`` and keeps the newest ``keep``."""

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = folder
        self.keep = keep
        self.last_error: str | None = None

    def path_for(self, match: Match) -> Path:
        safe = re.sub(r"[^A-Za-z0-9_-]+", "_", match.game.scenario.id) or "game"
        side = re.sub(r"[^A-Za-z0-9_-]+", "_", match.current or "over")
        return self.folder / f"{PREFIX}{safe}-turn{match.state.turn:02d}-{side}.json"

    def save(self, match: Match) -> Path | None:
        """Save now; None (and ``last_error`` set) if the folder cannot be written: an autosave
        failing must never stop the game."""
        path = self.path_for(match)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            match.save(path, autosave=True)
        except OSError as e:
            self.last_error = e.strerror or str(e)
            return None
        self.last_error = None
        self.prune(keep_path=path)
        return path

    def existing(self) -> list[Path]:
        """Autosaves in the folder, newest first."""
        files = []
        for p in self.folder.glob(f"{PREFIX}*.json"):
            with contextlib.suppress(OSError):
                files.append((p.stat().st_mtime, p.name, p))
        return [p for _, _, p in sorted(files, reverse=True)]

    def prune(self, keep_path: Path | None = None) -> None:
        old = [p for p in self.existing() if p != keep_path]
        for p in old[max(0, self.keep - 1 if keep_path else self.keep):]:
            with contextlib.suppress(OSError):
                p.unlink()
