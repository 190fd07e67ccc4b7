"""A game in progress, as every front end holds it: scenario + seed + action log + event stream.

Saves are versioned JSON documents (never pickle), written atomically, with a checksum so that a
truncated or altered file is refused; loading replays the action log and checks the final hash.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import __version__
from game.engine import actions as A
from game.engine.errors import EngineError
from game.engine.events import Event
from game.engine.game import Game
from game.engine.state import State
from game.jsondoc import DocumentError, Kind, read_document, shown, write_atomic, write_document
from game.jsondoc import checksum as _checksum
from game.scenario.errors import ScenarioError
from game.scenario.model import Scenario
from game.scenario.validate import find_scenario, load_scenario

__all__ = ["SAVE_KIND", "SaveError", "Session", "check_play_meta", "load", "read_save", "replay", "write_atomic",
           "_checksum"]

SAVE_FORMAT = "abu-kamal-save"
SAVE_VERSION = 1
SNAPSHOT_EVERY = 1  # turns between snapshots kept in memory for instant stepping back
MAX_ACTIONS = 20_000  # 46 times the historical game's 436 actions, 25 times a game of random moves
MAX_SAVE_BYTES = 4_000_000
MAX_SCENARIO_BYTES = 16_000_000
BUNDLED_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")


class SaveError(DocumentError):
    """A save that cannot be used; the message says why in one plain line."""


def text_field(most: int, least: int = 0) -> dict[str, Any]:
    return {"type": "string", "minLength": least, "maxLength": most}


def whole_field(least: int, most: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": least, "maximum": most}


SEED = whole_field(0, 2**63 - 1)
ACTION_LOG = {"type": "array", "maxItems": MAX_ACTIONS, "items": text_field(200, 1)}
DIGEST = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
SCENARIO_REF = {"type": "object", "required": ["ref", "digest"],
                "properties": {"id": text_field(200), "ref": text_field(4096, 1), "title": text_field(500), "digest": DIGEST}}
SAVE_META = {
    "type": "object", "maxProperties": 64,
    "properties": {
        "humans": {"type": "array", "maxItems": 64, "items": text_field(100, 1)},
        "policies": {"type": "object", "maxProperties": 64, "additionalProperties": text_field(100, 1)},
        "level": whole_field(0, 99),
        "front_end": text_field(100), "mode": text_field(100),
        "branch_of": {"type": "object", "properties": {"seed": SEED, "at_action": whole_field(0, MAX_ACTIONS),
                                                       "turn": whole_field(0, 100_000), "save": text_field(4096)}},
    },
}
SAVE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Abu Kamal saved game",
    "type": "object",
    "required": ["format", "version", "scenario", "seed", "meta", "actions", "state_hash", "checksum"],
    "properties": {
        "format": {"const": SAVE_FORMAT}, "version": {"const": SAVE_VERSION},
        "game_version": text_field(40), "saved": text_field(64),
        "scenario": SCENARIO_REF,
        "seed": SEED,
        "turn": whole_field(0, 100_000), "date": text_field(64), "phase": {"type": ["string", "null"], "maxLength": 200},
        "over": {"type": "boolean"},
        "meta": SAVE_META,
        "actions": ACTION_LOG,
        "state_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "checksum": {"type": "string"},
    },
}
SAVE_KIND = Kind(format=SAVE_FORMAT, version=SAVE_VERSION, noun="saved game", max_bytes=MAX_SAVE_BYTES,
                 schema=SAVE_SCHEMA, error=SaveError)


@dataclass
class Session:
    """One game as every front end holds it, changed only by ``play`` and ``truncate``.

    The seed and the action log are the game (the engine is deterministic); events, marks and
    per-turn snapshots are kept beside them so that stepping back, undo and branching are quick,
    and they always describe the same game as the log.
    """

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
        return cls.start(Game(sc), seed, _scenario_ref(scenario, sc), meta)

    @classmethod
    def start(cls, game: Game, seed: int, ref: str, meta: dict[str, Any] | None = None) -> Session:
        """The game set up from ``seed``, before any action."""
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
        return write_document(Path(path), self.to_document())


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


def read_save(path: str | Path) -> dict[str, Any]:
    """Read and check a save document without replaying it (see ``game.jsondoc`` for the checks)."""
    return read_document(path, SAVE_KIND)


def load(path: str | Path, snapshots: bool = True) -> Session:
    """Load a save by replaying its action log; refuse it with a one-line SaveError if anything is off."""
    p = Path(path)
    return session_from_document(read_save(p), p)


def session_from_document(doc: dict[str, Any], p: Path) -> Session:
    """Replay a checked save document (see ``read_save``); a mismatch is a one-line SaveError naming ``p``."""
    ref = doc["scenario"]["ref"]
    sc = load_scenario_ref(ref, p, SAVE_KIND)
    if sc.digest != doc["scenario"]["digest"]:
        raise SAVE_KIND.fail(p, f"this save was made with a different version of the scenario '{shown(sc.id)}'; "
                                "it cannot be replayed on the scenario as it is now")
    session = replay_checked(Game(sc), doc["seed"], doc["actions"], ref, doc["meta"], p, SAVE_KIND)
    if session.state.hash() != doc["state_hash"]:
        raise SAVE_KIND.fail(p, "replaying the save does not reach the saved position (hash mismatch)")
    return session


def load_scenario_ref(ref: str, p: Path, kind: Kind) -> Scenario:
    """The scenario a document names: a bundled name, or a scenario file that must be a regular file."""
    if not BUNDLED_NAME.fullmatch(ref):
        try:
            st = os.stat(ref)
        except OSError as e:
            raise kind.fail(p, f"its scenario file {shown(ref)} cannot be read ({e.strerror or e})") from None
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_SCENARIO_BYTES:
            raise kind.fail(p, f"its scenario {shown(ref)} is not a scenario file of a sensible size")
    try:
        return load_scenario(ref)
    except ScenarioError as e:
        first = e.report().strip().splitlines()
        raise kind.fail(p, f"its scenario '{shown(ref)}' cannot be loaded ({shown(first[0]) if first else 'invalid'})"
                        ) from None
    except (OSError, ValueError, RecursionError) as e:
        raise kind.fail(p, f"its scenario '{shown(ref)}' cannot be loaded ({shown(e)[:120]})") from None


def replay_checked(game: Game, seed: int, actions: list[str], ref: str, meta: dict[str, Any], p: Path,
                   kind: Kind) -> Session:
    """``replay`` for a document's action log: an action the engine refuses is named with its number."""
    s = Session.start(game, seed, ref, meta)
    play_checked(s, actions, p, kind)
    return s


