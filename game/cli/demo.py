"""``demo`` plays a scenario with every side on the computer; ``replay`` re-runs a save and checks its hash."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from game.cli.account import Account
from game.engine.events import Event
from game.scenario.errors import ScenarioError


def _emit(events: list[Event], as_json: bool, account: Account) -> None:
    if as_json:
        for ev in events:
            click.echo(json.dumps(ev.to_json(), ensure_ascii=False, separators=(",", ":")))
    else:
        for line in account.lines(events):
            click.echo(line)


def parse_policies(values: tuple[str, ...], sides: tuple[str, ...], default: str) -> dict[str, str]:
    """``SIDE=NAME`` pairs, checked against the scenario's sides and the known policies."""
    from game.ai.registry import policy_names

    chosen = {s: default for s in sides}
    known = policy_names()
    for v in values:
        side, sep, name = v.partition("=")
        if not sep:
            raise click.BadParameter(f"'{v}' is not SIDE=POLICY (e.g. government=vigilant)", param_hint="--policy")
        if side not in sides:
            raise click.BadParameter(f"unknown side '{side}'; sides are: {', '.join(sides)}", param_hint="--policy")
        if name not in known:
            raise click.BadParameter(f"unknown policy '{name}'; policies are: {', '.join(known)}", param_hint="--policy")
        chosen[side] = name
    return chosen


def _progress(total: int):  # a progress bar on stderr only when a person is watching it
    if not sys.stderr.isatty():
        return nullcontext(None)
    from rich.progress import Progress

    return Progress(transient=True, console=__import__("rich.console").console.Console(stderr=True))


@click.command()
@click.option("--headless", is_flag=True, help="Run without a window (the demo always runs in the terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON event per line.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=1, show_default=True, help="Random seed of the game.")
@click.option("--scenario", default="abu_kamal_2017", show_default=True, help="Bundled scenario name or file.")
@click.option("--policy", "policies", multiple=True, metavar="SIDE=NAME",
              help="Policy for a side: a decision profile (historical, vigilant, ...) or ai/random "
                   "(default: historical for every side).")
@click.option("--level", type=click.IntRange(0, 2), default=0, show_default=True,
              help="The AI's tactics level for every decision profile (0 fast, 2 strongest).")
@click.option("--save", "save_to", type=click.Path(dir_okay=False), help="Save the finished game to FILE.")
def demo(headless: bool, as_json: bool, seed: int, scenario: str, policies: tuple[str, ...], level: int,
         save_to: str | None) -> None:
    """Play the scenario with the computer on every side (each side's decision profile played with the
    AI's tactics), and print what happens."""
    from game.lesson import play_out
    from game.session import Session

    try:
        session = Session.new(scenario, seed, meta={"mode": "demo"})
    except ScenarioError as e:
        click.echo(e.report(), err=True)
        sys.exit(1)
    game = session.game
    chosen = parse_policies(policies, game.sides, "historical")
    session.meta["policies"] = chosen
    session.meta["level"] = level
    account = Account(game)
    _emit(session.events, as_json, account)
    shown = len(session.events)
    turns = game.scenario.calendar.turns
    with _progress(turns) as bar:
        task = bar.add_task("playing", total=turns) if bar else None

        def after_side_turn(s: Session) -> None:
            nonlocal shown
            _emit(s.events[shown:], as_json, account)
            shown = len(s.events)
            if bar is not None:
                bar.update(task, completed=s.state.turn)

        play_out(session, chosen, after_side_turn, level)
    if save_to:
        try:
            session.save(save_to)
        except OSError as e:
            click.echo(f"could not save to {save_to}: {e.strerror or e}", err=True)
            sys.exit(1)
        if not as_json:
            click.echo(f"\nSaved to {save_to}")


@click.command()
@click.argument("file", type=click.Path())
@click.option("--headless", is_flag=True, help="Run without a window (replay always runs in the terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON event per line.")
def replay(file: str, headless: bool, as_json: bool) -> None:
    """Replay a saved game from its seed and moves, and check it reaches the saved position."""
    from game.session import SaveError, load

    try:
        session = load(Path(file))
    except SaveError as e:
        click.echo(f"abu-kamal replay: {e}", err=True)
        sys.exit(1)
    _emit(session.events, as_json, Account(session.game))
    if not as_json:
        click.echo(f"\nReplayed {len(session.actions)} actions; the position matches the save "
                   f"(state hash {session.state.hash()[:16]}...).")
