"""The educator's work on the historical line, without the window: saving the line once so that
branches and reports can name it, branching a what-if from any position into a match to play,
starting an odds run, and writing the report (branch against the line, or the line alone).
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.control.match import Match, Setup
from game.control.savefiles import new_save_path, safe_name
from game.teach.timeline import Timeline


class EducatorLine:
    """One historical line in a classroom: its save, the last branch made from it, reports."""

    def __init__(self, tl: Timeline, saves_dir: Callable[[], Path]) -> None:
        self.tl = tl
        self.game = tl.game
        self._saves_dir = saves_dir  # asked when needed: the window's folder is known only once it opens
        self.history_save: Path | None = None
        self.branch_save: Path | None = None
        self.last_branch: Any = None  # the Session of the last branch made here

    @property
    def saves_dir(self) -> Path:
        """Where the line, its branches and (beside it) reports are written."""
        return self._saves_dir()

    def reports_dir(self) -> Path:
        """The reports folder, next to the saves."""
        return self.saves_dir.parent / "reports"

    def save_history(self) -> Path:
        """Save the historical line once, so branches and reports can name it."""
        if self.history_save is None or not self.history_save.exists():
            folder = self.saves_dir
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{safe_name(self.game.scenario.id)}-historical-seed{self.tl.session.seed}.json"
            self.tl.session.save(path)
            self.history_save = path
        return self.history_save

    def make_branch(self, pos: int, choice: dict[str, str]) -> tuple[Match, Path]:
        """A what-if from position ``pos`` (the line's first ``pos`` actions) as a Match, saved beside
        the historical line with ``meta.branch_of.save`` naming it. ``choice``: side -> "human" or a
        policy name."""
        hist = self.save_history()
        session = self.tl.branch(pos)
        session.meta["branch_of"]["save"] = hist.name
        sides = self.game.sides
        humans = tuple(s for s in sides if choice.get(s) == "human")
        policies = tuple((s, choice.get(s, "historical")) for s in sides if s not in humans)
        setup = Setup(scenario=self.tl.session.scenario_ref, seed=self.tl.session.seed, humans=humans,
                      policies=policies)
        match = Match.from_session(session, setup)
        path = new_save_path(self.saves_dir, f"{self.game.scenario.id}-branch", session.state.turn)
        match.save(path)
        self.branch_save, self.last_branch = path, session
        return match, path

    def odds_starter(self, pos: int, side: str,
                     make_executor: Callable[[], cf.Executor] | None) -> Callable[[str, str, int], Any]:
        """A function (policy a, policy b, runs) -> a started odds run from position ``pos``."""
        sess = self.tl.session
        prefix = list(sess.actions[:pos])

        def start(a: str, b: str, runs: int) -> Any:
            from game.teach.odds import OddsRun

            run = OddsRun(sess.scenario_ref, sess.seed, prefix, side, (a, b), runs, seed=pos,
                          executor=make_executor() if make_executor else None)
            return run.start()

        return start

    def report_job(self, which: str) -> Callable[[], str]:
        """The job writing the report ("branch": the last branch beside the line; else the line)."""
        from game.report.builder import Other, write_report
        from game.session import load

        hist = self.save_history()
        out_root = self.reports_dir()
        branch = self.branch_save
        line = self.tl.session

        def job() -> str:
            if which == "branch" and branch is not None:
                session = load(branch)  # the latest save of the branch, as played so far
                other = Other(load(hist), "Historical line", hist.name)
                path = write_report(session, out_root / branch.stem, save_file=branch.name, other=other)
            else:
                path = write_report(line, out_root / hist.stem, save_file=hist.name)
            return f"Report written to {path}. Open it in any web browser; it needs no network."

        return job
