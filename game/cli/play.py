"""``abu-kamal play``: the desktop game. Without arguments it opens the main menu; with a scenario
or a side it starts straight into a game. Without a display it says so and points to the
terminal demo instead of failing with a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep the terminal output to what we say

NO_DISPLAY = ("No display found: the desktop game needs a graphical session. "
              "To watch the battle in a terminal instead, run: abu-kamal demo --headless")


def display_available() -> bool:
    """Whether SDL can open a window here (an explicit SDL_VIDEODRIVER, e.g. dummy, is respected)."""
    if not os.environ.get("SDL_VIDEODRIVER") and sys.platform.startswith("linux") \
            and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    import pygame

    try:
        pygame.display.init()
    except pygame.error:
        return False
    return True


def _parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise click.BadParameter(f"'{text}' is not WIDTHxHEIGHT, e.g. 1280x720") from None
    return w, h


@click.command()
@click.argument("scenario", required=False)
@click.option("--side", "sides", multiple=True, metavar="SIDE",
              help="A side played at this computer (repeat for several; default: the first side).")
@click.option("--hotseat", is_flag=True, help="Every side is played at this computer, passing it between turns.")
@click.option("--seed", type=int, default=None, help="Random seed of the game (default 1).")
@click.option("--policy", "policies", multiple=True, metavar="SIDE=NAME",
              help="The computer player for a side, e.g. isis=random.")
@click.option("--level", type=click.IntRange(0, 2), default=1, show_default=True,
              help="The computer's tactics level: 0 easy, 1 normal, 2 hard.")
@click.option("--load", "load_path", type=click.Path(), default=None, help="Open a saved game.")
@click.option("--size", default=None, metavar="WxH", help="Window size, e.g. 1280x720.")
@click.option("--frames", type=int, default=0, hidden=True, help="Stop after this many frames (tests).")
def play(scenario: str | None, sides: tuple[str, ...], hotseat: bool, seed: int | None,
         policies: tuple[str, ...], level: int, load_path: str | None, size: str | None, frames: int) -> None:
    """Play Abu Kamal in a window: `abu-kamal play` alone opens the main menu."""
    window = _parse_size(size)
    if not display_available():
        click.echo(NO_DISPLAY, err=True)
        sys.exit(2)
    direct = bool(scenario or sides or hotseat or policies or seed is not None or load_path)
    match = None
    if direct:
        match = _prepare(scenario, sides, hotseat, seed, policies, level, load_path)
    from game.ui.app import App
    from game.ui.settings import load_settings

    settings = load_settings()
    if match is not None:
        from game.ui.flow import loaded_note
        from game.ui.game_screen import GameScreen
        from game.ui.menu import MainMenu

        screens = [MainMenu(), GameScreen(match, note=loaded_note(match.session) if load_path else "")]
    else:
        from game.ui.menu import MainMenu

        screens = [MainMenu()]
    try:
        app = App(screens, settings, size=window)
    except Exception as e:  # pygame.error opening the window on a broken display
        click.echo(f"{NO_DISPLAY} ({e})", err=True)
        sys.exit(2)
    app.run(frame_limit=frames)


def _prepare(scenario: str | None, sides: tuple[str, ...], hotseat: bool, seed: int | None,
             policies: tuple[str, ...], level: int, load_path: str | None):  # -> Match
    """Check the command line and set up the game before any window opens (errors as plain text)."""
    from game.ai.registry import policy_names
    from game.control.match import Match, Setup
    from game.scenario.errors import ScenarioError

    if load_path:
        from game.ui.loadgame import open_save

        session = open_save(Path(load_path))
        if isinstance(session, str):
            click.echo(f"abu-kamal play: {session}", err=True)
            sys.exit(1)
        return Match.from_session(session)
    from game.scenario.validate import load_scenario

    ref = scenario or "abu_kamal_2017"
    try:
        sc = load_scenario(ref)
    except ScenarioError as e:
        raise click.ClickException(e.report() if hasattr(e, "report") else str(e)) from None
    order = sc.turn_order
    for s in sides:
        if s not in order:
            raise click.BadParameter(f"unknown side '{s}'; sides are: {', '.join(order)}", param_hint="--side")
    humans = tuple(s for s in order if s in sides) if sides else (order if hotseat else (order[0],))
    if hotseat and len(humans) < 2:
        humans = order
    names = policy_names()
    chosen: dict[str, str] = {}
    for item in policies:
        side, _, name = item.partition("=")
        if side not in order or not name:
            raise click.BadParameter(f"'{item}' is not SIDE=NAME with a side of {', '.join(order)}",
                                     param_hint="--policy")
        if name not in names:
            raise click.BadParameter(f"unknown policy '{name}'; policies are: {', '.join(names)}",
                                     param_hint="--policy")
        chosen[side] = name
    from game.control.match import default_policy

    fallback = default_policy(names)
    pol = tuple((s, chosen.get(s, fallback)) for s in order if s not in humans)
    setup = Setup(scenario=ref, seed=1 if seed is None else seed, humans=humans, policies=pol, level=level)
    try:
        return Match.new(setup)
    except ScenarioError as e:
        raise click.ClickException(str(e)) from None
