"""A what-if branch set beside the historical line: shared start, beats, control, losses, result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_games import BRANCH_TURN, branch, branch_report, historical

from game.cli.main import cli
from game.report.compare import branch_base, shared_prefix


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("branch")


@pytest.fixture(scope="module")
def made(folder):
    return branch_report(folder)


def test_the_branch_shares_the_historical_start_and_says_where_they_part(made):
    report, html = made
    c = report.comparison
    b, n = branch()
    assert c is not None and c.base.label == "Historical line"
    assert c.shared_actions == shared_prefix(historical().actions, b.actions) >= n
    assert c.diverge is not None and c.diverge.turn >= BRANCH_TURN
    assert f"share their first {c.shared_actions} actions" in html
    assert report.is_branch and "what-if branch of historical.json" in html


def test_which_beats_happened_in_each_line(made):
    report, html = made
    c = report.comparison
    hist = {e.get("phase"): e.turn for e in historical().events if e.kind == "phase"}
    mine = {e.get("phase"): e.turn for e in branch()[0].events if e.kind == "phase"}
    assert {k: v.at.turn for k, v in c.base.beats.items()} == hist
    assert {k: v.at.turn for k, v in c.other.beats.items()} == mine
    table = html.split("Which beats happened", 1)[1].split("</table>", 1)[0]
    for pid, name in c.phases:
        row = table.split(f"<td>{name}</td>", 1)[1].split("</tr>", 1)[0]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert ("did not happen" in cells[0]) == (pid not in hist)
        assert ("did not happen" in cells[1]) == (pid not in mine)
        if (pid in hist) != (pid in mine):
            assert 'class="diff"' in row


def test_losses_and_results_are_each_lines_own(made):
    report, _ = made
    c = report.comparison
    assert c.base.losses == {f: n for f, n in historical().state.losses.items()}
    assert c.other.losses == {f: n for f, n in branch()[0].state.losses.items()}
    assert c.base.points == historical().state.outcome["points"]
    assert c.other.points == branch()[0].state.outcome["points"]
    assert c.charts and c.charts[0].src.startswith("data:image/png;base64,")


def test_a_branch_names_its_base_relative_to_its_own_folder(tmp_path):
    meta = {"branch_of": {"save": "historical.json", "at_action": 12}}
    assert branch_base(tmp_path / "b.json", meta) == tmp_path / "historical.json"
    assert branch_base(tmp_path / "b.json", {"branch_of": {"save": "/abs/h.json"}}) == Path("/abs/h.json")
    assert branch_base(tmp_path / "b.json", {}) is None
    assert branch_base(tmp_path / "b.json", {"branch_of": {"save": 3}}) is None


def test_the_command_compares_a_branch_with_the_save_it_names_and_says_so_when_that_is_missing(tmp_path):
    branch_path = branch()[0].save(tmp_path / "branch.json")  # historical.json is not beside it
    result = CliRunner().invoke(cli, ["report", str(branch_path), "--out", str(tmp_path / "o"), "--maps", "none"])
    assert result.exit_code == 0, result.output
    assert "could not be read" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    html = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert "could not be read, so there is no comparison" in html
    historical().save(tmp_path / "historical.json")  # with the base beside it, the same command compares
    result = CliRunner().invoke(cli, ["report", str(branch_path), "--out", str(tmp_path / "o"), "--maps", "none"])
    assert result.exit_code == 0 and result.stderr == ""
    html = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert 'id="comparison"' in html and "Comparison with the historical line" in html


def test_a_plain_game_has_no_comparison_unless_asked():
    from report_games import historical_report

    report, html = historical_report()
    assert report.comparison is None and 'id="comparison"' not in html
