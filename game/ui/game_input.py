"""Input decoding for the game screen: pygame events in, intents out.

Keys go through the key map (``game.control.keymap``); the mouse is turned into clicks on cells
(a press and release without a drag), drags that pan the map, wheel zooms and edge pans. What the
pointer rests on (hover, keyboard cursor, selection) lives here too, since the map overlay, the
tooltip and the order builder all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.control import intents as I
from game.control.intents import Intent
from game.ui import keys
from game.ui.camera import Camera

Cell = tuple[int, int]
EDGE = 4  # pixels from the window edge that pan the map
DRAG = 6  # pixels the pointer moves before a press becomes a drag


@dataclass
class Pointer:
    """Where the player is pointing and what is selected."""

    selected: str | None = None
    cursor: Cell | None = None  # the keyboard cursor
    hover: Cell | None = None  # the cell under the mouse
    mouse: tuple[int, int] = (-1, -1)
    mouse_inside: bool = False
    keyboard: bool = False  # the keyboard cursor, not the mouse, was used last
    press: tuple[int, tuple[int, int], tuple[float, float]] | None = None  # button, where, camera offset
    dragging: bool = False
    edge_moving: bool = False

    def focus_cell(self, camera: Camera) -> Cell | None:
        """The cell the player is pointing at: the keyboard cursor if the keys were used last, else
        the cell under the mouse."""
        if self.keyboard and self.cursor is not None:
            return self.cursor
        return self.hover if camera.contains(*self.mouse) else None

    def clear(self) -> None:
        self.selected = self.cursor = None


class MapInput:
    """Turns the game screen's pygame events into intents; pans and zooms the camera itself (a
    view change, not a game action)."""

    def __init__(self, pointer: Pointer, camera: Camera) -> None:
        self.p = pointer
        self.camera = camera

    def key(self, event: pygame.event.Event, watching: bool) -> Intent | None:
        contexts = ("watching", "game") if watching else ("game",)
        return keys.intent(event, *contexts)

    def motion(self, e: pygame.event.Event, size: tuple[int, int]) -> None:
        p = self.p
        p.mouse = e.pos
        p.mouse_inside = True
        p.edge_moving = self.at_edge(size)
        if self.camera.contains(*e.pos):
            p.keyboard = False
        if p.press is not None:
            _, start, cam = p.press
            dx, dy = e.pos[0] - start[0], e.pos[1] - start[1]
            if p.dragging or abs(dx) + abs(dy) > DRAG:
                p.dragging = True
                self.camera.ox, self.camera.oy = cam[0] - dx, cam[1] - dy
                self.camera.clamp()
        p.hover = self.camera.cell_at(*e.pos)

    def mouse_down(self, e: pygame.event.Event) -> None:
        self.p.mouse = e.pos
        if e.button in (1, 2, 3) and self.camera.contains(*e.pos):
            self.p.press = (e.button, e.pos, (self.camera.ox, self.camera.oy))
            self.p.dragging = False

    def mouse_up(self, e: pygame.event.Event) -> Intent | None:
        """A click (press and release of one button without a drag) on the map: act there or deselect."""
        p = self.p
        press, dragged = p.press, p.dragging
        p.press, p.dragging = None, False
        if press is None or dragged or press[0] != e.button:
            return None
        if e.button == 3:
            return Intent(I.DESELECT)
        cell = self.camera.cell_at(*e.pos)
        if e.button == 1 and cell is not None:
            p.cursor = None
            return Intent(I.ACT_AT, (cell, bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)))
        return None

    def at_edge(self, size: tuple[int, int]) -> bool:
        p = self.p
        if not p.mouse_inside or p.press is not None:
            return False
        if not pygame.display.get_init() or not pygame.mouse.get_focused():
            return False
        x, y = p.mouse
        w, h = size
        return x <= EDGE or y <= EDGE or x >= w - 1 - EDGE or y >= h - 1 - EDGE

    def edge_pan(self, dt: float, size: tuple[int, int]) -> None:
        """Pushing the pointer against a window edge pans the map (and stops at the map's end)."""
        p = self.p
        p.edge_moving = False
        if not self.at_edge(size):
            return
        x, y = p.mouse
        w, h = size
        speed = 700 * max(0.004, min(dt, 0.05))
        dx = -speed if x <= EDGE else speed if x >= w - 1 - EDGE else 0
        dy = -speed if y <= EDGE else speed if y >= h - 1 - EDGE else 0
        before = (self.camera.ox, self.camera.oy)
        self.camera.pan(dx, dy)
        p.edge_moving = (self.camera.ox, self.camera.oy) != before

    def move_cursor(self, dx: int, dy: int, width: int, height: int, start: Cell | None) -> None:
        """Arrow keys: the cursor starts on ``start`` (the selected unit) or the view's centre."""
        p = self.p
        p.keyboard = True
        if p.cursor is None:
            if start is not None:
                p.cursor = start
            else:
                cx, cy = self.camera.center_cell_f()
                p.cursor = (int(cx), int(cy))
        else:
            p.cursor = (min(width - 1, max(0, p.cursor[0] + dx)), min(height - 1, max(0, p.cursor[1] + dy)))
        self.camera.ensure_visible(*p.cursor)
