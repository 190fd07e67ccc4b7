"""What a key press or a click means, as data.

Front ends decode their input into an ``Intent`` (through the key map in ``game.control.keymap``
for keys, through the map's geometry for clicks); screens carry intents out or answer them with a
command. Keeping the meaning of input apart from the device lets tests, the help screen and a
different front end share one list of what the player can ask for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Intents of the game screen
HELP = "help"
SAVE = "save"
LOAD = "load"
UNDO = "undo"
CANCEL = "cancel"  # drop the selection and cursor, or open the game menu when there is none
MENU = "menu"
FASTER = "faster"  # another side's turn: play it faster / at normal pace
SKIP = "skip"  # another side's turn: to its end
PAUSE = "pause"  # another side's turn: hold it / go on
SUMMARY = "summary"  # the last turn summary again
CURSOR = "cursor"  # arg (dx, dy)
PAN = "pan"  # arg (dx, dy) in cells
ZOOM = "zoom"  # arg +1 / -1
CENTRE = "centre"  # on the selected unit or the cursor
NEXT_UNIT = "next_unit"  # arg +1 / -1
CONFIRM = "confirm"  # act at the cursor; arg True: onto a cell own units hold (stacking)
END_TURN = "end_turn"
TOGGLE_CONTROL = "toggle_control"
DECLARE = "declare"
ORDER = "order"  # arg: "search", "posture", "dive", "emerge", "demolish", "withdraw"
ACT_AT = "act_at"  # a click on a cell: arg (cell, stack)
DESELECT = "deselect"
LEGEND = "legend"  # the map legend
OBJECTIVES = "objectives"  # the objectives panel with live progress

# Intents of the educator screen
STEP = "step"  # arg +1 / -1 action
TURN_STEP = "turn_step"  # arg +1 / -1 turn
BEAT_STEP = "beat_step"  # arg +1 / -1 beat
GO_START = "go_start"
GO_END = "go_end"
PLAY = "play"
PACE = "pace"  # arg +1 faster / -1 slower
VIEW_NEXT = "view_next"
VIEW = "view"  # arg: index into (god view, *sides)
CARD = "card"
BRANCH = "branch"
ODDS = "odds"
REPORT = "report"
SCALE = "scale"  # arg +1 / -1 presentation scale
LEAVE = "leave"  # stop playing, or leave educator mode


@dataclass(frozen=True)
class Intent:
    """One request of the player: ``name`` is one of the constants above, ``arg`` its detail."""

    name: str
    arg: Any = None
