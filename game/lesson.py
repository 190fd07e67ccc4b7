"""A lesson: the historical line, named what-if branches, odds runs, decision windows and the
teacher's notes, in one versioned JSON file a teacher prepares at home and opens in class.

The file stores only what cannot be recomputed: the scenario (by reference and digest), the seed,
each line's policies and action log (a branch stores its branch point and the actions after it),
and the results of odds runs and decision windows, which took minutes to compute. Opening a
lesson replays every line and checks each one's final hash, exactly as a save is loaded; it is
read and written with the same checks (``game.jsondoc``), so a truncated, altered, foreign or
newer file is refused with one line.

A side's controller is a policy name from the AI registry or ``"human"``; it is kept as a plain
string so the file does not depend on how policies are built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import __version__
from game.engine.events import Event
from game.engine.game import Game
from game.jsondoc import (
    DocumentError,
    Kind,
    check_schema,
    encode_document,
    parse_json,
    read_document,
    shown,
    write_atomic,
)
from game.session import (
    ACTION_LOG,
    MAX_ACTIONS,
    SCENARIO_REF,
    SEED,
    Session,
    load_scenario_ref,
    play_checked,
    replay_checked,
    text_field,
    whole_field,
)

LESSON_FORMAT = "abu-kamal-lesson"
LESSON_VERSION = 1
HISTORY = "history"  # the name notes and odds runs use for the historical line
HUMAN = "human"
MAX_LESSON_BYTES = 16_000_000
MAX_BRANCHES = 32
MAX_NOTES = 1000
MAX_RESULTS = 64


class LessonError(DocumentError):
    """A lesson file that cannot be used, or a lesson request that does not fit; one plain line."""


_NAME = text_field(80, 1)
_AT = whole_field(0, MAX_ACTIONS)
_CONTROLLERS = {"type": "object", "minProperties": 1, "maxProperties": 64, "additionalProperties": text_field(100, 1)}
_RESULT = {"type": "object", "maxProperties": 200}  # opaque to the lesson; its own code checks the inside
LESSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Abu Kamal lesson",
    "type": "object",
    "required": ["format", "version", "scenario", "seed", "history", "branches", "odds", "windows", "notes",
                 "checksum"],
    "properties": {
        "format": {"const": LESSON_FORMAT}, "version": {"const": LESSON_VERSION},
        "game_version": text_field(40), "saved": text_field(64), "title": text_field(200),
        "scenario": SCENARIO_REF,
        "seed": SEED,
        "history": {"type": "object", "required": ["policies", "actions", "state_hash"],
                    "properties": {"policies": _CONTROLLERS, "actions": ACTION_LOG, "state_hash": text_field(64, 64)}},
        "branches": {"type": "array", "maxItems": MAX_BRANCHES, "items": {
            "type": "object", "required": ["name", "at", "controllers", "actions", "state_hash"],
            "properties": {"name": _NAME, "at": _AT, "controllers": _CONTROLLERS, "actions": ACTION_LOG,
                           "state_hash": text_field(64, 64)}}},
        "odds": {"type": "array", "maxItems": MAX_RESULTS, "items": {
            "type": "object", "required": ["name", "line", "at", "result"],
            "properties": {"name": _NAME, "line": _NAME, "at": _AT, "partial": {"type": "boolean"},
                           "result": _RESULT}}},
        "windows": {"type": "array", "maxItems": MAX_RESULTS, "items": {
            "type": "object", "required": ["name", "line", "at", "result"],
            "properties": {"name": _NAME, "line": _NAME, "at": _AT, "result": _RESULT}}},
        "notes": {"type": "array", "maxItems": MAX_NOTES, "items": {
            "type": "object", "required": ["line", "at", "text"],
            "properties": {"line": _NAME, "at": _AT, "text": text_field(4000, 1), "ask": {"type": "boolean"}}}},
        "checksum": {"type": "string"},
    },
}
LESSON_KIND = Kind(format=LESSON_FORMAT, version=LESSON_VERSION, noun="lesson file", max_bytes=MAX_LESSON_BYTES,
                   schema=LESSON_SCHEMA, error=LessonError)


@dataclass
class Branch:
    """A what-if: the historical line's first ``at`` actions, then its own, with its controllers."""

    name: str
    at: int
    controllers: dict[str, str]
    session: Session
    turn: int = 0  # the turn in progress at the branch point

    @property
    def own_actions(self) -> list[str]:
        return self.session.actions[self.at:]


