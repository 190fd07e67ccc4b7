"""Locate data that ships inside the package (scenarios, assets).

In a wheel, hatchling's force-include maps the top-level ``scenarios/`` and ``assets/``
folders into ``game/``; in a source checkout they sit beside the package instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(name: str) -> Path:
    """The folder ``name`` (``scenarios`` or ``assets``), installed or from a checkout."""
    installed = resources.files("game") / name
    if installed.is_dir():
        return Path(str(installed))
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the game's {name} folder is missing from this installation")


def scenarios_dir() -> Path:
    return data_dir("scenarios")


def assets_dir() -> Path:
    return data_dir("assets")
