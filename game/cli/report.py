"""``abu-kamal report FILE --out DIR``: the after-action report of a saved game or a lesson, as offline HTML.

Bad input (a damaged, altered or foreign save, an unreadable odds file) ends with one plain line
on stderr and exit status 1: a teacher handed a wrong file should learn what is wrong, not read
a traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from game.jsondoc import DocumentError, Kind, parse_json, read_regular, shown
from game.lesson import Lesson, open_game_file
from game.report.builder import FOLLOW_TURNS, MAP_CHOICES, Other, write_report
from game.report.compare import branch_base
from game.report.lesson_reports import write_lesson_reports
from game.session import SaveError, Session, load
from game.sim.odds import Odds, OddsError, parse_odds


def _fail(message: str) -> NoReturn:
    line = message.strip().splitlines()[0] if message.strip() else "failed"
    click.echo(f"abu-kamal report: {line}", err=True)
    sys.exit(1)


@click.command()
@click.argument("save", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write report.html into; created if missing.")
@click.option("--compare", "compare_with", type=click.Path(path_type=Path), default=None,
              help="Another save of the same scenario to set beside this one (for example the historical line). "
                   "A branch save names the game it came from itself.")
@click.option("--odds", "odds_file", type=click.Path(path_type=Path), default=None,
              help="A Monte Carlo summary (JSON, see docs/report.md) for the luck-versus-decision chart.")
@click.option("--follow", type=click.IntRange(1, 20), default=FOLLOW_TURNS, show_default=True,
              help="How many turns after each decision the report looks at for what followed.")
@click.option("--maps", "maps", type=click.Choice(MAP_CHOICES), default="every", show_default=True,
              help="A map for every turn, only around the beats (a shorter printout), or none.")
def report(save: Path, out_dir: Path, compare_with: Path | None, odds_file: Path | None, follow: int,
           maps: str) -> None:
    """Write an after-action report (one HTML page with maps and charts) for SAVE, a saved game or a lesson.

    For a lesson file, each branch gets a report compared with the historical line (the first
    branch's is report.html), with the lesson's odds run; lesson.html lists its lines, odds runs,
    notes and questions.
    """
    started = time.perf_counter()
    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"{out_dir}: exists and is not a folder; give --out a folder to write the report into")
    try:
        opened = open_game_file(save)
    except DocumentError as e:
        _fail(str(e))
    odds = None
    if odds_file is not None:
        odds = _read_odds(odds_file)
    if isinstance(opened, Lesson):
        if compare_with is not None:
            _fail("--compare is for saved games: a lesson file holds the lines it compares")
        paths = _lesson_reports(opened, save, out_dir, odds, follow, maps)
    else:
        paths = [_save_report(opened, save, out_dir, compare_with, odds, follow, maps)]
    for path in paths:
        size = path.stat().st_size / 1e6
        click.echo(f"wrote {path} ({size:.1f} MB)")
    click.echo(f"done in {time.perf_counter() - started:.1f} s")


ODDS_FILE = Kind(format="", version=0, noun="JSON Monte Carlo summary", max_bytes=16_000_000, schema={},
                 error=OddsError)


def _read_odds(path: Path) -> Odds:
    """A Monte Carlo summary read with the same care as a save (a regular file, bounded numbers and depth)."""
    try:
        doc = parse_json(read_regular(path, ODDS_FILE), path, ODDS_FILE)
        return parse_odds(doc, shown(path))
    except (OddsError, DocumentError) as e:
        _fail(str(e))


def _write(session: Session, out_dir: Path, **kwargs: Any) -> Path:
    try:
        return write_report(session, out_dir, **kwargs)
    except OSError as e:
        _fail(f"{out_dir}: cannot write the report there ({e.strerror or e})")


def _save_report(session: Session, save: Path, out_dir: Path, compare_with: Path | None, odds: Odds | None,
                 follow: int, maps: str) -> Path:
    other = None
    note = ""
    if compare_with is not None:
        try:
            other = Other(load(compare_with), "Compared game", compare_with.name)
        except SaveError as e:
            _fail(f"--compare: {e}")
        base = branch_base(save, session.meta)
        if base is not None and base.resolve() == compare_with.resolve():
            other.label = "Historical line"
    else:
        base = branch_base(save, session.meta)
        if base is not None:
            try:
                other = Other(load(base), "Historical line", base.name)
            except SaveError as e:
                # the report is still useful without the comparison; say plainly why it is missing
                note = f"The game this branch came from could not be read, so there is no comparison: {e}"
                click.echo(f"abu-kamal report: note: {note.splitlines()[0]}", err=True)
    return _write(session, out_dir, save_file=save.name, other=other, odds=odds, follow_turns=follow,
                  comparison_note=note, maps=maps)


def _lesson_reports(lesson: Lesson, file: Path, out_dir: Path, odds: Odds | None, follow: int,
                    maps: str) -> list[Path]:
    """One report per branch against the historical line (or the history alone), the handout and the
    lesson page (``game.report.lesson_reports``, shared with the educator window)."""
    try:
        return write_lesson_reports(lesson, file.name, out_dir, odds, follow, maps)
    except OddsError as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"{out_dir}: cannot write the lesson's pages there ({e.strerror or e})")
