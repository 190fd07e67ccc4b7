"""The installed game works from any folder: scenarios and assets ship inside the package."""

import os
import subprocess
import sys
from pathlib import Path

import pygame

import game


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_game_lists_its_bundled_scenarios_from_another_folder(tmp_path):
    result = _run("-m", "game", "scenarios", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "abu_kamal_2017" in result.stdout


def test_an_installed_wheel_carries_its_scenarios_and_assets_inside_the_package(tmp_path):
    probe = _run("-c", "import game, game.resources as r; print(game.__file__); print(r.scenarios_dir()); "
                 "print(r.assets_dir())", cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    package_file, scenarios, assets = probe.stdout.split("\n")[:3]
    package = Path(package_file).parent
    if Path(game.__file__).resolve().parent == package.resolve() and (package.parent / "pyproject.toml").exists():
        return  # running from a source checkout or an editable install: nothing is packed
    assert Path(scenarios).is_relative_to(package) and Path(assets).is_relative_to(package)
    assert (Path(scenarios) / "abu_kamal_2017.yaml").is_file()


def test_pygame_is_the_community_edition():
    assert getattr(pygame, "IS_CE", False), "pygame-ce is required: plain pygame breaks pygame_gui"
