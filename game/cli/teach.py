"""``teach``: educator mode. In a window when there is a display; ``--cards`` prints the beat cards."""

from __future__ import annotations

import os
import sys
import textwrap

import click

from game.scenario.errors import ScenarioError


def print_cards(scenario: str, seed: int, width: int = 96, detail: bool = False) -> None:
    from game.teach.cards import beat_card
    from game.teach.timeline import Timeline

    tl = Timeline.play(scenario, seed)
    sc = tl.game.scenario
    click.echo(f"{sc.title} (seed {seed}): {len(tl.beats)} beats, {tl.end} actions\n")
    for beat in tl.beats:
        card = beat_card(tl, beat)
        click.echo(f"== {card.title}: {card.when} ==")
        for para in card.what:
            click.echo(textwrap.fill(para, width, initial_indent="  ", subsequent_indent="  "))
        for line in card.why:
            click.echo(textwrap.fill(line, width, initial_indent="  Why: ", subsequent_indent="       "))
        for line in card.detail if detail else ():
            click.echo(textwrap.fill(line, width, initial_indent="  Detail: ", subsequent_indent="          "))
        for side, knew in card.knew.items():
            click.echo(textwrap.fill(f"{side} {knew}", width, initial_indent="  Knew: ", subsequent_indent="        "))
        for marker, title in card.sources:
            click.echo(f"  [{marker}] {title}")
        click.echo("")


@click.command()
@click.argument("scenario", default="abu_kamal_2017", metavar="[SCENARIO|LESSON_FILE]")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=1, show_default=True)
@click.option("--cards", is_flag=True, help="Print the beat cards in the terminal instead of opening the window.")
@click.option("--detail", is_flag=True, help="With --cards: also print each beat's technical detail (trigger, event).")
def teach(scenario: str, seed: int, cards: bool, detail: bool) -> None:
    """Educator mode: step through the historical sequence, see why each beat happened, branch into what-ifs.

    Given a lesson file (``abu-kamal lesson new ... --out FILE``), the window opens its lines, and the
    branches, odds and decision windows made in class are saved into it."""
    lines = None
    if scenario.endswith(".json") or (os.path.isfile(scenario) and not scenario.endswith((".yaml", ".yml"))):
        from game.jsondoc import DocumentError
        from game.teach.lines import Lines

        try:
            lines = Lines.open(scenario)
        except DocumentError as e:
            click.echo(f"abu-kamal teach: {str(e).splitlines()[0]}", err=True)
            sys.exit(1)
    try:
        if cards:
            if lines is not None:
                scenario, seed = lines.history.session.scenario_ref, lines.history.session.seed
            print_cards(scenario, seed, detail=detail)
            return
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
                and os.environ.get("SDL_VIDEODRIVER") not in ("dummy", "offscreen") and sys.platform.startswith("linux"):
            click.echo("No display found: the educator window needs one. Try 'abu-kamal teach --cards' "
                       "or 'abu-kamal demo --headless'.", err=True)
            sys.exit(1)
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        from game.ui.teach import run_teach

        run_teach(scenario, seed, lines=lines)
    except ScenarioError as e:
        click.echo(e.report(), err=True)
        sys.exit(1)
