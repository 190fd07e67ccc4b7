"""The saves folder as the load dialog lists it: each save's scenario, turn and date read with
``read_save`` (no replay), damaged files listed with the reason instead of hidden.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from game.control.savefiles import PREFIX as AUTOSAVE_PREFIX
from game.control.savefiles import new_save_path
from game.session import SaveError, read_save

__all__ = ["SaveEntry", "list_saves", "new_save_path"]


@dataclass(frozen=True)
class SaveEntry:
    path: Path
    title: str = ""
    turn: int = 0
    date: str = ""
    phase: str = ""
    saved: str = ""
    humans: tuple[str, ...] = ()
    error: str | None = None

    @property
    def label(self) -> str:
        if self.error:
            return f"{self.path.name} — cannot be loaded"
        who = f" · playing {', '.join(self.humans)}" if self.humans else ""
        auto = "Autosave: " if self.path.name.startswith(AUTOSAVE_PREFIX) else ""
        return f"{auto}{self.title} · turn {self.turn} · {self.date}{who} · saved {self.saved}"


def _mtime(p: Path) -> float:
    """When a save was written; a dangling link or a looping one sorts last instead of failing."""
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


def list_saves(folder: Path) -> list[SaveEntry]:
    """Every ``*.json`` in the folder, newest first."""
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.json"), key=lambda p: (_mtime(p), p.name), reverse=True)
    out = []
    for p in files:
        try:
            doc = read_save(p)
        except SaveError as e:
            out.append(SaveEntry(path=p, error=str(e)))
            continue
        sc = doc.get("scenario") or {}
        saved = str(doc.get("saved", ""))
        with contextlib.suppress(ValueError):
            saved = dt.datetime.fromisoformat(saved).astimezone().strftime("%Y-%m-%d %H:%M")
        meta = doc.get("meta") or {}
        humans = tuple(str(h) for h in meta.get("humans", []) if isinstance(h, str))
        out.append(SaveEntry(path=p, title=str(sc.get("title") or sc.get("id") or "?"), turn=int(doc.get("turn", 0)),
                             date=str(doc.get("date", "")), phase=str(doc.get("phase", "")), saved=saved,
                             humans=humans))
    return out
