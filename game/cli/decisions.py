"""``decisions``: the decision window. Until when could switching one side's decision profile have
changed the outcome? For each turn from the start to the ambush on the historical line, the side
switches profile at that turn and N games are played on under each profile.

Exit status: 0 on success, 1 for a scenario that cannot be loaded, 2 for bad options (an unknown
side or profile, a profile the side does not have, a scenario without decisions for the side,
--runs below 1): one line each, no traceback.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from game.scenario.errors import ScenarioError


@click.command()
@click.option("--scenario", default="abu_kamal_2017", show_default=True, help="Bundled scenario name or file.")
@click.option("--side", default="government", show_default=True, help="The side whose decisions switch.")
@click.option("--from", "frm", default="historical", show_default=True, help="The profile it plays until the switch.")
@click.option("--to", default="vigilant", show_default=True, help="The profile it switches to.")
@click.option("--runs", type=int, default=20, show_default=True, help="Games per turn and profile.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True, help="Seed of the historical line and the runs.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: the CPUs available].")
@click.option("--level", type=click.IntRange(0, 2), default=0, show_default=True, help="The AI's tactics level for every side.")
@click.option("--json", "as_json", is_flag=True, help="Print the window as one JSON object.")
def decisions(scenario: str, side: str, frm: str, to: str, runs: int, seed: int, jobs: int | None, level: int,
              as_json: bool) -> None:
    """The decision window: switch a side's decisions at each turn up to the ambush and play on."""
    from game.ai.decide import ProfileError, profile_of
    from game.cli.simulate import _default_jobs, _progress
    from game.scenario.validate import load_scenario
    from game.sim.window import decision_window

    if runs < 1:
        _fail("--runs must be at least 1")
    try:
        sc = load_scenario(scenario)
    except ScenarioError as e:
        click.echo(e.report(), err=True)
        sys.exit(1)
    try:
        for name in dict.fromkeys((frm, to)):
            profile_of(sc, side, name)
    except ProfileError as e:
        _fail(str(e))
    if frm == to:
        _fail(f"--from and --to are both '{frm}': choose two different profiles")
    with _progress(1) as update:
        doc = decision_window(sc, side, frm, to, runs, seed, jobs=jobs or _default_jobs(), level=level,
                              progress=(lambda d, t: update(d, t)) if update else None)
    doc["scenario"] = sc.id
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False))
    else:
        _table(doc, {"none": "no winner", **{sid: side.name for sid, side in sc.sides.items()}})


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _table(doc: dict[str, Any], names: dict[str, str]) -> None:
    """The window as a table a class can read: a column per beat and profile (the profile under the
    beat's name, so a narrow terminal keeps them apart), and who won, by the first word of each
    side's name."""
    from rich.console import Console
    from rich.table import Table

    frm, to = doc["from"], doc["to"]
    beats = [b for b in dict.fromkeys((doc.get("beat"), doc.get("strike_phase"))) if b]
    t = Table(title=f"{doc['side']}: {frm} -> {to} at each turn ({doc['runs']} runs each, seed {doc['seed']}, "
                    f"level {doc['level']})")
    cols = ["turn", "date", *[f"{b}\n{p}" for b in beats for p in (frm, to)], f"won by\n{frm}", f"won by\n{to}"]
    for col in cols:
        t.add_column(col, justify="left" if col == "date" or col.startswith("won by") else "right")
    for row in doc["window"]:
        a, b = row[frm], row[to]
        cells = [_pct(s, beat) for beat in beats for s in (a, b)]
        t.add_row(str(row["turn"]), _short(row["date"]), *cells, _winners(a, names), _winners(b, names))
    con = Console() if sys.stdout.isatty() else Console(width=120)  # a file or a pipe does not wrap: no need to squeeze
    con.print(t)
    con.print(doc["conclusion"])


def _short(date: str) -> str:
    import datetime as dt

    d = dt.datetime.strptime(date, "%Y-%m-%d %H:%M")
    return f"{d.day} {d.strftime('%b')} {d.strftime('%H:%M')}"


def _pct(stats: dict[str, Any], key: str) -> str:
    return f"{stats[key]:.0%}" if key in stats else "-"


def _winners(stats: dict[str, Any], names: dict[str, str]) -> str:
    return ", ".join(f"{names.get(s, s) if s == 'none' else names.get(s, s).split()[0]} {n}"
                     for s, n in sorted(stats["winners"].items(), key=lambda kv: -kv[1]))
