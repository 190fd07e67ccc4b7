"""Where the desktop game keeps its files: settings in the user config folder, saves in the user
data folder (platformdirs). ``ABU_KAMAL_CONFIG_DIR`` and ``ABU_KAMAL_DATA_DIR`` override them so
tests, benchmarks and classroom machines can point the game elsewhere without touching a home folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "abu-kamal"


def config_dir() -> Path:
    override = os.environ.get("ABU_KAMAL_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("ABU_KAMAL_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def saves_dir() -> Path:
    return data_dir() / "saves"