@dataclass
class Note:
    """A teacher's note, or a "pause and ask" prompt (``ask``), at a step of one line."""

    line: str
    at: int
    text: str
    ask: bool = False


@dataclass
class Result:
    """An odds run or a decision window, kept as the simulation code returned it."""

    name: str
    line: str
    at: int
    result: dict[str, Any]
    partial: bool = False  # a cancelled run keeps what had finished


@dataclass
class Lesson:
    history: Session
    policies: dict[str, str]
    title: str = ""
    branches: list[Branch] = field(default_factory=list)
    odds: list[Result] = field(default_factory=list)
    windows: list[Result] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def game(self) -> Game:
        return self.history.game

    @classmethod
    def play(cls, scenario: str = "abu_kamal_2017", seed: int = 1, policies: dict[str, str] | None = None,
             title: str = "", progress: Callable[[Session], None] | None = None) -> Lesson:
        """Play the historical line (the scenario's historical policies unless told otherwise) to its end."""
        history = Session.new(scenario, seed, meta={"mode": "lesson"})
        chosen = {s: (policies or {}).get(s, "historical") for s in history.game.sides}
        check_controllers(chosen, history.game, humans=False)
        history.meta["policies"] = chosen
        play_out(history, chosen, progress)
        return cls(history=history, policies=chosen, title=title)

    # --- lines ---------------------------------------------------------------------------------
    def line(self, name: str) -> Session:
        if name == HISTORY:
            return self.history
        for b in self.branches:
            if b.name == name:
                return b.session
        raise LessonError(f"this lesson has no line called '{shown(name)}'")

    def turn_start(self, turn: int) -> int:
        """The history's action index at the start of ``turn`` (where a branch "at turn N" begins)."""
        snaps = self.history.snapshots
        if turn not in snaps:
            last = max(snaps)
            raise LessonError(f"the historical line has no turn {turn}; it runs from turn 1 to turn {last}")
        return snaps[turn][0]

    def branch(self, name: str, at: int, controllers: dict[str, str],
               progress: Callable[[Session], None] | None = None) -> Branch:
        """A new branch after the history's first ``at`` actions, played by the computer for every side it
        controls until a human side is to move or the game ends."""
        if any(b.name == name for b in self.branches) or name == HISTORY:
            raise LessonError(f"this lesson already has a line called '{shown(name)}'")
        if not 0 <= at <= len(self.history.actions):
            raise LessonError(f"a branch point must lie between 0 and {len(self.history.actions)} actions")
        if len(self.branches) >= MAX_BRANCHES:  # said before the computer plays it, not when saving it
            raise LessonError(f"a lesson file holds at most {MAX_BRANCHES} what-if branches; this one has "
                              f"{len(self.branches)}: start a new lesson for more")
        full = {s: controllers.get(s, self.policies[s]) for s in self.game.sides}
        check_controllers(full, self.game, humans=True)
        session = self.history.branch(at)
        session.meta.update({"mode": "branch", "policies": full,
                             "branch_of": {"seed": self.history.seed, "at_action": at, "turn": session.state.turn}})
        turn = session.state.turn
        play_out(session, full, progress)
        b = Branch(name, at, full, session, turn)
        self.branches.append(b)
        return b

    def note(self, line: str, at: int, text: str, ask: bool = False) -> Note:
        self._check_step(line, at)
        n = Note(line, at, text, ask)
        self.notes.append(n)
        return n

    def add_odds(self, name: str, line: str, at: int, result: dict[str, Any], partial: bool = False) -> Result:
        self._check_step(line, at)
        _check_odds(result, name)
        r = Result(name, line, at, result, partial)
        self.odds.append(r)
        return r

    def add_window(self, name: str, line: str, at: int, result: dict[str, Any]) -> Result:
        self._check_step(line, at)
        r = Result(name, line, at, result)
        self.windows.append(r)
        return r

    def _check_step(self, line: str, at: int) -> None:
        n = len(self.line(line).actions)
        if not 0 <= at <= n:
            raise LessonError(f"step {at} is not on the line '{shown(line)}' (it has {n} actions)")

    # --- the file ------------------------------------------------------------------------------
    def to_document(self) -> dict[str, Any]:
        h = self.history
        sc = h.scenario
        return {
            "format": LESSON_FORMAT, "version": LESSON_VERSION, "game_version": __version__,
            "saved": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "title": self.title,
            "scenario": {"id": sc.id, "ref": h.scenario_ref, "title": sc.title, "digest": sc.digest},
            "seed": h.seed,
            "history": {"policies": dict(self.policies), "actions": list(h.actions), "state_hash": h.state.hash()},
            "branches": [{"name": b.name, "at": b.at, "controllers": dict(b.controllers), "actions": b.own_actions,
                          "state_hash": b.session.state.hash()} for b in self.branches],
            "odds": [{"name": r.name, "line": r.line, "at": r.at, "partial": r.partial, "result": r.result}
                     for r in self.odds],
            "windows": [{"name": r.name, "line": r.line, "at": r.at, "result": r.result} for r in self.windows],
            "notes": [{"line": n.line, "at": n.at, "text": n.text, "ask": n.ask} for n in self.notes],
        }

    def save(self, path: str | Path) -> Path:
        """Write the lesson file atomically, once the reader's own checks pass on what would be written.

        A lesson the reader would refuse (more branches, notes or actions than a lesson file holds, a
        note too long, a result that is not plain JSON, a file over the size limit) is refused here
        with one line, and the file on disk, if any, stays as it was.
        """
        p = Path(path)
        try:
            text = encode_document(self.to_document())
        except ValueError:  # a circular value; a number JSON does not allow is caught by the reader's parser
            raise LessonError(f"{shown(p)}: the lesson was not saved: it holds a value JSON cannot write") from None
        check_readable(text, p)
        return write_atomic(p, text)


