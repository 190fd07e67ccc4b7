"""The historical scenario: the five beats come out of rules and triggers, on their sourced dates,
and a different decision (a vigilant garrison) changes what happens."""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli.main import cli
from game.scenario.validate import load_scenario

PLAYTHROUGH = Path(__file__).parent / "playthroughs" / "abu_kamal_2017_seed1.jsonl"
ORDER = ["advance", "premature_victory", "ambush", "retreat", "counterattack"]


def demo_events(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["demo", "--headless", "--json", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_historical_demo_shows_the_five_phases_in_order_each_within_a_day_of_its_date(seed):
    events = demo_events("--seed", str(seed))
    phases = [e for e in events if e["kind"] == "phase"]
    assert [p["phase"] for p in phases] == ORDER
    sourced = {p.id: p.date for p in load_scenario("abu_kamal_2017").phases}
    for p in phases:
        played = dt.date.fromisoformat(p["date"])
        assert abs((played - dt.date.fromisoformat(sourced[p["phase"]])).days) <= 1, p
    assert events[-1]["kind"] == "game_over" and len(events[-1]["state_hash"]) == 64


def test_a_vigilant_government_avoids_the_retreat_in_most_seeds():
    retreats = 0
    for seed in range(1, 9):
        events = demo_events("--seed", str(seed), "--policy", "government=vigilant")
        retreats += any(e["kind"] == "phase" and e["phase"] == "retreat" for e in events)
    assert retreats <= 2, f"the retreat happened in {retreats} of 8 vigilant games"


def test_the_historical_playthrough_matches_the_kept_record():
    """A rule change that alters the historical game shows up here as a diff.

    Regenerate deliberately with: ABU_KAMAL_REGEN=1 pytest tests/test_historical_sequence.py
    """
    lines = [json.dumps(e, sort_keys=True) for e in demo_events("--seed", "1")]
    if os.environ.get("ABU_KAMAL_REGEN"):
        PLAYTHROUGH.parent.mkdir(exist_ok=True)
        PLAYTHROUGH.write_text("\n".join(lines) + "\n")
    kept = PLAYTHROUGH.read_text().splitlines()
    for i, (now, then) in enumerate(zip(lines, kept, strict=False)):
        assert now == then, f"event {i} differs from the kept playthrough"
    assert len(lines) == len(kept)


def test_replay_of_a_demo_save_ends_on_the_same_hash(tmp_path):
    save = tmp_path / "demo.json"
    events = demo_events("--seed", "2", "--save", str(save))
    result = CliRunner().invoke(cli, ["replay", str(save), "--headless", "--json"])
    assert result.exit_code == 0, result.output
    last = json.loads(result.output.splitlines()[-1])
    assert last["state_hash"] == events[-1]["state_hash"]


def test_replay_of_a_corrupt_file_prints_a_message_and_fails_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    result = CliRunner().invoke(cli, ["replay", str(bad), "--headless"])
    assert result.exit_code == 1
    assert "not a saved game" in result.output and "Traceback" not in result.output


def test_demo_refuses_unknown_sides_and_policies_plainly():
    for bad in ("rebels=historical", "government=clever"):
        result = CliRunner().invoke(cli, ["demo", "--headless", "--policy", bad])
        assert result.exit_code == 2 and "unknown" in result.output and "Traceback" not in result.output


def test_demo_reports_a_save_it_cannot_write_without_a_traceback(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["demo", "--headless", "--seed", "1", "--save", str(blocker / "x.json")])
    assert result.exit_code == 1
    assert "could not save" in result.output and "Traceback" not in result.output


def test_demo_refuses_a_negative_seed_plainly():
    result = CliRunner().invoke(cli, ["demo", "--headless", "--seed", "-1"])
    assert result.exit_code == 2 and "seed" in result.output
