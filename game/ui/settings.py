"""Player settings (UI scale, colour-blind palette, fullscreen, animation speed), kept as JSON.

A damaged or hand-edited settings file never stops the game: unknown keys are ignored and bad
values fall back to the defaults.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from game import paths
from game.session import write_atomic

UI_SCALES = (0.8, 1.0, 1.25, 1.5, 1.75, 2.0)
ANIMATION_SPEEDS = ("slow", "normal", "fast", "instant")
# seconds an AI action that the player can see stays on screen before the next one
ACTION_PAUSE = {"slow": 1.1, "normal": 0.55, "fast": 0.2, "instant": 0.0}


@dataclass(frozen=True)
class Settings:
    ui_scale: float = 1.0
    colour_blind: bool = False
    fullscreen: bool = False
    animation_speed: str = "normal"
    window: tuple[int, int] = (1280, 800)
    tutorial_offered: bool = False  # the tutorial is offered once, on the first start

    @property
    def action_pause(self) -> float:
        return ACTION_PAUSE.get(self.animation_speed, ACTION_PAUSE["normal"])

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["window"] = list(self.window)
        return d

    @classmethod
    def from_json(cls, data: Any) -> Settings:
        """Keep every value that is valid, default the rest."""
        base = cls()
        if not isinstance(data, dict):
            return base
        out: dict[str, Any] = {}
        scale = data.get("ui_scale")
        if isinstance(scale, int | float) and not isinstance(scale, bool) and 0.5 <= scale <= 3.0:
            out["ui_scale"] = float(scale)
        for key in ("colour_blind", "fullscreen", "tutorial_offered"):
            if isinstance(data.get(key), bool):
                out[key] = data[key]
        if data.get("animation_speed") in ANIMATION_SPEEDS:
            out["animation_speed"] = data["animation_speed"]
        win = data.get("window")
        if (isinstance(win, list | tuple) and len(win) == 2 and all(isinstance(v, int) for v in win)
                and 640 <= win[0] <= 10000 and 480 <= win[1] <= 10000):
            out["window"] = (int(win[0]), int(win[1]))
        names = {f.name for f in fields(cls)}
        return replace(base, **{k: v for k, v in out.items() if k in names})


def load_settings(path: Path | None = None) -> Settings:
    p = path or paths.settings_path()
    try:
        return Settings.from_json(json.loads(p.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> Path | None:
    """Write the settings; returns None (and the game goes on) if the folder is not writable."""
    p = path or paths.settings_path()
    try:
        return write_atomic(p, json.dumps(settings.to_json(), indent=1) + "\n")
    except OSError:
        return None


def cycle(options: tuple[Any, ...], current: Any, step: int = 1) -> Any:
    """The next option after ``current`` (wrapping); the first if ``current`` is not among them."""
    try:
        i = options.index(current)
    except ValueError:
        return options[0]
    return options[(i + step) % len(options)]
