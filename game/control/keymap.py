"""The key map as a table: which key, in which situation, means which intent.

Keys are written as chords of canonical names ("ctrl+s", "shift+tab", "enter", "+"), so the table
holds no device codes and the front end only has to name the key it got. ``repeats`` says whether
a held key (the system's key repeat) may fire the intent again: moving a cursor or zooming may,
anything that plays, ends or leaves may not, so a key held a moment too long never ends a turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.control import intents as I


@dataclass(frozen=True)
class Binding:
    """``chord`` in ``context`` means ``Intent(intent, arg)``; ``repeats``: a held key fires again."""

    context: str  # "game" (always on the game screen), "watching" (another side's turn), "educator"
    chord: str
    intent: str
    arg: Any = None
    repeats: bool = False


def _b(context: str, chords: str, intent: str, arg: Any = None, repeats: bool = False) -> list[Binding]:
    return [Binding(context, c.strip(), intent, arg, repeats) for c in chords.split(",")]


def _arrows(context: str, prefix: str, intent: str, repeats: bool = True) -> list[Binding]:
    steps = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}
    return [Binding(context, prefix + k, intent, d, repeats) for k, d in steps.items()]


KEYMAP: tuple[Binding, ...] = tuple(
    # another side's turn (looked up first while watching)
    _b("watching", "space", I.FASTER) + _b("watching", "enter", I.SKIP) + _b("watching", "p", I.PAUSE)
    # the game screen
    + _b("game", "f1, ?", I.HELP) + _b("game", "ctrl+s", I.SAVE) + _b("game", "ctrl+l", I.LOAD)
    + _b("game", "ctrl+z", I.UNDO) + _b("game", "escape", I.CANCEL)
    + _arrows("game", "", I.CURSOR) + _arrows("game", "shift+", I.PAN)
    + _b("game", "+", I.ZOOM, 1, True) + _b("game", "-", I.ZOOM, -1, True)
    + _b("game", "home", I.CENTRE, None, True)
    + _b("game", "tab", I.NEXT_UNIT, 1, True) + _b("game", "shift+tab", I.NEXT_UNIT, -1, True)
    + _b("game", "enter", I.CONFIRM, False) + _b("game", "shift+enter", I.CONFIRM, True)
    + _b("game", "e", I.END_TURN) + _b("game", "c", I.TOGGLE_CONTROL) + _b("game", "v", I.DECLARE)
    + _b("game", "l", I.LEGEND) + _b("game", "o", I.OBJECTIVES) + _b("game", "t", I.SUMMARY)
    + [Binding("game", k, I.ORDER, kind) for k, kind in (("s", "search"), ("p", "posture"), ("d", "dive"),
                                                          ("u", "emerge"), ("x", "demolish"), ("w", "withdraw"))]
    # the educator window
    + _b("educator", "f1, ?", I.HELP)
    + _b("educator", "right", I.STEP, 1, True) + _b("educator", "left", I.STEP, -1, True)
    + _b("educator", "shift+right, ctrl+right", I.TURN_STEP, 1, True)
    + _b("educator", "shift+left, ctrl+left", I.TURN_STEP, -1, True)
    + _b("educator", "pagedown", I.BEAT_STEP, 1) + _b("educator", "pageup", I.BEAT_STEP, -1)
    + _b("educator", "home", I.GO_START) + _b("educator", "end", I.GO_END)
    + _b("educator", "space", I.PLAY) + _b("educator", "up", I.PACE, 1) + _b("educator", "down", I.PACE, -1)
    + _b("educator", "v", I.VIEW_NEXT) + [Binding("educator", str(i), I.VIEW, i) for i in range(5)]
    + _b("educator", "c", I.CARD) + _b("educator", "b", I.BRANCH) + _b("educator", "o", I.ODDS)
    + _b("educator", "r", I.REPORT)
    + _b("educator", "+", I.ZOOM, 1, True) + _b("educator", "-", I.ZOOM, -1, True)
    + _b("educator", "ctrl++", I.SCALE, 1) + _b("educator", "ctrl+-", I.SCALE, -1)
    + _b("educator", "escape", I.LEAVE)
)

_INDEX: dict[tuple[str, str], Binding] = {}
for _bind in KEYMAP:
    if (_bind.context, _bind.chord) in _INDEX:
        raise ValueError(f"key {_bind.chord!r} bound twice in {_bind.context!r}")
    _INDEX[(_bind.context, _bind.chord)] = _bind


def chord(name: str, ctrl: bool = False, shift: bool = False) -> str:
    """The table's spelling of a key with its modifiers: chord("s", ctrl=True) == "ctrl+s"."""
    return ("ctrl+" if ctrl else "") + ("shift+" if shift else "") + name


