"""The designer's commands: ``abu-kamal validate``, ``schema`` and ``scenarios``.

What a designer sees must be plain lines (file:line:column: path: message), a non-zero exit when
anything is wrong, and never a Python traceback, whatever the file holds.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_text import MINIMAL, edit, line_of, write

from game.cli import scenario as cli
from game.cli.main import cli as main_cli
from game.scenario.errors import ScenarioError
from game.scenario.merge import whatif_schema_json
from game.scenario.schema import schema_json
from game.scenario.validate import bundled_scenarios, check_file

LOCATED = r"^[^:]+:\d+:\d+: "


def _validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main_cli, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_validate_prints_file_line_column_and_path_for_each_problem_and_exits_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = edit("turn_hours: 12", "turn_hour: 12", edit("at: [0, 4]", "at: [0, 2]"))
    write(tmp_path, text)
    code, out = _validate("mine.yaml")
    assert code == 1
    assert out.splitlines() == [
        f"mine.yaml:{line_of(text, 'turn_hour:')}:37: calendar.turn_hour: unknown key 'turn_hour' (did you mean "
        "'turn_hours'?); expected one of: start, turn_hours, turns, night_from, night_until",
        f"mine.yaml:{line_of(text, 'at: [0, 2]')}:54: units[0].at: unit 'b1' at [0, 2] is on impassable terrain "
        "(River); choose a cell a unit can stand on",
        "mine.yaml: 2 errors.",
    ]


def test_validate_accepts_a_valid_file_with_a_one_line_summary_and_exits_0(tmp_path: Path) -> None:
    code, out = _validate(str(write(tmp_path, MINIMAL)))
    assert code == 0
    assert out == f"{tmp_path / 'mine.yaml'}: valid: 'A minimal test scenario', 8x5 map, 4 units, 4 turns\n"


def test_validate_checks_every_file_given_and_fails_if_any_fails(tmp_path: Path) -> None:
    good = write(tmp_path, MINIMAL, "good.yaml")
    bad = write(tmp_path, edit("at: [0, 4]", "at: [0, 2]"), "bad.yaml")
    code, out = _validate(str(bad), str(good), "abu_kamal_2017")
    assert code == 1
    assert f"{bad}: 1 error." in out and f"{good}: valid" in out and "abu_kamal_2017: valid" in out


def test_validate_names_bundled_scenarios_and_suggests_the_nearest_for_a_misspelt_one() -> None:
    code, out = _validate("abu_kamal_2071")
    assert code == 1
    assert out.startswith("abu_kamal_2071: no file or bundled scenario named 'abu_kamal_2071'")
    assert "did you mean 'abu_kamal_2017'?" in out


def test_validate_without_a_file_shows_usage_not_a_traceback() -> None:
    result = CliRunner().invoke(main_cli, ["validate"])
    assert result.exit_code == 2 and "Usage:" in result.output and "Traceback" not in result.output


def test_validate_turns_a_validator_bug_into_one_plain_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ref: str) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(cli, "load_scenario", broken)
    monkeypatch.delenv("ABU_KAMAL_DEBUG", raising=False)
    code, out = _validate("anything.yaml")
    assert code == 1
    assert out.splitlines()[0] == ("anything.yaml: the validator failed on this file (KeyError: 'oops'); "
                                   "please report it, with the file")


HOSTILE = {
    "empty": b"",
    "binary": random.Random(1).randbytes(3000),
    "latin-1": "title: caf\xe9\n".encode("latin-1"),
    "tab": b"id: x\n\ttitle: y\n",
    "unclosed": b"turn_order: [a, b\n",
    "python tag": b"id: !!python/object/apply:os.system ['true']\n",
    "alias bomb": b"a: &a [x,x,x,x,x,x,x,x,x,x]\n" + b"".join(
        f"b{i}: &b{i} [{','.join(['*a' if i == 0 else f'*b{i - 1}'] * 10)}]\n".encode() for i in range(8)),
    "deep": b"a: " + b"[" * 100 + b"]" * 100 + b"\n",
    "list": b"- 1\n- 2\n",
    "duplicate keys": b"id: a\nid: b\n",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_or_broken_files_get_located_plain_messages_never_a_traceback(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, HOSTILE[name])
    code, out = _validate(str(path))
    assert code == 1 and "Traceback" not in out
    lines = out.splitlines()
    assert lines[-1].startswith(f"{path}: ") and lines[-1].endswith(("error.", "errors."))
    assert all(line.startswith(str(path)) for line in lines)


def test_the_installed_command_exits_1_and_writes_no_traceback_to_stderr(tmp_path: Path) -> None:
    path = write(tmp_path, edit("at: [0, 4]", "at: [0, 2]"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-m", "game", "validate", str(path)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.startswith(f"{path}:{line_of(MINIMAL, 'at: [0, 4]')}:54: units[0].at: ")


def test_schema_prints_the_json_schema() -> None:
    result = CliRunner().invoke(main_cli, ["schema"])
    assert result.exit_code == 0 and result.output == schema_json()
    assert json.loads(result.output)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_what_if_prints_the_relaxed_schema_for_what_ifs() -> None:
    result = CliRunner().invoke(main_cli, ["schema", "--what-if"])
    assert result.exit_code == 0 and result.output == whatif_schema_json()
    assert json.loads(result.output)["required"] == ["extends", "id"]


def test_scenarios_lists_every_bundled_scenario_with_its_title_and_kind() -> None:
    result = CliRunner().invoke(main_cli, ["scenarios"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(bundled_scenarios())
    assert any(line.startswith("abu_kamal_2017") and "Abu Kamal, November 2017" in line and "[historical]" in line
               for line in lines)
    assert any(line.startswith("abu_kamal_tunnels_known") and "[what-if of abu_kamal_2017]" in line for line in lines)


def test_every_designer_command_has_help() -> None:
    for command in ("validate", "schema", "scenarios"):
        result = CliRunner().invoke(main_cli, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


# --- robustness: no mangled file makes the validator crash ------------------------------------

_LINES = MINIMAL.splitlines(keepends=True)


@st.composite
def _mangled(draw: st.DrawFn) -> str:
    """The minimal scenario with a few lines dropped, duplicated, swapped or cut short."""
    lines = list(_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "repeat", "swap", "cut", "junk"]))
        if how == "drop":
            del lines[i]
        elif how == "repeat":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))] + "\n"
        else:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(["[", "]", "{", "}", ":", "'", '"', "-", "0", "null",
                                                             "*x", "&y", "no", "1.10"])) + lines[i][at:]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_mangled())
def test_a_mangled_scenario_gets_diagnostics_never_an_exception(tmp_path: Path, text: str) -> None:
    try:
        found = check_file(write(tmp_path, text))
    except ScenarioError as e:  # pragma: no cover - check_file returns diagnostics instead
        pytest.fail(f"check_file raised instead of returning: {e}")
    for d in found:
        assert d.message and "Traceback" not in d.message
