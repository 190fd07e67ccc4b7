"""The lines of a lesson as the educator window shows them: the historical line and named what-if
branches, each a timeline a teacher steps through, each remembering where the teacher left it.

Pure (no pygame), so the window, ``abu-kamal teach FILE`` and the tests share one model. A branch
is made from any step of the line on screen: for each side a decision profile and a tactics level
for the computer, or a person at the keyboard; a branch with every side on the computer is played
to its end at once and then watched step by step, in god view, like the historical line. The
lesson file is saved after every branch, odds run and decision window, atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.lesson import HISTORY, HUMAN, Lesson, LessonError, load_lesson
from game.narrate.players import profile_and_level, profile_title
from game.session import Session
from game.teach.timeline import Timeline

LEVELS = (0, 1, 2)
NAME_MAX = 80  # the lesson file's limit on a line's, odds run's or window's name


@dataclass
class Line:
    """One line: its timeline, where it leaves the history (0 for the history), its players, and the
    step the teacher last looked at."""

    name: str
    timeline: Timeline
    at: int
    controllers: dict[str, str]
    pos: int = 0

    @property
    def is_history(self) -> bool:
        return self.name == HISTORY

    @property
    def session(self) -> Session:
        return self.timeline.session

    @property
    def waiting_for_a_person(self) -> bool:
        """A branch with a person playing stops where that side is to move (the game screen takes over)."""
        s = self.session
        return not s.state.over and self.controllers.get(s.game.current_side(s.state) or "", "") == HUMAN


def policy_name(profile: str, level: int | None) -> str:
    """('vigilant', 1) -> 'vigilant1': the player the AI registry builds (a profile at a tactics level)."""
    return profile if level is None else f"{profile}{level}"


def profiles_for(session: Session, side: str) -> list[tuple[str, str]]:
    """The decision profiles a side may be given here: (id, name) from the scenario, known to the AI."""
    from game.ai.registry import policy_names

    known = {profile_and_level(n)[0] for n in policy_names()}
    profs = session.scenario.decisions.get(side, {})
    out = [(pid, p.name) for pid, p in profs.items() if pid in known]
    return out or [("historical", profile_title(session.scenario, side, "historical"))]


@dataclass
class Lines:
    """The lesson's lines and which one is on screen."""

    lesson: Lesson
    path: Path | None = None
    lines: dict[str, Line] = field(default_factory=dict)
    current: str = HISTORY

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines[HISTORY] = Line(HISTORY, Timeline(self.lesson.history), 0, dict(self.lesson.policies))
            for b in self.lesson.branches:
                self.lines[b.name] = Line(b.name, Timeline(b.session), b.at, dict(b.controllers), pos=b.at)

    @classmethod
    def open(cls, path: str | Path) -> Lines:
        """A lesson file (checked and replayed; a bad file raises LessonError in one line)."""
        return cls(load_lesson(path), Path(path))

    @classmethod
    def of_timeline(cls, tl: Timeline, path: Path | None = None) -> Lines:
        """Lines over a historical line played in the window (no file until one is given)."""
        policies = dict(tl.session.meta.get("policies") or {s: "historical" for s in tl.game.sides})
        return cls(Lesson(history=tl.session, policies=policies), path)

    # --- the line on screen ------------------------------------------------------------------
    @property
    def line(self) -> Line:
        return self.lines[self.current]

    @property
    def history(self) -> Line:
        return self.lines[HISTORY]

    @property
    def names(self) -> list[str]:
        return list(self.lines)

    def switch(self, name: str, pos: int | None = None) -> Line:
        """Show another line, where the teacher left it; the line left keeps ``pos`` (the step on screen)."""
        if name not in self.lines:
            raise LessonError(f"this lesson has no line called '{name}'")
        if pos is not None:
            self.line.pos = pos
        self.current = name
        return self.line

    def label(self, name: str) -> str:
        return "Historical line" if name == HISTORY else f"What-if: {name}"

    # --- branching ---------------------------------------------------------------------------
    def default_name(self, at: int, controllers: dict[str, str]) -> str:
        """'Turn 5: Government and allies Vigilant (what-if)', numbered if taken."""
        sc = self.lesson.history.scenario
        turn = self.line.timeline.turn_at(at)
        changed = [s for s, p in controllers.items() if profile_and_level(p)[0] != profile_and_level(
            self.lesson.policies.get(s, "historical"))[0]]
        who = ", ".join(f"{sc.sides[s].name} {profile_title(sc, s, controllers[s])}" for s in changed)
        base = f"Turn {turn}: {who}" if who else f"Turn {turn}: the same decisions, other dice"
        base = base[:NAME_MAX - 8]
        name, n = base, 2
        while name in self.lines:
            name, n = f"{base} ({n})", n + 1
        return name

    def branch(self, at: int, controllers: dict[str, str], name: str | None = None,
               progress: Callable[[Session], None] | None = None) -> Line:
        """A new branch from step ``at`` of the line on screen, with ``controllers`` (side -> player or
        "human"; sides not named keep the history's player), played by the computer until a person is
        to move or the game ends, then shown from its branch point."""
        base = self.line
        if not base.is_history:  # a branch of a branch starts from the history's steps it shares
            if at < base.at:
                raise LessonError("a branch of a what-if must start after that what-if left the history")
            raise LessonError("branches start from the historical line; switch to it first")
        full = {s: controllers.get(s, self.lesson.policies[s]) for s in self.lesson.game.sides}
        name = name or self.default_name(at, full)
        b = self.lesson.branch(name, at, full, progress)
        base.pos = at
        line = Line(name, Timeline(b.session), at, dict(b.controllers), pos=at)
        self.lines[name] = line
        self.current = name
        self.save()
        return line

    # --- results kept with the lesson --------------------------------------------------------
    def keep_odds(self, at: int, result: dict[str, Any], partial: bool = False, name: str = "") -> None:
        turn = self.line.timeline.turn_at(at)
        where = "the historical line" if self.current == HISTORY else "a what-if"
        label = (name or f"From turn {turn} on {where}")[:NAME_MAX - 10]
        self.lesson.add_odds(label + (" (partial)" if partial else ""), self.current, at, result, partial)
        self.save()

    def keep_window(self, at: int, result: dict[str, Any], name: str = "") -> None:
        self.lesson.add_window((name or f"decision window ({len(self.lesson.windows) + 1})")[:NAME_MAX], self.current,
                               at, result)
        self.save()

    def save(self) -> Path | None:
        """Write the lesson file, if there is one (atomically, like a save)."""
        return self.lesson.save(self.path) if self.path is not None else None
