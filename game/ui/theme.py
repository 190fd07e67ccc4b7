"""The look of the game, read from ``assets/ui_theme.json``: the pygame_gui theme (scaled for the
UI scale setting) and the map palette (overlay colours, and the colour-blind-safe replacements).

Terrain and faction colours come from the scenario; everything else that is drawn takes its colour
from the theme file, so a designer restyles the game without touching code.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pygame

from game.resources import assets_dir
from game.scenario.model import Scenario

THEME_FILE = "ui_theme.json"
FONT_FILES = {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf"}


@lru_cache(maxsize=1)
def _raw_theme() -> dict[str, Any]:
    return json.loads((assets_dir() / THEME_FILE).read_text(encoding="utf-8"))


def gui_theme(scale: float = 1.0, colour_blind: bool = False) -> dict[str, Any]:
    """The pygame_gui theme with every font size multiplied by ``scale``."""
    theme = copy.deepcopy(_raw_theme())
    if colour_blind:
        cb = theme.get("#map_colourblind", {}).get("colours", {})
        defaults = theme["defaults"]["colours"]
        for k, v in cb.items():
            if k in defaults:
                defaults[k] = v
    for block in theme.values():
        font = block.get("font") if isinstance(block, dict) else None
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(max(8, round(int(font["size"]) * scale)))
    return theme


def gui_fonts(scale: float = 1.0) -> list[dict[str, Any]]:
    """The fonts the theme uses, for ``UIManager.preload_fonts`` (avoids a stall and a warning later)."""
    seen: set[tuple[str, int, str]] = set()
    for block in gui_theme(scale).values():
        font = block.get("font") if isinstance(block, dict) else None
        if not isinstance(font, dict) or font.get("name") != "noto_sans":
            continue
        style = "bold" if font.get("bold") == "1" else "italic" if font.get("italic") == "1" else "regular"
        seen.add((font["name"], int(font["size"]), style))
        seen.add((font["name"], int(font["size"]), "bold"))  # <b> in text boxes
    return [{"name": n, "point_size": s, "style": st} for n, s, st in sorted(seen)]


def font_path(weight: str = "regular") -> Path:
    return Path(str(resources.files("pygame_gui.data") / FONT_FILES[weight]))


class Fonts:
    """pygame fonts for what the game draws itself (counters, labels, tooltips), cached by size."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._cache: dict[tuple[int, bool], pygame.font.Font] = {}

    def get(self, size: int, bold: bool = False, scaled: bool = True) -> pygame.font.Font:
        px = max(6, round(size * (self.scale if scaled else 1.0)))
        key = (px, bold)
        f = self._cache.get(key)
        if f is None:
            if not pygame.font.get_init():
                pygame.font.init()
            f = pygame.font.Font(font_path("bold" if bold else "regular"), px)
            self._cache[key] = f
        return f


@dataclass
class Palette:
    """Colours for the map and the game's own drawing, with the colour-blind swap applied."""

    colours: dict[str, pygame.Color]
    misc: dict[str, int]
    factions: dict[str, pygame.Color] = field(default_factory=dict)
    sides: dict[str, pygame.Color] = field(default_factory=dict)
    terrain: dict[str, pygame.Color] = field(default_factory=dict)

    def c(self, name: str) -> pygame.Color:
        return self.colours[name]

    def n(self, name: str) -> int:
        return self.misc[name]


def palette(scenario: Scenario | None = None, colour_blind: bool = False) -> Palette:
    raw = _raw_theme()
    block = raw["#map"]
    colours = {k: pygame.Color(v) for k, v in block["colours"].items()}
    for k, v in raw["defaults"]["colours"].items():
        colours.setdefault(k, pygame.Color(v))
    misc = {k: int(v) for k, v in block.get("misc", {}).items()}
    cb = {k: pygame.Color(v) for k, v in raw.get("#map_colourblind", {}).get("colours", {}).items()}
    if colour_blind:
        colours.update({k: v for k, v in cb.items() if not k.startswith("palette_")})
    pal = Palette(colours, misc)
    if scenario is None:
        return pal
    safe = [cb[k] for k in sorted(cb) if k.startswith("palette_")]
    for i, (fid, f) in enumerate(scenario.factions.items()):
        pal.factions[fid] = safe[i % len(safe)] if colour_blind and safe else pygame.Color(f.color)
    for sid, s in scenario.sides.items():
        own = [fid for fid, f in scenario.factions.items() if f.side == sid]
        pal.sides[sid] = pal.factions[own[0]] if colour_blind and own else pygame.Color(s.color)
    for tid, t in scenario.terrain.items():
        pal.terrain[tid] = pygame.Color(t.color)
    return pal


def luminance(c: pygame.Color) -> float:
    return (0.299 * c.r + 0.587 * c.g + 0.114 * c.b) / 255


def shade(c: pygame.Color, f: float) -> pygame.Color:
    """Lighter (f > 0) or darker (f < 0) by a fraction, keeping alpha."""
    if f >= 0:
        return pygame.Color(round(c.r + (255 - c.r) * f), round(c.g + (255 - c.g) * f), round(c.b + (255 - c.b) * f), c.a)
    return pygame.Color(round(c.r * (1 + f)), round(c.g * (1 + f)), round(c.b * (1 + f)), c.a)


def with_alpha(c: pygame.Color, a: int) -> pygame.Color:
    return pygame.Color(c.r, c.g, c.b, a)
