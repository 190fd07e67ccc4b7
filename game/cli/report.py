"""``abu-kamal report SAVE --out DIR``: the after-action report of a saved game, as one offline HTML page.

Bad input (a damaged, altered or foreign save, an unreadable odds file) ends with one plain line
on stderr and exit status 1: a teacher handed a wrong file should learn what is wrong, not read
a traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from game.report.builder import FOLLOW_TURNS, MAP_CHOICES, Other, write_report
from game.report.compare import branch_base
from game.report.odds import OddsError, read_odds
from game.session import SaveError, load


def _fail(message: str) -> None:
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
    """Write an after-action report (one HTML page with maps and charts) for the saved game SAVE."""
    started = time.perf_counter()
    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"{out_dir}: exists and is not a folder; give --out a folder to write the report into")
    try:
        session = load(save)
    except SaveError as e:
        _fail(str(e))
    odds = None
    if odds_file is not None:
        try:
            odds = read_odds(odds_file)
        except OddsError as e:
            _fail(str(e))
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
    try:
        path = write_report(session, out_dir, save_file=save.name, other=other, odds=odds,
                            follow_turns=follow, comparison_note=note, maps=maps)
    except OSError as e:
        _fail(f"{out_dir}: cannot write the report there ({e.strerror or e})")
    size = path.stat().st_size / 1e6
    click.echo(f"wrote {path} ({size:.1f} MB, {time.perf_counter() - started:.1f} s)")
