"""``simulate``: many games, one seed each, over worker processes; a summary of what happened.

Exit status: 0 when every game ran, 1 for a scenario that cannot be loaded, 2 for bad options
(click's usage errors), 3 when some games crashed (they are listed with their seeds, and the
summary counts the others).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from game.scenario.errors import ScenarioError

LEVEL_AWARE = ("ai", "historical", "vigilant")  # policies that take --level; the replay hint pins it as e.g. ai0


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def replay_command(scenario: str, seed: int, policies: dict[str, str], level: int) -> str:
    """The ``demo`` command line that replays one run exactly (level-aware policies pinned)."""
    parts = ["abu-kamal demo --headless", f"--seed {seed}"]
    if scenario != "abu_kamal_2017":
        parts.append(f"--scenario {scenario}")
    for side, name in sorted(policies.items()):
        parts.append(f"--policy {side}={name}{level if name in LEVEL_AWARE else ''}")
    return " ".join(parts)


@click.command()
@click.option("--runs", type=click.IntRange(min=1), default=100, show_default=True, help="Number of games.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Study seed; each game's seed is spawned from it.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: the CPUs available].")
@click.option("--policy", "policies", multiple=True, metavar="SIDE=NAME",
              help="Policy for a side (default: historical for every side); repeat for several sides.")
@click.option("--level", type=click.IntRange(0, 2), default=0, show_default=True,
              help="The AI's tactics level for every decision profile and 'ai' (0 is the fast one studies use).")
@click.option("--scenario", default="abu_kamal_2017", show_default=True, help="Bundled scenario name or file.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary object.")
def simulate(runs: int, seed: int, jobs: int | None, policies: tuple[str, ...], level: int, scenario: str,
             as_json: bool) -> None:
    """Run many games and summarise the outcomes, the beats of the battle and the losses (Monte Carlo)."""
    from game.cli.demo import parse_policies
    from game.scenario.validate import load_scenario
    from game.sim.runner import run_many

    try:
        sc = load_scenario(scenario)
    except ScenarioError as e:
        click.echo(e.report(), err=True)
        sys.exit(1)
    chosen = parse_policies(policies, sc.turn_order, "historical")
    jobs = jobs or _default_jobs()
    with _progress(runs) as update:
        summary = run_many(scenario, chosen, runs, seed, progress=update, jobs=jobs, level=level)
    doc = summary.to_dict()
    for f in doc["failed"]:
        f["replay"] = replay_command(scenario, f["seed"], chosen, level)
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False))
    else:
        _table(doc, summary.wall_seconds, jobs)
    for f in doc["failed"]:
        first = (f["error"] or "").splitlines()[0]
        click.echo(f"run {f['index']} (seed {f['seed']}) crashed: {first}\n  replay: {f['replay']}", err=True)
    if doc["failed"]:
        sys.exit(3)


class _progress:
    """A rich progress bar on stderr while a person watches it; nothing when stderr is piped."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress("games", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.__enter__()
        self.task = self.bar.add_task("games", total=self.total)
        return lambda done, total: self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _fmt(s: dict[str, Any], digits: int = 1) -> str:
    if not s.get("n"):
        return "-"
    return f"{s['mean']:.{digits}f} ± {s['sd']:.{digits}f}"


def _table(doc: dict[str, Any], wall: float, jobs: int) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    n = doc["completed"]
    pols = ", ".join(f"{s}={p}" for s, p in doc["policies"].items())
    con.print(f"[bold]{doc['scenario']}[/]: {doc['runs']} games, seed {doc['seed']}, level {doc['level']} "
              f"({pols}); {wall:.1f} s on {jobs} job(s)")
    t = Table(title="Results by side")
    for col in ("side", "wins", "draws", "losses", "points (mean ± sd)", "first place"):
        t.add_column(col, justify="left" if col == "side" else "right")
    for side, r in doc["results"].items():
        t.add_row(side, str(r["win"]), str(r["draw"]), str(r["loss"]), _fmt(doc["points"][side]),
                  str(doc["outcomes"].get(side, 0)))
    if doc["outcomes"].get("none"):
        t.add_row("(tied)", "", "", "", "", str(doc["outcomes"]["none"]))
    con.print(t)
    t = Table(title="Beats of the battle")
    for col in ("beat", "games", "share", "turn (median, range)", "most common date"):
        t.add_column(col, justify="left" if col == "beat" else "right")
    for beat, count in doc["beats"].items():
        timing = doc["beat_timing"][beat]
        turn = timing["turn"]
        when = f"{turn['median']:g} ({turn['min']:g}-{turn['max']:g})" if turn.get("n") else "-"
        dates = timing["dates"]
        common = max(dates.items(), key=lambda kv: (kv[1], kv[0]))[0] if dates else "-"
        t.add_row(beat, str(count), f"{count / n:.0%}" if n else "-", when, common)
    con.print(t)
    t = Table(title="Casualties (strength steps lost)")
    t.add_column("faction")
    t.add_column("mean ± sd", justify="right")
    t.add_column("range", justify="right")
    for f, s in doc["casualties"].items():
        t.add_row(f, _fmt(s), f"{s['min']:g}-{s['max']:g}" if s.get("n") else "-")
    con.print(t)
    if doc.get("casualties_people"):
        t = Table(title="People killed (the scenario's people per step)")
        for col in ("side", "mean", "min", "max"):
            t.add_column(col, justify="left" if col == "side" else "right")
        for side, p in doc["casualties_people"].items():
            t.add_row(side, f"{p['mean']:.0f}", f"{p['min']:g}", f"{p['max']:g}")
        con.print(t)
    t = Table(title="Who holds each objective at the end")
    t.add_column("zone")
    t.add_column("held by (games)")
    t.add_column("mean share", justify="right")
    for z, h in doc["objective_holders"].items():
        held = ", ".join(f"{s} {c}" for s, c in sorted(h["holder"].items(), key=lambda kv: -kv[1]))
        share = ", ".join(f"{s} {v:.0%}" for s, v in h["share_mean"].items() if v)
        t.add_row(z, held, share or "-")
    con.print(t)
    if doc["failed"]:
        con.print(f"[red]{len(doc['failed'])} game(s) crashed[/] (listed on stderr with their seeds).")
