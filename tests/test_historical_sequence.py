"""The historical scenario: the five beats come out of rules and triggers, on their sourced dates,
and a different decision (a vigilant garrison) changes what happens."""

import datetime as dt
import json
import os
from pathlib import Path

from click.testing import CliRunner
from playthrough import first_difference, record

from game.cli.main import cli
from game.scenario.validate import load_scenario

PLAYTHROUGH = Path(__file__).parent / "playthroughs" / "abu_kamal_2017_seed1.jsonl"
ORDER = ["advance", "premature_victory", "ambush", "retreat", "counterattack"]


def demo_events(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["demo", "--headless", "--json", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def _on_time(phases: list[dict], sourced: dict[str, str]) -> bool:
    return all(abs((dt.date.fromisoformat(p["date"]) - dt.date.fromisoformat(sourced[p["phase"]])).days) <= 1
               for p in phases)


def test_the_historical_demo_shows_the_five_phases_in_order_each_within_a_day_of_its_date_in_most_seeds():
    """The beats come out of dice as well as decisions, so a rule about dates is a rule about most
    games: in at least five demo seeds of eight all five phases come, in order, each within a day
    of its sourced date; in every seed the declaration and the ambush come, the phases that come
    are in order, and a retreat comes after the ambush's own turn."""
    sourced = {p.id: p.date for p in load_scenario("abu_kamal_2017").phases}
    whole = 0
    for seed in range(1, 9):
        events = demo_events("--seed", str(seed))
        phases = [e for e in events if e["kind"] == "phase"]
        assert [p["phase"] for p in phases] == ORDER[:len(phases)], seed
        assert len(phases) >= 3, seed  # the declaration and the ambush come in every game
        turn = {p["phase"]: p["turn"] for p in phases}
        assert "retreat" not in turn or turn["retreat"] > turn["ambush"], seed  # fighting in the city comes first
        assert events[-1]["kind"] == "game_over" and len(events[-1]["state_hash"]) == 64
        whole += len(phases) == len(ORDER) and _on_time(phases, sourced)
    assert whole >= 5, whole


def test_a_vigilant_government_avoids_the_retreat_in_most_seeds():
    retreats = 0
    for seed in range(1, 9):
        events = demo_events("--seed", str(seed), "--policy", "government=vigilant")
        retreats += any(e["kind"] == "phase" and e["phase"] == "retreat" for e in events)
    assert retreats <= 2, f"the retreat happened in {retreats} of 8 vigilant games"


def test_the_historical_playthrough_matches_the_kept_record():
    """A rule change that alters the historical game shows up here, at the first action whose
    consequences changed: each line holds the action, the number of legal actions, the events'
    kinds and what each side's view gained or lost (see tests/playthrough.py).

    Regenerate deliberately with: ABU_KAMAL_REGEN=1 pytest tests/test_historical_sequence.py
    """
    lines = record("abu_kamal_2017", 1)
    if os.environ.get("ABU_KAMAL_REGEN"):
        PLAYTHROUGH.parent.mkdir(exist_ok=True)
        PLAYTHROUGH.write_text("\n".join(lines) + "\n")
    difference = first_difference(lines, PLAYTHROUGH.read_text().splitlines())
    assert difference is None, difference
    demo_end = demo_events("--seed", "1")[-1]
    assert json.loads(lines[-1])["state_hash"] == demo_end["state_hash"], "the record is not the demo's game"


def test_a_playthrough_line_names_the_action_and_shows_what_each_side_saw_change():
    lines = PLAYTHROUGH.read_text().splitlines()
    steps = [json.loads(line) for line in lines[1:-1]]
    assert steps and all({"step", "turn", "side", "legal", "action", "events", "seen"} <= s.keys() for s in steps)
    assert all(s["legal"] >= 1 for s in steps)
    first_move = next(s for s in steps if s["action"].startswith("move "))
    unit = first_move["action"].split()[1]
    assert f"+u:{unit}@" in first_move["seen"][first_move["side"]]
    assert max(len(line) for line in lines) < 20_000 and len(lines) == len(steps) + 2


def test_a_changed_consequence_is_reported_at_the_action_that_caused_it():
    kept = PLAYTHROUGH.read_text().splitlines()
    at = next(i for i, line in enumerate(kept) if '"attack ' in line)
    changed = list(kept)
    changed[at] = changed[at].replace('"seen": {', '"seen": {"nobody": "+x", ', 1)
    report = first_difference(changed, kept)
    assert report is not None and report.startswith(f"step {at} ('attack ") and "nobody now +x" in report


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
