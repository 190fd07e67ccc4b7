"""Designer commands: validate scenario files, print the schema, list bundled scenarios."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from game.scenario.errors import Diagnostic, Mark, ScenarioError
from game.scenario.merge import whatif_schema_json
from game.scenario.schema import schema_json
from game.scenario.validate import bundled_scenarios, load_scenario


def _problems(ref: str) -> tuple[list[Diagnostic], str]:
    """The problems in one file and, when there are none, a one-line summary of the scenario.

    A bug in the validator must not greet a designer with a traceback: it becomes one plain line
    (set ABU_KAMAL_DEBUG=1 to see the traceback when reporting it).
    """
    try:
        sc = load_scenario(ref)
    except ScenarioError as e:
        return e.diagnostics, ""
    except Exception as e:  # noqa: BLE001 - see the docstring
        if os.environ.get("ABU_KAMAL_DEBUG"):
            raise
        return [Diagnostic(Mark(ref, 0, 0), "", f"the validator failed on this file ({type(e).__name__}: {e}); "
                           "please report it, with the file")], ""
    extends = f" (a what-if of {', '.join(Path(p).name for p in sc.extends)})" if sc.extends else ""
    return [], (f"valid: '{sc.title}', {sc.width}x{sc.height} map, {len(sc.units)} units, "
                f"{sc.calendar.turns} turns{extends}")


@click.command()
@click.argument("files", nargs=-1, required=True)
def validate(files: tuple[str, ...]) -> None:
    """Check scenario FILES (paths or bundled names); print every problem as file:line:column."""
    failed = 0
    for f in files:
        problems, summary = _problems(f)
        if problems:
            failed += 1
            for p in problems:
                click.echo(str(p))
            click.echo(f"{f}: {len(problems)} error{'s' if len(problems) != 1 else ''}.")
        else:
            click.echo(f"{f}: {summary}")
    sys.exit(1 if failed else 0)


@click.command()
@click.option("--what-if", "what_if", is_flag=True,
              help="The schema for a what-if file, where every key but 'extends' and 'id' is optional.")
def schema(what_if: bool) -> None:
    """Print the JSON Schema of the scenario format (for editors: see docs/scenario-format.md)."""
    click.echo(whatif_schema_json() if what_if else schema_json(), nl=False)


@click.command()
def scenarios() -> None:
    """List the bundled scenarios with their titles."""
    for path in bundled_scenarios():
        try:
            sc = load_scenario(path)
        except ScenarioError as e:
            click.echo(f"{path.stem:32} (invalid: {len(e.diagnostics)} errors)")
            continue
        kind = f"what-if of {Path(sc.extends[0]).stem}" if sc.extends else "historical"
        click.echo(f"{path.stem:32} {sc.title}  [{kind}]")
