"""``abu-kamal lesson``: prepare a lesson file without a window (a teacher at home, or a test), and
show what one holds.

``lesson new`` plays the historical line with the scenario's historical policies (as ``demo``
does), branches it at the start of a turn with other players for some sides, plays each branch to
its end, optionally runs the odds from a turn, and writes it all to one lesson file. Any bad
input ends with one line on stderr: exit status 2 for a bad option, 1 for a file that cannot be
read or written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from game.engine.game import Game
from game.lesson import HISTORY, HUMAN, Lesson, LessonError, check_controllers, load_lesson
from game.narrate.names import Names
from game.narrate.players import profile_title
from game.scenario.errors import ScenarioError
from game.scenario.validate import load_scenario
from game.session import Session


def _fail(message: str, status: int = 1) -> NoReturn:
    click.echo(f"abu-kamal lesson: {message.strip().splitlines()[0] if message.strip() else 'failed'}", err=True)
    sys.exit(status)


def parse_branch(text: str) -> tuple[int, dict[str, str]]:
    """``TURN:SIDE=PROFILE[,SIDE=PROFILE...]`` -> (turn, {side: profile}); the names are checked later."""
    turn_text, sep, pairs = text.partition(":")
    if not sep or not turn_text.strip().isdigit():
        raise LessonError(f"--branch '{text}' is not TURN:SIDE=PROFILE[,SIDE=PROFILE...], e.g. 9:government=vigilant")
    chosen: dict[str, str] = {}
    for pair in pairs.split(","):
        side, eq, name = (w.strip() for w in pair.partition("="))
        if not eq or not side or not name:
            raise LessonError(f"--branch '{text}': '{pair}' is not SIDE=PROFILE (a policy name or '{HUMAN}')")
        if side in chosen:
            raise LessonError(f"--branch '{text}' names {side} twice")
        chosen[side] = name
    return int(turn_text), chosen


def parse_note(text: str, option: str) -> tuple[int, str]:
    turn_text, sep, words = text.partition(":")
    if not sep or not turn_text.strip().isdigit() or not words.strip():
        raise LessonError(f"{option} '{text}' is not TURN:TEXT, e.g. 9:What did the garrison know?")
    return int(turn_text), words.strip()


def _outcome(session: Session) -> str:
    names = Names(session.scenario, None)
    if not session.state.over:
        side = session.game.current_side(session.state)
        return f"waiting at turn {session.state.turn} for {names.side(side)} (played in class)"
    winner = (session.state.outcome or {}).get("winner")
    if not winner:
        return f"ends at turn {session.state.turn}: no single winner"
    verb = "win" if names.side_plural(winner) else "wins"
    return f"ends at turn {session.state.turn}: {names.side(winner)} {verb}"


@click.group()
def lesson() -> None:
    """Lesson files: the historical line, what-if branches, odds, notes and questions for a class."""


@lesson.command("new")
@click.argument("scenario", required=False, default="abu_kamal_2017")
@click.option("--branch", "branches", multiple=True, metavar="TURN:SIDE=PROFILE[,SIDE=PROFILE...]",
              help="A what-if from the start of TURN with these players (a policy name or 'human'); repeatable.")
@click.option("--odds", "odds_turn", type=int, default=None, metavar="TURN",
              help="Run the odds from the start of TURN: the first branch's player against the historical one.")
@click.option("--runs", type=click.IntRange(1, 2000), default=20, show_default=True, help="Games per player for --odds.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=1, show_default=True, help="Random seed of the game.")
@click.option("--title", default="", help="The lesson's title.")
@click.option("--note", "notes", multiple=True, metavar="TURN:TEXT", help="A teacher's note at the start of TURN.")
@click.option("--ask", "asks", multiple=True, metavar="TURN:TEXT",
              help="A 'pause and ask' question for the class at the start of TURN.")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="The lesson file to write.")
def new(scenario: str, branches: tuple[str, ...], odds_turn: int | None, runs: int, seed: int, title: str,
        notes: tuple[str, ...], asks: tuple[str, ...], out: Path) -> None:
    """Prepare a lesson: play the historical line, branch it, run the odds, and write the lesson file."""
    try:
        specs = [parse_branch(b) for b in branches]
        marks = [(*parse_note(n, "--note"), False) for n in notes] + [(*parse_note(a, "--ask"), True) for a in asks]
    except LessonError as e:
        _fail(str(e), 2)
    if out.is_dir():
        _fail(f"{out}: is a folder; give --out the lesson file to write", 2)
    try:
        game = Game(load_scenario(scenario))
    except ScenarioError as e:
        _fail(e.report() if hasattr(e, "report") else str(e))
    try:  # everything checkable is checked before the minutes of play
        turns = game.scenario.calendar.turns
        for turn in [t for t, _ in specs] + [t for t, _, _ in marks] + ([odds_turn] if odds_turn is not None else []):
            if not 1 <= turn <= turns:
                raise LessonError(f"turn {turn} is not in this scenario; its turns run from 1 to {turns}")
        for _, chosen in specs:
            check_controllers(chosen, game, humans=True)
    except LessonError as e:
        _fail(str(e), 2)
    lesson_ = Lesson.play(scenario, seed, title=title)
    history = lesson_.history
    sc = history.scenario
    click.echo(f"History: {len(history.actions)} actions, {_outcome(history)}.")
    try:
        for turn, chosen in specs:
            changed = [s for s, p in chosen.items() if p != "historical"]  # named in words, no ids
            name = (f"Turn {turn}: " + (", ".join(f"{sc.sides[s].name} {profile_title(sc, s, chosen[s])}"
                                                  for s in changed) or "the same decisions, other dice"))[:80]
            b = lesson_.branch(name, lesson_.turn_start(turn), chosen)
            click.echo(f"Branch '{name}': from action {b.at}, {len(b.own_actions)} actions of its own, "
                       f"{_outcome(b.session)}.")
        for turn, text, ask in marks:
            lesson_.note(HISTORY, lesson_.turn_start(turn), text, ask)
        if odds_turn is not None:
            _odds(lesson_, odds_turn, specs[0][1] if specs else {}, runs, seed)
    except LessonError as e:
        _fail(str(e), 2)
    try:
        lesson_.save(out)
    except OSError as e:
        _fail(f"{out}: cannot write the lesson there ({e.strerror or e})")
    except LessonError as e:  # over a lesson file's limits (a note too long...): the reader would refuse it
        _fail(str(e), 2)
    click.echo(f"Wrote {out}")


def _odds(lesson_: Lesson, turn: int, chosen: dict[str, str], runs: int, seed: int) -> None:
    """The odds from the start of ``turn`` on the historical line: the first side the branch changes,
    under its historical player and the branch's (only the historical one without a branch)."""
    from game.teach.odds import OddsRun

    at = lesson_.turn_start(turn)
    computer = {s: p for s, p in chosen.items() if p != HUMAN}
    side = next(iter(computer), lesson_.game.sides[0])
    policies = tuple(dict.fromkeys([lesson_.policies[side], computer.get(side, lesson_.policies[side])]))
    h = lesson_.history
    run = OddsRun(h.scenario_ref, h.seed, h.actions[:at], side, policies, runs, seed=seed)
    click.echo(f"Odds from turn {turn}: {Names(h.scenario, None).side(side)} as {' vs '.join(policies)}, "
               f"{runs} games each...")
    run.start()
    partial = False
    try:
        summary = run.wait()
    except KeyboardInterrupt:  # Ctrl+C: keep the games that finished, labelled as a partial result
        run.cancel()
        summary, partial = run.summary(), True
        click.echo(f"Odds cancelled: keeping the {run.poll()} finished game(s) as a partial result.", err=True)
    finally:
        run.close()
    names = Names(h.scenario, None)
    if not summary["policies"]:
        click.echo("No odds game had finished; the lesson is written without odds.", err=True)
        return
    name = f"from turn {turn}: {names.side(side)} as " + " vs ".join(policies)
    lesson_.add_odds(name, HISTORY, at, summary, partial)
    for pol, body in summary["policies"].items():
        wins = ", ".join(f"{names.side(w) if w != 'none' else 'no single winner'} {n}"
                         for w, n in sorted(body["outcomes"].items(), key=lambda kv: -kv[1]))
        click.echo(f"  {pol}: {body['runs']} games; {wins}")


@lesson.command("show")
@click.argument("file", type=click.Path(path_type=Path))
def show(file: Path) -> None:
    """Say what a lesson file holds (its lines, odds runs, decision windows, notes and questions)."""
    try:
        lesson_ = load_lesson(file)
    except LessonError as e:
        _fail(str(e))
    h = lesson_.history
    click.echo(f"{lesson_.title or h.scenario.title} (scenario {h.scenario.id}, seed {h.seed})")
    click.echo(f"  history: {len(h.actions)} actions, {_outcome(h)}")
    for b in lesson_.branches:
        who = ", ".join(f"{s}={p}" for s, p in b.controllers.items())
        click.echo(f"  branch '{b.name}': from action {b.at} (turn {b.turn}), {who}; "
                   f"{_outcome(b.session)}")
    for r in lesson_.odds:
        click.echo(f"  odds '{r.name}' on {r.line} at action {r.at}{' (partial)' if r.partial else ''}")
    for r in lesson_.windows:
        click.echo(f"  decision window '{r.name}' on {r.line} at action {r.at}")
    for n in lesson_.notes:
        click.echo(f"  {'ask' if n.ask else 'note'} on {n.line} at action {n.at}: {n.text}")
