"""Key bindings: one table that both the help screen (F1 or ?) and the handlers read from."""

from __future__ import annotations

import pygame

# (section, keys, what they do) — shown by the help screen in this order
BINDINGS: tuple[tuple[str, str, str], ...] = (
    ("Anywhere", "Ctrl+Q", "Quit the game"),
    ("Anywhere", "Escape", "Close the dialog, cancel the selection, or open the game menu"),
    ("Anywhere", "F1 or ?", "Show this list of keys"),
    ("Menus", "Up / Down, Tab", "Move between the choices"),
    ("Menus", "Left / Right", "Change the highlighted choice"),
    ("Menus", "Enter or Space", "Activate the highlighted choice"),
    ("Map", "Drag with the mouse", "Pan the map (or Shift+arrows, or push the pointer to a window edge)"),
    ("Map", "Mouse wheel, + / -", "Zoom in and out"),
    ("Map", "Home", "Centre the map on the selected unit or the cursor"),
    ("Map", "Click the mini-map", "Move the view there"),
    ("Map", "C", "Show or hide control markers in the objective zones"),
    ("Orders", "Tab / Shift+Tab", "Select the next / previous unit that can still act"),
    ("Orders", "Arrow keys", "Move the cursor (the map follows it)"),
    ("Orders", "Enter or click", "Select a unit, move it to the cursor, or preview an attack on the enemy there"),
    ("Orders", "Right click", "Cancel the selection"),
    ("Orders", "S", "Search the area for tunnel entrances (takes the unit's whole turn)"),
    ("Orders", "P", "Switch between alert and stood down"),
    ("Orders", "D / U", "Go underground at a known tunnel entrance / come out"),
    ("Orders", "X", "Demolish a known tunnel entrance next to the engineer unit"),
    ("Orders", "W", "Withdraw the unit to other fronts (after a declaration of victory)"),
    ("Orders", "V", "Declare victory (asks first)"),
    ("Orders", "Ctrl+Z", "Undo the last order, unless it revealed something new"),
    ("Orders", "E", "End the turn"),
    ("Orders", "Enter with nothing selected", "End the turn (asks first while units can still act)"),
    ("Game", "Ctrl+S / Ctrl+L", "Save the game / load a saved game"),
    ("Game", "Space", "During another side's turn: play it faster"),
    ("Game", "Enter or Escape", "During another side's turn: skip to its end"),
)


def ctrl(event: pygame.event.Event) -> bool:
    return bool(getattr(event, "mod", 0) & pygame.KMOD_CTRL)


def shift(event: pygame.event.Event) -> bool:
    return bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)


def is_key(event: pygame.event.Event, *keys: int, with_ctrl: bool = False) -> bool:
    return event.type == pygame.KEYDOWN and event.key in keys and ctrl(event) == with_ctrl


def is_help(event: pygame.event.Event) -> bool:
    if event.type != pygame.KEYDOWN:
        return False
    return event.key == pygame.K_F1 or getattr(event, "unicode", "") == "?" or (
        event.key == pygame.K_SLASH and shift(event))


CONFIRM = (pygame.K_RETURN, pygame.K_KP_ENTER)
