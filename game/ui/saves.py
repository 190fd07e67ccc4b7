"""The saves folder as the load dialog lists it: each save's scenario, turn and date read with
``read_save`` (no replay), damaged files listed with the reason instead of hidden. The sides played
are named as the scenario names them (the narrator's names), never by their ids, so the scenario
each save refers to is read once per listing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from game.control.savefiles import PREFIX as AUTOSAVE_PREFIX
from game.control.savefiles import new_save_path
from game.narrate.grammar import stamp_label
from game.narrate.names import Names
from game.session import SAVE_KIND, SaveError, load_scenario_ref, read_save

__all__ = ["SaveEntry", "list_saves", "new_save_path"]


@dataclass(frozen=True)
class SaveEntry:
    path: Path
    title: str = ""
    turn: int = 0
    date: str = ""
    phase: str = ""
    saved: str = ""
    humans: tuple[str, ...] = ()  # the sides played at this computer, by their names
    error: str | None = None

    @property
    def label(self) -> str:
        return self.label_with(self.title)

    def label_with(self, title: str) -> str:
        """The row's text with ``title`` for the scenario's (a long title is cut to fit a row)."""
        if self.error:
            return f"{self.path.name} — cannot be loaded"
        who = f" · playing {', '.join(self.humans)}" if self.humans else ""
        auto = "Autosave: " if self.path.name.startswith(AUTOSAVE_PREFIX) else ""
        return f"{auto}{title} · turn {self.turn} · {stamp_label(self.date)}{who} · saved {self.saved}"


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
    names: dict[str, Names | None] = {}  # scenario reference -> its names (None: it cannot be read)
    for p in files:
        try:
            doc = read_save(p)
        except SaveError as e:
            out.append(SaveEntry(path=p, error=str(e)))
            continue
        sc = doc.get("scenario") or {}
        saved = str(doc.get("saved", ""))
        with contextlib.suppress(ValueError):
            saved = stamp_label(dt.datetime.fromisoformat(saved).astimezone().strftime("%Y-%m-%d %H:%M"))
        meta = doc.get("meta") or {}
        said = _names(str(sc.get("ref", "")), p, names)
        humans = tuple(said.side(h) for h in meta.get("humans", []) if isinstance(h, str)) if said else ()
        out.append(SaveEntry(path=p, title=str(sc.get("title") or sc.get("id") or "?"), turn=int(doc.get("turn", 0)),
                             date=str(doc.get("date", "")), phase=str(doc.get("phase", "")), saved=saved,
                             humans=humans))
    return out


def _names(ref: str, p: Path, known: dict[str, Names | None]) -> Names | None:
    """What the scenario a save refers to calls things; None when it cannot be read (opening the save
    then says why), so a listing never shows a side's id instead of its name."""
    if ref not in known:
        try:
            known[ref] = Names(load_scenario_ref(ref, p, SAVE_KIND), None)
        except Exception:  # noqa: BLE001 - one save's scenario never stops the listing; opening it says why
            known[ref] = None
    return known[ref]
