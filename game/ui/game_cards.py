"""The cards and questions the game screen shows: narration, the end of the game, the attack
preview, and the questions asked before ending a turn, declaring
victory, leaving or quitting. In every question that could lose something, the safe answer
("stay", "back to my turn") is the one Enter picks.
"""

from __future__ import annotations

from typing import Any

from game.engine import actions as A
from game.engine.combat import Prediction
from game.engine.events import Event
from game.engine.observation import Observation, UnitView
from game.narrate.grammar import when_label
from game.ui import describe
from game.ui.commands import Command, Pop, Quit
from game.ui.dialogs import Choice, Dialog, NarrationCard
from game.ui.widgets import esc, tone


def question(title: str, text_html: str, yes: str, tag: str, no: str = "Stay", payload: Any = None) -> Dialog:
    """A yes/no question whose default (Enter, Escape) is to keep things as they are."""
    return Dialog(title, text_html, [("yes", yes), ("no", no)], tag=tag, cancel="no", payload=payload,
                  height=200, primary="no")


class QuitQuestion(Dialog):
    """'Quit with unsaved progress?': answering yes quits at once, whatever screen is below."""

    name = "quit_question"

    def __init__(self) -> None:
        super().__init__("Quit the game?", esc("Progress since your last save will be lost (the game saved itself "
                                               "at the start of your turn)."),
                         [("yes", "Quit"), ("no", "Stay")], tag="quit", cancel="no", height=200, primary="no")

    def choose(self, ident: str) -> Command:
        return Quit() if ident == "yes" else Pop(Choice(self.tag, ident))


def leave_question() -> Dialog:
    return question("Leave this game?", "Progress since the last save will be lost.", "Leave", tag="leave")


def end_turn_question(ready: int) -> Dialog:
    return question("End the turn?", esc(f"{ready} of your units can still move or attack. "
                                         "E ends the turn without asking."), "End turn", tag="end_turn",
                    no="Back to my turn")


def declare_question(game: Any, side: str) -> Dialog:
    sc = game.scenario
    dec = sc.declarations[side]
    text = (f"Announce that {esc(sc.zones[dec.zone].name)} is taken? "
            f"It brings {dec.points:g} points and lets units leave for other fronts, but costs "
            f"{dec.penalty:g} points if control later falls below {dec.lost_below or 0:.0%}. "
            "It cannot be undone.")
    return question("Declare victory?", text, "Declare", tag="declare", no="Not now")


def attack_preview(obs: Observation, att: UnitView, target: UnitView, p: Prediction, action: A.Attack) -> Dialog:
    return Dialog("Attack preview", describe.attack_html(obs, att, target, p),
                  [("yes", "Attack (Enter)"), ("no", "Cancel (Esc)")], tag="attack", cancel="no",
                  payload=action, width=600, height=400)


def narration_card(game: Any, ev: Event) -> Dialog:
    return NarrationCard(ev.get("title") or "", ev.get("text") or "", list(ev.get("sources") or []),
                         dict(game.scenario.sources), when=when_label(ev.date, ev.time))


def game_over_card(game: Any, ev: Event) -> Dialog:
    sc = game.scenario
    rows = [esc(str(ev.get("reason", "")).capitalize() + ".")] if ev.get("reason") else []
    res = ev.get("results") or {}
    pts = ev.get("points") or {}
    for s in game.sides:
        rows.append(f"<b>{esc(sc.sides[s].name)}</b>: {pts.get(s, 0):.1f} points — {esc(str(res.get(s, '-')))}")
    w = ev.get("winner")
    rows.append("")
    rows.append(tone(f"{sc.sides[w].name} leads on points." if w else "No side leads on points.", "title"))
    losses = ev.get("losses") or {}
    if losses:
        rows.append("")
        rows.append(tone("Strength lost (steps of about 50 people): " + ", ".join(
            f"{sc.factions[f].name} {n}" for f, n in losses.items() if f in sc.factions and n), "dim"))
    return Dialog("The game is over", "<br>".join(rows), [("map", "Look at the map"), ("menu", "Main menu"),
                                                          ("quit", "Quit")], tag="game_over", cancel="map",
                  width=620, height=420)