def lookup(contexts: tuple[str, ...], name: str, ctrl: bool = False, shift: bool = False,
           repeat: bool = False) -> I.Intent | None:
    """The intent of a key in the first context that binds it; None for unbound keys and for a
    repeated key whose binding does not repeat. A shifted key with no shifted binding falls back
    to the plain one (Shift+E still ends the turn), except where Shift changes the meaning."""
    for c in (chord(name, ctrl, shift), chord(name, ctrl, False) if shift else None):
        if c is None:
            continue
        for ctx in contexts:
            b = _INDEX.get((ctx, c))
            if b is not None:
                if repeat and not b.repeats:
                    return None
                return I.Intent(b.intent, b.arg)
    return None


# The keys and mouse as the help screen lists them, in this order: (section, keys, what they do)
HELP: tuple[tuple[str, str, str], ...] = (
    ("Anywhere", "Ctrl+Q", "Quit the game (asks first if there is unsaved progress)"),
    ("Anywhere", "Escape", "Close the dialog, cancel the selection, or open the game menu"),
    ("Anywhere", "F1 or ?", "Show this list of keys"),
    ("Menus", "Up / Down, Tab", "Move between the choices"),
    ("Menus", "Left / Right", "Change the highlighted choice"),
    ("Menus", "Enter or Space", "Activate the highlighted choice"),
    ("Menus", "Page Up / Page Down, mouse wheel", "Scroll a long card"),
    ("Map", "Drag with the mouse", "Pan the map (or Shift+arrows, or push the pointer to a window edge)"),
    ("Map", "Mouse wheel, + / -", "Zoom in and out"),
    ("Map", "Home", "Centre the map on the selected unit or the cursor"),
    ("Map", "Click the mini-map", "Move the view there"),
    ("Map", "C", "Show or hide control markers in the objective zones"),
    ("Map", "L", "The map legend: colours, symbols, terrain, fog and marks"),
    ("Game", "O", "Objectives: points, what each objective needs and how you stand"),
    ("Orders", "Tab / Shift+Tab", "Select the next / previous unit that can still act"),
    ("Orders", "Arrow keys", "Move the cursor (the map follows it)"),
    ("Orders", "Enter or click", "Select a unit, move it to the cursor, or preview an attack on the enemy there"),
    ("Orders", "Shift+Enter or Shift+click", "Move onto a cell your own units hold (stacking)"),
    ("Orders", "Right click", "Cancel the selection"),
    ("Orders", "S", "Search the area for tunnel entrances (takes the unit's whole turn)"),
    ("Orders", "P", "Switch between alert and stood down"),
    ("Orders", "D / U", "Go underground at a known tunnel entrance / come out"),
    ("Orders", "X", "Demolish a known tunnel entrance next to the engineer unit"),
    ("Orders", "W", "Withdraw the unit to other fronts (after a declaration of victory)"),
    ("Orders", "V", "Declare victory (asks first)"),
    ("Orders", "Ctrl+Z", "Undo the last order, unless it revealed something new"),
    ("Orders", "E", "End the turn (a held key never ends it)"),
    ("Orders", "Enter with nothing selected", "End the turn (asks first while units can still act)"),
    ("Game", "Ctrl+S / Ctrl+L", "Save the game / load a saved game (the game also saves itself each turn)"),
    ("Game", "Space", "During another side's turn: play it faster"),
    ("Game", "Enter", "During another side's turn: skip to its end"),
    ("Game", "P", "During another side's turn: pause it, or go on"),
    ("Game", "T", "The summary of the other sides' last turns again, each line with 'show me'"),
)


# The educator window's keys as its help card lists them: (keys, what they do)
EDUCATOR_HELP: tuple[tuple[str, str], ...] = (
    ("Right / Left", "One action forward / back"),
    ("Shift or Ctrl + Right / Left", "One turn forward / back"),
    ("Page Down / Page Up", "Next / previous beat"),
    ("Home / End", "The start / the end of the line"),
    ("Space", "Play or pause (pauses at every beat with its card)"),
    ("Up / Down", "Play faster / slower"),
    ("Click the timeline", "Jump to that moment"),
    ("V, or 0 1 2 3", "God view, or what one side saw at that moment (its fog, its last-known positions)"),
    ("C", "Show the card of the last beat again"),
    ("B", "Branch here: play on from this moment as a what-if"),
    ("O", "Run the odds from this moment"),
    ("R", "Write the report (and compare the last branch with the historical line)"),
    ("Ctrl + Plus / Minus", "Presentation scale: larger or smaller text and buttons"),
    ("+ / -, mouse wheel, drag", "Zoom and pan the map"),
    ("Escape", "Close a dialog; leave educator mode"),
    ("F1", "This list"),
)