def play_checked(session: Session, actions: list[str], p: Path, kind: Kind) -> None:
    """Play a document's actions on ``session``; one the engine refuses ends it with a one-line error."""
    first = len(session.actions) + 1
    for i, text in enumerate(actions, first):
        try:
            session.play(text)
        except (EngineError, ValueError, KeyError, IndexError, TypeError) as e:
            raise kind.fail(p, f"its moves do not replay on this scenario (move {i}, '{shown(text)[:60]}': "
                               f"{shown(e)[:120]})") from None


def check_play_meta(session: Session, policies: list[str], levels: tuple[int, ...]) -> str | None:
    """Why the save's ``meta`` cannot set up a game at this computer (unknown policy, level, sides), or None.

    ``meta`` is free-form for other front ends, so only what ``play --load`` and the Load dialog
    use is checked: the human sides, each computer side's policy, and the computer's level.
    """
    meta, sides = session.meta, session.game.sides
    humans = meta.get("humans", [])
    if isinstance(humans, list):
        if len(humans) > len(sides) or len(set(map(str, humans))) != len(humans):
            return f"it lists {len(humans)} human player(s) for a game of {len(sides)} sides"
        for h in humans:
            if h not in sides:
                return f"its human player '{shown(h)[:40]}' is not a side of this scenario ({', '.join(sides)})"
    pol = meta.get("policies", {})
    if isinstance(pol, dict):
        for side, name in pol.items():
            if side not in sides:
                return f"it sets a computer player for '{shown(side)[:40]}', which is not a side of this scenario"
            if name not in policies:
                return f"its computer player '{shown(name)[:40]}' is unknown; policies are: {', '.join(policies)}"
    level = meta.get("level", levels[-1])
    if level not in levels:
        return f"its computer level {shown(level)[:20]} is unknown; levels are {', '.join(map(str, levels))}"
    return None


def replay(game: Game, seed: int, actions: list[str], ref: str, meta: dict[str, Any] | None = None) -> Session:
    """Rebuild a session from seed and action log: the engine is deterministic, so this is exact."""
    s = Session.start(game, seed, ref, meta)
    for text in actions:
        s.play(text)
    return s
