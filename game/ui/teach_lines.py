"""The educator window's lesson work: branching (a person or the computer on each side), switching
between the historical line and the what-ifs, comparing two lines, the odds kept with the lesson,
and exporting every page the lesson holds.

``EducatorLesson`` is mixed into ``EducatorScreen``; the lesson model it drives is pygame-free
(``game.teach.lines``). A branch with every side on the computer is played in a worker thread while
a dialog says so, then shown in the window from its branch point, in god view.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.lesson import HISTORY, HUMAN, LessonError
from game.narrate.grammar import stamp_label
from game.ui.commands import Command, Push
from game.ui.dialogs import Dialog, message
from game.ui.teach_dialogs import BranchDialog, Work, WorkDialog
from game.ui.teach_odds import OddsDialog
from game.ui.teach_text import png_surface

if TYPE_CHECKING:
    from game.teach.lines import Lines
    from game.teach.timeline import Beat, Timeline

ODDS_SIDE = "government"


def open_folder(folder: Path) -> str:
    """Open ``folder`` in the desktop's file browser; the sentence to show (the path if it could not)."""
    try:
        if sys.platform.startswith("win"):
            os.startfile(folder)  # type: ignore[attr-defined]
        else:
            subprocess.Popen(["open" if sys.platform == "darwin" else "xdg-open", str(folder)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return f"Opened {folder}"
    except OSError:
        return f"No file browser could be opened here; the files are in {folder}"


class EducatorLesson:
    """Branch, switch, compare, odds and export (the attributes below are the screen's)."""

    lines: Lines
    tl: Timeline
    game: Any
    pos: int
    playing: bool
    status: str
    viewer: str | None
    line: Any  # the EducatorLine of the historical line (saves, human branches, single reports)
    odds_executor: Any
    work_executor: Any
    ctx: Any
    _keys: dict[str, Any]
    _obs: Any

    if TYPE_CHECKING:  # provided by the screen and its drawing mixin (stubs here would shadow them)
        def current_beat(self) -> Beat | None: ...
        def _refresh(self) -> None: ...
        def _markers(self) -> None: ...

    # --- where we are ------------------------------------------------------------------------
    def line_label(self) -> str:
        return self.lines.label(self.lines.current)

    def where(self) -> str:
        st = self.tl.state_at(self.pos)
        day = stamp_label(self.game.date_of(st.turn))
        return f"{self.line_label()}, step {self.pos} of {self.tl.end}: turn {st.turn}, {day}, {self.current_phase_name()}."

    def current_phase_name(self) -> str:
        b = self.current_beat()
        return f"phase “{b.name}”" if b else "before the first phase"

    # --- lines -------------------------------------------------------------------------------
    def lesson_button(self, ident: str) -> Command | None:
        if ident == "lines":
            self.next_line()
            return None
        return self.compare_view()

    def next_line(self) -> None:
        names = self.lines.names
        if len(names) < 2:
            self.status = "This lesson has only the historical line: branch here (B) to make a what-if."
            self._refresh()
            return
        self.lines.switch(names[(names.index(self.lines.current) + 1) % len(names)], pos=self.pos)
        self.adopt_line()

    def adopt_line(self) -> None:
        """Show the lesson's current line where the teacher left it (after a switch or a new branch)."""
        line = self.lines.line
        self.playing = False
        self.tl = line.timeline
        self.pos = line.pos
        self._obs = None
        self._keys.pop("scene", None)
        self.status = (f"Now showing: {self.line_label()}."
                       + ("" if line.is_history else " L returns to the historical line where you left it."))
        self._markers()
        if self.ctx is not None:  # the timeline bar grows a track for the lines
            self.attach(self.ctx, self.depth)  # type: ignore[attr-defined]
        self._refresh()

    def lesson_path(self) -> Path:
        """The lesson file branches and odds are saved into (one is made beside the saves if none was opened)."""
        if self.lines.path is None:
            sess = self.lines.history.session
            folder = self.line.saves_dir.parent / "lessons"
            self.lines.path = folder / f"{sess.scenario.id}-seed{sess.seed}.lesson.json"
        return self.lines.path

    # --- branching ---------------------------------------------------------------------------
    def branch_options(self) -> dict[str, list[tuple[str, str]]]:
        from game.teach.lines import profiles_for

        out = {}
        for s in self.game.sides:
            out[s] = [(HUMAN, "played here by a person"),
                      *[(pid, name) for pid, name in profiles_for(self.lines.history.session, s)]]
        return out

    def branch_dialog(self) -> Command:
        self.playing = False
        sides = [(s, self.game.scenario.sides[s].name) for s in self.game.sides]
        return Push(BranchDialog(sides, self.where(), self.branch_options()))

    def save_history(self) -> Path:
        return self.line.save_history()

    def make_branch(self, choice: dict[str, str]) -> tuple[Any, Path]:
        """A what-if with a person playing, from the shown step, saved beside the historical line."""
        return self.line.make_branch(self.pos, choice)

    def start_branch(self, choice: dict[str, str]) -> Command | None:
        if any(v == HUMAN for v in choice.values()):
            return self._branch_for_a_person(choice)
        if not self.lines.line.is_history:
            if self.pos > self.lines.line.at:
                self.status = "A what-if starts from the historical line: switch to it (L) and branch there."
                self._refresh()
                return None
            self.lines.switch(HISTORY, pos=self.pos)
            self.adopt_line()
        at = self.pos
        self.lesson_path()

        def job() -> str:
            line = self.lines.branch(at, choice)
            st = line.session.state
            end = "it ends" if st.over else "it stops"
            return (f"The computer played “{line.name}” from step {at}; {end} at turn {st.turn}. It is now on "
                    f"screen from its first step, in god view. Saved in {self.lines.path}.")

        return Push(WorkDialog(Work("Branch", "The computer is playing every side of the what-if to its end...",
                                    job), self.work_executor))

    def _branch_for_a_person(self, choice: dict[str, str]) -> Command | None:
        from game.ui.game_screen import GameScreen

        if not self.lines.line.is_history:
            self.status = "A what-if starts from the historical line: switch to it (L) and branch there."
            self._refresh()
            return None
        try:
            match, path = self.make_branch(choice)
        except OSError as e:
            self.status = f"Could not save the branch: {e.strerror or e}"
            self._refresh()
            return None
        note = (f"What-if branch from step {self.pos} (turn {match.state.turn}) of the historical line, "
                f"saved as {path.name}. Save again from the menu (Esc); the report compares it with the line.")
        return Push(GameScreen(match, note=note))

    def after_work(self) -> None:
        """A job finished: if it made a branch, show it."""
        if self.lines.line.timeline is not self.tl:
            self.adopt_line()

    # --- compare -----------------------------------------------------------------------------
    def compare_view(self) -> Command | None:
        from game.ui.teach_compare import CompareScreen

        others = [n for n in self.lines.names if n != HISTORY]
        if not others:
            self.status = "Nothing to compare yet: branch here (B) to make a what-if."
            self._refresh()
            return None
        branch = self.lines.current if self.lines.current != HISTORY else others[-1]
        turn = self.tl.turn_at(self.pos)
        return Push(CompareScreen(self.lines, branch, turn, self.work_executor, self.lesson_path))

    # --- odds --------------------------------------------------------------------------------
    def odds_dialog(self) -> Command | None:
        self.playing = False
        if self.tl.state_at(self.pos).over:  # nothing left to play: every run would be the same
            self.status = "The game is over at this step: step back (Left, PgUp) to run the odds from earlier."
            self._refresh()
            return None
        sess = self.tl.session
        prefix = list(sess.actions[:self.pos])
        make = self.odds_executor
        pos = self.pos

        def start(a: str, b: str, runs: int) -> Any:
            from game.teach.odds import OddsRun

            return OddsRun(sess.scenario_ref, sess.seed, prefix, ODDS_SIDE, (a, b), runs, seed=pos,
                           executor=make() if make else None).start()

        return Push(OddsDialog(self.where(), start, self.odds_chart, self.game.scenario.sides[ODDS_SIDE].name,
                               keep=self.keep_odds))

    def _odds_section(self, summary: dict[str, Any], partial: bool = False) -> Any:
        from game.report.odds_section import odds_section
        from game.sim.odds import parse_odds

        return odds_section(self.tl.session, parse_odds(summary), partial)

    def odds_chart(self, summary: dict[str, Any]) -> pygame.Surface:
        """The report's luck-versus-decision chart (past beats shown as past), as a surface."""
        return png_surface(self._odds_section(summary).chart.src)

    def keep_odds(self, summary: dict[str, Any], partial: bool) -> str:
        """Keep a finished or cancelled run with the lesson; the sentence a class reads above the chart."""
        self.lesson_path()
        try:
            self.lines.keep_odds(self.pos, summary, partial)
        except Exception as e:  # the odds stay on screen even if the file cannot be written
            self.status = f"The odds could not be saved with the lesson: {e}"
        section = self._odds_section(summary, partial)
        return ("Partial result (cancelled): " if partial else "") + section.sentence

    # --- export ------------------------------------------------------------------------------
    def report_dialog(self) -> Command:
        self.playing = False
        buttons = [("history", "The historical line")]
        text = "Write the after-action report (one HTML page, opens offline) for the historical line."
        if self.line.branch_save is not None:
            buttons.insert(0, ("branch", "Branch vs historical"))
            text = (f"Write the report for the last branch ({self.line.branch_save.name}) side by side with the "
                    "historical line, or for the historical line alone.")
        if len(self.lines.names) > 1:
            buttons.insert(0, ("lesson", "The whole lesson"))
            text = ("Write the whole lesson: a report for each what-if beside the historical line, with the odds "
                    "and decision windows, the student handout and the lesson page.")
        buttons.append(("cancel", "Cancel"))
        return Push(Dialog("Report", text, buttons, tag="report", cancel="cancel", width=860, height=230))

    def report(self, which: str) -> Command:
        if which == "lesson":
            return self._export_lesson()
        job = self.line.report_job(which)
        hist = self.save_history()
        folder = self.line.reports_dir() / (self.line.branch_save.stem if which == "branch" and
                                            self.line.branch_save is not None else hist.stem)
        return Push(WorkDialog(Work("Report", "Writing the report (maps and charts)...", job, folder),
                               self.work_executor))

    def _export_lesson(self) -> Command:
        from game.report.lesson_reports import write_lesson_reports

        path = self.lesson_path()
        try:
            self.lines.save()
        except (OSError, LessonError) as e:  # the pages are written from the lesson file: without it, none
            return Push(message("The lesson was not saved", str(e), tag="lesson_error", tone_name="bad"))
        folder = self.line.reports_dir() / path.name.split(".")[0]

        def job() -> str:
            written = write_lesson_reports(self.lines.lesson, path.name, folder)
            return (f"Wrote {len(written)} pages to {folder.resolve()}: open {written[0].name} in any web "
                    "browser (it needs no network); print handout.html for the class.")

        return Push(WorkDialog(Work("Report", "Writing the lesson's pages (maps and charts)...", job, folder),
                               self.work_executor))
