"""The ``abu-kamal`` command line. Each command lives in its own module and is imported lazily,
so ``abu-kamal --help`` and headless commands never import pygame."""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from game import __version__

# command name -> (module, attribute, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "play": ("game.cli.play", "play", "Start a game in the desktop window."),
    "demo": ("game.cli.demo", "demo", "Play the battle with the computer on every side, as a readable account."),
    "replay": ("game.cli.demo", "replay", "Replay a saved game and check it reaches the same position."),
    "simulate": ("game.cli.simulate", "simulate", "Run many games and summarise the outcomes (Monte Carlo)."),
    "decisions": ("game.cli.decisions", "decisions", "The decision window: switch a side's decisions at each turn and play on."),
    "teach": ("game.cli.teach", "teach", "Educator mode: step through the battle, branch into what-ifs."),
    "lesson": ("game.cli.lesson", "lesson", "Prepare a lesson file (history, what-if branches, odds, notes)."),
    "report": ("game.cli.report", "report", "Write an after-action report (HTML) for a saved game or a lesson."),
    "validate": ("game.cli.scenario", "validate", "Check scenario files and report every problem."),
    "schema": ("game.cli.scenario", "schema", "Print the scenario format's JSON Schema."),
    "scenarios": ("game.cli.scenario", "scenarios", "List the bundled scenarios."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    def _available(self, name: str) -> bool:
        return importlib.util.find_spec(COMMANDS[name][0]) is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not self._available(name):
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="abu-kamal")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Abu Kamal: a turn-based wargame of the November 2017 battle for Abu Kamal.

    Without a command, the desktop game starts.
    """
    if ctx.invoked_subcommand is None:
        play = cli.get_command(ctx, "play")
        if play is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(play)


def main() -> None:
    try:
        cli(prog_name="abu-kamal")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
