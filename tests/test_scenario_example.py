"""The designer's example in docs/examples (written from the guide alone): three sides, two of them
allied, a bridge that is blown by a trigger with any/not, and a what-if that removes things. Both
validate and play to the end headless, and the what-if plays without the bridge ever falling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli.demo import demo
from game.cli.scenario import validate
from game.scenario.validate import load_scenario

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
BASE = EXAMPLES / "three_sides_bridge.yaml"
WHATIF = EXAMPLES / "three_sides_bridge_no_charges.yaml"


def test_the_example_and_its_what_if_validate() -> None:
    result = CliRunner().invoke(validate, [str(BASE), str(WHATIF)])
    assert result.exit_code == 0, result.output
    sc = load_scenario(BASE)
    assert sc.allied("crown", "league") and not sc.allied("crown", "rebels")
    assert any("any" in t.conditions and "not" in t.conditions for t in sc.triggers)
    variant = load_scenario(WHATIF)
    assert "blow_the_bridge" not in {t.id for t in variant.triggers} and len(variant.units) == len(sc.units) - 1


@pytest.mark.parametrize(("path", "blown"), [(BASE, True), (WHATIF, False)], ids=["example", "what-if"])
def test_the_example_plays_to_the_end_headless(path: Path, blown: bool) -> None:
    result = CliRunner().invoke(demo, ["--headless", "--json", "--scenario", str(path), "--seed", "2"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    kinds = [e["kind"] for e in events]
    assert kinds[-1] == "game_over"
    assert ("terrain_changed" in kinds) is blown
    attacks = [e for e in events if e["kind"] == "combat"]
    assert attacks  # the allies cross by the ford and fight, so the next line tests something
    sides = {e["attacker"]: e["side"] for e in attacks}
    assert all({sides[e["attacker"]], e["defender_side"]} != {"crown", "league"} for e in attacks)
