"""Everything a lesson holds, written as pages: one report per branch set against the historical line
(or the line alone), with the lesson's last odds run and its decision windows, the student handout,
and the lesson's own page. ``abu-kamal report LESSON`` and the educator window's export share it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.lesson import HISTORY, Lesson
from game.report.builder import FOLLOW_TURNS, Other, write_report
from game.report.handout import write_handout
from game.report.lesson_page import write_lesson_page
from game.sim.odds import Odds, parse_odds


def write_lesson_reports(lesson: Lesson, file_name: str, out_dir: Path, odds: Odds | None = None,
                         follow: int = FOLLOW_TURNS, maps: str = "every") -> list[Path]:
    """Write the pages into ``out_dir``; the first is the one to open. Raises OSError (cannot write)
    or OddsError (an odds run the report cannot read)."""
    kept: dict[str, Any] = {"windows": [w.result for w in lesson.windows]}
    if odds is None and lesson.odds:
        last = lesson.odds[-1]
        odds = parse_odds(last.result, f"{file_name}: odds run '{last.name}'")
        kept["odds_partial"] = last.partial
        kept["odds_line"] = lesson.line(last.line)  # where the runs started: its beats by then are past
    written: list[Path] = []
    reports: dict[str, str] = {}
    if not lesson.branches:
        written.append(write_report(lesson.history, out_dir, save_file=f"{file_name} (historical line)", odds=odds,
                                    follow_turns=follow, maps=maps, **kept))
        reports[HISTORY] = written[-1].name
    history = Other(lesson.history, "Historical line", f"{file_name} (historical line)")
    for i, b in enumerate(lesson.branches):
        b.session.meta["branch_of"]["save"] = f"the historical line in {file_name}"
        name = "report.html" if i == 0 else f"report-branch-{i + 1}.html"
        written.append(write_report(b.session, out_dir, save_file=f"{file_name} (branch “{b.name}”)", other=history,
                                    odds=odds, follow_turns=follow, maps=maps, name=name, **kept))
        reports[b.name] = name
    written.append(write_handout(lesson.branches[0].session if lesson.branches else lesson.history, out_dir))
    written.append(write_lesson_page(lesson, out_dir, file_name, reports))
    return written
