"""The game loop without the window: whose turn it is, when a hotseat hand-over or a turn start is
due, and the computer sides' actions played one at a time at a pace a person can follow.

The game screen asks ``TurnFlow`` what happens next each frame and only shows it (a hand-over
screen, a summary card, log lines); the flow changes the game only through ``Match``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from game.control.ai_runner import AiFailure, AiRunner
from game.control.match import Match
from game.control.savefiles import Autosaver
from game.engine import actions as A

AI_FRAME_BUDGET = 0.012  # seconds of AI play per frame at most, so the window keeps drawing


@dataclass
class Pacing:
    """How fast another side's turn is shown: normal, faster (Space) or skipped to its end (Enter)."""

    fast: bool = False
    skip: bool = False
    paused: bool = False  # P while watching: hold the other side's turn where it is
    next_at: float = 0.0  # when the next AI action may be shown

    def reset(self) -> None:
        """Normal pace again (a human turn began)."""
        self.fast = self.skip = self.paused = False

    def toggle_pause(self) -> bool:
        """P while watching: pause the other side's turn, or go on; returns whether it is paused."""
        self.paused = not self.paused and not self.skip
        return self.paused

    def pause(self, action_pause: float) -> float:
        """Seconds to hold a notable AI action on screen."""
        return action_pause * (0.25 if self.fast else 1.0)

    def marker_seconds(self, action_pause: float) -> float:
        """How long the trail of a move or the flash of a fight stays (0: not drawn when skipping)."""
        return 0.0 if self.skip else max(0.6, 2.2 * action_pause)

    def toggle_fast(self) -> bool:
        """Space while watching: faster, or back to normal; returns the new setting."""
        self.fast = not self.fast
        return self.fast

    def skip_turn(self) -> None:
        """Enter while watching: play the rest of their turn without pauses."""
        self.skip = True
        self.paused = False
        self.next_at = 0.0

    @property
    def label(self) -> str:
        """The pace as the banner shows it."""
        return (" (skipping)" if self.skip else " (paused: P goes on)" if self.paused
                else " (faster)" if self.fast else "")


class TurnFlow:
    """What the game loop does next, decided without pygame (tests drive it directly)."""

    def __init__(self, match: Match, runner: AiRunner | None = None, autosaver: Autosaver | None = None) -> None:
        self.match = match
        self.runner = runner or AiRunner()
        self.autosaver = autosaver
        self.pacing = Pacing()
        self.turn_key: tuple[int, str] | None = None  # the human turn last started
        self.last_autosave: Path | None = None

    @property
    def key(self) -> tuple[int, str]:
        """Which side's turn of which turn number this is."""
        m = self.match
        return (m.state.turn, m.current or "")

    def handover_due(self) -> str | None:
        """The side to hand the computer to (hotseat) before anything of its turn shows."""
        m = self.match
        if m.hotseat and m.human_turn and self.key != self.turn_key:
            return m.current
        return None

    def turn_start_due(self) -> bool:
        """A human turn has come that has not been started on screen yet."""
        return self.match.human_turn and self.key != self.turn_key

    def start_turn(self) -> None:
        """A human turn begins on screen: normal pace again, and an autosave."""
        self.turn_key = self.key
        self.pacing.reset()
        if self.autosaver is not None:
            self.last_autosave = self.autosaver.save(self.match)

    def ai_step(self, now: float, action_pause: float, shown: Callable[[], int], busy: Callable[[], bool],
                note: Callable[[str, str], None]) -> None:
        """Play AI actions until one worth watching was shown (then hold it for the pause), the
        frame's budget is spent, or the policy is still thinking.

        ``shown`` logs the new events for the viewer and says how many were worth pausing on;
        ``busy`` is true while a card waits to be shown; ``note`` puts a line in the log.
        """
        m = self.match
        deadline = time.perf_counter() + AI_FRAME_BUDGET
        while m.ai_turn and now >= self.pacing.next_at and not busy() and not self.pacing.paused:
            try:
                act = self.runner.poll(m)
            except AiFailure as e:
                note(f"The computer player of {m.narrator(m.current).side(m.current)} failed ({e}); its turn ends.",
                     "bad")
                act = A.EndTurn()
            if act is None:
                return
            _, refused = m.ai_apply(act)
            if refused:
                note(refused, "warn")
            pause = self.pacing.pause(action_pause)
            if shown() and not self.pacing.skip and pause > 0:
                self.pacing.next_at = now + pause
                return
            if time.perf_counter() > deadline:
                return

    @property
    def watching(self) -> bool:
        """Another side (a computer player) is on the move."""
        return self.match.ai_turn

    def status(self) -> str:
        """The banner's words for whose move it is."""
        m = self.match
        sc = m.game.scenario
        if m.over:
            return "The game is over"
        cur = m.current or ""
        if m.human_turn and cur == m.viewer:
            return f"Your turn: {sc.sides[cur].name}"
        if m.human_turn:
            return f"{sc.sides[cur].name} to move"
        think = ", thinking" if self.runner.thinking else ""
        return f"{sc.sides[cur].name} (computer) moving{think}{self.pacing.label}"

    def shutdown(self) -> None:
        """Stop the computer players' worker."""
        self.runner.shutdown()