def play_out(session: Session, controllers: dict[str, str],
             progress: Callable[[Session], None] | None = None, level: int = 0) -> list[Event]:
    """Let the computer play every side it controls until the game ends or a human side is to move.

    ``level`` is the AI's tactics level for the level-aware players (a decision profile such as
    ``historical`` is played with the AI's tactics at that level)."""
    from game.ai.base import play_side_turn
    from game.ai.registry import make_policy

    players = {s: make_policy(n, s, session.seed, level) for s, n in controllers.items() if n != HUMAN}
    events: list[Event] = []
    while not session.state.over:
        side = session.game.current_side(session.state)
        if side is None or side not in players:
            break
        events += play_side_turn(session.game, session.state, players[side], apply=session.play)
        if progress is not None:
            progress(session)
    return events


def check_controllers(controllers: dict[str, str], game: Game, humans: bool) -> None:
    from game.ai.registry import policy_names

    known = policy_names()
    for side, name in controllers.items():
        if side not in game.sides:
            raise LessonError(f"'{shown(side)[:40]}' is not a side of this scenario; sides are: {', '.join(game.sides)}")
        if name == HUMAN and humans:
            continue
        if name not in known:
            allowed = [*known, HUMAN] if humans else known
            raise LessonError(f"'{shown(name)[:40]}' is not a known player for {side}; "
                              f"players are: {', '.join(allowed)}")


def _check_odds(result: dict[str, Any], name: str) -> None:
    """An odds result must be readable by the report's odds chart (its shape is the report's format)."""
    from game.sim.odds import OddsError, parse_odds

    try:
        parse_odds(result, f"odds run '{shown(name)[:40]}'")
    except OddsError as e:
        raise LessonError(str(e)) from None


def check_readable(text: str, p: Path) -> None:
    """Raise LessonError (one line) if the reader would refuse ``text`` as a lesson file at ``p``.

    The checks are the reader's own (``game.jsondoc`` with ``LESSON_KIND``: size limit, number and
    nesting limits, schema with its counts and lengths), so writer and reader cannot drift apart.
    """
    raw = text.encode("utf-8")
    try:
        if len(raw) > LESSON_KIND.max_bytes:
            raise LESSON_KIND.fail(p, f"it would take {len(raw):,} bytes, and a {LESSON_KIND.noun} holds at most "
                                      f"{LESSON_KIND.max_bytes:,}")
        check_schema(parse_json(raw, p, LESSON_KIND), LESSON_KIND, p)
    except LessonError as e:
        why = str(e).removeprefix(f"{shown(p)}: ").removeprefix(f"this is not a {LESSON_KIND.noun}: ")
        raise LessonError(f"{shown(p)}: the lesson was not saved, as the file could not be opened again: {why}"
                          ) from None


