"""The engine, the scenario format, the controller and the narrator type-check cleanly.

These packages are the game's authority and its contracts with every front end, so a type error
there is a broken promise to a caller; mypy in its default mode is part of the test suite (and so
of CI) rather than a step someone may forget.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("game/engine", "game/scenario", "game/control", "game/narrate")


def test_the_engine_scenario_controller_and_narrator_packages_have_no_type_errors(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    if not all((ROOT / p).is_dir() for p in CHECKED):
        pytest.skip("needs the source tree")
    out, err, status = api.run([*(str(ROOT / p) for p in CHECKED), "--cache-dir", str(tmp_path / "cache"),
                                "--no-error-summary", "--show-error-codes"])
    assert status == 0, f"mypy found type errors:\n{out}{err}"
