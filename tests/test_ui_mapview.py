"""The map view and the mini-map draw the ground as the game has it now: when a scenario trigger
changes the ground (the designer's example blows its bridge), the changed cells are drawn again, and
the picture is the one a fresh map of the new ground gives, with no block rebuilt far from the change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import ui_support  # noqa: F401  (dummy SDL drivers before pygame)

from game.engine.game import Game
from game.scenario.validate import load_scenario
from game.ui.camera import Camera
from game.ui.mapview import BLOCK, MapView
from game.ui.minimap import Minimap
from game.ui.scene import Overlay, build_scene
from game.ui.theme import Fonts, palette

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "three_sides_bridge.yaml"
ZOOM_STEPS = 2  # a zoom at which the cells are a few pixels wide, the whole example in view


def _bridge_blown() -> tuple[Game, object, object, list[tuple[int, int]]]:
    """The example at its start, and the same position after its trigger turned the bridge into river
    (the engine keeps such changes in ``State.terrain``; the observation carries the changed map)."""
    game = Game(load_scenario(EXAMPLE))
    before, _ = game.start(1)
    after = before.copy()
    ys, xs = np.nonzero(game.zone_masks["bridge"])
    cells = sorted(zip(xs.tolist(), ys.tolist(), strict=True))
    for x, y in cells:
        after.terrain[f"{x},{y}"] = "river"
    return game, before, after, cells


def _picture(view: MapView, obs: object) -> pygame.Surface:
    view.set_scene(build_scene(obs, view.pal))
    surface = pygame.Surface(view.camera.view[2:])
    view.draw(surface, Overlay())
    return surface


def _new_view(game: Game) -> MapView:
    h, w = game.terrain_index.shape
    camera = Camera(w, h, view=(0, 0, 640, 480))
    camera.zoom(ZOOM_STEPS)
    view = MapView(game, palette(game.scenario), Fonts(), camera)
    view.budget_ms = float("inf")  # every block drawn in full: pixels must not depend on the machine's load
    return view


def _cell_pixels(surface: pygame.Surface, view: MapView, cells: list[tuple[int, int]]) -> list[bytes]:
    z = view.camera.z
    out = []
    for c in cells:
        x, y = view.camera.cell_origin(*c)
        out.append(pygame.image.tobytes(surface.subsurface((x, y, z, z)), "RGB"))
    return out


def test_a_bridge_a_trigger_blows_is_drawn_as_river_on_the_map_already_on_screen() -> None:
    game, before, after, cells = _bridge_blown()
    assert cells and game.variant(after) is not game  # the example has a bridge zone, and blowing it changes the map
    view = _new_view(game)
    shown_before = _cell_pixels(_picture(view, game.observe(before, None)), view, cells)
    built = view.blocks_built
    shown_after = _cell_pixels(_picture(view, game.observe(after, None)), view, cells)
    fresh = _new_view(game.variant(after))
    expected = _cell_pixels(_picture(fresh, game.observe(after, None)), fresh, cells)
    assert shown_after != shown_before  # the bridge is no longer drawn
    assert shown_after == expected  # the cells look as on a map drawn on the new ground
    near = {((x + dx) // BLOCK, (y + dy) // BLOCK) for x, y in cells for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
    assert view.blocks_built - built <= len(near)  # only the blocks around the change were drawn again


def test_stepping_back_before_the_blast_draws_the_bridge_again() -> None:
    game, before, after, cells = _bridge_blown()
    view = _new_view(game)
    first = _cell_pixels(_picture(view, game.observe(before, None)), view, cells)
    _picture(view, game.observe(after, None))
    assert _cell_pixels(_picture(view, game.observe(before, None)), view, cells) == first


def test_the_mini_map_shows_the_changed_ground_too() -> None:
    game, before, after, cells = _bridge_blown()
    h, w = game.terrain_index.shape
    size = (w * 20, h * 20)

    def corners(mini: Minimap, obs: object) -> list[pygame.Color]:  # a cell's corner: clear of unit dots
        mini.build(obs, size)
        assert mini.image is not None
        return [mini.image.get_at((x * mini.scale + 1, y * mini.scale + 1)) for x, y in cells]

    mini = Minimap(game, palette(game.scenario))
    bridge = corners(mini, game.observe(before, None))
    river = corners(mini, game.observe(after, None))
    assert river != bridge
    assert river == corners(Minimap(game.variant(after), palette(game.scenario)), game.observe(after, None))
