"""A game in progress, as every front end holds it: scenario + seed + action log + event stream.

Saves are versioned JSON documents (never pickle), written atomically, with a checksum so that a
truncated or altered file is refused; loading replays the action log and checks the final hash.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import __version__
from game.engine import actions as A
from game.engine.errors import EngineError
from game.engine.events import Event
from game.engine.game import Game
from game.engine.state import State
from game.scenario.errors import ScenarioError
from game.scenario.model import Scenario
from game.scenario.validate import find_scenario, load_scenario

SAVE_FORMAT = "abu-kamal-save"
SAVE_VERSION = 1
SNAPSHOT_EVERY = 1  # turns between snapshots kept in memory for instant stepping back


class SaveError(Exception):
    """A save that cannot be used; the message says why in plain words."""


@dataclass
class Session:
    game: Game
    seed: int
    scenario_ref: str
    state: State
    actions: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    snapshots: dict[int, tuple[int, int, State]] = field(default_factory=dict)  # turn -> (actions, events, state)
    marks: list[int] = field(default_factory=list)  # len(events) after each action: action i caused events[marks[i-1]:marks[i]]
    opening: int = 0  # events of the set-up, before any action

    @classmethod
    def new(cls, scenario: str | Path | Scenario = "abu_kamal_2017", seed: int = 1,
            meta: dict[str, Any] | None = None) -> Session:
        sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        ref = _scenario_ref(scenario, sc)
        game = Game(sc)
        state, events = game.start(seed)
        s = cls(game=game, seed=seed, scenario_ref=ref, state=state, events=list(events), meta=dict(meta or {}),
                opening=len(events))
        s._snapshot()
        return s

    @property
    def scenario(self) -> Scenario:
        return self.game.scenario

    def play(self, action: A.Action | str) -> list[Event]:
        """Apply one action (checked by the engine) and record it."""
        act = A.parse(action) if isinstance(action, str) else action
        turn = self.state.turn
        events = self.game.apply(self.state, act)
        self.actions.append(act.text())
        self.events.extend(events)
        self.marks.append(len(self.events))
        if self.state.turn != turn:
            self._snapshot()
        return events

    def _snapshot(self) -> None:
        if self.state.turn % SNAPSHOT_EVERY == 0 or self.state.turn == 1:
            self.snapshots[self.state.turn] = (len(self.actions), len(self.events), self.state.copy())

    def truncate(self, n_actions: int) -> None:
        """Cut the game back to its first ``n_actions`` actions, as if the rest had never been played.

        Undo and educators' rewinds go through here so that state, action log, events, marks and
        snapshots always describe the same game: the state is restored from the nearest snapshot
        at or before the cut and the few actions after it replayed (the engine is deterministic,
        so this is exact), and every record of the cut part is dropped.
        """
        if not 0 <= n_actions <= len(self.actions):
            raise ValueError(f"cannot cut a game of {len(self.actions)} actions back to {n_actions}")
        if n_actions == len(self.actions):
            return
        base_actions, base_events, base = self._base_for(n_actions)
        tail = self.actions[base_actions:n_actions]
        self.snapshots = {t: snap for t, snap in self.snapshots.items() if snap[0] <= base_actions}
        del self.actions[base_actions:]
        del self.marks[base_actions:]
        del self.events[base_events:]
        self.state = base.copy()
        for text in tail:
            self.play(text)

    def _base_for(self, n_actions: int) -> tuple[int, int, State]:
        """The latest snapshot taken at or before action ``n_actions`` (the start is always one)."""
        best = None
        for snap in self.snapshots.values():
            if snap[0] <= n_actions and (best is None or snap[0] > best[0]):
                best = snap
        if best is None:  # no snapshot kept: start over from the seed
            return 0, self.opening, self.game.start(self.seed)[0]
        return best

    def branch(self, n_actions: int) -> Session:
        """A new session sharing the first ``n_actions`` of this one's log (a what-if starts here).

        The shared part is copied, not replayed from the start: events, marks and snapshots up
        to the nearest snapshot are taken over as they are (each event stays attributed to the
        action that caused it), and only the actions after that snapshot are played again.
        """
        if not 0 <= n_actions <= len(self.actions):
            raise ValueError(f"cannot branch a game of {len(self.actions)} actions at {n_actions}")
        base_actions, base_events, base = self._base_for(n_actions)
        s = Session(game=self.game, seed=self.seed, scenario_ref=self.scenario_ref, state=base.copy(),
                    actions=self.actions[:base_actions], events=self.events[:base_events],
                    meta=copy.deepcopy(self.meta), marks=self.marks[:base_actions], opening=self.opening,
                    snapshots={t: snap for t, snap in self.snapshots.items() if snap[0] <= base_actions})
        for text in self.actions[base_actions:n_actions]:
            s.play(text)
        return s

    # --- saving -------------------------------------------------------------------------
    def to_document(self) -> dict[str, Any]:
        body = {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "game_version": __version__,
            "saved": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "scenario": {"id": self.scenario.id, "ref": self.scenario_ref, "title": self.scenario.title,
                         "digest": self.scenario.digest},
            "seed": self.seed,
            "turn": self.state.turn,
            "date": self.game.date_of(self.state.turn),
            "phase": self.state.phase,
            "over": self.state.over,
            "meta": self.meta,
            "actions": list(self.actions),
            "state_hash": self.state.hash(),
        }
        body["checksum"] = _checksum(body)
        return body

    def save(self, path: str | Path) -> Path:
        return write_atomic(Path(path), json.dumps(self.to_document(), indent=1) + "\n")


def _scenario_ref(given: str | Path | Scenario, sc: Scenario) -> str:
    if isinstance(given, Scenario):
        return sc.source_file or sc.id
    p = find_scenario(given)
    from game.resources import scenarios_dir

    try:
        p.resolve().relative_to(scenarios_dir().resolve())
        return p.stem  # bundled: saved by name so it loads on any installation
    except ValueError:
        return str(p.resolve())


def _checksum(body: dict[str, Any]) -> str:
    clean = {k: v for k, v in body.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(clean, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def write_atomic(path: Path, text: str) -> Path:
    """Write to a temporary file beside ``path``, flush, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        try:
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def read_save(path: str | Path) -> dict[str, Any]:
    """Read and check a save document without replaying it."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{p}: no such file") from None
    except OSError as e:
        raise SaveError(f"{p}: cannot read it ({e.strerror})") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(f"{p}: this is not a saved game (it is not text)") from None
    except json.JSONDecodeError as e:
        if e.pos >= len(raw.rstrip()) - 1 or e.msg.startswith("Unterminated string"):
            raise SaveError(f"{p}: the save is truncated (it ends early); it cannot be loaded") from None
        raise SaveError(f"{p}: this is not a saved game, or it is damaged (line {e.lineno}: {e.msg})") from None
    if not isinstance(doc, dict) or doc.get("format") != SAVE_FORMAT:
        raise SaveError(f"{p}: this is not an Abu Kamal saved game")
    if doc.get("version") != SAVE_VERSION:
        raise SaveError(f"{p}: save format version {doc.get('version')} is not supported by this game "
                        f"(it reads version {SAVE_VERSION})")
    if doc.get("checksum") != _checksum(doc):
        raise SaveError(f"{p}: the save has been altered or damaged (its checksum does not match)")
    for key, kind in (("actions", list), ("seed", int), ("scenario", dict), ("state_hash", str)):
        if not isinstance(doc.get(key), kind):
            raise SaveError(f"{p}: the save is missing '{key}'")
    return doc


def load(path: str | Path, snapshots: bool = True) -> Session:
    """Load a save by replaying its action log; refuse it with a SaveError if anything is off."""
    doc = read_save(path)
    ref = doc["scenario"].get("ref") or doc["scenario"].get("id")
    try:
        sc = load_scenario(ref)
    except ScenarioError as e:
        raise SaveError(f"{path}: the scenario '{ref}' of this save cannot be loaded:\n{e.report()}") from None
    if sc.digest != doc["scenario"].get("digest"):
        raise SaveError(f"{path}: this save was made with a different version of the scenario '{sc.id}'; "
                        "it cannot be replayed on the scenario as it is now")
    try:
        session = replay(Game(sc), doc["seed"], doc["actions"], ref, doc.get("meta") or {})
    except EngineError as e:
        raise SaveError(f"{path}: the save's moves do not replay on this scenario ({e})") from None
    if session.state.hash() != doc["state_hash"]:
        raise SaveError(f"{path}: replaying the save does not reach the saved position (hash mismatch)")
    return session


def replay(game: Game, seed: int, actions: list[str], ref: str, meta: dict[str, Any] | None = None) -> Session:
    """Rebuild a session from seed and action log: the engine is deterministic, so this is exact."""
    state, events = game.start(seed)
    s = Session(game=game, seed=seed, scenario_ref=ref, state=state, events=list(events), meta=dict(meta or {}),
                opening=len(events))
    s._snapshot()
    for text in actions:
        s.play(text)
    return s
