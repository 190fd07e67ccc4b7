"""Where the game keeps its files: settings in the user config folder, saves in the user data
folder, results worth keeping between runs in the user cache folder (platformdirs).
``ABU_KAMAL_CONFIG_DIR``, ``ABU_KAMAL_DATA_DIR`` and ``ABU_KAMAL_CACHE_DIR`` override them so tests,
benchmarks and classroom machines can point the game elsewhere without touching a home folder;
``ABU_KAMAL_NO_CACHE=1`` keeps nothing in the cache folder (every run starts cold).
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


def cache_dir() -> Path | None:
    """The folder for results that can always be made again (None: caching is turned off)."""
    if os.environ.get("ABU_KAMAL_NO_CACHE", "") not in ("", "0"):
        return None
    override = os.environ.get("ABU_KAMAL_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP, appauthor=False))
