"""``extends:`` reads only the what-if's own folder (and below) and the bundled scenarios.

Validating someone else's what-if (a class folder, a shared drive) must not disclose any other
file: absolute paths, '..', symbolic links, devices and pipes are refused before anything is read,
and the message echoes nothing from the file that was refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli.scenario import validate as validate_command
from game.scenario.validate import check_file

SECRET = "hunter2-top-secret"


def _whatif(folder: Path, ref: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(f"extends: {ref}\nid: mine\n", encoding="utf-8")
    return path


def _secret_yaml(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"format: '{SECRET}'\nid: {SECRET.replace('-', '_')}\n", encoding="utf-8")
    return path


def _messages(path: Path) -> str:
    result = CliRunner().invoke(validate_command, [str(path)])
    assert result.exit_code == 1
    return result.output


def test_an_absolute_extends_is_refused_without_reading_the_file(tmp_path: Path) -> None:
    secret = _secret_yaml(tmp_path / "elsewhere" / "secret.yaml")
    out = _messages(_whatif(tmp_path / "class", str(secret)))
    assert "refused" in out and "absolute path" in out
    assert SECRET not in out.replace(str(secret), "")


def test_extends_of_etc_passwd_is_refused_as_an_absolute_path(tmp_path: Path) -> None:
    problems = check_file(_whatif(tmp_path, "/etc/passwd"))
    assert len(problems) == 1
    assert problems[0].path == "extends" and "absolute path" in problems[0].message
    assert problems[0].mark is not None and problems[0].mark.line == 1


def test_a_dot_dot_step_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    _secret_yaml(tmp_path / "secret.yaml")
    out = _messages(_whatif(tmp_path / "class", "../secret.yaml"))
    assert "'..'" in out and SECRET not in out
    out = _messages(_whatif(tmp_path / "class", "sub/../../secret.yaml"))
    assert "'..'" in out and SECRET not in out


def test_a_symbolic_link_in_the_folder_is_refused_even_when_it_points_inside(tmp_path: Path) -> None:
    secret = _secret_yaml(tmp_path / "secret.yaml")
    folder = tmp_path / "class"
    whatif = _whatif(folder, "base.yaml")
    (folder / "base.yaml").symlink_to(secret)
    out = _messages(whatif)
    assert "symbolic link" in out and SECRET not in out
    (folder / "sub").symlink_to(tmp_path)
    whatif.write_text("extends: sub/secret.yaml\nid: mine\n", encoding="utf-8")
    out = _messages(whatif)
    assert "symbolic link ('sub')" in out and SECRET not in out


def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    whatif = _whatif(folder, "zero.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    assert "symbolic link" in _messages(whatif)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    whatif = _whatif(folder, "pipe.yaml")
    os.mkfifo(folder / "pipe.yaml")
    out = _messages(whatif)
    assert "not a regular file" in out
    assert "not a regular file" in _messages(folder / "pipe.yaml")  # given directly, too


def test_a_folder_named_in_extends_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    whatif = _whatif(folder, "base.yaml")
    (folder / "base.yaml").mkdir()
    assert "is a folder" in _messages(whatif)


def test_a_file_below_the_whatifs_folder_and_a_bundled_scenario_are_still_found(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    bundled = _whatif(folder / "bases", "abu_kamal_2017")
    bundled.write_text("extends: abu_kamal_2017\nid: my_base\n", encoding="utf-8")
    whatif = _whatif(folder, "bases/mine.yaml")
    whatif.write_text("extends: bases/mine.yaml\nid: mine_too\n", encoding="utf-8")
    assert check_file(whatif) == []


def test_a_path_to_a_bundled_file_through_a_subfolder_is_not_looked_up_among_the_bundled(tmp_path: Path) -> None:
    problems = check_file(_whatif(tmp_path, "x/abu_kamal_2017.yaml"))
    assert len(problems) == 1 and "cannot find" in problems[0].message
