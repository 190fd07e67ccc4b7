"""Designer commands: validate scenario files, print the schema, list bundled scenarios."""

from __future__ import annotations

import sys

import click

from game.scenario.errors import ScenarioError
from game.scenario.schema import schema_json
from game.scenario.validate import bundled_scenarios, check_file, load_scenario


@click.command()
@click.argument("files", nargs=-1, required=True)
def validate(files: tuple[str, ...]) -> None:
    """Check scenario FILES (paths or bundled names); print every problem with file, line and column."""
    failed = 0
    for f in files:
        problems = check_file(f)
        if problems:
            failed += 1
            for p in problems:
                click.echo(str(p))
            click.echo(f"{f}: {len(problems)} error{'s' if len(problems) != 1 else ''}.")
        else:
            sc = load_scenario(f)
            extends = f" (a what-if of {', '.join(sc.extends)})" if sc.extends else ""
            click.echo(f"{f}: valid: '{sc.title}', {sc.width}x{sc.height} map, {len(sc.units)} units, "
                       f"{sc.calendar.turns} turns{extends}")
    sys.exit(1 if failed else 0)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (for editors: see docs/scenario-format.md)."""
    click.echo(schema_json(), nl=False)


@click.command()
def scenarios() -> None:
    """List the bundled scenarios with their titles."""
    for path in bundled_scenarios():
        try:
            sc = load_scenario(path)
        except ScenarioError as e:
            click.echo(f"{path.stem:32} (invalid: {len(e.diagnostics)} errors)")
            continue
        kind = "what-if" if sc.extends else "historical"
        click.echo(f"{path.stem:32} {sc.title}  [{kind}]")
