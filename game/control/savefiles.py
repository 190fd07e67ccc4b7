"""Save files: readable names for new saves, and autosave. The game saves itself at the start of
every human turn, so a crash, a power cut or a hasty Quit costs at most one turn. A few autosaves
are kept in rotation beside the player's own saves (the Load dialog lists them too); each is
written atomically by the session's save.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

from game.control.match import Match

PREFIX = "autosave-"
KEEP = 3


def safe_name(text: str) -> str:
    """``text`` fit for a file name (letters, digits, ``_`` and ``-``)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text) or "game"


def new_save_path(folder: Path, scenario_id: str, turn: int, now: dt.datetime | None = None) -> Path:
    """A fresh, readable file name: ``abu_kamal_2017-turn05-20240101-120000.json``."""
    now = now or dt.datetime.now()
    base = f"{safe_name(scenario_id)}-turn{turn:02d}-{now.strftime('%Y%m%d-%H%M%S')}"
    p = folder / f"{base}.json"
    k = 2
    while p.exists():
        p = folder / f"{base}-{k}.json"
        k += 1
    return p


class Autosaver:
    """Writes ``autosave-<scenario>-turnNN-<side>.json`` into ``folder`` and keeps the newest ``keep``."""

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = folder
        self.keep = keep
        self.last_error: str | None = None

    def path_for(self, match: Match) -> Path:
        """One file per turn and side: a reload of the same turn replaces its autosave."""
        side = safe_name(match.current or "over")
        return self.folder / f"{PREFIX}{safe_name(match.game.scenario.id)}-turn{match.state.turn:02d}-{side}.json"

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
        """Delete all but the newest ``keep`` autosaves (``keep_path``, just written, always stays)."""
        old = [p for p in self.existing() if p != keep_path]
        for p in old[max(0, self.keep - 1 if keep_path else self.keep):]:
            with contextlib.suppress(OSError):
                p.unlink()