# --- reading -----------------------------------------------------------------------------------
def read_lesson(path: str | Path) -> dict[str, Any]:
    """Read and check a lesson file without replaying its lines."""
    return read_document(path, LESSON_KIND)


def load_lesson(path: str | Path) -> Lesson:
    """Open a lesson: replay the history and every branch, check their hashes and every reference."""
    p = Path(path)
    doc = read_lesson(p)
    return lesson_from_document(doc, p)


def lesson_from_document(doc: dict[str, Any], p: Path) -> Lesson:
    """Build a lesson from a checked document (see ``read_lesson``); any mismatch is a one-line LessonError."""
    fail = LESSON_KIND.fail
    ref = doc["scenario"]["ref"]
    sc = load_scenario_ref(ref, p, LESSON_KIND)
    if sc.digest != doc["scenario"]["digest"]:
        raise fail(p, f"this lesson was made with a different version of the scenario '{shown(sc.id)}'; "
                      "its lines cannot be replayed on the scenario as it is now")
    game = Game(sc)
    h = doc["history"]
    try:
        check_controllers(h["policies"], game, humans=False)
    except LessonError as e:
        raise fail(p, f"history: {e}") from None
    history = replay_checked(game, doc["seed"], h["actions"], ref, {"mode": "lesson", "policies": h["policies"]},
                             p, LESSON_KIND)
    if history.state.hash() != h["state_hash"]:
        raise fail(p, "replaying its historical line does not reach the saved position (hash mismatch)")
    lesson = Lesson(history=history, policies=dict(h["policies"]), title=doc.get("title", ""))
    for b in doc["branches"]:
        name = b["name"]
        if name == HISTORY or any(x.name == name for x in lesson.branches):
            raise fail(p, f"it has two lines called '{shown(name)}'")
        if b["at"] > len(history.actions):
            raise fail(p, f"branch '{shown(name)}' starts after action {b['at']}, but the history has only "
                          f"{len(history.actions)}")
        try:
            check_controllers(b["controllers"], game, humans=True)
        except LessonError as e:
            raise fail(p, f"branch '{shown(name)}': {e}") from None
        session = history.branch(b["at"])
        session.meta.update({"mode": "branch", "policies": dict(b["controllers"]),
                             "branch_of": {"seed": history.seed, "at_action": b["at"], "turn": session.state.turn}})
        turn = session.state.turn
        play_checked(session, b["actions"], p, LESSON_KIND)
        if session.state.hash() != b["state_hash"]:
            raise fail(p, f"replaying branch '{shown(name)}' does not reach the saved position (hash mismatch)")
        lesson.branches.append(Branch(name, b["at"], dict(b["controllers"]), session, turn))
    try:
        for r in doc["odds"]:
            lesson.add_odds(r["name"], r["line"], r["at"], r["result"], r.get("partial", False))
        for r in doc["windows"]:
            lesson.add_window(r["name"], r["line"], r["at"], r["result"])
        for n in doc["notes"]:
            lesson.note(n["line"], n["at"], n["text"], n.get("ask", False))
    except LessonError as e:
        raise fail(p, str(e)) from None
    return lesson


def open_game_file(path: str | Path) -> Session | Lesson:
    """A saved game or a lesson file, whichever ``path`` holds (both checked and replayed)."""
    from game.jsondoc import read_any
    from game.session import SAVE_KIND, session_from_document

    p = Path(path)
    kind, doc = read_any(p, SAVE_KIND, LESSON_KIND)
    return lesson_from_document(doc, p) if kind is LESSON_KIND else session_from_document(doc, p)


def turn_at(session: Session, at: int) -> int:
    """The turn in progress after the first ``at`` actions of a line (from its per-turn snapshots)."""
    turns = [t for t, (k, _, _) in session.snapshots.items() if k <= at]
    return max(turns) if turns else 1
